"""A rep's view whose filters leave none of the rep's deals, of any date, said "Widen the range under Close date
in the sidebar or clear a filter", and no range showed one: it names the filter to clear (views.reps.no_deals_advice).

Hand-built deals (small_deals.REPS): Ann of team East closed deals in EMEA and NA; Cat of team West in no region."""

from __future__ import annotations

import polars as pl
from small_deals import ROWS, make_deals

from winloss import text
from winloss.filters import Filters
from winloss.views.reps import no_deals_advice


def test_the_advice_names_the_filter_that_keeps_none_of_the_reps_deals() -> None:
    deals = make_deals(ROWS)
    apac = Filters().with_values("region", ["APAC"])
    assert no_deals_advice(deals, "Ann", apac) == "Clear the Region filter in the sidebar to see Ann's deals."
    # Two filters each keeping none: both are named; one keeping some of them (Team = East) is not.
    assert no_deals_advice(deals, "Ann", apac.with_values("team", ["East"])) == (
        "Clear the Region filter in the sidebar to see Ann's deals.")
    assert no_deals_advice(deals, "Ann", apac.with_values("team", ["West"])) == (
        "Clear the Region and Team filters in the sidebar to see Ann's deals.")
    assert no_deals_advice(deals, "Cat", Filters().with_values("region", ["EMEA"]).with_values("team", ["East"])) == (
        "Clear the Region and Team filters in the sidebar to see Cat's deals.")
    # Each filter keeps some of Ann's deals, but none passes both: either one cleared shows them.
    segments = deals.with_columns(segment=pl.when(pl.col("region") == "NA").then(pl.lit("SMB")).otherwise(pl.lit("Enterprise")))
    emea_smb = Filters().with_values("region", ["EMEA"]).with_values("segment", ["SMB"])
    assert no_deals_advice(segments, "Ann", emea_smb) == "Clear the Region or Segment filter in the sidebar to see Ann's deals."
    emea_west = Filters().with_values("region", ["EMEA"]).with_values("team", ["West"])
    mixed = make_deals([*ROWS, ("X1", "Cat", "won", None, None, 1.0, None, "EMEA")])
    assert no_deals_advice(mixed, "Ann", emea_west) == "Clear the Team filter in the sidebar to see Ann's deals."
    assert no_deals_advice(mixed, "Cat", emea_west.with_values("profile", ["Challenger"])) == (
        "Clear the Seller profile filter in the sidebar to see Cat's deals.")
    # The name comes from a file: escaped for Markdown where the page writes it.
    assert no_deals_advice(make_deals([("Z1", "*Zed*", "won", None, None, 1.0, None, "EMEA")]), "*Zed*", apac,
                           text.md) == f"Clear the Region filter in the sidebar to see {text.md('*Zed*')}'s deals."
