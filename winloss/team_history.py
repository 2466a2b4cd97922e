"""A rep's teams over time: which team, manager and region a deal counts for when its rep changed team.

A roster says each rep's team now. When a roster (an upload or an edit on the Data page) gives a rep another
team than the store holds for them, the store keeps the earlier assignment (team, manager and region) with the
day it ended: the day the roster says the rep joined the new team (its "Team Start Date", "Team since" or
"Start date in team" column, in the languages a roster's headers are read in), else the day of the upload,
which the roster report names as the rule it used and says how to give the day.

One rule for the three: a closed deal counts for the team, manager and region its rep was in on the day it
closed (an as-of join by rep on the close date, in the one place the roster meets the deals: winloss.deals); an
open deal for the rep's team now. A new manager or region with the team the same is the team's now, for all
its deals: only a change of team starts a new assignment. A deal's own region, when its export has one, is
still its own.

The roster report says each change of team before it is stored (move_sentence) and the History note of the
upload names it (moves_note): never a silent change of every past quarter of two teams. A rep who moves again
(Orcas → Falcons → Eagles) keeps each team apart with its own end day; the report counts the deals that stay with
the team they leave from the day they joined it.

A roster that gives a rep's start day while the store holds no team of theirs before it (the first roster with a
start day, or one that gives a day for the team the store holds) has no earlier team to count their earlier
deals for: they count for the team the roster gives, and the roster report says how many (no_earlier_sentence).
Stored in the other order, the roster first, the deals file's report says the same of its deals, in the same
words (file_deals_sentences): which file comes first changes nothing that is said.

A rep is in one team a day, and the days of a team they were in are never rewritten: a roster that puts a rep
in another team from a day before the day the store holds they joined their team, or gives another start day
for a team whose start ended an earlier team, is refused whole, in one sentence (TeamDaysRefused). One that puts
them in another team from that very day (two moves on one day, the second correcting the first) replaces the
team that held no day, and its report says so.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import OPEN
from winloss import text

# The roster's mapping field (mapping._ROSTER_SYNONYMS) and the stored roster's column: the day the rep
# joined their team, null when no roster said.
TEAM_SINCE: Final = "team_since"
FIELD_LABEL: Final = {TEAM_SINCE: "Team since (day the rep joined the team)"}
# The stored roster's earlier assignments of a rep, as JSON: a list of {"team", "manager", "region", "until"}
# ("until": the ISO day the next team started, the first day not in it), oldest first; null for none.
EARLIER: Final = "earlier_teams"
STORED: Final = {TEAM_SINCE: pl.Date(), EARLIER: pl.String()}
# What an assignment holds, the deals frame's team, manager and region at a close day.
ASSIGNED: Final = ("team", "manager", "region")

# The deals frame's columns (winloss.deals): the rep's team and manager now (their roster row's), and the day they
# joined the team when the store holds an earlier team of theirs (null otherwise): a moved rep's view says both.
REP_TEAM: Final = "rep_team"
REP_MANAGER: Final = "rep_manager"
REP_TEAM_SINCE: Final = "rep_team_since"

# An export's own team column, which no field reads (mapping.unused_columns_sentence says this of it).
EXPORT_TEAM_WORDS: Final = ("a deal counts for the team the roster gives its rep on the day it closed, never for a team "
                            "its export names")


@dataclass(frozen=True)
class Move:
    """A rep the roster gives another team than the store holds: `before` -> `after` from `since` (the first
    day in `after`), `dated` when the roster gave that day (else it is the day of the upload)."""

    rep: str
    before: str
    after: str
    since: dt.date
    dated: bool
    # The day the rep joined `before`, when the store holds an earlier team of theirs (None: `before` holds
    # every day before `since`).
    began: dt.date | None = None
    # `since` is the day the store holds the rep joined `before` (a correction made the day of a move, or a
    # roster naming another team from the same day): `before` held no day, and `after` takes its place.
    replaced: bool = False


class TeamDaysRefused(ValueError):
    """A roster that would put a rep in two teams on one day, or rewrite the days of a team they were in
    (kept_teams); str(exc) is the one sentence saying why nothing of it was stored, names as the file wrote them."""


def read_team_since(cells: pl.Series, header: str) -> tuple[pl.Series, str | None]:
    """A roster's team-start column read as dates (TEAM_SINCE, row for row; a blank is null) and the file
    report's sentence naming the values that are not dates, read as none (None when every value is one or
    blank). Values are as the file wrote them: escape the sentence to show it."""
    from winloss.ingest.values import dates

    written = cells.cast(pl.String).str.strip_chars()
    days = dates(written, header).values.alias(TEAM_SINCE)
    unread = written.filter(days.is_null() & written.is_not_null() & (written != "")).unique(maintain_order=True)
    if not unread.len():
        return days, None
    values = text.listed([f"'{v}'" for v in unread.head(5).to_list()])
    return days, (f"Not a date in '{header}', so read as no day the rep joined their team: {values}; write the day "
                  f"(2026-08-15) or leave the cell blank.")


def kept_teams(held: pl.DataFrame, rows: pl.DataFrame, day: dt.date) -> tuple[pl.DataFrame, list[Move]]:
    """`rows` (roster rows about to be stored, with `rep` and ASSIGNED's columns, TEAM_SINCE when the roster
    has it) with STORED's columns, and the moves they make. `held`: the stored roster (rep, ASSIGNED, and
    STORED's columns when it has them). A row whose team differs from the stored one (both given) keeps the
    stored assignment in EARLIER, ended on the row's TEAM_SINCE or, with none, on `day` (the upload's); a row
    that moves nobody keeps the stored TEAM_SINCE when it gives none, and the stored EARLIER.

    A move from the very day the store holds the rep joined their team (two moves on one upload day, or a roster
    naming another team from the same start day) replaces that team, which held no day: no earlier team is kept
    for it (Move.replaced), and a move back to the team left that very day undoes that move. Raises
    TeamDaysRefused, naming every such rep, when a row would put its rep in two teams on one day (a move from
    a day before the stored day they joined their team) or rewrite an earlier team's end (another start day for
    a team the store holds them in since an earlier team ended)."""
    if TEAM_SINCE not in rows.columns:
        rows = rows.with_columns(pl.lit(None, pl.Date).alias(TEAM_SINCE))
    rows = rows.with_columns(pl.col(TEAM_SINCE).cast(pl.Date))
    for name, dtype in STORED.items():
        if name not in held.columns:
            held = held.with_columns(pl.lit(None, dtype).alias(name))
    stored = held.select("rep", *(pl.col(c).alias(f"_was_{c}") for c in (*ASSIGNED, *STORED))).unique("rep", keep="first")
    joined = rows.drop(EARLIER, strict=False).join(stored, on="rep", how="left", maintain_order="left")
    moves: list[Move] = []
    refused: list[str] = []
    since_col: list[dt.date | None] = []
    earlier_col: list[str | None] = []
    for row in joined.iter_rows(named=True):
        was, now = row["_was_team"], row["team"]
        began, given = row[f"_was_{TEAM_SINCE}"], row[TEAM_SINCE]
        earlier = json.loads(row[f"_was_{EARLIER}"] or "[]")
        if was is not None and now is not None and was != now:
            since = given or day
            if began is not None and since < began:
                refused.append(_overlap_words(row["rep"], now, since, was, began))
            replaced = since == began  # `was` would hold no day: the new team takes its place, no earlier team kept
            # With no earlier team stored, `was` holds every day before `since`, not only those from its start day.
            moves.append(Move(row["rep"], was, now, since, given is not None, began if earlier else None, replaced))
            start: dt.date | None = since
            if not replaced:
                earlier.append({"team": was, "manager": row["_was_manager"], "region": row["_was_region"],
                                "until": since.isoformat()})
            elif earlier and earlier[-1]["team"] == now:  # back to the team left that day: one stay in it, not two
                earlier.pop()
                start = dt.date.fromisoformat(earlier[-1]["until"]) if earlier else None
            since_col.append(start)
            earlier_col.append(json.dumps(earlier, ensure_ascii=False) if earlier else None)
        else:
            if earlier and given is not None and given != began:
                refused.append(_rewrite_words(row["rep"], was, given, began, earlier[-1]["team"]))
            since_col.append(given or began)
            earlier_col.append(row[f"_was_{EARLIER}"])
    if refused:
        raise TeamDaysRefused(f"Not stored: {'; '.join(refused)}; a rep is in one team a day, and the days "
                              f"of a team they were in are never rewritten.")
    kept = rows.with_columns(pl.Series(TEAM_SINCE, since_col, pl.Date), pl.Series(EARLIER, earlier_col, pl.String))
    return kept, moves


def _overlap_words(rep: str, now: str, since: dt.date, was: str, began: dt.date) -> str:
    """TeamDaysRefused's part for a move from a day before the stored day the rep joined their team."""
    return (f"{text.quoted_name(rep)} joins {now} on {text.day(since)}, but the store holds them in {was} from "
            f"{text.day(began)} (give a later day)")


