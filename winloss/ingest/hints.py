"""Where a sentence tells the user to make a choice: a flag on the command line, a control on the Data page.

A sentence that asks for a choice (the column of a field, the decimal mark, a workbook's sheet) is
written once, as the command line shows it: the flag in a parenthesis that `command_line_hint`
makes ("Choose the decimal mark (on the command line: --decimal-mark point or comma, and ingest
again)."). The Data page shows it through `page_sentence`, which puts the page's own control for the
same choice in the parenthesis's place ("Choose the decimal mark in Decimal mark of the amounts
above."): a flag means nothing on a web page. Stored sentences (a quarantined row's reason) keep
the command line's words, which the command line's quarantine file shows; the Data page rewords
them as it shows them, and a file it gives to download through `download_sentence`, which names
the control without "above" (views.data_page.quarantine_csv: a spreadsheet has no "above").
A choice made by another command than the one that prints the sentence names that command before its flag
(`python -m winloss rates --reporting EUR`); the page still shows its own control.
"""

from __future__ import annotations

import re

# The Data page's tab where the no-decision vocabulary is edited: one of the tabs at the top of the page, beside the
# Upload tab whose file report asks for it, not a part drawn above that report.
VOCABULARY_TAB = "the No-decision reasons tab"
# That tab's list of the loss reasons, as the stored deals write them, that a ticked phrase reads (one ticked box
# each: unticked, that reason alone counts as lost), and its save button: the labels the page draws
# (app_pages/data.py), which a file report's sentence names so the reader finds them.
READ_REASONS_LABEL = "Loss reasons counted as no decision"
SAVE_REASONS_LABEL = "Save the no-decision reasons"
# The Data page's tab where the reporting currency and the exchange rates are set, and its box for the first.
CURRENCIES_TAB = "the Currencies tab"
REPORTING_CURRENCY_LABEL = "Reporting currency"
# The Data page's button that stores an uploaded file (the command line's `ingest` stores as it reads): "Commit to
# the store" was a database's word; the page's readers save things. The other tabs' buttons are "Save the …" too.
SAVE_FILE_LABEL = "Save to the dashboard"
# The box under a file for a prefix to its ids (the command line's --id-prefix): "Id prefix" was the field's
# name in code, not a word a spreadsheet user reads.
ID_PREFIX_LABEL = "Deal ID prefix"
# The command line's own command for the store's currencies: a hint may name it before its flag
# (command_line_hint("python -m winloss rates --reporting", "EUR")).
RATES_COMMAND = "python -m winloss rates"
# Each flag a sentence may name, and the Data page's control for the same choice, as the page
# labels it (the part it sits in, then where in that part, if anywhere).
_CONTROLS: dict[str, tuple[str, str]] = {
    "--map": ("Column mapping", "under Column in your file"),
    "--decimal-mark": ("Decimal mark of the amounts", ""),
    "--currency": ("Currency of amounts that name none", ""),
    "--currency-name": ("Currency names", ""),
    "--sheet": ("Sheet", ""),
    "--day-first": ("Date order", ""),
    # A file's kind: what detection took it for, or a rep roster (`--roster PATH`).
    "--roster": ("The file holds", ""),
    "--stage": ("Stage outcomes", "under Count as"),
    # The vocabulary is edited in its own tab; a file's reasons are listed there once it is committed.
    "--no-decision-reason": (VOCABULARY_TAB, "where they are proposed once the file is saved"),
    # The store's reporting currency: set in its own tab, by the `rates` command on the command line (not a flag
    # of `ingest`, so the hint names the command).
    f"{RATES_COMMAND} --reporting": (CURRENCIES_TAB, f"under {REPORTING_CURRENCY_LABEL}"),
    # A prefix for the file's ids, which later exports of its report are given too (winloss.ingest.id_prefix).
    "--id-prefix": (ID_PREFIX_LABEL, ""),
    # The stored deals of a file's report it no longer lists, taken out with it (store_effects.unlisted_deals): the box
    # is under the note that names them (the page's note says "below": store_effects' take-out sentence).
    "--take-out-missing": ("Take out the deals this report no longer lists", ""),
}
# Where a part the page does not draw above the sentences is, as the page names it: the file report is in the
# Upload tab, and the No-decision reasons and Currencies tabs sit beside it at the top of the page ("the tab
# above" sent the reader up the report, where it is not). The page is not named on itself: "at the top of the
# Data page", read on the Data page, sent a reader looking for another page.
PAGE_PLACES: dict[str, str] = {tab: f"{tab} at the top of the page" for tab in (VOCABULARY_TAB, CURRENCIES_TAB)}
# On the page, which draws the other controls above the sentences that ask for them: "in Stage outcomes
# above, under Count as".
PAGE_CONTROLS: dict[str, str] = {
    flag: f"in {PAGE_PLACES.get(part, f'{part} above')}" + (f", {where}" if where else "")
    for flag, (part, where) in _CONTROLS.items()
}
# In a file the page gives to download (a quarantined row's reason, read in a spreadsheet), where
# "above" means nothing: "on the Data page, in Stage outcomes, under Count as".
DOWNLOAD_CONTROLS: dict[str, str] = {
    flag: f"on the Data page, in {part}" + (f", {where}" if where else "") for flag, (part, where) in _CONTROLS.items()
}
# Words that place a thing by where the reader is on the page: a sentence read anywhere else (a
# downloaded file, the command line) must not hold them.
PAGE_RELATIVE_WORDS = re.compile(r"\b(above|below|this page|click(ed|ing)?)\b", re.IGNORECASE)
# The example may quote a value from the file ("Closed (Lost)=won"): parentheses inside double quotes
# are the value's, not the hint's end.
_QUOTED = r'"(?:[^"\\]|\\.)*"'  # a double-quoted value, as `quoted` writes it
_HINT = re.compile(rf' \(on the command line: ((?:{re.escape(RATES_COMMAND)} )?--[a-z-]+)(?:{_QUOTED}|[^()"])*\)')


