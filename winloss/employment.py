"""Reps who left: what a roster's Status, Active or End date column says, and how pages mark them.

A rep who left keeps every deal in every number: win rates, profiles and trends are history, and
history does not change when a person moves on. Only the lists of reps say it: the leaderboard's and a
profile's reps gain a "Left on" column, the rep pickers add the mark to a name, and the Reps page can
hide them from its leaderboard and chart (shown by default: their deals are in every number beside it).

A roster says it in one of three ways, as HR tools export it: a Status (Active / Left / Inactive /
Terminated), an Active column (yes / no), or an End date (Left on, Termination date). A status says
"left" only in LEFT_WORDS; any other value (On leave, Sabbatical, Contractor) is read as current and the
file report names it with its count, so no value the product does not understand is given a meaning
silently. An end date on or before the day the roster is read says the rep left on it; a later one, that
they are leaving (current until then, shown "leaving on", never "left on"); a value that is not a date is
read as none, and named.

A row whose status and end date disagree is never settled silently (disagreements): the status is what HR
says now, so a status read as current with an end date already past reads as current, the date set aside;
a date still to come means the rep is leaving on it, so a status saying left with such a date reads as
leaving, current until then. The file report names each such row, what was decided and what to do.
A roster row stored before that rule is read by it (by_todays_rule): its end date, already past on the
day it was stored, is set aside when its status said the rep is current.

Every list of reps marks a rep who left or is leaving in the same words (mark_words): "left on 30 Sep
2026", "left, no date", "leaving on 31 Jan 2027"; a table's Left on column gives the day alone under its
header (left_on_words), a list of names puts the words after the name (marked_name: "Ann Lee (left on 30
Sep 2026)"). The words hold a day, never a name: under a pseudonym they name nobody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping as MappingType, Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import folded_words
from winloss import text

# The roster's mapping fields (mapping._ROSTER_SYNONYMS): its status column and its end-date column.
STATUS: Final = "employment_status"
END_DATE: Final = "left_on"
FIELDS: Final = (STATUS, END_DATE)
FIELD_LABELS: Final = {STATUS: "Employment status (active / left)", END_DATE: "Left on (end date)"}

# The stored roster's columns (store.tables.STORED_ROSTER_SCHEMA): `left` true when the status said
# the rep left, false when it said anything else or was blank, null when the roster had no status
# column; `left_on` the end date the roster gave, if any. Both null: the roster never said.
LEFT: Final = "left"
LEFT_ON: Final = "left_on"
STORED: Final = {LEFT: pl.Boolean(), LEFT_ON: pl.Date()}
# A stored roster row's null `left` (the roster never said) reads as this: nobody has left. A later roster
# that gives the rep this value for the first time changes nothing anyone reads: its row is counted
# unchanged, "given a status for the first time" (first_given), not updated. A roster with a Status column
# added to the same reps read "0 new, 60 updated, 0 unchanged" where one person had left.
NULL_READS_AS: Final = {LEFT: False}
FIRST_GIVEN_WORDS: Final = "given a status for the first time"


def first_given(held: pl.DataFrame, rows: pl.DataFrame, key: str, compared: Sequence[str]) -> int:
    """How many of `rows` (a roster about to be stored) differ from the stored row of their rep (`held`,
    by `key`) only in a column of NULL_READS_AS the store held null, and now hold the value null reads as
    (`left` false where the store held no status). Both frames hold `key` and those of `compared` they
    have; a column `held` lacks (a store written before it) is null there. Reps not held are not counted."""
    if held.height == 0 or rows.height == 0:
        return 0
    columns = [c for c in compared if c in rows.columns and c != key]
    mine = held.select(key, *[(pl.col(c) if c in held.columns else pl.lit(None, rows.schema[c])).cast(rows.schema[c])
                              .alias(f"{c}__held") for c in columns])
    both = rows.select(key, *columns).join(mine, on=key, how="inner")
    if both.height == 0:
        return 0
    only_given = [pl.col(f"{c}__held").is_null() & (pl.col(c) == value).fill_null(False)
                  for c, value in NULL_READS_AS.items() if c in columns]
    if not only_given:
        return 0
    given = pl.any_horizontal(only_given)
    other = pl.any_horizontal([pl.col(c).ne_missing(pl.col(f"{c}__held")) for c in columns if c not in NULL_READS_AS]
                              or [pl.lit(False)])
    return int(both.select((given & ~other).sum()).item())


# The day a stored row's employment columns were read (the day its end date was compared with): null in a
# row stored before it was kept, which by_todays_rule reads by the day the row was stored (its updated_at).
# Kept with STORED's columns by a write that does not say (an edit), never compared: the same roster read
# on another day changes nothing.
READ_ON: Final = "employment_read_on"
STORED_READ_ON: Final = {READ_ON: pl.Date()}

# The deals frame's columns (winloss.deals): whether the deal's rep has left, and since when (null when
# the roster gives no date). Never null for `rep_left`: a rep the roster lacks is current.
REP_LEFT: Final = "rep_left"
REP_LEFT_ON: Final = "rep_left_on"

# A status that says the rep is gone, compared folded (case, accents, punctuation: folded_words).
LEFT_WORDS: Final = (
    "Left", "Inactive", "Terminated", "Former", "Former employee", "Departed", "Resigned", "Leaver",
    "No longer employed", "Exited", "Deactivated", "Disabled", "Retired",
    # An Active column's "no"
    "No", "N", "False", "0",
    # The same in the languages a roster's headers are read in (mapping._ROSTER_LOCALISED): nl, de, fr, es, it, pt,
    # sv, da, pl, ja. Each says the person is gone, or an Active column's "no", and nothing else.
    "Uit dienst", "Inactief", "Vertrokken", "Nee", "Ausgeschieden", "Inaktiv", "Nein", "Parti", "Inactif", "Non",
    "Baja", "Inactivo", "Cessato", "Inattivo", "Desligado", "Inativo", "Não", "Slutat", "Nej", "Fratrådt",
    "Nieaktywny", "Zwolniony", "Nie", "退職", "退職済み", "無効", "いいえ",
)
# A status that says the rep is current: read as current without a note (the same languages after English's).
CURRENT_WORDS: Final = (
    "Active", "Current", "Employed", "Yes", "Y", "True", "1",
    "Actief", "In dienst", "Ja", "Aktiv", "Actif", "Oui", "Activo", "Sí", "Attivo", "Ativo", "Sim", "Aktywny", "Tak",
    "在籍", "在籍中", "有効", "はい",
)
_LEFT = frozenset(map(folded_words, LEFT_WORDS))
_CURRENT = frozenset(map(folded_words, CURRENT_WORDS))

# How a page marks a rep who left: in a picker "Ann Lee (3 deals; left on 3 Mar 2026)" (picker_label); in a table's "Left on"
# column, the day or, with no day given, LEFT_NO_DAY, and for a rep leaving later LEAVING_ON's words;
# in a list of names, mark_words after the name (marked_name).
LEFT_ON_HEADER: Final = "Left on"
LEFT_NO_DAY: Final = "left, no date"
LEFT_ON_WORDS: Final = "left on {day}"
LEAVING_ON: Final = "leaving on {day}"
LEFT_ON_HELP: Final = ("The day the roster says the rep left (its Status, Active or End date column), or 'leaving on' "
                       "the day still to come they leave on. A rep who left keeps every deal in every number.")
# The Reps page's toggle and the rule its caption states.
HIDE_LABEL: Final = "Hide reps who left"
HIDE_PARAM: Final = "hide_left"  # the URL's query parameter of HIDE_LABEL (?hide_left=true)
HIDE_HELP: Final = ("Off by default: a rep who left closed the deals the range counts, and every rate on this page "
                    "(the All reps line too) still counts them.")
SHOWN_RULE: Final = "Reps who left are listed, their day in Left on, since their deals count in every number"


@dataclass(frozen=True)
class Employment:
    """What a roster's employment columns said, row for row (`left`, `left_on`: STORED's columns) and
    the file report's sentence (None when the roster has neither column)."""

    left: pl.Series
    left_on: pl.Series
    note: str | None


