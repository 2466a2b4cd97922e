"""A range with no closed deal, and comparisons with one deal on a side, in plain words: "no closed
deals" on a rate tile (not "n too small" over "n = 0"), "(1 deal)" and "(1 loss)" (not "1 deals"),
and the profiled line's "no rep has closed deals" (not "0 of 0 reps … are profiled").

Hand-built deals: 2026 Q3 has one deal (a loss) closed on 2 Jul; Q4 has none. The data describes
26 Nov 2026, so Q4 to date (1 Oct - 26 Nov) is compared with Q3 to the same day (1 Jul - 26 Aug).
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss import text
from winloss.filters import Filters, applied
from winloss.profile_sources import ProfileSources, profiled_line
from winloss.rates import CHANGE_N
from winloss.views import overview
from winloss.views.common import closed_around, nothing_shown_advice

AS_OF = date(2026, 11, 26)
SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}


def deal(opp: str, outcome: str, close: date) -> dict:
    return {
        "opportunity_id": opp, "rep": "Ann", "stage": outcome, "outcome": outcome, "created_date": date(2026, 6, 1),
        "close_date": close, "amount": 100.0, "currency": "USD", "probability": None, "loss_reason": "Price",
        "account": f"Account {opp}", "segment": None, "region": None, "product": None, "competitor": None,
        "seller_profile": "Challenger", "team": "East", "manager": "Eve",
    }


def one_loss_in_q3() -> pl.LazyFrame:
    return pl.DataFrame([deal("L1", "lost", date(2026, 7, 2))], schema=SCHEMA).lazy()


def test_rate_tiles_of_a_range_without_closed_deals_say_so_without_an_n():
    filters = Filters(preset="custom", start=date(2026, 10, 1), end=AS_OF)
    view = overview.overview(applied(one_loss_in_q3(), filters), filters, filters.start, AS_OF, as_of=AS_OF)
    for tile in view.rates:
        assert (tile.text, tile.n, tile.small) == ("no closed deals", None, False), tile.label
        assert tile.in_words, tile.label  # words in the figure's place: set smaller than a figure (ui.widgets.tile_value)
    win_rate, value_rate, losses = view.rates
    # Q3 to the same day has one deal, one loss: singular, and the empty side said plainly.
    assert win_rate.withheld == "2026 Q4 to date vs Q3 to the same day: no deals in Q4 to date; Q3 to the same day n too small (1 deal)"
    assert value_rate.withheld.endswith("Q3 to the same day n too small (1 deal with a value)")
    assert losses.withheld.endswith("Q3 to the same day n too small (1 loss)")
    # A count's change is not gated on 20 (rates.change_min_n): only the empty side is said.
    closed_tile, _ = view.volumes
    assert closed_tile.withheld == "2026 Q4 to date vs Q3 to the same day: no closed deals in Q4 to date"


def test_a_range_with_open_deals_only_says_why_it_draws_no_trend_or_mix():
    frame = pl.DataFrame([deal("L1", "lost", date(2026, 7, 2)), deal("O1", "open", date(2026, 12, 20))], schema=SCHEMA)
    filters = Filters(preset="custom", start=date(2026, 10, 1), end=AS_OF)
    view = overview.overview(applied(frame.lazy(), filters), filters, filters.start, AS_OF, as_of=AS_OF)
    # What to do is the range's rule (common.nothing_shown_advice): the custom range's start, before which L1 closed.
    advice = nothing_shown_advice(filters, closed_around(frame.lazy(), filters.start, AS_OF, "custom"))
    assert overview.no_charts_sentence(view, advice) == (
        "No deal closed in this range, so there is no quarterly trend or outcome mix to draw (1 deal open now). "
        "Move the range's start under Close date in the sidebar to see the deal closed before 1 Oct 2026.")
    # Its Definitions say nothing of "0 closed deals without an amount" nor "— of all closed deals".
    definitions = overview.captions(view, filters).definitions
    assert "every closed deal has one." in definitions and "0 closed deals" not in definitions
    assert f"{text.ND_SHARE_OF_LOSSES_FORMULA}." in definitions and "of all closed deals" not in definitions
    q3 = Filters(preset="custom", start=date(2026, 7, 1), end=date(2026, 9, 30))
    assert overview.no_charts_sentence(
        overview.overview(applied(frame.lazy(), q3), q3, q3.start, q3.end, as_of=AS_OF), advice) is None


def test_a_rate_tile_with_deals_keeps_its_n():
    filters = Filters(preset="custom", start=date(2026, 7, 1), end=date(2026, 9, 30))
    view = overview.overview(applied(one_loss_in_q3(), filters), filters, filters.start, filters.end, as_of=AS_OF)
    win_rate = view.rates[0]
    assert (win_rate.n, win_rate.small) == (1, True)


@pytest.mark.parametrize("noun", sorted({noun for _, noun in CHANGE_N.values()}))
def test_a_withheld_change_counts_one_of_every_noun_in_the_singular(noun):
    one = text.withheld_change((("Q3", 1), ("Q2", 40)), noun)
    assert one == f"Q3 n too small (1 {text.singular(noun)})"
    assert "1 deals" not in one and "1 losses" not in one
    # Two sides, or more than one deal, stay plural.
    assert text.withheld_change((("Q3", 1), ("Q2", 3)), noun) == f"Q3 and Q2 n too small (1 and 3 {noun})"
    assert text.withheld_change((("Q3", 2), ("Q2", 40)), noun) == f"Q3 n too small (2 {noun})"


def test_singular_of_the_count_nouns():
    assert text.singular("deals") == "deal"
    assert text.singular("losses") == "loss"
    assert text.singular("deals lost to no decision") == "deal lost to no decision"
    with pytest.raises(ValueError):
        text.singular("quarters")


def test_the_profiled_line_with_no_rep_in_range_reads_naturally():
    assert profiled_line(ProfileSources(0, 0, 0, 0, 0, None)) == "Seller profiles: no rep has closed deals in this range."


def test_none_is_no_deals_in_a_sentence():
    assert text.plural_or_none(0, "deal") == "no deals"
    assert text.plural_or_none(1, "deal") == "1 deal"
    assert text.plural_or_none(2_000, "loss", "losses") == "2,000 losses"


def test_what_an_empty_page_advises_depends_on_what_could_have_emptied_it():
    # The range's step comes from the closed deals around it (test_default_range); a page that picks no
    # close-date range (the review) says only a filter's clearing, else an upload.
    emea = Filters().with_values("region", ["EMEA"])
    assert nothing_shown_advice(emea, None) == "Clear a filter in the sidebar."
    assert nothing_shown_advice(Filters(), None) == "Upload an export with closed deals on the Data page."
