"""The Profile assessment page through AppTest: rate a rep, save, see the profile on Seller profiles, roll back."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import polars as pl
import app_driver
import pytest
from streamlit.testing.v1 import AppTest

from winloss.anonymise import anonymised
from winloss.text import md
from winloss.assessment import STATEMENTS
from winloss.deals import deals
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
REP = "Cy [Vale](http://x.io)"  # a name that would be a link if it reached Markdown unescaped


def csv(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def thirty_and_ten(store: Store) -> None:
    """30 closed deals of an unprofiled rep and 10 of a rostered Hard Worker, stored by "ops"."""
    reps = [REP] * 30 + ["Ann Obi"] * 10
    opportunities = pl.DataFrame({
        "Opportunity ID": [f"O-{i}" for i in range(len(reps))], "Rep": reps,
        "Stage": ["Closed Won" if i % 3 == 0 else "Closed Lost" for i in range(len(reps))],
        "Created Date": ["2026-07-01"] * len(reps), "Close Date": ["2026-09-15"] * len(reps),
    })
    roster = pl.DataFrame({"Rep": ["Ann Obi"], "Seller Profile": ["Hard Worker"]})
    for name, content in (("team.csv", csv(roster)), ("deals.csv", csv(opportunities))):
        commit(store, prepare(content, name), user="ops")


@pytest.fixture
def store(store: Store, filled) -> Store:
    """The page tests' customer store (tests/pages/conftest.py) holding `thirty_and_ten`'s deals."""
    filled(thirty_and_ten)
    return store


def opened(page: str, **query: str) -> AppTest:
    at = app_driver.opened(page, **{"period": "All time", **query})
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return "\n".join(e.value for kind in ("caption", "markdown", "info", "success", "warning", "error")
                     for e in at.get(kind))


def rate(at: AppTest, rep: str, profile: str, rater: str = "Mara Quint") -> AppTest:
    slug = [k for k in at.session_state if str(k).startswith("as-rater-")]
    at.selectbox(key="as-rep").set_value(rep).run()
    key = next(str(k) for k in at.session_state if str(k).startswith("as-rater-"))
    at.text_input(key=key).input(rater)
    suffix = key.removeprefix("as-rater-")
    for statement in STATEMENTS:
        at.radio(key=f"as-{suffix}-{statement.id}").set_value(5 if statement.profile == profile else 2)
    assert slug is not None
    at.button(key=f"FormSubmitter:as-form-{suffix}-Score and save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at



def statement_radios(at) -> list:
    """The questionnaire's radios: the sidebar's Win rate counts is a radio too (ui.sidebar)."""
    return [radio for radio in at.radio if radio.key != "rate"]

def test_the_page_says_it_is_an_indicative_questionnaire_and_lists_unprofiled_reps_first(store):
    at = opened("assessment")
    assert [t.value for t in at.title] == ["Profile assessment"]
    assert "not the validated diagnostic" in texts(at)
    assert at.selectbox(key="as-rep").options[0] == REP + " (30 deals)"
    assert "Profile now: **Unprofiled**" in texts(at)
    assert len(statement_radios(at)) == len(STATEMENTS)


def test_a_rep_with_one_deal_is_listed_with_1_deal(store):
    """The rep picker read "Di One (1 deals)"."""
    one = pl.DataFrame({"Opportunity ID": ["O-one"], "Rep": ["Di One"], "Stage": ["Closed Won"],
                        "Created Date": ["2026-07-01"], "Close Date": ["2026-09-15"]})
    commit(store, prepare(csv(one), "one.csv"), user="ops")
    options = opened("assessment").selectbox(key="as-rep").options
    assert "Di One (1 deal)" in options and REP + " (30 deals)" in options


def test_rate_save_see_it_on_seller_profiles_and_roll_back(store):
    before = opened("profiles")
    uploaded = f"(uploaded {dt.date.today().day} {dt.date.today():%b %Y})"
    assert f"Profiles: 1 rep from the roster {uploaded}, 0 from assessments, 1 unprofiled (75% of closed deals)." in texts(before)
    assert "75% of the closed deals in range belong to reps without a seller profile" in texts(before)
    assert not before.get("plotly_chart")  # it leads with what to do, not with grey bars
    version = store.version()
    at = rate(opened("assessment"), REP, "Challenger")
    assert store.version() == version + 1
    assert "is now **Challenger**" in texts(at)
    # Enter in the rater's name saved the form; and the same answers saved again made a version of "20 new".
    forms = [f.proto.form for f in at.form]
    assert forms and not any(f.enter_to_submit for f in forms)
    at = rate(at, REP, "Challenger")
    assert store.version() == version + 1
    assert "Nothing new to save: " in texts(at) and "is now **Challenger**" not in texts(at)
    assert md(REP) in texts(at) and r"Cy \[Vale\]\(http" in texts(at)  # the name is shown as typed, never as a link
    assert set(deals(store).filter(pl.col("rep") == REP)["seller_profile"]) == {"Challenger"}
    after = opened("profiles")
    assert f"Profiles: 1 rep from the roster {uploaded}, 1 from assessments, 0 unprofiled (0% of closed deals)." in texts(after)
    spec = "\n".join(c.proto.spec for c in after.get("plotly_chart"))
    assert '"Challenger"' in spec
    # The assessed reps' deals are every deal stored, not the sidebar's range as on the Reps page: said.
    assessed = opened("assessment")
    (grid,) = [d for d in assessed.dataframe if "seller_profile" in d.value.columns]
    column = json.loads(grid.proto.columns)["deals"]
    assert column["label"] == "Deals stored" and "whatever the sidebar's range" in column["help"]
    assert store.rollback(version).store_version == version + 2
    rolled = opened("profiles")
    assert "0 from assessments" in texts(rolled)


def test_a_second_rater_who_disagrees_leaves_the_rep_mixed(store):
    at = rate(opened("assessment"), REP, "Challenger")
    at = rate(at, REP, "Lone Wolf", rater="Olu Brandt")
    assert "Mixed" in texts(at) and "The raters disagree on the top profile" in texts(at)
    assert set(deals(store).filter(pl.col("rep") == REP)["seller_profile"]) == {"Unprofiled"}
    assert store.assessments().collect().get_column("rater").n_unique() == 2


def test_a_blank_rater_is_one_sentence_and_saves_nothing(store):
    at = opened("assessment")
    version = store.version()
    key = next(str(k) for k in at.session_state if str(k).startswith("as-rater-"))
    at.text_input(key=key).input("")
    at.button(key=f"FormSubmitter:as-form-{key.removeprefix('as-rater-')}-Score and save").click().run()
    assert "Write who is rating" in texts(at) and store.version() == version


def test_anonymised_the_page_hides_rep_and_rater_names(store):
    rate(opened("assessment"), REP, "Challenger")
    at = opened("assessment", anon="true")
    shown = texts(at) + "\n".join(str(d.value) for d in at.dataframe) + "\n".join(
        c.proto.spec for c in at.get("plotly_chart")) + "\n".join(str(s.options) for s in at.selectbox)
    assert "Vale" not in shown and "Mara" not in shown
    pseudonym = anonymised(deals(store)).filter(pl.col("opportunity_id") == "O-0")["rep"].item()
    assert pseudonym.startswith("Rep ") and pseudonym in shown and "Rater 1" in shown  # as on every other page
    assert not statement_radios(at)  # no rating while anonymised


def test_anonymised_every_assessed_rep_has_a_pseudonym_of_their_own(store):
    """Reps in the roster with no deal, and a rep the roster spells otherwise than the deals ("ANN OBI"
    beside the deals' "Ann Obi"), each read "Rep —" once assessed and anonymised: no pseudonym was found
    for them, so two of them could not be told apart."""
    roster = pl.DataFrame({"Rep": ["ANN OBI", "Priya Raman", "Sam Cole"], "Seller Profile": ["Hard Worker", "", ""]})
    commit(store, prepare(csv(roster), "team.csv"), user="ops")
    for rep in ("Priya Raman", "Sam Cole", "Ann Obi"):
        rate(opened("assessment"), rep, "Lone Wolf")
    at = opened("assessment", anon="true")
    (grid,) = [d.value for d in at.dataframe if "shown" in d.value.columns]
    shown = grid["shown"].to_list()
    assert len(shown) == 3 and len(set(shown)) == 3 and all(name.startswith("Rep ") and name != "Rep —" for name in shown)
    everything = texts(at) + "\n".join(str(d.value) for d in at.dataframe) + "\n".join(str(s.options) for s in at.selectbox)
    assert not any(name in everything for name in ("Priya", "Sam Cole", "Obi", "OBI"))


def test_the_questionnaire_downloads_for_the_chosen_reps(store, downloads):
    at = opened("assessment")
    assert at.multiselect(key="as-q-reps").value == [REP]
    prepared = prepare(downloads["profile_questionnaire.csv"], "profile_questionnaire.csv")
    assert prepared.kind == "assessment"
    assert prepared.table.frame.height == len(STATEMENTS)
    assert prepare(downloads["profile_questionnaire.xlsx"], "q.xlsx").table.frame.height == len(STATEMENTS)


def test_a_roster_upload_lists_the_assessed_profiles_it_contradicts_and_the_user_chooses(store):
    from winloss.ingest.pipeline import sha256_of

    rate(opened("assessment"), REP, "Challenger")
    roster = csv(pl.DataFrame({"Rep": [REP, "Ann Obi"], "Seller Profile": ["Lone Wolf", "Hard Worker"]}))
    at = opened("data")
    at.file_uploader(key="uploads").set_value([("team2.csv", roster, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1 rep in this roster has a profile from an assessment that the roster contradicts" in texts(at)
    conflicts = next(d.value for d in at.dataframe if "assessed" in d.value.columns)
    assert list(conflicts["uploaded"]) == ["Lone Wolf"] and list(conflicts["assessed"]) == ["Challenger"]
    key = sha256_of(roster)[:16]
    at.multiselect(key=f"take_{key}").set_value([REP]).run()
    at.button(key=f"commit_{key}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert set(deals(store).filter(pl.col("rep") == REP)["seller_profile"]) == {"Lone Wolf"}


def test_a_reps_answers_saved_under_another_spelling_are_shown_for_the_rep(store):
    """The page read a rep's earlier answers by the exact name: answers saved for "José Díaz" showed
    nothing for the deals' "Jose Diaz", the rep the list counts as assessed (identity.name_key)."""
    from winloss.assessment import answers_frame

    jose = pl.DataFrame({"Opportunity ID": ["O-jd"], "Rep": ["Jose Diaz"], "Stage": ["Closed Won"],
                         "Created Date": ["2026-07-01"], "Close Date": ["2026-09-15"]})
    commit(store, prepare(csv(jose), "jose.csv"), user="ops")
    answers = answers_frame("Mara Quint", {s.id: 5 if s.profile == "Challenger" else 2 for s in STATEMENTS})
    store.save_assessment(answers.with_columns(rep=pl.lit("José Díaz"), date=pl.lit(dt.date(2026, 11, 30))), None,
                          user="mgr")
    at = opened("assessment")
    at.selectbox(key="as-rep").set_value("Jose Diaz").run()
    assert "**Jose Diaz** — Challenger" in texts(at)
    at = rate(at, "Jose Diaz", "Challenger", rater="Olu Brandt")
    assert "Rated by Mara Quint, Olu Brandt" in texts(at)


def test_the_profile_scores_chart_is_drawn_for_presenter_mode_like_every_other_chart(store):
    """The page drew its chart without saying presenter mode was on: its type stayed small on the shared screen."""
    def layout(at: AppTest) -> dict:
        (figure,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        return figure["layout"]

    plain = layout(rate(opened("assessment"), REP, "Challenger"))
    presenting = opened("assessment", present="true")
    assert presenting.selectbox(key="as-show").value == REP  # rating is off; the result is shown
    shown = layout(presenting)
    assert shown["height"] > plain["height"]
    assert shown["template"]["layout"]["font"]["size"] > plain["template"]["layout"]["font"]["size"]
