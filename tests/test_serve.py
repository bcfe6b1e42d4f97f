"""The app server (``streamlit run serve.py``, started for real by tests.appserver): evidence files reach only
the signed-in accounts that may read them, through the app's own route, checked at each request and always as
a download; and every response carries the security headers a government site sends."""
from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from db.accounts import create_user, operator_name
from db.engine import get_engine, init_db
from db.sessions import end_session, issue_token, start_session
from ingest.evidence import attach_evidence, served_file
from programme.criteria import current_criteria
from tests.appserver import running_app
from tests.conftest_db import DATA_DIR
from tests.support import account, record_visit

YEAR = 2568
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SECURITY = {"x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin",
            "x-frame-options": "SAMEORIGIN"}


def _token(engine, name: str) -> str:
    sid, code = start_session(engine, name)
    return issue_token(engine, code)


def _people_and_a_file(engine, root):
    """A working group of ryg-mtp with a PDF attached to its submission, another area's working group, staff and
    an auditor, each signed in; (evidence id, {name: cookie token})."""
    criteria = current_criteria(DATA_DIR)
    op = operator_name("tests")
    create_user(engine, "wg-rayong", "long-enough-passphrase", "working_group", by=op, areas=["ryg-mtp"])
    create_user(engine, "wg-other", "long-enough-passphrase", "working_group", by=op, areas=["cbi-lcb"])
    account(engine, "eco-staff", "staff")
    account(engine, "an-auditor", "auditor")
    account(engine, "the-admin", "admin")
    ind = criteria.table["indicator_id"].iat[0]
    eid = attach_evidence(engine, "ryg-mtp", YEAR, ind, PDF, "รายงาน น้ำเสีย.pdf", "wg-rayong", criteria, root=root)
    return eid, {n: _token(engine, n) for n in ("wg-rayong", "wg-other", "eco-staff", "an-auditor", "the-admin")}