def _rewrite_words(rep: str, team: str, given: dt.date, began: dt.date | None, ended: str) -> str:
    """TeamDaysRefused's part for another start day of a team whose stored start ended an earlier team."""
    return (f"{text.quoted_name(rep)} joined {team} on {text.day(given)}, but the store holds {text.day(began)}, the "
            f"day their time in {ended} ended (leave the day blank or write {text.day(began)})")


def no_earlier_team(held: pl.DataFrame, kept: pl.DataFrame, given: pl.DataFrame) -> list[tuple[str, str, dt.date, bool]]:
    """(rep, team, start day, new) of each row of `kept` (kept_teams' rows) whose roster row gave a start day
    (`given`: the roster's rows, rep and TEAM_SINCE) while the store holds no team of theirs before it: their
    deals closed before that day count for `team`, which no_earlier_sentence says. `new`: the stored roster
    (`held`) gives the rep no team yet, so a roster giving their earlier team can still be stored first."""
    if TEAM_SINCE not in given.columns:
        return []
    dated = given.filter(pl.col(TEAM_SINCE).is_not_null()).get_column("rep").implode()
    teamed = held.filter(pl.col("team").is_not_null()).get_column("rep").implode()
    found = kept.filter(pl.col("rep").is_in(dated) & pl.col(EARLIER).is_null() & pl.col(TEAM_SINCE).is_not_null()
                        & pl.col("team").is_not_null()).with_columns(new=~pl.col("rep").is_in(teamed))
    return [(rep, team, since, new) for rep, team, since, new in found.select("rep", "team", TEAM_SINCE, "new").iter_rows()]


