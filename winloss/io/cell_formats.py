"""The currency signs (and scale words) an .xlsx sheet's number cells show through their number formats, by column.

An export's amount column often has no currency column beside it: the currency is in the cells'
number format (`#,##0.00 [$€-407]`, `"€"#,##0`, `[$£-809]#,##0`, `_-* #,##0.00 "kr"_-`), which the
workbook reader (calamine) does not give. This reads it from the archive itself: the styles part
(each cell style's number format) and the sheet part (each cell's style), and says, for each column,
which rows' number cells are formatted with which format, of those that show a sign: the currency
signs it writes ("€", "kr", "[$kr-41D]", "USD", and words such as "Mio €" or "TEUR"), and, section by
section, how many times it divides the number it shows by 1,000 (number_sections). Which currency a
sign stands for, and which scale a word names, is the money rules' business
(winloss.ingest.values.format_currency, format_scale), not this module's.

Cells formatted as a percentage (`0%`, `0.00%`: the value times 100) are found the same way (shows_percent):
a workbook reader gives 0.75 where Excel shows 75%, which winloss.io.excel writes as shown.

Everything is read within bounds, as a hostile archive may declare anything: the styles part up to
STYLES_BYTES, at most MAX_STYLES cell styles (Excel allows 64,000), the sheet part streamed a chunk
at a time with no tag held longer than LONGEST_TAG. Past a bound the formats are not read, and
`CellCurrencies.unread` says why, so a currency the cells show is never quietly dropped. It runs in
the workbook reader's child process (winloss.io.workbooks), under its memory and processor limits.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

STYLES_BYTES = 32 << 20  # no real styles part is this large (a workbook at Excel's style limit has ~10 MB)
MAX_STYLES = 65_536  # cell styles (cellXfs) read; Excel itself allows 64,000
LONGEST_TAG = 64 << 10  # a cell tag is tens of bytes; one this long is no cell
# How far from its style attribute a cell's tag starts and ends, at most: r="XFD1048576" s="..." t="..." and the
# other attributes a cell may have (cm, vm, ph) take about 100 bytes.
_CELL_TAG_BYTES = 1024
_CHUNK = 1 << 20

# Characters a format shows as they are, outside quotes, that are currency signs. Letters outside
# quotes are the format's own codes (d, m, y, h, s, E, General...), never shown.
_SIGN_CHARACTERS = "$\u20ac\u00a3\u00a5\u20b9\u20a9\u20bd\u20ba\u20aa\u20ab\u20b1\u0e3f\u00a2\uffe5"
# Built-in formats (ids 0-163) name no currency of their own: 5-8, 42 and 44 show the currency of
# the computer that opens the file, whichever that is. Only a format the styles part writes counts.

Runs = list[tuple[int, int, str]]  # (first row, last row, format code), 1-based spreadsheet rows, in order


@dataclass
class CellCurrencies:
    """What a sheet's number cells show of a currency, or a scale, through their formats.

    `columns`: 0-based column (A is 0) -> runs of consecutive rows whose number cells have the same
    number format (its code, as the styles part writes it: `0.0 "Mio €"`), only for cells that hold a
    number and whose format shows a sign (`currency_signs`). `unread`: why the formats could not be
    read (one sentence), else None.
    """

    columns: dict[int, Runs] = field(default_factory=dict)
    unread: str | None = None

    def add(self, column: int, row: int, code: str) -> None:
        runs = self.columns.setdefault(column, [])
        if runs and runs[-1][1] == row - 1 and runs[-1][2] == code:
            runs[-1] = (runs[-1][0], row, code)
        else:
            runs.append((row, row, code))


def currency_signs(format_code: str) -> tuple[str, ...]:
    """The currency signs a number format shows, as it writes them, each once, in order.

    `[$€-407]` gives "[$€-407]" (the sign with its locale, which may settle a sign several
    currencies share: `[$kr-41D]` is Swedish); a quoted or escaped literal ("kr", "USD", "€") and a
    sign written bare (`€#,##0`, `$#,##0`) give their text. Date locales (`[$-409]`), colours,
    conditions, padding (`_)`), fill (`* `) and the text section (the one with `@`) give nothing.
    A literal with no letter or sign in it (" ", "-", "(") is spacing, not a sign.
    """
    signs: list[str] = []
    for section in _sections(format_code):
        if "@" in _unquoted(section):
            continue  # the text section: applies to text cells, which this never reads
        for sign in _section_signs(section):
            if sign not in signs:
                signs.append(sign)
    return tuple(signs)


def shows_percent(format_code: str) -> bool:
    """Whether a number format shows its number as a percentage (`0%`, `0.00%`, `#,##0.0 %`): a "%" outside
    quotes in the section a positive number is shown by, which shows the cell's value times 100."""
    shown = positive_sections_codes(format_code)
    return bool(shown) and "%" in shown[0]


