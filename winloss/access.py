"""Who may see and change what: roles from a roles file, and the one check every page asks.

Three roles, each holding the rights of the one before it:

- *viewer*: the dashboards and the exports;
- *ops*: uploads, the roster, the no-decision vocabulary, stage mappings, exchange rates, rollback;
- *admin*: settings and the roles themselves.

With sign-in configured, a signed-in person's role comes from the roles file (TOML): a
`[users]` table of e-mail addresses and a `[domains]` table of e-mail domains, each naming a
role. A person's own line wins over their domain's; anyone the file does not name has no role
and sees nothing. Without sign-in, the app answers only on this machine (localhost), and whoever
can reach it there is treated as its admin: they could open the store's folder anyway.
"""

from __future__ import annotations

import datetime as dt
import getpass
import ipaddress
import json
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from winloss.text import listed, md

Role = Literal["viewer", "ops", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "ops", "admin")  # each holds the rights of those before it
ROLE_LABELS: dict[Role, str] = {"viewer": "Viewer", "ops": "Sales ops", "admin": "Admin"}
# Each role as a sentence names whom to ask: "Ask sales ops or an admin to ..." (who_may).
ROLE_NOUNS: dict[Role, str] = {"viewer": "a viewer", "ops": "sales ops", "admin": "an admin"}
# The role of whoever uses the app on this machine without sign-in, or the command line: they could
# open the store's folder anyway, so they may do everything.
LOCAL_ROLE: Role = "admin"

Action = Literal[
    "view", "export",
    "upload", "roster", "vocabulary", "stage_mappings", "exchange_rates", "rollback",
    "settings", "roles",
]
# The least role each action needs.
NEEDS: dict[Action, Role] = {
    "view": "viewer",
    "export": "viewer",
    "upload": "ops",
    "roster": "ops",
    "vocabulary": "ops",
    "stage_mappings": "ops",
    "exchange_rates": "ops",
    "rollback": "ops",
    "settings": "admin",
    "roles": "admin",
}
DEFAULT_ROLES_PATH = ".streamlit/roles.toml"
LOCAL_ADDRESSES = frozenset({"localhost", "127.0.0.1", "::1"})


class RolesError(ValueError):
    """A roles file that cannot be used; str(exc) is one sentence saying what to fix."""


@dataclass(frozen=True)
class Roles:
    """The roles file, read: lower-cased e-mail -> role, and lower-cased domain -> role."""

    users: Mapping[str, Role] = field(default_factory=dict)
    domains: Mapping[str, Role] = field(default_factory=dict)
    path: str | None = None


@dataclass(frozen=True)
class Access:
    """What one visitor may do, and who the store records as making their changes.

    `role` is None when the visitor may see nothing; `reason` then says why, in one sentence.
    `who` is the name the store's history shows for their changes: a signed-in e-mail; without sign-in
    $WINLOSS_USER, or NOBODY when it is not set (app_user).
    """

    role: Role | None
    who: str | None
    reason: str | None = None
    signed_in: bool = False


def account_words(who: str | None, role: Role, anonymise: bool) -> str:
    """The sidebar's line on the signed-in visitor, as Markdown: their e-mail (escaped) and role
    ("pat@northwind.test · Viewer"); with names anonymised, the role alone ("Signed in · Viewer"): a
    presenter's own address may name a rep or manager, and anonymised it would tell the audience which
    pseudonym is the presenter's."""
    return f"Signed in · {ROLE_LABELS[role]}" if anonymise else f"{md(who or '')} · {ROLE_LABELS[role]}"


def may(role: Role | None, action: Action) -> bool:
    """Whether someone with `role` (None: no role) may do `action`. Raises KeyError for an unknown action."""
    needed = NEEDS[action]
    return role is not None and ROLES.index(role) >= ROLES.index(needed)


def who_may(action: Action) -> str:
    """Whom to ask for `action`, as a sentence names them: "sales ops or an admin" for the exchange
    rates (every role that may do it, NEEDS). Raises KeyError for an unknown action."""
    return listed([ROLE_NOUNS[role] for role in ROLES if may(role, action)], "or")