def assignments(roster: pl.DataFrame) -> pl.DataFrame:
    """rep, start (Date), ASSIGNED: each assignment of the reps of `roster` (the stored roster, one row a rep,
    region under `region`) who have an earlier team (EARLIER), from the first day it held (the oldest from
    dt.date.min) to the next one's start; the rep's team now from its TEAM_SINCE. Empty when nobody moved."""
    schema = {"rep": pl.String, "start": pl.Date, **{c: pl.String for c in ASSIGNED}}
    if EARLIER not in roster.columns:
        return pl.DataFrame(schema=schema)
    rows: list[dict] = []
    for row in roster.filter(pl.col(EARLIER).is_not_null()).iter_rows(named=True):
        earlier = sorted(json.loads(row[EARLIER]), key=lambda a: a["until"])
        start = dt.date.min
        for held in earlier:
            rows.append({"rep": row["rep"], "start": start, **{c: held.get(c) for c in ASSIGNED}})
            start = dt.date.fromisoformat(held["until"])
        rows.append({"rep": row["rep"], "start": row[TEAM_SINCE] or start, **{c: row[c] for c in ASSIGNED}})
    return pl.DataFrame(rows, schema=schema)


def at_close_day(deals: pl.DataFrame, roster: pl.DataFrame, region: str = "region") -> pl.DataFrame:
    """`deals` (rep, outcome, close_date, ASSIGNED's columns from the rep's roster row, the region under
    `region`) with a closed deal's team, manager and region those of the assignment its rep was in on its
    close day (`assignments` of `roster`, polars join_asof by rep); an open deal, one with no close date and
    every deal of a rep who never moved keep the roster's. Row order and every other column are kept."""
    held = assignments(roster)
    if held.height == 0:
        return deals
    closed = (pl.col("outcome") != "open") & pl.col("close_date").is_not_null() & pl.col("rep").is_in(held.get_column("rep").unique().implode())
    indexed = deals.with_row_index("_row")
    at_day = (
        indexed.filter(closed).select("_row", "rep", "close_date").sort("close_date")
        .join_asof(held.rename({c: f"_at_{c}" for c in ASSIGNED}).sort("start"), left_on="close_date", right_on="start",
                   by="rep", strategy="backward", check_sortedness=False)  # sorted by the key; polars cannot check it by group
        .select("_row", pl.lit(True).alias("_moved"), *(f"_at_{c}" for c in ASSIGNED))
    )
    moved = pl.col("_moved").fill_null(False)
    return (
        indexed.join(at_day, on="_row", how="left", maintain_order="left")
        .with_columns(
            pl.when(moved).then(pl.col(f"_at_{c}")).otherwise(pl.col(c if c != "region" else region)).alias(c if c != "region" else region)
            for c in ASSIGNED
        )
        .drop("_row", "_moved", *(f"_at_{c}" for c in ASSIGNED))
    )