def positive_sections_codes(format_code: str) -> list[str]:
    """The format's own codes (literals, brackets, padding taken out) of each section that shows a number."""
    codes = [_FORMAT_CODES.sub("", section) for section in _sections(format_code)]
    return [c for c in codes if "@" not in c and (any(ch in _DIGIT_PLACEHOLDERS for ch in c) or _GENERAL.search(c))]


# Excel's built-in percent formats, which a styles part refers to by number without writing them.
_BUILT_IN_PERCENT = {9: "0%", 10: "0.00%"}


def positive_sections(format_code: str) -> tuple[tuple[tuple[str, ...], int], ...]:
    """The sections of a number format a positive number may be shown by, in order: the first that
    shows a number, or, where a section sets a condition (`[>=1000000]0.0,,"M";0.0,"K"`), each that
    shows one. Each as the signs it writes (as `currency_signs` reads them: `0.0 "Mio €"` gives
    ("Mio €",)) and how many times it divides the number it shows by 1,000, its commas after the last
    digit placeholder (`#,##0,"K"` shows 1500000 as "1,500K": 1; `0.0,,"M"`: 2). A comma among the
    digits (`#,##0`) groups them and divides nothing. A section may show the number by `General`
    (`General" Mio"`: ("Mio",), 0). The text section (with `@`) and a section of literals alone (`"-"`,
    a zero shown as a dash) show no number and are left out.
    """
    found: list[tuple[tuple[str, ...], int]] = []
    conditional = False
    for section in _sections(format_code):
        conditional = conditional or bool(_CONDITION.search(section))
        codes = _FORMAT_CODES.sub("", section)  # what is left are the format's own codes
        if "@" in codes or not (any(ch in _DIGIT_PLACEHOLDERS for ch in codes) or _GENERAL.search(codes)):
            continue
        trailing = re.search(r"[0#?](,*)[^0#?]*$", codes)
        found.append((tuple(dict.fromkeys(_section_signs(section))), len(trailing.group(1)) if trailing else 0))
    return tuple(found) if conditional else tuple(found[:1])


_DIGIT_PLACEHOLDERS = "0#?"
# "General" shows the number as it is, with no digit placeholder: `General" Mio"` shows millions.
_GENERAL = re.compile("general", re.IGNORECASE)
# A format's literals (quoted, escaped), its bracketed parts (colours, locales, conditions), padding and fill.
_FORMAT_CODES = re.compile(r'"[^"]*"?|\\.|\[[^\]]*\]?|[_*].')
_CONDITION = re.compile(r"^(?:\[[^\]]*\])*\[[<>=]")  # [>=1000], after any colour: [Red][<0]


def _sections(code: str) -> list[str]:
    """The format's sections (positive;negative;zero;text), split outside quotes and brackets."""
    sections, current, i = [], [], 0
    while i < len(code):
        ch = code[i]
        if ch == '"':
            end = code.find('"', i + 1)
            end = len(code) if end < 0 else end + 1
            current.append(code[i:end])
            i = end
            continue
        if ch in "\\_*" and i + 1 < len(code):
            current.append(code[i : i + 2])
            i += 2
            continue
        if ch == "[":
            end = code.find("]", i)
            end = len(code) if end < 0 else end + 1
            current.append(code[i:end])
            i = end
            continue
        if ch == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    sections.append("".join(current))
    return sections


def _unquoted(section: str) -> str:
    return re.sub(r'"[^"]*"?|\\.|\[[^\]]*\]?', "", section)


def _section_signs(section: str) -> list[str]:
    signs: list[str] = []
    bare: list[str] = []  # sign characters written outside quotes, gathered while they touch
    i = 0

    def literal(text: str) -> None:
        text = text.strip(" \u00a0")
        if _sign_like(text):
            signs.append(text)

    def flush() -> None:
        if bare:
            literal("".join(bare))
            bare.clear()

    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            flush()
            literal(section[i + 1 : end])
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            shown = section[i + 1]
            if shown in _SIGN_CHARACTERS or not shown.isascii() or shown.isalpha():
                bare.append(shown)  # an escaped sign or letter is shown as it is: \€, \k\r
            else:
                flush()
            i += 2
        elif ch in "_*" and i + 1 < len(section):
            flush()
            i += 2  # padding as wide as the next character, or the next character repeated: not shown as a sign
        elif ch == "[":
            end = section.find("]", i)
            end = len(section) if end < 0 else end
            flush()
            inside = section[i + 1 : end]
            if inside.startswith("$") and inside[1:].partition("-")[0].strip():
                signs.append(f"[{inside}]")  # [$€-407], [$USD], [$kr-41D]; [$-409] is a date's locale
            i = end + 1
        elif ch in _SIGN_CHARACTERS or (not ch.isascii() and not ch.isspace()):
            bare.append(ch)
            i += 1
        else:
            flush()
            i += 1
    flush()
    return signs


