"""Accounts on SQLite and PostgreSQL (fixture ``db_url``, see tests/conftest_db.py): password hashes, the lifecycle,
roles, who administers, and a disabled or demoted account that writes nothing."""
from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from db import accounts, certification
from db import records as db_records
from programme import records
from tests.conftest_db import DATA_DIR
from tests.support import account, count, csv_bytes, moi_rows


@pytest.fixture(scope="module")
def demo_factories() -> pd.DataFrame:
    return records.load_factories(DATA_DIR)


def test_passwords_are_salted_hashes():
    h1, h2 = accounts.hash_password("correct horse"), accounts.hash_password("correct horse")
    assert h1 != h2 and "correct horse" not in h1 and h1.startswith("scrypt$")
    assert accounts.verify_password("correct horse", h1) and not accounts.verify_password("correct hors", h1)
    assert not accounts.verify_password("x", "garbage") and not accounts.verify_password("x", "")


def test_accounts_lifecycle(engine):
    shell = accounts.operator_name("root")                          # python -m store create-user, at the shell
    accounts.create_user(engine, "boss", "long-enough-passphrase", "admin", by=shell)
    accounts.create_user(engine, "Somchai", "s3cret-passphrase-1", "staff", by="boss")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users WHERE username = 'somchai'")).scalar_one()
    assert "s3cret-passphrase-1" not in stored
    user = accounts.authenticate(engine, "somchai", "s3cret-passphrase-1")
    assert user and user.role == "staff" and user.can("verify") and not user.can("certify") and not user.can("accounts")
    assert accounts.authenticate(engine, "somchai", "wrong-pass") is None
    assert accounts.authenticate(engine, "nobody", "s3cret-passphrase-1") is None
    with pytest.raises(accounts.AccountError):
        accounts.create_user(engine, "somchai", "another-passphrase", "staff", by="boss")
    with pytest.raises(accounts.AccountError):
        accounts.create_user(engine, "short", "1234567", "staff", by="boss")
    with pytest.raises(accounts.AccountError):
        accounts.create_user(engine, "boss2", "long-enough", "superuser", by="boss")
    with pytest.raises(accounts.AccountError):                      # ":" is the operator's: never an account
        accounts.create_user(engine, shell, "long-enough", "admin", by="boss")
    accounts.set_active(engine, "somchai", False, by="boss")
    assert accounts.authenticate(engine, "somchai", "s3cret-passphrase-1") is None
    accounts.set_active(engine, "somchai", True, by="boss")
    accounts.set_role(engine, "somchai", "admin", by="boss")
    accounts.set_password(engine, "somchai", "a-new-passphrase-2", by="boss")
    assert accounts.authenticate(engine, "somchai", "s3cret-passphrase-1") is None
    assert accounts.authenticate(engine, "somchai", "a-new-passphrase-2").can("accounts")
    users = accounts.list_users(engine)
    assert list(users.columns) == ["username", "role", "areas", "active", "created_at"] and len(users) == 2
    with pytest.raises(accounts.AccountError):
        accounts.set_role(engine, "ghost", "staff", by="boss")


def test_roles_may_do_only_their_own_actions(engine):
    shell = accounts.operator_name("root")
    accounts.create_user(engine, "wg", "long-enough-passphrase", "working_group", by=shell, areas=["ryg-mtp", "ryg-irpc"])
    for name, role in (("aud", "auditor"), ("eco", "staff"), ("sec", "secretary")):
        accounts.create_user(engine, name, "long-enough-passphrase", role, by=shell)
    with engine.connect() as conn:
        assert accounts.require_account(conn, "wg", "submit", "ryg-mtp").areas == ("ryg-irpc", "ryg-mtp")
        refused = [("wg", "submit", "cbi-ams"), ("wg", "submit", None), ("wg", "import", None),
                   ("aud", "verify", None), ("aud", "submit", "ryg-mtp"), ("eco", "accounts", None),
                   ("sec", "import", None), ("sec", "visit", None)]
        for name, action, area in refused:
            with pytest.raises(accounts.AccountRefused) as err:
                accounts.require_account(conn, name, action, area)
            assert not err.value.sign_out and "nothing was saved" in str(err.value)
        for name, action in (("aud", "visit"), ("eco", "review"), ("eco", "verify"), ("sec", "certify")):
            accounts.require_account(conn, name, action)
    with pytest.raises(accounts.AccountError, match="at least one area"):   # a working group without areas
        accounts.create_user(engine, "wg2", "long-enough-passphrase", "working_group", by=shell)
    with pytest.raises(accounts.AccountError, match="only a working-group"):
        accounts.create_user(engine, "aud2", "long-enough-passphrase", "auditor", by=shell, areas=["ryg-mtp"])
    accounts.set_areas(engine, "wg", ["cbi-ams"], by=shell)
    assert accounts.get_user(engine, "wg").areas == ("cbi-ams",)
    accounts.set_role(engine, "wg", "auditor", by=shell)                 # leaving the role drops the areas
    assert accounts.get_user(engine, "wg").areas == ()
    assert accounts.list_users(engine).set_index("username").loc["aud", "areas"] == ""


