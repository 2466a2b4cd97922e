"""The app as a shared link opens it, for the page tests: dashboard.py (the front door: sign-in, the
sidebar, the store) run by Streamlit's AppTest, then the page."""

from __future__ import annotations

import math
from pathlib import Path

from streamlit.testing.v1 import AppTest

from winloss.text import DASH

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # seconds a run may take: the first run of a session builds the deals frame


def opened(page: str, signed_in: str | None = None, **query: str | list[str]) -> AppTest:
    """`page` (an app_pages/ file's name, or "dashboard" for the front door alone) opened with
    `query` in the URL, as a shared link would open it. Exceptions are left for the test to read.

    `signed_in`: the e-mail of a visitor signed in (sign-in configured, the address verified), whose role
    the roles file at $WINLOSS_ROLES gives; without it, the visitor is on this machine (an admin)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    if signed_in is not None:
        at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "for tests only",
                              "client_id": "winloss", "client_secret": "winloss-secret",
                              "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}
        at.user = {"is_logged_in": True, "email": signed_in, "email_verified": True, "name": signed_in}
    for key, value in query.items():
        at.query_params[key] = value
    if page != "dashboard":
        # Straight to the page, as a link to it opens: the front door's default page (the Overview,
        # all its figures) is not drawn first. Before the first run AppTest names the page by its
        # file name, which is the URL path dashboard.py gives every page.
        at.switch_page(f"app_pages/{page}.py")
    at.run()
    if page != "dashboard" and at._registered_pages:  # the front door stopped before its navigation: no page to check
        # The page asked for by its file name is the one the navigation registered (the run may then
        # have moved on, as a chart's click does).
        wanted = at._resolve_page_hash(str(ROOT / "app_pages" / f"{page}.py"))
        assert at._page_hash == wanted, f"AppTest asked for another page than {page}"
    return at


def grid_text(grid, column: str) -> list[str]:
    """The text a data grid draws in `column`'s cells where the page wrote it (a pandas Styler's
    display values, which the grid draws in a number column without a format); [] when it did not.

    A cell whose value is missing reads the grid's placeholder ("—") whatever its display value: the
    grid draws a missing value so before it looks at the Styler's words (Streamlit 1.67), which is
    how "No rate for GBP" and "£114k (not converted)" read "—" in the browser; a NaN in a number
    column it draws as an error cell, "NaN"."""
    import pyarrow as pa

    shown = grid.proto.arrow_data.styler.display_values
    if not shown:
        return []
    words = pa.ipc.open_stream(shown).read_all().column(column).to_pylist()
    values = pa.ipc.open_stream(grid.proto.arrow_data.data).read_all().column(column).to_pylist()
    return [DASH if value is None else "NaN" if isinstance(value, float) and math.isnan(value) else word
            for word, value in zip(words, values, strict=True)]


def read_aloud(grid, column: str) -> list[str]:
    """What the grid's table for screen readers says in `column`'s cells: the value the page sent it, not
    the words drawn over it (Streamlit 1.67's grid reads a number cell's value as JavaScript writes it,
    -inf as "-Infinity", and a text cell's text); "" for a missing value."""
    import pyarrow as pa

    values = pa.ipc.open_stream(grid.proto.arrow_data.data).read_all().column(column).to_pylist()

    def spoken(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            if math.isnan(value):
                return "NaN"
            if math.isinf(value):
                return "Infinity" if value > 0 else "-Infinity"
            return str(int(value)) if value.is_integer() else repr(value)
        return str(value)

    return [spoken(v) for v in values]


def stage_editor(at: AppTest):
    """The Data page's stage editor (Stage outcomes) of the upload in view."""
    (editor,) = [e for e in at.data_editor if (e.key or "").startswith("stages_")]
    return editor


def counted_as(at: AppTest, choices: dict[str, str]) -> AppTest:
    """Choose what stage values count as in the upload's stage editor, as a user does in the preview."""
    editor = stage_editor(at)
    stages = list(editor.value["stage"])
    at.session_state[editor.key] = {
        "edited_rows": {stages.index(stage): {"count_as": outcome} for stage, outcome in choices.items()},
        "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def committed(at: AppTest, data: bytes) -> str:
    """Press the Commit of the upload of `data` (its key from the file's hash) as a user does, once it is on,
    and give the one confirmation it draws ("Stored as version N: …")."""
    from winloss.ingest.pipeline import sha256_of

    button = at.button(key=f"commit_{sha256_of(data)[:16]}")
    assert not button.disabled
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    (done,) = [s.value for s in at.success if "Stored as version" in s.value]
    return done

