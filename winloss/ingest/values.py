"""Vectorised parsing of exported text into amounts, currencies, percentages and dates."""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Final

import polars as pl
import pycountry

from winloss.ingest.hints import command_line_hint

# The currency codes in force under ISO 4217, from pycountry (pinned in requirements.txt), which
# carries the ISO 4217 list as Debian's iso-codes keeps it. A three-letter word outside it is not
# a currency, so "XYZ" is quarantined rather than stored as one. XXX ("no currency") and XTS
# (reserved for testing) are ISO codes that name no money a deal could be worth.
CURRENCY_CODES = frozenset(c.alpha_3 for c in pycountry.currencies) - {"XXX", "XTS"}
# Symbols (matched longest first, so "US$" wins over "$": _symbols). A bare "$" is read as US dollars.
CURRENCY_SYMBOLS = {
    "US$": "USD", "AU$": "AUD", "A$": "AUD", "CA$": "CAD", "C$": "CAD", "NZ$": "NZD", "HK$": "HKD",
    "SG$": "SGD", "S$": "SGD", "R$": "BRL", "MX$": "MXN", "$": "USD", "\u20ac": "EUR", "\u00a3": "GBP",
    "\u00a5": "JPY", "\u20b9": "INR", "\u20a9": "KRW", "\u20bd": "RUB", "\u20ba": "TRY", "\u20aa": "ILS",
    "z\u0142": "PLN", "\u20ab": "VND", "\u20b1": "PHP", "\u0e3f": "THB", "\u20b4": "UAH", "\u20b8": "KZT", "\u20be": "GEL",
    "\u043b\u0432": "BGN", "lei": "RON", "\u0433\u0440\u043d": "UAH",
    # The dollars written with their country's letters: a "$" found inside "NT$" was read as USD.
    "NT$": "TWD", "RD$": "DOP", "J$": "JMD", "TT$": "TTD", "EC$": "XCD", "N$": "NAD", "B$": "BND", "BZ$": "BZD",
    "Bds$": "BBD", "BDS$": "BBD", "CI$": "KYD", "FJ$": "FJD", "SI$": "SBD", "WS$": "WST", "T$": "TOP",
    "L$": "LRD", "G$": "GYD", "Mex$": "MXN", "MOP$": "MOP",
    # The yen sign in its full-width form (Japanese and Chinese text write it so), and the yuan written with its letters.
    "\uffe5": "JPY", "CN\u00a5": "CNY", "CN\uffe5": "CNY", "JP\u00a5": "JPY",
    # The yen's own character, as Japanese reports write amounts ("300\u4e07\u5186": three million yen).
    "\u5186": "JPY",
    # The yuan's own character ("5\u4e07\u5143": fifty thousand yuan), which Taiwan's and Hong Kong's dollars are written with too.
    "\u5143": "CNY",
    # A dollar sign followed by its country, as French (Canada's) and other locales write it after the number:
    # "1 200,00 $ CA", "15 000 $ CAD", "500 $ US". The sign and its code together name one currency.
    "$ CA": "CAD", "$CA": "CAD", "$ CAN": "CAD", "$CAN": "CAD", "$ US": "USD", "$US": "USD",
    **{f"${space}{code}": code for code in ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN") for space in ("", " ")},
}  # fmt: skip


def _symbols(symbols: Iterable[str]) -> str:
    """A regex alternation of currency symbols, longest first: "NT$" is tried before the "$" inside it."""
    return "|".join(s.replace("$", r"\$") for s in sorted(symbols, key=len, reverse=True))


def _is_sign(symbol: str) -> bool:
    """Whether a symbol may touch the number or scale before it ("5k€", "1.2M$", "300\u4e07\u5186"): a sign
    rather than a word, as a character of a script written without spaces (the yen's \u5186) is."""
    return not symbol[0].isalpha() or unicodedata.name(symbol[0], "").startswith("CJK")


_SYMBOL = _symbols(CURRENCY_SYMBOLS)
# The symbols that are not letters, which may follow a scale letter directly ("5k€", "1.2M$"), and the others.
_SIGN_SYMBOL = _symbols(s for s in CURRENCY_SYMBOLS if _is_sign(s))
_LETTER_SYMBOL = _symbols(s for s in CURRENCY_SYMBOLS if not _is_sign(s))
# Local abbreviations written after or before an amount ("5 000 kr", "Fr. 12", "Rs 500"), by the ISO
# codes they may stand for. Any other letters beside a number ("ca. 5000", "max 5000", "ab 5000")
# make it no amount: they are words, and reading the number alone would drop what they say. ISO
# codes count in capitals only: "top", "all" and "try" are words before they are currencies.
LOCAL_UNITS = {
    "kr": ("DKK", "ISK", "NOK", "SEK"), "fr": ("CHF",), "sfr": ("CHF",), "k\u010d": ("CZK",), "ft": ("HUF",),
    "rp": ("IDR",), "rm": ("MYR",), "rs": ("INR", "LKR", "NPR", "PKR"), "r": ("ZAR",),
    "\u0440\u0443\u0431": ("BYN", "RUB"),  # "\u0440\u0443\u0431.", the ruble of Russia and of Belarus
}  # fmt: skip
# A unit standing for several currencies is handed on as their codes joined by this (never stored).
SEVERAL = "|"
_CODE_WORD = "|".join(sorted(CURRENCY_CODES))
_LOCAL_WORD = "|".join(sorted(LOCAL_UNITS, key=len, reverse=True))
_SPACES = "\\s\u00a0\u202f'\u2019"  # thousands may be grouped by spaces, thin spaces or apostrophes
# Digits grouped in threes, or in India's lakh and crore grouping: the last three, then pairs ("1,20,000" is
# 120,000; "12,50,000.00" 1,250,000), which India, Pakistan, Nepal and Sri Lanka write with a decimal point.
_INDIAN_GROUPED = "[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}"
_WELL_FORMED = rf"(?:[0-9]+|[0-9]{{1,3}}(?:[.,{_SPACES}][0-9]{{3}})+|{_INDIAN_GROUPED})(?:[.,][0-9]+)?"
# A number's size word or letter after it, in any case: "$1.2K", "850k", "3M", "2MM", "1.5bn", "4 Mio. EUR",
# and as other languages write them: Indian lakh and crore ("5 lakh", "2 Cr"), Russian ("5 млн", "250 тыс."),
# Polish and Italian ("5 mln", "3 tys."), Chinese and Japanese ("5万", "2億"), Swedish "md" and "mdr" and
# Danish "mia." (billions). "L", Indian shorthand for a lakh, is left out: it is also the sign of the lek,
# the lempira and the leu, and an amount written with it is no amount.
_SCALES = {
    "k": 1e3, "thousand": 1e3, "tys": 1e3, "\u0442\u044b\u0441": 1e3, "\u0442\u044b\u0441\u044f\u0447": 1e3, "\u5343": 1e3,
    "\u4e07": 1e4, "\u842c": 1e4,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5,
    "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6, "mln": 1e6, "million": 1e6, "\u043c\u043b\u043d": 1e6, "\u767e\u4e07": 1e6,
    "cr": 1e7, "crs": 1e7, "crore": 1e7, "crores": 1e7, "\u5343\u4e07": 1e7,
    "\u5104": 1e8, "\u4ebf": 1e8,
    "b": 1e9, "bn": 1e9, "mrd": 1e9, "mld": 1e9, "md": 1e9, "mdr": 1e9, "mia": 1e9, "billion": 1e9,
    "\u043c\u043b\u0440\u0434": 1e9,
}  # fmt: skip
_SCALE = f"(?i:{'|'.join(re.escape(word) for word in sorted(_SCALES, key=len, reverse=True))})"
_SCALE_NAMES = {
    1e3: "thousand", 1e4: "ten thousand", 1e5: "hundred thousand", 1e6: "million", 1e7: "ten million",
    1e8: "hundred million", 1e9: "billion",
}  # fmt: skip
# A "T" glued to a currency is a thousand, as Swedish and German reports write it ("400 tkr", "3 TSEK",
# "TEUR", "T€"); alone it could be a trillion.
_GLUED_THOUSAND = ("T", "t")
_THOUSAND_LETTER = f"[{''.join(_GLUED_THOUSAND)}]"
# The letters of a currency a scale may be glued to: its ISO code ("MSEK", "kEUR", "2MUSD") or "kr" ("4 Mkr",
# "40 kkr", "1 mdkr"): Scandinavian reports write kronor so. No other local word: "Br" is the birr, not a
# billion rand.
_GLUED_LOCAL = ("kr",)
_GLUED = f"(?:{_CODE_WORD}|(?i:{'|'.join(_GLUED_LOCAL)}))"
# A size word that means a thousand in one language and a million in another ("5 mil": 5,000 in
# Spanish and Portuguese, 5,000,000 in English shorthand; "mill" a million in Scandinavian, a
# thousandth of a dollar in American tax): never given either meaning.
_AMBIGUOUS_WORDS = ("mil", "mill", "mils")
_AMBIGUOUS_SCALE = re.compile(rf"[0-9]\s*({'|'.join(_AMBIGUOUS_WORDS)})\.?(?:[^A-Za-z]|$)", re.IGNORECASE)
# An amount is a number with at most a code or symbol word ("USD", "US$", "kr", "Fr."), signs and brackets.
# A dollar written with letters the list does not know ("AR$") is no amount: its "$" is no one dollar.
_UNIT = rf"(?:{_SYMBOL}|(?:{_CODE_WORD})\.?|(?i:{_LOCAL_WORD})\.?)"
# After the number: a scale word, then a unit apart from it (a dot or a space between; a sign such as
# "€" may touch it), or glued to a currency's letters (_GLUED: "5kEUR", "4 Mkr"), or a unit alone. A scale
# glued to other letters ("700 Br") is no amount: read apart, it was stored as 700 in the reporting currency.
_AFTER_NUMBER = (rf"(?:{_SCALE}(?:{_GLUED}\.?|\.?\s*(?:{_SIGN_SYMBOL})?|(?:\.\s*|\s+){_UNIT})"
                 rf"|{_THOUSAND_LETTER}(?:{_GLUED}\.?|{_SIGN_SYMBOL})|{_UNIT})")
# A minus is "-" or the typographic "\u2212" some locales' spreadsheets write; a unit may stand outside a
# negative's brackets, as Excel's accounting format writes it ("$ (1,200.00)").
_MINUS = "-\u2212"
_AMOUNT = (rf"^(?:{_UNIT}\s*)?\(?[{_MINUS}+]?\s*{_UNIT}?\s*[{_MINUS}+]?\s*{_WELL_FORMED}\s*{_AFTER_NUMBER}?\s*"
           rf"[{_MINUS}]?\)?$")
_PERCENT = rf"^[-+]?\s*{_WELL_FORMED}\s*%?$"
# A currency and a dash alone ("$ -", "€ -", "- kr"): how Excel's accounting format shows zero, which
# a CSV saved from Excel writes as shown.
_ACCOUNTING_ZERO = rf"^\(?\s*{_UNIT}\s*[-\u2013\u2014]{{1,2}}\s*\)?$|^\s*[-\u2013\u2014]{{1,2}}\s*{_UNIT}\s*$"
_AROUND_NUMBER = "".join(sorted(set("".join(CURRENCY_SYMBOLS)) | set("".join(_SCALES)) | set("".join(LOCAL_UNITS)))) + (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\u010d\u0142()+-\u2212% \t\u00a0\u202f'\u2019"
)

EXCEL_EPOCH_OFFSET = 25569  # Excel serial day of 1970-01-01 (serial 1 is 1900-01-01, via 1899-12-30)
# In a workbook of the 1904 date system (old Mac Excel, and workbooks made from one) serial 0 is 1904-01-01,
# 1,462 days later: its numbers read by the 1900 system were 4 years and a day early.
EXCEL_1904_OFFSET = EXCEL_EPOCH_OFFSET - 1462
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm]|Z|[+-]\d{2}:?\d{2})?)?"
_YMD = rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}$"
_DM = rf"^(\d{{1,2}})([-/.])(\d{{1,2}})[-/.](\d{{4}}|\d{{2}}){_TIME}$"
# A month's name in letters with accents ("März", "août"); a Spanish or Portuguese "de" may join the parts.
_MONTH_WORD = "([A-Za-z\u00c0-\u00ff]{3,10})"
# A time after the date is the day's ("1. März 2026 10:00", "Mar 5, 2024 3:30 PM").
_CLOCK = r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?"
_DAY_NAMED = rf"^(\d{{1,2}})(?:er)?[-\s/.]*(?:de\s+)?{_MONTH_WORD}\.?[-\s/.,]*(?:de\s+)?(\d{{4}}|\d{{2}}){_CLOCK}$"  # 1er mars 2024
_NAMED_DAY = rf"^{_MONTH_WORD}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_CLOCK}$"  # Mar 5, 2024


