"""Where seller profiles came from: the source line under profile charts, the rule for when most
deals are Unprofiled, the roster row an assessment settles, and roster uploads that would replace
an assessed profile."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import datetime as dt
from typing import cast
from dataclasses import dataclass

import polars as pl

from data_models.vocabulary import ROSTER_FIELDS, ROSTER_SCHEMA, UNPROFILED, profile_guess_words
from winloss import employment
from winloss.assessment import (
    AnswersInvalid,
    Assessment,
    answers_frame,
    assessment_source,
    day_text,
    latest_answers,
    scored,
)
from winloss.deals import ASSESSED, FROM_ROSTER, PROFILE_RATERS, raters_by_rep
from winloss.ingest.identity import name_key, one_spelling
from winloss.managers import managers_only
from winloss.store.delta import Store
from winloss.text import percent, plural, quoted_name
from winloss.views.roster import deals_per_rep

# Seller profiles leads with what to do, not with charts, when more than this share of the
# closed deals in range belong to Unprofiled reps: most bars would be one grey one.
MOSTLY_UNPROFILED = 0.5

ASSESSMENT_ORIGIN = "assessment"
ROSTER_ORIGIN = "roster"
PROFILE_SHOWN = "profile_shown"  # a board's column: the rep's profile as shown (profile_as_shown)
SOURCED_ROSTER_SCHEMA = pl.Schema({**ROSTER_SCHEMA, "profile_origin": pl.String(), "profile_source": pl.String()})


@dataclass(frozen=True)
class ProfileSources:
    """Reps with closed deals in range, by where their profile came from, and the Unprofiled deals."""

    roster_reps: int
    assessed_reps: int
    unprofiled_reps: int
    closed: int  # closed deals in range
    unprofiled_closed: int  # of them, owned by Unprofiled reps
    roster_uploaded: dt.date | None  # the day of the roster upload in effect, if any

    @property
    def unprofiled_share(self) -> float | None:
        return self.unprofiled_closed / self.closed if self.closed else None

    @property
    def mostly_unprofiled(self) -> bool:
        """More than MOSTLY_UNPROFILED of the closed deals belong to Unprofiled reps."""
        share = self.unprofiled_share
        return share is not None and share > MOSTLY_UNPROFILED

    @property
    def profiled_reps(self) -> int:
        return self.roster_reps + self.assessed_reps


def profile_sources(
    deals: pl.LazyFrame, start: dt.date, end: dt.date, roster_uploaded: dt.date | None = None
) -> ProfileSources:
    """Count the reps with closed deals in [start, end] by profile source (deals need `profile_source`)."""
    closed = deals.filter(pl.col("outcome") != "open", pl.col("close_date").is_between(start, end))
    reps = closed.group_by("rep").agg(pl.col("profile_source").first(), pl.len().alias("deals")).collect()
    by_source = {source: group for (source,), group in reps.group_by("profile_source")}

    def count(source: str | None) -> int:
        group = by_source.get(source)
        return 0 if group is None else group.height

    unprofiled = by_source.get(None)
    return ProfileSources(
        roster_reps=count(FROM_ROSTER),
        assessed_reps=count(ASSESSED),
        unprofiled_reps=count(None),
        closed=int(reps.get_column("deals").sum()) if reps.height else 0,
        unprofiled_closed=0 if unprofiled is None else int(unprofiled.get_column("deals").sum()),
        roster_uploaded=roster_uploaded,
    )


def roster_uploaded_on(store: Store) -> dt.date | None:
    """The day of the newest roster upload still in effect, or None."""
    return roster_day(store.live_uploads())


def roster_day(live_uploads: pl.DataFrame) -> dt.date | None:
    """`roster_uploaded_on` from the live manifest rows (Store.live_uploads, of any store version)."""
    uploads = live_uploads.filter(pl.col("kind") == "roster")
    return cast(dt.datetime, uploads.get_column("at").max()).date() if uploads.height else None


def _reps(count: int) -> str:
    return f"{count} rep{'s' if count != 1 else ''}"


def source_line(sources: ProfileSources) -> str:
    """'Profiles: 31 reps from the roster (uploaded 3 Mar 2026), 6 from assessments, 5 unprofiled
    (14% of closed deals).' Plain text: names no rep, so it needs no escaping."""
    uploaded = f" (uploaded {day_text(sources.roster_uploaded)})" if sources.roster_uploaded else ""
    parts = [f"{_reps(sources.roster_reps)} from the roster{uploaded}", f"{sources.assessed_reps} from assessments"]
    share = sources.unprofiled_share
    unprofiled = f"{sources.unprofiled_reps} unprofiled"
    if share is not None:
        unprofiled += f" ({percent(share)} of closed deals)"
    parts.append(unprofiled)
    return "Profiles: " + ", ".join(parts) + "."


