"""Who may see and change what: the role rules in the engine, and the Data page asking them (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rendered import as_read

from winloss.access import (
    NEEDS,
    Roles,
    RolesError,
    access_for,
    is_local_address,
    load_roles,
    may,
    parse_roles,
    role_of,
    roles_change_problem,
    roles_from_rows,
    roles_rows,
    who_may,
    save_roles,
)

ROOT = Path(__file__).resolve().parent.parent
ROLES_TOML = """
[users]
"Olga.Ops@Northwind.test" = "ops"
"ada@northwind.test" = "admin"
"visitor@partner.test" = "viewer"

[domains]
"northwind.test" = "viewer"
"""
# What a sign-in configuration looks like to the app (values are never used by AppTest).
AUTH_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a-test-cookie-secret-of-some-length",
        "client_id": "winloss",
        "client_secret": "secret",
        "server_metadata_url": "http://localhost:1/.well-known/openid-configuration",
    }
}


@pytest.fixture
def roles() -> Roles:
    return parse_roles(ROLES_TOML, "roles.toml")


def test_each_role_holds_the_rights_of_the_one_before_it():
    assert [a for a in NEEDS if may("viewer", a)] == ["view", "export"]
    assert {a for a in NEEDS if may("ops", a)} == {
        "view", "export", "upload", "roster", "vocabulary", "stage_mappings", "exchange_rates", "rollback",
    }
    assert all(may("admin", a) for a in NEEDS)
    assert not any(may(None, a) for a in NEEDS)
    with pytest.raises(KeyError):
        may("admin", "delete_everything")


def test_a_persons_own_line_beats_their_domain_and_strangers_get_nothing(roles):
    assert role_of("olga.ops@northwind.test", roles) == "ops"  # case does not matter
    assert role_of("ADA@northwind.test", roles) == "admin"
    assert role_of("someone.else@northwind.test", roles) == "viewer"  # by domain
    assert role_of("visitor@partner.test", roles) == "viewer"
    assert role_of("other@partner.test", roles) is None  # the domain is not listed, only one address
    assert role_of("ada@northwind.test.evil.test", roles) is None
    assert role_of("northwind.test", roles) is None
    assert role_of(None, roles) is None


def test_an_address_the_provider_has_not_verified_gets_no_role(roles):
    assert role_of("ada@northwind.test", roles, email_verified=False) is None
    assert role_of("ada@northwind.test", roles, email_verified=True) == "admin"
    denied = access_for(
        sign_in_configured=True, server_address="0.0.0.0", roles=roles,
        user={"is_logged_in": True, "email": "ada@northwind.test", "email_verified": False},
    )
    assert denied.role is None and "not verified" in denied.reason


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ('[users]\n"a@b.test" = "owner"\n', "use one of viewer, ops, admin"),
        ('[users]\n"b.test" = "ops"\n', "give an e-mail address"),
        ('[groups]\n"x" = "ops"\n', "only [users] and [domains]"),
        ("[users\n", "not valid TOML"),
        ('users = "ops"\n', "users must be a table"),
    ],
)
def test_a_bad_roles_file_is_one_sentence_naming_the_fix(text, fix):
    with pytest.raises(RolesError, match=fix.replace("[", r"\[").replace("]", r"\]")):
        parse_roles(text, "roles.toml")


def test_a_missing_roles_file_gives_no_one_a_role(tmp_path):
    roles = load_roles(tmp_path / "absent.toml")
    assert roles.users == {} and roles.domains == {}
    assert access_for(
        sign_in_configured=True, server_address="0.0.0.0", roles=roles,
        user={"is_logged_in": True, "email": "ada@northwind.test"},
    ).role is None


@pytest.mark.parametrize(
    ("address", "local"),
    [("localhost", True), ("127.0.0.1", True), ("::1", True), ("127.0.0.2", True),
     (None, False), ("", False), ("0.0.0.0", False), ("192.168.1.20", False), ("winloss.example", False)],
)
def test_only_a_loopback_address_counts_as_this_machine(address, local):
    assert is_local_address(address) is local


def test_without_sign_in_only_a_localhost_app_may_be_used(monkeypatch):
    monkeypatch.setenv("WINLOSS_USER", "dana")
    local = access_for(sign_in_configured=False, server_address="localhost", user=None, roles=Roles())
    assert local.role == "admin" and local.who == "dana" and not local.signed_in
    for address in (None, "0.0.0.0"):
        exposed = access_for(sign_in_configured=False, server_address=address, user=None, roles=Roles())
        assert exposed.role is None and "Sign-in is not configured" in exposed.reason


def test_with_sign_in_the_role_and_the_recorded_name_come_from_the_identity(roles):
    signed_out = access_for(sign_in_configured=True, server_address="0.0.0.0", user={"is_logged_in": False}, roles=roles)
    assert signed_out.role is None and signed_out.reason.startswith("Sign in")
    ops = access_for(
        sign_in_configured=True, server_address="0.0.0.0", roles=roles,
        user={"is_logged_in": True, "email": "Olga.Ops@northwind.test", "name": "Olga"},
    )
    assert (ops.role, ops.who, ops.signed_in) == ("ops", "olga.ops@northwind.test", True)
    stranger = access_for(
        sign_in_configured=True, server_address="0.0.0.0", roles=roles,
        user={"is_logged_in": True, "email": "mallory@elsewhere.test"},
    )
    assert stranger.role is None and "mallory@elsewhere.test" in stranger.reason and "roles file" in stranger.reason


# ---- the pages ask the engine -------------------------------------------------------------------
@pytest.fixture
def signed_in_app(tmp_path, monkeypatch, sample_store):
    """A Data page with sign-in configured, for whoever the test signs in as."""
    monkeypatch.setenv("WINLOSS_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
    (tmp_path / "roles.toml").write_text(ROLES_TOML)
    monkeypatch.setenv("WINLOSS_ROLES", str(tmp_path / "roles.toml"))

    def page(email: str | None, **query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.secrets.update(AUTH_SECRETS)
        at.user = {"is_logged_in": email is not None, **({"email": email} if email else {})}
        at.query_params.update(query)
        at.run()
        return at

    return page


def _has(at: AppTest, key: str) -> bool:
    return any(b.key == key for b in at.button)


def _tabs(at: AppTest) -> list[str]:
    return [t.label for t in at.tabs]


def test_a_visitor_who_is_not_signed_in_sees_only_the_sign_in_button(signed_in_app):
    at = signed_in_app(None)
    assert not at.exception
    assert _has(at, "sign_in") and not at.tabs and not at.metric
    assert "Sign in to see" in as_read(at.info[0].value)


@pytest.mark.parametrize("query", [{}, {"present": "true"}, {"present": "false"}])
def test_a_viewer_gets_no_editing_tab_with_or_without_presenter_mode(signed_in_app, query):
    at = signed_in_app("visitor@partner.test", **query)
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.tabs and [s.value for s in at.subheader] == ["History"]
    assert not at.file_uploader and not _has(at, "rollback")
    assert _has(at, "sign_out")


def test_presenter_mode_hides_editing_from_ops_and_leaving_it_brings_back_only_their_own(signed_in_app):
    at = signed_in_app("olga.ops@northwind.test", present="true")
    at.switch_page("app_pages/data.py").run()
    assert not at.tabs and not at.file_uploader
    at.query_params["present"] = "false"
    at.session_state["present"] = False
    at.run()
    assert _tabs(at) == ["Upload", "History", "Roster", "No-decision reasons", "Currencies"]  # never the admin's Access tab


def test_ops_edit_but_only_an_admin_sees_the_roles(signed_in_app):
    ops = signed_in_app("olga.ops@northwind.test")
    ops.switch_page("app_pages/data.py").run()
    assert _tabs(ops) == ["Upload", "History", "Roster", "No-decision reasons", "Currencies"]  # ops set exchange rates
    admin = signed_in_app("ada@northwind.test")
    admin.switch_page("app_pages/data.py").run()
    assert _tabs(admin)[-1] == "Access"
    table = admin.data_editor(key="roles_editor").value
    assert list(table["who"]) == ["ada@northwind.test", "olga.ops@northwind.test", "visitor@partner.test", "@northwind.test"]


def test_an_admin_grants_a_role_in_the_app_and_the_roles_file_says_who_did(signed_in_app, tmp_path):
    admin = signed_in_app("ada@northwind.test")
    admin.switch_page("app_pages/data.py").run()
    admin.session_state["roles_editor"] = {
        "edited_rows": {}, "added_rows": [{"who": "New.Ops@Northwind.test", "role": "ops"}], "deleted_rows": [],
    }
    admin.run()
    admin.button(key="roles_save").click().run()
    assert not admin.exception, [e.value for e in admin.exception]
    saved = load_roles(tmp_path / "roles.toml")
    assert saved.users["new.ops@northwind.test"] == "ops" and saved.users["ada@northwind.test"] == "admin"
    assert "Last changed by ada@northwind.test" in (tmp_path / "roles.toml").read_text()
    # Demoting herself would lock every admin out: the page refuses to save it.
    admin.session_state["roles_editor"] = {"edited_rows": {0: {"role": "ops"}}, "added_rows": [], "deleted_rows": []}
    admin.run()
    assert admin.button(key="roles_save").disabled
    assert "without the admin role" in admin.warning[0].value


def test_roles_edited_as_rows_read_back_the_same(roles, tmp_path):
    rows = roles_rows(roles)
    assert {"who": "@northwind.test", "role": "viewer"} in rows
    again = roles_from_rows(rows)
    assert (again.users, again.domains) == (roles.users, roles.domains)
    save_roles(tmp_path / "roles.toml", again, "ada@northwind.test\n[users]\n\"x@y.test\" = \"admin\"")
    written = load_roles(tmp_path / "roles.toml")
    assert (written.users, written.domains) == (roles.users, roles.domains)  # a name cannot add a line
    with pytest.raises(RolesError, match="Row 1"):
        roles_from_rows([{"who": "not an address", "role": "ops"}])
    with pytest.raises(RolesError, match="has no role"):
        roles_from_rows([{"who": "a@b.test", "role": None}])
    assert roles_change_problem(again, "olga.ops@northwind.test") is not None
    assert roles_change_problem(again, "ada@northwind.test") is None


def test_someone_the_roles_file_does_not_name_sees_no_data(signed_in_app):
    at = signed_in_app("mallory@elsewhere.test")
    assert not at.exception
    assert "no role here" in as_read(at.info[0].value) and _has(at, "sign_out")
    assert not at.metric and not at.tabs


def test_the_shipped_config_binds_to_this_machine_and_hides_tracebacks():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert is_local_address(config["server"]["address"])
    assert config["client"]["showErrorDetails"] == "none"


def test_without_sign_in_the_data_page_says_the_app_is_for_this_machine_only(tmp_path, monkeypatch, sample_store):
    monkeypatch.setenv("WINLOSS_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("answers on this machine only (localhost)" in c.value for c in at.caption)
    assert _tabs(at)[0] == "Upload"  # on localhost, whoever opens it may change everything


def test_without_sign_in_an_app_open_to_the_network_shows_nothing(tmp_path, monkeypatch, sample_store):
    from streamlit import config

    monkeypatch.setenv("WINLOSS_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
    saved = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")  # as `streamlit run --server.address 0.0.0.0` would
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        at.switch_page("app_pages/data.py").run()
    finally:
        config.set_option("server.address", saved)
    assert not at.exception
    assert "Sign-in is not configured, yet the app answers on 0.0.0.0" in as_read(at.info[0].value)
    assert not at.metric and not at.tabs and not at.file_uploader


@pytest.mark.parametrize(
    ("headers", "local"),
    [
        (None, True),
        ({"Host": "localhost:8501"}, True),
        ({"Host": "127.0.0.1:8501"}, True),
        ({"Host": "[::1]:8501"}, True),
        ({"Host": "localhost:8501", "X-Forwarded-For": "203.0.113.9"}, False),  # a reverse proxy on this machine
        ({"Host": "localhost", "Forwarded": "for=203.0.113.9"}, False),
        ({"Host": "winloss.example.com"}, False),  # a public name pointed at this machine, or DNS rebinding
    ],
)
def test_a_request_counts_as_this_machines_only_without_proxy_or_foreign_host(headers, local):
    from winloss.access import is_local_request

    assert is_local_request(headers) is local
    access = access_for(sign_in_configured=False, server_address="localhost", user=None, roles=Roles(), headers=headers)
    assert (access.role == "admin") is local
    if not local:
        assert "proxy or another host name" in access.reason


def test_whom_to_ask_is_every_role_that_may_do_it():
    """A viewer told to add an exchange rate is told whom to ask, named from the same rules the pages ask."""
    assert who_may("exchange_rates") == "sales ops or an admin"
    assert who_may("roles") == "an admin"
    assert who_may("view") == "a viewer, sales ops or an admin"


def test_without_sign_in_or_winloss_user_the_app_names_nobody_where_the_command_line_names_the_os_account(
        monkeypatch, tmp_path):
    # The app on localhost recorded the OS account the server ran as, and the Data page read "… UTC by root", a
    # name that tells a sales leader nothing: with no name given ($WINLOSS_USER), it records none and says none.
    import getpass

    import polars as pl

    from winloss.ingest.pipeline import commit, prepare
    from winloss.store.delta import Store
    from winloss.store.readings import loaded_on_words
    from winloss.views.data_page import history_rows

    monkeypatch.delenv("WINLOSS_USER", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "root")
    local = access_for(sign_in_configured=False, server_address="localhost", user=None, roles=Roles())
    assert local.role == "admin" and local.who == "" and not local.signed_in
    store = Store(tmp_path / "store")
    prepared = prepare(b"Opportunity ID,Sales Rep,Stage,Close Date,Amount\nA,Ann,Closed Won,2025-03-01,100\n", "f.csv")
    commit(store, prepared, user=local.who)
    store.save_roster_rows(pl.DataFrame({"rep": ["Ann"], "seller_profile": ["Challenger"], "team": ["Orcas"],
                                         "manager": ["Mara Holt"], "region": ["South"]}),
                           user=local.who)
    source = store.roster().collect().row(0, named=True)["profile_source"]
    assert source.startswith("roster edited in the app, ") and "root" not in source
    store.save_fiscal_year_start(2)  # the command line's call: no user given
    rows = store.history().sort("store_version").to_dicts()
    assert [r["user"] for r in rows] == [None, None, "root"]
    assert " by " not in loaded_on_words(rows[0]) and loaded_on_words(rows[0]).endswith(" UTC (store version 1)")
    assert history_rows(store).sort("Version")["Who"].to_list() == [None, None, "root"]
