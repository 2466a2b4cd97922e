"""The sidebar's Coach filter when a roster names a coach "No coach": the coach and the reps no coach coaches are
two choices, each listing its reps, in the sidebar, the Filtered line and a link, anonymised too."""

from __future__ import annotations

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss.text import md

ROSTER = ("Name,Seller Profile,Team,Manager,Coach\n"
          "Dana Whitfield,Challenger,East,Mo Lee,No coach\n"
          "Sam Ortiz,Hard Worker,East,Mo Lee,Kim Park\n"
          "Li Wei,Lone Wolf,West,Mo Lee,\n")
DEALS = ("Deal ID,Deal owner,Deal Stage,Amount,Create Date,Close Date,Company name,Deal Name\n"
         "101,Dana Whitfield,Closed Won,1000,2026-01-05,2026-03-01,Acme A,Renewal\n"
         "102,Sam Ortiz,Closed Lost,2000,2026-01-05,2026-03-02,Acme B,Expansion\n"
         "103,Li Wei,Closed Won,1500,2026-01-05,2026-03-03,Acme C,Upsell\n")


def coached(store) -> None:
    for content, name in ((ROSTER, "roster.csv"), (DEALS, "hubspot.csv")):
        commit(store, prepare(content.encode(), name), user="test")


def listed(at) -> list[str]:
    """The leaderboard's reps."""
    return sorted(at.dataframe[0].value["rep"])


def filtered(at) -> list[str]:
    return [m.value for m in at.markdown if "Filtered:" in m.value]


def test_a_coach_named_no_coach_and_the_reps_no_coach_coaches_are_two_choices(store) -> None:
    coached(store)
    at = opened("reps", period="all")
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="coach").options == ["Kim Park", "No coach", "(No coach)"]
    at.multiselect(key="coach").set_value(["No coach"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert listed(at) == ["Dana Whitfield"]
    assert any(f"Coach = {md('No coach')} —" in line for line in filtered(at)), filtered(at)
    at.multiselect(key="coach").set_value(["(No coach)"]).run()
    assert listed(at) == ["Li Wei"]
    assert any(f"Coach = {md('(No coach)')} —" in line for line in filtered(at)), filtered(at)


def test_a_link_to_either_opens_on_its_reps_in_both_namings(store) -> None:
    coached(store)
    for value, reps in (("No coach", ["Dana Whitfield"]), ("(No coach)", ["Li Wei"])):
        at = opened("reps", period="all", coach=value)
        assert not at.exception, [e.value for e in at.exception]
        assert at.multiselect(key="coach").value == [value] and listed(at) == reps
    # Anonymised the coach named "No coach" is a pseudonym; the blank choice is still "(No coach)".
    hidden = opened("reps", period="all", anon="true", coach="(No coach)")
    assert not hidden.exception, [e.value for e in hidden.exception]
    assert hidden.multiselect(key="coach").value == ["(No coach)"] and len(listed(hidden)) == 1
    options = hidden.multiselect(key="coach").options
    assert options[-1] == "(No coach)" and all(o.startswith("Coach ") for o in options[:-1])
    named = opened("reps", period="all", anon="true", coach="No coach")
    assert not named.exception, [e.value for e in named.exception]
    (pseudonym,) = named.multiselect(key="coach").value
    assert pseudonym.startswith("Coach ") and len(listed(named)) == 1 and listed(named) != listed(hidden)