def current_team_since(roster: pl.DataFrame) -> pl.Expr:
    """REP_TEAM_SINCE's value for a roster row: its TEAM_SINCE when the store holds an earlier team of the rep."""
    if EARLIER not in roster.columns:
        return pl.lit(None, pl.Date).alias(REP_TEAM_SINCE)
    return pl.when(pl.col(EARLIER).is_not_null()).then(pl.col(TEAM_SINCE)).otherwise(None).alias(REP_TEAM_SINCE)


def reps_now(deals: pl.LazyFrame) -> pl.LazyFrame:
    """rep, team, manager (String): each rep's team and manager now, the one rule every view of a rep and every
    list of reps names them by. Where the deals frame carries the rep's roster row (REP_TEAM, REP_MANAGER, from
    winloss.deals) and it gives a team or a manager, the roster's; else (a frame without a roster's columns, a rep
    the roster lacks) the team and manager of the rep's latest closed deal, of their latest open one when they
    closed none. A moved rep's first deal is their earlier team's: the Reps leaderboard took it, and the rep's
    header named the manager they left ("manager Rachel Stone" for a rep Laura Chen manages since 1 Aug)."""
    names = deals.collect_schema().names()
    closed = (pl.col("outcome") != OPEN) & pl.col("close_date").is_not_null()
    # Closed deals after open ones, by close day; a day's deals in the same team, so ties do not matter.
    # A frame without a team or manager column (deals made without a roster's) gives none.
    deals = deals.with_columns(pl.lit(None, pl.String).alias(c) for c in ("team", "manager") if c not in names)
    # Grouped by the columns as coded (winloss.deals.coded_deals) and only each rep's one value made text: the text
    # of every deal, made first, cost the Reps page's engine 150 ms of its 260 at 1M deals.
    latest = [pl.col(c).sort_by(closed, pl.col("close_date"), nulls_last=False).last().cast(pl.String).alias(f"_latest_{c}")
              for c in ("team", "manager")]
    roster_columns = {"team": REP_TEAM, "manager": REP_MANAGER}
    rostered = [pl.col(column).drop_nulls().first().cast(pl.String).alias(f"_roster_{c}")
                for c, column in roster_columns.items() if column in names]
    grouped = deals.group_by("rep").agg(*latest, *rostered).with_columns(pl.col("rep").cast(pl.String))
    if not rostered:
        return grouped.select("rep", pl.col("_latest_team").alias("team"), pl.col("_latest_manager").alias("manager"))
    roster = {c: pl.col(f"_roster_{c}") if column in names else pl.lit(None, pl.String) for c, column in roster_columns.items()}
    on_roster = roster["team"].is_not_null() | roster["manager"].is_not_null()
    return grouped.select(
        "rep", *(pl.when(on_roster).then(roster[c]).otherwise(pl.col(f"_latest_{c}")).alias(c) for c in roster_columns))


