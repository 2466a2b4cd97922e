"""Sign-in: who this visitor is (st.user), what the roles file lets them do, and the gate before any data."""

from __future__ import annotations

import streamlit as st

from winloss.access import (
    Access,
    Action,
    Roles,
    RolesError,
    access_for,
    account_words,
    load_roles,
    may,
    roles_path,
)
from winloss.text import md


def sign_in_configured() -> bool:
    """Whether .streamlit/secrets.toml has an [auth] section for st.login."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all (StreamlitSecretNotFoundError is one)
        return False


def _signed_in_user() -> dict | None:
    if not getattr(st.user, "is_logged_in", False):
        return None
    return st.user.to_dict()


def _headers() -> dict[str, str] | None:
    try:
        return dict(st.context.headers)
    except Exception:  # no request behind this run (AppTest)  # noqa: BLE001
        return None


def _roles() -> Roles:
    return load_roles(roles_path())


def current_access() -> Access:
    """This visitor's access, worked out by the engine from the configuration and st.user."""
    configured = sign_in_configured()
    try:
        roles = _roles() if configured else Roles()
    except RolesError as exc:
        return Access(role=None, who=None, reason=str(exc), signed_in=_signed_in_user() is not None)
    access = access_for(
        sign_in_configured=configured,
        server_address=st.get_option("server.address"),
        user=_signed_in_user(),
        roles=roles,
        headers=_headers(),
    )
    st.session_state["_access"] = access
    return access


def access() -> Access:
    """The access dashboard.py worked out for this rerun (worked out again for a page run on its own)."""
    return st.session_state.get("_access") or current_access()


def allowed(action: Action) -> bool:
    """Whether this visitor may do `action` (pages ask this; the rule lives in winloss.access)."""
    return may(access().role, action)


def gate(access: Access) -> None:
    """Stop the run, with a sign-in button where it helps, for a visitor who may see nothing."""
    if may(access.role, "view"):
        return
    st.title("Win/loss")
    st.info(md(access.reason or "You may not see this app."), icon=":material/lock:")
    if sign_in_configured():
        if access.signed_in:
            st.button("Sign out", on_click=st.logout, icon=":material/logout:", key="sign_out")
        else:
            st.button("Sign in", on_click=st.login, type="primary", icon=":material/login:", key="sign_in")
    st.stop()


def account_ui(access: Access, anonymise: bool) -> None:
    """Who is signed in and their role (winloss.access.account_words: the role alone with names
    anonymised), with a sign-out button, at the foot of the sidebar."""
    if not access.signed_in or access.role is None:
        return
    with st.sidebar:
        st.caption(f":material/person: {account_words(access.who, access.role, anonymise)}")
        st.button("Sign out", on_click=st.logout, icon=":material/logout:", key="sign_out")
