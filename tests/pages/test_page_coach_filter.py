"""The sidebar's Coach filter: offered beside Team and Manager once a roster gives reps a coach, kept in the link,
choosing which reps a page lists, and showing coaches by their pseudonyms with names anonymised."""

from __future__ import annotations

from app_driver import opened
from rendered import as_read

from winloss.ingest.pipeline import commit, prepare
from winloss.text import md

ROSTER = ("Name,Seller Profile,Team,Manager,Coach\n"
          "Dana Whitfield,Challenger,East,Mo Lee,Kim Park\n"
          "Sam Ortiz,Hard Worker,East,Mo Lee,Ana Cruz\n"
          "Li Wei,Lone Wolf,West,Mo Lee,\n")
DEALS = ("Deal ID,Deal owner,Deal Stage,Amount,Create Date,Close Date,Company name,Deal Name\n"
         "101,Dana Whitfield,Closed Won,1000,2026-01-05,2026-03-01,Acme A,Renewal\n"
         "102,Sam Ortiz,Closed Lost,2000,2026-01-05,2026-03-02,Acme B,Kim Park asked for a call\n"
         "103,Li Wei,Closed Won,1500,2026-01-05,2026-03-03,Acme C,Upsell\n"
         "104,Li Wei,Closed Lost,1500,2026-01-05,2026-03-04,Acme D,Upsell 2\n")


def coached(store) -> None:
    for content, name in ((ROSTER, "roster.csv"), (DEALS, "hubspot.csv")):
        commit(store, prepare(content.encode(), name), user="test")


def everything(at) -> str:
    """Every text the page shows, its widgets' options and its URL."""
    parts = [e.value for kind in ("title", "caption", "markdown", "info", "warning", "error") for e in at.get(kind)]
    parts += [str(frame.value) for frame in at.dataframe] + [str(m.options) for m in at.multiselect]
    return "\n".join([*parts, str(at.query_params)])


def listed(at) -> list[str]:
    """The leaderboard's reps."""
    return sorted(at.dataframe[0].value["rep"])


def test_the_coach_filter_appears_and_narrows_the_reps_listed(store) -> None:
    coached(store)
    at = opened("reps", period="all")
    assert not at.exception, [e.value for e in at.exception]
    keys = [m.key for m in at.multiselect]
    assert "coach" in keys and keys.index("coach") == keys.index("manager") + 1  # beside Team and Manager
    assert at.multiselect(key="coach").label == "Coach" and at.multiselect(key="coach").options == ["Ana Cruz", "Kim Park", "No coach"]
    assert listed(at) == ["Dana Whitfield", "Li Wei", "Sam Ortiz"]
    at.multiselect(key="coach").set_value(["Kim Park"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert listed(at) == ["Dana Whitfield"]
    assert any(f"Coach = {md('Kim Park')}" in m.value for m in at.markdown if "Filtered:" in m.value)


def test_a_link_with_a_coach_opens_on_that_coachs_reps(store) -> None:
    coached(store)
    at = opened("reps", period="all", coach="Kim Park")
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="coach").value == ["Kim Park"]
    assert listed(at) == ["Dana Whitfield"]


def test_anonymised_the_coach_is_a_pseudonym_and_a_real_names_link_still_filters(store) -> None:
    coached(store)
    at = opened("reps", period="all", anon="true", coach="Kim Park")
    assert not at.exception, [e.value for e in at.exception]
    pseudonym = at.multiselect(key="coach").value
    assert len(pseudonym) == 1 and pseudonym[0].startswith("Coach ")
    assert at.multiselect(key="coach").options == ["Coach 01", "Coach 02", "No coach"]
    assert at.query_params["coach"] == pseudonym[0]
    assert len(listed(at)) == 1 and listed(at)[0].startswith("Rep ")
    assert not any(name in everything(at) for name in ("Kim Park", "Ana Cruz", "Dana Whitfield"))


def test_no_coach_chooses_the_reps_no_coach_coaches_and_is_kept_in_the_link(store) -> None:
    """Li Wei has no coach: the control group of a coaching programme, which no choice could select."""
    coached(store)
    at = opened("reps", period="all")
    at.multiselect(key="coach").set_value(["No coach"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert listed(at) == ["Li Wei"]
    assert any("Coach = No coach" in m.value for m in at.markdown if "Filtered:" in m.value)
    # Every coach but not "No coach" is a filter now, and its sentence gives all it leaves out.
    at.multiselect(key="coach").set_value(["Ana Cruz", "Kim Park"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert listed(at) == ["Dana Whitfield", "Sam Ortiz"]
    overview = opened("overview", period="all", coach=["Ana Cruz", "Kim Park"])
    assert not overview.exception, [e.value for e in overview.exception]
    assert ("The Coach filter keeps 2 of the 4 closed deals in this range; the 2 it leaves out have no coach."
            in [as_read(c.value) for c in overview.caption])
    # A pasted link keeps it, anonymised too: "No coach" is no one's name.
    for linked in (opened("reps", period="all", coach="No coach"),
                   opened("reps", period="all", anon="true", coach="No coach")):
        assert not linked.exception, [e.value for e in linked.exception]
        assert linked.multiselect(key="coach").value == ["No coach"]
        assert len(listed(linked)) == 1


def test_no_coach_in_the_data_offers_no_coach_filter(sample, seen) -> None:
    at = seen("overview")
    assert not at.exception
    assert "manager" in [m.key for m in at.multiselect] and "coach" not in [m.key for m in at.multiselect]


def test_a_reps_page_names_their_coach_under_the_name_and_by_pseudonym_anonymised(store) -> None:
    """The line under a rep's name named the manager but not the coach the roster gives."""
    coached(store)
    at = opened("reps", period="all", rep="Dana Whitfield")
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value == f"Challenger · team East · manager {md('Mo Lee')} · coach {md('Kim Park')}" for m in at.markdown)
    alone = opened("reps", period="all", rep="Li Wei")
    assert not alone.exception and any(m.value == f"Lone Wolf · team West · manager {md('Mo Lee')}" for m in alone.markdown)
    masked = opened("reps", period="all", anon="true", rep="Dana Whitfield")
    assert not masked.exception, [e.value for e in masked.exception]
    (line,) = [m.value for m in masked.markdown if m.value.startswith("Challenger · ")]
    assert line.split(" · ")[-1].startswith("Coach ") and "Kim" not in everything(masked)