@dataclass(frozen=True)
class RepTeams:
    """One rep's team and manager now (reps_now's rule) and, for a rep who moved, the day they joined the team
    (REP_TEAM_SINCE) and the teams their deals closed in before it, oldest first; None, None, () for a rep who
    never moved, and a team of None for a rep with none."""

    team: str | None
    manager: str | None = None
    since: dt.date | None = None
    earlier: tuple[str, ...] = ()

    @property
    def moved(self) -> bool:
        """Whether the rep's deals closed in another team before the one they are in now."""
        return self.since is not None and bool(self.earlier)

    def members(self) -> pl.Expr:
        """The deals of the rep's team benchmark (in_teams_closed); none for a rep with no team."""
        return pl.lit(False) if self.team is None else in_teams_closed(self.team, self.since, self.earlier)


def rep_teams(mine: pl.DataFrame) -> RepTeams:
    """RepTeams of the rep whose deals `mine` are (the deals frame's rows of one rep: rep, outcome, close_date,
    team, manager, and REP_TEAM, REP_MANAGER, REP_TEAM_SINCE when it has them). The day they joined their team is
    kept only when it is the team reps_now gives, the roster's."""
    if mine.height == 0:
        return RepTeams(None)
    team, manager = reps_now(mine.lazy()).select("team", "manager").collect().row(0)
    since = mine[REP_TEAM_SINCE].drop_nulls() if REP_TEAM_SINCE in mine.columns else None
    now = mine[REP_TEAM].cast(pl.String).drop_nulls() if REP_TEAM in mine.columns else None
    if team is None or since is None or not since.len() or now is None or not now.len() or now[0] != team:
        return RepTeams(team, manager)
    day = since[0]
    before = (mine.filter((pl.col("close_date") < day).fill_null(False) & (pl.col("team").cast(pl.String) != team))
              .sort("close_date").get_column("team").cast(pl.String).drop_nulls().unique(maintain_order=True))
    return RepTeams(team, manager, day, tuple(before.to_list()))


def in_teams_closed(team: str, since: dt.date | None, earlier: Sequence[str]) -> pl.Expr:
    """Whether a deal is of the teams a rep's deals closed in, while the rep was in them: the rep's team
    benchmark (their scorecard's team row and their trend's dotted team line alike). `team`: the rep's team
    now; `since`: the day they joined it when they moved (REP_TEAM_SINCE), else None (every deal of `team`);
    `earlier`: the teams their deals closed in before that day. A closed deal counts when it closed in `team`
    from `since` on, or in an earlier team before it; an open deal when it is `team`'s (its rep's team now).
    A mover set against their new team's whole history read beside their own deals of the old team."""
    own = pl.col("team").cast(pl.String) == team
    if since is None:
        return own.fill_null(False)
    before = (pl.col("close_date") < since).fill_null(False)
    closed = pl.col("outcome").cast(pl.String) != OPEN
    return ((own & (~closed | ~before)) | (closed & before & pl.col("team").cast(pl.String).is_in(list(earlier)))).fill_null(False)