def test_only_an_active_admin_administers_accounts(engine):
    account(engine, "boss", "admin")
    account(engine, "boss2", "admin")
    account(engine, "somchai", "staff")
    before = accounts.list_users(engine)
    refused = [
        lambda: accounts.create_user(engine, "newbie", "long-enough-passphrase", "staff", by="somchai"),   # staff
        lambda: accounts.set_role(engine, "somchai", "admin", by="somchai"),                      # staff, self
        lambda: accounts.set_active(engine, "boss", False, by="somchai"),
        lambda: accounts.set_password(engine, "boss", "long-enough-passphrase", by="somchai"),
        lambda: accounts.set_active(engine, "boss", False, by="boss"),                            # not oneself
        lambda: accounts.set_role(engine, "boss", "staff", by="boss"),
        lambda: accounts.create_user(engine, "newbie", "long-enough-passphrase", "staff", by="ghost"),     # no account
    ]
    for attempt in refused:
        with pytest.raises(accounts.AccountError):
            attempt()
    pd.testing.assert_frame_equal(accounts.list_users(engine), before)
    accounts.set_active(engine, "boss2", False, by="boss")                # a disabled admin stops at once
    with pytest.raises(accounts.AccountRefused, match="disabled") as err:
        accounts.create_user(engine, "newbie", "long-enough-passphrase", "staff", by="boss2")
    assert err.value.sign_out and "ถูกระงับ" in str(err.value)
    with pytest.raises(accounts.AccountRefused):
        accounts.set_active(engine, "boss", False, by="boss2")
    assert accounts.get_user(engine, "boss").active and accounts.get_user(engine, "newbie") is None


def _state(engine):
    from db.notes import load_notes
    return (db_records.certifications(engine).to_json(), certification.certification_history(engine).to_json(),
            load_notes(engine).to_json(), count(engine, "imports"), count(engine, "factories"))


def test_a_disabled_or_demoted_account_writes_nothing(engine, placer, upload_root, demo_factories):
    """A staff account signed in before it was disabled (or demoted to viewer): its certification step, its note
    and its import are refused in the data layer and change nothing, not even the import log."""
    from db.notes import save_note
    from ingest.importer import import_factories

    account(engine, "boss", "admin")
    account(engine, "somchai", "staff")
    with engine.begin() as conn:
        certification.set_certification(conn, "ryg-mtp", 2568, 3, "draft", "somchai")
        save_note(conn, "ryg-mtp", 2568, "ปัญหา", "", "somchai")
    data = csv_bytes(moi_rows(demo_factories, 3))

    def writes(name):
        def step():
            with engine.begin() as conn:
                certification.set_certification(conn, "ryg-mtp", 2568, 3, "verified", name)

        def note():
            with engine.begin() as conn:
                save_note(conn, "ryg-mtp", 2568, "แก้", "แก้", name)

        def imported():
            import_factories(engine, data, "f.csv", name, DATA_DIR, placer=placer, upload_root=upload_root)
        return step, note, imported

    before = _state(engine)
    for change, sign_out in ((lambda: accounts.set_active(engine, "somchai", False, by="boss"), True),
                             (lambda: accounts.set_active(engine, "somchai", True, by="boss"), None),
                             (lambda: accounts.set_role(engine, "somchai", "viewer", by="boss"), False)):
        change()
        if sign_out is None:
            continue
        for write in (*writes("somchai"), *writes("nobody")[:1]):
            with pytest.raises(accounts.AccountRefused) as err:
                write()
            assert "/" in str(err.value)                                  # English / Thai
        assert err.value.sign_out is True                                 # "nobody": no such account
        assert _state(engine) == before
        assert not upload_root.exists() or not any(upload_root.rglob("*"))   # not even the upload kept

    # disabled while the import runs (after validation, before writing): the writing transaction refuses it
    accounts.set_role(engine, "somchai", "staff", by="boss")

    def disable_on_write(fraction, label):
        if label == "writing":
            accounts.set_active(engine, "somchai", False, by="boss")
    with pytest.raises(accounts.AccountRefused):
        import_factories(engine, data, "f.csv", "somchai", DATA_DIR, placer=placer, upload_root=upload_root,
                         progress=disable_on_write)
    assert _state(engine) == before