def _get(url: str, token: str | None = None, method: str = "GET"):
    headers = {"Cookie": f"eit_session={token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers, method=method), timeout=30) as r:
            return r.status, dict(r.headers.items()), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


def _lower(headers: dict) -> dict:
    return {k.lower(): v for k, v in headers.items()}


def test_evidence_is_served_only_to_who_may_read_it_at_each_request(engine, tmp_path):
    """The rule itself, on SQLite and PostgreSQL: no session, another area's working group, an auditor (for a
    submission's file) and an ended session are refused; the area's working group and staff get the bytes; a
    visit finding's file goes to auditors and not to a working group."""
    eid, tokens = _people_and_a_file(engine, tmp_path)
    assert served_file(engine, None, "submission", eid, tmp_path)[0] == 401
    assert served_file(engine, "made-up", "submission", eid, tmp_path)[0] == 401
    assert served_file(engine, tokens["wg-other"], "submission", eid, tmp_path)[0] == 404
    assert served_file(engine, tokens["an-auditor"], "submission", eid, tmp_path)[0] == 404
    assert served_file(engine, tokens["wg-rayong"], "submission", eid + 1000, tmp_path)[0] == 404
    assert served_file(engine, tokens["wg-rayong"], "nonsense", eid, tmp_path)[0] == 404
    for who in ("wg-rayong", "eco-staff"):
        status, row, data = served_file(engine, tokens[who], "submission", eid, tmp_path)
        assert (status, data, row.content_type) == (200, PDF, "application/pdf")

    from db.visits import save_finding
    from ingest.evidence import attach_finding_evidence
    record_visit(engine, "ryg-mtp", YEAR, lead="an-auditor")
    with engine.begin() as conn:
        save_finding(conn, "ryg-mtp", YEAR, "ENV-1.1", "conforms", "", "an-auditor")
    fid = attach_finding_evidence(engine, "ryg-mtp", YEAR, "ENV-1.1", PDF, "photo.pdf", "an-auditor", root=tmp_path)
    assert served_file(engine, tokens["an-auditor"], "finding", fid, tmp_path)[0] == 200
    assert served_file(engine, tokens["eco-staff"], "finding", fid, tmp_path)[0] == 200       # staff verify on it
    assert served_file(engine, tokens["wg-rayong"], "finding", fid, tmp_path)[0] == 404

    with engine.connect() as conn:      # sign-out: the same cookie gets nothing from the next request on
        import sqlalchemy as sa

        from db.schema import sessions
        from db.sessions import token_hash
        sid = conn.execute(sa.select(sessions.c.id).where(sessions.c.token_hash == token_hash(tokens["wg-rayong"]))
                           ).scalar_one()
    end_session(engine, sid)
    assert served_file(engine, tokens["wg-rayong"], "submission", eid, tmp_path)[0] == 401


@pytest.mark.browser
def test_the_real_server_serves_evidence_by_session_and_sends_security_headers(tmp_path):
    """streamlit run serve.py: the file's URL refuses a request without a cookie and with another area's working
    group's cookie, and gives the area's working group the file as a download that no shared cache keeps; every
    response (a page, the health check, a static file, the sign-in route, the file route) has the headers."""
    url_db = f"sqlite:///{tmp_path / 'eit.sqlite'}"
    engine = get_engine(url_db)
    init_db(engine)
    eid, tokens = _people_and_a_file(engine, tmp_path / "uploads" / "evidence")
    from db.signin import sign_in
    sign_in(engine, "=cmd|' /C calc'!A0", "a wrong guess")               # one row in the sign-in log
    engine.dispose()
    with running_app({"EIT_DATABASE_URL": url_db, "EIT_UPLOAD_DIR": str(tmp_path / "uploads"),
                      "EIT_DEMO": "0"}) as url:
        file_url = f"{url}/files/submission/{eid}"
        for token in (None, tokens["wg-other"]):
            status, headers, body = _get(file_url, token)
            assert status in (401, 404) and PDF not in body
        status, headers, body = _get(file_url, tokens["wg-rayong"])
        h = _lower(headers)
        assert status == 200 and body == PDF
        assert h["content-disposition"].startswith("attachment;") and "filename*=UTF-8''" in h["content-disposition"]
        assert h["content-type"].startswith("application/pdf") and "no-store" in h["cache-control"]
        assert "private" in h["cache-control"]

        # the logs as CSV: the sign-in log to whoever manages accounts, the import log to whoever audits
        assert _get(f"{url}/files/log/signin")[0] == 401
        assert _get(f"{url}/files/log/signin", tokens["eco-staff"])[0] == 404
        assert _get(f"{url}/files/log/imports", tokens["wg-rayong"])[0] == 404
        status, headers, body = _get(f"{url}/files/log/signin", tokens["the-admin"])
        assert status == 200 and "no-store" in _lower(headers)["cache-control"]
        assert _lower(headers)["content-disposition"].startswith("attachment;")
        csv_text = body.decode("utf-8-sig")
        assert re.search(r"\b25\d\d-\d\d-\d\d \d\d:\d\d:\d\d\b", csv_text)     # Bangkok time, BE year
        assert "'=cmd" in csv_text                                                 # and cells made safe
        assert _get(f"{url}/files/log/imports", tokens["eco-staff"])[0] == 200

        for path, method in (("/", "GET"), ("/_stcore/health", "GET"), ("/app/static/favicon.png", "GET"),
                             ("/auth/session", "POST"), (f"/files/submission/{eid}", "GET")):
            status, headers, _body = _get(url + path, method=method)
            h = _lower(headers)
            for name, value in SECURITY.items():
                assert h.get(name) == value, (path, name, h)
            assert "frame-ancestors 'self'" in h.get("content-security-policy", ""), path


def test_the_nginx_template_sends_the_same_headers_once_on_every_answer():
    from tests.appserver import ROOT
    conf = (ROOT / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")
    for name, value in {**SECURITY, "content-security-policy": "\"frame-ancestors 'self'\""}.items():
        wanted = {n.lower() for n in ("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy",
                                      "Referrer-Policy")}
        assert name in wanted
        assert any(line.strip().lower() == f"add_header {name} {value} always;".lower() for line in conf.splitlines()), name
        assert f"proxy_hide_header {name}".lower() in conf.lower(), name
