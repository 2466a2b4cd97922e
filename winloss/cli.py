"""The command line: ingest, rates, report, history, rollback, sample (and export).

Exit 0 when every file was read, 1 when any file was rejected whole or a command could not
run, 2 for a usage error. No input, however bad, prints a traceback.

One rule for where a line goes: the command's result and its report (what was stored, a file
report's notes and tables, what a listing shows; with --json, the one JSON object) go to stdout,
written by `_print`; progress bars, warnings that need action before anything is written, and
errors go to stderr, written by `_warn`. A reader that goes away (`| head -1`) stops the output,
never the command: it runs on to its own exit code (`_write`).
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, NoReturn, TextIO
from pathlib import Path, PurePosixPath

import polars as pl
from wcwidth import wcswidth

from data_models.vocabulary import WON, folded_words
from winloss import employment, iso_dates, periods
from winloss.file_values import in_minor_unit
from winloss.access import LOCAL_ROLE
from winloss.errors import error_sentence, first_line, store_unreachable_sentence, terminal_text
from winloss.exchange import (
    DEFAULT_REPORTING_CURRENCY, MONEY_COLUMNS, NAMED_UNVALUED_MOST, Unconverted, no_rate_by, partial_sum, partial_sum_cells,
    unconverted_amounts, unconverted_or_switch, won_value_notes as exchange_won_value_notes,
)
from winloss.export import FORMATS
from winloss.ingest.hints import quoted, roster_alone_sentence
from winloss.ingest.identity import ZEROS_FIX
from winloss.ingest.mapping import MAPPABLE_FIELDS, NOT_RECOGNISED, ROSTER_MAPPED, SOURCES, parse_overrides
from winloss.ingest.money import decimal_mark_choice
from winloss.ingest.outcomes import (
    by_rule_words, folded_vocabulary, merged_stage_outcomes, not_a_deal, outcome_label, parse_stage_outcomes,
    VALUE_LOSS_REASON, kind_choices_words, read_as_no_decision, refused_choice_sentence, refused_choices, stage_rows_words,
    value_kinds_words,
)
from winloss.measures.counting import Deals, close_quarter_index, closed_between, lazy, open_now_words
from winloss.measures.summary import definition_text, outcome_summary
from winloss.measures.trends import closed_quarters
from winloss.periods import fiscal_year_words, label_from_index_expr
from winloss.rates import MIN_N, Denominator
from winloss.store.delta import Store, StoreError, StoreMovedOn, default_uri, local_folder, rollback_restores
from winloss.version_words import undone_sentence, version_line
from winloss.text import (
    CAUSE_WORDS_COMMAND_LINE,
    DASH,
    N_TOO_SMALL,
    ND_SHARE_OF_LOSSES,
    day,
    day_range,
    file_name_part,
    interval,
    moment,
    no_decision_causes_sentence,
    no_group,
    plural,
    quoted_names,
    rate_in_cell,
    shortened,
    small_cell_note,
)

if TYPE_CHECKING:
    from winloss.deals import Uncounted
    from winloss.ingest.file_currency import KeptCurrency
    from winloss.ingest.id_prefix import ReportPrefix
    from winloss.ingest.pipeline import Committed, PreparedFile
    from winloss.ingest.store_effects import DealChanges
    from winloss.views.review import Review

BY_CHOICES = ("none", "profile", "rep", "team", "quarter", "region", "loss_reason")


def _print(*values: object) -> None:
    """One line of the command's result or report, to stdout, with control characters from file
    values escaped (a value must not drive the terminal)."""
    _write(sys.stdout, " ".join(terminal_text(v) for v in values) + "\n")


def display_width(value: str) -> int:
    """How many terminal columns `value` takes (wcwidth: a CJK character or an emoji two, a combining
    accent none); its length for text wcwidth cannot measure (none after terminal_text escaped it)."""
    columns = wcswidth(value)
    return columns if columns >= 0 else len(value)


# The widest a report's group column grows to, in terminal columns: a longer name is cut with "…".
GROUP_WIDTH: Final = 27


def _cell(value: object, width: int) -> str:
    """File text (a rep's, a region's, a loss reason's name) for a fixed-width column `width` terminal
    columns wide, padded to them: escaped for the terminal first (an escape is wider than the character it
    stands for), then cut with "…" (text.shortened) when wider, so a cut name never reads as whole.
    Measured as the terminal draws it (display_width): counted in characters, "山田太郎" or "Zoë 🚀" pushed
    every column after it right of the header's, and a name of combining accents pulled them left."""
    cell = shortened(terminal_text(value), width, px=display_width)
    return cell + " " * (width - display_width(cell))


def _rate_cell(rate: float | None, n: int) -> str:
    """A rate in a report's column, as every page's table writes it (text.rate_in_cell): a whole percent
    ("47%", ">99%"), "n too small" on fewer than MIN_N deals in its n, "—" for none."""
    return rate_in_cell(rate, n)


def _warn(*values: object) -> None:
    """One line of a warning that needs action before anything is written, or of an error, to
    stderr, escaped as _print's."""
    _write(sys.stderr, " ".join(terminal_text(v) for v in values) + "\n")


def _write(stream: TextIO | None, text: str, flush: bool = False) -> None:
    """Write to stdout or stderr. When its reader has gone (a closed pipe: `... | head -1` has read
    its line), the rest of the output goes nowhere and the command runs on to its own exit code: an
    ingest must not stop between two files, nor exit 1 as if a file had been rejected, because
    nobody reads what it says."""
    if stream is None:  # started with the descriptor closed (`>&-`): Python gives no stream
        return
    try:
        stream.write(text)
        if flush:
            stream.flush()
    except BrokenPipeError:
        _stop_writing(stream)


def _stop_writing(stream: TextIO) -> None:
    """Point `stream`'s descriptor at os.devnull, as Python's documentation advises for a closed
    pipe: later lines, and the interpreter's flush at exit, are then written nowhere instead of
    raising BrokenPipeError again (at exit that printed "Exception ignored" and exited 120)."""
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # not a file (a test's StringIO): nothing to point elsewhere
        return
    with contextlib.suppress(OSError):  # no os.devnull to open: later writes fail again, and are caught again
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, descriptor)
        finally:
            os.close(devnull)


def _flush_output() -> None:
    """Flush stdout and stderr before the command returns, so a reader gone away is found here (and
    the rest written nowhere), not by the interpreter's own flush at exit."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            _stop_writing(stream)
            with contextlib.suppress(OSError):
                stream.flush()  # what the failed flush left in the buffer: to os.devnull


class UsageError(Exception):
    """Bad arguments: exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would exit itself; we want one place for exit codes
        raise UsageError(f"{self.prog}: {message}")


def parser() -> argparse.ArgumentParser:
    root = _Parser(prog="python -m winloss", description="Win/loss analytics from CRM exports.")
    commands = root.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ingest = commands.add_parser("ingest", help="validate CRM exports and store the good rows")
    ingest.add_argument("paths", nargs="*", metavar="PATH", help="opportunity exports (CSV or XLSX); rosters are recognised too")
    ingest.add_argument("--roster", action="append", default=[], metavar="PATH", help="a rep roster file")
    ingest.add_argument("--source", default="auto", choices=("auto", *SOURCES))
    ingest.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN", help='e.g. --map rep="Account Executive"')
    ingest.add_argument(
        "--stage", action="append", default=[], metavar="VALUE=OUTCOME",
        help='what a stage or status value counts as, e.g. --stage "Verbal Commit=won" (won, lost, no_decision, open; '
        'a loss reason such as "Duplicate": lost or no_decision); '
        "stored with the first export stored (in its version: none if no export is), then used for later files "
        "and re-applied to stored deals; given without a file, stored as its own version and applied to the stored deals",
    )
    ingest.add_argument(
        "--no-decision-reason", action="append", default=[], metavar="REASON",
        help='add a loss reason to the no-decision vocabulary, e.g. --no-decision-reason "Lost - no decision" '
        "(repeatable); saved as its own version before any file is read, so stored deals and these files count "
        "with it; given without a file, only the vocabulary changes; a reason --lost-reason keeps lost is "
        "counted as no decision again",
    )
    ingest.add_argument(
        "--lost-reason", action="append", default=[], metavar="REASON",
        help='count one loss reason, as written, as lost though a phrase of the no-decision vocabulary reads it, e.g. '
        '--lost-reason "No decision / status quo" (repeatable): the phrase still reads its other reasons ("No '
        'Decision"); saved with the vocabulary as its own version before any file is read; --no-decision-reason '
        "with the same reason counts it as no decision again",
    )
    ingest.add_argument(
        "--allow-reopen", action="store_true",
        help="store an export even when it has open, closed on an earlier date, or closed on the same date with another "
        "outcome, deals the store holds as closed (without it such a file is not stored: an export older than the last "
        "one stored would turn won and lost deals back into pipeline, back to an earlier outcome and quarter, or from "
        "won to lost)",
    )
    ingest.add_argument(
        ALLOW_OLDER, action="store_true",
        help="store a file whose same bytes were loaded before when a newer file (or an edit in the app) has replaced "
        "what it set since: without it such a file is not stored, since storing it puts back its older values (last "
        "month's export loaded again by mistake would undo this month's)",
    )
    ingest.add_argument(
        "--allow-missing-columns", action="store_true",
        help="store an export even when it has no column for a field the stored deals it updates hold (a loss reason, "
        "an amount...): without it such a file is not stored, since storing it blanks those values (and a deal whose "
        "loss reason said no decision becomes a plain loss). Better: map the column with --map",
    )
    ingest.add_argument(
        "--allow-zeros-dropped", action="store_true",
        help="store an export even when some of its ids are stored deals' ids with their leading zeros dropped or "
        "added (101 for 00101: Excel drops them when it opens a CSV); without it such a file is not stored, since "
        "each of those deals would be kept twice. Better: export the report again with the ID column as text",
    )
    ingest.add_argument(
        "--allow-other-report", action="store_true",
        help="store an export even when some of its ids are those of deals another report stored with another rep, "
        "account or deal name (without it such a file is not stored, since two CRMs, or two accounts of one, number "
        "their deals alike and storing it would overwrite those deals); give it only if they are the same deals",
    )
    ingest.add_argument(
        "--take-out-missing", action="store_true",
        help="take the stored deals of an export's report that the export no longer lists out of the store with it, in "
        "its version (a rollback brings them back): a report leaves out the deals deleted in the CRM, which otherwise "
        "stay counted. Without it they stay, and the line that says what was stored says how many. Only deals stored "
        "from earlier exports of the same report are taken out",
    )
    ingest.add_argument(
        "--id-prefix", metavar="PREFIX",
        help="write PREFIX before each id of the exports, e.g. --id-prefix MX- stores deal 201 as MX-201: keeps the deals of "
        "two CRMs, or two accounts of one, that number their deals alike apart; later exports of the same report are "
        'given the prefix too unless another is given (--id-prefix "" for none)',
    )
    ingest.add_argument("--day-first", choices=("auto", "yes", "no"), default="auto", help="date order for d/m/y dates")
    ingest.add_argument(
        "--fy-start", type=_month, metavar="MONTH",
        help="fiscal year start month, 1-12: the quarters a re-export's moved close dates are said in and its changed deals' CSV "
        "names (default: the store's fiscal year, as every page and command counts quarters by it)",
    )
    ingest.add_argument("--sheet", metavar="NAME", help="the workbook sheet to read (default: the first with data)")
    ingest.add_argument(
        "--decimal-mark", choices=("auto", "point", "comma"), default="auto",
        help="how amounts mark decimals: point (1,234.56) or comma (1.234,56); auto lets the file decide",
    )
    ingest.add_argument(
        "--currency", default=None, metavar="CODE",
        help="the currency of the files' amounts that name none, e.g. EUR (an amount's own currency is kept, a "
        "converted amount that names none stays in the reporting currency); auto reads them as the file says: in "
        "its one currency, else in the store's reporting currency. Not given: a file loaded before is read with the "
        "currency chosen then, any other as auto",
    )
    ingest.add_argument(
        "--currency-name", action="append", default=[], metavar="NAME=CODE",
        help='what a currency name the currency column writes means, as an ISO 4217 code, e.g. --currency-name '
        '"Peso chileno=CLP" (repeatable): a name the app does not know is otherwise no currency, its rows quarantined',
    )
    _common(ingest)

    rates = commands.add_parser("rates", help="show or set the reporting currency and exchange rates")
    rates.add_argument("--reporting", metavar="CODE", help="the currency every value figure is shown in, e.g. USD")
    rates.add_argument(
        "--rate", action="append", default=[], metavar="CODE=RATE",
        help="what one unit of CODE is worth in the reporting currency, e.g. EUR=1.08 (repeatable)",
    )
    rates.add_argument("--remove", action="append", default=[], metavar="CODE", help="forget the rate of CODE (repeatable)")
    _common(rates)

    settings = commands.add_parser("settings", help="show or set the month the store's fiscal year starts in")
    settings.add_argument(
        "--fy-start", type=_month, metavar="MONTH",
        help="the month the fiscal year starts in, 1-12, e.g. 2 for February: saved in the store as its own version "
        "for everyone who uses it, every page and command counting quarters from it (a link's fy= and --fy-start "
        "still choose another)",
    )
    _common(settings)

    report = commands.add_parser("report", help="win rates and no-decision shares")
    report.add_argument(
        "--by", default="none", choices=BY_CHOICES,
        help="loss_reason: the lost and no-decision deals by their loss reason, not win rates",
    )
    report.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD")
    report.add_argument("--excluding-no-decision", action="store_true", help="win rate = won / (won + lost)")
    report.add_argument("--fy-start", type=_month, metavar="MONTH",
                        help="fiscal year start month, 1-12 (for --by quarter; default: the store's, see settings)")
    _common(report)

    history = commands.add_parser("history", help="every store version")
    _common(history)

    rollback = commands.add_parser("rollback", help="make the store as it was at VERSION, as a new version")
    rollback.add_argument("version", type=_version, metavar="VERSION", help="a version as history shows it: 3 or v3")
    _common(rollback)

    sample = commands.add_parser("sample", help="write the synthetic sample export and roster")
    sample.add_argument("--out", required=True, metavar="DIR")
    sample.add_argument("--opportunities", type=int, default=10_000, metavar="N")
    sample.add_argument("--seed", type=int, default=7, metavar="S")

    export = commands.add_parser("export", help="a quarterly review deck or report")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("--out", required=True, metavar="PATH")
    export.add_argument("--quarter", metavar="2025Q3")
    export.add_argument("--anonymize", action="store_true")
    export.add_argument("--hide-amounts", action="store_true")
    export.add_argument("--fy-start", type=_month, metavar="MONTH",
                        help="fiscal year start month, 1-12 (default: the store's, see settings)")
    export.add_argument(
        "--as-of", dest="as_of", type=_date, metavar="YYYY-MM-DD",
        help="review as of this day, from the data's first close date to its newest day (the default): every figure "
        "counts the deals closed by it and the pipeline is the deals open on it",
    )
    export.add_argument("--store", metavar="DIR")
    return root


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("--store", metavar="DIR", help="store location (default: $WINLOSS_STORE or ./data/store)")
    command.add_argument("--json", action="store_true", help="print one JSON object")