def read_employment(status: pl.Series | None, end_date: pl.Series | None, status_header: str | None,
                    end_header: str | None, today: dt.date, reps: pl.Series | None = None) -> Employment:
    """`left` and `left_on` of a roster's rows (STORED) from the text of its status column and of its
    end-date column, either None when the roster has no such column, and the file report's sentence
    (employment_note). `today`: the day the roster is read, which an end date is compared with; `reps`:
    the rows' names, which the report gives for a row whose status and end date disagree (disagreements).
    Such a row's past end date, set aside for its status, is stored as none."""
    from winloss.ingest.values import dates

    rows = (status if status is not None else end_date if end_date is not None else pl.Series([], dtype=pl.String)).len()
    left = left_by_status(status) if status is not None else pl.Series(LEFT, [None] * rows, pl.Boolean)
    if end_date is not None:
        text_dates = end_date.cast(pl.String).str.strip_chars()
        left_on = dates(text_dates, end_header or END_DATE).values.alias(LEFT_ON)
        unread = text_dates.filter(left_on.is_null() & text_dates.is_not_null() & (text_dates != ""))
        not_dates = sorted(unread.value_counts().iter_rows(), key=lambda pair: (-pair[1], pair[0].casefold()))
    else:
        left_on, not_dates = pl.Series(LEFT_ON, [None] * rows, pl.Date), []
    said: list[str] = []
    if status is not None and end_date is not None:
        names = reps if reps is not None else pl.Series([None] * rows, dtype=pl.String)
        said, set_aside = disagreements(names, status, left_on, status_header or STATUS, end_header or END_DATE, today)
        left_on = pl.Series(LEFT_ON, [None if aside else day for day, aside in zip(left_on.to_list(), set_aside, strict=True)], pl.Date)
    frame = pl.DataFrame([left.alias(LEFT), left_on.alias(LEFT_ON)])
    gone = frame.select(has_left(today)).to_series()
    leaving = frame.filter(~gone & (pl.col(LEFT_ON) > pl.lit(today)).fill_null(False)).height
    rep_names = reps.cast(pl.String).to_list() if reps is not None else [None] * rows
    # Each rep who left, named with the day (a name the file leaves blank is counted, not named).
    who_left = {name.strip(): mark for name, out, day in zip(rep_names, gone.to_list(), frame.get_column(LEFT_ON).to_list(), strict=True)
                if out and name and name.strip() and (mark := mark_words(True, day))}
    note = employment_note(status_header, end_header, int(gone.sum()), rows,
                           unknown_statuses(status) if status is not None else [], not_dates, leaving, said, who_left)
    return Employment(left.alias(LEFT), left_on.alias(LEFT_ON), note)