def _sign_like(text: str) -> bool:
    """Whether a literal may be a currency sign: no digit, and a letter or sign beyond spacing and punctuation."""
    return not any(ch.isdigit() for ch in text) and any(ch.isalpha() or ch in _SIGN_CHARACTERS or not ch.isascii() for ch in text)


def sheet_cell_currencies(archive: zipfile.ZipFile, sheet_path: str) -> CellCurrencies:
    """The formats showing a sign of the number cells of the sheet part `sheet_path`, by column (CellCurrencies).

    Never raises for what the archive holds (a damaged or oversized part gives `unread`), except
    MemoryError, which the child reports as the memory budget.
    """
    try:
        styles = _style_formats(archive)
    except _Unread as exc:
        return CellCurrencies(unread=str(exc))
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return CellCurrencies(unread=_DAMAGED)
    if not styles:
        return CellCurrencies()  # no style shows a currency: the sheet need not be read
    try:
        return _cells(archive, sheet_path, styles)
    except _Unread as exc:
        return CellCurrencies(unread=str(exc))
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return CellCurrencies(unread=_DAMAGED)


_DAMAGED = "its styles or sheet could not be read"


class _Unread(Exception):
    """The formats are beyond a bound; str(exc) says which, as the end of a sentence."""


def _style_formats(archive: zipfile.ZipFile) -> dict[int, str]:
    """Cell style index (a cell's s="N") -> its number format's code; only styles whose format shows
    a sign (currency_signs) or a percentage (shows_percent)."""
    info = next((i for i in archive.infolist() if i.filename.lower() == "xl/styles.xml"), None)
    if info is None:
        return {}
    with archive.open(info) as part:
        xml = part.read(STYLES_BYTES + 1)
    if len(xml) > STYLES_BYTES:
        raise _Unread(f"its styles part is larger than {STYLES_BYTES >> 20} MB")
    text = xml.decode("utf-8", "replace")
    formats: dict[int, str] = {}
    # Every pattern stops at the next "<": a part of unclosed tags costs one pass, not one per tag.
    for tag in re.finditer(r"<(?:\w+:)?numFmt\b[^<>]*>", text):
        number = re.search(r'\bnumFmtId="(\d{1,9})"', tag.group(0))
        code = re.search(r'\bformatCode="([^"]*)"', tag.group(0))
        if number and code:
            formats[int(number.group(1))] = html.unescape(code.group(1))
            if len(formats) > MAX_STYLES:
                raise _Unread(f"its styles part declares more than {MAX_STYLES:,} number formats, more than Excel allows")
    for built_in, percent_code in _BUILT_IN_PERCENT.items():
        formats.setdefault(built_in, percent_code)
    # The formats that show a sign, and those that show a percentage (the value times 100: "75%" for 0.75).
    signed = {number: code for number, code in formats.items() if currency_signs(code) or shows_percent(code)}
    opened = re.search(r"<(?:\w+:)?cellXfs\b[^<>]*>", text)
    if opened is None:
        return {}
    closed = re.compile(r"</(?:\w+:)?cellXfs>").search(text, opened.end())
    styles: dict[int, str] = {}
    listed = re.compile(r"<(?:\w+:)?xf\b[^<>]*>").finditer(text, opened.end(), closed.start() if closed else len(text))
    for index, xf in enumerate(listed):
        if index >= MAX_STYLES:
            raise _Unread(f"its styles part declares more than {MAX_STYLES:,} cell styles, more than Excel allows")
        number = re.search(r'\bnumFmtId="(\d{1,9})"', xf.group(0))
        shown = signed.get(int(number.group(1))) if number else None
        if shown is not None:
            styles[index] = shown
    return styles


