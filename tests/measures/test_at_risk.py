"""Open deals at risk on the hand-built deals."""

from __future__ import annotations

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal
from small_deals import ROWS, generated_deals, ids, make_deals

from winloss.measures.at_risk import at_risk_open_deals


def test_at_risk_open_deals(deals: pl.LazyFrame) -> None:
    # Won cycles 59 (D05), 70 (D01), 75 (D14), 76 (D02); the 80th percentile (nearest) is 75.
    frame = at_risk_open_deals(deals, today=date(2025, 5, 1))
    assert frame["opportunity_id"].to_list() == ["D11", "D13"]  # amount 500, then 90
    d11, d13 = frame.iter_rows(named=True)
    # D11: created 1 Feb -> 89 days open > 75; expected 30 Apr, one day ago.
    assert d11["days_open"] == 89
    assert d11["reason"] == "Open 89 days (over 75); overdue 1 day"
    # D13: no created date, so only its expected close (15 Jan, 106 days ago) counts.
    assert d13["days_open"] is None
    assert d13["reason"] == "Overdue 106 days"
    # D12 (created 1 May, expected 30 Jun) is fine.
    assert frame.columns == [
        "opportunity_id",
        "rep",
        "seller_profile",
        "account",
        "amount",
        "stage",
        "created_date",
        "close_date",
        "days_open",
        "opportunity_name",  # the frame's deal names (and exported amounts, had it any), for deal lists
        "team",  # the rep's team when the deal closed or now (winloss.team_history): deal lists carry it
        "reason",
    ]


def test_at_risk_uses_the_percentile_asked_for(deals: pl.LazyFrame) -> None:
    # The 25th percentile (nearest) of 59 70 75 76 is 70: D11 at 89 days is over it on
    # 29 Apr, and not yet past its expected close.
    frame = at_risk_open_deals(deals, date(2025, 4, 29), percentile=0.25)
    d11 = frame.filter(pl.col("opportunity_id") == "D11").row(0, named=True)
    assert d11["reason"] == "Open 87 days (over 70)"
    assert at_risk_open_deals(deals, date(2025, 2, 1)).height == 1  # only D13
    assert ids(at_risk_open_deals(deals, date(2025, 5, 1), limit=1)) == ["D11"]


def test_one_reps_at_risk_deals_judged_on_everyones_won_deals_are_theirs_among_everyones(deals: pl.LazyFrame) -> None:
    # Ann's own won deals (70 and 76 days) put her threshold at 76; everyone's (59 70 75 76) at 75.
    # On 18 Apr D11 is open 76 days: over everyone's threshold only.
    anns = deals.filter(pl.col("rep") == "Ann")
    assert at_risk_open_deals(anns, date(2025, 4, 18)).height == 0
    assert ids(at_risk_open_deals(anns, date(2025, 4, 18), threshold_from=deals)) == ["D11"]


def test_a_reps_at_risk_deals_list_in_their_order_among_everyones() -> None:
    # Generated deals, amounts rounded so that many open deals tie on amount and days open: each
    # rep's list, judged on every deal's won cycles, is everyone's list cut to the rep, row for row.
    every = generated_deals().with_columns((pl.col("amount") // 50_000 * 50_000).alias("amount"),
                                           pl.col("created_date").dt.truncate("1mo"))
    today = date(2027, 6, 1)  # every open deal is past its expected close by then
    everyones = at_risk_open_deals(every, today)
    assert everyones.height > 100 and everyones.select("amount", "days_open").is_duplicated().any()
    for rep in every["rep"].unique().to_list():
        theirs = at_risk_open_deals(every.filter(pl.col("rep") == rep), today, threshold_from=every)
        assert_frame_equal(theirs, everyones.filter(pl.col("rep") == rep))


# Four deals created on 1 Sep 2024, open at the end of 31 Mar 2025 (211 days, over the 76 within which
# 80% of won deals closed): three have closed since, one is still open in Negotiation.
SINCE = [
    ("D15", "Cat", "won", date(2024, 9, 1), date(2025, 4, 12), 700.0, None, None),
    ("D16", "Cat", "lost", date(2024, 9, 1), date(2025, 5, 3), 600.0, "Price", None),
    ("D17", "Dan", "no_decision", date(2024, 9, 1), date(2025, 6, 1), 550.0, "No Decision", None),
    ("D18", "Dan", "open", date(2024, 9, 1), date(2025, 8, 1), 450.0, None, None),
]


def test_a_past_days_at_risk_deal_closed_since_says_what_became_of_it_not_a_stage_it_was_not_in() -> None:
    """Judged as at a past day, a deal closed since counts as open then; its stage in the store is its
    latest ("Closed Won"), which read as if it were still open in that stage. It says how and when it
    closed instead; a deal still open keeps its stage."""
    deals = make_deals([*ROWS, *SINCE]).with_columns(
        pl.when(pl.col("outcome") == "open").then(pl.lit("Negotiation"))
        .when(pl.col("outcome") == "won").then(pl.lit("Closed Won"))
        .otherwise(pl.lit("Closed Lost")).alias("stage"))
    frame = at_risk_open_deals(deals, date(2025, 3, 31), open_at_end_of_today=True)
    assert frame.select("opportunity_id", "stage", "reason").rows() == [
        ("D15", "Won 12 Apr 2025", "Open 211 days (over 76)"),
        ("D16", "Lost 3 May 2025", "Open 211 days (over 76)"),
        ("D17", "No decision 1 Jun 2025", "Open 211 days (over 76)"),
        ("D18", "Negotiation", "Open 211 days (over 76)"),
    ]
    # Judged on the day itself (a quarter in progress), only deals open now are listed, at their stage.
    today = at_risk_open_deals(deals, date(2025, 3, 31))
    assert "D15" not in ids(today) and today.filter(pl.col("opportunity_id") == "D18")["stage"].to_list() == ["Negotiation"]


def test_open_now_words_name_the_day_open_deals_were_created_by_when_it_is_not_the_data_day() -> None:
    """A range ending before the data's day lists the deals open now that were created by its end:
    "open now" alone read as the quarter's pipeline, or as every open deal."""
    from winloss.measures.counting import open_now_words

    assert open_now_words(date(2025, 6, 30), date(2025, 8, 14)) == "open now (created by 30 Jun 2025)"
    assert open_now_words(date(2024, 12, 31), None) == "open now (created by 31 Dec 2024)"
    # A range running to the data's day (or past it), or with no end, holds every deal open now.
    assert open_now_words(date(2025, 8, 14), date(2025, 8, 14)) == "open now"
    assert open_now_words(date(2025, 9, 30), date(2025, 8, 14)) == "open now"
    assert open_now_words(None, date(2025, 8, 14)) == "open now"


def test_every_at_risk_list_caption_says_which_open_deals_it_lists() -> None:
    from winloss.measures.at_risk import at_risk_list_caption, at_risk_rule
    from winloss.views.reps import deals_caption

    caption = at_risk_list_caption(date(2025, 3, 31), date(2025, 5, 2), largest_first=True)
    assert caption == f"Deals open now (created by 31 Mar 2025), at risk when {at_risk_rule().lower()}; largest first:"
    assert at_risk_list_caption(date(2025, 5, 2), date(2025, 5, 2)).startswith("Deals open now, at risk when ")
    assert deals_caption(date(2025, 3, 31), date(2025, 5, 2)) == "Closed in range, and open now (created by 31 Mar 2025):"