# How many rows whose status and end date disagree the file report names one by one; the rest it counts.
NAMED_DISAGREEMENTS: Final = 10
# How many reps who left the file report names, with the day; the rest it counts ("and 3 more").
NAMED_LEAVERS: Final = 5


def disagreements(reps: pl.Series, status: pl.Series, left_on: pl.Series, status_header: str, end_header: str,
                  today: dt.date) -> tuple[list[str], list[bool]]:
    """The rows whose status and end date (read, `left_on`) disagree as of `today`, one sentence each saying
    what was decided and what to do, and, row for row, whether the row's end date is set aside. The status
    is what HR says now: a status read as current (any value but a blank or a word for leaving) with an end
    date on or before today reads as current, its date set aside. A date still to come means the rep is
    leaving on it: a status saying left with such a date reads as leaving, current until then. Names and
    values are as the file wrote them: escape the sentences to show them."""
    said: list[str] = []
    set_aside: list[bool] = []
    for name, value, day in zip(reps.cast(pl.String).to_list(), status.cast(pl.String).to_list(), left_on.to_list(), strict=True):
        word = (value or "").strip()
        who = text.quoted_name(name.strip()) if name and name.strip() else "A rep with no name"
        says_left = bool(word) and folded_words(word) in _LEFT
        current_but_past = bool(word) and not says_left and day is not None and day <= today
        set_aside.append(current_but_past)
        if current_but_past:
            said.append(f"{who}: '{status_header}' says '{word}' but '{end_header}' gives {text.day(day)}, already past: "
                        f"read as current, since the status is what HR says now; if they left, write Left in "
                        f"'{status_header}', and if they are current, clear '{end_header}', then upload the roster again.")
        elif says_left and day is not None and day > today:
            said.append(f"{who}: '{status_header}' says '{word}' but '{end_header}' gives {text.day(day)}, still to come: "
                        f"read as leaving on {text.day(day)}, current until then; if they have already left, write the "
                        f"day they left in '{end_header}' and upload the roster again.")
    return said, set_aside


