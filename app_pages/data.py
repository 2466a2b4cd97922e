"""Data: upload, map, preview, validate and commit exports; history and rollback; roster and reasons."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Hashable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar, cast

import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from data_models.vocabulary import OUTCOME_LABELS, OUTCOMES, PROFILES_WITH_UNPROFILED, NoDecisionVocabulary, as_vocabulary
from ui import signin
from ui.context import View, from_url
from ui.widgets import data_editor, data_grid, download, wrapped_row_height
from winloss import employment
from winloss.anonymise import HISTORY_ANONYMISED_CAPTION, history_anonymised
from winloss.views import data_page
from winloss.access import (
    ROLE_LABELS,
    ROLES,
    Access,
    Role,
    RolesError,
    load_roles,
    may,
    roles_change_problem,
    roles_from_rows,
    roles_path,
    roles_rows,
    save_roles,
)
from winloss.exchange import DEFAULT_REPORTING_CURRENCY, exchange_rates, rates_rows
from winloss.ingest.date_order import StoredOrder
from winloss.ingest.changed_deals import changed_deals_file_name, changed_deals_label
from winloss.ingest.file_currency import KeptCurrency
from winloss.ingest.id_prefix import ReportPrefix
from winloss.ingest.hints import READ_REASONS_LABEL, REPORTING_CURRENCY_LABEL, SAVE_FILE_LABEL, SAVE_REASONS_LABEL
from winloss.ingest.store_effects import UnlistedDeals
from winloss.ingest.mapping import FIELD_LABELS, SOURCE_LABELS, SOURCES, Remembered
from winloss.ingest.mapping_effects import MAPPINGS_STORED_ALREADY, store_stage_mappings
from winloss.ingest.outcomes import STORED_CLOSING, STORED_STATUS, merged_stage_outcomes
from winloss.ingest.pipeline import PreparedFile, already_loaded, commit, prepare, prepare_upload, sha256_of
from winloss.ingest.templates import opportunity_template_csv, roster_template_csv
from winloss.ingest.validation import grouped_errors
from winloss.io.readers import workbook_sheets
from winloss.profile_sources import PROFILE_FROM, PROFILE_FROM_HEADER, PROFILE_FROM_HELP, roster_conflicts, with_profile_from
from winloss.views.reasons import (
    proposed_exceptions, proposed_vocabulary, read_reasons, reason_coverage, vocabulary_effect, vocabulary_notes,
)
from winloss.views.roster import (
    lookalike_sentence, roster_changes, roster_for_editing, roster_lookalikes, second_rows, second_rows_label, team_changes,
)
from winloss.managers import LISTED_LAST, MANAGER_RULE
from winloss.store.delta import Store
from winloss.version_words import undone_sentence
from winloss.text import DASH, ND_SHARE_OF_LOSSES, change_in_points, file_name_part, md, percent, plural
from winloss.views.data_page import Settings

LIMIT_MB = int(st.get_option("server.maxUploadSize"))
UPLOAD_HELP = (
    f"CSV or Excel (.xlsx) exports from Salesforce, HubSpot, Pipedrive or Dynamics 365, a rep roster, or a filled-in "
    f"profile questionnaire: "
    # Whom to ask, not a command: the page's reader does not run the server (data_page.upload_too_large).
    f"up to {LIMIT_MB} MB per file; for a larger export, ask whoever runs the app to load it on its server."
)
PREVIEW_ROWS = 20
# px of the stage editor's columns, adding up to the 894 px it has inside its box at 1280 px with the sidebar
# open (ui.drill.LIST_WIDTH less its borders and 2 px): "Count as" is in view with the rest. A long stage
# value or "Counted as now" wraps onto more lines (data_page.stage_editor_lines) rather than pushing it out.
STAGE_EDITOR_WIDTHS = {"stage": 170, "rows": 96, "quarantined": 100, "given": 408, "count_as": 120}
# How stored values read in the preview: the field labels of the mapping, dates as dates (amounts: preview_ui).
PREVIEW_COLUMNS = {
    **FIELD_LABELS,
    "line": st.column_config.NumberColumn("Line", format="%d"),
    "outcome": "Outcome",
    employment.LEFT: st.column_config.CheckboxColumn("Left", help=employment.LEFT_ON_HELP),
    # Its cells say "leaving on 15 Jan 2027" for a day still to come (employment.roster_left_on_words).
    employment.LEFT_ON: st.column_config.TextColumn(employment.LEFT_ON_HEADER, help=employment.LEFT_ON_HELP),
    "created_date": st.column_config.DateColumn(FIELD_LABELS["created_date"], format="YYYY-MM-DD"),
    "close_date": st.column_config.DateColumn(FIELD_LABELS["close_date"], format="YYYY-MM-DD"),
}


T = TypeVar("T")


# ---- plumbing ---------------------------------------------------------------------------------
@contextlib.contextmanager
def sentence_on_error(doing: str) -> Iterator[None]:
    """Any failure inside becomes one sentence on the page, never a traceback."""
    try:
        yield
    except Exception as exc:  # st.rerun/st.stop are BaseExceptions and pass through
        st.error(md(data_page.error_sentence(exc, doing)), icon=":material/error:")


def as_polars(frame) -> pl.DataFrame:
    return frame if isinstance(frame, pl.DataFrame) else pl.from_pandas(frame)


def notice(text: str) -> None:
    """Keep a message for the next rerun (the page reruns after every write)."""
    st.session_state["_ws_notice"] = text


def prepared_file(
    name: str, content: bytes, sha: str, settings: Settings, reasons: Sequence[str], stages: dict[str, str], table=None,
    currency: str = DEFAULT_REPORTING_CURRENCY, remembered: dict[str, Remembered] | None = None,
    orders: tuple[StoredOrder, ...] = (),
) -> PreparedFile:
    """`prepare` once per file and settings in a session, with a progress bar while it runs.

    Per file the session keeps the auto-detected result, the one for the latest settings and that
    one before its stage edits (the stage editor's rows), so going back is instant and a large file
    is never held many times. `stages` is the store's stage mappings. `table` is the file's table
    when it was read whole (PreparedFile.whole_table): prepared again from it without reading the
    file again; else the upload is prepared from a temporary copy on disk (prepare_upload), an
    opportunity CSV in batches, so preparing it takes no more memory however large it is.
    `remembered`: the store's remembered column mappings (data_page.remembered_layouts); `orders`: the date orders
    it recorded for earlier exports (data_page.recorded_date_orders), one of which may decide this file's.
    """
    cache: dict = st.session_state.setdefault("_ws_prepared", {})
    layouts = tuple(sorted((remembered or {}).items()))
    # The vocabulary whole (its phrases and the reasons it keeps lost: NoDecisionVocabulary compares both).
    key = (sha, name, settings, as_vocabulary(reasons), tuple(sorted(stages.items())), currency, layouts, orders)
    if key not in cache:
        keep = {settings, dataclasses.replace(settings, stage_changes=())}
        for old in [k for k in cache if k[0] == sha and k[2] != Settings(sheet=k[2].sheet) and k[2] not in keep]:
            cache.pop(old).discard()  # its staged rows and copy of the upload, on disk
        bar = st.progress(0.0, text=f"{md(name)}: Reading")
        options = dict(
            no_decision_reasons=reasons, reporting_currency=currency,
            progress=lambda fraction, step: bar.progress(fraction, text=f"{md(name)}: {step}"),
            stage_outcomes=merged_stage_outcomes(stages, dict(settings.stage_changes)), remembered=remembered,
            earlier_orders=orders,
            **settings.prepare_kwargs(),
        )
        try:
            cache[key] = prepare(content, name, table=table, **options) if table is not None else prepare_upload(content, name, **options)
        finally:
            bar.empty()
    return cache[key]


# ---- upload: one file ---------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Reviewed:
    """A file on the uploader not yet committed: as prepared with its chosen settings, and the place
    of its rep-name warnings (filled once every file is prepared)."""

    prepared: PreparedFile
    rep_notes: st.delta_generator.DeltaGenerator
    already: dict | None = None  # the manifest row of an earlier upload of its bytes nothing replaced (pipeline.already_loaded)


def once_per_store_version(prepared: PreparedFile | None, store: Store, what: str, read: Callable[[], T],
                           inputs: Hashable = None) -> T:
    """`read()` once per store version, and again when `inputs` (what else it reads: an editor's rows, a sidebar
    choice) differ: per prepared file in a session, or for the store alone, when `prepared` is None, in the process
    (Store.per_version), every session and run of the version sharing it.

    The page runs again on every widget (a tick in the mapping, a tab, a box), and each run read the store again for
    what only a new version changes: what a million-deal re-export changes in a million stored deals (2–3 s each
    time), the counts, the roster editor's rows, the reasons and rates tabs, the History; and each visitor opening
    the page read them again, though no version came between (the tabs were 90% of the page's run). The version is
    read on every run, so a version this page stores (a commit, a rollback, a save) or another session stores is seen
    at the next run, and so is another day (the roster's "leaving on" words are as of today). A file's `what` keeps
    its last read only; its entry holds its file, so no other file can take its id, and goes once the session no
    longer keeps the file (prepared_file's cache). What is read for the store alone must not be changed in place."""
    if prepared is None:
        return store.per_version(("data page", what, dt.date.today(), inputs), read)
    memo: dict[tuple[int, str], tuple[PreparedFile, tuple, object]] = st.session_state.setdefault("_ws_once_per_version", {})
    kept = {id(file) for file in st.session_state.get("_ws_prepared", {}).values()}
    for gone in [k for k in memo if k[0] not in kept]:
        del memo[gone]
    stamp = (store.uri, store.version(), dt.date.today(), inputs)
    key = (id(prepared), what)
    entry = memo.get(key)
    if entry is None or entry[0] is not prepared or entry[1] != stamp:
        entry = memo[key] = (prepared, stamp, read())
    return cast(T, entry[2])


def sheet_ui(content: bytes, name: str, key: str) -> str | None:
    """The sheet to read, for a workbook with more than one (Dynamics adds a cover or metadata sheet)."""
    sheets = workbook_sheets(content, name)
    if len(sheets) < 2:
        return None
    return st.selectbox(
        "Sheet", [None, *sheets], key=f"sheet_{key}",
        format_func=lambda s: "The first sheet with data" if s is None else s,
        help="Which sheet of the workbook holds the export.",
    )


def money_ui(auto: PreparedFile, key: str, currency: str, kept: KeptCurrency | None = None,
             ) -> tuple[str | None, str | None, DeltaGenerator | None]:
    """How the amounts are read, side by side: the decimal mark, offered when the file does not settle it
    by its amounts, and the currency of the amounts that name none, offered when some do (either also
    when chosen before). Returns both choices and, under them, where the currency's sentence goes
    (None when that choice is not offered): it is worded from the file as prepared with the choices.
    `kept`: the currency chosen when the same file, or its report's last export, was loaded before
    (data_page.kept_currency): the choice starts there."""
    offers_mark = data_page.offers_decimal_mark(auto) or st.session_state.get(f"decimal_{key}") is not None
    offers_currency = (data_page.offers_file_currency(auto) or kept is not None
                       or st.session_state.get(f"currency_{key}") is not None)
    if not (offers_mark or offers_currency):
        return None, None, None
    left, right = st.columns(2)
    mark = left.selectbox(
        "Decimal mark of the amounts", list(data_page.DECIMAL_MARKS), format_func=data_page.DECIMAL_MARKS.get,
        key=f"decimal_{key}", help="Amounts such as 45.000 read as two different numbers: say how your CRM writes decimals.",
    ) if offers_mark else None
    if not offers_currency:
        return mark, None, None
    options, start = data_page.file_currency_choice(auto, currency, kept)
    chosen = (right if offers_mark else left).selectbox(
        data_page.FILE_CURRENCY_LABEL, options, index=start,
        format_func=lambda code: data_page.file_currency_label(code, auto, currency), key=f"currency_{key}",
        help="The currency of this file's amounts that write none, when no currency column gives it: an amount that "
             "names its own currency keeps it.",
    )
    return mark, chosen, st.container()


def currency_names_ui(auto: PreparedFile, key: str) -> tuple[tuple[str, str], ...]:
    """The user's meanings of the currency names the file writes and the app does not know, offered when a row was
    quarantined for one (or a meaning was given before); a sentence under it when what is typed cannot be read."""
    if not (data_page.offers_currency_names(auto) or st.session_state.get(f"names_{key}")):
        return ()
    left, _ = st.columns(2)
    typed = left.text_input(data_page.CURRENCY_NAMES_LABEL, key=f"names_{key}", placeholder="Peso chileno=CLP",
                            help=data_page.CURRENCY_NAMES_HELP)
    names, problem = data_page.currency_names_choice(typed)
    if problem is not None:
        left.error(md(problem), icon=":material/error:")
    return names


def prefix_ui(kind: str, kept: ReportPrefix | None, key: str) -> str | None:
    """The prefix for an export's ids, filled with the one its report's last export was stored with (`kept`);
    None for none, or for a file that is not an export."""
    if kind != "opportunities":
        return None
    left, _, _ = st.columns(3)  # as wide as the settings' boxes above it
    given = left.text_input(data_page.ID_PREFIX_LABEL, value=kept.prefix if kept else "", key=f"prefix_{key}",
                          help=data_page.ID_PREFIX_HELP)
    return given.strip() or None


def settings_ui(auto: PreparedFile, key: str) -> tuple[str, str, bool | None]:
    """What the file holds, its source preset and date order; defaults are what was detected."""
    kinds = list(data_page.KINDS)
    left, middle, right = st.columns(3)
    kind = left.selectbox("The file holds", kinds, index=kinds.index(auto.kind), format_func=data_page.KINDS.get, key=f"kind_{key}")
    source = "roster"
    if kind == "opportunities":
        default = SOURCES.index(data_page.detected_source(auto))  # as the "Detected:" line names it
        source = middle.selectbox(
            "Exported from", SOURCES, index=default, format_func=SOURCE_LABELS.get, key=f"source_{key}",
            help="The preset decides which column names are recognised; change it if the guess is wrong.",
        )
    day_first = None
    if data_page.offers_date_order(auto, kind, st.session_state.get(f"dates_{key}") is not None):
        day_first = right.selectbox(
            "Date order", list(data_page.DATE_ORDERS), format_func=data_page.DATE_ORDERS.get, key=f"dates_{key}",
            help="Some dates read either way (03/04/2025): say which order your CRM writes.",
        )
    return kind, source, day_first


def mapping_ui(detected, columns: list[str], key: str) -> dict[str, str | None]:
    """The mapping editor, pre-filled from auto-detection; returns field -> chosen column."""
    edited = data_editor(
        data_page.mapping_rows(detected),
        key=key, hide_index=True, num_rows="fixed", height="content", placeholder="— not mapped —",
        column_order=("label", "required", "column"),
        disabled=("field", "label", "required"),
        column_config={
            "label": st.column_config.TextColumn("Field"),
            "required": st.column_config.CheckboxColumn("Required", width="small", help="A file cannot be stored without these."),
            "column": st.column_config.SelectboxColumn(
                "Column in your file", options=columns, help="Leave empty for a field your file does not have."
            ),
        },
    )
    return data_page.chosen_columns(as_polars(edited))


def stage_choices(base: PreparedFile, stored: dict[str, str], key: str) -> tuple[tuple[str, str], ...]:
    """The stage editor's choices over the store's mappings (data_page.stage_changes), read from its state
    before it is drawn: the file is prepared with them first, so the editor shows what each value counts as now."""
    rows = data_page.stage_rows(base.stages, stored)
    return data_page.stage_changes(data_page.chosen_stage_rows(rows, st.session_state.get(key)), stored)


def stages_ui(base: PreparedFile, prepared: PreparedFile, stored: dict[str, str], key: str,
              changes: tuple[tuple[str, str], ...], alone: bool = False) -> None:
    """The stage editor: each stage value, status value or loss reason to map, what it counts as now, and a choice.

    Its rows come from the file prepared without this session's stage edits, so they stay put while
    the user edits; what each is counted as, with its rows stored and quarantined, from the file
    `prepared` with the edits (`changes`, see stage_choices), and under it what the choices do.
    `alone`: the file is stored already as it is, so Commit stores the choices by themselves (the caption says so).
    """
    rows = data_page.stage_rows(base.stages, stored)
    if rows.height == 0:
        return
    unplaced = rows.filter(pl.col("unplaced") > 0).height
    # Kept open while the user maps: each choice reruns the page, and an expander whose state Streamlit does not
    # track closed again, hiding the note under the editor on what the choice does. Its state is kept by its key.
    opened = f"{key}_open"
    if data_page.stage_edits(st.session_state.get(key)):
        st.session_state[opened] = True
    with st.expander(data_page.stage_editor_title(rows), expanded=bool(unplaced), key=opened,
                     on_change="rerun"):
        notice = st.empty()  # filled once the editor says which values are chosen now
        st.caption(md(data_page.stage_choice_caption(alone)))
        shown = data_page.stage_rows_now(rows, prepared.stages, stored) if changes else rows
        lines = data_page.stage_editor_lines(shown, STAGE_EDITOR_WIDTHS)
        width = STAGE_EDITOR_WIDTHS
        edited = st.data_editor(
            shown, key=key, hide_index=True, num_rows="fixed", height="content", placeholder=DASH,
            row_height=wrapped_row_height(lines) if lines > 1 else None,
            column_order=("stage", "rows", "quarantined", "given", "count_as"),
            disabled=("stage", "rows", "quarantined", "given", "matched", "kind"),
            column_config={
                "stage": st.column_config.TextColumn(data_page.stage_editor_value_header(rows), width=width["stage"]),
                "rows": st.column_config.NumberColumn("Rows stored", format="%d", width=width["rows"],
                                                      help="This value's rows that go to the store."),
                "quarantined": st.column_config.NumberColumn(
                    "Quarantined", format="%d", width=width["quarantined"],
                    help="This value's rows kept out of the store: see the quarantine report."),
                "given": st.column_config.TextColumn("Counted as now (rule)", width=width["given"]),
                "count_as": st.column_config.SelectboxColumn(
                    "Count as", options=list(OUTCOMES), format_func=OUTCOME_LABELS.get, width=width["count_as"],
                    help="What the deals with this value count as, whatever the stage rules say, unless a deal's own "
                         "status or closed/won columns say its outcome. A loss reason can count only as lost or no decision.",
                ),
            },
        )
        if still := data_page.unmatched_stages_sentence(as_polars(edited)):
            notice.warning(md(still), icon=":material/help:")
        # Streamlit offers one list of choices for the whole column: a choice a row cannot take is said, and not used.
        if refused := data_page.refused_stage_choices_sentence(as_polars(edited)):
            st.warning(md(refused), icon=":material/block:")
        if choices_do := data_page.chosen_stages_sentence(prepared.stages, changes):
            st.info(md(choices_do), icon=":material/rule:")


def loss_reasons_ui(prepared: PreparedFile) -> None:
    """Each loss reason in the file and what it counts as: a reason the vocabulary does not know
    counts as lost, and the user sees it here before committing rather than in a chart later."""
    rows = data_page.reason_outcomes(prepared)
    if rows.height == 0:
        return
    no_decision = rows.filter(pl.col("counts_as") == OUTCOME_LABELS["no_decision"]).height
    title = (f"Loss reasons: {plural(no_decision, 'reason')} counted as no decision, "
             f"{plural(rows.height - no_decision, 'reason')} as lost")
    with st.expander(md(title)):
        st.caption(
            "A reason counts as no decision if it is in the no-decision vocabulary (the No-decision reasons tab) "
            "or starts with one of its phrases followed by a separator such as ' - ', ':' or ' (' (the notes above "
            "name each such reason); any other reason on a lost deal counts as lost. Add a reason there to change it."
        )
        data_grid(rows, hide_index=True, column_config={
            "loss_reason": st.column_config.TextColumn("Loss reason"),
            "counts_as": st.column_config.TextColumn("Counts as"),
            "deals": st.column_config.NumberColumn("Deals", format="%d"),
        })


def report_ui(prepared: PreparedFile, key: str) -> None:
    """Accepted against quarantined, failures grouped by check, and the first failures by line."""
    st.markdown("**Validation report**")
    read, accepted, quarantined = st.columns(3)
    read.metric("Rows read", f"{prepared.rows_read:,}")
    accepted.metric("Accepted", f"{prepared.rows_accepted:,}", help=data_page.accepted_help(prepared))
    quarantined.metric("Quarantined", f"{prepared.rows_quarantined:,}")
    for label, rule in data_page.money_rules(prepared):
        st.caption(f"**{label}:** {md(rule)}")
    if prepared.errors.height == 0:
        st.caption(data_page.checks_summary(prepared))
        return
    st.markdown("**Failures by check**")
    data_grid(
        grouped_errors(prepared.errors), hide_index=True,
        column_config={"check": "Check", "column": "Column", "rows": "Rows", "examples": "Example values"},
    )
    st.markdown("**First failures** (line numbers in your file)")
    failures = data_page.first_failures(prepared)
    # As tall as its rows, up to 720 px: a grid of the default height ended on a row's edge and hid the
    # rest with no sign that more followed.
    data_grid(
        failures, hide_index=True, lines=data_page.failure_lines(failures), rows_in_view=failures.height, max_height=720,
        column_config={
            "line": st.column_config.NumberColumn("Line", format="%d", width=60),
            "column": st.column_config.TextColumn("Column", width=120),
            "value": st.column_config.TextColumn("Value", width=180),
            "message": st.column_config.TextColumn("What is wrong", width=data_page.MESSAGE_WIDTH),
        },
    )
    quarantine_download(data_page.quarantine_csv(prepared), prepared.rows_quarantined, prepared.file_name, f"qdl_{key}",
                        prepared.rows_accepted_in_part, prepared.stored_without)


def quarantine_download(csv: bytes, rows: int, file_name: str, key: str, in_part: int = 0,
                        without: str = data_page.LEFT_OUT_NONE) -> None:
    """The quarantine file's download: `rows` rows kept out and `in_part` rows accepted without `without`."""
    label = data_page.quarantine_download_label(rows, in_part, without)
    if label:
        download(
            st, label, csv, file_name=f"{file_name_part(Path(file_name).stem)}.quarantine.csv", mime="text/csv", key=key,
            icon=":material/download:",
        )


def committed_ui(done: dict, key: str) -> None:
    """What the commit did: the version, the stored deals it moved, inserted / updated / unchanged, and the quarantined rows."""
    said = " ".join(part for part in (done["message"], done.get("stages")) if part)  # the stage mappings saved, when any
    st.success(md(said), icon=":material/check_circle:")
    if done.get("moved"):  # "It closed 2 open deals: ...", as the command line says it after storing
        st.info(md(done["moved"]), icon=":material/swap_horiz:")
    for note in done.get("notes", ()):
        st.caption(f":material/badge: {md(note)}")
    if done.get("mapping"):
        st.caption(f":material/bookmark: {md(done['mapping'])}")
    if done["change"] is not None:
        what = {"roster": "reps", "assessment": "answers"}.get(done["kind"], "deals")
        new, updated, unchanged, quarantined = st.columns(4)
        # The file's own counts where the message counts them apart (Committed.file_counts), as it says them.
        by_file = done.get("counts")
        change = done["change"]
        inserted, updated_n, unchanged_n = by_file or (change.inserted, change.updated, change.unchanged)
        new.metric(f"New {what}", f"{inserted:,}")
        updated.metric(f"Updated {what}", f"{updated_n:,}")
        unchanged.metric(f"Unchanged {what}{' by the file' if by_file else ''}", f"{unchanged_n:,}")
        quarantined.metric("Quarantined rows", f"{done['rows_quarantined']:,}")
    quarantine_download(done["quarantine_csv"], done["rows_quarantined"], done["file_name"], f"qdone_{key}",
                        done.get("rows_accepted_in_part", 0), done.get("stored_without", data_page.LEFT_OUT_NONE))


def file_ui(
    name: str, content: bytes, sha: str, store: Store, reasons: list[str], user: str, currency: str,
    remembered: dict[str, Remembered], role: Role | None, orders: tuple[StoredOrder, ...] = (),
    fy_start_month: int = 1, hide_amounts: bool = False,
) -> Reviewed | None:
    """One uploaded file: what was detected, the settings and mapping, preview, report, commit.
    `remembered`: the store's remembered column mappings, one of which may map this file's layout, and `orders`
    the date orders it recorded for earlier exports (data_page.recorded_date_orders), one of which may decide its dates';
    `role`: the visitor's, whom a note on amounts no rate converts tells where to add one, or whom to ask.
    `fy_start_month` and `hide_amounts`: the sidebar's, for what the file changes in the stored deals (the quarters
    its moved close dates are said in, and their values or counts only) and the CSV of the deals it changes.
    The file as prepared and the place of its rep-name warnings, which `upload_ui` fills once every
    file is prepared (a roster's reps are matched against the exports waiting with it); None for a
    file committed or not read."""
    key = sha[:16]
    st.subheader(md(name), divider="gray")
    too_large = data_page.upload_too_large(len(content), LIMIT_MB)
    if too_large:
        st.error(md(too_large), icon=":material/error:")
        return None
    summary = st.empty()  # filled once the file is prepared with the chosen settings
    sheet = sheet_ui(content, name, key)
    # A workbook's other sheet is another table: committing one leaves the others to choose.
    done = st.session_state.setdefault("_ws_committed", {}).get((sha, sheet))
    if done is not None:
        committed_ui(done, key)
        return None
    stored_stages = once_per_store_version(None, store, "stage mappings", store.stage_outcomes)
    auto = prepared_file(name, content, sha, Settings(sheet=sheet), reasons, stored_stages, currency=currency, remembered=remembered,
                         orders=orders)
    if auto.table is None or auto.mapping is None:
        st.error(md(f"{data_page.rejection(auto)} Nothing was written."), icon=":material/error:")
        return None
    # The upload of its bytes in effect that nothing replaced since (pipeline.loaded_before's rule): "already loaded".
    already = once_per_store_version(auto, store, "already ingested", lambda: already_loaded(store, auto))

    # Another sheet is another table: its choices start from what was detected in it.
    kind, source, day_first = settings_ui(auto, f"{key}_{sheet}" if sheet else key)
    # The currency chosen for its amounts that name none when the same file, or its report's last export, was loaded
    # before: the choice starts there.
    kept_currency = once_per_store_version(auto, store, "kept currency", lambda: data_page.kept_currency(auto, store))
    decimal_mark, file_currency, currency_note = money_ui(auto, f"{key}_{sheet}" if sheet else key, currency, kept_currency)
    currency_names = currency_names_ui(auto, f"{key}_{sheet}" if sheet else key)
    kept = once_per_store_version(auto, store, "kept prefix", lambda: data_page.kept_prefix(auto, store))
    id_prefix = prefix_ui(kind, kept, f"{key}_{sheet}" if sheet else key)
    notes = st.container()  # the date-order notes belong beside the date-order choice
    preset = data_page.source_setting(auto, kind, source)
    detected = data_page.detected_mapping(auto.table, kind, preset, remembered, stored_stages)
    with st.expander("Column mapping: which column feeds which field", expanded=True):
        chosen = mapping_ui(detected, auto.table.columns, f"mapping_{key}_{sheet}_{kind}_{source}")
        if unused := data_page.unused_sentence(auto.table.columns, chosen):
            st.caption(f":material/visibility_off: {md(unused)}")
    settings = Settings(
        kind="auto" if kind == auto.kind else kind,
        source=preset,
        day_first=day_first,
        overrides=data_page.mapping_overrides(detected, chosen),
        sheet=sheet,
        decimal_mark=decimal_mark,
        file_currency=file_currency,
        id_prefix=id_prefix,
        currency_names=currency_names,
    )
    detected_settings = Settings(sheet=sheet)
    base = auto if settings == detected_settings else prepared_file(
        name, content, sha, settings, reasons, stored_stages, auto.whole_table, currency, remembered, orders)
    changes: tuple[tuple[str, str], ...] = ()
    stage_key = f"stages_{key}_{sheet}_{source}_{hash(settings.overrides)}"
    if kind == "opportunities":
        changes = stage_choices(base, stored_stages, stage_key)
    settings = dataclasses.replace(settings, stage_changes=changes)
    prepared = base if not changes else prepared_file(
        name, content, sha, settings, reasons, stored_stages, auto.whole_table, currency, remembered, orders)
    if kind == "opportunities":
        stages_ui(base, prepared, stored_stages, stage_key, changes, alone=data_page.commit_changes_nothing(prepared, already))
    summary.caption(f":material/search: Detected: {md(data_page.detected_summary(prepared))}")
    if currency_note is not None and (said := data_page.file_currency_note(prepared, currency, kept_currency)) is not None:
        sentence, asks = said
        if asks:
            currency_note.warning(md(sentence), icon=":material/currency_exchange:")
        else:
            currency_note.caption(f":material/currency_exchange: {md(sentence)}")
    if prefixed := once_per_store_version(prepared, store, "prefix sentence",
                                          lambda: data_page.id_prefix_sentence(prepared, kept, store), inputs=kept):
        notes.info(md(prefixed), icon=":material/label:")
    for note in data_page.notes(prepared):
        notes.info(md(note), icon=":material/info:")
    # The store its warnings are judged on: Commit stores nothing if another writer stored a version since (checked_at).
    checked_at = store.version()
    unrated = once_per_store_version(prepared, store, "unconverted", lambda: data_page.unconverted_before_commit(
        prepared, store.exchange_rates(), role, store.opportunities() if checked_at else None), inputs=role)
    if unrated:
        notes.warning(md(unrated), icon=":material/currency_exchange:")
    rep_notes = notes.container()  # names read as a stored rep's; roster reps no deal names: filled by upload_ui
    # One read of the stored deals for every check, once per store version.
    # Read again for another fiscal year start or amounts hidden: the moved close dates' quarters and values change.
    warned = once_per_store_version(prepared, store, "before commit",
                                    lambda: data_page.before_commit(prepared, store, fy_start_month, hide_amounts),
                                    inputs=(fy_start_month, hide_amounts))
    # Four warnings Commit waits on, each with its box (as the command line waits for its --allow-… flag).
    # Another report's deals under the same ids (two CRMs numbering their deals alike): said first, as the
    # warnings after it leave those deals to it.
    others_accepted = confirmed_ui(notes, warned.other_report, ":material/call_merge:", data_page.OTHER_REPORT_CONFIRM,
                                   data_page.OTHER_REPORT_HELP, f"others_{key}_{sheet}")
    # A field the stored deals of the file's own report hold that the file has no column for.
    fields_accepted = confirmed_ui(notes, warned.missing_fields, ":material/view_column:", data_page.MISSING_FIELDS_CONFIRM,
                                   data_page.MISSING_FIELDS_HELP, f"missing_{key}_{sheet}")
    # Closed deals taken back (reopened, closed earlier, outcome changed).
    reopen_accepted = confirmed_ui(notes, warned.reopened, ":material/history:", data_page.REOPEN_CONFIRM,
                                   data_page.REOPEN_HELP, f"reopen_{key}_{sheet}")
    if moved := warned.deal_changes:  # what the load moves, after the warnings its "as the warning on them says" points to
        notes.info(md(moved), icon=":material/swap_horiz:")
    if warned.changed_csv is not None:  # every changed deal, each changed field before and after: the sentence names three a kind
        download(notes, changed_deals_label(warned.changed_deals), warned.changed_csv, file_name=changed_deals_file_name(name),
                 mime="text/csv", key=f"changed_{key}_{sheet}", icon=":material/download:")
    if taken := warned.taken_as:  # a renamed export taken as a stored report by the deals it holds
        notes.info(md(taken), icon=":material/content_copy:")
    if absent := warned.absent_deals:
        notes.info(md(absent), icon=":material/playlist_remove:")
    # The user's choice on those deals, under the note: kept unless ticked, and the confirmation says which.
    take_out_missing = unlisted_ui(notes, warned.unlisted, prepared.file_name, f"unlisted_{key}_{sheet}")
    if deleted := warned.deleted_stored:  # stored deals the file marks deleted in the CRM: Commit takes them out
        notes.info(md(deleted), icon=":material/delete_sweep:")
    if on_quarantined := warned.quarantined_stored:  # stored deals on its quarantined rows: kept as stored, never taken out
        notes.info(md(on_quarantined), icon=":material/lock:")
    # Ids with their leading zeros dropped.
    zeros_accepted = confirmed_ui(notes, warned.zeros_dropped, ":material/exposure_zero:", data_page.ZEROS_DROPPED_CONFIRM,
                                  data_page.ZEROS_DROPPED_HELP, f"zeros_{key}_{sheet}")
    if recurrenced := warned.currency_changes:
        # Below the column mapping, which it may ask to change ("in Column mapping above").
        st.warning(md(recurrenced), icon=":material/currency_exchange:")
    key_accepted = key_ui(prepared, key)

    new_stages = merged_stage_outcomes(stored_stages, dict(changes)) if changes else None
    # The same bytes commit again only when they now store more rows (a stage mapped since) or are read
    # otherwise (readings.read_otherwise), or store the stage editor's mappings alone when those differ from the store's.
    again = once_per_store_version(prepared, store, "stored again",
                                   lambda: data_page.stored_again(prepared, already, store, new_stages),
                                   inputs=None if new_stages is None else tuple(sorted(new_stages.items())))
    if again is not None:
        st.info(md(again.above), icon=":material/history:")
    blocked = (data_page.duplicate_columns_sentence(chosen) or data_page.rejection(prepared)
               or once_per_store_version(prepared, store, "store rejection", lambda: data_page.store_rejection(prepared, store)))
    if blocked:
        st.error(md(f"{blocked} Nothing can be saved until this is fixed."), icon=":material/block:")
    preview_ui(prepared)
    loss_reasons_ui(prepared)
    report_ui(prepared, key)
    boxes = ((zeros_accepted, ":material/exposure_zero:", data_page.ZEROS_DROPPED_WAITING),
             (fields_accepted, ":material/view_column:", data_page.MISSING_FIELDS_WAITING),
             (reopen_accepted, ":material/history:", data_page.REOPEN_WAITING),
             (others_accepted, ":material/call_merge:", data_page.OTHER_REPORT_WAITING))
    for accepted, icon, waiting in boxes:  # beside Commit: the warning is far above it
        if not accepted:
            st.caption(f"{icon} {waiting}")
    if again is not None and again.beside:  # beside Commit too: the sentence saying so is far above it
        st.caption(f":material/history: {md(again.beside)}")
    waits = not key_accepted or not all(accepted for accepted, _, _ in boxes)  # a box above is not ticked yet
    stale = again is not None and again.greyed
    commit_ui(store, prepared, key, user, disabled=bool(blocked) or stale or waits, stages=new_stages, sheet=sheet,
              moved=warned.deal_changes_stored, changes=changes, confirmed=warned.confirmed,
              file_updated=warned.file_updated, take_out_missing=take_out_missing,
              mappings_alone=again is not None and again.mappings_alone, checked_at=checked_at)
    return Reviewed(prepared, rep_notes, already)


def unlisted_ui(where, unlisted: UnlistedDeals | None, file_name: str, key: str) -> bool:
    """The box under the note on the stored deals of the file's report it lacks (store_effects.unlisted_deals), drawn
    in `where`: a few of them named, the whole list to download, unticked by default. True when ticked: Commit then
    takes them out with the file (pipeline.commit's take_out_missing), as the command line's --take-out-missing does."""
    if unlisted is None:
        return False
    ticked = where.checkbox(md(unlisted.choice()), key=key, value=False, help=unlisted.help_text())
    where.caption(f":material/list: {md(unlisted.listing())}")
    download(where, data_page.UNLISTED_DOWNLOAD, unlisted.csv(), file_name=data_page.unlisted_file_name(file_name),
             mime="text/csv", key=f"{key}_list", icon=":material/download:")
    return bool(ticked)


def key_ui(prepared: PreparedFile, key: str) -> bool:
    """Which column says which deal a row is; a key made of names must be accepted before committing."""
    if prepared.key is None:
        return True
    st.caption(f":material/key: Each {'rep' if prepared.kind == 'roster' else 'deal'} is known by: {md(prepared.key)}")
    if prepared.mapping is None or not prepared.mapping.keyed_by_name:
        return True
    return st.checkbox(
        f"Use {md(prepared.key)} as each deal's key (a later export must keep both names to update these deals)",
        key=f"namekey_{key}",
        help="This export has no opportunity ID column. Map an ID column instead if your CRM can export one.",
    )


def preview_ui(prepared: PreparedFile) -> None:
    preview = data_page.preview_rows(prepared, PREVIEW_ROWS)
    if preview.height == 0:
        return
    st.markdown(f"**Preview** — the first {plural(preview.height, 'row')} as they will be stored")
    labels = {**PREVIEW_COLUMNS, "rep": "Rep"} if prepared.kind != "opportunities" else dict(PREVIEW_COLUMNS)
    for column in ("amount", "converted_amount"):  # money with cents shows two decimals (50,958.30)
        if column in preview.columns:
            labels[column] = st.column_config.NumberColumn(data_page.preview_amount_label(prepared, column), format=data_page.preview_amount_format(preview, column))
    data_grid(preview, hide_index=True, column_config=labels)


def confirmed_ui(where, sentence: str | None, icon: str, confirm: str, help_text: str, key: str) -> bool:
    """A warning Commit waits on, drawn in `where` with its box under it: True when there is none
    (`sentence` None) or its box is ticked."""
    if not sentence:
        return True
    where.warning(md(sentence), icon=icon)
    return where.checkbox(confirm, key=key, help=help_text)


def commit_ui(
    store: Store, prepared: PreparedFile, key: str, user: str, disabled: bool, stages: dict[str, str] | None = None,
    sheet: str | None = None, moved: str | None = None, changes: tuple[tuple[str, str], ...] = (),
    confirmed: str | None = None, mappings_alone: bool = False, file_updated: int | None = None,
    checked_at: int | None = None, take_out_missing: bool = False,
) -> None:
    """The Commit button; a commit is remembered for this session (with the workbook's `sheet` as
    chosen) and the page reruns to show it, with `moved`: what it did to the stored deals (closed,
    outcome changed, stage), read before the commit (data_page.BeforeCommit.deal_changes_stored).

    `stages`: the stage mappings with the editor's choices, or None when there are none. They are
    stored with the file, in its version, and nowhere else: until Commit they change only the preview.
    `changes`: the editor's choices (data_page.stage_changes), which the confirmation names once stored.
    `confirmed`: what the ticked boxes let through (data_page.BeforeCommit.confirmed), kept in the version's note.
    `file_updated`: of the deals the commit updates, those the file itself changes (data_page.BeforeCommit.file_updated).
    `mappings_alone`: the file is stored already as it is (data_page.stored_again): Commit stores `stages` alone,
    as their own version, and nothing of the file.
    `checked_at`: the store version the warnings above were judged on; another writer's version since stores nothing
    and says so (Store.commit_file).
    `take_out_missing`: the box under the note on the deals of the file's report it lacks is ticked (unlisted_ui): they
    are taken out with the file, in its version; unticked they stay, and the confirmation says so.
    """
    take_uploaded = conflicts_ui(store, prepared, key) if prepared.kind == "roster" and not disabled else []
    if not st.button(
        SAVE_FILE_LABEL, type="primary", key=f"commit_{key}", disabled=disabled, icon=":material/save:",
        help="Nothing is saved until you press this; every save can be rolled back in the History tab.",
    ):
        return
    if mappings_alone and stages is not None:
        mappings_ui(store, prepared, user, stages, sheet)
        return
    with sentence_on_error("storing the file"):
        before = store.stage_outcomes()  # what the confirmation says the stored mappings changed
        earlier = data_page.stage_mapping_effects(store, before, stages)
        bar = st.progress(0.85, text="Storing")
        try:
            result = commit(store, prepared, user=user, progress=lambda f, step: bar.progress(f, text=step),
                            take_uploaded=take_uploaded, stage_outcomes=stages, confirmed=confirmed, checked_at=checked_at,
                            take_out_missing=take_out_missing)
        finally:
            bar.empty()
        st.session_state["_ws_committed"][(prepared.sha256, sheet)] = {
            "message": result.counts_sentence(file_updated),
            "counts": result.file_counts(file_updated),
            "moved": moved if result.change is not None else None,
            "notes": result.notes,
            "mapping": data_page.committed_mapping_sentence(result),
            "stages": data_page.committed_stages_sentence(result, changes, store, before, stages, earlier),
            "change": result.change,
            "kind": prepared.kind,
            "file_name": prepared.file_name,
            "rows_quarantined": prepared.rows_quarantined,
            "rows_accepted_in_part": prepared.rows_accepted_in_part,
            "stored_without": prepared.stored_without,
            "quarantine_csv": data_page.quarantine_csv(prepared),
        }
        cache = st.session_state.get("_ws_prepared", {})
        for done in [k for k in cache if k[0] == prepared.sha256]:  # stored: the page shows it as committed from now on
            cache.pop(done).discard()
        st.rerun()


def mappings_ui(store: Store, prepared: PreparedFile, user: str, stages: dict[str, str], sheet: str | None) -> None:
    """Store the stage mappings alone (a file stored already: nothing of it is stored again) and rerun to
    show what they changed, as the command line's `ingest --stage` with no file says it."""
    with sentence_on_error("storing the stage mappings"):
        stored = store_stage_mappings(store, stages, user=user)
        st.session_state["_ws_committed"][(prepared.sha256, sheet)] = {
            "message": MAPPINGS_STORED_ALREADY if stored is None else stored.sentence,
            "change": None, "kind": prepared.kind, "file_name": prepared.file_name, "rows_quarantined": 0,
            "quarantine_csv": b"",
        }
        cache = st.session_state.get("_ws_prepared", {})
        for done in [k for k in cache if k[0] == prepared.sha256]:  # the page shows it as committed from now on
            cache.pop(done).discard()
        st.rerun()


def conflicts_ui(store: Store, prepared: PreparedFile, key: str) -> list[str]:
    """Reps whose assessed profile this roster would replace: listed, and the user picks which to take."""
    conflicts = roster_conflicts(prepared.accepted, store.roster())
    if conflicts.height == 0:
        return []
    st.warning(
        f"{conflicts.height} rep{'s' if conflicts.height != 1 else ''} in this roster "
        f"{'have' if conflicts.height != 1 else 'has'} a profile from an assessment that the roster contradicts. "
        "The assessed profile is kept unless you choose to take the roster's.",
        icon=":material/rule:",
    )
    data_grid(conflicts, hide_index=True, column_config={
        "rep": "Rep", "assessed": "Assessed profile", "profile_source": "Assessed by", "uploaded": "This roster says"})
    return st.multiselect("Take the roster's profile for", conflicts.get_column("rep").to_list(),
                          key=f"take_{key}", placeholder="No one: keep every assessed profile")


def rep_names(prepared: PreparedFile, store: Store, waiting: list[PreparedFile],
              already: dict | None = None) -> tuple[list[PreparedFile], list[str]]:
    """The files waiting on the page (`waiting`, `prepared` among them) and what `prepared`'s rep names do to the
    store's reps (data_page.rep_names_sentences; `already`: the earlier upload of its bytes)."""
    return waiting, data_page.rep_names_sentences(prepared, store, waiting, already)


def upload_ui(view: View, user: str) -> None:
    st.markdown(
        "Drop this week's CRM export (and the rep roster when it changes). Check what was detected, "
        f"fix the mapping if needed, read the report — nothing is saved until you press **{SAVE_FILE_LABEL}**."
    )
    if view.is_sample:
        st.caption(
            ":material/science: Your store holds no deals yet, so the charts show the bundled sample: "
            "**the first real upload replaces the sample** on every page."
        )
    files = st.file_uploader(
        "Opportunity exports or a rep roster", accept_multiple_files=True, key="uploads", help=UPLOAD_HELP,
        max_upload_size=LIMIT_MB,
    )
    templates = st.container(horizontal=True)
    download(
        templates, "Opportunity template", opportunity_template_csv(), file_name="opportunities_template.csv", mime="text/csv",
        icon=":material/download:", help="A CSV with every column the app recognises and two example deals: fill it in by hand.",
    )
    download(
        templates, "Roster template", roster_template_csv(), file_name="roster_template.csv", mime="text/csv",
        icon=":material/download:", help="A CSV of reps with seller profile, team, manager and region.",
    )
    if not files:
        for prepared in st.session_state.pop("_ws_prepared", {}).values():  # nothing on the uploader: hold no file
            prepared.discard()
        return
    store = view.store
    reasons, currency, remembered, orders = once_per_store_version(None, store, "upload settings", lambda: (
        store.no_decision_reasons(), store.exchange_rates().reporting_currency, data_page.remembered_layouts(store),
        data_page.recorded_date_orders(store)))
    first_named: dict[str, str] = {}  # sha256 -> the name it was first dropped under
    waiting: list[Reviewed] = []  # the files not yet committed, in the page's order
    for uploaded in files:
        with sentence_on_error(f"reading {uploaded.name}"):
            content = uploaded.getvalue()
            sha = sha256_of(content)
            if sha in first_named:
                st.caption(md(f"{uploaded.name} holds exactly the same bytes as {first_named[sha]}: it is reviewed once, above."))
                continue
            first_named[sha] = uploaded.name
            if reviewed := file_ui(uploaded.name, content, sha, view.store, reasons, user, currency, remembered, view.role,
                                  orders, view.filters.fy_start_month, view.presentation.hide_amounts):
                waiting.append(reviewed)
    # Once every file is prepared: a roster's reps are matched against the exports waiting with it, above or below.
    prepared_files = [reviewed.prepared for reviewed in waiting]
    for reviewed in waiting:
        with reviewed.rep_notes, sentence_on_error(f"reading the rep names of {reviewed.prepared.file_name}"):
            # The files waiting with it are its inputs, held by the entry: no other file takes their ids while it lasts.
            _, sentences = once_per_store_version(
                reviewed.prepared, view.store, "rep names", functools.partial(rep_names, reviewed.prepared, view.store, prepared_files, reviewed.already),
                inputs=tuple(id(file) for file in prepared_files))
            for sentence in sentences:
                st.warning(md(sentence), icon=":material/badge:")
    cache = st.session_state.get("_ws_prepared", {})
    for gone in [k for k in cache if k[0] not in first_named]:  # files taken off the uploader
        cache.pop(gone).discard()


# ---- history ------------------------------------------------------------------------------------
def history_ui(view: View, user: str, editing: bool) -> None:
    """Every store version (Data → History), and for who may, the rollback; with names anonymised, a file's
    name and who changed the store by neutral labels, a note that may name someone left out
    (winloss.anonymise.history_anonymised)."""
    store = view.store
    anonymise = view.source.anonymise

    # Widths in px (data_page.history_widths: every column in view at 1280 px with the sidebar open, and in
    # presenter mode on a projector's 1024 px).
    width = data_page.history_widths(view.presentation.presenter)

    def read() -> tuple[pl.DataFrame, pl.DataFrame, int]:
        history = history_anonymised(store.history()) if anonymise else store.history()
        rows = data_page.history_rows(store, history)
        return history, rows, data_page.history_lines(rows, width) if rows.height else 0

    history, rows, lines = once_per_store_version(None, store, "history", read,
                                                  inputs=(anonymise, view.presentation.presenter))
    if rows.height == 0:
        st.caption("Nothing stored yet: every upload and edit will be listed here, and each can be rolled back.")
        return
    if view.source.anonymise:
        st.caption(HISTORY_ANONYMISED_CAPTION)
    # Rows are as many lines tall as their longest cell takes (data_page.history_lines), at least three.
    # The grid wraps only at a space: a file name is laid out to break after a "_", "-" or "." (text.cell_lines),
    # in what the grid draws only; the cell keeps the name as it is. The grid is as wide as its columns: on a
    # wider screen it stretched them, and a name laid out for its column read "deals_with_bad_rows. csv".
    data_grid(
        rows, hide_index=True, lines=lines, rows_in_view=min(rows.height, 8), width="content",
        cell_text={"File": lambda name: data_page.history_file_cell(name, width["File"])},
        column_config={
            "Version": st.column_config.NumberColumn(format="%d", width=width["Version"]),
            "When": st.column_config.TextColumn(width=width["When"]),
            "Who": st.column_config.TextColumn(width=width["Who"]),
            "What": st.column_config.TextColumn(width=width["What"]),
            "Note": st.column_config.TextColumn(width=width["Note"]),
            "File": st.column_config.TextColumn(
                width=width["File"], help="The file's name; a long one is broken after _, - or ., and one too long "
                "for the cell shows its start and its end around …: the cell holds the whole name (copy it)."),
            "Rows": st.column_config.TextColumn(width=width["Rows"], help="Rows the file had, accepted and quarantined."),
            "Stored": st.column_config.TextColumn(
                width=width["Stored"], help="Accepted rows new to the store, changing a stored one, or the same as stored."),
            "In effect": st.column_config.CheckboxColumn(width=width["In effect"], help="Not undone by a later rollback."),
        },
    )
    if editing:
        rollback_ui(store, history, user)


def rollback_ui(store: Store, history: pl.DataFrame, user: str) -> None:
    """Choose a version (`history`: Store.history, each named as the History tab names it), confirm, and
    the store is as it was then (as a new version: nothing is deleted)."""
    targets, in_effect = once_per_store_version(
        None, store, "rollback targets", lambda: (data_page.rollback_targets(store), data_page.in_effect_note(store)))
    if not targets:
        return
    if in_effect is not None:
        st.caption(in_effect)  # the list leaves those versions out: said, so none is missed unexplained
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    target = pick.selectbox(
        "Roll back to", targets, format_func=lambda v: data_page.version_label(history, v), key="rollback_target"
    )
    if go.button("Roll back…", key="rollback", icon=":material/undo:"):
        # With the version the History showed: one stored after it is never undone unseen (Store.rollback's chosen_at).
        st.session_state["_ws_rollback"] = (target, store.version())
    if (chosen := st.session_state.get("_ws_rollback")) is None:
        return
    pending, chosen_at = chosen
    st.warning(data_page.rollback_question(pending), icon=":material/warning:")
    yes, no, _ = st.columns([1, 1, 3])
    if yes.button(f"Yes, roll back to version {pending}", type="primary", key="rollback_confirm"):
        st.session_state.pop("_ws_rollback", None)
        with sentence_on_error("rolling back"):
            change = store.rollback(pending, user=user, chosen_at=chosen_at)
            st.session_state["_ws_committed"] = {}  # what this session committed may be undone now
            notice(f"Rolled back to version {pending}, recorded as version {change.store_version}. "
                   f"{undone_sentence(store.history(), change.undone)}")
            st.rerun()
    if no.button("Cancel", key="rollback_cancel"):
        st.session_state.pop("_ws_rollback", None)
        st.rerun()


# ---- roster and reasons -------------------------------------------------------------------------
def roster_ui(store: Store, user: str) -> None:
    table, lookalikes, managing = once_per_store_version(None, store, "roster", lambda: (
        # Where each profile came from, beside it: an assessed one is said so wherever reps are read one by one.
        table := with_profile_from(roster_for_editing(store.opportunities(), store.roster()), store.roster(),
                                   store.assessments()),
        roster_lookalikes(table),
        data_page.managers_words(store)))
    if table.height == 0:
        st.caption("No reps yet: upload an opportunity export or a roster first.")
        return
    gaps = table.filter(~pl.col("in_roster")).height
    if gaps:
        who = f"{plural(gaps, 'rep')} {'owns deals but is' if gaps == 1 else 'own deals but are'}"
        st.warning(
            f"{who} not in the roster: Unprofiled until you assign a profile. Listed first below.",
            icon=":material/person_search:",
        )
    for rep, roster_rep in lookalikes.items():
        st.warning(md(lookalike_sentence(rep, roster_rep)), icon=":material/person_search:")
    if managing:
        st.caption(f":material/supervisor_account: {md(managing)} {LISTED_LAST}")
    st.caption("Assign a seller profile, team, manager and coach to each rep. Saving merges into the roster like an upload.")
    edited = data_editor(
        table, key=f"roster_editor_{store.version()}", hide_index=True, num_rows="fixed", placeholder=DASH,
        disabled=("rep", PROFILE_FROM, "deals", "in_roster", employment.LEFT_ON),
        column_config={
            "rep": st.column_config.TextColumn("Rep", pinned=True),
            # Not required: a manager's row has no profile (roster_for_editing), which the grid marked as a value
            # missing; a cell cleared is saved as Unprofiled (roster_changes).
            "seller_profile": st.column_config.SelectboxColumn("Seller profile", options=list(PROFILES_WITH_UNPROFILED)),
            PROFILE_FROM: st.column_config.TextColumn(PROFILE_FROM_HEADER, help=PROFILE_FROM_HELP),
            "team": st.column_config.TextColumn("Team"),
            "manager": st.column_config.TextColumn("Manager"),
            "region": st.column_config.TextColumn("Region"),
            "email": st.column_config.TextColumn(
                "Email", help="The rep's work email: a deal whose owner an export writes as this email is the rep's."),
            "coach": st.column_config.TextColumn(
                "Coach", help="The rep's coach in a coaching programme: the sidebar's Coach filter chooses reps by it."),
            "deals": st.column_config.NumberColumn("Deals", help="Stored deals this rep owns.", format="localized"),
            "in_roster": st.column_config.CheckboxColumn("In roster"),
            # Only when some rep has left or is leaving: a column of "—" took the room Profile from needs, and
            # pushed itself past the page's edge at 1400 px.
            employment.LEFT_ON: st.column_config.TextColumn(
                employment.LEFT_ON_HEADER, help=f"{employment.LEFT_ON_HELP} Upload the roster to change it.")
            if table.get_column(employment.LEFT_ON).is_not_null().any() else None,
        },
    )
    try:
        changes = roster_changes(table, as_polars(edited))
    except ValueError as exc:  # an email typed that is not one: said, and nothing to save until it is mended
        st.error(md(str(exc)), icon=":material/block:")
        return
    label = f"Save {changes.height} roster change{'s' if changes.height != 1 else ''}" if changes.height else "No roster changes to save"
    # A change of team keeps the earlier one, said before saving as a roster upload's report says it.
    moves, refused = team_changes(store, changes)
    for sentence in moves:
        st.info(md(sentence), icon=":material/swap_horiz:")
    if refused:
        st.error(md(refused), icon=":material/block:")
    confirmed = not refused
    if doubles := second_rows(changes, lookalikes):
        confirmed = st.checkbox(md(second_rows_label(doubles, lookalikes)), key="roster_second_rows") and not refused
    if st.button(label, type="primary", disabled=changes.height == 0 or not confirmed, key="roster_save", icon=":material/save:"):
        change = store.save_roster_rows(changes, user=user)
        notice(f"Roster saved as version {change.store_version}: {plural(change.inserted, 'rep')} added, {change.updated:,} updated.")
        st.rerun()


def reasons_ui(store: Store, user: str) -> None:
    st.caption(
        "A lost deal whose loss reason (or status) is ticked counts as **no decision**: the customer kept the "
        "status quo. Add a reason as a new row."
    )
    version = store.version()
    current_reasons, stage_outcomes, opportunities, notes, coverage, read = once_per_store_version(
        None, store, "reasons", lambda: stored_reasons(store))
    for note in notes:
        st.info(md(note), icon=":material/rule:")
    edited = data_editor(
        coverage, key=f"reasons_{version}", hide_index=True,
        num_rows="dynamic", disabled=("deals", "written", "proposed"), height="content", placeholder=DASH,  # a new row's deals: "—", not "None"
        column_config={
            "reason": st.column_config.TextColumn("Loss or status reason", required=True),
            "deals": st.column_config.NumberColumn("Stored deals it covers", format="localized"),
            "written": st.column_config.TextColumn(
                "Loss reasons of those deals, as written",
                help="The stored deals' own loss reasons this row counts, with their deals: a phrase also reads the "
                     "reasons that start with it and a separator, so its count may hold more than its own words."),
            "no_decision": st.column_config.CheckboxColumn("Counts as no decision", default=True),
            "proposed": st.column_config.TextColumn(
                "Proposed", help="A loss reason still counted as lost that holds a no-decision phrase after its start: tick it if it means no decision."
            ),
        },
    )
    proposed_phrases = proposed_vocabulary(as_polars(edited))
    excepted = read_reasons_ui(read, proposed_phrases, version)
    proposed = NoDecisionVocabulary(proposed_phrases, excepted)
    # Again only when the editors' vocabulary differs from the last run's (or a new version is stored).
    effect = once_per_store_version(None, store, "vocabulary effect", lambda: vocabulary_effect(
        opportunities, current_reasons, proposed, stage_outcomes), inputs=proposed)
    now, after = st.columns(2)
    now.metric(f"{ND_SHARE_OF_LOSSES} now", percent(effect.share_before))
    delta = None
    if effect.share_before is not None and effect.share_after is not None and effect.changed:
        # The change of the two percentages shown, as every change beside two rates is written.
        delta = change_in_points(effect.share_after, effect.share_before)
    after.metric("With these reasons", percent(effect.share_after), delta=delta, delta_color="off")
    st.caption(
        f"No decision ÷ (lost + no decision), over all {plural(opportunities.height, 'stored deal')}: "
        f"{effect.no_decision_after:,} of {plural(effect.lost_after + effect.no_decision_after, 'loss', 'losses')} with these reasons; "
        f"{plural(effect.changed, 'deal')} would change outcome."
    )
    unchanged = ({r.casefold() for r in proposed} == {r.casefold() for r in current_reasons}
                 and {r.casefold() for r in excepted} == {r.casefold() for r in current_reasons.excepted})
    if st.button(SAVE_REASONS_LABEL, type="primary", disabled=unchanged, key="reasons_save", icon=":material/save:"):
        change = store.save_no_decision_reasons(proposed, user=user, excepted=excepted)
        notice(f"No-decision reasons saved as version {change.store_version}: every page now counts with them.")
        st.rerun()


def stored_reasons(store: Store) -> tuple[NoDecisionVocabulary, dict[str, str], pl.DataFrame, list[str], pl.DataFrame,
                                         pl.DataFrame]:
    """What the No-decision reasons tab draws of the store as it is: its vocabulary, its stage mappings, the
    stored deals' columns the vocabulary reads, the notes on them (reasons.vocabulary_notes), the editor's rows
    (reasons.reason_coverage) and the reasons its phrases read (reasons.read_reasons)."""
    current = store.no_decision_reasons()
    stage_outcomes = store.stage_outcomes()
    opportunities = store.opportunities().select("stage", "loss_reason", "outcome", STORED_STATUS, STORED_CLOSING).collect()
    return (current, stage_outcomes, opportunities, vocabulary_notes(opportunities, current, stage_outcomes),
            reason_coverage(opportunities, current, stage_outcomes), read_reasons(opportunities, current, stage_outcomes))


def read_reasons_ui(table: pl.DataFrame, proposed: list[str], version: int) -> list[str]:
    """Under the phrases, the loss reasons as the stored deals write them that a ticked phrase reads
    (`table`: reasons.read_reasons), each ticked unless kept lost: unticking one counts it alone as lost while its phrase
    still reads the others ("No decision / status quo" lost, "No Decision" still no decision); ticking it again
    undoes that. Returns the reasons to keep lost with the `proposed` phrases (reasons.proposed_exceptions)."""
    if table.height == 0:
        return []
    st.caption(
        f"**{READ_REASONS_LABEL}**, as the stored deals write them (as saved above). Untick one to count "
        "it alone as lost: its phrase still reads the others. Tick it again to count it as no decision."
    )
    edited = data_editor(
        table, key=f"reasons_read_{version}", hide_index=True, num_rows="fixed", disabled=("reason", "phrase", "deals"),
        height="content", placeholder=DASH,
        column_config={
            "reason": st.column_config.TextColumn("Loss reason, as written"),
            "phrase": st.column_config.TextColumn("Read by the phrase"),
            "deals": st.column_config.NumberColumn(
                "Stored deals it makes no decision", format="localized",
                help="The stored deals this reason alone counts as no decision while ticked: a deal its stage or "
                     "status makes no decision anyway is not counted."),
            "no_decision": st.column_config.CheckboxColumn("Counts as no decision"),
        },
    )
    return proposed_exceptions(as_polars(edited), proposed)


def rates_ui(store: Store, user: str) -> None:
    """The reporting currency and a rate per other currency; value figures convert with them at read time."""
    version = store.version()
    rates, table = once_per_store_version(
        None, store, "rates", lambda: (rates := store.exchange_rates(), rates_rows(rates, store.opportunities())))
    st.caption(
        "Every value figure is shown in the **reporting currency**. A deal in another currency counts in value "
        "figures only once its currency has a rate here (or its export carried a converted amount); "
        "amounts in different currencies are never added as they are. Stored deals keep their amounts as exported."
    )
    reporting = st.text_input(
        REPORTING_CURRENCY_LABEL, rates.reporting_currency, max_chars=3, key=f"reporting_{version}",
        help="Three letters, such as USD, EUR or GBP.",
    )
    # A currency with no rate yet reads "—" in the rate column. Streamlit 1.67's column_config has no
    # placeholder of its own (NumberColumn takes none): the editor's one covers every column.
    edited = data_editor(
        table, key=f"rates_{version}", hide_index=True, num_rows="dynamic", disabled=("deals",), height="content",
        placeholder=DASH,
        column_config={
            "currency": st.column_config.TextColumn("Currency", required=True, max_chars=3, help="Three letters, such as EUR."),
            "rate": st.column_config.NumberColumn(
                # The direction in the header: a rate typed the other way round would convert every value wrongly.
                f"{rates.reporting_currency} per unit", min_value=0.0, format="%.6g",
                help=f"What one unit of this row's currency is worth in {rates.reporting_currency}: "
                     f"1.08 on EUR means 1 EUR = 1.08 {rates.reporting_currency}.",
            ),
            "deals": st.column_config.NumberColumn("Stored deals in it", format="localized"),
        },
    )
    rows = as_polars(edited).select("currency", "rate").rows()
    missing = [c for c, r in rows if c and r is None]
    if missing_words := data_page.missing_rates_sentence(missing):
        st.caption(md(missing_words))
    try:
        proposed = exchange_rates(reporting or "", [(c, r) for c, r in rows if r is not None])
    except ValueError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return
    unchanged = proposed == rates
    if st.button("Save the currencies", type="primary", disabled=unchanged, key="rates_save", icon=":material/save:"):
        change = store.save_exchange_rates(proposed, user=user)
        notice(data_page.rates_saved_sentence(change.store_version, proposed.reporting_currency, missing))
        st.rerun()


# ---- the page -----------------------------------------------------------------------------------
def counts_ui(view: View) -> None:
    store = view.store
    counts, words = once_per_store_version(
        None, store, "counts", lambda: (data_page.store_counts(store), data_page.version_sentence(store)))
    deals, reps, version = st.columns(3)
    deals.metric("Deals stored", f"{counts['deals']:,}")
    reps.metric("Reps in the roster", f"{counts['reps']:,}", help=MANAGER_RULE)
    version.metric(data_page.VERSION_LABEL, counts["version"], help=data_page.VERSION_HELP)  # the roster's managers are said once, in the Roster tab
    # Which version is which, in the Overview's words: a saved rate is a version after the last upload.
    if words:
        version.caption(words)


def access_note(access: Access) -> None:
    """Say how this app is reachable: on this machine only without sign-in, or who is signed in as what."""
    if not access.signed_in:
        st.caption(
            ":material/lan: Sign-in is not configured, so the app answers on this machine only (localhost) and "
            "whoever opens it here may change everything. To open it to a team, set up sign-in and roles first "
            "(README: Sign-in and roles)."
        )


def access_ui(access: Access) -> None:
    """For admins: who holds which role, edited here and saved to the roles file on the server."""
    if not access.signed_in:
        st.caption("Without sign-in there are no roles: whoever opens the app on this machine may change everything.")
        return
    path = roles_path()
    roles = load_roles(path)
    st.caption(
        f"One row per person (their e-mail) or per e-mail domain (written @example.com); a person's own row wins "
        f"over their domain's. Saved to {path} on the server."
    )
    edited = data_editor(
        pl.DataFrame(roles_rows(roles), schema={"who": pl.String, "role": pl.String}),
        key="roles_editor", hide_index=True, num_rows="dynamic", placeholder=DASH,
        column_config={
            "who": st.column_config.TextColumn("E-mail or @domain", required=True),
            "role": st.column_config.SelectboxColumn("Role", options=list(ROLES), required=True, format_func=ROLE_LABELS.get),
        },
    )
    try:
        proposed = roles_from_rows(as_polars(edited).to_dicts(), str(path))
    except RolesError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    problem = roles_change_problem(proposed, access.who or "")
    if problem:
        st.warning(problem, icon=":material/admin_panel_settings:")
    unchanged = (proposed.users, proposed.domains) == (roles.users, roles.domains)
    if st.button("Save the roles", type="primary", disabled=unchanged or bool(problem), key="roles_save", icon=":material/save:"):
        save_roles(path, proposed, access.who or "")
        notice(f"Roles saved to {path}: they apply from each visitor's next click.")
        st.rerun()


view = from_url()
access = signin.access()
user = access.who
# Presenter mode and anonymised reps hide the editing parts (previews, error tables, quarantine
# downloads and the roster editor show rows as stored, real names included); what may be edited
# at all is the visitor's role, which no URL parameter changes.
presenting = not data_page.editing_allowed(presenter=view.presentation.presenter, anonymize=view.presentation.anonymize)
st.title("Data")
if message := st.session_state.pop("_ws_notice", None):
    st.success(md(message), icon=":material/check_circle:")
access_note(access)
with sentence_on_error("reading the store"):
    counts_ui(view)

tabs = {
    "Upload": may(access.role, "upload"),
    "History": True,
    "Roster": may(access.role, "roster"),
    "No-decision reasons": may(access.role, "vocabulary"),
    "Currencies": may(access.role, "exchange_rates"),
    "Access": may(access.role, "roles"),
}
shown = [name for name, allowed in tabs.items() if allowed]  # a new tab: one entry above, asking its action
if presenting or shown == ["History"]:
    if presenting and view.presentation.anonymize:
        st.info(data_page.ANONYMISED_SENTENCE, icon=":material/visibility_off:")
    st.subheader("History")
    with sentence_on_error("reading the history"):
        history_ui(view, user, editing=False)
    st.stop()

# Keyed, so a save's notice drawn above the tabs (a new element before them) does not send the user back
# to the first tab: the tab they saved in stays open.
drawn = dict(zip(shown, st.tabs(shown, key="data_tab", on_change="rerun"), strict=True))
if "Upload" in drawn:
    with drawn["Upload"]:
        upload_ui(view, user)
with drawn["History"], sentence_on_error("reading the history"):
    history_ui(view, user, editing=may(access.role, "rollback"))
if "Roster" in drawn:
    with drawn["Roster"], sentence_on_error("editing the roster"):
        roster_ui(view.store, user)
if "No-decision reasons" in drawn:
    with drawn["No-decision reasons"], sentence_on_error("editing the no-decision reasons"):
        reasons_ui(view.store, user)
if "Currencies" in drawn:
    with drawn["Currencies"], sentence_on_error("editing the currencies"):
        rates_ui(view.store, user)
if "Access" in drawn:
    with drawn["Access"], sentence_on_error("reading the roles"):
        access_ui(access)
