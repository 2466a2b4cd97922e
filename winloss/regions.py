"""Which region a deal is in, said where regions are shown: the deal's own Region when the export gives one,
else its rep's region in the roster (winloss.deals.deals), and how many deals' own Region differs from
their rep's roster region.

The own Region overrode the roster's silently: a review found 154 of 520 losses placed in a region other
than their rep's, and no page, README or report named the rule. Counted here once per store version, and
worded once for the region filter, the region charts and the command line's report.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from winloss import text
from winloss.deals import one_rep_per_name, page_deals, version_key
from winloss.ingest.identity import GROUPED_FIELDS, tidy_fields
from winloss.store.delta import Store
from winloss.store.version_cache import cached_frame

# The rule, in the words every place that shows regions says it after the count.
REGION_RULE: Final = "deals are placed by their own Region"


def differing_regions(deals: pl.DataFrame, roster: pl.DataFrame) -> int:
    """How many of `deals` (winloss.deals.deals' frame, names not anonymised: rep, region) have a Region of
    their own that differs from their rep's region in `roster` (the stored roster: rep, region). A deal with
    no Region of its own was given the roster's, and a rep the roster gives no region has nothing to differ
    from: neither counts. Names and regions are read as deals() reads them (one spelling per rep, text tidied)."""
    stored = tidy_fields(roster.select("rep", "region"), GROUPED_FIELDS).rename({"region": "roster_region"})
    _, stored = one_rep_per_name(deals.select(pl.col("rep").cast(pl.String)), stored)
    joined = deals.select(pl.col("rep").cast(pl.String), pl.col("region").cast(pl.String)).join(
        stored, on="rep", how="left")
    return joined.filter(pl.col("roster_region").is_not_null() & pl.col("region").is_not_null()
                         & (pl.col("region") != pl.col("roster_region"))).height


def region_differences(store: Store, at: int | None = None) -> int:
    """differing_regions of the deals every page measures at store version `at` (the current one by
    default); 0 for an empty store. Kept beside a local store per version, as page_deals is."""
    version = store.version() if at is None else at
    if version == 0:
        return 0

    def derive() -> pl.DataFrame:
        count = differing_regions(page_deals(store, version), store.roster(version).collect())
        return pl.DataFrame({"deals": [count]}, schema={"deals": pl.Int64})

    return int(cached_frame(store, "region_differences", version_key(version, "winloss/regions.py"), derive).item())


def region_rule_sentence(differing: int) -> str | None:
    """What a region filter, a region chart and the command line's report say when `differing` deals'
    own Region differs from their rep's roster region (region_differences): "154 deals' own Region differs
    from their rep's roster region; deals are placed by their own Region."; None when none does."""
    if not differing:
        return None
    if differing == 1:
        return f"1 deal's own Region differs from its rep's roster region; {REGION_RULE}."
    return f"{text.count(differing)} deals' own Region differs from their rep's roster region; {REGION_RULE}."


def region_rule_json(differing: int) -> dict:
    """The command line's JSON field: how many deals, and the sentence (None when none)."""
    return {"deals": differing, "sentence": region_rule_sentence(differing)}
