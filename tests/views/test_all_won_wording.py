"""A range whose closed deals were all won (a filter that keeps only winners, a quiet quarter) has no
loss to share out: the pages that chart losses say so in a plain sentence with what to do, not counts
of zero dressed as findings ("The 0 reps losing the largest share", "n = 0 losses", "÷ the 0 losses",
"Raw loss reasons of the rep's 0 lost and no-decision deals", a review tile's "n too small" over
"n = 0", "Deals open on … (n = 0)").

Hand-built deals: Ann wins 12 deals in 2025 Q3 (one region, APAC); Bo loses 6 and 4 end in no
decision in EMEA. A filter on APAC keeps Ann's wins only.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss.filters import Filters, applied
from winloss.views import no_decision, profiles, reps, review
from winloss.views.common import closed_around

SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}
START, END, AS_OF = date(2025, 7, 1), date(2025, 9, 30), date(2025, 11, 15)
ZEROS = ("The 0 reps", "0 reps in all", "n = 0", "the 0 losses", "0 lost and no-decision deals", " 0 losses")


def deal(opp: str, rep: str, outcome: str, region: str) -> dict:
    close = date(2025, 8, 10)
    return {
        "opportunity_id": opp, "rep": rep, "stage": outcome, "outcome": outcome, "created_date": close - timedelta(days=30),
        "close_date": close, "amount": 1000.0, "currency": "USD", "probability": None,
        "loss_reason": None if outcome == "won" else "Price", "account": f"Account {opp}", "segment": None,
        "region": region, "product": None, "competitor": None,
        "seller_profile": "Challenger" if rep == "Ann" else "Hard Worker", "team": "East", "manager": "Eve",
    }


def deals() -> pl.LazyFrame:
    rows = [deal(f"W{i}", "Ann", "won", "APAC") for i in range(12)]
    rows += [deal(f"L{i}", "Bo", "lost", "EMEA") for i in range(6)]
    rows += [deal(f"N{i}", "Bo", "no_decision", "EMEA") for i in range(4)]
    return pl.DataFrame(rows, schema=SCHEMA).lazy()


APAC = Filters(preset="custom", start=START, end=END).with_values("region", ["APAC"])
EVERY = Filters(preset="custom", start=START, end=END)


def no_zero_counts(words: str) -> None:
    for zero in ZEROS:
        assert zero not in words, (zero, words)


def test_the_no_decision_page_says_every_closed_deal_was_won_in_place_of_its_loss_charts():
    figures = no_decision.no_decision(applied(deals(), APAC), APAC, START, END, AS_OF)
    assert not figures.empty and figures.losses == 0
    # Every APAC deal closed in the range: no range holds more (common.nothing_shown_advice), only the filter.
    around = closed_around(applied(deals(), APAC), START, END, "custom")
    assert no_decision.no_losses_note(figures, APAC, around) == (
        "No deal closed in this range was lost or ended in no decision (all 12 closed deals were won), so there is "
        "no share of losses to break down by seller profile, region, segment or rep, and no loss reason to chart. "
        "Clear a filter in the sidebar.")
    said = no_decision.captions(figures, START, 1)
    no_zero_counts(said.definitions)
    assert "None was lost or ended in no decision, so there is no share of losses or of lost value." in said.definitions
    no_zero_counts(said.reps_title)
    # With a loss in range the page draws its charts, and says nothing of the kind.
    every = no_decision.no_decision(deals(), EVERY, START, END, AS_OF)
    assert no_decision.no_losses_note(every, EVERY, None) is None
    assert "÷ the 10 losses" in no_decision.captions(every, START, 1).definitions


def test_the_seller_profiles_page_says_so_in_place_of_no_decision_by_profile():
    figures = profiles.profiles(applied(deals(), APAC), APAC, START, END)
    note = profiles.no_losses_note(figures, APAC, None)
    assert note is not None and note.startswith(
        "No deal closed in this range was lost or ended in no decision (all 12 closed deals were won), so there is "
        "no No decision ÷ losses by seller profile to chart.")
    assert profiles.no_losses_note(profiles.profiles(deals(), EVERY, START, END), EVERY, None) is None


def test_a_rep_who_won_every_deal_has_a_sentence_in_place_of_loss_reasons():
    ann = reps.rep(deals(), "Ann", EVERY, START, END, AS_OF)
    assert ann is not None
    said = reps.rep_captions(ann, EVERY)
    assert said.no_losses == ("None of the rep's closed deals in this range was lost or ended in no decision "
                              "(all 12 were won), so there is no loss reason to chart.")
    bo = reps.rep(deals(), "Bo", EVERY, START, END, AS_OF)
    assert bo is not None and reps.rep_captions(bo, EVERY).no_losses is None


def test_a_review_rate_tile_on_no_deal_says_so_without_an_n():
    from winloss.export.words import kpi_rows

    won_only = review.quarterly_review(applied(deals(), APAC).collect(), "2025 Q3", AS_OF)
    losses = next(t for t in review.headline_tiles(won_only) if t.kpi == "no_decision_share_of_losses")
    assert (losses.big_text, losses.small, review.n_text(losses, won_only.quarter)) == ("no losses", False, "")
    row = next(r for r in kpi_rows(won_only) if r["label"] == losses.label)
    assert (row["value"], row["n"]) == ("no losses", "")
    # The at-risk caption of a quarter with no open deal says none, not "n = 0".
    caption = review.at_risk_caption(won_only)
    assert "(none)" in caption
    no_zero_counts(caption)
    # A rate on deals keeps its n.
    win = next(t for t in review.headline_tiles(won_only) if t.kpi == "win_rate")
    assert review.n_text(win, won_only.quarter) == "n = 12 in 2025 Q3"


def test_the_profiled_line_with_no_profiled_rep_says_none_in_words():
    """"0 of 3 reps with closed deals are profiled (0 from the roster, 0 assessed), owning 0% of closed deals"
    counted nothing as if it were a finding."""
    from winloss.profile_sources import ProfileSources, profiled_line

    assert profiled_line(ProfileSources(0, 0, 3, 40, 40, None)) == (
        "Seller profiles: none of the 3 reps with closed deals in this range has a profile yet.")
    assert profiled_line(ProfileSources(0, 0, 1, 10, 10, None)) == (
        "Seller profiles: the one rep with closed deals in this range has no profile yet.")
    no_zero_counts(profiled_line(ProfileSources(0, 0, 3, 40, 40, None)))
    assert "0%" not in profiled_line(ProfileSources(0, 0, 3, 40, 40, None))


def test_the_seller_profiles_win_rate_caption_says_there_is_nothing_to_rate_when_every_deal_ended_in_no_decision():
    """Excluding no decision from the win rate, a range of no-decision deals only (Bo's 4, filtered to
    them) has no won or lost deal: the caption said "n = 0 deals" under bars of nothing."""
    only_nd = Filters(preset="custom", start=START, end=END, denominator="excluding_no_decision")
    frame = deals().filter(pl.col("outcome") == "no_decision")
    figures = profiles.profiles(applied(frame, only_nd), only_nd, START, END)
    overall = figures.overall.row(0, named=True)
    assert (overall["closed"], overall["n"]) == (4, 0)
    said = profiles.captions(figures, only_nd, closed_around(frame, START, END, "custom")).rates
    no_zero_counts(said)
    assert said == (
        "No deal closed in this range was won or lost (all 4 closed deals ended in no decision), so there is no won or "
        "lost deal to rate and no win rate by seller profile to chart: the win rate counts won and lost deals only. "
        "Set Win rate counts to All closed deals in the sidebar to count the no-decision deals, or upload an export "
        "with more closed deals on the Data page.")
    # Counting every closed deal, the same deals are rated (0% won of 4), with their n.
    every = Filters(preset="custom", start=START, end=END)
    assert "n = 4 deals" in profiles.captions(profiles.profiles(applied(frame, every), every, START, END), every, None).rates