def move_sentence(move: Move, closed_before: int, header: str | None = None, edited: bool = False) -> str:
    """The roster report's sentence on one change of team: '"Ivan Petrov": Orcas → Falcons from 15 Aug 2026;
    their 14 deals closed before that stay with Orcas.' (`closed_before`: closed_before's count for the move; a
    rep who joined `move.before` on a day the store holds: '... their 4 deals closed from 15 Aug 2026 until then
    stay with Falcons.'). With no day given (`move.dated` false), which day it used and how to give it
    (`header`: the roster's team-start column, when it has one; `edited`: a change made in the Data page's
    roster editor, saved on the day it is saved, not an upload). Names are the file's: escape the sentence
    to show it."""
    who = text.quoted_name(move.rep)
    closed = "closed before that" if move.began is None else f"closed from {text.day(move.began)} until then"
    stay = (f"their {text.plural(closed_before, 'deal')} {closed} stay with {move.before}" if closed_before
            else f"a deal they {closed} counts for {move.before}")
    if move.replaced:
        stay = (f"the day the store holds they joined {move.before}, so {move.after} takes its place from that day and "
                f"none of their deals counts for {move.before}")
    said = f"{who}: {move.before} → {move.after} from {text.day(move.since)}{', ' if move.replaced else '; '}{stay}."
    if move.dated:
        return said
    if edited:
        return (f"{said} The roster editor gives no day they joined {move.after}, so the day it is saved is used; to "
                f"give the day, upload a roster that gives it in a 'Team Start Date' column instead of saving this change.")
    column = f"'{header}'" if header else "a 'Team Start Date' column"
    return (f"{said} The roster gives no day they joined {move.after}, so the day of this upload is used; to give "
            f"the day, write it in {column} and upload the roster again.")


def no_earlier_sentence(rep: str, team: str, since: dt.date, closed_before: int, new: bool = True) -> str | None:
    """The roster report's sentence on a rep whose start day the roster gives while the store holds no team of
    theirs before it (no_earlier_team), with how many of their deals closed before that day (`closed_before`):
    '"Ivan Petrov": in Falcons from 15 Aug 2026; their 10 deals closed before that count for Falcons: the roster
    gives no earlier team. ...'. `new`: a rep the store gives no team yet, to whom a roster giving their earlier
    team can be stored first, which it says (one the store holds in `team` already has their earlier deals in it).
    None when none did: nothing counts otherwise than the roster says. Names are the file's: escape the sentence
    to show it."""
    if not closed_before:
        return None
    said = (f"{text.quoted_name(rep)}: in {team} from {text.day(since)}; their {text.plural(closed_before, 'deal')} "
            f"closed before that count for {team}: the roster gives no earlier team.")
    return f"{said} To count them for the team they were in, store a roster that gives that team before this one." if new else said


# The start of moves_note, the last part of the note it is joined to, and what is left of it with names anonymised.
MOVES_NOTE_START: Final = "team changed: "
MOVES_NOTE_NAMELESS: Final = "team changed, names left out"


def moves_note_named_by_none(note: str) -> str:
    """A version's note (Store.history's) with its moves_note, which names reps and teams, cut to what names no
    one ('team changed, names left out'), for the History with names anonymised; a note without one as it is.
    The moves note is the last part of the note (Store.commit_file, save_roster_rows), after the app's own words;
    how many reps it names is not counted from it, as a name may hold any of its marks."""
    start = note.find(MOVES_NOTE_START)
    return note if start < 0 else f"{note[:start]}{MOVES_NOTE_NAMELESS}"


def moves_note(moves: Sequence[Move], edited: bool = False) -> str | None:
    """The History note of an upload (or, `edited`, a save of the roster editor) that moves reps between teams:
    'team changed: Ivan Petrov Orcas → Falcons from 15 Aug 2026', a day no roster gave marked '(day of upload)'
    or '(day saved)'; None for none. Names are the file's: escape the note to show it."""
    if not moves:
        return None
    mark = " (day saved)" if edited else " (day of upload)"
    said = [f"{m.rep} {m.before} → {m.after} from {text.day(m.since)}{'' if m.dated else mark}" for m in moves]
    return f"{MOVES_NOTE_START}{'; '.join(said)}"


