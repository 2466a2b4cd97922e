"""The Reps page's "Before and after a day": the win rate of the reps the filters choose (a coach's) before a day
against from it on, with each side's n and the verdict, under the sidebar's filters."""

from __future__ import annotations

import datetime as dt

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss.measures.before_after import DAY_PARAM, linked_day_note
from winloss.text import md

ROSTER = ("Name,Seller Profile,Team,Manager,Coach\n"
          "Dana Whitfield,Challenger,East,Mo Lee,Kim Park\n"
          "Sam Ortiz,Hard Worker,East,Mo Lee,Ana Cruz\n")
HEADER = "Deal ID,Deal owner,Deal Stage,Amount,Create Date,Close Date,Company name\n"


def rows(first: int, rep: str, close: str, won: int, lost: int) -> str:
    stages = ["Closed Won"] * won + ["Closed Lost"] * lost
    return "".join(f"{first + i},{rep},{stage},1000,2026-01-02,{close},Acme {first + i}\n" for i, stage in enumerate(stages))


def test_the_reps_page_compares_the_chosen_reps_before_and_after_a_day(store) -> None:
    # Dana (coached by Kim Park): 5 of 20 won in February, 15 of 20 from March; Sam's deals are another coach's.
    deals = (HEADER + rows(100, "Dana Whitfield", "2026-02-10", 5, 15) + rows(200, "Dana Whitfield", "2026-03-10", 15, 5)
             + rows(300, "Sam Ortiz", "2026-03-11", 1, 3))
    for content, name in ((ROSTER, "roster.csv"), (deals, "hubspot.csv")):
        commit(store, prepare(content.encode(), name), user="test")
    at = opened("reps", coach="Kim Park", period="Custom range", **{"from": "2026-01-01", "to": "2026-06-30"})
    assert not at.exception, [e.value for e in at.exception]
    assert any("Pick a day inside the range" in c.value for c in at.caption)
    at.date_input(key="before_after_day").set_value(dt.date(2026, 3, 1)).run()
    assert not at.exception, [e.value for e in at.exception]
    said = [m.value for m in at.markdown if m.value.startswith("Win rate of the reps these filters choose")]
    assert said == [md("Win rate of the reps these filters choose before 1 Mar 2026 (1 Jan 2026 – 28 Feb 2026): 25% "
                       "(n = 20); from 1 Mar 2026 (to 30 Jun 2026): 75% (n = 20); +50 pts: likely real.")]


SAID = md("Win rate of the reps these filters choose before 1 Mar 2026 (1 Jan 2026 – 28 Feb 2026): 25% (n = 20); "
          "from 1 Mar 2026 (to 30 Jun 2026): 75% (n = 20); +50 pts: likely real.")
RANGE = {"coach": "Kim Park", "period": "Custom range", "from": "2026-01-01", "to": "2026-06-30"}


def stored(store) -> None:
    deals = (HEADER + rows(100, "Dana Whitfield", "2026-02-10", 5, 15) + rows(200, "Dana Whitfield", "2026-03-10", 15, 5)
             + rows(300, "Sam Ortiz", "2026-03-11", 1, 3))
    for content, name in ((ROSTER, "roster.csv"), (deals, "hubspot.csv")):
        commit(store, prepare(content.encode(), name), user="test")


def comparisons(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("Win rate of the reps these filters choose")]


def test_the_day_picked_goes_into_the_address_and_a_link_with_it_opens_the_same_comparison(store) -> None:
    stored(store)
    at = opened("reps", **RANGE)
    # The field is bound to the address: the browser writes the day picked under DAY_PARAM, as YYYY-MM-DD.
    field = at.date_input(key=DAY_PARAM)
    assert (field.proto.query_param_key, field.proto.format) == (DAY_PARAM, "YYYY-MM-DD")
    # The link shared: the same day chosen, the same sentence, in view.
    shared = opened("reps", **RANGE, **{DAY_PARAM: "2026-03-01"})
    assert not shared.exception, [e.value for e in shared.exception]
    assert shared.date_input(key=DAY_PARAM).value == dt.date(2026, 3, 1)
    assert comparisons(shared) == [SAID]
    (box,) = [e for e in shared.expander if e.label == "Before and after a day"]
    assert box.proto.expanded


def test_a_links_day_outside_the_range_is_said_in_one_sentence_and_not_used(store) -> None:
    stored(store)
    at = opened("reps", **RANGE, **{DAY_PARAM: "2026-07-15"})
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == [md(linked_day_note("2026-07-15", dt.date(2026, 1, 1), dt.date(2026, 6, 30)))]
    assert "15 Jul 2026" in at.warning[0].value and "1 Jan 2026" not in at.warning[0].value
    assert at.date_input(key=DAY_PARAM).value is None and comparisons(at) == []
    assert DAY_PARAM not in at.query_params
    # A day picked then is used, and the sentence on the link's day goes.
    at.date_input(key=DAY_PARAM).set_value(dt.date(2026, 3, 1)).run()
    assert comparisons(at) == [SAID] and not at.warning


def test_a_links_day_that_is_no_date_is_said_and_not_used(store) -> None:
    stored(store)
    at = opened("reps", **RANGE, **{DAY_PARAM: "*March*"})
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == [md(linked_day_note("*March*", dt.date(2026, 1, 1), dt.date(2026, 6, 30)))]
    assert comparisons(at) == []
