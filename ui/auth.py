"""Who is signed in, and the permission check every staff page starts with. Accounts live in the database
(db.accounts); viewing needs no sign-in; each staff page needs one of the actions of common.vocab.PERMISSIONS
(importing, verifying or certifying, the audit log, accounts, ...).

A sign-in lasts (db.sessions): the router calls :func:`restore` on every page run, which finds the session again
with one query, by the id this browser tab remembers or, in a new page load (a reload, a link in a table, a new
tab), by the HttpOnly cookie the browser got at sign-in (``serve.py``'s route ``/auth/session``).  A session
ended elsewhere (signed out in another tab, ended by an admin, idle too long) or an account disabled signs the
tab out with a sentence; a changed role takes effect at once; and every write checks the account again in the
data layer (db.accounts.require_account), so a tab left open stops at once.
"""
from __future__ import annotations

import json

import streamlit as st

from common.errors import message_of
from common.vocab import role_can
from i18n import t

_NOTICE = "auth_notice"
SESSION_KEY = "auth_session"          # the sessions row of this tab's sign-in
_COOKIE_SEEN = "auth_cookie_seen"     # the hash of the cookie token already looked up in this tab
_COOKIE_JOB = "auth_cookie_job"       # ("set", one-time code) or ("clear",): for the browser, on the next render
_RESTORED = "auth_restored_run"


def current_user() -> dict | None:
    return st.session_state.get("user")


def remember_user(username: str, role: str, areas=()) -> None:
    st.session_state["user"] = {"username": username, "role": role, "areas": list(areas)}


def client_address() -> str:
    """The browser's address as the server sees it (behind the proxy: from its forwarded header), '' if local."""
    try:
        address = st.context.ip_address
    except Exception:          # no browser context
        return ""
    return address if isinstance(address, str) else ""


def _cookie_token() -> str | None:
    from db.sessions import COOKIE_NAME
    try:
        token = st.context.cookies.get(COOKIE_NAME)
    except Exception:          # no browser context
        return None
    return token if isinstance(token, str) and token else None


def sign_out(notice: str | None = None) -> None:
    """Forget the signed-in user of this tab; ``notice`` (why) is shown on the next staff page or the sign-in
    page.  The cookie this page load came with is not looked up again."""
    from db.sessions import token_hash
    st.session_state.pop("user", None)
    st.session_state.pop(SESSION_KEY, None)
    token = _cookie_token()
    if token:
        st.session_state[_COOKIE_SEEN] = token_hash(token)
    if notice:
        st.session_state[_NOTICE] = notice


def start(user) -> None:
    """A successful sign-in (db.signin.sign_in): a new session in the database, remembered by this tab, and its
    one-time code handed to the browser (:func:`cookie_script`) to get the lasting cookie."""
    from db.sessions import start_session
    from ui import context
    sid, code = start_session(context.engine(), user.username, client_address())
    st.session_state[SESSION_KEY] = sid
    st.session_state[_COOKIE_JOB] = ("set", code)
    remember_user(user.username, user.role, user.areas)


def end() -> None:
    """Sign-out: the session is revoked in the database (so on every server), and the cookie is cleared."""
    from db.sessions import end_session
    from ui import context
    sid = st.session_state.get(SESSION_KEY)
    if sid is not None:
        end_session(context.engine(), sid, client_address())
    sign_out()
    st.session_state[_COOKIE_JOB] = ("clear",)


def cookie_script() -> None:
    """Hand a waiting cookie job to the browser, once: a script that posts the one-time code to
    ``/auth/session`` (the response sets the HttpOnly cookie) or asks ``/auth/session/end`` to clear it."""
    job = st.session_state.pop(_COOKIE_JOB, None)
    if not job:
        return
    from streamlit import config

    from db.sessions import cookie_route
    url = cookie_route(config.get_option("server.baseUrlPath") or "", end=job[0] != "set")
    body = json.dumps(job[1] if job[0] == "set" else "")
    st.html(f"<script>fetch({json.dumps(url)}, {{method: 'POST', body: {body}, credentials: 'same-origin', "
            "headers: {'Content-Type': 'text/plain'}});</script>", unsafe_allow_javascript=True)