def closed_before(deals: pl.LazyFrame, moves: Sequence[Move]) -> dict[str, int]:
    """For each move, how many of the rep's deals in `deals` (stored: rep, outcome, close_date) closed before its
    day and, when the store holds the day they joined `before` (`began`), on or after that: those that stay
    with the team they leave."""
    return closed_in(deals, [(m.rep, m.began, m.since) for m in moves])


def closed_in(deals: pl.LazyFrame, spans: Sequence[tuple[str, dt.date | None, dt.date]]) -> dict[str, int]:
    """rep -> how many of their closed deals in `deals` (rep, outcome, close_date) closed from the span's first
    day (None: any day) until, and not on, its last: (rep, first, last) one a rep."""
    if not spans:
        return {}
    days = pl.DataFrame({"rep": [r for r, _, _ in spans], "_from": [f for _, f, _ in spans], "_until": [u for _, _, u in spans]},
                        schema={"rep": pl.String, "_from": pl.Date, "_until": pl.Date})
    counted = (
        deals.select("rep", "outcome", "close_date").join(days.lazy(), on="rep")
        .filter(pl.col("outcome").is_not_null() & (pl.col("outcome") != "open") & (pl.col("close_date") < pl.col("_until"))
                & (pl.col("_from").is_null() | (pl.col("close_date") >= pl.col("_from"))))
        .group_by("rep").agg(pl.len().alias("n")).collect()
    )
    return {rep: int(n) for rep, n in counted.iter_rows()}


def roster_sentences(held: pl.DataFrame, rows: pl.DataFrame, deals: pl.LazyFrame, day: dt.date,
                     header: str | None = None, edited: bool = False) -> list[str]:
    """The roster report's sentences on teams, said before `rows` (an upload's accepted roster rows, or the
    roster editor's changes with `edited`) are stored over `held` (the stored roster) on `day`: each change of
    team (move_sentence) and each rep whose earlier deals count for the team the roster gives for want of an
    earlier one (no_earlier_sentence); `deals`: the stored deals. Raises TeamDaysRefused as kept_teams does.
    Names are the file's: escape the sentences to show them."""
    kept, moves = kept_teams(held, rows, day)
    counts = closed_before(deals, moves)
    said = [move_sentence(move, counts.get(move.rep, 0), header, edited) for move in moves]
    return [*said, *no_earlier_sentences(held, kept, rows, deals)]


def no_earlier_sentences(held: pl.DataFrame, kept: pl.DataFrame, given: pl.DataFrame, deals: pl.LazyFrame) -> list[str]:
    """no_earlier_sentence for each rep no_earlier_team finds (`held`, `kept`, `given` as it takes them), with
    how many of their closed deals in `deals` (rep, outcome, close_date) closed before their start day: one
    rule for a roster's report (its rows over the stored roster, the stored deals) and a deals file's (the
    stored roster as it is, the file's deals), whichever of the two is stored first. [] when none did."""
    started = no_earlier_team(held, kept, given)
    before = closed_in(deals, [(rep, None, since) for rep, _, since, _ in started])
    return [s for rep, team, since, new in started if (s := no_earlier_sentence(rep, team, since, before.get(rep, 0), new))]


def file_deals_sentences(roster: pl.DataFrame, deals: pl.LazyFrame) -> list[str]:
    """A deals file's report's sentences, before it is stored, on the reps the stored `roster` (STORED's
    columns) gives a start day in their team with no earlier team: the file's closed deals of theirs
    (`deals`: rep, outcome, close_date, each rep as the pages name them) before that day count for that
    team, said as a roster's report says it when the roster is stored after the deals (no_earlier_sentences;
    the store holds them in the team already, so with no roster left to store first). [] for a roster
    without start days."""
    if TEAM_SINCE not in roster.columns or EARLIER not in roster.columns:
        return []
    return no_earlier_sentences(roster, roster, roster, deals)