def roles_path(environ: Mapping[str, str] = os.environ) -> Path:
    """$WINLOSS_ROLES, else .streamlit/roles.toml (beside the sign-in settings)."""
    return Path(environ.get("WINLOSS_ROLES") or DEFAULT_ROLES_PATH)


def parse_roles(text: str, path: str | None = None) -> Roles:
    """The roles in a roles file's text. Raises RolesError naming the entry to fix."""
    where = f"The roles file {path}" if path else "The roles file"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RolesError(f"{where} is not valid TOML ({exc}): fix it and reload the page.") from None
    unknown = sorted(set(data) - {"users", "domains"})
    if unknown:
        raise RolesError(f"{where} has a table [{unknown[0]}]: only [users] and [domains] are read.")
    tables: dict[str, dict[str, Role]] = {}
    for table in ("users", "domains"):
        entries = data.get(table, {})
        if not isinstance(entries, dict):
            raise RolesError(f"{where}: {table} must be a table, e.g. [{table}].")
        tables[table] = {}
        for name, role in entries.items():
            if role not in ROLES:
                raise RolesError(
                    f"{where} gives {name!r} the role {role!r}: use one of {', '.join(ROLES)}."
                )
            key = name.strip().lower().lstrip("@")
            if table == "users" and "@" not in key:
                raise RolesError(f"{where} lists {name!r} under [users]: give an e-mail address (a domain goes under [domains]).")
            tables[table][key] = role
    return Roles(users=tables["users"], domains=tables["domains"], path=path)


def load_roles(path: Path) -> Roles:
    """The roles file at `path`; no roles at all if there is none. Raises RolesError for a bad file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Roles(path=str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise RolesError(f"The roles file {path} cannot be read ({exc}): check it and reload the page.") from None
    return parse_roles(text, str(path))


def roles_rows(roles: Roles) -> list[dict[str, str]]:
    """The roles as rows for an editor: who ("ana@example.com", or "@example.com" for a domain) and role."""
    rows = [{"who": who, "role": role} for who, role in sorted(roles.users.items())]
    return rows + [{"who": f"@{domain}", "role": role} for domain, role in sorted(roles.domains.items())]


def roles_from_rows(rows: list[dict[str, object]], path: str | None = None) -> Roles:
    """Rows from the editor as roles; blank rows are dropped. Raises RolesError naming the row to fix."""
    users: dict[str, Role] = {}
    domains: dict[str, Role] = {}
    for number, row in enumerate(rows, start=1):
        who = str(row.get("who") or "").strip().lower()
        role = row.get("role")
        if not who and not role:
            continue
        if role not in ROLES:
            raise RolesError(f"Row {number} ({who or 'no one'}) has no role: choose one of {', '.join(ROLES)}.")
        if who.startswith("@") and "@" not in who[1:] and "." in who:
            domains[who[1:]] = role
        elif who.count("@") == 1 and not who.startswith("@") and "." in who.rpartition("@")[2]:
            users[who] = role
        else:
            raise RolesError(f"Row {number}: {who!r} is neither an e-mail address nor a domain written as @example.com.")
    return Roles(users=users, domains=domains, path=path)


def roles_change_problem(roles: Roles, admin: str) -> str | None:
    """Why an admin may not save these roles (they would lock themselves out), or None."""
    if role_of(admin, roles) != "admin":
        return f"These roles would leave you ({admin}) without the admin role: keep it, or let another admin change it."
    return None


def roles_toml(roles: Roles, changed_by: str, at: dt.datetime) -> str:
    """A roles file's text for `roles`, headed by who last changed it and when."""
    changed_by = " ".join(changed_by.split())  # one comment line, whatever the name holds
    lines = [f"# Roles for the win/loss app (README: Sign-in and roles). Last changed by {changed_by} on {at:%Y-%m-%d %H:%M} UTC.", "", "[users]"]
    lines += [f"{json.dumps(who)} = {json.dumps(role)}" for who, role in sorted(roles.users.items())]
    lines += ["", "[domains]"]
    lines += [f"{json.dumps(domain)} = {json.dumps(role)}" for domain, role in sorted(roles.domains.items())]
    return "\n".join(lines) + "\n"


