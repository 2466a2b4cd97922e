"""The unit an amount column's header names ("Amount (k€)", "Betrag (T€)", "Umsatz in TEUR", "Revenue ($M)",
"Amount (USD 000s)"), and what it makes of the amounts under it.

A header's unit is read as a workbook cell's number format's is (values.format_currency, format_scale,
unsettled_shared_sign): it is the same kind of thing, applied to a whole column. It is the unit of an amount
that shows none of its own: an amount that writes its own currency ("€1,500") or scale ("1.5k"), or whose
cell's format shows one, is read by that, never scaled twice; one that writes its own scale and no currency
("1.5k") takes the header's currency. Which currency a row is in, once the header has named it, is the money
rules' business (money.file_money): a currency column beside it settles it, or conflicts with it.

A unit is read in brackets or after "in" ("Amount (EUR)", "Value [k€]", "Umsatz in TEUR", "Montant en EUR"), and, where
the rest of the header names no money of its own, also written bare before or after the header's words ("Amount
EUR", "EUR Amount", "Amount €", "Betrag TEUR") or as a currency's name ("Betrag in Euro", "Amount (Euro)"): a
German "Betrag EUR" had been read as no unit, its euros stored as dollars.

Plain words in brackets after the unit say what was done to the amounts, not what they are in ("Amount in USD
(converted)", "Betrag in EUR (gerundet)"): they are passed over. Words there that name a currency or a size in
any form ("(converted to USD)", "(EUR/USD)", "(T)") are not guessed past: the header then names no unit.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import polars as pl

from winloss.constant_columns import constant
from winloss.ingest import values

__all__ = ["HeaderUnit", "codes_by_header", "first_headed", "header_sentence", "header_unit", "scaled_by_header",
           "unit_and_name", "unitless", "unread_header_reason"]

# Where a header names its unit, at its end: "Amount (k€)", "Value [EUR]", "Revenue in USD m", "Umsatz (in T€)",
# "Montant en EUR", "Valor em BRL".
_HEADER_UNIT = re.compile(r"(?:\(([^()]{1,24})\)|\[([^\[\]]{1,24})\]|\b(?:in|en|em)\s+([^()\[\]]{1,24}))\s*$", re.IGNORECASE)
_IN_WORDS = ("in", "en", "em")  # "Umsatz (in T€)", "Montant (en euros)", "Valor (em reais)"
# A unit written bare at a header's end or start, apart from its words: "Amount EUR", "Betrag TEUR", "EUR Amount".
_LAST_WORD = re.compile(r"^(.*?\S)\s+(\S+)$")
_FIRST_WORD = re.compile(r"^(\S+)\s+(\S.*)$")
# Words that tie a bare unit to something other than the amounts: "Amount converted to USD" (converted from what?),
# "Rate EUR per USD". A unit they touch is not read bare.
_LINKING = frozenset({"to", "into", "from", "per", "vs", "versus", "nach", "von", "pro", "par", "vers", "de", "da", "di",
                      "van", "naar", "a"})
# A group of words in brackets at a header's end, which may say what was done to the amounts after their unit
# ("Amount in USD (converted)", "Betrag in EUR (gerundet)"): dropped, when plain words, to read the unit before it.
_TRAILING_GROUP = re.compile(r"\s*(?:\(([^()]*)\)|\[([^\[\]]*)\])\s*$")
_PLAIN_GROUPS_DROPPED = 2  # "Amount (EUR) (net) (approx.)": a header's words are not read further back than that


@dataclass(frozen=True)
class HeaderUnit:
    """The currency or scale an amount column's header names, read as a cell format's unit would be."""

    text: str  # as the header writes it, its words one space apart: "k€", "USD 000s"
    # The currency it names ("EUR"); for a unit several currencies share ("kr") their codes joined by
    # values.SEVERAL; None for a scale alone ("000s").
    code: str | None
    sign: str | None  # a sign several currencies write ("$"), read as its commonest currency (`code`), else None
    scale: values.FormatScale  # `factor` 1.0 for no size word; `unsettled` says why one ("mil") is not read


# Currencies' names as a header writes them in the languages the presets read, folded to lower case: "Betrag in Euro",
# "Amount (Euro)", "Montant en euros". A bare "dollar" is the commonest dollar's, as "$" is (HeaderUnit.sign), so the
# rule says a Canadian file's must be written with its code.
_NAMES: dict[str, str] = {
    **{name: code for name, code in values.CURRENCY_NAMES.items() if name not in ("pound",)},
    "us-dollar": "USD", "us-dollars": "USD", "dollar us": "USD", "dollars us": "USD", "dólar estadounidense": "USD",
    "dólares estadounidenses": "USD", "dólar americano": "USD",
    "euro": "EUR", "euros": "EUR",
    "pfund sterling": "GBP", "britische pfund": "GBP", "livre sterling": "GBP", "livres sterling": "GBP",
    "libra esterlina": "GBP", "libras esterlinas": "GBP", "sterlina": "GBP", "sterline": "GBP", "sterling": "GBP",
    "schweizer franken": "CHF", "franken": "CHF", "franc suisse": "CHF", "francs suisses": "CHF", "franco suizo": "CHF",
    "francos suizos": "CHF", "franco svizzero": "CHF", "franchi svizzeri": "CHF", "zwitserse frank": "CHF",
    "yen": "JPY", "reais": "BRL", "real brasileiro": "BRL", "reais brasileiros": "BRL",
}  # fmt: skip
_NAME_WORDS = 3  # the most words a currency's name above has


def _named_unit(words: str) -> HeaderUnit | None:
    """The unit `words` name when they are a currency's name (_NAMES: "Euro", "Schweizer Franken"), else None."""
    key = " ".join(words.lower().split())
    code = _NAMES.get(key)
    if code is None:
        return None
    return HeaderUnit(" ".join(words.split()), code, key if key in ("dollar", "dollars") else None, values.FormatScale())