def left_by_status(status: pl.Series) -> pl.Series:
    """True where the status is one of LEFT_WORDS, false for any other value or a blank (Boolean)."""
    keys = [None if v is None else folded_words(v) for v in status.cast(pl.String).to_list()]
    return pl.Series(LEFT, [key in _LEFT if key is not None else False for key in keys], pl.Boolean)


def unknown_statuses(status: pl.Series) -> list[tuple[str, int]]:
    """The status values that are neither a word for leaving nor for being current, as written, with how
    many rows give each, most first: read as current, named in the file report."""
    counts: dict[str, int] = {}
    for value in status.cast(pl.String).drop_nulls().to_list():
        if value.strip() and folded_words(value) not in _LEFT | _CURRENT:
            counts[value.strip()] = counts.get(value.strip(), 0) + 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].casefold()))


def by_todays_rule(roster: pl.LazyFrame) -> pl.LazyFrame:
    """The stored `roster` (with STORED's columns, READ_ON and updated_at) read by the rule of disagreements:
    a row stored before it (READ_ON null) whose status said the rep is current (`left` false) with an end
    date on or before the day it was stored reads as current, its date set aside, as the same roster
    uploaded today does; READ_ON is then that day. A row stored since (READ_ON given) is as stored. Before
    the rule a blank status was stored as current too, so such a row with a past date also reads as current
    (README: upload the roster again)."""
    names = roster.collect_schema().names()
    if READ_ON not in names or "updated_at" not in names:
        return roster
    stored_on = pl.col("updated_at").dt.date()
    before = pl.col(READ_ON).is_null() & pl.col(LEFT_ON).is_not_null()
    aside = before & pl.col(LEFT).eq(False).fill_null(False) & (pl.col(LEFT_ON) <= stored_on).fill_null(False)
    return roster.with_columns(
        pl.when(aside).then(None).otherwise(pl.col(LEFT_ON)).alias(LEFT_ON),
        pl.when(pl.col(LEFT).is_not_null() | pl.col(LEFT_ON).is_not_null())
        .then(pl.coalesce(pl.col(READ_ON), stored_on)).otherwise(pl.col(READ_ON)).alias(READ_ON),
    )


def has_left(today: dt.date) -> pl.Expr:
    """Whether a stored roster row's rep has left by `today`: their end date is on or before it, or, with
    no end date, their status said so. A later end date: they are leaving, current until then, whatever
    the status says (read_employment names such a row)."""
    left_on = pl.col(LEFT_ON)
    return pl.when(left_on.is_not_null()).then(left_on <= pl.lit(today)).otherwise(pl.col(LEFT).fill_null(False))


def left_on_day() -> pl.Expr:
    """The stored roster row's end date, when the roster gives one: the day the rep left, when they have
    (has_left), else the day they are leaving on (rep_left_words says which)."""
    return pl.col(LEFT_ON)


def _values(pairs: Sequence[tuple[str, int]]) -> str:
    return text.listed([f"'{value}' ({text.plural(n, 'rep')})" for value, n in pairs])