def _month(text: str) -> int:
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    raise argparse.ArgumentTypeError(f"'{text}' is not a month number from 1 to 12")


def fy_start_of(args: argparse.Namespace, store: Store) -> int:
    """The month (1-12) a command counts quarters from: its --fy-start when given, else the store's fiscal year
    (Store.fiscal_year_start), as every page counts them. Raises StoreError as Store.fiscal_year_start does."""
    given = getattr(args, "fy_start", None)
    return store.fiscal_year_start() if given is None else given


def _version(text: str) -> int:
    """A store version as the user may give it: "3", or "v3" as `history` prints it."""
    digits = text.strip().removeprefix("v").removeprefix("V")
    if digits.isascii() and digits.isdigit():
        return int(digits)
    raise argparse.ArgumentTypeError(f"'{text}' is not a store version: give its number as history shows it, e.g. 3 or v3")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it as YYYY-MM-DD, such as 2026-08-14") from None


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    finally:  # --help's SystemExit too
        _flush_output()


def _run(argv: Sequence[str] | None) -> int:
    try:
        args = parser().parse_args(argv)
    except UsageError as exc:
        _warn(exc)
        return 2
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        _warn(exc)
        return 2
    except (StoreError, ValueError) as exc:
        _warn(first_line(exc))
        return 1
    except Exception as exc:  # the last line of defence: one sentence, never a traceback
        if isinstance(exc, OSError) and raised_by_the_store(exc):  # object storage not reached, a full disk
            _warn(store_unreachable_sentence(getattr(args, "store", None) or default_uri(), exc))
        else:
            _warn(error_sentence(exc, f"running {args.command}"))
        return 1


_STORE_MODULES: Final = ("winloss.store", "deltalake")


def raised_by_the_store(exc: BaseException) -> bool:
    """Whether an exception was raised while the store was read or written: its traceback passes
    through the store's code or deltalake. Only such an OSError is said to be the store's ("cannot
    be opened ... check WINLOSS_STORE"); one from anything else (a file the command writes, a pipe)
    is said as what it is."""
    frame = exc.__traceback__
    while frame is not None:
        if str(frame.tb_frame.f_globals.get("__name__", "")).startswith(_STORE_MODULES):
            return True
        frame = frame.tb_next
    return False