def unprofiled_hint(sources: ProfileSources) -> str | None:
    """Where the Unprofiled reps of `source_line` are, and how to profile them; None when there are
    none. A rep whose deals name them in a way the roster does not (no roster row) is one of them."""
    if not sources.unprofiled_reps:
        return None
    # Why, then the three ways to give a profile, each a thing to do: one sentence of clauses that said
    # where a rep was listed, to profile there, in an upload or with a questionnaire left the reader to
    # work out what to do.
    they = "The unprofiled rep has" if sources.unprofiled_reps == 1 else "The unprofiled reps have"
    return (f"{they} no seller profile: no roster row, or a row with no profile. To give a rep one: set it "
            "in the roster table on the Data page, which lists the unprofiled reps first, with their deals; "
            "upload a roster that spells the rep's name as the deals do; or assess the rep with the questionnaire on the "
            "Profile assessment page.")


def settled_roster_row(rep: str, result: Assessment, current: dict | None, source: str) -> pl.DataFrame | None:
    """The roster row (SOURCED_ROSTER_SCHEMA) a scored assessment writes, or None to leave the roster as it is.

    A clear result becomes the rep's profile (team, manager and region kept). A mixed one leaves
    the rep Unprofiled: a profile an earlier assessment gave goes back to Unprofiled, since the
    raters no longer agree; a profile from the roster stays (the page says so); a rep with no
    roster row gets none.
    """
    if result.profile is None:
        if current is None or current.get("profile_origin") != ASSESSMENT_ORIGIN:
            return None
        profile = UNPROFILED
    else:
        profile = result.profile
    row = {field: (current or {}).get(field) for field in ROSTER_FIELDS}
    row.update(rep=rep, seller_profile=profile, profile_origin=ASSESSMENT_ORIGIN, profile_source=source)
    return pl.DataFrame([row], schema=SOURCED_ROSTER_SCHEMA)


def sourced_roster(roster: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """The stored roster with profile_origin and profile_source (null for rows stored before them)."""
    frame = roster.lazy().collect()
    for column in ("profile_origin", "profile_source"):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(column))
    return frame.select(SOURCED_ROSTER_SCHEMA.names()).cast(SOURCED_ROSTER_SCHEMA)