def employment_note(status_header: str | None, end_header: str | None, left: int, reps: int,
                    unknown: Sequence[tuple[str, int]] = (), not_dates: Sequence[tuple[str, int]] = (),
                    leaving: int = 0, disagreeing: Sequence[str] = (), who_left: MappingType[str, str] | None = None) -> str | None:
    """The file report's sentence on a roster's employment columns: which were read, how many reps they
    mark as left, and the values read as current without being a known word (`unknown`) or read as no
    date (`not_dates`), and the rows whose status and end date disagree (`disagreeing`: disagreements'
    sentences); None when the roster has neither column. `who_left`: name -> mark_words of each rep who
    left, in the roster's order, named after the count (the first NAMED_LEAVERS, then "and N more"):
    '1 of the 20 people in the roster left: "Marcus Bell" (left on 31 Jul 2026).'. Names and values are
    as the file wrote them: escape the sentence to show it."""
    headers = [f"'{h}'" for h in (status_header, end_header) if h]
    if not headers:
        return None
    read = f"The roster's {text.listed(headers)} column{'s were' if len(headers) == 2 else ' was'} read"
    # People, not reps: an HR roster lists its managers too (winloss.managers), which its deals tell apart later.
    leavers = f": {text.quoted_names(list(who_left), NAMED_LEAVERS, who_left)}" if who_left else ""
    said = (f"{read}: {left} of the {text.plural(reps, 'person', 'people')} in the roster left{leavers}. A rep who left keeps every "
            f"deal in every number and is marked as left in the lists of reps.")
    if leaving:
        said += f" {text.plural(leaving, 'rep')} with an end date still to come {'is' if leaving == 1 else 'are'} current until then."
    if unknown:
        said += (f" Read as current, not being a word for leaving (such as Left, Inactive or Terminated): "
                 f"{_values(unknown)}; if one of them means the rep left, write Left for them and upload the roster again.")
    if not_dates:
        said += (f" Not a date, so read as no end date: {_values(not_dates)}; write the day the rep left or is "
                 f"leaving on, or leave the cell blank when there is none.")
    if disagreeing:
        named = list(disagreeing[:NAMED_DISAGREEMENTS])
        rest = len(disagreeing) - len(named)
        if rest:
            named.append(f"{text.plural(rest, 'more row')} whose status and end date disagree {'is' if rest == 1 else 'are'} "
                         f"read by the same rule (the status is what HR says now; a date still to come means leaving on it).")
        said += (f" {text.plural(len(disagreeing), 'row')} whose status and end date disagree, never settled silently: "
                 + " ".join(named))
    return said


def rep_marks(deals: pl.LazyFrame) -> pl.LazyFrame:
    """Each rep of `deals` (the deals frame, winloss.deals) once, as text, with REP_LEFT and REP_LEFT_ON; every
    rep current when the frame has no such columns (deals made without a roster's)."""
    names = deals.collect_schema().names()
    # Grouped by the rep as coded, the one name of each made text (not every deal's: team_history.reps_now).
    rep = pl.col("rep").cast(pl.String)
    if REP_LEFT not in names:
        return deals.select(pl.col("rep").unique().cast(pl.String)).with_columns(
            pl.lit(False).alias(REP_LEFT), pl.lit(None, pl.Date).alias(REP_LEFT_ON))
    return deals.group_by("rep").agg(pl.col(REP_LEFT).any(), pl.col(REP_LEFT_ON).max()).with_columns(rep)


def with_rep_marks(board: pl.DataFrame, deals: pl.LazyFrame) -> pl.DataFrame:
    """`board` (one row a rep, column `rep`) with REP_LEFT and REP_LEFT_ON of its reps, in its order."""
    marks = rep_marks(deals).collect()
    return board.join(marks, on="rep", how="left", maintain_order="left").with_columns(pl.col(REP_LEFT).fill_null(False))


def mark_words(left: bool | None, day: dt.date | None) -> str | None:
    """What every list of reps says of a rep (REP_LEFT `left`, REP_LEFT_ON `day`): "left on 30 Sep 2026",
    LEFT_NO_DAY for a rep who left on no day given, "leaving on 31 Jan 2027" for a current rep with an end
    date (has_left: a later one, never "left on" a day not yet come), None for any other. No name in it."""
    if left:
        return LEFT_ON_WORDS.format(day=text.day(day)) if isinstance(day, dt.date) else LEFT_NO_DAY
    return LEAVING_ON.format(day=text.day(day)) if isinstance(day, dt.date) else None


def marked(frame: pl.DataFrame) -> bool:
    """Whether a rep of `frame` (with_rep_marks) has left or is leaving: a list of its reps marks them."""
    return REP_LEFT in frame.columns and bool(
        frame.select(pl.col(REP_LEFT).any() | pl.col(REP_LEFT_ON).is_not_null().any()).item())


