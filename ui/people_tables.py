"""Staff tables as people read them: column names and values in the page's language, moments in Bangkok time
and the Buddhist era ("30 ก.ย. 2568 14:05"), no server paths or checksums. Plain pandas (the pages show them;
the CSV downloads of the logs keep the machine columns, with Bangkok times in the Buddhist era)."""
from __future__ import annotations

import pandas as pd

from i18n import datetime_label, t

_CERT_STATUS = {"draft": "cert.short_draft", "verified": "people.verified", "certified": "cert.certified"}


def _status(value, lang: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return "–"
    key = _CERT_STATUS.get(str(value))
    return t(key, lang) if key else str(value)


def _level(value) -> str:
    return "–" if value is None or pd.isna(value) else str(int(value))


def certification_history_table(hist: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The steps of one area and year, newest last: when, who, from which status and level to which, note."""
    return pd.DataFrame({
        t("people.when", lang): [datetime_label(v, lang) for v in hist["at"]],
        t("people.who", lang): hist["username"].tolist(),
        t("people.status_before", lang): [_status(v, lang) for v in hist["previous_status"]],
        t("people.status", lang): [_status(v, lang) for v in hist["status"]],
        t("people.level_before", lang): [_level(v) for v in hist["previous_level"]],
        t("people.level", lang): [_level(v) for v in hist["level"]],
        t("people.note", lang): hist["note"].fillna("").tolist(),
    })


#: What an import may load (the import log's ``kind``: the registry, the assessments, the symbiosis registers).
AUDIT_KINDS = ("factories", "assessments", "parties", "flows", "exchanges")


def import_log_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The import log, newest first: when, who, what, which file, the outcome and the counts."""
    kinds = {k: t(f"audit.kind_{k}", lang) for k in AUDIT_KINDS}
    outcome = {"landed": t("people.landed", lang), "rejected": t("people.rejected", lang)}
    return pd.DataFrame({
        t("people.when", lang): [datetime_label(v, lang) for v in log["started_at"]],
        t("people.who", lang): log["username"].tolist(),
        t("people.kind", lang): [kinds.get(k, k) for k in log["kind"]],
        t("people.file", lang): log["filename"].tolist(),
        t("people.outcome", lang): [outcome.get(s, s) for s in log["status"]],
        t("people.rows", lang): log["rows_total"].astype(int).tolist(),
        t("people.inserted", lang): log["rows_inserted"].astype(int).tolist(),
        t("people.updated", lang): log["rows_updated"].astype(int).tolist(),
        t("people.errors", lang): log["n_errors"].astype(int).tolist(),
        t("people.warnings", lang): log["n_warnings"].astype(int).tolist(),
    })


def accounts_table(users: pd.DataFrame, lang: str, area_names=None) -> pd.DataFrame:
    """The accounts: name, role, a working group's areas (by name), whether active, since when."""
    area_names = area_names if area_names is not None else {}
    scopes = users["areas"] if "areas" in users else pd.Series([""] * len(users))
    return pd.DataFrame({
        t("auth.username", lang): users["username"].tolist(),
        t("accounts.role", lang): [t("role." + r, lang) for r in users["role"]],
        t("accounts.areas", lang): [", ".join(str(area_names.get(a, a)) for a in str(s).split(", ") if a)
                                    for s in scopes],
        t("accounts.active", lang): [t("accounts.yes" if a else "accounts.no", lang) for a in users["active"]],
        t("people.since", lang): [datetime_label(v, lang) for v in users["created_at"]],
    })


def _client(value, lang: str) -> str:
    return str(value) if value else t("people.local", lang)


def sessions_table(open_sessions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The open sign-ins: who, from which computer, since when, last active, when they end if left idle."""
    return pd.DataFrame({
        t("auth.username", lang): open_sessions["username"].tolist(),
        t("people.client", lang): [_client(c, lang) for c in open_sessions["client"]],
        t("people.signed_in_at", lang): [datetime_label(v, lang) for v in open_sessions["created_at"]],
        t("people.last_seen", lang): [datetime_label(v, lang) for v in open_sessions["last_seen_at"]],
        t("people.ends", lang): [datetime_label(v, lang) for v in open_sessions["expires_at"]],
    })


def _auth_detail(event: str, detail: str, lang: str) -> str:
    if event in ("lock", "locked") and detail in ("account", "client"):
        return t("authlog." + detail, lang)
    if event == "ended" and " by " in (detail or ""):
        n, by = detail.split(" by ", 1)
        return t("authlog.ended_by", lang, n=n, by=by)
    return detail or ""


def auth_log_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The sign-in log, newest first: when, the user name as typed, what happened, from which computer."""
    return pd.DataFrame({
        t("people.when", lang): [datetime_label(v, lang) for v in log["at"]],
        t("auth.username", lang): log["username"].tolist(),
        t("people.event", lang): [t("authlog." + e, lang) for e in log["event"]],
        t("people.detail", lang): [_auth_detail(e, d, lang) for e, d in zip(log["event"], log["detail"])],
        t("people.client", lang): [_client(c, lang) for c in log["client"]],
    })


def submission_log_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The steps of one submission, oldest first: when, who, what was done, the status after it, note."""
    return pd.DataFrame({
        t("people.when", lang): [datetime_label(v, lang) for v in log["at"]],
        t("people.who", lang): log["username"].tolist(),
        t("sub.step", lang): [t(f"sub.step_{s}", lang) for s in log["step"]],
        t("people.status", lang): [t(f"sub.status_{s}", lang) for s in log["to_status"]],
        t("people.note", lang): log["note"].fillna("").tolist(),
    })


def log_csv(log: pd.DataFrame, moments) -> bytes:
    """A log as the CSV file staff download: its machine columns, the ``moments`` in Bangkok time with the
    Buddhist-era year (``2568-12-08 07:50:53``, common.years.be_stamp), cells safe for a spreadsheet."""
    from common.cells import csv_bytes
    from common.years import be_stamp

    return csv_bytes(log.assign(**{c: [be_stamp(v) for v in log[c]] for c in moments if c in log}))