def _notice_for(status: str, lang: str) -> str | None:
    from common.settings import session_idle_minutes
    if status == "expired":
        return t("auth.expired", lang, idle=idle_label(session_idle_minutes(), lang))
    if status == "ended":
        return t("auth.ended", lang)
    if status == "disabled":
        return t("auth.disabled", lang)
    return None


def idle_label(minutes: float, lang: str) -> str:
    """'8 ชั่วโมง' / '8 hours', or minutes when not whole hours."""
    if minutes >= 60 and minutes % 60 == 0:
        return t("auth.hours", lang, n=f"{minutes / 60:g}")
    return t("auth.minutes", lang, n=f"{minutes:g}")


def restore(lang: str) -> dict | None:
    """The signed-in user of this page run, found again in the database (module doc): one query when this tab
    is signed in or its page load brought a cookie not looked up yet, none otherwise."""
    from db.sessions import end_session, resolve, token_hash
    from ui import context
    st.session_state[_RESTORED] = context.run_number()
    sid = st.session_state.get(SESSION_KEY)
    if sid is not None:
        found = resolve(context.engine(), session_id=sid)
    else:
        token = _cookie_token()
        if not token or st.session_state.get(_COOKIE_SEEN) == token_hash(token):
            return _recheck() if current_user() else None
        st.session_state[_COOKIE_SEEN] = token_hash(token)
        found = resolve(context.engine(), token=token)
    if found.status == "ok":
        st.session_state[SESSION_KEY] = found.session_id
        remember_user(found.user.username, found.user.role, found.user.areas)
        return current_user()
    if found.status == "disabled" and found.session_id is not None:
        end_session(context.engine(), found.session_id, client_address())
    sign_out(_notice_for(found.status, lang))
    return None


def _recheck() -> dict | None:
    """A user this tab remembers without a session (set by code, not by the sign-in page): the account as the
    database has it now."""
    user = current_user()
    from db.accounts import AccountRefused, require_account
    from ui import context
    try:
        with context.engine().connect() as conn:
            found = require_account(conn, user["username"], None)
    except AccountRefused as err:
        sign_out(err.text(context.lang()))
        return None
    if found.role != user["role"] or list(found.areas) != list(user.get("areas", [])):
        remember_user(found.username, found.role, found.areas)
    return current_user()


def show_notice() -> None:
    """The reason of the last forced sign-out, once."""
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(notice, icon=":material/person_off:")


def refresh_user(lang: str | None = None) -> dict | None:
    """The signed-in user as the database has it now: already checked by the router in this page run
    (:func:`restore`), else checked now."""
    from ui import context
    if st.session_state.get(_RESTORED) == context.run_number() and context.run_number():
        return current_user()
    return restore(lang or context.lang())


def refusal(err: Exception, lang: str | None = None) -> str | None:
    """What a page does with a refused write, in the reader's language (``lang``, default the page's).  The
    account's own refusal (db.accounts.AccountRefused: gone, disabled or demoted since sign-in) becomes the
    notice of the next run, a disabled or deleted account is signed out, and None is returned: the caller reruns
    the page (a callback does so by itself), which then says why and refuses or asks to sign in again.  Any other
    refusal is returned as the sentence to show (common.errors.Message in that language)."""
    from ui import context
    text = message_of(err).text(lang or context.lang())
    if not hasattr(err, "sign_out"):
        return text
    if err.sign_out:
        sign_out(text)
    else:
        st.session_state[_NOTICE] = text
    return None


def can(*actions: str) -> bool:
    """Whether the signed-in user's role may do any of ``actions`` (common.vocab.ACTIONS).  A page uses it to
    show or hide; the data layer checks again at the write."""
    user = current_user()
    return bool(user) and any(role_can(user["role"], a) for a in actions)


def require(actions: str | tuple[str, ...], lang: str) -> dict:
    """Stop the page with a clear refusal unless the signed-in user may do one of ``actions``, checked against
    the database now."""
    actions = (actions,) if isinstance(actions, str) else tuple(actions)
    refresh_user()
    if not can(*actions):
        show_notice()
        st.error(t("auth.refused_accounts" if actions == ("accounts",) else "auth.refused_staff", lang),
                 icon=":material/lock:")
        st.page_link("pages/signin.py", label=t("auth.signin", lang), icon=":material/login:")
        st.stop()
    return current_user()