def _unit_of(words: list[str]) -> HeaderUnit | None:
    """The unit `words` (a header's unit as written, split on spaces, "in" off) name: each a currency's sign,
    code or local unit, or a size word glued to one or alone; or all of them a currency's name. None else."""
    if not words:
        return None
    if all(values.is_currency_unit(w) or values.format_scale_word(w) is not None for w in words):
        text = " ".join(words)
        return HeaderUnit(text, values.format_currency(text), values.unsettled_shared_sign(text), values.format_scale([((text,), 0)]))
    return _named_unit(" ".join(words))


def _bare_unit(word: str) -> HeaderUnit | None:
    """The unit one word written bare beside a header's own words names: a currency's code in capitals or its sign,
    a size glued to one ("TEUR", "k€"), or a currency's one-word name ("Euro"). A local abbreviation alone ("kr",
    "R") is read only in brackets or after "in": bare, a one- or two-letter word is too often something else."""
    if word in values.CURRENCY_CODES or word in values.CURRENCY_SYMBOLS:
        return _unit_of([word])
    scaled = values.format_scale_word(word)
    if scaled is not None and (scaled[1] in values.CURRENCY_CODES or scaled[1] in values.CURRENCY_SYMBOLS):  # not "tkr"
        return _unit_of([word])
    return _named_unit(word)


@functools.lru_cache(maxsize=256)  # a file's few headers, asked again for each row a reason is written for
def unit_and_name(header: str | None) -> tuple[HeaderUnit, str] | None:
    """The unit an amount column's header names (header_unit) and the header's own words without it and
    without the plain words passed over after it, stripped: "Betrag in Euro" -> (Euro: EUR, "Betrag"),
    "EUR Amount" -> (EUR, "Amount"), "Amount (k€) (net)" -> (k€, "Amount"); None when it names no unit. The
    words say which field the column is (mapping reads "Amount EUR" as the amount)."""
    text = header or ""
    for _ in range(_PLAIN_GROUPS_DROPPED + 1):
        if (found := _unit_at_end(text)) is not None:
            return found
        group = _TRAILING_GROUP.search(text)
        if group is None or values.names_money_words(group.group(1) if group.group(1) is not None else group.group(2)):
            return None
        text = text[:group.start()]
    return None