def marks_of(frame: pl.DataFrame, name: str = "rep") -> dict[str, str]:
    """Each rep of `frame` (with_rep_marks; its names in column `name`, as shown: a pseudonym when names are
    anonymised) who left or is leaving, with mark_words."""
    if REP_LEFT not in frame.columns:
        return {}
    said = ((row[name], mark_words(row[REP_LEFT], row[REP_LEFT_ON]))
            for row in frame.select(name, REP_LEFT, REP_LEFT_ON).iter_rows(named=True))
    return {str(who): words for who, words in said if who is not None and words}


def marked_name(name: str, words: str | None) -> str:
    """A rep's name as a list of names gives it: "Ann Lee (left on 30 Sep 2026)", "Bob Ray (leaving on 31
    Jan 2027)", the name alone when `words` (mark_words) is None. The name is a file's: escape it to show it."""
    return f"{name} ({words})" if words else name


def left_on_words() -> pl.Expr:
    """A table's "Left on" cell (column LEFT_ON): the day a rep who left left ("3 Mar 2026"), LEFT_NO_DAY
    when the roster gives none, mark_words' "leaving on 31 Jan 2027" for a rep leaving later, null for a
    current rep. Plain text: no name in it."""
    return _left_on_cell(pl.col(REP_LEFT), pl.col(REP_LEFT_ON))


def _left_on_cell(left: pl.Expr, on: pl.Expr) -> pl.Expr:
    """The "Left on" cell of a row whose rep `left` (a Boolean) and whose end date is `on` (a Date)."""
    day = on.dt.strftime(text.DAY_STRFTIME)
    before, after = LEAVING_ON.split("{day}")
    return (pl.when(left).then(pl.coalesce(day, pl.lit(LEFT_NO_DAY)))
            .when(on.is_not_null()).then(pl.concat_str(pl.lit(before), day, pl.lit(after))).otherwise(None).alias(LEFT_ON))


def with_left_on(table: pl.DataFrame, board: pl.DataFrame, after: str = "rep") -> pl.DataFrame:
    """`table` (rows of `board`, a board with_rep_marks, in its order) with a LEFT_ON column after `after`,
    when one of its reps has left or is leaving (marked); as it is otherwise (no column of blanks)."""
    if not marked(board):
        return table
    words = board.select(left_on_words())
    at = table.columns.index(after) + 1
    return table.with_columns(words).select(*table.columns[:at], LEFT_ON, *table.columns[at:])


def file_marks(frame: pl.DataFrame, after: str = "rep") -> pl.DataFrame:
    """`frame` (rows of reps, with their REP_LEFT and REP_LEFT_ON: with_rep_marks) as a file writes their
    marks: LEFT (true for a rep who left) and LEFT_ON (their end date, a Date: ISO in a file, null when the
    roster gives none) after `after`, when one of its reps has left or is leaving (marked); neither column
    otherwise (no column of blanks). A frame without the marks is returned as it is. A chart's CSV wrote the
    Left on cell's words ("30 Jun 2026") where every other date in a file is ISO, and whether the rep left
    is its own column, where words said "left, no date" or "leaving on …". The one path of files to it is
    file_values.for_files."""
    if REP_LEFT not in frame.columns:
        return frame
    if not marked(frame):
        return frame.drop(REP_LEFT, REP_LEFT_ON, strict=False)
    dates = (pl.col(REP_LEFT).fill_null(False).alias(LEFT), pl.col(REP_LEFT_ON).alias(LEFT_ON))
    rest = [c for c in frame.columns if c not in (REP_LEFT, REP_LEFT_ON)]
    at = rest.index(after) + 1 if after in rest else len(rest)
    return frame.with_columns(dates).select(*rest[:at], LEFT, LEFT_ON, *rest[at:])


