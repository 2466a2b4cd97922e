"""An open deal whose created date is after the data's day (a CRM's created date set ahead, its clock or
time zone not the upload's) is open now: every screen that counts a rep's deals counts and lists it, so
they agree with each other and with the deals stored. Before, open_by left it out of every count and
list of open deals while the Data page's roster counted it: "3 deals open now" and 21 deals listed for
a rep with 22 stored, one of them in no list and no CSV at all."""

from __future__ import annotations

from datetime import date

import polars as pl
from small_deals import ids, make_deals

from winloss.filters import Filters
from winloss.measures.at_risk import at_risk_open_deals
from winloss.measures.counting import open_by, open_now_words, open_on

AS_OF = date(2026, 12, 5)  # the data's day: the upload's, earlier than the newest created date
TOMORROW = date(2026, 12, 6)
START = date(2026, 10, 1)  # 2026 Q4 to date
EARLIER = date(2026, 11, 20)  # a review as of an earlier day

# Ann: 4 closed in 2026 Q4 (3 won, 1 lost), open O1 created on 1 Nov, open A1 created tomorrow and A2
# created on the 24th; Bob: 2 won. The won deals take 40 days, so the usual length is 40.
ROWS = [
    ("W1", "Ann", "won", date(2026, 9, 1), date(2026, 10, 11), 100.0, None, None),
    ("W2", "Ann", "won", date(2026, 9, 20), date(2026, 10, 30), 100.0, None, None),
    ("W3", "Ann", "won", date(2026, 10, 1), date(2026, 11, 10), 100.0, None, None),
    ("L1", "Ann", "lost", date(2026, 10, 1), date(2026, 11, 12), 100.0, "Price", None),
    ("O1", "Ann", "open", date(2026, 11, 1), date(2027, 1, 15), 300.0, None, None),  # 34 days: not at risk
    ("A1", "Ann", "open", TOMORROW, date(2027, 2, 2), 500.0, None, None),
    ("A2", "Ann", "open", date(2026, 12, 24), date(2027, 2, 2), 400.0, None, None),
    ("W4", "Bob", "won", date(2026, 9, 5), date(2026, 10, 15), 100.0, None, None),
    ("W5", "Bob", "won", date(2026, 9, 6), date(2026, 10, 16), 100.0, None, None),
]


def deals() -> pl.DataFrame:
    return make_deals(ROWS).collect()


def matching(expr: pl.Expr) -> list[str]:
    return sorted(ids(deals().filter(expr)))


def test_an_open_deal_created_after_the_data_day_is_open_now_and_not_on_an_earlier_day() -> None:
    assert matching(open_by(AS_OF, AS_OF)) == ["A1", "A2", "O1"]  # before: ["O1"]
    assert matching(open_by(date(2026, 12, 31), AS_OF)) == ["A1", "A2", "O1"]  # a range past the data's day
    assert open_now_words(AS_OF, AS_OF) == "open now"
    # Under an earlier end, or on an earlier day, it was not created yet: left out, as before.
    assert matching(open_by(EARLIER, AS_OF)) == ["O1"]
    assert open_now_words(EARLIER, AS_OF) == "open now (created by 20 Nov 2026)"
    assert matching(open_on(EARLIER)) == ["O1"]


def test_such_a_deal_has_no_age_and_is_at_risk_only_when_overdue() -> None:
    overdue = deals().with_columns(
        pl.when(pl.col("opportunity_id") == "A1").then(date(2026, 12, 1)).otherwise(pl.col("close_date")).alias("close_date"))
    listed = at_risk_open_deals(overdue, AS_OF, created_by=AS_OF)
    assert ids(listed) == ["A1"]  # overdue; A2, not overdue, is not judged on an age it does not have
    a1 = listed.row(0, named=True)
    assert a1["days_open"] is None and a1["reason"] == "Overdue 4 days"  # not "Open -1 days"


def test_every_screen_that_counts_a_reps_deals_counts_the_deal_created_tomorrow_alike() -> None:
    from winloss.measures.summary import outcome_summary
    from winloss.views.deal_lists import deals_csv, listed_deals
    from winloss.views.overview import overview
    from winloss.views.reps import deals_caption, leaderboard, rep, rep_tiles_caption
    from winloss.views.roster import roster_for_editing

    lf = deals().lazy()
    view = rep(lf, "Ann", Filters(), START, AS_OF, AS_OF)
    assert view is not None
    me = view.scorecard.filter(pl.col("comparison") == "rep").row(0, named=True)
    assert (me["closed"], me["open"]) == (4, 3)  # before: open 1
    assert " 3 deals open now;" in rep_tiles_caption(view)  # before: "1 deal open now"
    assert deals_caption(AS_OF, AS_OF) == "Closed in range, and open now:"
    assert sorted(ids(view.deals)) == ["A1", "A2", "L1", "O1", "W1", "W2", "W3"]  # before: no A1, A2
    csv = deals_csv(listed_deals(view.deals, hide_amounts=False), "USD").decode("utf-8-sig")
    assert sorted(line.rsplit(",", 1)[-1] for line in csv.splitlines()[1:]) == sorted(ids(view.deals))

    board = leaderboard(lf, Filters(), START, AS_OF, AS_OF).filter(pl.col("rep") == "Ann")
    assert board["closed"].item() == me["closed"]
    roster = pl.DataFrame({"rep": ["Ann", "Bob"], "seller_profile": ["Challenger"] * 2, "team": ["East"] * 2,
                           "manager": [None, None], "region": [None, None]}, schema_overrides={"manager": pl.String,
                                                                                                "region": pl.String})
    stored = roster_for_editing(lf, roster.lazy()).filter(pl.col("rep") == "Ann")["deals"].item()
    assert stored == me["closed"] + me["open"] == view.deals.height == 7

    assert overview(lf, Filters(), START, AS_OF, as_of=AS_OF).summary["open"].item() == 3
    assert outcome_summary(lf, ["rep"], START, AS_OF, as_of=AS_OF).filter(pl.col("rep") == "Ann")["open"].item() == 3


def test_the_review_counts_it_in_the_pipeline_now_and_not_as_of_an_earlier_day() -> None:
    from winloss.views.review import quarterly_review

    now = quarterly_review(deals(), "2026 Q4", AS_OF)
    assert now.at_risk_by_profile["open"].sum() == 3  # before: 1
    earlier = quarterly_review(deals(), "2026 Q4", EARLIER, data_day=AS_OF)
    assert earlier.at_risk_by_profile["open"].sum() == 1  # O1: A1 and A2 were not created by 20 Nov
