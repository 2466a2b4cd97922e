"""The deals every page and report measures: stored opportunities joined to the roster.

When the store holds no opportunities yet, the app measures the bundled sample instead, kept
in a store of its own so sample rows never mix with a customer's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast
import os
from pathlib import Path

import polars as pl

from data_models.date_window import date_window
from data_models.vocabulary import CLOSED_OUTCOMES, OPPORTUNITY_FIELDS, OUTCOMES, UNPROFILED
from winloss import employment, team_history
from winloss.anonymise import anonymised
from winloss.exchange import in_reporting_currency
from winloss.filters import size_cut_points, with_size_band
from winloss.ingest.identity import GROUPED_FIELDS, as_roster_reps, name_key, one_spelling, spellings, tidy_fields
from winloss.ingest.outcomes import stored_signals, uncounted_groups, uncounted_sentence, with_outcomes
from winloss.measures.counting import CLOSE_MONTH
from winloss.periods import month_index_expr, quarter_bounds, quarter_of
from winloss.store.delta import Store, local_folder
from winloss.store.version_cache import cached_frame, code_fingerprint
from winloss.text import day as day_text, plural

SAMPLE_FOLDER = "sample_store"


# Where a deal's seller profile came from (the "Profile source" filter); null for Unprofiled.
FROM_ROSTER = "Roster"
ASSESSED = "Assessment"
PROFILE_RATERS = "profile_raters"  # the raters an assessed profile rests on (UInt32); null for any other


def raters_by_rep(assessments: pl.LazyFrame) -> pl.DataFrame:
    """__key (identity.name_key of the rep, as the roster and the deals may spell a name otherwise), __raters
    (UInt32: the raters with answers on file for the rep, each one's latest set counting, as reps_to_assess
    and the assessment's source count them)."""
    return (assessments.select("rep", "rater").collect()
            .group_by(name_key(pl.col("rep")).alias("__key"))
            .agg(pl.col("rater").n_unique().cast(pl.UInt32).alias("__raters")))


def deals(store: Store, at: int | None = None) -> pl.DataFrame:
    """Canonical opportunities with seller_profile (Unprofiled where the roster is silent), team, manager
    (a closed deal's those its rep was in on its close day, team_history.at_close_day; an open deal's the rep's now),
    coach (the rep's coach the roster gives now, for every deal: a coach is who the rep is, as the sidebar's Coach
    filter chooses reps, not an assignment the store keeps the history of),
    the rep's team and manager now and the day they joined the team when they moved (team_history.REP_TEAM,
    REP_MANAGER, REP_TEAM_SINCE: team_history.reps_now reads them),
    profile_source (FROM_ROSTER, ASSESSED, or null for Unprofiled) with PROFILE_RATERS (an assessed profile's raters),
    and whether the deal's rep has left
    (employment.REP_LEFT, false where the roster does not say; employment.REP_LEFT_ON, the day, when given).
    A rep who left keeps every deal: these only mark them in lists of reps.

    Outcomes are re-derived under the store's current no-decision vocabulary and stage mappings,
    and `amount` is in the store's reporting currency under its current exchange rates (null where
    no rate applies; the exported amount and currency ride along as `exported_amount` and
    `exported_currency`), so editing any of them changes every page without rewriting the stored deals.
    """
    # The row's own outcome kept with each deal (its status, its closing columns) rides along as the
    # signals with_outcomes reads: they decide over the stage mappings, as when the deal was stored.
    deals_table = store.opportunities(at)
    opportunities = deals_table.select(*OPPORTUNITY_FIELDS, *stored_signals(deals_table.collect_schema().names())).collect()
    # Stored before text fields were tidied at ingest, a region holding a direction override or a double space
    # is read as the one stored since: one region, not two spellings of it.
    opportunities = tidy_fields(opportunities, GROUPED_FIELDS)
    stored = store.roster(at)
    # Rosters stored before profiles had a source read as the roster's.
    origin = pl.col("profile_origin") if "profile_origin" in stored.collect_schema() else pl.lit(None, pl.String)
    # Whether the rep has left (winloss.employment), as of today: an end date may have come since the upload.
    today = dt.date.today()
    # A rep's team history (winloss.team_history), null in rosters stored before it was kept.
    history = [pl.col(c) if c in stored.collect_schema() else pl.lit(None, t).alias(c) for c, t in team_history.STORED.items()]
    roster = tidy_fields(stored.select(
        "rep", "seller_profile", "team", "manager", "region", "email", "coach", origin.alias("origin"),
        employment.has_left(today).alias(employment.REP_LEFT), employment.left_on_day().alias(employment.REP_LEFT_ON),
        *history,
    ).collect(), GROUPED_FIELDS)
    opportunities, roster = one_rep_per_name(opportunities, roster)
    # A loss reason written in two ways ("No Decision", "No decision", "no  budget") is one reason, as a
    # rep is one rep: shown in its most frequent spelling. The store keeps each as the file wrote it, its spacing tidied.
    opportunities = opportunities.with_columns(one_spelling(opportunities.get_column("loss_reason")))
    # Each rep's team now, and the day they joined it when they moved: what a moved rep's view says.
    roster_now = roster.with_columns(pl.col("team").alias(team_history.REP_TEAM), pl.col("manager").alias(team_history.REP_MANAGER),
                                     team_history.current_team_since(roster))
    # The raters each roster rep's answers on file come from (a few rows a rep: matched by name_key on the roster,
    # not on every deal).
    roster_now = roster_now.join(raters_by_rep(store.assessments(at)), left_on=name_key(pl.col("rep")),
                                 right_on="__key", how="left", maintain_order="left").drop("__key", strict=False)
    joined = opportunities.join(roster_now.drop(*team_history.STORED).rename({"region": "roster_region"}), on="rep", how="left")
    joined = joined.with_columns(
        pl.col("seller_profile").fill_null(UNPROFILED),
        pl.col(employment.REP_LEFT).fill_null(False),  # a rep the roster lacks is current
    )
    profiled = pl.col("seller_profile") != UNPROFILED
    joined = joined.with_columns(
        profile_source=pl.when(~profiled)
        .then(None)
        .when(pl.col("origin") == "assessment")
        .then(pl.lit(ASSESSED))
        .otherwise(pl.lit(FROM_ROSTER))
    )
    # How many raters an assessed profile rests on (each rater's latest answers count), for every list of reps
    # to label it so (profile_sources.profile_as_shown): a questionnaire profile looked like the roster's.
    joined = joined.with_columns(
        pl.when(pl.col("profile_source") == ASSESSED).then(pl.col("__raters")).otherwise(None).alias(PROFILE_RATERS)
    ).drop("__raters")
    # A deal with no outcome (deleted in the CRM, stored before such deals were quarantined) is no deal; nor is a
    # closed deal dated after the data's day (closed_after_data_day): every page says so (Uncounted).
    ruled = with_outcomes(joined, store.no_decision_reasons(), store.stage_outcomes())
    # The data's day, its newest date from these rows (every stored deal, ruled as here).
    day = data_day_of(store, at, ruled)
    outcomes = ruled.filter(pl.col("outcome").is_not_null() & ~closed_after_data_day(day))
    # The one place the roster meets the deals: a closed deal counts for the team, manager and region its rep was
    # in on the day it closed, an open one for the rep's team now (team_history); a deal's own region is its own.
    measured = (
        team_history.at_close_day(outcomes, roster, region="roster_region")
        .with_columns(pl.coalesce("region", "roster_region").alias("region"))
        .select(*OPPORTUNITY_FIELDS, "seller_profile", "team", "manager", "coach", "profile_source", PROFILE_RATERS,
                employment.REP_LEFT, employment.REP_LEFT_ON, team_history.REP_TEAM, team_history.REP_MANAGER,
                team_history.REP_TEAM_SINCE)
    )
    return in_reporting_currency(measured, store.exchange_rates())


def closed_after_data_day(day: dt.date) -> pl.Expr:
    """Whether a deal (outcome, close_date) is closed (won, lost, no decision) on a date after `day`, the data's day
    (data_day_of). Ingest quarantines such a deal (ingest.future_closes): a deal cannot close after its export was
    made. A store may hold one from before that rule; no page counts it (`deals`), for stored it made a quarter of
    its own: one won deal dated 15 Jan 2027 on data of 7 Dec 2026 had every Overview tile compare "2027 Q1 to 15 Jan"
    with "2026 Q4 to 15 Oct" and the review offer 2027 Q1. Every page says so (Uncounted.late)."""
    return pl.col("outcome").cast(pl.String).is_in(CLOSED_OUTCOMES) & (pl.col("close_date") > day)


def data_day_of(store: Store, at: int | None, ruled: pl.DataFrame) -> dt.date:
    """data_as_of of store version `at` (the current one for None): the day of its newest live export (never after
    today), no later than the newest date of `ruled` (its stored deals, each outcome ruled: stored_deals_ruled, or
    `deals`' own frame); as StoreFacts.data_as_of reads it for a customer store."""
    return as_of_day(export_day_of(last_export_at(store.live_uploads(at))), newest_date_of(ruled))


@dataclass(frozen=True)
class Uncounted:
    """The stored deals no page counts: those with no outcome under the store's current rules
    (winloss.ingest.outcomes.uncounted_groups: a deal whose own closing flags rule out a mapping saved
    after it was stored), per stage value and why; and the closed deals dated after the data's day
    (`late`, closed_after_data_day; `data_day`, that day). `deals` (every page leaves them out) is 0 for none."""

    groups: pl.DataFrame  # stage, why, deals
    late: int = 0
    data_day: dt.date | None = None

    @property
    def deals(self) -> int:
        return (int(self.groups.get_column("deals").sum()) if self.groups.height else 0) + self.late

    @property
    def late_sentence(self) -> list[str]:
        """What every page and the command line say of the closed deals dated after the data's day, and what to
        do; none when there is none. No name or stage in it: said alike with names anonymised. Plain text."""
        if not self.late or self.data_day is None:
            return []
        one = self.late == 1
        return [f"{plural(self.late, 'stored closed deal')} {'closes' if one else 'close'} after the data's day "
                f"({day_text(self.data_day)}), so no page counts {'it' if one else 'them'}: correct "
                f"{'its' if one else 'their'} close date in the CRM and upload a new export."]

    @property
    def command_line_sentences(self) -> list[str]:
        """One sentence per stage value and why, as the command line says it (outcomes.uncounted_sentence)."""
        return [*(uncounted_sentence(stage, why, n) for stage, why, n in self.groups.iter_rows()), *self.late_sentence]

    @property
    def page_sentences(self) -> list[str]:
        """The same sentences as every page says them: the Data page's stage editor, with an export holding the
        value uploaded again, in place of --stage (placed by page and part, not by "above"). Plain text: pages escape it."""
        return [*(uncounted_sentence(stage, why, n, page=True) for stage, why, n in self.groups.iter_rows()),
                *self.late_sentence]

    @property
    def anonymised_sentences(self) -> list[str]:
        """What every page says of these deals with names anonymised: how many, not their stages. A stage is
        a file's words and may name someone anonymising does not know ("Waiting on Dana"); and what to do,
        in the Data page's stage editor, is done with names shown. None for no deal. Plain text."""
        staged = self.deals - self.late
        if not staged:
            return self.late_sentence
        one = staged == 1
        return [f"{plural(staged, 'stored deal')} {'is' if one else 'are'} not counted on any page: "
                f"{'its' if one else 'their'} stage gives {'it' if one else 'them'} no outcome. Turn off 'Anonymise "
                f"reps' to see which stage and what to do.", *self.late_sentence]

    def as_json(self) -> dict:
        """The command line's JSON field: how many deals, and the sentences."""
        return {"deals": self.deals, "sentences": self.command_line_sentences}


def uncounted_deals(store: Store, at: int | None = None) -> Uncounted:
    """The stored deals at version `at` (the current one by default) that `deals` leaves out for want of
    an outcome, other than deals deleted in the CRM, under the same rule (with_outcomes) and the store's
    current vocabulary and stage mappings, as `deals` reads them. Kept beside a local store per version.
    Only the stage, the stored outcome and the row's own stored signals are read."""
    version = store.version() if at is None else at
    empty = pl.DataFrame(schema={"stage": pl.String, "why": pl.String, "deals": pl.UInt32})
    if version == 0:
        return Uncounted(empty)

    def derive() -> pl.DataFrame:
        table = store.opportunities(version)
        stored = table.select("stage", "outcome", *stored_signals(table.collect_schema().names())).collect()
        return uncounted_groups(with_outcomes(stored, store.no_decision_reasons(), store.stage_outcomes()))

    def derive_late() -> pl.DataFrame:
        # Counted by `deals`' own rule: the outcome under the current mappings, the close date against the data's day,
        # both from one reading of the stored deals ruled once.
        ruled = stored_deals_ruled(store, version)
        day = data_day_of(store, version, ruled)
        return pl.DataFrame({"late": [ruled.filter(closed_after_data_day(day)).height], "data_day": [day]},
                            schema={"late": pl.UInt32, "data_day": pl.Date})

    late = cached_frame(store, "closed_after_data_day", version_key(version), derive_late).row(0, named=True)
    return Uncounted(cached_frame(store, "uncounted", version_key(version), derive), late["late"], late["data_day"])


# The modules whose rules shape the frame pages measure: a change to any of them is a new frame.
_DERIVED_BY = (
    "winloss/deals.py", "winloss/ingest/outcomes.py", "winloss/exchange.py", "winloss/ingest/identity.py",
    "winloss/store/delta.py", "winloss/store/tables.py", "winloss/filters.py", "data_models/vocabulary.py",
    "data_models/date_window.py",
    # The coded frame's month index (periods.month_index_expr, named by measures.counting.CLOSE_MONTH).
    "winloss/periods.py", "winloss/measures/counting.py", "winloss/employment.py", "winloss/team_history.py",
)


def page_deals(store: Store, at: int | None = None, anonymise: bool = False) -> pl.DataFrame:
    """The frame every analysis page measures: `deals` at store version `at` (the current one by
    default) with `size_band` (the all-time amount terciles the Deal size filter uses), rep and
    manager names anonymised when asked. One row per deal.

    Derived once per store version and kept beside a local store (winloss.store.version_cache), so a new
    server process reads it instead of deriving it again.
    """
    version = store.version() if at is None else at

    def derive() -> pl.DataFrame:
        frame = deals(store, version)
        return with_size_band(frame.lazy(), size_cut_points(frame.lazy())).collect()

    frame = cached_frame(store, "page_deals", version_key(version), derive)
    # Anonymising renames reps and managers only: the size bands (from amounts) are the same.
    return anonymised(frame, roster_people(store, version)) if anonymise else frame


def roster_people(store: Store, at: int | None = None) -> pl.DataFrame:
    """The stored roster's "rep", "manager", "coach" and "email" columns at version `at`: the people anonymising gives
    a pseudonym even when they have no deal (winloss.anonymise.name_pseudonyms), and the emails it replaces by their
    rep's (winloss.anonymise.email_aliases)."""
    return store.roster(at).select("rep", "manager", "coach", "email").collect()


def page_coded_deals(store: Store, at: int | None = None, anonymise: bool = False) -> pl.DataFrame:
    """`coded_deals(page_deals(store, at, anonymise))`: what the views compute on.

    Kept coded beside a local store (winloss.version_cache; Parquet keeps the Enum and Categorical
    columns) when not anonymised, so a new server process reads it instead of reading the text
    frame and coding it again: coding a million deals cost as much CPU as reading them, and the
    Overview needs no text frame at all.
    """
    if anonymise:
        return coded_deals(page_deals(store, at, anonymise=True))
    version = store.version() if at is None else at
    return cached_frame(store, "coded_deals", version_key(version), lambda: coded_deals(page_deals(store, version)))


def version_key(version: int, *also: str) -> str:
    """What a frame derived from store version `version` depends on besides the version: the accepted
    date window, which moves with today (data_models.date_window), and the code that derives it
    (_DERIVED_BY, and the modules `also` names, paths from the project root)."""
    return f"v{version}-{date_window()[1].isoformat()}-{code_fingerprint(_DERIVED_BY + also)}"


OUTCOME_ENUM = pl.Enum(list(OUTCOMES))
# The columns views group and filter by, held as Categorical in the coded deals.
CODED_COLUMNS = ("rep", "seller_profile", "team", "manager", "coach", "region", "segment", "product", "profile_source",
                 "size_band")


def coded_deals(frame: pl.DataFrame) -> pl.DataFrame:
    """The deals with `outcome` as an Enum of OUTCOMES and the grouping columns (CODED_COLUMNS) as
    Categorical instead of text, plus CLOSE_MONTH (the close date's month index, Int32); every other
    column is shared, not copied. Raises for an outcome outside OUTCOMES (`deals` never gives one).

    Nearly every query a view runs filters by outcome and groups by rep, profile, region or
    segment: an Enum or Categorical compares and hashes as a small integer where text goes byte by
    byte, which took most of a page's time at 10M deals. Quarters of close dates, for any fiscal
    year, are counted from CLOSE_MONTH with integer arithmetic (measures.counting.close_quarter_index)
    instead of taking a million dates apart on every filter change. The views give every column back
    as text and never return CLOSE_MONTH (winloss.views.common.as_text; tests/test_views_on_coded_deals.py).
    """
    present = [c for c in CODED_COLUMNS if c in frame.columns]
    return frame.with_columns(
        pl.col("outcome").cast(OUTCOME_ENUM),
        pl.col(present).cast(pl.Categorical),
        month_index_expr("close_date").alias(CLOSE_MONTH),
    )


def one_rep_per_name(opportunities: pl.DataFrame, roster: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Deals and roster with each rep under one name, so every page counts a rep once.

    Names with one `name_key` (differing only in case, spacing, accents or typographic quotes) are
    one rep, whichever file stored them, and both the deals and the roster show it one way
    (identity.spellings with careful_first): the most carefully written spelling ("Li Wei" over
    the roster's "LI WEI", "José Díaz" over "Jose Diaz"), else the roster's, else most deals'. Per
    distinct name; a store whose names are already one per rep comes back unchanged.

    First, a deal whose owner is written as an email a roster row holds (`roster`'s optional "email" column:
    identity.owners_by_email) is that row's rep's: "dana.whitfield@acme.com" from one CRM and "Dana Whitfield"
    from another are one rep, not two. Applied here, as the deals are read, rather than when they are stored:
    the deals keep their owner as the file wrote it, so a roster uploaded (or an email added to it) after the
    deals joins them at once, and one taken out of the roster parts them again, with nothing stored rewritten.
    """
    opportunities = opportunities.with_columns(as_roster_reps(opportunities.get_column("rep"), roster).alias("rep"))
    counts = opportunities.get_column("rep").drop_nulls().value_counts(name="n").rename({"rep": "name"})
    everyone = pl.concat([counts, pl.DataFrame({"name": roster.get_column("rep"), "n": 0}, schema=counts.schema)])
    renamed = spellings(everyone, roster.get_column("rep"), careful_first=True).unique("name").filter(
        pl.col("name") != pl.col("spelling"))
    if renamed.height:
        pairs = renamed.get_column("name"), renamed.get_column("spelling")
        opportunities = opportunities.with_columns(pl.col("rep").replace(*pairs))
        roster = roster.with_columns(pl.col("rep").replace(*pairs))
    if roster.get_column("rep").is_duplicated().any():  # stored before names were matched this way
        roster = roster.unique("rep", keep="first", maintain_order=True)
    return opportunities, roster


def export_day(store: Store, is_sample: bool = False) -> dt.date:
    """The day of the last opportunity export still in effect (its upload day, never after today),
    else today; the bundled sample's is its generator's fixed day, whenever the sample was built.

    Date presets count from it (capped by preset_day), so an export of deals up to 30 September
    uploaded on 1 December makes Q3 "last quarter" even though no date in it is later than Q3's.
    """
    if is_sample:
        return export_day_of(None, is_sample=True)
    return export_day_of(last_export_at(store.live_uploads()))


def last_export_at(live_uploads: pl.DataFrame) -> dt.datetime | None:
    """When the newest opportunity export still in effect was uploaded (UTC), from the live manifest
    rows (Store.live_uploads); None when there is none. A roster upload or an undone export says
    nothing of when the data was taken."""
    exports = live_uploads.filter(pl.col("kind") == "opportunities")
    return cast(dt.datetime, exports.get_column("at").max()) if exports.height else None


def export_day_of(last_export: dt.datetime | None, is_sample: bool = False) -> dt.date:
    """`export_day` from the newest live export's upload time (`last_export_at`): its day, never after
    today; today when there is none; the sample's generator day for the bundled sample."""
    if is_sample:
        from sample_data.generator import AS_OF

        return min(AS_OF, dt.date.today())
    if last_export is None:
        return dt.date.today()
    return min(last_export.date(), dt.date.today())


def data_as_of(store: Store, is_sample: bool = False) -> dt.date:
    """The day the data describes, which open deals are judged as of: the export's day
    (export_day), but no later than the newest date in the data.

    An old export uploaded today describes its own day, not today: judged as of the upload day,
    its every open deal would be "at risk" for years. The newest date in it (a deal created or
    closed) is as late as it can describe.
    """
    day = export_day(store, is_sample)
    return as_of_day(day, None if is_sample else data_newest_date(store), is_sample)


def as_of_day(export: dt.date, newest: dt.date | None, is_sample: bool = False) -> dt.date:
    """`data_as_of` from the export day and the data's newest date (`data_newest_date`): the earlier
    of the two; the export day for the bundled sample or when the data has no date."""
    if is_sample or newest is None:
        return export
    return min(export, newest)


# data_as_of in words, as the Overview's footer and the review's at-risk caption say it: an open deal's
# close date is only expected, so it is not one of the dates (data_newest_date).
AS_OF_RULE = ("the newest created date or closed deal's close date in the data, or the upload day if that is"
              " earlier")


def data_newest_date(store: Store, at: int | None = None) -> dt.date | None:
    """The newest date the stored deals carry (at the current or given store version): a deal
    created, or a closed deal's close date (an open deal's close date is only expected). None when
    there is none.

    A deal is closed or open as every page counts it (`deals`: its outcome under the store's current stage
    mappings and no-decision vocabulary, with_outcomes), not as it was stored: an open deal a stage mapping
    saved since makes won closes on its date, which the data's day (data_as_of) then reaches, so no page
    takes it for a deal dated after that day (closed_after_data_day)."""
    return newest_date_of(stored_deals_ruled(store, at))


def stored_deals_ruled(store: Store, at: int | None = None) -> pl.DataFrame:
    """The stored deals at version `at` (the current one by default), each outcome ruled as `deals` rules it
    (with_outcomes under the store's current stage mappings and no-decision vocabulary), with only the columns the
    rules and the data's dates read: stage, outcome, created_date, close_date, the loss reason and stored signals."""
    table = store.opportunities(at)
    names = table.collect_schema().names()
    stored = table.select("stage", "outcome", "created_date", "close_date",
                          *(["loss_reason"] if "loss_reason" in names else []), *stored_signals(names)).collect()
    return with_outcomes(stored, store.no_decision_reasons(), store.stage_outcomes())


def newest_date_of(ruled: pl.DataFrame) -> dt.date | None:
    """data_newest_date of deals whose outcome is ruled (with_outcomes: outcome, created_date, close_date)."""
    closed = pl.col("outcome").is_not_null() & (pl.col("outcome").cast(pl.String) != "open")
    return cast(dt.date | None, ruled.select(
        pl.max_horizontal(pl.col("created_date").max(), pl.col("close_date").filter(closed).max())).item())


def preset_day(export: dt.date, latest_close: dt.date | None, fy_start_month: int = 1,
               data_day: dt.date | None = None) -> dt.date:
    """The day date presets count from: the export's day (export_day), but no later than the day after
    the quarter of its newest closed deal, nor than the day after the day the data describes
    (`data_day`: data_as_of; the export's day when not given).

    An export taken on 10 October whose data runs to 30 September (a deal created or closed that day)
    still makes Q3 "last quarter"; an export of 2024 deals opened today shows 2024, not an empty year.
    """
    # A quarter is "last quarter" only when the data describes its last day: an export uploaded on 5 Feb
    # whose newest date is 20 Dec made Q4 (or, with a fiscal year from February, Nov - Jan) a complete
    # quarter that every page names "to date", and "Last 4 complete quarters" ran to 31 Jan "(data to 20 Dec)".
    day = export if data_day is None else min(export, data_day + dt.timedelta(days=1))
    if latest_close is None:
        return day
    _, quarter_end = quarter_bounds(quarter_of(latest_close, fy_start_month), fy_start_month)
    return min(day, quarter_end + dt.timedelta(days=1))


def sample_uri(store_uri: str) -> str:
    """Where the bundled sample's own store lives, for a customer store at `store_uri`.

    $WINLOSS_SAMPLE_STORE when set; else a folder `sample_store` beside a local store (./data/sample_store
    for the default ./data/store), so the sample is written where the user chose to keep data, never
    under whatever folder the app was started from; else, for a store on object storage, the user's
    cache folder ($XDG_CACHE_HOME or ~/.cache, then winloss/sample_store): the sample is rebuilt from
    committed files, so it belongs in a cache rather than in a shared bucket.
    """
    configured = os.environ.get("WINLOSS_SAMPLE_STORE")
    if configured:
        return configured
    if "://" not in store_uri or store_uri.startswith("file://"):
        local = local_folder(store_uri).expanduser()
        beside = local.parent / SAMPLE_FOLDER
        if beside.resolve() != local.resolve():  # a customer store that is itself named sample_store
            return str(beside)
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return str(Path(cache) / "winloss" / SAMPLE_FOLDER)


def sample_store(store_uri: str) -> Store:
    """The store of the bundled sample for the customer store at `store_uri`, built from the committed
    files on first use (see `sample_uri` for where)."""
    store = Store(sample_uri(store_uri))
    if store.version() == 0:
        load_sample(store)
    return store


def load_sample(store: Store) -> None:
    """Ingest the committed sample questionnaire, roster and export into a store through the ordinary path.

    The questionnaire goes first, as a team that assessed reps before writing a roster: the
    roster then keeps the profiles it agrees with as assessed, so the sample shows both sources.
    """
    from sample_data.assessments import SAMPLE_ASSESSMENTS
    from sample_data.generator import SAMPLE_OPPORTUNITIES, SAMPLE_ROSTER
    from winloss.ingest.pipeline import commit, prepare

    for path in (SAMPLE_ASSESSMENTS, SAMPLE_ROSTER, SAMPLE_OPPORTUNITIES):
        prepared = prepare(Path(path).read_bytes(), Path(path).name)
        commit(store, prepared, user="sample")


def active_store(store: Store, holds_deals: bool | None = None) -> tuple[Store, bool]:
    """The store to measure and whether it is the sample: the customer's once it holds deals.

    `holds_deals`: whether `store` holds deals, when the caller already knows (the app reads it from
    the store version's kept facts, winloss.store_facts); read from the store when None.
    """
    if store.has_opportunities() if holds_deals is None else holds_deals:
        return store, False
    return sample_store(store.uri), True