def header_unit(header: str | None) -> HeaderUnit | None:
    """The unit an amount column's header names after its words ("Amount (k€)" -> k€: EUR, thousands; "Value in
    EUR"; "Revenue ($M)"; "Umsatz (in Tsd. €)"), or None: no unit, or words that are none ("(converted)",
    "(EUR/USD)", "(T)", which could be a thousand or a trillion). Each of its words is a currency's sign, code
    or local unit, or a size word glued to one or alone (values.format_scale_word, which reads a cell format's
    literals), "mil" among them: such a unit is read, its scale left unsettled.

    Plain words in brackets after the unit ("Amount in USD (converted)", "Amount (USD) (converted)", "Betrag in
    EUR (gerundet)", "Value [EUR] (approx.)", up to two such groups) say what was done to the amounts, not what
    they are in: they are passed over and the unit before them read. A group that names a currency or a size in
    any form ("(converted to USD)", "(EUR/USD)", "(T)": values.names_money_words) is never passed over: what
    comes before it is not read as the unit, the header naming none.

    Where the header's other words name no money of their own, a unit is also read written bare at its end or
    start ("Amount EUR", "EUR Amount", "Amount €", "Umsatz TEUR") and as a currency's name in brackets, after
    "in" or bare ("Amount (Euro)", "Betrag in Euro", "Montant en euros", "Amount Euro"): unit_and_name."""
    found = unit_and_name(header)
    return found[0] if found is not None else None


def _unit_at_end(header: str) -> tuple[HeaderUnit, str] | None:
    """The unit `header` names at its very end, or bare at its start, and its other words (unit_and_name, no
    words passed over); None when it names none there."""
    found = _HEADER_UNIT.search(header)
    if found is not None:
        words = next(g for g in found.groups() if g is not None).split()
        if words and words[0].lower() in _IN_WORDS:  # "Umsatz (in T€)"
            words = words[1:]
        rest = header[:found.start()]
        # A sign, code or size in brackets or after "in" is read as it always was; a currency's name, or a unit after
        # "en" or "em", only where the rest names no money ("Amount (USD) (in euros)" names two: neither is read).
        signs = found.group(3) is None or found.group(0).lower().startswith("in")
        if (unit := _unit_of(words)) is not None and (
                (signs and _named_unit(" ".join(words)) is None) or not values.names_money_words(rest)):
            return unit, rest.strip()
    if (named := _named_at_end(header)) is not None:  # "Betrag Schweizer Franken" before its last word alone
        return named
    for pattern, unit_at in ((_LAST_WORD, 2), (_FIRST_WORD, 1)):
        bare = pattern.match(header.strip())
        if bare is None:
            continue
        rest = bare.group(3 - unit_at)
        touching = rest.split()[-1 if unit_at == 2 else 0].lower()
        if touching not in _LINKING and (unit := _bare_unit(bare.group(unit_at))) is not None and not values.names_money_words(rest):
            return unit, rest.strip()
    return None


def _named_at_end(header: str) -> tuple[HeaderUnit, str] | None:
    """A currency's name of several words bare at `header`'s end ("Betrag Schweizer Franken"), and the words
    before it, where those name no money; None else."""
    words = header.split()
    for size in range(_NAME_WORDS, 1, -1):
        if len(words) > size and (unit := _named_unit(" ".join(words[-size:]))) is not None:
            rest = " ".join(words[:-size])
            return (unit, rest) if not values.names_money_words(rest) else None
    return None


def unitless(readings: pl.DataFrame, formats: pl.DataFrame | None = None) -> pl.DataFrame:
    """Row for row with an amount column's `readings` (`value` and `unsettled` as its text reads, the `code` of
    the currency its text names, the `scale` of the size word it writes, 1.0 for none) and its cells' `formats`
    (money._cell_formats: `code`, `scale`, `unsettled`; None outside a workbook), which amounts the header's
    unit is for: `no_currency` (Boolean: an amount that shows no currency of its own, in its text or its cell's
    format: the header's names it) and `no_unit` (it shows neither a currency nor a scale: the header's scale
    is applied to it)."""
    # One query, not one per Series operation: this runs for each amount column of each batch.
    rows = readings.select("value", "unsettled", "code", "scale")
    no_currency = (pl.col("value").is_not_null() | pl.col("unsettled")) & pl.col("code").is_null()
    no_scale = pl.col("scale").fill_null(1.0) == 1.0
    if formats is not None:
        rows = rows.hstack(formats.select(
            pl.col("code").alias("format_code"), pl.col("scale").alias("format_scale"), pl.col("unsettled").alias("format_unsettled")))
        no_currency = no_currency & pl.col("format_code").is_null()
        no_scale = no_scale & (pl.col("format_scale").fill_null(1.0) == 1.0) & pl.col("format_unsettled").is_null()
    return rows.select(no_currency.alias("no_currency"), (no_currency & no_scale).alias("no_unit"))


