"""Sign-in end to end: a real OpenID Connect provider and the app on localhost ports, driven by Chromium.

The provider (oidc-provider-mock) issues real authorization codes and signed ID tokens; st.login,
Authlib and the app's roles run unchanged. Nothing here stands in for st.login.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Page, expect

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

ROOT = Path(__file__).resolve().parents[2]
OPS = "olga.ops@northwind.test"
STRANGER = "mallory@elsewhere.test"
HEADER = "Opportunity ID,Opportunity Owner,Stage,Close Date,Amount\n"
# Deals already stored, so the app measures them rather than building the bundled sample.
STORED = HEADER + "SSO-0,Bo Baker,Closed Won,2025-02-03,900\nSSO-9,Bo Baker,Closed Lost,2025-02-04,700\n"
EXPORT = HEADER + "SSO-1,Ann Archer,Closed Won,2025-03-03,1200\nSSO-2,Ann Archer,Closed Lost,2025-03-04,800\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 40) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds:.0f} s")


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The provider and the app, with sign-in configured, on a store holding two deals; yields the URL and the store."""
    work = tmp_path_factory.mktemp("sso")
    commit(Store(work / "store"), prepare(STORED.encode(), "stored.csv"), user="seed")
    with run_server_in_thread(port=free_port(), user_claims=[User(sub=OPS, claims={"email": OPS, "name": "Olga Ops"})]) as provider:
        issuer = f"http://localhost:{provider.server_port}"
        port = free_port()
        (work / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            'cookie_secret = "a cookie secret for this test only, long enough"\n'
            'client_id = "winloss"\nclient_secret = "winloss-secret"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        )
        (work / "roles.toml").write_text(f'[users]\n"{OPS}" = "ops"\n')
        env = {
            **os.environ, "WINLOSS_STORE": str(work / "store"), "WINLOSS_SAMPLE_STORE": str(work / "no-sample"),
            "WINLOSS_ROLES": str(work / "roles.toml"), "WINLOSS_USER": "someone-else",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.port", str(port), "--secrets.files", str(work / "secrets.toml")],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            wait_for(f"http://localhost:{port}/_stcore/health")
            yield f"http://localhost:{port}", work / "store"
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)


def sign_in(page: Page, url: str, subject: str) -> None:
    """Press Sign in, then tell the provider who you are."""
    page.goto(url)
    page.get_by_role("button", name="Sign in").click(timeout=30_000)
    page.wait_for_url("**/oauth2/authorize**", timeout=15_000)
    page.locator('input[name="sub"]').fill(subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=15_000)


def test_ops_sign_in_upload_under_their_name_sign_out_and_a_stranger_sees_nothing(app, browser, tmp_path):
    url, store_path = app
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    expect(page.get_by_text("Sign in to see the win/loss dashboards.")).to_be_visible(timeout=30_000)
    assert page.get_by_role("heading", name="Overview").count() == 0  # no data before sign-in

    sign_in(page, url, OPS)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(f"{OPS} · Sales ops")).to_be_visible()

    page.goto(f"{url}/data")
    expect(page.get_by_role("tab", name="Upload")).to_be_visible(timeout=30_000)
    assert page.get_by_role("tab", name="Access").count() == 0  # ops, not admin
    (tmp_path / "sso_export.csv").write_text(EXPORT)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(tmp_path / "sso_export.csv"))
    page.get_by_role("button", name="Save to the dashboard").click(timeout=30_000)
    expect(page.get_by_text("Deals stored")).to_be_visible()
    page.wait_for_function("() => document.body.innerText.includes('version 2')", timeout=30_000)
    manifest = Store(store_path).manifest()
    # The signed-in identity, not $WINLOSS_USER nor the OS account the server runs as.
    assert manifest.select("action", "user").rows() == [("ingest", "seed"), ("ingest", OPS)]
    stored = Store(store_path).opportunities().collect().get_column("opportunity_id")
    assert sorted(stored) == ["SSO-0", "SSO-1", "SSO-2", "SSO-9"]
    page.screenshot(path=str(tmp_path / "signed_in_data.png"))

    page.get_by_role("button", name="Sign out").first.click()
    page.get_by_role("button", name="End session").click(timeout=15_000)  # the provider's own logout page
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)

    # Someone the provider knows but the roles file does not: signed in, shown nothing, changes nothing.
    sign_in(page, url, STRANGER)
    expect(page.get_by_text(f"You are signed in as {STRANGER}")).to_be_visible(timeout=30_000)
    page.goto(f"{url}/data")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=30_000)
    assert page.get_by_text("Deals stored").count() == 0 and "SSO-" not in page.content()
    assert set(Store(store_path).manifest().get_column("user")) == {"seed", OPS}
    page.close()