_ROW_ATTRIBUTE = re.compile(rb'\br="(\d{1,8})"')
_CELL_REFERENCE = re.compile(rb'\br="\$?([A-Za-z]{1,3})\$?(\d{1,8})"')
_CELL_TYPE = re.compile(rb'\bt="(\w*)"')
_CELL_STYLE = re.compile(rb'\bs="(\d{1,9})"')
_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])[^<>]*>")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s")
_USUAL_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})(\d{1,8})" s="(\d{1,9})"(?: t="(\w*)")?\s*(/)?>')
Tags = Callable[[bytes, int], Iterator[tuple[bytes, bytes]]]  # (b"row" or b"c", the tag) of window[:cut]


class _NoReference(Exception):
    """A cell of a tracked style has no reference: its place is counted from the row's start."""


def _cells(archive: zipfile.ZipFile, sheet_path: str, styles: dict[int, str]) -> CellCurrencies:
    """Each number cell of the sheet whose style is one of `styles`, placed by its reference (or,
    where a writer leaves the reference out, by its place in the row).

    Most writers give every cell its reference ("C7"): then only the style attributes of `styles`
    are looked for (a literal search, in C) and their tags read, so a sheet costs little more than
    inflating it. A cell without a reference sends the sheet through every row and cell tag, counted
    in order.
    """
    tracked = b"|".join(str(index).encode() for index in sorted(styles))
    attribute = re.compile(rb's="(?:' + tracked + rb')"')

    def styled(window: bytes, cut: int) -> Iterator[tuple[bytes, bytes]]:
        for match in attribute.finditer(window, 1, cut):
            if window[match.start() - 1] not in b" \t\r\n":
                continue  # another attribute's name ending in "s"
            # Looked for no further than a cell's tag reaches: attributes with no tag around them cost a pass.
            start = window.rfind(b"<", max(0, match.start() - _CELL_TAG_BYTES), match.start())
            end = window.find(b">", match.end(), match.end() + _CELL_TAG_BYTES)
            if start >= 0 and end > 0:
                yield b"c", window[start : end + 1]

    def every(window: bytes, cut: int) -> Iterator[tuple[bytes, bytes]]:
        for match in _TAG.finditer(window, 0, cut):
            yield match.group(1), match.group(0)

    try:
        return _scan(archive, sheet_path, styles, styled, counted=False)
    except _NoReference:
        return _scan(archive, sheet_path, styles, every, counted=True)


def _scan(
    archive: zipfile.ZipFile, sheet_path: str, styles: dict[int, str], tags: Tags, counted: bool
) -> CellCurrencies:
    """The sheet read a chunk at a time, `tags` (row and cell tags, or the tracked cells' alone) placed
    by reference, or by count when `counted`; raises _NoReference when not `counted` and a cell has none."""
    found = CellCurrencies()
    row, column = 0, -1
    tail = b""
    columns: dict[bytes, int] = {}
    with archive.open(sheet_path) as part:
        while chunk := part.read(_CHUNK):
            window = tail + chunk
            # Keep an unfinished tag for the next chunk; everything before it is whole.
            opened, closed = window.rfind(b"<"), window.rfind(b">")
            cut = opened if opened > closed else len(window)
            tail = window[cut:]
            if len(tail) > LONGEST_TAG:
                raise _Unread("its sheet holds a tag longer than any cell's")
            for kind, tag in tags(window, cut):
                if kind == b"row":
                    numbered = _ROW_ATTRIBUTE.search(tag)
                    row, column = (int(numbered.group(1)) if numbered else row + 1), -1
                    continue
                # The order every common writer uses first, one match; any other, attribute by attribute.
                usual = _USUAL_CELL.fullmatch(tag)
                if usual is not None:
                    letters, number, style, typed, empty = usual.groups()
                else:
                    if not _CELL_TAG.match(tag):
                        continue
                    reference, styled_as = _CELL_REFERENCE.search(tag), _CELL_STYLE.search(tag)
                    kind_of = _CELL_TYPE.search(tag)
                    letters, number = (reference.group(1), reference.group(2)) if reference else (None, None)
                    style = styled_as.group(1) if styled_as else None
                    typed, empty = (kind_of.group(1) if kind_of else None), tag.endswith(b"/>")
                if letters is not None and number is not None:
                    known = columns.get(letters)
                    column = known if known is not None else columns.setdefault(letters, column_index(letters))
                    row = int(number)
                elif not counted:
                    raise _NoReference
                else:
                    column += 1
                if style is None or empty:
                    continue  # no style, or no value: nothing to show
                code = styles.get(int(style))
                if code is None or typed not in (None, b"n", b""):
                    continue  # text, a shared string, a boolean or an error: a number format does not show on it
                found.add(column, row, code)
    return found


def column_index(letters: bytes) -> int:
    """0 for A, 26 for AA."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n - 1