def accounting_zero(text: pl.Expr) -> pl.Expr:
    """Whether an amount's text is a currency and a dash alone ("$ -"): zero in Excel's accounting format."""
    return text.str.contains(_ACCOUNTING_ZERO)


# The ",-" (or ",--", ",–") after a whole amount's digits that stands for no cents: "1.200,-".
_WHOLE_UNITS = r"([0-9]),[-\u2013\u2014]{1,2}($|[^0-9\-\u2013\u2014])"

POINT, COMMA = ".", ","
DECIMAL_MARK_NAMES = {POINT: "decimal point (1,234.56)", COMMA: "decimal comma (1.234,56)"}
# The scale after the number, as written: its word (and the currency's letters glued to it), or a "T" glued to
# a currency. A currency comes first, so its own letters are never a scale: "5 Kč" is five koruna, "5 B$" five
# Brunei dollars, "5 kr" five kronor (each had been read as a thousand or a billion, the letter after it
# taken for no letter). Bounded by any script's non-letter ("5 млн", "5万").
_SCALE_AFTER_NUMBER = (
    rf"[0-9]\s*(?:{_UNIT}(?:[^\p{{L}}]|$)|(?:(?P<word>{_SCALE})(?P<glued>{_GLUED})?"
    rf"|(?P<thousand>{_THOUSAND_LETTER})(?:(?P<thousand_glued>{_GLUED})|{_SIGN_SYMBOL}))\.?(?:{_SIGN_SYMBOL}|[^\p{{L}}]|$))"
)
_GROUPED_POINT = rf"^(?:[0-9]+|[0-9]{{1,3}}(?:,[0-9]{{3}})+|{_INDIAN_GROUPED})(?:\.[0-9]+)?$"  # 1,234.56, 1234.5, 1,20,000.50
_GROUPED_COMMA = r"^(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)(?:,[0-9]+)?$"  # 1.234,56 and 1234,5


@dataclass(frozen=True)
class DecimalMark:
    """The one decimal mark of a file's amounts, and the rule that chose it (or why none could be)."""

    mark: str | None  # POINT or COMMA; None when nothing in the file settles it, or no amount needs one
    rule: str  # one sentence naming the rule, for the file report; "" when no amount needs a mark
    # What a clue other than the amounts said (money.continental_hints): a noun phrase quoting the file
    # ("the file's ';' delimiter"), and whether it is one thing ("shows") or several ("show").
    clue: str = ""
    clue_one: bool = False
    # The mark rests on such a clue, or such a clue disagrees with the amounts: the Data page offers the choice.
    offered: bool = False
    needed: bool = True  # False when every amount reads the same with either mark (1500, 80): no rule to name

    @property
    def name(self) -> str:
        if not self.needed:
            return "not needed (no amount has a decimal or thousands separator)"
        return DECIMAL_MARK_NAMES.get(self.mark or "", "not settled")


# Ends every note that asks the user to settle the date order (the Data page offers the choice then), naming the
# command line's flag for it: "Choose the date order if that is wrong." named none, so the command line's reader
# had no way to find it.
CHOOSE_DATE_ORDER = f"If that is wrong, choose the date order{command_line_hint('--day-first', 'yes or no, and ingest again')}."
# Ends a sentence on dates that one day/month order puts wrong and the other right (a close date before the
# created date): the order, not the dates, may be at fault, and choosing it is the fix.
CHOOSE_DATE_ORDER_FIX = (
    "as the dates are read, but not in the other day/month order: if that is the file's, choose the date order"
    f"{command_line_hint('--day-first', 'yes or no, and ingest again')}"
)
# Ends a decimal-mark rule that rests on something other than the amounts (the Data page offers the choice then).
CHOOSE_DECIMAL_MARK = f"If that is wrong, choose the decimal mark{command_line_hint('--decimal-mark', 'point or comma, and ingest again')}."

def money(col: pl.Expr, decimal_mark: str | None = None) -> pl.Expr:
    """Amount as Float64: "USD 485,000.00", "1.234,50 €", "(1,200.00)" -> -1200.0, "$1.2K" -> 1200.0.

    Null when blank, unparseable, or when its reading depends on a decimal mark that neither
    `decimal_mark` nor the column itself settles ("45.000" alone could be 45 or 45,000).
    """
    return col.map_batches(lambda raw: amount_readings(raw, decimal_mark).get_column("value"), return_dtype=pl.Float64)


def amount_readings(raw: pl.Series, decimal_mark: str | None = None, hints: DecimalMark | None = None) -> pl.DataFrame:
    """Every value's amount under the column's decimal mark; run it on distinct values.

    Columns: "value" (Float64, scale words applied, null when not an amount or not settled) and
    "unsettled" (True where the text is an amount whose size depends on a decimal mark nothing
    settled). `decimal_mark` forces the mark; otherwise `decimal_mark_of` decides from the
    values themselves and then from `hints` (what the rest of the file says).
    """
    shapes = amount_shapes(raw)
    mark = DecimalMark(decimal_mark, "") if decimal_mark else decimal_mark_of(shapes, hints)
    return read_with(shapes, mark.mark)


def ambiguous_scale(text: str | None) -> str | None:
    """The size word of an amount that could mean a thousand or a million ("mil" of "5 mil"), as
    written; None when it has none."""
    found = _AMBIGUOUS_SCALE.search(text or "")
    return found.group(1) if found else None


def scale_name(scale: float) -> str:
    """The word for a scale: 1e6 -> "million"."""
    return _SCALE_NAMES[scale]


