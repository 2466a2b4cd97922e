"""Issue 5: with "Anonymise reps" on (?anon=true) no page shows a real rep or manager name, anywhere.

A customer store holds the sample export and roster; every page is opened from the app's front door
with ?anon=true, and everything it renders is searched for every real name: markdown, captions,
metrics, tables (their data), data editors, chart JSON (hovers included), widget options, and the
names and bytes of every download. The same search run with anonymisation off must find names,
so the test cannot pass by searching nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import app_driver
import pytest
from streamlit.testing.v1 import AppTest

from winloss.deals import deals
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views.data_page import ANONYMISED_SENTENCE

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
TIMEOUT = 120
PAGES = ("dashboard", "overview", "profiles", "no_decision", "reps", "review", "data")
ANALYSIS = ("dashboard", "overview", "profiles", "no_decision", "reps", "review")


@pytest.fixture(scope="module")
def customer(tmp_path_factory, sample_store: Path) -> Iterator[Store]:
    """A customer store holding the sample export and roster, so every page measures real names."""
    path = tmp_path_factory.mktemp("anonymity") / "store"
    store = Store(path)
    for name in ("rep_roster.csv", "salesforce_opportunities.csv"):
        commit(store, prepare((SAMPLE / name).read_bytes(), name), user="tester")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WINLOSS_STORE", str(path))
        patch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
        patch.setenv("WINLOSS_USER", "tester")
        yield store


@pytest.fixture(scope="module")
def names(customer: Store) -> set[str]:
    """Every real rep and manager name: the roster file's and the stored deals'."""
    roster = pl.read_csv(SAMPLE / "rep_roster.csv")
    stored = deals(customer)
    found = (
        set(roster.get_column("Rep Name").drop_nulls())
        | set(roster.get_column("Manager").drop_nulls())
        | set(stored.get_column("rep").drop_nulls())
        | set(stored.get_column("manager").drop_nulls())
    )
    assert len(found) > 30
    return found


# ---- what a page shows --------------------------------------------------------------------------
def opened(page: str, **query: str) -> AppTest:
    """`page` opened from the app's front door with `query` in the URL, as a shared link would."""
    at = app_driver.opened(page, **query)
    assert not at.exception, [e.value for e in at.exception]
    return at


from rendered import clicked, downloaded, leaked, rendered_text  # noqa: E402


def offered(downloads: dict, deferred: dict) -> dict:
    """Every file the page offered, by name: those sent with it (conftest's `downloads`) and its CSVs made
    on a click (`deferred`: a chart's data, a list's deals), made as the click makes them."""
    return {**downloads, **clicked(deferred)}


# ---- the tests ----------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_anonymised_page_shows_no_real_name_anywhere(customer, names, downloads, deferred, page):
    at = opened(page, anon="true")
    assert at.toggle(key="anon").value is True
    text = rendered_text(at)
    assert leaked(text, names) == []
    files = offered(downloads, deferred)
    assert leaked(downloaded(files), names) == []
    if page in ANALYSIS:
        assert "Rep 0" in text, "the pseudonyms are what the page shows instead"
    if page == "review":
        assert [n for n in files if not n.startswith("/media/")], "the review offers its files: they were searched"


def test_the_search_finds_names_when_they_are_shown(customer, names, downloads, deferred):
    """Without anonymisation the same search finds names, so the test above can fail."""
    data = opened("data")
    assert leaked(rendered_text(data), names)  # the roster editor
    reps = opened("reps")
    assert leaked(rendered_text(reps), names)
    review = opened("review")
    assert leaked(downloaded(offered(downloads, deferred)), names)  # the review's files
    assert not review.exception


def test_anonymised_data_page_keeps_counts_and_history_and_says_why(customer, names, downloads):
    at = opened("data", anon="true")
    assert ANONYMISED_SENTENCE in "\n".join(i.value for i in at.info)
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Deals stored"] == f"{customer.opportunities().collect().height:,}"
    assert tiles["Version"] == str(customer.version())
    history = [d.value for d in at.dataframe if "In effect" in d.value.columns]
    # Each file by its label, as with names anonymised a file's name may name anyone (the README's Presenting).
    assert history and set(history[0]["File"]) == {"CSV file 1", "CSV file 2"}
    assert not at.file_uploader and not at.data_editor  # no upload previews, no roster editor
    assert not [b for b in at.download_button if "quarantined" in b.label]
    assert not [b for b in at.button if b.key in ("rollback", "roster_save", "reasons_save")]
    assert leaked(rendered_text(at), names) == []


def test_turning_anonymisation_on_after_an_upload_hides_its_preview(customer, names, downloads, deferred):
    """A file dropped with names shown: its preview, errors and quarantine go once names are anonymised."""
    at = opened("data")
    export = (SAMPLE / "salesforce_opportunities.csv").read_bytes()
    at.file_uploader(key="uploads").set_value([("export.csv", export, "text/csv")]).run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert leaked(rendered_text(at), names), "the preview shows the names while they are not anonymised"
    downloads.clear()
    deferred.clear()
    at.toggle(key="anon").set_value(True).run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert leaked(rendered_text(at), names) == []
    assert leaked(downloaded(offered(downloads, deferred)), names) == []


def test_a_link_to_a_real_rep_shows_no_name_when_anonymised(customer, names, downloads, deferred):
    """?rep=<a real name> with ?anon=true (a link made before anonymising) must not reveal the name."""
    real = pl.read_csv(SAMPLE / "rep_roster.csv").get_column("Rep Name")[0]
    at = opened("reps", anon="true", rep=real)
    text = rendered_text(at)
    assert leaked(text, names) == []
    assert leaked(downloaded(offered(downloads, deferred)), names) == []


def test_a_link_to_a_real_manager_keeps_its_filter_and_shows_no_name_when_anonymised(customer, names, downloads):
    """?manager=<a real name>&anon=true filters by that manager under their pseudonym; their name is
    nowhere on the page, in its widgets or in the URL (it showed company totals, unsaid)."""
    real = pl.read_csv(SAMPLE / "rep_roster.csv").get_column("Manager").drop_nulls()[0]
    at = opened("overview", anon="true", manager=real)
    assert leaked(rendered_text(at) + str(at.query_params), names) == []
    assert [m.value for m in at.markdown if "**Filtered:** Manager = Manager " in m.value]