def roster_conflicts(uploaded: pl.DataFrame, roster: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """Reps whose assessed profile a roster upload would replace: rep, assessed, profile_source, uploaded.

    `uploaded` is the upload's accepted rows (canonical roster columns). A rep whose uploaded
    profile equals the assessed one is no conflict.
    """
    assessed = sourced_roster(roster).filter(pl.col("profile_origin") == ASSESSMENT_ORIGIN).select(
        "rep", pl.col("seller_profile").alias("assessed"), "profile_source"
    )
    return (
        uploaded.select("rep", pl.col("seller_profile").alias("uploaded"))
        .join(assessed, on="rep", how="inner")
        .filter(pl.col("assessed") != pl.col("uploaded"))
        .select("rep", "assessed", "profile_source", "uploaded")
        .sort("rep")
    )


def with_unread_profiles_settled(
    uploaded: pl.DataFrame, roster: pl.LazyFrame | pl.DataFrame, unread: pl.DataFrame
) -> tuple[pl.DataFrame, list[str]]:
    """The upload's rows with each profile it did not understand settled, and a sentence per rep
    whose stored profile is kept.

    `uploaded` is the upload's accepted rows (canonical roster columns, `__line`), a profile not
    understood null; `unread` the labels written there (`__line`, `value`). Such a label says
    nothing about the rep's profile, so it replaces none: a rep the store profiles keeps that
    profile (and its source, as any unchanged profile does), said in a sentence; any other rep is
    Unprofiled. Rows with a profile are returned as they are.
    """
    if uploaded.height == 0 or uploaded.get_column("seller_profile").null_count() == 0:
        return uploaded, []
    stored = sourced_roster(roster).filter(pl.col("seller_profile") != UNPROFILED).select(
        "rep", pl.col("seller_profile").alias("__stored"), pl.col("profile_origin").alias("__origin"),
    )
    joined = uploaded.join(stored, on="rep", how="left", maintain_order="left")
    if "__line" in joined.columns:
        joined = joined.join(unread.select("__line", pl.col("value").alias("__label")), on="__line", how="left",
                             maintain_order="left")
    else:
        joined = joined.with_columns(pl.lit(None, pl.String).alias("__label"))
    kept = joined.filter(pl.col("seller_profile").is_null() & pl.col("__stored").is_not_null())
    notes = [
        f"{quoted_name(row['rep'])}: the roster's profile '{row['__label']}'{profile_guess_words(row['__label'])} is not one "
        f"of the five, so the stored profile "
        f"({row['__stored']}{', from an assessment' if row['__origin'] == ASSESSMENT_ORIGIN else ''}) is kept."
        for row in kept.sort("rep").iter_rows(named=True)
    ]
    settled = joined.with_columns(
        pl.coalesce("seller_profile", "__stored", pl.lit(UNPROFILED)).alias("seller_profile")
    ).drop("__stored", "__origin", "__label")
    return settled, notes


def with_assessed_kept(uploaded: pl.DataFrame, roster: pl.LazyFrame | pl.DataFrame, keep: list[str]) -> pl.DataFrame:
    """The upload's rows with the assessed profile (and its source) kept for the reps in `keep`.

    Their other fields (team, manager, region) still come from the upload.
    """
    if not keep:
        return uploaded
    stored = sourced_roster(roster).filter(pl.col("rep").is_in(keep)).select(
        "rep", pl.col("seller_profile").alias("_kept"), pl.col("profile_origin").alias("_origin"),
        pl.col("profile_source").alias("_source"),
    )
    if "profile_origin" not in uploaded.columns:
        uploaded = uploaded.with_columns(profile_origin=pl.lit(None, pl.String), profile_source=pl.lit(None, pl.String))
    joined = uploaded.join(stored, on="rep", how="left")
    return joined.with_columns(
        seller_profile=pl.coalesce("_kept", "seller_profile"),
        profile_origin=pl.coalesce("_origin", "profile_origin"),
        profile_source=pl.coalesce("_source", "profile_source"),
    ).drop("_kept", "_origin", "_source")


def questionnaire_profiles(
    answers: pl.DataFrame, stored: pl.LazyFrame | pl.DataFrame, roster: pl.LazyFrame | pl.DataFrame,
    put_back: Sequence[str] = (),
) -> tuple[pl.DataFrame, list[str]]:
    """The roster rows a filled-in questionnaire settles, and a sentence per rep for the file report.

    `answers` are the file's accepted answers (rep, rater, date, statement, score); `stored` the
    answers already in the store: each rater's latest set counts. A rep whose profile came from
    the roster keeps it (the file report says so: apply the assessment on the Profile assessment
    page); a clear result profiles any other rep; a mixed one leaves the rep Unprofiled.
    `put_back`: the reps whose profile this questionnaire set when it was loaded before, which a later roster
    or edit replaced (Store.profiles_set): storing it again is choosing it over them, so theirs is set again.
    """
    current = sourced_roster(roster)
    columns = ["rep", "rater", "date", "statement", "score"]
    # The file's own answers win over stored ones of the same rater and day (a re-sent file).
    earlier = stored.lazy().select(columns).collect().join(
        answers.select("rep", "rater", "date").unique(), on=["rep", "rater", "date"], how="anti"
    )
    combined = pl.concat([earlier, answers.select(columns)], how="vertical_relaxed")
    rows: list[pl.DataFrame] = []
    notes: list[str] = []
    for rep in sorted(answers.get_column("rep").unique().to_list()):
        latest = latest_answers(combined, rep)
        try:
            result = scored(latest.drop("date"))
        except AnswersInvalid as exc:  # the file's sets are complete (validated); a stored one may not be
            notes.append(f"{rep}: not scored — {exc}")
            continue
        source = assessment_source(result.raters, cast(dt.date, latest.get_column("date").max()))
        found = current.filter(pl.col("rep") == rep)
        now_row = found.row(0, named=True) if found.height else None
        from_roster = (
            now_row is not None and now_row["profile_origin"] != ASSESSMENT_ORIGIN
            and now_row["seller_profile"] != UNPROFILED and rep not in put_back
        )
        if from_roster and now_row is not None:
            notes.append(
                f"{rep}: the questionnaire says {result.verdict()} The roster's profile ({now_row['seller_profile']}) "
                "is kept: apply the assessment on the Profile assessment page to replace it."
            )
            continue
        row = settled_roster_row(rep, result, now_row, source)
        notes.append(f"{rep}: {result.verdict()}")
        if row is not None:
            rows.append(row)
    frame = pl.concat(rows) if rows else pl.DataFrame(schema=SOURCED_ROSTER_SCHEMA)
    return frame, notes


@dataclass(frozen=True)
class Saving:
    """One rater's answers for one rep, ready to store, and what they make of the rep's profile."""

    answers: pl.DataFrame  # rep, rater, date, statement, score
    result: Assessment  # over every rater's latest answers, these included
    roster_row: pl.DataFrame | None  # None: the roster stays as it is
    note: str  # for the store's history
    kept: str | None = None  # the rep's profile in the roster before (None: no roster row)
    # The store holds these answers already (this rater, this rep, this date, every score the same) and the
    # roster row would stay as it is: saving them would write a version that changes nothing.
    unchanged: bool = False

    def unchanged_sentence(self, rep: str) -> str:
        """What the page says when nothing is saved as nothing would change; `rep` as the page draws it, escaped."""
        return (f"Nothing new to save: {rep} has these answers from this rater on this date already, so no store "
                "version was written; change a score or the date to save a new rating.")

    def saved_sentence(self, rep: str, version: int) -> str:
        """What the page says once saved (Markdown); `rep`: the rep's name as the page draws it, escaped.
        A mixed result leaves a roster profile as it is: "is now Unprofiled (the roster's profile stays…)"
        said both at once, and named a roster profile to a rep who had none."""
        if self.result.profile:
            now = f"is now **{self.result.profile}**"
        elif self.roster_row is not None:
            now = f"is now **{UNPROFILED}**: the raters' result is mixed"
        elif self.kept and self.kept != UNPROFILED:
            now = f"stays **{self.kept}**, the roster's profile, until the raters' result is clear"
        else:
            now = f"stays **{UNPROFILED}**: the raters' result is mixed"
        return f"Saved as store version {version}: {rep} {now}. Roll it back from Data → History."


def assessment_to_save(
    rep: str, rater: str, day: dt.date, scores: dict[str, int | None],
    stored: pl.LazyFrame | pl.DataFrame, roster: pl.LazyFrame | pl.DataFrame,
) -> Saving:
    """What saving one rater's answers does: score them with the other raters' latest answers and
    settle the rep's roster row. Raises AnswersInvalid (one sentence) for a blank rater or an
    incomplete or off-scale answer set."""
    rater = (rater or "").strip()
    if not rater:
        raise AnswersInvalid("Write who is rating (your name) before saving: the source of the profile names the raters.")
    own = answers_frame(rater, scores)
    scored(own)  # this rater's own set must be complete before it is combined with anyone's
    new = own.with_columns(rep=pl.lit(rep), date=pl.lit(day)).select("rep", "rater", "date", "statement", "score")
    # The rep's earlier answers under any spelling of the name (identity.name_key), as latest_answers reads them.
    same_rep = name_key(pl.col("rep")) == name_key(pl.lit(rep, pl.String))
    earlier = stored.lazy().filter(same_rep & (pl.col("rater") != rater)).select(new.columns).collect()
    latest = latest_answers(pl.concat([earlier, new], how="vertical_relaxed"), rep)
    result = scored(latest.drop("date"))
    current = sourced_roster(roster).filter(pl.col("rep") == rep)
    source = assessment_source(result.raters, cast(dt.date, latest.get_column("date").max()))
    before = current.row(0, named=True) if current.height else None
    row = settled_roster_row(rep, result, before, source)
    unchanged = _stored_already(stored.lazy().filter(same_rep), new) and (
        row is None or (before is not None and all(before[f] == row.row(0, named=True)[f] for f in row.columns)))
    return Saving(new, result, row, f"{rep}: {result.verdict()}", before["seller_profile"] if before else None,
                  unchanged=unchanged)


def _stored_already(stored: pl.LazyFrame, new: pl.DataFrame) -> bool:
    """Whether `stored` (one rep's stored answers) holds `new` (one rater's full set for one date: rater, date,
    statement, score) as that rater's last save for that date: the set that counts for it, so storing `new`
    again would change no answer, only add a version (a re-upload of an identical file adds none either)."""
    rater, day = new.get_column("rater")[0], new.get_column("date")[0]
    rows = stored.filter((pl.col("rater") == rater) & (pl.col("date") == day))
    if "updated_at" in rows.collect_schema():  # the same day saved twice: the later save counts (latest_answers)
        rows = rows.filter(pl.col("updated_at") == pl.col("updated_at").max())
    answers = [pl.col("statement").cast(pl.String), pl.col("score").cast(pl.Int64)]
    held = rows.select(answers).collect().sort("statement")
    return held.height == new.height and held.equals(new.select(answers).sort("statement"))


REPS_SCHEMA = pl.Schema(
    {"rep": pl.String, "deals": pl.UInt32, "seller_profile": pl.String, "profile_origin": pl.String,
     "profile_source": pl.String, "raters": pl.UInt32, employment.REP_LEFT: pl.Boolean,
     employment.REP_LEFT_ON: pl.Date}
)


def reps_to_assess(opportunities: pl.LazyFrame, roster: pl.LazyFrame | pl.DataFrame,
                   assessments: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """Every rep the deals or the roster name, in the order a manager assesses them (REPS_SCHEMA).

    First reps with deals and no profile (most deals first), then reps with deals and a profile,
    then reps without deals; with where each profile came from and how many raters assessed them. A
    manager who owns no deals (managers.managers_only) is no rep to assess and is not listed.
    """
    stored = roster.lazy().collect()
    roster = sourced_roster(stored).select("rep", "seller_profile", "profile_origin", "profile_source")
    # Deals and answers under the roster's spelling of each rep (identity.name_key), as the roster
    # rows the page saves are matched: the deals' "José Díaz" is the roster's "Jose Diaz", not a second rep,
    # and a deal whose owner is written as a roster row's email is that row's rep's (identity.as_roster_reps).
    counts = deals_per_rep(opportunities, sourced_roster(stored).select("rep", "email").lazy()).collect()
    answers = assessments.lazy().select("rep", "rater").collect()
    spelled = one_spelling(answers.get_column("rep"), pl.concat([roster.get_column("rep"), counts.get_column("rep")]))
    raters = answers.with_columns(spelled).group_by("rep").agg(pl.col("rater").n_unique().cast(pl.UInt32).alias("raters"))
    # Whether each roster rep has left (winloss.employment): the picker marks them, never leaves them out.
    left = roster_left(stored)
    reps = (
        counts.join(roster, on="rep", how="full", coalesce=True)
        .join(raters, on="rep", how="left")
        .join(left, on="rep", how="left")
        .filter(pl.col("rep").is_not_null())
        .with_columns(
            pl.col("deals").fill_null(0), pl.col("raters").fill_null(0), pl.col("seller_profile").fill_null(UNPROFILED),
            pl.col(employment.REP_LEFT).fill_null(False),
        )
    )
    # A manager who owns no deals (winloss.managers) has no seller profile to give: not listed to assess.
    managers = managers_only(stored.get_column("rep"), stored.get_column("manager"),
                             counts.filter(pl.col("deals") > 0).get_column("rep")) if "manager" in stored.columns else []
    reps = reps.filter(~pl.col("rep").is_in(managers))
    group = pl.when((pl.col("deals") > 0) & (pl.col("seller_profile") == UNPROFILED)).then(0).when(
        pl.col("deals") > 0).then(1).otherwise(2)
    return reps.sort([group, pl.col("deals"), pl.col("rep")], descending=[False, True, False]).select(
        REPS_SCHEMA.names()).cast(REPS_SCHEMA)


def roster_left(roster: pl.DataFrame, today: dt.date | None = None) -> pl.DataFrame:
    """rep, REP_LEFT, REP_LEFT_ON: each roster rep who has left by `today` (employment.has_left) or is leaving
    on a day still to come, one row a rep, for the pickers' marks (employment.picker_label)."""
    if employment.LEFT not in roster.columns:  # a roster stored before reps could leave
        return pl.DataFrame(schema={"rep": pl.String, employment.REP_LEFT: pl.Boolean, employment.REP_LEFT_ON: pl.Date})
    day = today or dt.date.today()
    left = employment.has_left(day)
    return (roster.filter(left | pl.col(employment.LEFT_ON).is_not_null())
            .select("rep", left.alias(employment.REP_LEFT), employment.left_on_day().alias(employment.REP_LEFT_ON))
            .unique("rep", keep="first"))


def profile_source_words(source: str | None, raters: int | None) -> str | None:
    """Where a rep's profile came from, in the words every list of reps gives it (no name in them): "roster"
    (FROM_ROSTER), "assessment (1 rater)" (ASSESSED, on `raters` raters; "assessment" when not counted),
    None for an Unprofiled rep (no source). A source the product does not know raises ValueError."""
    if source is None:
        return None
    if source == FROM_ROSTER:
        return ROSTER_ORIGIN
    if source == ASSESSED:
        return ASSESSMENT_ORIGIN if raters is None else f"{ASSESSMENT_ORIGIN} ({plural(raters, 'rater')})"
    raise ValueError(f"Unknown profile source {source!r}: expected {FROM_ROSTER!r}, {ASSESSED!r} or none.")


def profile_as_shown(profile: str | None, source: str | None, raters: int | None) -> str:
    """A rep's profile as every page that reads reps one by one shows it (the rep's header, a profile's
    reps, the leaderboard): "Challenger (assessment, 1 rater)" for a profile from the questionnaire,
    "Challenger" from the roster, "Unprofiled" for none (`profile` None reads Unprofiled). Plain text: the
    profile is one of the product's own, the rest fixed words."""
    shown = profile or UNPROFILED
    if source != ASSESSED:
        profile_source_words(source, raters)  # a source it does not know is refused here as there
        return shown
    raters_words = "" if raters is None else f", {plural(raters, 'rater')}"
    return f"{shown} ({ASSESSMENT_ORIGIN}{raters_words})"


# A grid's cell marks a profile from the questionnaire with this, its column's help saying what it means: the
# whole label ("Challenger (assessment, 1 rater)") wrapped in the leaderboard's Profile column, and a grid's
# rows are one height, so one assessed rep made every row three lines tall. Not "*": that marks a won value
# that leaves deals out (exchange.NO_RATE_MARK) on the same leaderboard, and one mark meaning two things had
# its note explain the other's cells.
ASSESSED_MARK: Final = "†"
PROFILE_COLUMN_HELP: Final = (f"The rep's seller profile, from the roster; marked {ASSESSED_MARK} where it comes from "
                              "the profile questionnaire instead (the rep's page gives how many raters answered it).")


def profile_in_grid(profile: str | None, source: str | None, raters: int | None) -> str:
    """A rep's profile as a grid's cell shows it (the leaderboard, a profile's reps): profile_as_shown's profile
    with ASSESSED_MARK after it where it came from the questionnaire ("Challenger†"), PROFILE_COLUMN_HELP
    saying so in the column's help; the roster's as it is. A source the product does not know raises
    ValueError (profile_source_words, the one rule of what a source is)."""
    shown = profile or UNPROFILED
    profile_source_words(source, raters)  # refuses a source it does not know; its words are not needed here
    return f"{shown}{ASSESSED_MARK}" if source == ASSESSED else shown


# The roster editor's column (Data → Roster) saying where each rep's profile came from, in the words a CSV of reps
# writes (profile_source_words): an assessed profile read there like the roster's own, while the Reps page marked
# it "Challenger†".
PROFILE_FROM: Final = "profile_from"
PROFILE_FROM_HEADER: Final = "Profile from"
PROFILE_FROM_HELP: Final = (f"Where the seller profile came from: the roster, or the profile questionnaire (with how many "
                            f"raters answered it), which the Reps page marks {ASSESSED_MARK}.")


def with_profile_from(table: pl.DataFrame, roster: pl.LazyFrame | pl.DataFrame,
                      assessments: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """`table` (views.roster.roster_for_editing's rows, in its order) with PROFILE_FROM after seller_profile:
    "assessment (2 raters)" for a rep whose stored profile the questionnaire set (the raters with answers on file,
    as every list of reps counts them: deals.raters_by_rep), "roster" for one the roster gives, null for an
    Unprofiled rep, a rep the roster lacks or a manager's row (no profile)."""
    stored = sourced_roster(roster).select("rep", "profile_origin").unique("rep", keep="first")
    raters = raters_by_rep(assessments.lazy())
    rows = (table.select("rep", "seller_profile", "in_roster")
            .join(stored, on="rep", how="left", maintain_order="left")
            .join(raters, left_on=name_key(pl.col("rep")), right_on="__key", how="left", maintain_order="left"))
    words = [None if not in_roster or profile is None or profile == UNPROFILED
             else profile_source_words(ASSESSED if origin == ASSESSMENT_ORIGIN else FROM_ROSTER, count or None)
             for profile, in_roster, origin, count in rows.select(
                 "seller_profile", "in_roster", "profile_origin", "__raters").iter_rows()]
    at = table.columns.index("seller_profile") + 1
    return table.insert_column(at, pl.Series(PROFILE_FROM, words, dtype=pl.String))


def with_profiles_shown(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` (one row a rep: seller_profile, and the deals' profile_source and PROFILE_RATERS where they carry
    them) with PROFILE_SHOWN (profile_in_grid: "Challenger†"), its profile_source in words (profile_source_words: "roster",
    "assessment (1 rater)", null for none: what a CSV of reps writes) and PROFILE_RATERS dropped. Without the
    source columns (deals built without them) each profile is shown as it is and its source is null."""
    if "profile_source" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("profile_source"))
    if PROFILE_RATERS not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.UInt32).alias(PROFILE_RATERS))
    rows = frame.select(pl.col("seller_profile").cast(pl.String), pl.col("profile_source").cast(pl.String),
                        PROFILE_RATERS).rows()
    return frame.with_columns(
        pl.Series(PROFILE_SHOWN, [profile_in_grid(*row) for row in rows], dtype=pl.String),
        pl.Series("profile_source", [profile_source_words(source, raters) for _, source, raters in rows],
                  dtype=pl.String),
    ).drop(PROFILE_RATERS)


def rep_profile_sources(deals: pl.LazyFrame) -> pl.LazyFrame:
    """rep, profile_source, PROFILE_RATERS: each rep's (a rep has one profile, so one source: the first deal's),
    for a board of reps to join (with_profiles_shown); no rows when the deals carry no source."""
    schema = deals.collect_schema()
    if "profile_source" not in schema:
        return pl.LazyFrame(schema={"rep": pl.String, "profile_source": pl.String, PROFILE_RATERS: pl.UInt32})
    raters = pl.col(PROFILE_RATERS) if PROFILE_RATERS in schema else pl.lit(None, pl.UInt32).alias(PROFILE_RATERS)
    # Grouped by the rep as coded, each rep's one name and source made text (not every deal's: team_history.reps_now).
    return deals.group_by("rep").agg(pl.col("profile_source").first(), raters.first()).with_columns(
        pl.col("rep", "profile_source").cast(pl.String))


def with_rep_profiles_shown(board: pl.DataFrame, deals: pl.LazyFrame) -> pl.DataFrame:
    """`board` (one row a rep: rep, seller_profile; in its order) with each rep's profile as shown and its
    source in words, from `deals` (with_profiles_shown over rep_profile_sources): what every list of reps
    and its CSV give."""
    board = board.drop("profile_source", PROFILE_RATERS, strict=False).with_columns(pl.col("rep").cast(pl.String))
    return with_profiles_shown(board.join(rep_profile_sources(deals).collect(), on="rep", how="left",
                                          maintain_order="left"))


def profile_source_without_names() -> pl.Expr:
    """reps_to_assess' profile_source as an anonymised page shows it (the stored one names raters):
    "assessment (2 raters)", "roster" for a profile from the roster (rows stored before origins were
    kept included), null for an unprofiled rep, whose profile comes from nowhere."""
    raters = pl.when(pl.col("raters") == 1).then(pl.lit("")).otherwise(pl.lit("s"))
    return (
        pl.when(pl.col("profile_origin") == ASSESSMENT_ORIGIN)
        .then(pl.format("assessment ({} rater{})", pl.col("raters"), raters))
        .when(pl.col("seller_profile") != UNPROFILED)
        .then(pl.lit(ROSTER_ORIGIN))
        .otherwise(None)
        .alias("profile_source")
    )


def ranks_profiled_reps(mix_table: pl.DataFrame) -> bool:
    """Whether any rep the top-performer comparison ranks has a profile (else the chart would show only
    zeros beside the study's figures, and is not drawn). `mix_table` is TopPerformerMix.table."""
    return mix_table.filter((pl.col("seller_profile") != UNPROFILED) & (pl.col("all_count") > 0)).height > 0


def profiled_line(sources: ProfileSources) -> str:
    """The Overview's line: 'Seller profiles: 37 of 42 reps with closed deals are profiled (31 from the
    roster, 6 assessed), owning 86% of closed deals.'; with no rep in range, that no rep has closed deals.'"""
    reps = sources.profiled_reps + sources.unprofiled_reps
    if not reps:  # "0 of 0 reps … are profiled (0 from the roster, 0 assessed)" counted nothing
        return "Seller profiles: no rep has closed deals in this range."
    if not sources.profiled_reps:  # "0 of 3 reps … are profiled (0 from the roster, 0 assessed), owning 0%"
        if reps == 1:
            return "Seller profiles: the one rep with closed deals in this range has no profile yet."
        return f"Seller profiles: none of the {reps:,} reps with closed deals in this range has a profile yet."
    share = sources.unprofiled_share
    owning = "" if share is None else f", owning {percent(1 - share)} of closed deals"
    verb = "is" if sources.profiled_reps == 1 else "are"
    return (
        f"Seller profiles: {sources.profiled_reps:,} of {plural(reps, 'rep')} with closed deals {verb} profiled "
        f"({sources.roster_reps:,} from the roster, {sources.assessed_reps:,} assessed){owning}."
    )