def left_on_cells(left: Sequence[bool | None], days: Sequence[dt.date | None]) -> list[str | None]:
    """The Left on cells (left_on_words) of reps whose REP_LEFT and REP_LEFT_ON are `left` and `days`, one a
    rep: for words on a screen, a terminal's included, from the dates a file keeps."""
    frame = pl.DataFrame({REP_LEFT: list(left), REP_LEFT_ON: list(days)}, schema={REP_LEFT: pl.Boolean, REP_LEFT_ON: pl.Date})
    return frame.select(left_on_words()).to_series().to_list()


def without_left(board: pl.DataFrame) -> pl.DataFrame:
    """The reps of `board` (with_rep_marks) who have not left: the Reps page's board with HIDE_LABEL on."""
    return board.filter(~pl.col(REP_LEFT)) if REP_LEFT in board.columns else board


def left_count(board: pl.DataFrame) -> int:
    """How many reps of `board` (with_rep_marks) have left."""
    return int(board.get_column(REP_LEFT).sum()) if REP_LEFT in board.columns else 0


def shown_reps_words(board: pl.DataFrame, hidden: bool) -> str:
    """What the Reps page's caption says of reps who left (`board`: all its reps, with_rep_marks;
    `hidden`: HIDE_LABEL is on); empty when none has left. Fixed words and counts only."""
    gone = left_count(board)
    if not gone:
        return ""
    if hidden:
        return (f" {text.plural(gone, 'rep')} who left {'is' if gone == 1 else 'are'} hidden from the table and chart; "
                f"their deals still count in every rate, the All reps line too.")
    return f" {SHOWN_RULE} (hide them with '{HIDE_LABEL}')."


def picker_label(name: str, left: bool, detail: str | None = None, day: dt.date | None = None) -> str:
    """A rep as a picker lists them, with `detail` and mark_words (`left`, REP_LEFT; `day`, REP_LEFT_ON) in
    brackets: "Ann Lee (3 deals; left on 30 Sep 2026)", "Ann Lee (left, no date)", "Ann Lee (3 deals; leaving
    on 31 Jan 2027)", "Ann Lee (3 deals)" for a current rep. The name is a file's: escape it where Markdown
    draws it."""
    said = [w for w in (detail, mark_words(left, day)) if w]
    return f"{name} ({'; '.join(said)})" if said else name


def rep_left_words(deals: pl.DataFrame) -> str | None:
    """What a rep's view says under their name when `deals` (theirs) say they left: "left on 30 Sep 2026",
    LEFT_NO_DAY; for a current rep with an end date still to come, "leaving on 31 Jan 2027" (never "left
    on" a day not yet come); None for any other. No name in it."""
    if REP_LEFT not in deals.columns or deals.height == 0:
        return None
    day = deals.get_column(REP_LEFT_ON).max()
    return mark_words(bool(deals.get_column(REP_LEFT).any()), day if isinstance(day, dt.date) else None)


def rep_left_on(deals: pl.DataFrame) -> dt.date | None:
    """The day the rep whose deals `deals` are left, when the roster says they left and gives the day (the
    day rep_left_words names "left on"); None for a current rep, one leaving later, or one who left on no day given."""
    if REP_LEFT not in deals.columns or deals.height == 0 or not deals.get_column(REP_LEFT).any():
        return None
    day = deals.get_column(REP_LEFT_ON).max()
    return day if isinstance(day, dt.date) else None


def with_stored(roster: pl.LazyFrame) -> pl.LazyFrame:
    """`roster` with STORED's columns, null where it lacks them (a roster made without them): nobody has left."""
    names = roster.collect_schema().names()
    return roster.with_columns(pl.lit(None, dtype).alias(name) for name, dtype in STORED.items() if name not in names)


def roster_left_on_words(today: dt.date) -> pl.Expr:
    """A stored roster row's "Left on" cell (column LEFT_ON, under LEFT_ON_HEADER), as the Data page's preview
    shows the roster before it is stored: the day a rep who left by `today` (has_left) left ("31 Aug 2026"),
    LEFT_NO_DAY when the roster gives none; for a rep whose end date is still to come, LEAVING_ON's words
    ("leaving on 15 Jan 2027"), never a day not yet come alone under "Left on"; null for a current rep."""
    return _left_on_cell(has_left(today), pl.col(LEFT_ON))