def codes_by_header(bare: pl.DataFrame, unit: HeaderUnit | None) -> pl.Series:
    """Row for row with `bare` (unitless), the currency code the header's `unit` gives an amount that shows none
    of its own (HeaderUnit.code), else null."""
    code = unit.code if unit is not None else None
    no_currency = bare.get_column("no_currency")
    return pl.select(pl.when(pl.lit(no_currency)).then(pl.lit(code, pl.String))).to_series().alias("code")


def scaled_by_header(amount: pl.DataFrame, bare: pl.DataFrame, unit: HeaderUnit | None) -> pl.DataFrame:
    """`amount` (`value`, `unsettled`, row for row with `bare`: unitless) with the header's scale applied to the
    amounts that show no unit of their own: 1500 under "Amount (k€)" is 1,500,000. Where the header's scale
    cannot be told ("mil"), such an amount is not read: null and `unsettled`, as a cell whose format shows
    "mil" is (money.cell_scales), the reason naming the header (unread_header_reason)."""
    if unit is None or (unit.scale.factor == 1.0 and unit.scale.unsettled is None):
        return amount
    applies, value = bare.get_column("no_unit"), amount.get_column("value")
    if unit.scale.unsettled is not None:
        unread = applies & value.is_not_null()
        return pl.DataFrame({"value": value.zip_with(~unread, constant(None, value.len(), pl.Float64)),
                             "unsettled": amount.get_column("unsettled") | unread})
    return pl.DataFrame({"value": value.zip_with(~applies, value * unit.scale.factor), "unsettled": amount.get_column("unsettled")})


def first_headed(texts: pl.Series, read: pl.Series, bare: pl.DataFrame, unit: HeaderUnit | None) -> tuple[str, float | None] | None:
    """The first amount the header's `unit` is applied to (`texts`, in file order, `read` as its text reads
    it, row for row with `bare`: unitless), as written and as read with it (its scale None where that cannot
    be told): what the rule quotes. One that shows no unit of its own comes first; else, for a unit naming a
    currency, one that writes its own scale and no currency ("1.5k" under "Value (EUR)"). None when the
    header's unit is applied to no amount."""
    if unit is None:
        return None
    frame = pl.DataFrame({"text": texts.cast(pl.String), "value": read, "no_unit": bare.get_column("no_unit"),
                          "no_currency": bare.get_column("no_currency") & (unit.code is not None)})
    applied = frame.filter(pl.col("value").is_not_null() & (pl.col("no_unit") | pl.col("no_currency")))
    if applied.height == 0:
        return None
    text, value, no_unit, _ = applied.sort("no_unit", descending=True, maintain_order=True).row(0)
    if not no_unit:
        return text.strip(), value
    return text.strip(), None if unit.scale.unsettled else value * unit.scale.factor


def header_sentence(header: str, unit: HeaderUnit, example: tuple[str, float | None], currency: str | None) -> str:
    """The file report's sentence on a header's unit applied to the amounts under it (`example`: first_headed;
    `currency`: what that amount is read in, when one currency): "The column 'Amount (k€)' names k€ in its
    header: amounts that write no currency or scale of their own are read in it ('1500' as 1,500,000 EUR).";
    or, where its scale cannot be told, that such amounts are not stored and what to do."""
    if unit.scale.unsettled:
        return (f"The column '{header}' names {unit.text} in its header, whose scale is not guessed (it {unit.scale.unsettled}): "
                f"amounts that write no scale of their own are not stored; {_NAME_A_SCALE}, or write each amount in full.")
    text, value = example
    shown = f"{value or 0:,.2f}".rstrip("0").rstrip(".")
    return (f"The column '{header}' names {unit.text} in its header: amounts that write no currency or scale of their own "
            f"are read in it ('{text}' as {shown}{f' {currency}' if currency else ''}).")


_NAME_A_SCALE = "name k (thousand) or M (million) in the header"


def unread_header_reason(header: str, text: str) -> str | None:
    """Why an amount (`text`, under `header`) that writes no scale of its own is not stored when the header's
    scale cannot be told ("Amount (mil €)"), and what to do; None when the header's scale is read, or the
    amount writes its own."""
    unit = header_unit(header)
    if unit is None or unit.scale.unsettled is None:
        return None
    written = values.amount_shapes(pl.Series([text])).row(0, named=True)
    if written["scale"] != 1.0 or pl.select(values.currency(pl.lit(text, pl.String))).item() is not None:
        return None
    return (f"{header} '{text}' is not read: its column's header {unit.scale.unsettled}, so it is not guessed; "
            f"{_NAME_A_SCALE}, or write the amount in full.")