def command_line_hint(flag: str, example: str = "") -> str:
    """' (on the command line: FLAG EXAMPLE)', for the end of a clause that asks for a choice.

    `flag` is one of PAGE_CONTROLS (the Data page puts its control there instead); `example` is
    what follows the flag, and any words only the command line needs ("point or comma, and ingest
    again"), with no parenthesis in it outside a double-quoted value (use `quoted` for a value from
    the file). Raises ValueError for a flag the Data page has no control for, or for such a parenthesis.
    """
    if flag not in PAGE_CONTROLS:
        raise ValueError(f"{flag} has no control on the Data page: add it to PAGE_CONTROLS.")
    unquoted = re.sub(_QUOTED, "", example)
    if "(" in unquoted or ")" in unquoted or '"' in unquoted:
        raise ValueError(f"A command-line hint's example cannot hold a parenthesis: {example!r}.")
    return f" (on the command line: {flag}{' ' + example if example else ''})"


def quoted(text: str) -> str:
    """`text` in double quotes for a command-line example, as a shell reads it back: the characters
    a shell reads specially inside double quotes (backslash, double quote, $, backquote) escaped."""
    return '"' + re.sub(r'([\\"$`])', r"\\\1", text) + '"'


def page_sentence(sentence: str) -> str:
    """`sentence` as the Data page shows it: each `command_line_hint` in it replaced by the page's
    control for the same choice (PAGE_CONTROLS); any other text is left as it is."""
    return _HINT.sub(lambda hint: " " + PAGE_CONTROLS.get(hint.group(1), hint.group(0).lstrip()), sentence)


def download_sentence(sentence: str) -> str:
    """`sentence` as a file the Data page gives to download says it (a quarantined row's reason,
    read in a spreadsheet, away from the page): each `command_line_hint` replaced by where the
    page's control is, with no word placing it by the page ("on the Data page, in Stage outcomes,
    under Count as"; DOWNLOAD_CONTROLS); any other text is left as it is."""
    return _HINT.sub(lambda hint: " " + DOWNLOAD_CONTROLS.get(hint.group(1), hint.group(0).lstrip()), sentence)


def roster_alone_sentence(sentence: str, path: str) -> str:
    """`sentence`, said of the rep roster at `path` given to `ingest` with exports, with each --map hint in it
    naming the roster's own way to map its columns: `--roster PATH --map ...` in an ingest of the roster alone,
    as --map given with exports maps the exports (a roster's columns are mapped only so). Its other hints and
    text are left as they are.

    " (on the command line: --map rep=\"Column name\")" becomes " (on the command line: --roster \"team.csv\" --map
    rep=\"Column name\", in an ingest of the roster alone: given with exports, --map maps the exports)"; each
    alternative ("…, or --map first_name=…") gets its own --roster."""
    def alone(hint: re.Match[str]) -> str:
        if hint.group(1) != "--map":
            return hint.group(0)
        given = hint.group(0).removeprefix(" (on the command line: ").removesuffix(")")
        each = given.replace(", or --map ", f", or --roster {quoted(path)} --map ")
        return command_line_hint(
            "--roster", f"{quoted(path)} {each}, in an ingest of the roster alone: given with exports, --map maps the exports",
        )

    return _HINT.sub(alone, sentence)


__all__ = [
    "CURRENCIES_TAB", "DOWNLOAD_CONTROLS", "ID_PREFIX_LABEL", "PAGE_CONTROLS", "PAGE_PLACES", "PAGE_RELATIVE_WORDS", "RATES_COMMAND", "READ_REASONS_LABEL",
    "REPORTING_CURRENCY_LABEL", "SAVE_FILE_LABEL", "SAVE_REASONS_LABEL", "VOCABULARY_TAB", "command_line_hint", "download_sentence", "page_sentence",
    "quoted", "roster_alone_sentence",
]