class _ProgressBar:
    """The ingest's progress on a terminal: one line redrawn in place (nothing when stderr is not a terminal).

    Fed by the same (fraction, step) callback the Data page's progress bar is fed; the step says
    how many rows have been read.
    """

    WIDTH = 30

    def __init__(self, label: str, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.label = terminal_text(label)
        self.shown = False
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, fraction: float, step: str) -> None:
        if not self.enabled:
            return
        done = max(0.0, min(1.0, fraction))
        filled = int(done * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        _write(self.stream, f"\r\x1b[2K{self.label} [{bar}] {done:4.0%} {terminal_text(step)}", flush=True)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            _write(self.stream, "\r\x1b[2K", flush=True)
            self.shown = False


def _currency_option(word: str | None) -> str | None:
    """--currency as file_currency_choice reads it (None, not given, as auto); its sentence, naming the option, on a
    bad code."""
    from winloss.ingest.file_currency import file_currency_choice

    try:
        return file_currency_choice(word)
    except ValueError as exc:
        raise ValueError(f"--currency: {exc}") from None


def _currency_names_option(pairs: list[str]) -> dict[str, str] | None:
    """--currency-name as currency_names.currency_name_choices reads it; its sentence, naming the option, on a bad pair."""
    from winloss.ingest.currency_names import currency_name_choices

    try:
        return currency_name_choices(pairs) or None
    except ValueError as exc:
        raise ValueError(f"--currency-name: {exc}") from None


def _ingest(args: argparse.Namespace) -> int:
    from winloss.deals import uncounted_deals
    from winloss.ingest import scratch
    from winloss.ingest.file_currency import kept_file_currency
    from winloss.ingest.id_prefix import report_prefix
    from winloss.ingest.pipeline import prepare_path, roster_managers, roster_marks, roster_reps, store_roster_unmatched_reps
    from winloss.views.roster import roster_rep_sentences
    from winloss.ingest.date_order import stored_orders
    from winloss.ingest.remembered import remembered_mappings

    if not args.paths and not args.roster and not args.no_decision_reason and not args.lost_reason and not args.stage:
        raise UsageError("python -m winloss ingest: give at least one PATH, --roster PATH, --stage VALUE=OUTCOME, "
                         "--no-decision-reason REASON or --lost-reason REASON")
    try:
        overrides = parse_overrides(args.map)
        # --map maps the exports given; with rosters alone, the rosters (a roster's refusal names --map).
        mappable = ROSTER_MAPPED if args.roster and not args.paths else MAPPABLE_FIELDS
        unknown = [f for f in overrides if f not in mappable]
        if unknown:
            raise ValueError(f"--map: '{unknown[0]}' is not a field: choose one of {', '.join(mappable)}.")
        roster_overrides = overrides if args.roster and not args.paths else None
        stage_map = parse_stage_outcomes(args.stage)
        file_currency = _currency_option(args.currency)
        currency_names = _currency_names_option(args.currency_name)
    except ValueError as exc:
        raise UsageError(f"python -m winloss ingest: {exc}") from None
    day_first = {"auto": None, "yes": True, "no": False}[args.day_first]
    decimal_mark = decimal_mark_choice(args.decimal_mark)
    scratch.stale_folders_removed()  # what an ingest killed outright left in the temporary folder
    # The report's lines, each file's as it is done; with --json the report is the JSON object alone.
    say: Callable[[str], None] = _silent if args.json else _print
    store = Store(args.store)
    args.fy_start = fy_start_of(args, store)
    added, kept_lost = _vocabulary_choices(store, args.no_decision_reason, args.lost_reason, say)
    reasons = store.no_decision_reasons()
    stage_outcomes = merged_stage_outcomes(store.stage_outcomes(), stage_map)
    if stage_map and not args.paths and not args.roster:  # no file: the mappings are applied to the stored deals alone
        if refused := refused_choices(_stored_reasons(store), stage_map):
            value, value_kind, outcome = refused[0]
            raise UsageError(f"python -m winloss ingest: {refused_choice_sentence(value, value_kind, outcome)}")
        return _stages_alone(store, stage_outcomes, added, kept_lost, args.json, say)
    reporting_currency = store.exchange_rates().reporting_currency
    reports: list[dict] = []
    rejected_any = False
    stored_as: int | None = None  # the version the last stored file's own line named
    stages_stored_in: int | None = None  # the version that took the --stage mappings, with its file
    jobs = [(p, "roster") for p in args.roster] + [(p, "auto") for p in args.paths]
    # Each file is stored in turn, the rosters first. A roster's reps that no deal names are said once
    # every file is stored: an export given with it (after it) names its reps, as on the Data page,
    # which matches a roster against the exports uploaded with it. (roster's report, path, its reps, its managers, who left)
    rosters: list[tuple[dict, str, pl.Series, pl.Series, dict[str, str]]] = []
    # The exports stored so far, (file name, rep_counts): a rep a later one spells another way is said of both.
    stored_reps: list[tuple[str, pl.DataFrame]] = []
    for path_text, kind in jobs:
        path = Path(path_text)
        bar = _ProgressBar(path.name)
        try:
            with path.open("rb"):
                pass
            # Read from disk in batches: memory stays bounded whatever the file's size.
            def read(id_prefix: str | None, chosen_currency: str | None = file_currency, path: Path = path, kind: str = kind,
                     bar: _ProgressBar = bar) -> PreparedFile:
                return prepare_path(
                    path, kind=kind, source=args.source if kind != "roster" else "auto",
                    overrides=overrides if kind != "roster" else roster_overrides, day_first=day_first, no_decision_reasons=reasons,
                    sheet=args.sheet, stage_outcomes=stage_outcomes, decimal_mark=decimal_mark,
                    reporting_currency=reporting_currency, file_currency=chosen_currency if kind != "roster" else None, progress=bar,
                    # Read again for each file: one stored before it may have remembered a mapping for its layout,
                    # or recorded the date order of an earlier export of its report.
                    remembered=remembered_mappings(store.column_mappings()), earlier_orders=stored_orders(store.live_uploads()),
                    id_prefix=id_prefix if kind != "roster" else None,
                    currency_names=currency_names if kind != "roster" else None,
                )
            # The store as this file is read and checked against it: a version another writer stores before its commit
            # makes the commit refuse (Store.commit_file's checked_at), its warnings judged on a store no longer there.
            checked_at = store.version()
            prepared = read(args.id_prefix)
            # No prefix given: the one the last export of its report was stored with, if any (id_prefix.report_prefix);
            # no --currency: the one chosen for its amounts that name none when this file, or the last export of its
            # report, was loaded before, if any (file_currency.kept_file_currency). Read again once with both.
            kept = kept_currency = None
            if prepared.kind == "opportunities" and not prepared.rejected:
                uploads = store.live_uploads()
                kept = report_prefix(prepared, uploads) if args.id_prefix is None else None
                if args.currency is None and prepared.table is not None:
                    kept_currency = kept_file_currency(uploads, prepared)
                if kept is not None or kept_currency is not None:
                    prepared.discard()
                    prepared = read(kept.prefix if kept is not None else args.id_prefix,
                                    kept_currency.code if kept_currency is not None else file_currency)
        except OSError as exc:
            bar.clear()
            reports.append(_unreadable(path_text, exc))
            rejected_any = True
            continue
        with prepared:
            # A --stage mapping a value of this file cannot take (a loss reason counted won or open) is refused before
            # anything of the file is stored: the engine would leave its rows quarantined while the user thought them counted.
            if refused := refused_choices(prepared.stages, stage_map):
                value, value_kind, outcome = refused[0]
                # Files of this command stored before it stay stored: "nothing was stored" would say otherwise.
                later = len(jobs) > len(reports) + 1
                not_stored = ("nothing was stored" if stored_as is None else
                              f"{path_text}{' and the files after it were' if later else ' was'} not stored (the files before it were)")
                raise UsageError(f"python -m winloss ingest: "
                                 f"{refused_choice_sentence(value, value_kind, outcome, not_stored=not_stored)}")
            committed = _store_prepared(store, prepared, path, path_text, bar, reports, stage_outcomes if stage_map else None, stage_map,
                                        kept_prefix=kept, kept_currency=kept_currency, checked_at=checked_at,
                                        allow_reopen=args.allow_reopen, allow_zeros_dropped=args.allow_zeros_dropped, say=say,
                                        allow_missing_columns=args.allow_missing_columns,
                                        allow_other_report=args.allow_other_report, allow_older=args.allow_older,
                                        take_out_missing=args.take_out_missing, fy_start_month=args.fy_start,
                                        roster_match=False, earlier=stored_reps,
                                        # --map maps a roster only in an ingest of rosters alone (see roster_overrides).
                                        map_maps_it=prepared.kind != "roster" or not args.paths)
            # A roster loaded already changed nothing (pipeline.roster_loaded_again): its notes were said then.
            if committed is not None and prepared.kind == "roster" and committed.already is None:
                rosters.append((reports[-1], path_text, roster_reps(prepared), roster_managers(prepared), roster_marks(prepared)))
        for line in [*stage_lines(reports[-1]), *failure_lines(reports[-1])]:
            say(line)
        if committed is None and reports[-1]["rejected"]:  # why it was not stored and what to do: its last line
            _warn(f"{path_text}: {reports[-1]['rejected']}")
        rejected_any = rejected_any or committed is None
        if committed is not None and committed.change is not None:
            stored_as = committed.change.store_version
            if committed.change.stage_mappings_stored:
                stages_stored_in = stored_as
    for report, path_text, reps, managers, marks in rosters:  # against every deal stored now: the exports refused or rejected name none
        # Its reps no deal names and the reps with stored deals it leaves out (Unprofiled), a pair of close spellings
        # once, as the Data page's report says them.
        for said in roster_rep_sentences(store_roster_unmatched_reps(store, reps, managers=managers, marks=marks),
                                         store.opportunities() if store.version() else None, store.roster()):
            report["rep_notes"].append(said)
            say(f"{path_text}: {said}")
    # After a commit, the warning every page shows: deals whose amounts no rate converts.
    unrated = unconverted_deals(store) if any(not r["rejected"] for r in reports) else None
    # And the one it shows of the stored deals no page counts (their own flags rule out a mapping saved since).
    uncounted = uncounted_deals(store) if any(not r["rejected"] for r in reports) else None
    result = {
        "files": reports, "store_version": store.version(), "unconverted": unrated.as_json() if unrated else None,
        "uncounted": uncounted.as_json() if uncounted else None,
        "no_decision_reasons_added": added,  # what --no-decision-reason added to the vocabulary (as given)
        "lost_reasons_added": kept_lost,  # what --lost-reason kept lost though a phrase reads it (as given)
    }
    if stages_stored_in is None and stage_map and merged_stage_outcomes(store.stage_outcomes(), stage_map) != store.stage_outcomes():
        # Kept only with an export they decided: none was stored (rejected, already ingested, or a roster alone).
        _warn(f"Stage mappings not stored: no opportunity export was stored with them ({_stage_list(stage_map)}). "
              f"To apply them to the stored deals without a file, run: {_stages_command(stage_map, args.store)}")
    if args.json:
        _print(json.dumps(result, default=iso_dates.json_value))
    else:
        if unrated and unrated.command_line_sentence:
            _print(unrated.command_line_sentence)
        for sentence in uncounted.command_line_sentences if uncounted else []:
            _print(sentence)
        if result["store_version"] != stored_as:  # the last file's "Stored as version N" already said it
            _print(f"store version {result['store_version']}")
    return 1 if rejected_any else 0


def _stored_reasons(store: Store) -> pl.DataFrame:
    """The stored deals' loss reasons that say no real deal (not_a_deal), as a stage report's rows (stage, kind
    VALUE_LOSS_REASON) a --stage mapping given without a file is checked against (refused_choices); a value the stored
    deals also hold as a stage is left out: a stage can be counted as any outcome."""
    table = store.opportunities()
    names = table.collect_schema().names()
    if "loss_reason" not in names:
        return pl.DataFrame(schema={"stage": pl.String, "kind": pl.String})
    reasons = table.select(pl.col("loss_reason").drop_nulls().unique()).collect().get_column("loss_reason").to_list()
    stages = set(table.select(pl.col("stage").drop_nulls().unique()).collect().get_column("stage").to_list()
                 if "stage" in names else [])
    kept = [r for r in reasons if not_a_deal(r) and r not in stages]
    return pl.DataFrame({"stage": kept, "kind": [VALUE_LOSS_REASON] * len(kept)}, schema={"stage": pl.String, "kind": pl.String})


def _stages_command(stage_map: dict[str, str], store: str | None = None) -> str:
    """The command that stores `stage_map` with no file: python -m winloss ingest --stage "Parked=no_decision"
    (with the --store given to this one, when one was)."""
    where = f"--store {quoted(store)} " if store else ""
    return f"python -m winloss ingest {where}" + " ".join(f"--stage {quoted(f'{k}={v}')}" for k, v in stage_map.items())


def _stages_alone(store: Store, stage_outcomes: dict[str, str], added: list[str], kept_lost: list[str], as_json: bool,
                  say: Callable[[str], None]) -> int:
    """`ingest --stage VALUE=OUTCOME` given without a file: the stage mappings stored as their own version
    (a mapping is re-applied to every stored deal when it is read), saying what they change in the stored
    deals and, for a mapping that changes none, why (mapping_effects). Nothing is written when the store holds them already."""
    from winloss.ingest.mapping_effects import MAPPINGS_STORED_ALREADY, store_stage_mappings

    result: dict[str, Any] = {"files": [], "no_decision_reasons_added": added, "lost_reasons_added": kept_lost,
                              "stage_mappings": None}
    stored = store_stage_mappings(store, stage_outcomes)
    if stored is None:
        say(MAPPINGS_STORED_ALREADY)
    else:
        say(stored.sentence)
        result["stage_mappings"] = {**stored.effects.as_json(), "sentence": stored.effects.saved_sentence()}
    result["store_version"] = store.version()
    if as_json:
        _print(json.dumps(result, default=iso_dates.json_value))
    return 0


def _silent(line: str) -> None:
    """A report line under --json, whose object holds the report: not printed."""


def _vocabulary_choices(store: Store, given: Sequence[str], lost: Sequence[str],
                        say: Callable[[str], None]) -> tuple[list[str], list[str]]:
    """Add the --no-decision-reason values the vocabulary lacks (compared as the vocabulary matches:
    case, accents and punctuation do not count), and keep the --lost-reason values lost though a phrase
    reads them, as one store version, and say so (`say`); returns the reasons added and those kept lost,
    as given. A --no-decision-reason value kept lost is ticked again (no longer kept lost; added as a phrase
    only if no phrase reads it then). A reason already there, or a --lost-reason no phrase reads (lost
    already), is named, and nothing is written for it. Raises UsageError for a reason given to both."""
    both = {folded_words(r) for r in given if r and r.strip()} & {folded_words(r) for r in lost if r and r.strip()}
    if both:
        twice = next(r.strip() for r in lost if folded_words(r) in both)
        raise UsageError(f"python -m winloss ingest: '{twice}' is given to both --no-decision-reason and --lost-reason: "
                         "give it to one.")
    current = store.no_decision_reasons()
    known = set(folded_vocabulary(list(current)))
    kept = {folded_words(r): r for r in current.excepted}
    added: list[str] = []
    ticked: list[str] = []  # kept lost before, no decision again
    for reason in (r.strip() for r in given if r and r.strip()):
        if kept.pop(folded_words(reason), None) is not None:
            ticked.append(reason)
            if read_as_no_decision(reason, frozenset(known)):
                continue
        elif folded_words(reason) in known:
            say(f"'{reason}' is already in the no-decision vocabulary.")
            continue
        known.add(folded_words(reason))
        added.append(reason)
    kept_lost: list[str] = []
    for reason in (r.strip() for r in lost if r and r.strip()):
        if folded_words(reason) in kept:
            say(f"'{reason}' is counted as lost already.")
        elif not read_as_no_decision(reason, frozenset(known)) and not_a_deal(reason):
            # Quarantined, not lost: settled by a mapping, as a stage whose words say no real deal is.
            say(f"'{reason}' says the record is not a real deal, so its deals are quarantined, not lost: to count them as "
                f"lost, map it as a stage value is, with --stage {quoted(f'{reason}=lost')}.")
        elif not read_as_no_decision(reason, frozenset(known)):
            say(f"'{reason}' is counted as lost already: no phrase of the no-decision vocabulary reads it.")
        else:
            kept[folded_words(reason)] = reason
            kept_lost.append(reason)
    if added or ticked or kept_lost:
        change = store.save_no_decision_reasons([*current, *added], excepted=kept.values())
        def named(reasons: list[str]) -> str:
            return ", ".join(f"'{r}'" for r in reasons)

        said = [f"{named(added)} added" if added else "", f"{named(ticked)} no decision again" if ticked else "",
                f"{named(kept_lost)} kept lost though a phrase reads {'it' if len(kept_lost) == 1 else 'them'}"
                if kept_lost else ""]
        say(f"No-decision reasons saved as store version {change.store_version}: {'; '.join(w for w in said if w)}; "
            "every count of stored deals, and the files of this command, now count with them.")
    return added, kept_lost


def unconverted_deals(store: Store) -> Unconverted:
    """The stored deals whose amounts no exchange rate converts (winloss.exchange.unconverted, the
    rule of the app's banner). Only the money columns are read: after an ingest, reading every deal
    whole (winloss.deals.deals, roster joined) would hold a 10M-deal store in memory at once."""
    money = store.opportunities().select(MONEY_COLUMNS).collect()
    return unconverted_amounts(money, store.exchange_rates())


def _store_prepared(
    store: Store, prepared: PreparedFile, path: Path, path_text: str, bar: _ProgressBar, reports: list[dict],
    stage_outcomes: dict[str, str] | None, stage_map: dict[str, str], allow_reopen: bool = False,
    allow_zeros_dropped: bool = False, say: Callable[[str], None] = _print, roster_match: bool = True, earlier: list[tuple[str, pl.DataFrame]] | None = None,
    allow_missing_columns: bool = False, map_maps_it: bool = True, allow_other_report: bool = False,
    kept_prefix: ReportPrefix | None = None, checked_at: int | None = None, take_out_missing: bool = False,
    fy_start_month: int = 1, allow_older: bool = False, kept_currency: KeptCurrency | None = None,
) -> Committed | None:
    """Write one prepared file's quarantine report and store it; what storing it did, or None when it
    was rejected whole or not stored because it would take closed deals back (reopen them, close
    them on an earlier date, or change their outcome on the date they closed) or keep deals twice
    (their ids with the leading zeros dropped or added).

    Before storing an export, what the Data page says before Commit is said here too, in the same
    sentences (winloss.ingest.store_effects): deals it would take back and open deals it lacks. An
    export that would take deals back is not stored unless `allow_reopen` (--allow-reopen): the page
    asks the user, who sees its warning before pressing Commit; a command cannot ask, and a cron
    job loading last month's export by mistake must not turn won deals back into pipeline or lost.
    Nor is one whose ids are stored deals' with their leading zeros dropped or added (an export
    opened and saved in Excel: store_effects.zeros_dropped) unless `allow_zeros_dropped`
    (--allow-zeros-dropped): stored, it keeps each of those deals twice; the page asks with a box.
    Nor is one without a column for a field the stored deals it updates hold (store_effects.missing_fields:
    a renamed loss reason column blanks every stored reason and makes no-decision deals plain losses)
    unless `allow_missing_columns` (--allow-missing-columns); that warning is said first.
    Nor is one whose ids are those of deals another report stored with another rep, account or deal name
    (store_effects.other_report_deals: two CRMs number their deals alike) unless `allow_other_report`
    (--allow-other-report): stored, it overwrites those deals; the page asks with a box.
    Nor is any file whose same bytes were loaded before when a newer upload or an edit replaced what it set since
    (pipeline.loaded_before: an older roster, export or questionnaire loaded again) unless `allow_older`
    (--allow-older): stored, it puts back its older values; the page asks, above Save. Its refusal is said first.

    `stage_outcomes`: the stage mappings the file was prepared with, None when --stage gave none.
    An opportunity export is stored with them, in its own version, as the Data page stores an
    upload with the stage choices of its preview (pipeline.commit): so one file is one version, a
    rejected file stores no mapping, and the first export stored takes them (the store then holds
    them, and a later export's commit finds nothing to change). A roster or a questionnaire is not
    decided by stage mappings, so it never carries them.

    What storing it did and the file report's notes are report lines (`say`: stdout, or nothing
    under --json, whose object holds them); the warnings said before it is stored and why it was
    not stored go to stderr.

    `roster_match` False: a roster's reps that no deal names are not said here but by `_ingest`,
    once every file of the command is stored (an export given after the roster names its reps).

    `map_maps_it` False: the command's --map does not map this file (a roster given with exports), so each of its
    sentences that asks for a column names the roster's own way (hints.roster_alone_sentence).

    `checked_at`: the store version it was read and checked against: when another writer stored a version since,
    nothing of it is stored and the refusal says so (Store.commit_file raises StoreMovedOn).

    `take_out_missing` (--take-out-missing): the stored deals of an export's report it no longer lists
    (store_effects.unlisted_deals, which the warning on the deals it lacks names) are taken out with it, in its
    version; without it they stay, and the "Stored as version N" line says so (pipeline.commit).

    `kept_prefix`: the prefix its ids were given from the last export of its report (id_prefix.report_prefix), when
    --id-prefix gave none; the file report names it, or the one --id-prefix gave. `kept_currency`: the currency of its
    amounts that name none kept from its or its report's earlier load (file_currency.kept_file_currency), when --currency
    gave none: the file report names it (`--json`: `file_currency_kept`, its sentence).

    `fy_start_month`: the first month of the fiscal year (--fy-start) whose quarters the open deals' moved close dates
    are said in, and the changed deals' CSV names (beside the quarantine report: `changed_deals_csv` in --json).

    `earlier`: the exports of the command stored before this one, (file name, pipeline.rep_counts): a rep
    this one spells another way is said once, naming both files (store_rep_sentences); this export is
    added to it once stored.
    """
    from winloss.ingest.currency_changes import currency_changes
    from winloss.ingest.id_prefix import first_id, prefix_doubles, stored_prefix
    from winloss.ingest.pipeline import (
        commit, file_report, loaded_before, rep_counts, roster_loaded_again, roster_refusal, store_rep_sentences,
    )
    from winloss.ingest.remembered import layout_mapping_sentence
    from winloss.ingest.store_effects import (
        absent_deals, changes_nothing, confirmed_note, deal_changes, deleted_stored, missing_fields, other_report_deals, quarantined_stored, reopened,
        report_loads, taken_as_report, unlisted_deals, updated_by_file, zeros_dropped,
    )
    from winloss.ingest.currency_changes import stored_outcomes_and_currencies
    from winloss.views.data_page import older_file_refusal, read_otherwise_said, replaced_since_sentence

    quarantine_path = None
    if prepared.quarantine.height:  # rows kept out, or stored without a value not understood
        # Every such row with its reason, a file rejected whole too (the Data page offers the same
        # rows for download): fixed, the report can be ingested again as it is.
        # The content's hash in the name: two exports both called export.csv keep both reports.
        # Named after the file as text.file_name_part writes it: no escape byte or direction override on disk.
        quarantine_path = str(quarantine_dir(store) / f"{file_name_part(path.stem)}-{prepared.sha256[:8]}.quarantine.csv")
        Path(quarantine_path).parent.mkdir(parents=True, exist_ok=True)
        Path(quarantine_path).write_bytes(prepared.quarantine_csv())
    bar.clear()
    report = file_report(prepared, quarantine_path)
    if not map_maps_it:
        report.update(_roster_alone(report, path_text))
    report["stage_mappings_stored"] = False  # True for the file whose version took the --stage mappings
    report["currency_changes"] = None  # what storing it did to the currency of deals already stored
    report["column_mapping"] = None  # "remembered" or "forgotten": what its version did to its layout's mapping
    report["rep_notes"] = []  # its rep names read as stored reps' other spellings; a roster's reps no deal names
    prefix = stored_prefix(prepared, kept_prefix)  # the prefix its ids are stored with, and where it came from
    doubles = prefix_doubles(prepared, prefix, store.opportunities()) if prefix is not None and store.version() else None
    report["id_prefix"] = None if prefix is None else prefix.as_json(first_id(prepared), doubles)
    report["file_currency_kept"] = kept_currency.sentence if kept_currency is not None and not prepared.rejected else None
    # The stored deals read once for the three checks below (as the Data page does before Commit).
    stored = None if prepared.rejected or prepared.kind != "opportunities" else stored_outcomes_and_currencies(store)
    # The live manifest read once: whether the commit changes anything, and the uploads absent_deals compares.
    uploads = None if stored is None else store.live_uploads()
    unchanged = None if stored is None else changes_nothing(prepared, store, uploads) is not None
    # The file's report's stored loads decided once, for the four checks that ask (as the Data page does).
    same = None if stored is None or unchanged else report_loads(prepared, store, stored, uploads)
    # Another report's deals first: the warnings on the file's own report's deals leave them to it.
    others = other_report_deals(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    report["other_report"] = others.as_json() if others else None  # another report's deals its ids would overwrite
    apart = others.ids if others else frozenset()
    missing = None if stored is None else missing_fields(prepared, store, unchanged=unchanged, uploads=uploads, apart=apart)
    report["missing_columns"] = missing.as_json() if missing else None  # fields the stored deals hold the file has no column for
    reopens = reopened(prepared, store, stored, unchanged=unchanged, uploads=uploads, apart=apart)
    absent = absent_deals(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    report["reopened"] = reopens.as_json() if reopens else None  # closed deals stored that the file has open or closed earlier
    report["absent_deals"] = absent.as_json() if absent else None  # open and closed deals stored that the file lacks
    unlisted = unlisted_deals(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    # The same deals, and whether --take-out-missing takes them out with it.
    report["no_longer_listed"] = unlisted.as_json(take_out_missing) if unlisted else None
    deleted = deleted_stored(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    report["deleted_stored"] = deleted.as_json() if deleted else None  # stored deals the file marks deleted: taken out
    kept = quarantined_stored(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    report["quarantined_stored"] = kept.as_json() if kept else None  # stored deals on its quarantined rows: kept as stored
    taken = taken_as_report(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    report["taken_as"] = taken  # the stored report a renamed export is taken as, by the deals it holds
    if taken is not None:
        say(f"{path_text}: {taken}")
    zeros = zeros_dropped(prepared, store, stored, unchanged=unchanged)
    report["zeros_dropped"] = zeros.as_json() if zeros else None  # stored deals' ids with their leading zeros dropped
    # What it moves in the stored deals (closed, outcome changed, stage): read before the commit writes
    # them, said in the past once it is stored (in the future for a file not stored).
    moved = deal_changes(prepared, store, stored, unchanged=unchanged, uploads=uploads, apart=apart, fy_start_month=fy_start_month)
    report["deal_changes"] = moved.as_json() if moved else None
    # Every deal it changes, each changed field before and after, beside the quarantine report and named as it is
    # (the Data page offers the same CSV before Commit): the sentence names three ids a kind.
    report["changed_deals_csv"] = None
    if moved is not None and (changed_csv := moved.changed_csv(delimiter=prepared.table.delimiter if prepared.table is not None else None)):
        changed_path = quarantine_dir(store) / f"{file_name_part(path.stem)}-{prepared.sha256[:8]}.changed-deals.csv"
        changed_path.parent.mkdir(parents=True, exist_ok=True)
        changed_path.write_bytes(changed_csv)
        report["changed_deals_csv"] = str(changed_path)
    for said in (others, missing, reopens, absent, deleted, kept, zeros):  # another report's deals said first: they explain the rest
        if said is not None:
            _warn(f"{path_text}: {said.sentence}")
    # The same bytes stored already, read otherwise now (another date order, say): stored again, which the
    # Data page says above Commit and the "Stored as version N" line alone did not say.
    before = None if prepared.rejected else loaded_before(store, prepared, uploads)
    loaded = before.row if before is not None and before.since is None else None  # already loaded, nothing replaced it
    again = None if loaded is None else read_otherwise_said(prepared, loaded)
    report["stored_again_because"] = again.as_json() if again is not None else None
    if again is not None:
        say(f"{path_text}: {again.sentence}")
    # Its bytes loaded before and replaced since by a later version: not stored without --allow-older, since storing
    # it puts back its older values (the Data page asks, above Save); with it, stored as any file, said once.
    replaced = replaced_since_sentence(before) if before is not None and before.since is not None else None
    report["replaced_since"] = replaced
    older = None if replaced is None or allow_older or before is None else older_file_refusal(before, ALLOW_OLDER)
    if replaced is not None and older is None:
        say(f"{path_text}: {replaced}")
    committed = None
    refused = None if prepared.rejected else refusal(
        reopens is not None and not allow_reopen, zeros is not None and not allow_zeros_dropped,
        missing is not None and not allow_missing_columns, others is not None and not allow_other_report)
    if not prepared.rejected and (older or refused):
        # Said by `_ingest`, last, once the file's stage and failure lines are; the older file's reason first.
        report["rejected"] = " ".join(said for said in (older, refused) if said)
    if not prepared.rejected and not report["rejected"] and (teams := roster_refusal(store, prepared)):
        report["rejected"] = teams  # a rep in two teams on one day, or an earlier team's days rewritten
    # Read before the commit rewrites the currencies; a file rejected whole changes none.
    recurrenced = None if prepared.rejected else currency_changes(prepared, store, stored)
    # A roster loaded already, read as it was, changes nothing: its line says so ("This file was already loaded on
    # ..."), and its notes on rep names, said when it was loaded, are not said again (as on the Data page).
    loaded_again = roster_loaded_again(prepared, loaded)
    if not prepared.rejected and not loaded_again:  # read before the commit, as the Data page says it
        report["rep_notes"] = store_rep_sentences(store, prepared, roster_match=roster_match, earlier=earlier or ())
    if report["rejected"]:
        # Not stored: what the Data page says of the same file before Commit, in the same words, the
        # changes it would make said as it says them (`moved` and `recurrenced` before storing);
        # only the last line, why it was not stored and what to do, is the command line's.
        # Read and mapped: rows were counted. A file no column of which the app knows was counted as nothing it
        # could store ("1 row read (file not recognised (...)): 0 accepted, 1 quarantined"): its refusal, last,
        # says what it could be and what to choose, and a count of rows "quarantined" that were never stored misled.
        if prepared.table is not None and prepared.mapping is not None and report["recognised_as"] != NOT_RECOGNISED:
            say(f"{path_text}: {_summary(report)}")
        if moved is not None and (said_moved := moved.sentence()) is not None:
            say(f"{path_text}: {said_moved}")
        if report["changed_deals_csv"]:
            say(f"{path_text}: {_changed_deals_line(moved, report['changed_deals_csv'])}")
        if recurrenced is not None:
            report["currency_changes"] = recurrenced.sentence
            say(f"{path_text}: {recurrenced.sentence}")
        _say_notes(prepared, path_text, [*_prefix_notes(report), *report["notes"], *report["rep_notes"]], say)
    else:
        carried = stage_outcomes if prepared.kind == "opportunities" else None
        try:
            committed = commit(store, prepared, progress=bar, stage_outcomes=carried, checked_at=checked_at,
                               confirmed=confirmed_note(missing, reopens, zeros, others),  # each one let through by its flag
                               take_out_missing=take_out_missing)
        except StoreMovedOn as exc:  # another writer stored a version while it was checked: nothing of it written
            bar.clear()
            report["rejected"] = str(exc)  # said by `_ingest`, last, as a refusal is
            reports.append(report)
            return None
        if earlier is not None and prepared.kind == "opportunities":
            earlier.append((prepared.file_name, rep_counts(prepared)))
        bar.clear()
        # The file's own counts apart from the deals only the stage mappings read otherwise (as the Data page says them).
        report["store_message"] = committed.counts_sentence(None if stored is None else updated_by_file(moved))
        report["profile_notes"] = list(committed.notes)  # assessed profiles a roster kept; what a questionnaire set
        say(f"{path_text}: {_summary(report)} {report['store_message']}")
        if moved is not None and committed.change is not None:
            report["deal_changes"] = moved.as_json(stored=True)
            if (said_moved := moved.sentence(stored=True)) is not None:  # None: only deals the warning named
                say(f"{path_text}: {said_moved}")
        if report["changed_deals_csv"]:
            say(f"{path_text}: {_changed_deals_line(moved, report['changed_deals_csv'])}")
        if committed.change is not None and committed.change.stage_mappings_stored:
            report["stage_mappings_stored"] = True
            say(f"{path_text}: stage mappings stored with it, in version {committed.change.store_version}: "
                f"{_stage_list(stage_map)}.")
        if committed.change is not None and committed.change.column_mapping is not None:
            report["column_mapping"] = committed.change.column_mapping
            say(f"{path_text}: {layout_mapping_sentence(committed.change.column_mapping)}")
        if recurrenced is not None and committed.change is not None:
            report["currency_changes"] = recurrenced.stored_sentence
            say(f"{path_text}: {recurrenced.stored_sentence}")
        _say_notes(prepared, path_text, [*_prefix_notes(report), *report["notes"], *report["rep_notes"], *committed.notes], say)
    if report["unused_sentence"]:  # a rejected file too: its missing column may be one of these
        say(f"{path_text}: {report['unused_sentence']}")
    reports.append(report)
    return committed


def _changed_deals_line(moved: DealChanges | None, where: str) -> str:
    """"the 9 deals it changes, with each changed field before and after, are in PATH" (path as terminal text)."""
    n = 0 if moved is None else moved.changed_deals
    return (f"the {plural(n, 'deal')} it changes, with each changed field before and after, "
            f"{'is' if n == 1 else 'are'} in {terminal_text(where)}")


def _prefix_notes(report: dict) -> list[str]:
    """The file report's notes on the prefix its ids are stored with (id_prefix.ReportPrefix.sentence) and the currency
    of its amounts that name none kept from its or its report's earlier load (file_currency.KeptCurrency.sentence), each
    if any."""
    return ([report["id_prefix"]["sentence"]] if report.get("id_prefix") else []) + (
        [report["file_currency_kept"]] if report.get("file_currency_kept") else [])


def _roster_alone(report: dict, path_text: str) -> dict:
    """The sentences of a roster's file report (file_report: why it was rejected, its unused columns, its notes) with
    each --map hint naming the roster's own way to map its columns (hints.roster_alone_sentence), for a roster
    given with exports, whose --map maps the exports: it named --map, which then mapped them instead."""
    def alone(sentence: str | None) -> str | None:
        return None if sentence is None else roster_alone_sentence(sentence, path_text)

    return {"rejected": alone(report["rejected"]), "unused_sentence": alone(report["unused_sentence"]),
            "notes": [alone(note) for note in report["notes"]]}


def _say_notes(prepared: PreparedFile, path_text: str, notes: Sequence[str], say: Callable[[str], None]) -> None:
    """A file's notes (how it was read, its rep names, what a roster kept), its money rules and the question on its
    currency the Data page asks (with the flag that answers it), one line each."""
    for note in [*notes, *(prepared.money_rules.get(k) for k in ("separator_rule", "currency_rule", "currency_question"))]:
        if note:
            say(f"{path_text}: {note}")


# The flag that stores a file a newer upload replaced (data_page.older_file_refusal names it).
ALLOW_OLDER = "--allow-older"

REOPEN_REFUSED = (
    "Not stored: an export that reopens closed deals, closes them on an earlier date or changes their outcome on "
    "the date they closed, or closes open deals on a date before an earlier export that had them open, is stored "
    "only with --allow-reopen (choose the date order if the warning names it; else ingest it again with the flag "
    "if these deals did change so in the CRM)."
)

# What to do about ids whose leading zeros were dropped, said when such a file is not stored.
ZEROS_ADVICE = (
    f"{ZEROS_FIX} and ingest that file; if these are other deals than the stored ones, ingest this file again with "
    "--allow-zeros-dropped"
)
ZEROS_REFUSED = f"Not stored: it would keep each of those deals twice, under two ids. To store them once, {ZEROS_ADVICE}."


# Said when a file without a column for a field the stored deals hold is not stored (store_effects.missing_fields).
MISSING_REFUSED = (
    "Not stored: an export without a column for a field the stored deals it updates hold is stored only with "
    "--allow-missing-columns (map the column with --map and ingest it again, or give the flag if the field "
    "really is gone from the report)."
)


# Said when a file whose ids are another report's deals' is not stored (store_effects.other_report_deals).
OTHER_REPORT_REFUSED = (
    "Not stored: an export whose ids are those of other deals another report stored is stored only with "
    "--allow-other-report (ingest it again with it if they are the same deals)."
)


def refusal(reopens: bool, zeros: bool, missing: bool = False, others: bool = False) -> str | None:
    """Why an export is not stored, or None when nothing keeps it out: it has no column for a field the
    stored deals hold and --allow-missing-columns was not given (`missing`, said first); it would take
    closed deals back and --allow-reopen was not given (`reopens`), or keep deals twice whose ids lost or
    gained their leading zeros and --allow-zeros-dropped was not given (`zeros`); it would overwrite
    another report's deals of another rep, account or deal name and --allow-other-report was not given
    (`others`, said last)."""
    said: str | None
    if reopens and zeros:
        said = (f"{REOPEN_REFUSED} It would also keep each deal whose id lost or gained its leading zeros twice: "
                f"{ZEROS_ADVICE}.")
    else:
        said = REOPEN_REFUSED if reopens else ZEROS_REFUSED if zeros else None
    if missing:
        said = MISSING_REFUSED if said is None else f"{MISSING_REFUSED} {said}"
    if others:
        said = OTHER_REPORT_REFUSED if said is None else f"{said} {OTHER_REPORT_REFUSED}"
    return said


MAX_STAGE_LINES = 40


def stage_lines(report: dict) -> list[str]:
    """The file report's stage values, one line each: the value, then each outcome in the pages' words ("no
    decision", "not stored": outcome_label, not the stored "no_decision") with its rows, grouped
    by the rule that gave it ("'Closed' -> won, 1 row (your stage mapping); lost, 1 row and won, 1 row
    (settled by the closed/won columns, not your stage mapping)"), in the report's order."""
    stages = report.get("stages") or []
    if not stages:
        return []
    values: dict[str, list[dict]] = {}
    for row in stages:
        values.setdefault(row["stage"], []).append(row)
    # Named by the kinds listed: a status no rule reads and a loss reason that says no real deal are listed to be
    # mapped as a stage value is; "stage values" alone named a loss reason one.
    kinds = value_kinds_words(row.get("kind") for row in stages)
    lines = [f"  {terminal_text(report['file'])}: {kinds} (outcome, rows, rule):"]
    # One rule for the mark and its legend: "!" marks a value with rows quarantined until the user maps it (no rule
    # placed them: an unmatched stage, an unread status, a stage, status or loss reason that says no real deal).
    def waits(row: dict) -> bool:
        return row["outcome"] is None and not row["matched"]

    for stage, rows in list(values.items())[:MAX_STAGE_LINES]:
        mark = "! " if any(waits(row) for row in rows) else "  "
        said = by_rule_words(
            ((f"{outcome_label(row['outcome']).lower()}, {stage_rows_words(row['outcome'], row['rows'], row.get('quarantined', 0))}",
              row["rule"], row["rows"]) for row in rows),
            " and ",
        )
        lines.append(f"  {mark}'{terminal_text(stage)}' -> {terminal_text(said)}")
    if len(values) > MAX_STAGE_LINES:
        lines.append(f"    … and {len(values) - MAX_STAGE_LINES} more (see --json)")
    # Those rows are in the file's quarantine CSV, not in the store: a mapping given without a file re-reads only stored
    # deals, so they are counted once mapped and the file ingested again. Rows no rule matched but their closed/won
    # columns settled are stored, and need nothing.
    waiting = [row for row in stages if waits(row)]
    if waiting:
        lines.append('  ! quarantined until mapped: the rows of the values marked ! are not stored.')
        lines.append(f"    Count {kind_choices_words(row.get('kind') for row in waiting)},")
        lines.append('    then ingest the file again with --stage "VALUE=OUTCOME".')
    if any(row["outcome"] is not None and not row["matched"] for row in stages):
        lines.append("    Rows no rule matched but the closed/won columns settled are stored: they need no mapping.")
    return lines


MAX_FAILURE_LINES = 10


def failure_lines(report: dict) -> list[str]:
    """The file report's failures, one line each up to MAX_FAILURE_LINES; when there are more, every
    check with its rows first (so no kind of failure is hidden behind the first one's lines) and a
    last line saying how many more and where they all are."""
    from winloss.ingest.pipeline import LEFT_OUT_NONE, stored_without_words

    errors = report["errors"]
    name = terminal_text(report["file"])
    more = report.get("failures", len(errors)) - min(len(errors), MAX_FAILURE_LINES)
    lines = []
    if more > 0:
        lines.append(f"  {name}: failures by check (rows, examples):")
        for check in report.get("failures_by_check", []):
            column = f" ({terminal_text(check['column'])})" if check["column"] else ""
            examples = f", e.g. {terminal_text(check['examples'])}" if check["examples"] else ""
            lines.append(f"    {terminal_text(check['check'])}{column}: {plural(check['rows'], 'row')}{examples}")
    lines.extend(f"  {name} line {e['line']}: {terminal_text(e['message'])}" for e in errors[:MAX_FAILURE_LINES])
    where = report["quarantine_csv"]
    if more > 0:
        rest = f"every quarantined row, with its reason, is in {terminal_text(where)}" if where else f"the first {len(errors)} are in --json"
        lines.append(f"  {name}: … and {more:,} more; {rest}")
    elif where and (in_part := report.get("rows_accepted_in_part")):  # the file also lists rows stored without a value
        rows = stored_without_words(in_part, report.get("stored_without") or LEFT_OUT_NONE)
        kept_out = f"the {plural(report['rows_quarantined'], 'quarantined row')} and " if report.get("rows_quarantined") else ""
        lines.append(f"  {name}: {kept_out}the {rows}, with reasons, in {terminal_text(where)}")
    elif where:
        lines.append(f"  {name}: rejected rows with reasons in {terminal_text(where)}")
    return lines


def _stage_list(stage_map: dict[str, str]) -> str:
    return ", ".join(f"'{terminal_text(k)}' = {v}" for k, v in stage_map.items())


def _rates(args: argparse.Namespace) -> int:
    """Show the reporting currency and rates; with --reporting, --rate or --remove, change them as one version."""
    from winloss.exchange import exchange_rates, parsed_rate_pairs

    store = Store(args.store)
    current = store.exchange_rates()
    if args.reporting or args.rate or args.remove:
        try:
            pairs = {code.strip().upper(): rate for code, rate in parsed_rate_pairs(args.rate)}
        except ValueError as exc:
            raise UsageError(f"python -m winloss rates: {exc}") from None
        removed = {code.strip().upper() for code in args.remove}
        kept = {c: r for c, r in current.rates.items() if c not in removed and c not in pairs}
        current = exchange_rates(args.reporting or current.reporting_currency, [*kept.items(), *pairs.items()])
        saved_as = store.save_exchange_rates(current).store_version
        if not args.json:
            _print(f"Saved as store version {saved_as}: every value figure is in {current.reporting_currency}.")
    if args.json:
        _print(json.dumps({"reporting_currency": current.reporting_currency, "rates": dict(current.rates),
                           "store_version": store.version()}))
    else:
        _print(f"reporting currency {current.reporting_currency}")
        for code, rate in sorted(current.rates.items()):
            _print(f"1 {code} = {rate:g} {current.reporting_currency}")
        if not current.rates:
            _print("no exchange rates: amounts in other currencies are left out of value figures")
    return 0


def _settings(args: argparse.Namespace) -> int:
    """Show the month the store's fiscal year starts in; with --fy-start, save it as one version (nothing is
    saved when it already starts then)."""
    store = Store(args.store)
    month = store.fiscal_year_start()
    saved_as = None
    if args.fy_start is not None and args.fy_start != month:
        month = args.fy_start
        saved_as = store.save_fiscal_year_start(month).store_version
    if args.json:
        _print(json.dumps({"fy_start_month": month, "fiscal_year": fiscal_year_words(dt.date.today(), month),
                           "saved_as": saved_as, "store_version": store.version()}))
        return 0
    if saved_as is not None:
        _print(f"Saved as store version {saved_as}, for everyone who uses this store: every page and command counts "
               f"quarters from {calendar.month_name[month]}, unless a link's fy= or --fy-start says otherwise.")
    elif args.fy_start is not None:
        _print(f"The fiscal year already starts in {calendar.month_name[month]}: nothing was saved.")
    words = fiscal_year_words(dt.date.today(), month)
    _print(f"fiscal year starts in {calendar.month_name[month]}"
           + (f": {words}" if words else ": quarters are the calendar's"))
    return 0


def _unreadable(path: str, exc: OSError) -> dict:
    reason = "there is no such file" if isinstance(exc, FileNotFoundError) else f"it cannot be read ({exc.strerror})"
    sentence = f"'{path}' was not ingested: {reason}. Check the path and try again."
    _warn(sentence)
    return {
        "file": path, "kind": None, "source": None, "recognised_as": None, "encoding": None, "delimiter": None,
        "mapping": {}, "unused_columns": [], "unused_sentence": None,
        "rows_read": 0, "rows_accepted": 0, "rows_quarantined": 0, "rows_accepted_in_part": 0, "quarantine_csv": None,
        "failures": 0, "errors": [], "failures_by_check": [], "notes": [], "rep_notes": [], "stages": [], "decimal_mark": None,
        "separator_rule": None, "currency_rule": None, "currency_question": None, "stage_mappings_stored": False, "rejected": sentence,
        "reopened": None, "absent_deals": None, "no_longer_listed": None, "deleted_stored": None, "quarantined_stored": None,
        "taken_as": None, "zeros_dropped": None, "other_report": None,
        "id_prefix": None, "file_currency_kept": None, "deal_changes": None, "changed_deals_csv": None, "missing_columns": None,
        "stored_again_because": None, "replaced_since": None,
    }


def _summary(report: dict) -> str:
    # What the file was recognised as, as the Data page's "Detected:" line says it: a file whose
    # headers every CRM writes is a generic export, though Salesforce's preset mapped it.
    return (
        f"{plural(report['rows_read'], 'row')} read ({report['recognised_as']}): "
        f"{report['rows_accepted']:,} accepted, {report['rows_quarantined']:,} quarantined."
    )


def quarantine_dir(store: Store) -> Path:
    """Where the CLI writes quarantine reports: beside the store, in a folder named for it
    (./data/store-quarantine for ./data/store), so two stores in one folder never share one; in the
    working folder, named the same way, for a store on object storage."""
    name = f"{PurePosixPath(store.uri).name or 'store'}-quarantine"
    if not store.is_local:
        return Path(name)
    return local_folder(store.uri).resolve().parent / name




ReportBy = Literal["none", "profile", "rep", "team", "quarter", "region"]


# By team, a closed deal counts for the team its rep was in on the day it closed (winloss.team_history).
_REPORT_COLUMNS: Final = {"profile": "seller_profile", "rep": "rep", "team": "team", "region": "region"}


def report_rows(
    deals: Deals,
    by: ReportBy = "none",
    start: dt.date | None = None,
    end: dt.date | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    fy_start_month: int = 1,
    as_of: dt.date | None = None,
    reporting_currency: str = DEFAULT_REPORTING_CURRENCY,
) -> list[dict[str, Any]]:
    """The rows of the command line's JSON report, one per group ("All" for by="none").

    Keys: group, closed, won, lost, no_decision, open, win_rate, win_rate_ci [lo, hi],
    no_decision_share_of_losses, won_amount; None where a rate is undefined, and a won_amount None
    where won deals have no amount in `reporting_currency` (no exchange rate for theirs: the report's
    "unconverted" says which), never 0. Then what the group's won_amount leaves out, as the Reps
    leaderboard marks its won value "1.2M*" (exchange.no_rate_by, the pages' rule): won_unconverted, how
    many of its won deals no rate converts (0 for none); won_unconverted_currencies, the currencies they
    lack a rate for (exchange.NO_CURRENCY for deals naming none), sorted; won_amount_partial, true when
    won_amount is a sum that leaves such deals out (false when it is None: it leaves out every one).
    By quarter, a row is each quarter from the first with a closed deal in the range to the last, one with
    none a row of 0 deals and no rates (measures.trends.closed_quarters, as the Overview's trend draws
    them): an open deal has not closed,
    so it is in no quarter and open is None in every row (the report counts the range's open deals once:
    open_total). A quarter is named as a file names it (iso_dates.quarter: "2026-Q3"), with the first and
    last day its figures count (start, end: ISO days), which a quarter cut short, by the data's day `as_of`,
    by `end` when earlier or by `start`, shows: its figures are partial. The printed report names it as every
    screen does (quarter_words: "2026 Q3 to 1 Jul").
    By rep, each row also has left (true for a rep who left) and left_on: the end date the roster gives, in
    ISO form ("2026-09-30", as every date in a file), for a rep who left or is leaving, None otherwise
    (employment.file_marks); the printed report words them as the leaderboard's Left on cell
    (employment.left_on_cells). Their deals count in every figure as anyone's.
    """
    lf = lazy(deals)
    if by == "quarter":
        from winloss.views.common import named_quarters

        # Every quarter from the first with a closed deal to the last, one with none a row of 0 deals and no
        # rates: the range's own ends are often the report's defaults (1900, 2999), no quarters to list. To the
        # data's day at most, as the app counts (periods.known_day): a closed deal dated after it makes no row.
        frame = named_quarters(closed_quarters(lf, start, end, fy_start_month, denominator, MIN_N,
                                               through=periods.known_day(end, as_of), whole_range=False),
                               as_of, fy_start_month, end, start)
        group_col = "quarter"
    elif by == "none":
        frame = outcome_summary(lf, None, start, end, denominator, as_of=as_of).with_columns(
            pl.lit("All").alias("group")
        )
        group_col = "group"
    elif by in _REPORT_COLUMNS:
        group_col = _REPORT_COLUMNS[by]
        frame = outcome_summary(lf, [group_col], start, end, denominator, as_of=as_of)
    else:
        raise ValueError(f'Unknown grouping "{by}"; choose none, profile, rep, team, quarter or region.')
    if by == "rep":  # a rep who left or is leaving, marked as every list of reps marks them
        frame = employment.with_rep_marks(frame.with_columns(pl.col("rep").cast(pl.String)), lf)
    left_out = _won_left_out(lf, by, start, end, fy_start_month, as_of, reporting_currency)
    rows = [
        {
            **({"group": row[iso_dates.QUARTER], "start": row[iso_dates.QUARTER_START].isoformat(),
                "end": row[iso_dates.QUARTER_END].isoformat()} if by == "quarter" else
               {"group": row[group_col] if row[group_col] is not None else no_group(group_col)}),
            "closed": row["closed"],
            "won": row["won"],
            "lost": row["lost"],
            "no_decision": row["no_decision"],
            "open": row["open"],
            "win_rate": row["win_rate"],
            "win_rate_ci": [row["win_rate_lo"], row["win_rate_hi"]],
            "no_decision_share_of_losses": row["no_decision_share_of_losses"],
            "won_amount": _won_amount(row["won_amount"], row["won"], reporting_currency),
            **({employment.LEFT: bool(row[employment.REP_LEFT]),
                employment.LEFT_ON: row[employment.REP_LEFT_ON] and row[employment.REP_LEFT_ON].isoformat()}
               if by == "rep" else {}),
        }
        for row in frame.iter_rows(named=True)
    ]
    for row, key in zip(rows, frame.get_column(group_col).cast(pl.String).to_list(), strict=True):
        left, currencies = left_out.get(key, (0, []))
        row.update(won_unconverted=left, won_unconverted_currencies=currencies,
                   won_amount_partial=partial_sum(row["won_amount"], left))
    return rows


def _won_left_out(lf: pl.LazyFrame, by: ReportBy, start: dt.date | None, end: dt.date | None, fy_start_month: int,
                  as_of: dt.date | None, reporting_currency: str) -> dict[str | None, tuple[int, list[str]]]:
    """Per group of report_rows (its key as text, "All" for by="none", None for no group), the won deals
    closed in the range that no rate to `reporting_currency` converts: (how many, their currencies sorted),
    by exchange.no_rate_by, the rule the Reps leaderboard marks a won value by; groups with none left out.
    By quarter, a quarter keyed by its name as report_rows names it (views.common.named_quarters)."""
    won = closed_between(start, end) & (pl.col("outcome") == WON)
    if by == "quarter":
        from winloss.views.common import named_quarters

        quartered = lf.with_columns(close_quarter_index(lf, fy_start_month).alias("_quarter_index")).with_columns(
            label_from_index_expr("_quarter_index", fy_start_month).alias("quarter"))
        frame = named_quarters(no_rate_by(quartered, won, "quarter", reporting_currency), as_of, fy_start_month, end, start)
        key = "quarter"
    else:
        key = "group" if by == "none" else _REPORT_COLUMNS[by]
        grouped = lf.with_columns(pl.lit("All").alias(key)) if by == "none" else lf
        frame = no_rate_by(grouped, won, key, reporting_currency)
    return {group: (int(n), list(currencies)) for group, n, currencies in frame.select(key, "no_rate_deals", "no_rate_in").iter_rows()}


def open_total(deals: Deals, start: dt.date | None, end: dt.date | None, as_of: dt.date | None = None) -> int:
    """The open deals a report counts for the range (`report` without --by, and once after the rows of
    `report --by quarter`, whose rows hold none): those still open that were created by `end`, by the
    pages' rule (counting.open_by, `as_of` the data's day)."""
    return int(outcome_summary(lazy(deals), None, start, end, as_of=as_of)["open"][0])


def _won_amount(amount: float | None, won: int, currency: str) -> float | None:
    """A group's won value in the reporting `currency`, to its minor unit as every file writes an amount
    (file_values.in_minor_unit: a sum of converted amounts carried floating-point noise); 0.0 with no won
    deal, None when won deals have none in it (their currency has no exchange rate), as the pages say "No
    rate for GBP", never $0."""
    if amount is not None:
        return in_minor_unit(amount, currency)
    return 0.0 if won == 0 else None


LOSS_REASONS_DEFINITION: Final = (
    "Lost and no-decision deals closed in the range, by loss reason as exported; counted as: what the deal counts "
    "as (no decision by your stage mapping, else by the loss reason when the no-decision vocabulary holds it or it "
    "starts with a vocabulary phrase followed by a separator such as ' - ' or ':', else by the stage's own words or "
    "the status; the line under the table counts each); share = of all lost + no-decision deals."
)


def loss_reason_rows(deals: Deals, start: dt.date | None = None, end: dt.date | None = None) -> list[dict[str, Any]]:
    """The rows of `report --by loss_reason`, most deals first: loss_reason (the reason as exported,
    "(no reason given)" for none), counted_as ("lost" or "no_decision"), deals, share (of all lost
    and no-decision deals closed in the range, 0-1).

    A win rate by loss reason would be 0% by construction (a won deal has no loss reason), so the
    command line shows the No decision page's table of reasons instead."""
    from winloss.measures.no_decision import loss_reasons

    frame = loss_reasons(deals, start, end)
    return [
        {"loss_reason": r["loss_reason"], "counted_as": r["outcome"], "deals": r["deals"], "share": r["share"]}
        for r in frame.iter_rows(named=True)
    ]


def report_range(deals: Deals, start: dt.date | None, end: dt.date | None, as_of: dt.date | None = None) -> dict[str, Any]:
    """Which close dates a report counts, as its first line and its JSON say it: `start` and `end` are --from and
    --to as given (None where not), the range the pages state under their title being one the user chose; without
    both the report counts every date on its side, and the first and last close date it counts say how far it runs.

    {"close_date_from": ISO day or None, "close_date_to": ISO day or None, "range_given": bool (either was given),
    "first_close": ISO day or None, "last_close": ISO day or None (the first and last close date of a closed deal
    in the range: None when none closed in it), "sentence": str}. The sentence: "Closed 1 Oct 2025 – 30 Sep 2026"
    for both given (the pages' words; "(data to 20 Sep 2026)" after it when the range runs past the data's day
    `as_of`, as theirs say), "Closed deals of every date: 3 Jan 2024 – 28 Sep 2026" for neither, "Closed on or after
    1 Oct 2025 (counted: 2 Oct 2025 – 28 Sep 2026)" or "Closed on or before …" for one. Fixed words and days only."""
    first, last = lazy(deals).filter(closed_between(start, end)).select(
        pl.col("close_date").min().alias("first"), pl.col("close_date").max().alias("last")).collect().row(0)
    counted = f"{day_range(first, last)}" if first is not None and last is not None else "none closed in it"
    if start is not None and end is not None:
        past = f" (data to {day(as_of)})" if as_of is not None and as_of < end else ""
        sentence = f"Closed {day_range(start, end)}{past}"
    elif start is None and end is None:
        sentence = f"Closed deals of every date: {counted if first is not None else 'none closed yet'}"
    else:
        side = f"on or after {day(start)}" if start is not None else f"on or before {day(end) if end else ''}"
        sentence = f"Closed {side} (counted: {counted})"
    return {"close_date_from": start and start.isoformat(), "close_date_to": end and end.isoformat(),
            "range_given": start is not None or end is not None, "first_close": first and first.isoformat(),
            "last_close": last and last.isoformat(), "sentence": sentence}


def _loss_reason_report(
    args: argparse.Namespace, frame: pl.LazyFrame, start: dt.date, end: dt.date, unrated: Unconverted, uncounted: Uncounted,
    store: Store, counted: dict[str, Any],
) -> int:
    from winloss.measures.no_decision import no_decision_causes, no_decision_causes_query

    rows = loss_reason_rows(frame, start, end)
    # What made the range's no-decision deals so, by the pages' rule: a stage mapping counts a deal with no
    # reason, or a reason outside the vocabulary, as no decision, which the reason alone does not say.
    causes = no_decision_causes(no_decision_causes_query(frame, start, end).collect(), store.no_decision_reasons(),
                                store.stage_outcomes())
    if args.json:
        _print(json.dumps({**_range_keys(counted), "definition": LOSS_REASONS_DEFINITION, "rows": rows,
                           "no_decision_causes": [{"cause": cause, "deals": n} for cause, n in causes],
                           "unconverted": unrated.as_json(), "uncounted": uncounted.as_json()}, default=iso_dates.json_value))
        return 0
    _print(counted["sentence"])
    for sentence in uncounted.command_line_sentences:
        _print(sentence)
    if not rows:  # what to do, by the other reports' rule, counted over the losses alone; no table, so no definition of it
        from winloss.views.common import command_line_losses_sentence

        _print(command_line_losses_sentence(frame, start, end) if store.version()
               else "The store is empty: ingest an export first.")
        return 0
    _print(LOSS_REASONS_DEFINITION)
    losses = sum(r["deals"] for r in rows)
    _print(f"{'loss reason':<32}{'counted as':>13}{'deals':>8}{'share':>13}")
    for r in rows:
        _print(f"{_cell(r['loss_reason'], 31)} {r['counted_as'].replace('_', ' '):>13}{r['deals']:>8}"
               f"{_rate_cell(r['share'], losses):>13}")
    if causes:
        _print(no_decision_causes_sentence(causes, CAUSE_WORDS_COMMAND_LINE))
    if losses < MIN_N:  # the No decision page's rule: counts, no shares (text.reasons_caption)
        _print(small_cell_note("lost and no-decision deals"))
    return 0


def _report(args: argparse.Namespace) -> int:
    from winloss.deals import data_as_of, deals, uncounted_deals
    from winloss.regions import differing_regions, region_rule_json
    from winloss.views.common import closed_around, command_line_range_sentence

    store = Store(args.store)
    args.fy_start = fy_start_of(args, store)
    denominator = Denominator.EXCLUDING_NO_DECISION if args.excluding_no_decision else Denominator.CLOSED
    start = args.start or dt.date(1900, 1, 1)
    end = args.end or dt.date(2999, 12, 31)
    if start > end:
        raise UsageError("python -m winloss report: --from must not be after --to")
    measured = deals(store)
    frame = measured.lazy()
    # won_amount is a value figure: the deals no rate converts are left out of it, as the app's banner says.
    unrated = unconverted_or_switch(measured, store.exchange_rates().reporting_currency)
    # The stored deals no page counts (no outcome under the current mappings) are in no row: said once.
    uncounted = uncounted_deals(store)
    as_of = data_as_of(store)
    # Which close dates it counts, said first: without --from and --to every date, where the pages' default is
    # the last 4 complete quarters, so the two gave other numbers and neither said why.
    counted = report_range(frame, args.start, args.end, as_of)
    if args.by == "loss_reason":
        return _loss_reason_report(args, frame, start, end, unrated, uncounted, store, counted)
    # By quarter, a row is named "2026-Q3" with the days it counts, printed as the app names it ("to date",
    # "to 1 Jul"); and open deals under an end before the data's day are counted by the app's rule (counting.open_by).
    rows = report_rows(frame, args.by, start, end, denominator, args.fy_start, as_of, unrated.reporting_currency)
    by_quarter = args.by == "quarter"
    result: dict[str, Any] = {**_range_keys(counted), "definition": definition_text(denominator, by_quarter=by_quarter),
                              "rows": rows}
    if by_quarter:  # in no row: counted once, after them (summary.BY_QUARTER_DEFINITION)
        result["open"] = open_total(frame, start, end, as_of)
        # The fiscal year the rows' quarters are counted in ("FY2026-Q3" is another quarter with another start
        # month), as the text report says it under its definition: None for a January start's calendar quarters.
        result["fy_start_month"] = args.fy_start
        result["fiscal_year_start"] = calendar.month_name[args.fy_start]
        result["fiscal_year"] = fiscal_year_words(as_of, args.fy_start)
    result["unconverted"] = unrated.as_json()
    result["uncounted"] = uncounted.as_json()
    # Which region a deal is in, when deals' own Region and their rep's roster region disagree: said, as on every page.
    result["regions"] = region_rule_json(differing_regions(measured, store.roster().collect()))
    if args.json:
        _print(json.dumps(result, default=iso_dates.json_value))
        return 0
    _print(counted["sentence"])
    _print(result["definition"])
    if by_quarter and result["fiscal_year"]:  # what "FY2027 Q1" is, said once
        _print(result["fiscal_year"])
    if result["regions"]["sentence"]:
        _print(result["regions"]["sentence"])
    if unrated.command_line_sentence:
        _print(unrated.command_line_sentence)
    for sentence in uncounted.command_line_sentences:
        _print(sentence)
    if not rows or all(r["closed"] == 0 for r in rows):  # what to do, by the pages' rule in the command's words
        _print(command_line_range_sentence(closed_around(frame, start, end, "custom")) if store.version()
               else "The store is empty: ingest an export first.")
    if args.end is not None and end < as_of and not by_quarter:  # "open" is not the deals open on that end: say which
        _print(f"open: deals {open_now_words(end, as_of)}.")
    open_header = "" if by_quarter else f"{'open':>7}"
    # By rep, a rep who left or is leaving is marked in a last column, as the leaderboard's Left on column.
    marked = any(r.get(employment.LEFT) or r.get(employment.LEFT_ON) for r in rows)
    left_cells = employment.left_on_cells(
        [bool(r.get(employment.LEFT)) for r in rows],
        [dt.date.fromisoformat(r[employment.LEFT_ON]) if r.get(employment.LEFT_ON) else None for r in rows])
    left_header = f"  {employment.LEFT_ON_HEADER}" if marked else ""
    # The group's column as wide as its widest name (up to GROUP_WIDTH): the report without --by, "All",
    # fits in 100 columns with the won value's.
    groups = [quarter_words(r["group"], start, end, args.fy_start, as_of) if by_quarter else r["group"]
              for r in rows]
    width = min(GROUP_WIDTH, max([len("group"), *(display_width(terminal_text(g)) for g in groups)]))
    currency = unrated.reporting_currency
    _print(f"{'group':<{width + 1}}{'closed':>8}{'won':>7}{'lost':>7}{'no dec.':>8}{open_header}{'win rate':>12}"
           f"{'95% interval':>14}{ND_SHARE_OF_LOSSES:>21}{'won ' + currency:>10}{left_header}")
    small = False
    values = partial_sum_cells([r["won_amount"] for r in rows], [r["won_amount_partial"] for r in rows],
                               [r["won_amount"] is None for r in rows])
    for r, group, left_words, value in zip(rows, groups, left_cells, values, strict=True):
        n = r["won"] + r["lost"] + (0 if args.excluding_no_decision else r["no_decision"])
        losses = r["lost"] + r["no_decision"]
        rate, nd = _rate_cell(r["win_rate"], n), _rate_cell(r["no_decision_share_of_losses"], losses)
        # The interval of a rate on too few deals is no more readable than the rate (the leaderboard's rule).
        within = rate if rate in (N_TOO_SMALL, DASH) else interval(*r["win_rate_ci"])
        small = small or N_TOO_SMALL in (rate, nd)
        open_cell = "" if by_quarter else f"{r['open']:>7}"
        left_cell = f"  {left_words or ''}".rstrip() if marked else ""
        _print(f"{_cell(group, width)} {r['closed']:>8}{r['won']:>7}{r['lost']:>7}{r['no_decision']:>8}{open_cell}"
               f"{rate:>12}{within:>14}{nd:>21}{value:>10}{left_cell}")
    if small:
        _print(small_cell_note("deals in the rate"))
    for note in won_value_notes(rows, groups, currency):
        _print(note)
    if by_quarter:
        _print(f"open, in no quarter: {plural(result['open'], 'deal')} {open_now_words(end, as_of)}.")
    return 0


def _range_keys(counted: dict[str, Any]) -> dict[str, Any]:
    """report_range's keys for the JSON report, its sentence as "close_dates" (the text report's first line)."""
    return {**{k: v for k, v in counted.items() if k != "sentence"}, "close_dates": counted["sentence"]}


def won_value_notes(rows: list[dict[str, Any]], groups: list[str], reporting_currency: str) -> list[str]:
    """The notes under the printed report's won values (report_rows' rows, their `groups` as the table names
    them), by the Reps leaderboard's rule (exchange.won_value_notes): what a won value marked NO_RATE_MARK
    leaves out, only when a row is so marked; which groups' won value reads "—" (won deals, none of which
    converts) and why; then the command that adds the rates. None when every won value is whole."""
    partial = [r for r in rows if r["won_amount_partial"] and r["won_amount"] is not None]
    unvalued = [r for r in rows if r["won_amount"] is None]
    unvalued_groups = [str(g) for r, g in zip(rows, groups, strict=True) if r["won_amount"] is None]
    shown = quoted_names(unvalued_groups, NAMED_UNVALUED_MOST, rest=lambda n: plural(n, "other group"))
    its = "its" if len(unvalued) == 1 else "their"
    return exchange_won_value_notes(
        {c for r in partial for c in r["won_unconverted_currencies"]},
        {c for r in unvalued for c in r["won_unconverted_currencies"]},
        f'"{DASH}" for {shown}: none of {its} won deals has a value in {reporting_currency}',
        reporting_currency, "the group's", LOCAL_ROLE, command_line=True)


def quarter_words(quarter: str, start: dt.date | None, end: dt.date | None, fy_start_month: int = 1,
                  as_of: dt.date | None = None) -> str:
    """A report row's quarter ("2026-Q3", iso_dates.quarter) as every screen names it, by the days a range
    from `start` to `end` counts of it (periods.quarter_name: "2026 Q3 to 1 Jul", "2026 Q4 to date")."""
    label = periods.format_quarter(periods.parse_quarter(quarter), fy_start_month)
    return periods.quarter_name(label, as_of, fy_start_month, end, start)


def _history(args: argparse.Namespace) -> int:
    store = Store(args.store)
    history = store.history()
    if args.json:
        _print(json.dumps({"store_version": store.version(), "versions": history.to_dicts()}, default=iso_dates.json_value))
        return 0
    if history.height == 0:
        _print("The store is empty (version 0).")
        return 0
    for row in history.iter_rows(named=True):
        flag = "" if row["in_effect"] else "  [undone by a rollback]"
        _print(f"v{row['store_version']:<4} {moment(row['at']):<21} {row['user'] or '':<10} {history_text(row)}{flag}")
    return 0


def history_text(row: dict) -> str:
    """What one manifest row did, in words (version_words.version_line): the version's name as the Data
    page names it, an upload by its file and source as its "Detected:" line says it ("Generic export",
    "Rep roster"), in a row of any age; its rows and what it stored, as the History tab's Rows and Stored
    cells say them; an upload's note ("with 2 stage mappings")."""
    return version_line(row)


def _rollback(args: argparse.Namespace) -> int:
    """`python -m winloss rollback VERSION`: what went back and what it undid; a version that would change
    nothing (its state is the store's now: Store.rollback_targets) or none the store has is refused in one
    sentence, nothing written, exit 1. With --json, one object: `rejected` holds that sentence, else null."""
    store = Store(args.store)
    try:
        change = store.rollback(args.version)
    except StoreError as exc:
        if not args.json:
            raise  # said by _run, as every store refusal is
        _warn(first_line(exc))
        _print(json.dumps({"store_version": store.version(), "rolled_back_to": None, "undone": [], "sentence": None,
                           "rejected": first_line(exc)}))
        return 1
    said = (f"The store is as it was at version {args.version} again, as version {change.store_version}: "
            f"{rollback_restores()} are as they were then.")
    # read under the lock: an upload stored after the command was typed is named here
    undone = undone_sentence(store.history(), change.undone) if change.undone else None
    if args.json:
        _print(json.dumps({"store_version": change.store_version, "rolled_back_to": args.version,
                           "undone": list(change.undone), "sentence": " ".join(filter(None, (said, undone))),
                           "rejected": None}))
        return 0
    _print(said)
    if undone:
        _print(undone)
    return 0


def _sample(args: argparse.Namespace) -> int:
    from sample_data.generator import write_sample

    if args.opportunities < 1:
        raise UsageError("python -m winloss sample: --opportunities must be at least 1")
    try:
        written = write_sample(Path(args.out), n=args.opportunities, seed=args.seed)
    except OSError as exc:  # a folder that cannot be made or written: the folder's, not the store's
        _warn(f"Could not write {args.out}: {exc.strerror or exc}.")
        return 1
    for path in written:
        _print(path)
    return 0


def _export(args: argparse.Namespace) -> int:
    """`python -m winloss export`: write the file, print its path; one sentence and 1 on failure."""
    from winloss.views.review import review_from_store

    store = Store(args.store)
    try:
        review = review_from_store(
            store,
            args.quarter,
            anonymize=args.anonymize,
            hide_amounts=args.hide_amounts,
            fy_start_month=fy_start_of(args, store),
            as_of=args.as_of,
            # Whoever runs the command line may set the rates (`rates`), so the files say where, as for
            # sales ops and admins on the page.
            role=LOCAL_ROLE,
        )
    except ValueError as exc:
        _warn(str(exc).splitlines()[0])
        return 1
    out = output_path(args.out, review, args.format)
    if args.format == "pptx":
        from winloss.export.deck import deck_bytes  # python-pptx loads only for this command

        content = deck_bytes(review)
    else:
        from winloss.export.html import report_html

        content = report_html(review).encode("utf-8")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    except OSError as exc:
        _warn(f"Could not write {out}: {exc.strerror or exc}.")
        return 1
    _print(out)
    return 0


def output_path(out: str, review: Review, fmt: str) -> Path:
    """--out as given, or the review's file name inside it when it names a folder ("out/" or an existing one)."""
    from winloss.export.words import file_name

    path = Path(out)
    if out.endswith(("/", "\\")) or path.is_dir():
        return path / file_name(review, fmt)
    return path


COMMANDS = {
    "ingest": _ingest,
    "rates": _rates,
    "settings": _settings,
    "report": _report,
    "history": _history,
    "rollback": _rollback,
    "sample": _sample,
    "export": _export,
}