def _scale_written(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(the scale of an amount's text as written, with the currency letters glued to it: "k" of "5k€", "tkr"
    of "400 tkr", "MSEK"; what it multiplies the number by, Float64: 1e3), each null where it has none."""
    found = text.str.extract_groups(_SCALE_AFTER_NUMBER).struct
    word, thousand = found.field("word"), found.field("thousand")
    written = pl.concat_str(pl.coalesce(word, thousand), pl.coalesce(found.field("glued"), found.field("thousand_glued"), pl.lit("")))
    scale = pl.coalesce(word.str.to_lowercase().replace_strict(_SCALES, default=None, return_dtype=pl.Float64),
                        pl.when(thousand.is_not_null()).then(pl.lit(1e3)))
    return written, scale


def scale_rule(texts: pl.Series, read: pl.Series) -> str | None:
    """The file report's one sentence on amounts written short, when some are: the first such amount
    and what it is read as, then every scale letter or word the file uses and its meaning, as the file
    writes them ("'USD 5k' is read as 5,000 (k or K = thousand; M = million).", "'400 tkr' is read as
    400,000 (tkr = thousand)."); None when no amount is written with one.

    `texts`: the file's distinct amount texts in file order; `read`: the value each was read as
    (null where it was not an amount). M and m are both a million (so is MM); a word that could be a
    thousand or a million ("mil") is no scale: such an amount is quarantined (ambiguous_scale).
    """
    frame = pl.DataFrame({"text": texts.cast(pl.String), "value": read.cast(pl.Float64)}).filter(pl.col("value").is_not_null())
    word, scale = _scale_written(pl.col("text"))
    frame = frame.with_columns(word=word, scale=scale).filter(pl.col("word").is_not_null())
    if frame.height == 0:
        return None
    spellings: dict[float, list[str]] = {}
    for word, scale in frame.select("word", "scale").unique(maintain_order=True).iter_rows():
        spellings.setdefault(scale, []).append(word)
    legend = "; ".join(f"{' or '.join(words)} = {_SCALE_NAMES[scale]}" for scale, words in spellings.items())
    text, value = frame.row(0)[:2]
    shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"'{text.strip()}' is read as {shown} ({legend})."


def amount_shapes(raw: pl.Series) -> pl.DataFrame:
    """Per value: its text, its number read with either mark, which mark its own shape needs, its scale.

    Columns: text, valid (Bool), point and comma (Float64: the number with "." or "," as the
    decimal mark, null where that reading is malformed), says (POINT, COMMA or null: the one
    reading its shape allows, "1,234.56" or "12,5"), negative (Bool), scale (Float64).
    """
    # A whole amount in German, Austrian and Swiss writing ends in ",-" ("1.200,-", "15.000,- €": no cents); read
    # as ",00", which it means, before its dash could be taken for a minus sign. Made once, as a column: each
    # expression below that read it as an expression replaced it again.
    stripped = pl.col("text").str.strip_chars()
    frame = pl.DataFrame({"text": raw.cast(pl.String)}).select(
        stripped, stripped.str.replace(_WHOLE_UNITS, "${1},00${2}").alias("read"))
    text = pl.col("read")
    # Codes, symbols, scale words, signs and brackets sit around the number: strip them rather than search for it.
    # "Fr. 12" keeps its abbreviation's dot once the letters go; a dot before a digit (".5") is the number's.
    digits = (
        text.str.strip_chars_start(_AROUND_NUMBER).str.replace(r"^\.\s+", "").str.strip_chars_start("( ")
        .str.strip_chars_end(_AROUND_NUMBER + ".")
    )
    zero = accounting_zero(text)  # "$ -" is 0, by the rule the file report names (money.accounting_zero_note)
    frame = frame.with_columns(
        digits=pl.when(zero).then(pl.lit("0")).otherwise(digits.str.replace_all(f"[{_SPACES}]", "")),
        valid=text.str.contains(_AMOUNT) | zero,
        negative=~zero & text.str.contains(rf"^[^0-9]*[{_MINUS}]|[{_MINUS}]\s*$|^[^0-9]*\("),
        scale=_scale_written(text)[1].fill_null(1.0),
    )
    digits_col = pl.col("digits")
    point_ok, comma_ok = digits_col.str.contains(_GROUPED_POINT), digits_col.str.contains(_GROUPED_COMMA)
    frame = frame.with_columns(
        point=pl.when(point_ok).then(digits_col.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)),
        comma=pl.when(comma_ok).then(
            digits_col.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        ),
        says=pl.when(point_ok & ~comma_ok).then(pl.lit(POINT)).when(comma_ok & ~point_ok).then(pl.lit(COMMA)),
    )
    return frame.drop("digits", "read")


def decimal_mark_of(shapes: pl.DataFrame, hints: DecimalMark | None = None) -> DecimalMark:
    """The file's decimal mark: from amounts whose shape allows one reading, else from `hints`.

    Amounts that show both marks leave the mark unsettled (None), as does a file that shows neither
    and whose hints settle nothing. When no amount's reading depends on the mark ("1500", "80"), no
    mark is needed and none is named, whatever the hints say. When a hint points the other way from
    the amounts, the amounts decide and the rule says so, offering the choice.
    """
    valid = shapes.filter(pl.col("valid"))
    point, comma = pl.col("point"), pl.col("comma")
    if not valid.filter(pl.col("says").is_not_null() | point.is_null() | comma.is_null() | (point != comma)).height:
        return DecimalMark(None, "", needed=False)
    examples = {
        mark: valid.filter(pl.col("says") == mark).get_column("text").head(1).to_list() for mark in (POINT, COMMA)
    }
    if examples[POINT] and examples[COMMA]:
        return DecimalMark(
            None,
            f"Amounts are written both with a decimal point ('{examples[POINT][0]}') and with a decimal comma "
            f"('{examples[COMMA][0]}'): each is read as written, and one that could be either is not guessed.",
        )
    for mark, example in examples.items():
        if not example:
            continue
        rule = f"Amounts use a {DECIMAL_MARK_NAMES[mark]}, as '{example[0]}' shows."
        if hints is not None and hints.mark is not None and hints.mark != mark:
            # The amounts' own shape is the stronger evidence, but the file is not settled silently.
            points = "points" if hints.clue_one else "point"
            return DecimalMark(mark, f"{rule[:-1]}, though {hints.clue} {points} to a {DECIMAL_MARK_NAMES[hints.mark]}. "
                                     f"{CHOOSE_DECIMAL_MARK}", hints.clue, hints.clue_one, offered=True)
        return DecimalMark(mark, rule)
    if hints is not None and hints.mark:
        return hints
    return DecimalMark(None, "No amount shows which mark is the decimal one" + (f" ({hints.rule})" if hints and hints.rule else "") + ".")


# ISO 4217's currencies with three decimal places (a thousandth as the minor unit): in these, and only in
# these, "1,250" may well be 1.25 (grouped_thousands_mark).
THOUSANDTHS_CURRENCIES: Final = frozenset({"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"})


def grouped_thousands_mark(shapes: pl.DataFrame, hints: DecimalMark | None = None) -> DecimalMark | None:
    """The decimal mark of a file whose amounts only read two ways as one to three digits, one
    separator and three more ("$12,000", "8.500 €"), all with the same separator: that separator
    groups thousands, as an amount is not written to a thousandth in a currency with cents. None
    when any amount shows a mark of its own, when none reads two ways, when the separators differ,
    or when one could not group thousands ("0,125"). The caller rules out currencies written to a
    thousandth (THOUSANDTHS_CURRENCIES). `shapes`: amount_shapes of the file's distinct amounts;
    `hints`: what else in the file was looked at: when it settled nothing its rule is quoted; when it
    points to the other mark (a ';' delimiter beside "1,234" and "12,500") it is outranked and named.
    """
    valid = shapes.filter(pl.col("valid"))
    if valid.filter(pl.col("says").is_not_null()).height:
        return None
    point, comma = pl.col("point"), pl.col("comma")
    both = valid.filter(point.is_not_null() & comma.is_not_null() & (point != comma))
    if not both.height or both.filter(pl.max_horizontal(point, comma) < 1000).height:
        return None
    # "12,000" reads 12000 with a decimal point and 12 with a decimal comma: the larger reading is the grouped one.
    grouped_by_comma = both.get_column("point") > both.get_column("comma")
    if grouped_by_comma.all():
        mark, separator = POINT, "comma"
    elif not grouped_by_comma.any():
        mark, separator = COMMA, "point"
    else:
        return None
    example = str(both.get_column("text")[0]).strip()
    grouped = f"{max(both.row(0, named=True)['point'], both.row(0, named=True)['comma']):,.0f}"
    if hints is not None and hints.mark is not None and hints.mark != mark:
        # A clue beside the amounts (a ';' delimiter, dotted dates) would make every such amount a thousandth
        # of itself: the amounts' own shape is the stronger evidence, and the rule says what it outranked.
        points = "points" if hints.clue_one else "point"
        against = (f"; {hints.clue} {points} to a {DECIMAL_MARK_NAMES[hints.mark]}, but that would make '{example}' "
                   f"{both.row(0, named=True)['point' if mark == COMMA else 'comma']:,.3f}, and the amounts' own shape "
                   "outranks it")
        return DecimalMark(mark, f"Amounts use a {DECIMAL_MARK_NAMES[mark]}: in '{example}' and every amount like it, the "
                                 f"{separator} groups thousands ({grouped}), as amounts are not written to a thousandth "
                                 f"in the file's currencies{against}. {CHOOSE_DECIMAL_MARK}",
                           hints.clue, hints.clue_one, offered=True)
    rule = (f"Amounts use a {DECIMAL_MARK_NAMES[mark]}: in '{example}' and every amount like it, the {separator} "
            f"groups thousands ({grouped}), as amounts are not written to a thousandth in the file's currencies "
            f"and nothing else in the file shows the decimal mark{f' ({hints.rule})' if hints and hints.rule else ''}. "
            f"{CHOOSE_DECIMAL_MARK}")
    return DecimalMark(mark, rule, offered=True)


# What a workbook's reader writes for a number cell ("1234.5", "8000", "-0.25"): digits, at most one point
# and no zero after the last decimal digit. Such a cell holds a number, not text: its point is the reader's,
# not the file's decimal mark (a German workbook's 1234,5 is written "1234.5"), so it settles nothing for the
# amounts typed as text beside it ("45.000 €"), and it is read as the number it is.
_NUMBER_CELL = r"^-?[0-9]+(?:\.[0-9]*[1-9])?$"


def with_number_cells(shapes: pl.DataFrame, typed: Collection[str] = ()) -> pl.DataFrame:
    """amount_shapes of a workbook's amounts with "number_cell" (Bool: the text is how the reader writes a
    number cell, _NUMBER_CELL, and not one of `typed`, the texts the workbook's own cell types say were typed
    as text: winloss.io.text_cells) and those read with a decimal point whatever the file's mark ("says")."""
    number = pl.col("text").str.contains(_NUMBER_CELL).fill_null(False) & ~pl.col("text").is_in(list(typed))
    return shapes.with_columns(number_cell=number, says=pl.when(number).then(pl.lit(POINT)).otherwise(pl.col("says")))


def read_with(shapes: pl.DataFrame, mark: str | None) -> pl.DataFrame:
    """The "value" and "unsettled" columns of `amount_readings` for shapes read with one decimal mark."""
    point, comma, says = pl.col("point"), pl.col("comma"), pl.col("says")
    both_same = point.is_not_null() & comma.is_not_null() & (point == comma)
    number = (
        pl.when(says == POINT).then(point)
        .when(says == COMMA).then(comma)
        .when(both_same).then(point)
        .when(pl.lit(mark == POINT)).then(point)
        .when(pl.lit(mark == COMMA)).then(comma)
    )  # fmt: skip
    signed = pl.when(pl.col("negative")).then(-number).otherwise(number) * pl.col("scale")
    unsettled = pl.col("valid") & says.is_null() & point.is_not_null() & comma.is_not_null() & ~both_same & pl.lit(mark is None)
    return shapes.select(pl.when(pl.col("valid")).then(signed).alias("value"), unsettled.alias("unsettled"))


def parsed_once(known: pl.DataFrame | None, texts: pl.Series, parse: Callable[[pl.Series], pl.DataFrame]) -> pl.DataFrame:
    """`parse` (a frame, row for row with its input) of every distinct text in `texts`, with the text
    as `key`, in the order of `texts`: the texts `known` (an earlier result) has are not parsed again."""
    texts = texts.unique(maintain_order=True).alias("key")
    if known is None:
        return parse(texts).with_columns(texts)
    new = texts.filter(~texts.is_in(known.get_column("key").implode(), nulls_equal=True))
    parsed = pl.concat([known, parse(new).with_columns(new).select(known.columns)]) if new.len() else known
    return pl.DataFrame(texts).join(parsed, on="key", how="left", nulls_equal=True, maintain_order="left")


def currency(col: pl.Expr) -> pl.Expr:
    """The ISO code written with an amount ("USD 12", "12 EUR") or implied by its symbol ("$", "€") or
    local abbreviation ("Fr. 12" -> "CHF"); for an abbreviation several currencies share, their codes
    joined by SEVERAL ("5 000 kr" -> "DKK|ISK|NOK|SEK"), which only a currency column can settle; else null."""
    text = col.cast(pl.String)
    # A code or "kr" may be glued to the number's scale ("2 MSEK", "400 tkr"): _GLUED.
    scaled = rf"[0-9.,]\s*(?:{_SCALE}|{_THOUSAND_LETTER})"
    by_code = pl.coalesce(text.str.extract(rf"(?:^|[^A-Z])({_CODE_WORD})(?:[^A-Z]|$)", 1),
                          text.str.extract(rf"{scaled}({_CODE_WORD})(?:[^A-Z]|$)", 1))
    # A symbol stands apart from other letters: the "R$" inside "AR$" is no real, nor its "$" a dollar. A
    # sign ("$", "€") may follow a number's scale letter ("5k€", "1.2M$").
    symbol = pl.coalesce(
        text.str.extract(f"(?:^|[^A-Za-z])({_LETTER_SYMBOL})", 1),
        text.str.extract(rf"(?:^|[^A-Za-z]|{scaled}\.?)({_SIGN_SYMBOL})", 1),
    )
    by_symbol = symbol.replace_strict(CURRENCY_SYMBOLS, default=None, return_dtype=pl.String)
    local = pl.coalesce(
        text.str.extract(rf"(?i)(?:^|[^A-Za-z\u010d])({_LOCAL_WORD})(?:[^A-Za-z\u010d]|$)", 1),
        text.str.extract(rf"{scaled}((?i:{'|'.join(_GLUED_LOCAL)}))(?:[^A-Za-z]|$)", 1),
    ).str.to_lowercase()
    by_local = local.replace_strict({k: SEVERAL.join(v) for k, v in LOCAL_UNITS.items()}, default=None, return_dtype=pl.String)
    return pl.coalesce(by_code, by_symbol, by_local)


# Three capital letters apart from other letters, as an ISO 4217 code is written beside an amount ("EUR 9000").
_CODE_LIKE = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")


@functools.cache
def _amount_shape() -> re.Pattern[str]:
    """An amount's shape (amount_shapes' `valid`), for one text at a time: a Polars frame a text cost 2 ms, and
    the sentence of every quarantined row asks. Compiled when first asked: it takes 50 ms, which every start of
    the app would pay."""
    return re.compile(_AMOUNT)


def unknown_code(text: str | None) -> str | None:
    """The three capital letters an amount is written with that are no currency code the app knows
    (CURRENCY_CODES, ISO 4217): "XYZ" of "XYZ 9,000.00", "9000 XYZ" or "XYZ 9k", text shaped as an amount
    with a code it knows in their place. None for any other text: "ca. 9000" and "xyz 9000" are words beside
    a number, not a code. For the sentence of an amount the app could not read (validation)."""
    found = _CODE_LIKE.findall(text or "")
    if text is None or len(found) != 1 or found[0] in CURRENCY_CODES:
        return None
    return found[0] if _amount_shape().match(_CODE_LIKE.sub("EUR", text.strip())) else None


# Windows locale ids (as a format's [$sign-LCID] writes them, in hex) that settle a sign several
# currencies share: "[$kr-41D]" is Swedish kronor, "[$$-1009]" Canadian dollars.
FORMAT_LOCALES = {
    "406": "DKK", "41D": "SEK", "414": "NOK", "814": "NOK", "40F": "ISK", "409": "USD", "1009": "CAD", "C0C": "CAD",
    "C09": "AUD", "1409": "NZD", "4809": "SGD", "C04": "HKD", "80A": "MXN", "439": "INR", "4009": "INR", "420": "PKR",
    "45B": "LKR", "461": "NPR", "411": "JPY", "804": "CNY",
    # The dollar sign as Excel's currency list writes it for other countries' dollars and pesos.
    "2C0A": "ARS", "340A": "CLP", "240A": "COP", "380A": "UYU", "3C09": "HKD", "1004": "SGD", "2C09": "TTD",
    "2809": "BZD", "404": "TWD", "540A": "USD", "500A": "USD", "300A": "USD", "440A": "USD",
}  # fmt: skip
_DOLLARS = ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN")  # what a bare "$" may be, its locale saying which
_YUAN = ("CNY", "TWD", "HKD", "MOP")  # what "\u5143" may be: the yuan, and the dollars Chinese text writes with it
# What a sign more than one currency writes may be, its locale saying which: "[$¥-804]" is the yuan.
SHARED_SIGNS = {"$": _DOLLARS, "\u00a5": ("JPY", "CNY"), "\uffe5": ("JPY", "CNY"), "\u5143": ("CNY", "TWD", "HKD", "MOP")}
# Every currency a shared sign stands for with some locale ("$": dollars and pesos), for a locale not listed.
_SIGN_CURRENCIES = {
    "$": (*_DOLLARS, "ARS", "CLP", "COP", "UYU", "TTD", "BZD", "TWD"), "\u00a5": ("JPY", "CNY"), "\uffe5": ("JPY", "CNY"),
    "\u5143": _YUAN,
}
# The same locales as the language tags newer Excel and LibreOffice write instead ("[$€-de-DE]", "[$$-en-CA]"),
# each to its Windows locale id, so both forms are one rule (FORMAT_LOCALES).
_LOCALE_TAGS = {
    "da-dk": "406", "sv-se": "41D", "nb-no": "414", "nn-no": "814", "is-is": "40F", "en-us": "409", "en-ca": "1009",
    "fr-ca": "C0C", "en-au": "C09", "en-nz": "1409", "en-sg": "4809", "zh-hk": "C04", "es-mx": "80A", "hi-in": "439",
    "en-in": "4009", "ur-pk": "420", "si-lk": "45B", "ne-np": "461", "ja-jp": "411", "zh-cn": "804", "es-ar": "2C0A",
    "es-cl": "340A", "es-co": "240A", "es-uy": "380A", "en-hk": "3C09", "zh-sg": "1004", "en-tt": "2C09",
    "en-bz": "2809", "zh-tw": "404", "es-us": "540A", "es-pr": "500A", "es-ec": "300A", "es-sv": "440A",
}  # fmt: skip
# A sign in brackets with its locale: a Windows locale id in hex ("[$€-407]") or a language tag ("[$€-de-DE]").
_FORMAT_SIGN = re.compile(r"^\[\$(.*?)(?:-([0-9A-Fa-f]{1,8}|[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})+))?\]$")


def format_sign(sign: str) -> str:
    """A sign's currency as a cell shows it: "[$€-407]" -> "€"; a literal ("kr", "USD") as it is, less a
    scale ("k€" -> "€", "TEUR" -> "EUR"); "" for a scale alone ("Mio", "K")."""
    return _sign_and_locale(sign)[0]


def _sign_and_locale(sign: str) -> tuple[str, str]:
    """(the sign's currency as a cell shows it, less a scale (`format_scale_word`), its Windows locale id in
    upper-case hex without leading zeros, or "") of one of a format's signs: "[$€-0407]" -> ("€", "407"),
    "[$$-en-CA]" -> ("$", "1009"), "kr" -> ("kr", ""), "TEUR" -> ("EUR", ""). A language tag _LOCALE_TAGS does
    not list is given as written ("[$$-es-PE]" -> ("$", "es-PE")): a locale still, which no currency is guessed from."""
    bracket = _FORMAT_SIGN.match(sign)
    text, locale = (bracket.group(1).strip(), bracket.group(2) or "") if bracket else (sign, "")
    locale = _LOCALE_TAGS.get(locale.lower(), locale) if "-" in locale else locale.upper().lstrip("0")
    scaled = format_scale_word(text)
    return (scaled[1] if scaled else text), locale


# The size words a number format's literal, or an amount column's header (header_units.header_unit), may show: an
# amount's (_SCALES), and the words formats and headers write that amounts' text is not read with: "Tsd"
# (German "Tausend": `#,##0 "Tsd. €"`), the words in the plural, and a thousand written as its zeros
# ("Amount (USD 000s)", "£'000"). A "T" glued to a currency ("TEUR", "T€", "tkr") is a thousand too, as an
# amount's is (_GLUED_THOUSAND); alone it could be a trillion.
_FORMAT_SCALES = {
    **_SCALES, "tsd": 1e3, "mln": 1e6, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
    "000": 1e3, "000s": 1e3, "'000": 1e3, "'000s": 1e3,
}  # fmt: skip
_FORMAT_SIZE_WORDS = "|".join(re.escape(w) for w in sorted([*_FORMAT_SCALES, *_AMBIGUOUS_WORDS], key=len, reverse=True))
_FORMAT_SCALE_WORD = re.compile(rf"^(?:(?i:({_FORMAT_SIZE_WORDS}))|({_THOUSAND_LETTER}))\.?(.*)$")
# A size word after a currency's sign or code: "$M", "€k", "£000s", "USD'000", "EUR m".
_SCALE_AFTER_CURRENCY = re.compile(rf"^({_SYMBOL}|{_CODE_WORD})\s*(?i:({_FORMAT_SIZE_WORDS}))\.?$")


def format_scale_word(literal: str) -> tuple[str, str] | None:
    """(the size word as written, the currency glued before or after it or "") of one of a number format's
    literals, or an amount column header's unit, that names a size word: "Mio" -> ("Mio", ""), "Tsd." ->
    ("Tsd", ""), "k€" -> ("k", "€"), "TEUR" -> ("T", "EUR"), "Mkr" -> ("M", "kr"), "$M" -> ("M", "$"),
    "USD 000s" -> ("000s", "USD"), "万" -> ("万", ""), "mil" -> ("mil", ""); None when it names none. A size
    word is read glued only to a currency's code or sign or to "kr", as an amount's is (so "kg" is none), and
    a currency's own letters come first: "B$" is Brunei's dollar, "T$" Tonga's pa'anga and "Kč" the Czech
    koruna, not a billion or a thousand of anything."""
    text = literal.strip()
    if text in CURRENCY_SYMBOLS or text in CURRENCY_CODES or text.lower().rstrip(".") in LOCAL_UNITS:
        return None
    if (after := _SCALE_AFTER_CURRENCY.match(text)) is not None:
        return after.group(2), after.group(1)
    found = _FORMAT_SCALE_WORD.match(text)
    if found is None:
        return None
    word, rest = found.group(1) or found.group(2), found.group(3).strip()
    glued = rest in CURRENCY_CODES or rest in CURRENCY_SYMBOLS or rest.lower().rstrip(".") in _GLUED_LOCAL
    if (rest and not glued) or (word in _GLUED_THOUSAND and not rest):
        return None
    return word, rest


def is_currency_unit(text: str) -> bool:
    """Whether `text` is a currency's unit alone, as an amount may write it beside its number: an ISO code in
    capitals, a symbol, or a local abbreviation ("EUR", "€", "US$", "kr", "Fr."); "EUR/USD" and "euros" are not."""
    return re.fullmatch(_UNIT, text.strip()) is not None


@dataclass(frozen=True)
class FormatScale:
    """What a cell's number format says of the size of the number it holds (format_scale)."""

    factor: float = 1.0  # the cell's value times this is the amount: 1.0 when nothing is to be applied
    scale: float = 1.0  # the scale its word names (1e6 for "Mio"), 1.0 when it names none
    word: str = ""  # that word, as written ("Mio", "T" of "TEUR")
    commas: int = 0  # how many times the format divides the number it shows by 1,000 (its trailing commas)
    # Why the size cannot be told, as what the format does ("shows 'mil', which means a thousand in some
    # languages and a million in others"), else None: the amount is then not read.
    unsettled: str | None = None


def format_scale(sections: Iterable[tuple[Iterable[str], int]]) -> FormatScale:
    """The scale a cell's number format shows, from the sections a positive number may be shown by
    (winloss.io.cell_formats.positive_sections: each section's signs and trailing commas).

    `0.0 "Mio €"` shows millions of the cell's value: factor 1e6. Excel's own trailing commas divide
    what is shown by 1,000 each while the value stays whole, so `#,##0,"K"` shows thousands of a value
    already in units: factor 1; in general the word's scale over 1,000 per comma. With no word
    (`#,##0,`) the value is read as it is. A word that could be a thousand or a million ("mil", as
    in an amount's text: ambiguous_scale), several scales in one section, or sections that would read
    the value differently, leave the size unsettled: never guessed.
    """
    readings: list[FormatScale] = []
    for signs, commas in sections:
        words = [found[0] for sign in signs for literal in _FORMAT_SIGN.sub(r"\1", sign).split()
                 if (found := format_scale_word(literal))]
        if ambiguous := next((w for w in words if w.lower() in _AMBIGUOUS_WORDS), None):
            return FormatScale(unsettled=f"shows '{ambiguous}', which means a thousand in some languages and a million in others")
        scales = {1e3 if w in _GLUED_THOUSAND else _FORMAT_SCALES[w.lower()] for w in words}
        if len(scales) > 1:
            return FormatScale(unsettled=f"names several scales ({', '.join(dict.fromkeys(words))})")
        if not words:  # `#,##0,"€"` shows thousands and names none: the value is read as it is
            readings.append(FormatScale(commas=commas))
            continue
        scale = scales.pop()
        readings.append(FormatScale(scale / 1000**commas, scale, words[0], commas))
    if len({r.factor for r in readings}) > 1:
        shown = ", ".join(dict.fromkeys(r.word or "no word" for r in readings))
        return FormatScale(unsettled=f"shows different scales in its sections ({shown})")
    return readings[0] if readings else FormatScale()


def unsettled_shared_sign(signs: str | None) -> str | None:
    """The sign several currencies write ("$", "¥") that a cell's number format shows with no locale
    ("$#,##0", "[$$]"), read as its commonest currency; else None ("[$$-409]" is US dollars, "[$$-340A]"
    Chilean pesos, "€" one currency)."""
    for sign in (signs or "").split(" "):
        text, locale = _sign_and_locale(sign)
        if text in SHARED_SIGNS and not locale:  # a locale settles it, or leaves it unsettled (format_currency)
            return text
    return None


def format_currency(signs: str | None) -> str | None:
    """The ISO code the currency signs of a cell's number format name (winloss.io.cell_formats:
    "[$€-407]", "£", "kr", "[$kr-41D]", "[$USD]", joined by a space), read as an amount's own sign
    is (`currency`), its locale settling a sign several currencies share; for a sign it does not
    settle ("kr"), or signs naming different currencies, the codes joined by SEVERAL; None when
    no sign names a currency ("K", "units")."""
    codes: list[str] = []
    for sign in (signs or "").split(" "):
        text, locale = _sign_and_locale(sign)
        code = pl.select(currency(pl.lit(text, pl.String))).item() if text else None
        settled = FORMAT_LOCALES.get(locale)
        choices = SHARED_SIGNS.get(text) or tuple((code or "").split(SEVERAL))
        if settled is not None and (settled in choices or text in SHARED_SIGNS):
            code = settled  # "[$$-340A]" is Chile's peso, whatever else "$" may be
        elif locale and text in SHARED_SIGNS:
            # A locale this table does not know names some other dollar or peso: not guessed as the commonest.
            code = SEVERAL.join(sorted(_SIGN_CURRENCIES[text]))
        for one in (code or "").split(SEVERAL):
            if one and one not in codes:
                codes.append(one)
    return SEVERAL.join(sorted(codes)) if codes else None


# Currency names as CRMs write them in a currency column (Dynamics writes "US Dollar", "Euro") that the ISO 4217
# names and their translations (currency_names) do not give: common English names, and the names CRMs in other
# languages write ("日本円", Dynamics in Japanese; "Dollar US", French CRMs).
CURRENCY_NAMES = {
    "us dollar": "USD", "us dollars": "USD", "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
    "pound sterling": "GBP", "british pound": "GBP", "pound": "GBP", "japanese yen": "JPY", "yen": "JPY",
    "canadian dollar": "CAD", "australian dollar": "AUD", "new zealand dollar": "NZD", "swiss franc": "CHF",
    "swedish krona": "SEK", "norwegian krone": "NOK", "danish krone": "DKK", "indian rupee": "INR",
    "chinese yuan": "CNY", "yuan renminbi": "CNY", "singapore dollar": "SGD", "hong kong dollar": "HKD",
    "brazilian real": "BRL", "mexican peso": "MXN", "polish zloty": "PLN", "south african rand": "ZAR",
    "dollar us": "USD", "dollars us": "USD", "dollar des états-unis": "USD", "dólar americano": "USD",
    "日本円": "JPY", "人民元": "CNY", "英ポンド": "GBP", "米ドル": "USD", "美元": "USD", "日元": "JPY", "欧元": "EUR",
}  # fmt: skip
# The currencies read by their names in every language below (currency_names): the ones CRMs are set up in most.
NAMED_CURRENCIES = ("EUR", "USD", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "INR", "SEK", "NOK", "DKK", "PLN", "BRL", "MXN")
# The languages, besides English, whose names of them are read: those the presets read headers in, and Japanese,
# Chinese and Korean, as pycountry's translations of ISO 4217 name them (its locale folders).
_NAME_LANGUAGES = ("fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "pl", "ja", "zh_CN", "ko")


def currency_name_key(name: str) -> str:
    """A currency's name as currency_code looks it up: lower case, each run of spaces one space."""
    return re.sub(r"[\s\u00a0]+", " ", name.strip().lower())


@functools.cache
def currency_names() -> dict[str, str]:
    """Every currency name a currency column is read by (its key: currency_name_key) -> its ISO 4217 code: the ISO names of
    NAMED_CURRENCIES ("Pound Sterling", "Yen") and pycountry's translations of them ("Livre sterling", "Dólar
    estadounidense", "円"), then CURRENCY_NAMES. Built once, on the first currency column read (a few
    hundredths of a second: pycountry's catalogues)."""
    names: dict[str, str] = {}
    iso = {code: found.name for code in NAMED_CURRENCIES if (found := pycountry.currencies.get(alpha_3=code)) is not None}
    for language in (None, *_NAME_LANGUAGES):
        translate = (gettext.translation("iso4217", pycountry.LOCALES_DIR, languages=[language], fallback=True).gettext
                     if language else str)
        for code, name in iso.items():
            names.setdefault(currency_name_key(translate(name)), code)
    return {**names, **{currency_name_key(name): code for name, code in CURRENCY_NAMES.items()}}

# What names a currency or a size without being a unit an amount or a header is read in (names_money_words):
# a currency's name ("euros", "Franken"), the word currency in the languages the presets read ("Firmenwährung"),
# the words that name a currency by its role ("Value (Local)", "Est. Revenue (Base)": which one is not said), the
# stems of the size words in any language's form ("thousands", "Tausend", "millones", "milliers", "miljard"), the
# letters a currency's sign is written in ("zł", "lei"), and a size word glued to a currency's code in any case
# ("keur", "EURm").
_CURRENCY_NOUNS = frozenset({
    *(name.split()[-1] for name in CURRENCY_NAMES), "franc", "franken", "krona", "kronor", "krone", "kroner", "rupee",
    "currency", "currencies", "devise", "devises", "moneda", "monedas", "valuta", "moeda",
    "local", "base", "home", "company", "corporate", "reporting", "functional", "original", "foreign", "transaction",
})  # fmt: skip
_CURRENCY_ENDINGS = ("w\u00e4hrung", "waehrung", "currency")
_SIZE_STEMS = ("thousand", "hundred", "million", "billion", "trillion", "milliard", "tausend", "mil", "lakh", "lac",
               "crore", "tsd", "mio", "mrd")  # fmt: skip
_LETTER_SIGNS = frozenset(sign.lower() for sign in CURRENCY_SYMBOLS if sign.isalpha())
_GLUED_ANY_CASE = re.compile(rf"^(?:(?:{_FORMAT_SIZE_WORDS}|{_THOUSAND_LETTER})(?:{_GLUED})|(?:{_CODE_WORD})(?:{_FORMAT_SIZE_WORDS}))$",
                             re.IGNORECASE)


def names_money_words(text: str) -> bool:
    """Whether `text` (a header's words) names a currency or a size in any form, a unit or not: a currency's
    sign or a digit anywhere ("$", "'000", "2024": a thousand may be written as its zeros), a word that is a
    currency's code in any case ("usd", the "EUR" of "EUR/USD"), its local unit ("kr"), its name ("euros"), the
    word currency ("Währung") or a currency's role ("local", "base"), or a size word alone, glued to a currency ("TEUR", "keur") or in any language's
    form ("T", "Mio.", "thousands", "millones", "万"). False for plain words: "converted", "gerundet", "approx.",
    "excl. VAT"."""
    if any(ch.isdigit() or unicodedata.category(ch) == "Sc" for ch in text):
        return True
    lowered = text.lower()
    if any(word in lowered for word in _FORMAT_SCALES if not word.isascii()):  # "万", "тыс": no spaces around them
        return True
    for word in re.findall(r"[^\W\d_]+", lowered):
        singular = word[:-1] if word.endswith("s") else word
        if (word.upper() in CURRENCY_CODES or word in LOCAL_UNITS or word in _LETTER_SIGNS
                or {word, singular} & _CURRENCY_NOUNS or word.endswith(_CURRENCY_ENDINGS) or word in _FORMAT_SCALES or word in _AMBIGUOUS_WORDS
                or word in _GLUED_THOUSAND or word.startswith(_SIZE_STEMS) or _GLUED_ANY_CASE.match(word)):
            return True
    return False


def currency_code(col: pl.Expr) -> pl.Expr:
    """A currency column's value as an ISO code: "usd", "EUR", "$", "US Dollar" -> "USD"; null when blank.

    A value that is none of these (a word, a number, three letters that are no ISO 4217 code such
    as "XYZ") becomes the empty string, so the caller can
    tell "no currency" from "a currency we cannot read".
    """
    text = col.cast(pl.String).str.strip_chars()
    upper = text.str.to_uppercase()
    by_name = text.str.to_lowercase().str.replace_all(r"[\s\u00a0]+", " ").replace_strict(currency_names(), default=None)
    by_symbol = text.replace_strict(CURRENCY_SYMBOLS, default=None, return_dtype=pl.String)
    by_code = pl.when(upper.is_in(sorted(CURRENCY_CODES))).then(upper)
    return pl.when(text.is_null() | (text == "") | text.is_in(["-", "\u2014"])).then(None).otherwise(
        pl.coalesce(by_code, by_symbol, by_name, pl.lit(""))
    )


@dataclass(frozen=True)
class Probabilities:
    """A probability column's distinct texts read on one scale for the whole file (`probabilities`)."""

    texts: pl.Series  # every distinct text
    values: pl.Series  # Float64, row for row with `texts`: its percentage (0..100), null where not read
    rule: str | None  # the file report's sentence on the scale, None when there is nothing to settle


# A header that names percent as its unit: "Probability (%)", "Win probability %", "Probability in %".
_PERCENT_HEADER = re.compile(r"%|\bpercent\b|\bpct\b|\bprozent\b|\bpourcentage\b|\bporcentaje\b", re.IGNORECASE)


def probabilities(texts: pl.Series, header: str) -> Probabilities:
    """The percentages (0..100) of a probability column's distinct `texts`, its scale settled once for the
    whole column, by a rule `rule` names for the file report:

    - a value with a % sign ("75%", "75 %", a workbook cell formatted as percent) is a percentage;
    - a plain number more than 1 ("75") can only be a percentage: the column is in percent (0-100), as it is
      when its header names percent ("Probability (%)");
    - a column whose plain numbers all lie from 0 to 1, some strictly between ("0.75"), holds fractions of 1,
      each stored times 100; one holding only 0 and 1 is read so too (1 is 100%: a 1% chance on every such
      deal is not what a CRM writes), and the rule says how to write them otherwise;
    - a column holding both fractions ("0.75") and percentages ("75%", "75", or a header naming percent
      over values that are all fractions) leaves a plain number from 0 to 1 open: 0.5 may be 0.5% or 50%.
      Such values are not read (null), and their rows are quarantined (validation says why).

    Values outside 0-100% on the settled scale are read as they are, for validation to quarantine.
    """
    texts = texts.cast(pl.String)
    value = _percent_numbers(texts)
    signed = texts.str.contains("%", literal=True).fill_null(False) & value.is_not_null()
    size = value.abs()
    plain = ~signed & value.is_not_null()
    fraction = plain & (size > 0) & (size < 1)
    one = plain & (size == 1)
    percentages = signed | (plain & (size > 1))  # only a percentage is written so
    named = bool(_PERCENT_HEADER.search(header or ""))
    said = bool(percentages.any())
    shown = header or "Probability"
    if fraction.any() and (said or named):
        if named and said:  # the header says percent and values more than 1 agree: 0.5 is 0.5%
            return Probabilities(texts, value, percent_rule(shown, _example(texts, percentages), header_named=True))
        unread = plain & (size > 0) & (size <= 1)
        read = pl.select(pl.when(pl.lit(unread)).then(None).otherwise(pl.lit(value))).to_series().alias(value.name)
        return Probabilities(texts, read, mixed_scale_rule(shown, _example(texts, fraction), _example(texts, percentages)))
    if fraction.any() or (one.any() and not said and not named):
        return Probabilities(texts, value * 100, fraction_rule(shown, _example(texts, fraction | one) or "1"))
    if said or named:
        return Probabilities(texts, value, percent_rule(shown, _example(texts, percentages), header_named=named))
    return Probabilities(texts, value, None)  # zeros alone, or nothing read: 0 is 0% on either scale


def _example(texts: pl.Series, which: pl.Series) -> str | None:
    """The first of `texts` where `which` holds, stripped; None when none does."""
    found = texts.filter(which).head(1).str.strip_chars()
    return found.item() if found.len() else None


def percent_rule(header: str, example: str | None, *, header_named: bool) -> str:
    """The file report's sentence for a probability column read as percentages."""
    if example is None:
        because = "its header names percent"
    elif header_named:
        because = f"its header names percent and values such as '{example}' agree"
    elif "%" in example:
        because = f"values such as '{example}' are written with a % sign"
    else:
        because = f"values such as '{example}' are more than 1, which no fraction of 1 is"
    return f"Probability: '{header}' is read as percent (0–100), as {because}."


def fraction_rule(header: str, example: str) -> str:
    """The file report's sentence for a probability column read as fractions of 1."""
    return (f"Probability: '{header}' is read as fractions of 1 (0–1), each stored as a percentage ('{example}' is "
            f"{_times_100(example)}%), as every value lies from 0 to 1. If they are percentages, write them with a % "
            "sign ('1%') and upload the file again.")


def mixed_scale_rule(header: str, fraction: str | None, percentage: str | None) -> str:
    """The file report's sentence for a probability column whose scale its values leave open."""
    held = (f"holds both fractions of 1 such as '{fraction}' and percentages such as '{percentage}'" if percentage is not None
            else f"names percent in its header but holds fractions of 1 such as '{fraction}'")
    return (f"Probability: '{header}' {held}, so a value from 0 to 1 could be read either way: its rows are quarantined, "
            "the others read as percent (0–100). Write every probability with a % sign ('50%') and upload the file again.")


def _times_100(text: str) -> str:
    """A plain number written as its percentage ("0.75" -> "75", "1" -> "100")."""
    number = pl.select(percent_value(pl.lit(text))).item()
    return "?" if number is None else f"{number * 100:.10g}"


def percent_value(col: pl.Expr) -> pl.Expr:
    """A probability's number as written, on no scale ("75%" -> 75.0, "0,5" -> 0.5), null if it is none."""
    return col.map_batches(_percent_numbers, return_dtype=pl.Float64)


def open_probability(text: str | None) -> bool:
    """Whether a probability as written is a plain number from 0 to 1 (no % sign, not 0): a value a column
    holding both fractions and percentages leaves unread (`probabilities`)."""
    if text is None or "%" in text:
        return False
    number = pl.select(percent_value(pl.lit(text, pl.String))).item()
    return number is not None and 0 < abs(number) <= 1


# The parsers below run once per column (map_batches) and build their steps as columns, because
# an expression that reuses a sub-expression is evaluated once per use.


def _percent_numbers(raw: pl.Series) -> pl.Series:
    text = pl.col("text")
    return _numbers(raw).select(
        pl.when(text.str.contains(_PERCENT))
        .then(pl.when(text.str.contains(r"^[^0-9]*-")).then(-pl.col("value")).otherwise(pl.col("value")))
        .alias("value")
    ).get_column("value")


def _numbers(raw: pl.Series) -> pl.DataFrame:
    """Columns "text" (stripped) and "value": its number as Float64, sign not applied.

    When both "." and "," appear the last one is the decimal mark; a lone "," is decimal unless
    exactly three digits follow ("1,234"); a lone "." is decimal unless the column uses decimal
    commas elsewhere and three digits follow ("1.234").
    """
    frame = pl.DataFrame({"text": raw.cast(pl.String)}).select(pl.col("text").str.strip_chars())
    # Codes, symbols, signs and brackets sit around the number: strip them rather than search for it.
    frame = frame.with_columns(
        digits=pl.col("text").str.strip_chars(_AROUND_NUMBER).str.replace_all(f"[{_SPACES}]", "")
    )
    digits = pl.col("digits")
    frame = frame.with_columns(
        commas=digits.str.count_matches(",", literal=True),
        dots=digits.str.count_matches(".", literal=True),
        comma_last=digits.str.contains(r",[0-9]*$"),
        three_after=digits.str.contains(r"[.,][0-9]{3}$"),
    )
    commas, dots = pl.col("commas"), pl.col("dots")
    comma_last, three_after = pl.col("comma_last"), pl.col("three_after")
    frame = frame.with_columns(
        comma_decimal=((commas > 0) & (dots > 0) & comma_last) | ((dots == 0) & (commas == 1) & ~three_after)
    )
    european = bool(frame.get_column("comma_decimal").any())
    dot_decimal = ((commas > 0) & (dots > 0) & ~comma_last) | (
        (commas == 0) & (dots == 1) & ~(pl.lit(european) & three_after)
    )
    plain = (
        pl.when(pl.col("comma_decimal"))
        .then(digits.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .when(dot_decimal)
        .then(digits.str.replace_all(",", "", literal=True))
        .otherwise(digits.str.replace_all(r"[.,]", ""))
    )
    return frame.select("text", plain.cast(pl.Float64, strict=False).alias("value"))


@dataclass(frozen=True)
class DateColumn:
    """A column of exported dates parsed to pl.Date, with the day/month order chosen and why."""

    values: pl.Series  # pl.Date, null where blank or unparseable
    order: str  # "ymd", "dmy", "mdy", "serial", or "mixed"
    ambiguous: bool  # every d/m/y value could be read both ways and the order was a default
    note: str | None  # one sentence for the user when ambiguous or inconsistent, else None


def dates(raw: pl.Series, name: str, day_first: bool | None = None) -> DateColumn:
    """Dates in any of the common export formats, with the day/month order decided for the whole column.

    `day_first` forces the order of d/m/y values; None decides it from the data (month-first when
    the data cannot tell, with a note saying so).
    """
    return dates_from_parts(date_parts(raw), name, day_first)


def date_parts(raw: pl.Series) -> pl.DataFrame:
    """Per value, row for row: `t` (its text stripped, null when blank or a dash), `numeric` (it is a
    plain number) and the pieces each date format's pattern finds in it (`ymd_1`..., `dm_1`...).

    The patterns are the costly part of reading dates; `dates_from_parts` decides the order and
    builds the dates from these, so a file read in batches finds them once per distinct text.
    """
    value = pl.col("t").str.strip_chars()
    frame = pl.DataFrame({"t": raw.cast(pl.String)}).select(
        pl.when(value.is_in(["", "-", "\u2014"])).then(None).otherwise(value).alias("t")
    )
    t = pl.col("t")
    return frame.with_columns(
        t.str.contains(r"^\d+(\.\d+)?$").alias("numeric"),
        t.str.extract_groups(_YMD).alias("ymd"),
        t.str.extract_groups(_DM).alias("dm"),
        t.str.extract_groups(_DAY_NAMED).alias("day_named"),
        t.str.extract_groups(_NAMED_DAY).alias("named_day"),
    ).unnest("ymd", "dm", "day_named", "named_day", separator="_")


def dates_from_parts(parts: pl.DataFrame, name: str, day_first: bool | None = None, date1904: bool = False) -> DateColumn:
    """`dates` of the values `parts` (date_parts') describe, row for row; `date1904`: serial day numbers
    count from 1904-01-01 (a workbook of the 1904 date system), else from 1899-12-30."""
    present = parts.filter(pl.col("t").is_not_null())
    if present.height and present.get_column("numeric").all():
        return _numeric_dates(parts.get_column("t"), name, date1904)
    return _text_dates(parts, name, day_first)


def in_order_some_way(earlier: str | None, later: str | None) -> bool:
    """Whether reading both texts day-first, or both month-first, makes each a date and `earlier` not after
    `later`: a created date of '03.09.2025' and a close date of '11/03/2025' are in order month-first
    (9 March, 3 November) though not day-first; False for a blank text or dates no order puts in order."""
    if earlier is None or later is None:
        return False
    parts = date_parts(pl.Series([earlier, later], dtype=pl.String))
    for day_first in (True, False):
        first, second = written_dates(parts, "date", day_first).to_list()
        if first is not None and second is not None and first <= second:
            return True
    return False


def written_dates(parts: pl.DataFrame, name: str, day_first: bool | None) -> pl.Series:
    """The dates (pl.Date, named `name`) of written date texts (`parts`, date_parts'), read in an order
    a column settled already (`day_first`; None for texts whose shape says it, year first): as
    dates_from_parts reads them among that column's other texts, a number among them being no date."""
    return _text_dates(parts, name, day_first).values.alias(name)


def _numeric_dates(text: pl.Series, name: str, date1904: bool = False) -> DateColumn:
    """Excel serial day numbers, or compact YYYYMMDD when every value has that shape.

    Only a column whose every date is a number is read so, in a workbook or a CSV, and the note
    names the rule with the column's first value; a lone number among written dates is no date.
    """
    if text.drop_nulls().str.contains(_COMPACT).all():
        values = text.str.strptime(pl.Date, "%Y%m%d", strict=False)
        return DateColumn(values.alias(name), "ymd", False, None)
    days = _serial_days(text, date1904)
    first = pl.DataFrame({"text": text, "date": days}).drop_nulls().head(1)
    note = None
    if first.height:
        example, day = first.row(0)
        since = "1904-01-01, as the workbook's 1904 date system counts them" if date1904 else "1899-12-30"
        note = (f"{name}: every date is a number, read as an Excel serial day number (days since {since}: "
                f"'{example}' is {day:%Y-%m-%d}).")
    return DateColumn(days.alias(name), "serial", False, note)


_COMPACT = r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$"


def _serial_days(text: pl.Series, date1904: bool = False) -> pl.Series:
    """The dates of Excel serial day numbers ("45356" -> 2024-03-05; in the 1904 system 2028-03-06), null
    outside 1 to 9999-12-31."""
    serial = text.cast(pl.Float64, strict=False).floor()
    valid = (serial >= 1) & (serial <= EXCEL_MAX_SERIAL)
    days = pl.select(pl.when(valid).then(serial - (EXCEL_1904_OFFSET if date1904 else EXCEL_EPOCH_OFFSET))).to_series()
    return days.cast(pl.Int32).cast(pl.Date)


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
_WEEKDAY = r"(?i)^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(.+)$"


def day_in_words(day: dt.date) -> str:
    """A day as a sentence names it, whichever order a file writes: "3 April 2024"."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def only_day_first(texts: pl.Series, read: pl.Series) -> pl.Series:
    """Per text, row for row (Boolean): a date written d/m/y with "/" or "-" whose first number is above
    12, read (`read`: its date as the column reads it) as that day: '25/03/2024', which only day-first
    reads. Dotted dates (25.03.2024) have a rule of their own and are not counted."""
    parts = date_parts(texts).with_columns(read=read)
    first = pl.col("dm_1").cast(pl.Int32)
    return parts.select((_slashed() & (first > 12) & (pl.col("read").dt.day() == first)).fill_null(False)).to_series()


def order_words(day_first: bool, parts: pl.DataFrame | Iterable[pl.DataFrame] | None = None, slashed: bool = False) -> str:
    """A day/month order in words, with the pattern the dates (`parts`: date_parts of one column or several;
    `slashed`: those written with "/" or "-" only) are written in: "day-first (DD.MM.YYYY)" for 21.06.2025,
    "month-first (MM-DD-YY)" for 04-25-26. The pattern uses the file's own separator and year digits; where
    the dates use several separators, the order alone ("day-first"): no one pattern shows them."""
    order = "day-first" if day_first else "month-first"
    frames = [parts] if isinstance(parts, pl.DataFrame) else list(parts or [])
    written = [f.filter(_slashed() if slashed else pl.col("dm_1").is_not_null()).select("dm_2", pl.col("dm_4").str.len_chars())
               for f in frames if "dm_2" in f.columns]
    shapes = pl.concat(written).unique() if written else pl.DataFrame({"dm_2": ["/"], "dm_4": [4]})
    separators, digits = set(shapes.get_column("dm_2").to_list()), set(shapes.get_column("dm_4").to_list())
    if len(separators) != 1 or not shapes.height:
        return order
    (separator,) = separators
    year = "YY" if digits == {2} else "YYYY"
    return f"{order} ({separator.join(['DD', 'MM', year] if day_first else ['MM', 'DD', year])})"


def _dotted() -> pl.Expr:
    """Of date_parts: a d/m/y date written with dots (05.03.2024)."""
    return pl.col("dm_2") == "."


def has_slashed(parts: pl.DataFrame) -> bool:
    """Whether a column's values (date_parts') hold a d/m/y date written with "/" or "-"."""
    return bool(parts.select(_slashed().any()).item()) if "dm_1" in parts.columns else False


def _slashed() -> pl.Expr:
    """Of date_parts: a d/m/y date written with "/" or "-" (05/03/2024, 05-03-2024)."""
    return pl.col("dm_1").is_not_null() & ~_dotted()


def _write_it(example: str | None = None) -> str:
    """The advice after a date that is not read: `example` is the day the text may mean, in ISO form;
    without one, the form is shown by a day named in words, so it is not read as the date to write
    (after "2026-02-31", a bare "(2026-03-11)" looked like the correction)."""
    shown = example or "such as 2026-03-11 for 11 March 2026"
    return f"write it as year-month-day ({shown}), or as the file's other dates are written."


# What people and exports write in a cell for "no value" besides a blank or a dash (which every column reads
# as blank: winloss.io.table.NULL_TOKENS), compared in lower case: "--" and Excel's pivot-table "(blank)" too.
# A row holding one where a value is read (an amount, a date, a probability, a currency) is quarantined, and
# its reason says to leave the cell blank (no_value_reason), whichever column it is in; an optional text column
# (a loss reason, a segment...) reads it as blank, as a dash (winloss.ingest.blank_words).
NO_VALUE_MARKERS: Final = frozenset({
    "n/a", "n.a.", "n. a.", "na", "n/d", "tbd", "tbc", "tba", "none", "null", "nil", "unknown", "?", "??", "k.a.", "k. a.",
    "--", "(blank)", "(none)", "(empty)",
})  # fmt: skip


def is_no_value(text: str | None) -> bool:
    """Whether a cell's text is a no-value marker ("N/A", "TBD": NO_VALUE_MARKERS)."""
    return (text or "").strip().lower() in NO_VALUE_MARKERS


def no_value_reason(text: str | None, noun: str, how: str) -> str | None:
    """What follows "Amount 'N/A'" when the text is a no-value marker (is_no_value): "marks no amount:
    leave the cell blank if there is none, or {how}." (`noun`: what the column holds; `how`: how to write one,
    a clause); None for any other text."""
    return f"marks no {noun}: leave the cell blank if there is none, or {how}." if is_no_value(text) else None


def not_a_date_reason(text: str | None) -> str:
    """What follows "Close Date '02/31/2026' is not a date" for a text no date rule read: what is
    wrong when it can be told (a day its month lacks, a number among written dates, a quarter, a
    weekday, a no-value marker such as "N/A"), then how to write it. Starts with ":" and ends with "."."""
    value = (text or "").strip()
    if is_no_value(value):
        return f": it marks that there is none; leave the cell blank if so, or {_write_it()}"
    if re.fullmatch(_COMPACT, value):
        return (f": a number among the file's dates is not read as one; {_write_it(f'{value[:4]}-{value[4:6]}-{value[6:]}')}")
    if re.fullmatch(r"\d+(\.\d+)?", value):
        day = _serial_days(pl.Series([value]))[0]
        if day is None:
            return f": a number among the file's dates is not read as one; {_write_it()}"
        return (f": a number among the file's dates is not read as an Excel serial day ({value} would be {day:%Y-%m-%d}); "
                f"if that is the day, {_write_it(f'{day:%Y-%m-%d}')}")
    if re.match(r"(?i)^Q[1-4]\b", value):
        return f": a quarter is not a day; {_write_it()}"
    if (weekday := re.fullmatch(_WEEKDAY, value)) and (re.fullmatch(_DAY_NAMED, rest := weekday.group(1).strip())
                                                       or re.fullmatch(_NAMED_DAY, rest)):
        return f": a weekday before the date is not read; write the date alone ('{rest}'), or as the file's other dates are written."
    # A date written in an order that reads, with a day (or month) no calendar has: the day is to correct, not
    # the form ("2026-02-31" is year-month-day already; "write it as year-month-day" missed it).
    if (iso := re.fullmatch(_YMD, value)) and not 1 <= int(iso.group(2)) <= 12:
        return f": there is no month {int(iso.group(2))}; {_CORRECT.format(part='month')}"
    for month, day in _month_days(value):
        if 1 <= month <= 12 and 1 <= day <= 31:
            year = f" {_year_of(value)}" if (month, day) == (2, 29) else ""  # February has a 29th in a leap year
            return f": {_MONTH_NAMES[month - 1]}{year} has no {_ordinal(day)}; {_CORRECT.format(part='day')}"
        if iso and day == 0:
            return f": there is no day 0; {_CORRECT.format(part='day')}"
    return f": {_write_it()}"


def written_as_date(text: str | None) -> bool:
    """Whether a text is written as a numeric date is ("2026-02-31 10:00:00", "31/02/2026"), whether or not its day
    and month make one: a column of such texts holds dates, one of them mistyped, not another kind of value."""
    value = (text or "").strip()
    return bool(re.fullmatch(_YMD, value) or re.fullmatch(_DM, value))


# The advice for a date written in a form the file reads whose day or month no calendar has.
_CORRECT = "correct the {part} in the file (or in the CRM, and export again)."


def _year_of(value: str) -> int:
    """The year of a numeric date `value` (_YMD or _DM), in four digits."""
    if found := re.fullmatch(_YMD, value):
        return int(found.group(1))
    found = re.fullmatch(_DM, value)
    year = int(found.group(4)) if found else 0
    return year + 2000 if year < 100 else year


def _month_days(value: str) -> list[tuple[int, int]]:
    """The (month, day) readings of a numeric date's parts that make no date (02/31/2026 -> [(2, 31)])."""
    if found := re.fullmatch(_YMD, value):
        readings = [(int(found.group(2)), int(found.group(3)), int(found.group(1)))]
    elif found := re.fullmatch(_DM, value):
        year = int(found.group(4)) if len(found.group(4)) == 4 else int(found.group(4)) + 2000
        first, second = int(found.group(1)), int(found.group(3))
        readings = [(first, second, year), (second, first, year)]
    else:
        return []
    impossible = []
    for month, day, year in readings:
        try:
            dt.date(year, month, day)
        except ValueError:
            impossible.append((month, day))
    return impossible if len(impossible) == len(readings) else []


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 11 <= day % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def _text_dates(parts: pl.DataFrame, name: str, day_first: bool | None) -> DateColumn:
    a, b = pl.col("dm_1").cast(pl.Int32), pl.col("dm_3").cast(pl.Int32)
    dotted = _dotted()  # 05.03.2024 is day-first wherever dots are used, unless the dates show otherwise
    slashed = _slashed()
    # A date shows its order only when it reads one way alone: its first number a day past 12 and its
    # second a month (25/03), or the reverse. One whose two numbers are both past 12 ('13/45/2026', a
    # typo) is no date either way: counted for both orders, it made a column of dates that could be read
    # either way look "mixed", which read them month-first and no longer as the decimal comma or the
    # date-order choice would (one typo in a day-first export turned 03/04 into 4 March).
    first_only = a.is_between(13, 31) & b.is_between(1, 12)
    second_only = b.is_between(13, 31) & a.is_between(1, 12)
    # What the dates show of their order, which an order given (`day_first`) does not ask: reading a column
    # the other way round, to see whether its dates show their order, is then one query.
    facts = _NO_FACTS if day_first is not None else parts.select(
        (first_only & slashed).sum().alias("first_over_12"),
        (second_only & slashed).sum().alias("second_over_12"),
        ((a != b) & slashed).sum().alias("differ"),
        slashed.sum().alias("slashed"),
        dotted.sum().alias("dotted"),
        (first_only & dotted).sum().alias("dotted_first_over_12"),
        (second_only & dotted).sum().alias("dotted_second_over_12"),
        ((a != b) & dotted).sum().alias("dotted_differ"),
        pl.col("day_named_1").is_not_null().sum().alias("day_named"),
        pl.col("named_day_1").is_not_null().sum().alias("named_day"),
    ).row(0, named=True)
    year_first, year_note = _two_digit_years_first(parts, name) if day_first is None else (False, None)
    if year_first:
        order, ambiguous, note = "ymd", False, year_note
        dm_date = _ymd(_full_year(pl.col("dm_1")), pl.col("dm_3"), pl.col("dm_4"))
    else:
        order, ambiguous, note = _day_month_order(facts, name, day_first, parts)
        note = " ".join(n for n in (note, year_note) if n) or None
        slashed_day_first = order == "dmy" or (order == "mixed" and facts["first_over_12"] > facts["second_over_12"])
        dotted_day_first = not _dotted_month_first(facts) if day_first is None else day_first
        day = pl.when(dotted).then(pl.lit(dotted_day_first)).otherwise(pl.lit(slashed_day_first))
        dm_date = _ymd(
            _full_year(pl.col("dm_4")),
            pl.when(day).then(pl.col("dm_3")).otherwise(pl.col("dm_1")),
            pl.when(day).then(pl.col("dm_1")).otherwise(pl.col("dm_3")),
        )
    values = parts.select(
        pl.coalesce(
            _ymd(pl.col("ymd_1"), pl.col("ymd_2"), pl.col("ymd_3")),
            dm_date,
            _ymd(_full_year(pl.col("day_named_3")), _month_number(pl.col("day_named_2")), pl.col("day_named_1")),
            _ymd(pl.col("named_day_3"), _month_number(pl.col("named_day_1")), pl.col("named_day_2")),
        ).alias(name)
    ).to_series()
    return DateColumn(values, order, ambiguous, note)


# _text_dates' facts when the order is given, none of which is then read.
_NO_FACTS: Final[dict[str, int]] = {}


def _dotted_month_first(facts: dict[str, int]) -> bool:
    """Whether dotted dates show month-first themselves (12.25.2024, and no 25.12.2024)."""
    return bool(facts["dotted_second_over_12"]) and not facts["dotted_first_over_12"]


def _two_digit_years_first(parts: pl.DataFrame, name: str) -> tuple[bool, str | None]:
    """(whether d/m/y-shaped dates are year-first, YY/MM/DD; the file report's sentence, or None).

    '25/03/05' reads day-first as 25 March 2005 and year-first as 5 March 2025, and both are days.
    Only a column whose every such date has two-digit first and last numbers, and is a day read
    year-first, can be year-first. Its numbers then tell: an export's years span a few years and its
    days most of a month. Last numbers spanning YEAR_FIRST_SPAN or more, and more than the first
    numbers span, are days: the column is read year-first and the note says so. First numbers
    spanning more are days (or months): read as before. Otherwise (a date or two) the column is
    read as before and the note says it could be year-first.
    """
    shaped = parts.filter(pl.col("dm_1").is_not_null())
    if shaped.height == 0:
        return False, None
    first, last = pl.col("dm_1"), pl.col("dm_4")
    as_year_first = _ymd(_full_year(first), pl.col("dm_3"), last)
    facts = shaped.select(
        ((first.str.len_chars() == 2) & (last.str.len_chars() == 2) & as_year_first.is_not_null()).all().alias("possible"),
        (first.cast(pl.Int32).max() - first.cast(pl.Int32).min()).alias("first_span"),
        (last.cast(pl.Int32).max() - last.cast(pl.Int32).min()).alias("last_span"),
    ).row(0, named=True)
    if not facts["possible"] or facts["first_span"] > facts["last_span"]:
        return False, None
    example, day = shaped.select(pl.col("t"), as_year_first).row(0)
    if facts["last_span"] >= YEAR_FIRST_SPAN:
        return True, (
            f"{name}: dates with a two-digit year are read year-first (YY/MM/DD: '{example}' is {day:%Y-%m-%d}), "
            f"as their first numbers stay within a few years and their last numbers vary as days do. "
            f"If they are day-first or month-first, choose the date order."
        )
    return False, (
        f"{name}: the dates with a two-digit year could also be year-first (YY/MM/DD: '{example}' would be "
        f"{day:%Y-%m-%d}); if they are, export them with four-digit years (such as 2026-03-11 for 11 March 2026)."
    )


# The span of last numbers (as days: the 3rd to the 13th) that shows two-digit-year dates are year-first:
# read as years, such a column's dates would span ten years or more, which a CRM export's do not.
YEAR_FIRST_SPAN = 10


def _day_month_order(
    facts: dict[str, int], name: str, day_first: bool | None, parts: pl.DataFrame,
) -> tuple[str, bool, str | None]:
    """The order for d/m/y values, whether it was a guess, and the sentence that explains it (its pattern
    written with the separator of the column's dates, `parts`: order_words)."""
    if day_first is not None:
        return ("dmy" if day_first else "mdy"), False, None
    first, second = facts["first_over_12"], facts["second_over_12"]
    if facts["slashed"] == 0:
        if facts["dotted"]:
            if _dotted_month_first(facts):
                return "mdy", False, None
            if facts["dotted_first_over_12"] or not facts["dotted_differ"]:
                return "dmy", False, None  # a day above 12 shows it, or every date reads the same either way
            return "dmy", True, _dotted_custom_note(name, parts)
        if facts["day_named"] > facts["named_day"]:
            return "dmy", False, None
        return ("mdy" if facts["named_day"] else "ymd"), False, None
    if first and second:
        if first > second:
            majority, minority, left = order_words(True, parts, slashed=True), "month-first", second
        else:
            majority, minority, left = order_words(False, parts, slashed=True), "day-first", first
        dates_word = "date" if left == 1 else "dates"
        note = (
            f"{name}: some dates are day-first and others month-first; read as {majority}, the majority, "
            f"leaving empty {left} {dates_word} that only read as {minority}. {CHOOSE_DATE_ORDER}"
        )
        return "mixed", False, note
    if first:
        return "dmy", False, None
    if second:
        return "mdy", False, None
    if facts["differ"] == 0:
        return "mdy", False, None  # 01/01, 02/02...: both readings give the same dates
    note = (
        f"{name}: every date could be day-first or month-first; read as {order_words(False, parts, slashed=True)}. "
        f"{CHOOSE_DATE_ORDER}"
    )
    return "mdy", True, note


def _dotted_custom_note(name: str, parts: pl.DataFrame) -> str:
    """The file report's sentence for a column of dotted dates none of which shows its order (no day above
    12), read day-first by the dots' custom: "Close Date: dates like 03.09.2025 were read day-first (03 =
    day), the usual order for dotted dates. If that is wrong, choose the date order (…)." Its example is the
    column's first dotted date (`parts`: its date_parts) whose two numbers differ."""
    example = parts.filter(_dotted() & (pl.col("dm_1").cast(pl.Int32) != pl.col("dm_3").cast(pl.Int32))).get_column("t")[0]
    return (f"{name}: dates like {example} were read day-first ({example.split('.')[0]} = day), the usual order "
            f"for dotted dates. {CHOOSE_DATE_ORDER}")


def _ymd(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The date from its parts as text or numbers; null when the date does not exist (31/02)."""
    return pl.format("{}-{}-{}", year, month, day).str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def _full_year(year: pl.Expr) -> pl.Expr:
    """Two-digit years as strptime's %y reads them: 00-68 are 2000-2068, 69-99 are 1969-1999."""
    number = year.cast(pl.Int32)
    return (
        pl.when(year.str.len_chars() == 2)
        .then(pl.when(number < 69).then(number + 2000).otherwise(number + 1900))
        .otherwise(number)
    )


# Month names and their usual abbreviations as localised CRMs and spreadsheets write them (French,
# German, Spanish, Italian, Portuguese, Dutch). No word names one month in one language and another
# month in another, nor another month than the English its first three letters spell; a word not
# here is read only as English or an abbreviation of it ("Sept"), else the date is not read.
_MONTH_WORDS = {
    word: number
    for number, words in enumerate((
        "janvier janv januar jänner jän enero ene gennaio gen janeiro januari",
        "février févr fév fevrier fevr februar febrero febbraio fevereiro fev februari",
        "mars märz mär mrz maerz marzo março marco maart mrt",
        "avril avr abril abr aprile",
        "mai mayo maggio mag maio mei",
        "juin juni junio giugno giu junho",
        "juillet juil juli julio luglio lug julho",
        "août aout aoû agosto ago augustus",
        "septembre sept setiembre settembre set setembro",
        "octobre oktober okt octubre ottobre ott outubro out",
        "novembre noviembre novembro",
        "décembre déc decembre dezember dez diciembre dic dicembre dezembro",
    ), start=1)
    for word in words.split()
}


# An English month's name and every abbreviation of it of three letters or more ("sept", "janu"): a
# word that only starts like one is no month ("marraskuu" is November in Finnish, not March).
_ENGLISH_MONTHS = {
    name[:length].lower(): number
    for number, name in enumerate(_MONTH_NAMES, start=1)
    for length in range(3, len(name) + 1)
}
# Every month word read: English ones, then the localised ones (_MONTH_WORDS), which name no other month.
_MONTH_NUMBERS = {**_ENGLISH_MONTHS, **_MONTH_WORDS}


def _month_number(month: pl.Expr) -> pl.Expr:
    """January -> 1 from a month's name or abbreviation, in English or as _MONTH_WORDS writes it; null
    for a word that is neither."""
    word = month.str.to_lowercase()
    return word.replace_strict(_MONTH_NUMBERS, default=None, return_dtype=pl.Int32)