def save_roles(path: Path, roles: Roles, changed_by: str) -> None:
    """Write the roles file whole or not at all (a reader never sees half of it)."""
    text = roles_toml(roles, changed_by, dt.datetime.now(dt.UTC))
    parse_roles(text, str(path))  # what is written must read back
    path.parent.mkdir(parents=True, exist_ok=True)
    # A scratch file of its own: two admins saving at once each wrote the same fixed one, so one's replace
    # could move in the other's half-written file.
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".saving")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def role_of(email: str | None, roles: Roles, email_verified: bool | None = None) -> Role | None:
    """The role the roles file gives an e-mail address: its own line, else its domain's, else None.

    An address the identity provider says is not verified gets no role: anyone could claim it.
    """
    if not email or email_verified is False:
        return None
    address = email.strip().lower()
    if address in roles.users:
        return roles.users[address]
    domain = address.rpartition("@")[2]
    return roles.domains.get(domain) if domain and "@" in address else None


def is_local_address(address: str | None) -> bool:
    """Whether a server.address setting lets only this machine connect (unset means every interface)."""
    if not address:
        return False
    if address.lower() in LOCAL_ADDRESSES:
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


PROXY_HEADERS = ("x-forwarded-for", "x-forwarded-host", "forwarded", "x-real-ip")


def is_local_request(headers: Mapping[str, str] | None) -> bool:
    """Whether a request came straight from a browser on this machine: no proxy headers, a localhost Host.

    A reverse proxy on this machine makes a localhost-bound app reachable from anywhere, and a web
    page elsewhere can point a DNS name at 127.0.0.1: either shows in the headers. No headers (a
    test harness, no request) count as local.
    """
    if headers is None:
        return True
    lowered = {k.lower(): v for k, v in headers.items()}
    if any(h in lowered for h in PROXY_HEADERS):
        return False
    host = lowered.get("host")
    if host is None:
        return True
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return is_local_address(name.strip("[]"))


NOBODY: Final = ""  # the name of a change whose maker nobody named: the store records none, and no page shows one


def app_user(environ: Mapping[str, str] = os.environ) -> str:
    """Who the app records as making a change without sign-in (on localhost): $WINLOSS_USER when whoever
    runs it set one, else NOBODY. The OS account running the server named changes "by root" on the Data
    page, a name that tells a sales leader nothing (README, Sign-in and roles)."""
    return environ.get("WINLOSS_USER", "").strip()


def local_user(environ: Mapping[str, str] = os.environ) -> str:
    """Who the command line records as making a change: $WINLOSS_USER, else the OS account (README, Sign-in and roles)."""
    named = environ.get("WINLOSS_USER", "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        return "unknown"


def access_for(
    *,
    sign_in_configured: bool,
    server_address: str | None,
    user: Mapping[str, object] | None,
    roles: Roles,
    headers: Mapping[str, str] | None = None,
) -> Access:
    """What a visitor may do, from the app's configuration, the request, and what st.user says of them.

    `user` is st.user as a mapping (is_logged_in, email, email_verified, name), or None;
    `headers` the request's HTTP headers (st.context.headers), or None outside a request.
    """
    if not sign_in_configured:
        if is_local_address(server_address) and is_local_request(headers):
            return Access(role=LOCAL_ROLE, who=app_user())
        where = server_address or "every network interface"
        if is_local_address(server_address):
            where = "a request that came through a proxy or another host name"
        return Access(
            role=None, who=None,
            reason=(
                f"Sign-in is not configured, yet the app answers on {where}: nothing is shown until sign-in "
                "is set up (README, Sign-in and roles), or open it on this machine at localhost."
            ),
        )
    if not user or not user.get("is_logged_in"):
        return Access(role=None, who=None, reason="Sign in to see the win/loss dashboards.")
    email = str(user.get("email") or "").strip()
    verified = user.get("email_verified")
    role = role_of(email, roles, verified if isinstance(verified, bool) else None)
    if role is None:
        who = email or str(user.get("name") or "this account")
        why = " (the identity provider has not verified that address)" if verified is False else ""
        return Access(
            role=None, who=email or None, signed_in=True,
            reason=f"You are signed in as {who}{why}, which has no role here: ask an admin to add you to the roles file.",
        )
    return Access(role=role, who=email.lower(), signed_in=True)
