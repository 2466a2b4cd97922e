"""Every number-to-words rule, once: percent, points, counts, money, dates, "n too small", and the
escaping that keeps names from a file plain text in Markdown and in Plotly labels.

Pages, the deck, the HTML report and the CLI all word numbers through here, so a number reads
the same on every screen: "42%", "+3 pts", "1 rep", "3,000 deals", "$1.25M", "1 Oct 2025".
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, NamedTuple

from winloss.rates import MIN_N, small_sides

DASH: Final = "—"  # a value that does not exist (no deals, nothing to compare)
N_TOO_SMALL: Final = "n too small"
NO_CHANGE: Final = "±"  # the sign of every change of zero ("±0 pts", "±0", "±0%", "±$0"): neither up nor down
# What a deal left out of a value figure lacks: no amount in the file, or none in the reporting
# currency (no exchange rate for its own); both leave the amount empty.
WITHOUT_AN_AMOUNT: Final = "without an amount in the reporting currency"
# The stored deals of a file's report it does not have, as the choice to take them out and what the commit did say
# them (ingest.store_effects.unlisted_deals, ingest.pipeline.Committed, the store's history note): "2 deals this
# report no longer lists".
UNLISTED: Final = "this report no longer lists"
BLANK: Final = "(blank)"  # an empty cell among the examples of a value a check refused ("XX, (blank)")
# What a breakdown's group is called in words: its noun in "No region".
GROUP_NOUNS: Final = {"seller_profile": "seller profile", "region": "region", "segment": "segment", "team": "team",
                      "product": "product", "competitor": "competitor", "rep": "rep", "loss_reason": "loss reason",
                      "stage": "stage", "account": "account"}


def no_group(column: str) -> str:
    """The name of a breakdown's group of deals whose `column` is empty ("No region": the roster gives
    their rep none, or the export has none), for every breakdown alike, on a page, a chart's bar and the
    command line: "(blank) (n = 19)" said nothing a sales leader reads. Plain text (escape it as any name)."""
    return f"No {GROUP_NOUNS.get(column, column.replace('_', ' '))}"

# The word "team" in the languages whose rosters the product reads (ingest.mapping's Team headers): a team
# whose name already begins or ends with one names itself, "Team F" not "team Team F". Whole words only:
# "Steam Works" is not so named; a name written without spaces (Japanese) is matched at its end.
TEAM_WORDS: Final = frozenset({"team", "teams", "équipe", "equipe", "equipo", "equipa", "squadra", "zespół"})
TEAM_ENDINGS: Final = ("チーム",)


def names_a_team(name: str) -> bool:
    """Whether a team's `name` (from a file) already says it is a team: its first or last word is one of
    TEAM_WORDS in any case ("Team F", "Sales team", "EQUIPO NORTE"), or it ends with one of TEAM_ENDINGS."""
    words = re.findall(r"[^\W_]+", name.casefold())
    return bool(words) and (words[0] in TEAM_WORDS or words[-1] in TEAM_WORDS) or name.strip().endswith(TEAM_ENDINGS)


def team_words(name: str, escape: Callable[[str], str] = str, *, capital: bool = False) -> str:
    """A team named in a sentence or a label: "team East" ("Team East" with `capital`, at a sentence's
    start), or the name alone where it already says it is a team (names_a_team): "Team F", never "team
    Team F". The name comes from a file: it goes through `escape` (md for Markdown, label for Plotly)."""
    if names_a_team(name):
        return escape(name)
    return f"{'Team' if capital else 'team'} {escape(name)}"


# Currency code -> the symbol written before an amount; other codes are written as "CHF 1.2M".
CURRENCY_SYMBOLS: Final = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
DEFAULT_CURRENCY: Final = "USD"


# ---- numbers -------------------------------------------------------------------------------------
def is_no_change(change: str | None) -> bool:
    """Whether a change's text says nothing changed ("±0 pts"): drawn grey, with no arrow."""
    return bool(change) and str(change).startswith(NO_CHANGE)


def half_up(value: float, places: int = 0) -> Decimal:
    """`value` to `places` decimals (a negative `places` to tens, hundreds…), a half rounded away from zero,
    as a person and a spreadsheet round: 2.5 -> 3, 250.5 -> 251, 1,250 to the hundred (-2) -> 1,300,
    -2.5 -> -3. The one rounding of every figure the product shows (amounts, percentages, days, indices):
    Python's round() and format specs take a half to the even number (2, 250, 1,200), so $250,500 read
    "$250k" and 62.5% "62%". Read from the float's shortest decimal form, so 0.145 (held as 0.14499…) to
    two places is 0.15, as it was written. Raises ValueError for NaN or an infinity."""
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is not a number to round")
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def whole(value: float) -> int:
    """`value` to the nearest whole number by half_up's rule: 12.5 -> 13, 99.5 -> 100, -0.5 -> -1."""
    return int(half_up(value))


def decimals(value: float, places: int) -> str:
    """`value` written with `places` decimals by half_up's rule: 0.0445 to 3 -> "0.045" (a format's
    ".3f" wrote "0.044"), 2 to 3 -> "2.000"."""
    return f"{half_up(value, places):f}"


def _hundredths(fraction: float) -> int:
    """`fraction` × 100 to the nearest whole number by half_up's rule: 25 of 40 (0.625) is 63, 1 of 8 is
    13, 29 of 200 (0.145, held as 0.14499…) is 15, as its fraction says."""
    return int(half_up(fraction, 2).scaleb(2))


def percent(rate: float | None) -> str:
    """A share or rate (a fraction) in whole percent: 0.456 -> "46%"; None -> "—". A share strictly
    between 0 and 1 never rounds to a claim of none or all: 0.996 -> ">99%", 0.004 -> "<1%"
    (58 of 59 deals is not "100%"); exactly 0 and 1 read "0%" and "100%"."""
    if rate is None:
        return DASH
    if 0 < rate < 0.01:
        return "<1%"
    if 0.99 < rate < 1:
        return ">99%"
    return f"{_hundredths(rate)}%"


def percent_of_100(value: float | None) -> str:
    """A rate a grid holds in percent (0-100, so that its column sorts by value) written as percent
    writes its fraction: 42.0 -> "42%", 99.6 -> ">99%", 0.4 -> "<1%", None -> "—". A grid's own
    "%.0f%%" format wrote 99.6 "100%"."""
    return percent(None if value is None else value / 100)


def points(change: float | None) -> str | None:
    """A change between two rates (fractions) in whole percentage points: "+12 pts", "+1 pt",
    "±0 pts", "-21 pts" (an ASCII minus: Streamlit reads the arrow's direction from it); None
    when there is no change to state."""
    if change is None:
        return None
    value = _hundredths(change)
    return f"{f'{NO_CHANGE}0' if value == 0 else f'{value:+d}'} {'pt' if abs(value) == 1 else 'pts'}"


def whole_percent(rate: float) -> int:
    """The whole percentage `percent` writes for `rate` (a fraction): 0.296 -> 30, 0.304 -> 30. A share
    strictly between 0 and 1 stays between 1 and 99, as percent's "<1%" and ">99%" bound it."""
    shown = _hundredths(rate)  # percent's own rounding
    return min(max(shown, 1), 99) if 0 < rate < 1 else shown


def points_between(after: float | None, before: float | None) -> float | None:
    """after − before as a fraction, from the whole percentages `percent` writes for each: the change
    beside two rates a chart labels "30%" and "30%" is "±0 pts", never the "-1 pt" the unrounded 29.6%
    and 30.4% give, which no one can read off the labels. None when either is missing."""
    if after is None or before is None:
        return None
    return (whole_percent(after) - whole_percent(before)) / 100


def change_in_points(after: float | None, before: float | None) -> str | None:
    """The change between two rates as every tile, table and chart writes it beside them: "+3 pts", from
    the percentages shown (points_between); None when either is missing."""
    return points(points_between(after, before))


def points_of_100(value: float | None) -> str:
    """A change a grid holds in whole points (so its column sorts by value) written as `points` writes
    its fraction: 18.0 -> "+18 pts", 1.0 -> "+1 pt", None -> "—". A grid's own "%+.1f" wrote "+18.5"
    with no unit, where every other screen says "+18 pts"."""
    return DASH if value is None else points(value / 100) or DASH


def plural(n: int | None, noun: str, nouns: str | None = None) -> str:
    """"1 rep", "3,000 reps", "2 opportunities" (`nouns` when adding an s is wrong)."""
    if n is None:
        return f"{DASH} {nouns or noun + 's'}"
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


def plural_or_none(n: int | None, noun: str, nouns: str | None = None) -> str:
    """plural's words, but "no deals" for none: a sentence read "0 deals open now"."""
    return f"no {nouns or noun + 's'}" if n == 0 else plural(n, noun, nouns)


def count(n: int | None) -> str:
    """3000 -> "3,000"; None -> "—"."""
    return DASH if n is None else f"{n:,}"


def signed_count(n: int | None) -> str | None:
    """+3,000 / -92 / ±0 for a change in a count; None when there is none."""
    return None if n is None else (f"{NO_CHANGE}0" if n == 0 else f"{n:+,d}")


def days(n: int | None) -> str:
    """"1 day", "88 days"."""
    return plural(n, "day")


def ordinal(number: int) -> str:
    """1 -> "1st", 80 -> "80th", 12 -> "12th"."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


# Scales a compact number is written in, largest first: "k", "M", "B" as amounts are spoken, never
# SI's "G" (Plotly's "~s" ticks) or Intl's "K" (Streamlit's "compact" column format).
SCALES: Final = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
SIGNIFICANT_FIGURES: Final = 3


def compact(value: float | None) -> str:
    """A number written short, in three significant figures and the scale of `SCALES` it reaches:
    4_990_000 -> "4.99M", 5_026_400 -> "5.03M", 23_420 -> "23.4k", 950 -> "950", 1_500 -> "1.5k",
    999_500 -> "1M" (it rounds to 1,000k), 1.23e12 -> "1,230B", -1_500 -> "-1.5k", 0 -> "0";
    None -> "—". Every amount the product writes short goes through here (`money` adds its currency), in
    three figures whatever its own decimals: a cut point of €59,331.41 wrote "€59.33141k" when a caller
    could ask for more figures. A number that must read exactly as written is made so (`significant`).

    Three figures, trailing zeros dropped: each number is within 0.5% of what is written, so two
    numbers in one column read the same only when both round to it (two figures wrote 4,990,000
    and 5,026,400 both "5M"). Raises ValueError for NaN or an infinity, which are not amounts.
    """
    if value is None:
        return DASH
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is not a number to write")
    rounded = significant(value)  # rounded first: 999,500 is 1M, not "1,000k"
    for divisor, suffix in SCALES:
        if abs(rounded) >= divisor:
            return _figures(rounded / divisor) + suffix
    return _figures(rounded)


def significant(value: float, figures: int = SIGNIFICANT_FIGURES) -> float:
    """`value` to `figures` significant figures by half_up's rule: 250,500 -> 251,000 (a format's ".3g"
    took the half to the even figure, 250,000), 3,985,000 -> 3,990,000, 0.0012345 -> 0.00123; 0 -> 0."""
    if value == 0:
        return 0.0
    return float(half_up(value, figures - 1 - math.floor(math.log10(abs(value)))))


def _figures(number: float, figures: int = SIGNIFICANT_FIGURES) -> str:
    """`number` (already rounded to `figures`) in plain digits, never an exponent:
    4.99 -> "4.99", 1.0 -> "1", 1230.0 -> "1,230", 0.000123 -> "0.000123", -0.0 -> "0"."""
    if number == 0:
        return "0"
    decimals = max(0, figures - 1 - math.floor(math.log10(abs(number))))
    written = f"{number:,.{decimals}f}"
    return written.rstrip("0").rstrip(".") if "." in written else written


def currency_prefix(currency: str | None = DEFAULT_CURRENCY) -> str:
    """What is written before an amount: "$", "€", or the code and a space ("CHF ") where no symbol is known."""
    code = (currency or DEFAULT_CURRENCY).upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    return symbol if symbol else f"{code} "


def money(value: float | None, currency: str | None = DEFAULT_CURRENCY) -> str:
    """An amount as a leader reads it, its currency then `compact`: "$1.25M", "$60k", "$128k" (for
    127,500), "$950", "€1.25M", "CHF 1.25M", "-$5k"; "—" for none.

    `currency` is an ISO 4217 code; None or an unknown code writes the amount with its code.
    """
    if value is None:
        return DASH
    sign = "-" if value < 0 else ""
    return f"{sign}{currency_prefix(currency)}{compact(abs(value))}"


def same_precision(written: Sequence[str]) -> list[str]:
    """Labels written by `compact` or `money` ("$1.1M", "$1.34M", "$2.81M") given one precision where
    they share a scale: each label of a scale padded with zeros to the most decimals any label of that
    scale has ("$1.10M", "$1.34M", "$2.81M"), never past compact's SIGNIFICANT_FIGURES ("$950k" stays). One chart's bars read "$1.1M" beside "$1.34M", as if the
    first were known less exactly. The value each says is unchanged; labels of other scales, words
    ("No amount", "—") and "" are left as they are."""
    shape = re.compile(r"^(?P<head>.*?\d)(?:\.(?P<decimals>\d+))?(?P<suffix>[kMB]?)$")
    parsed = [shape.match(w) if w and w[-1:].isalnum() and any(c.isdigit() for c in w) else None for w in written]
    most: dict[str, int] = {}
    for match in parsed:
        if match:
            suffix = match["suffix"]
            most[suffix] = max(most.get(suffix, 0), len(match["decimals"] or ""))
    out = []
    for label, match in zip(written, parsed, strict=True):
        if not match or not most.get(match["suffix"]):
            out.append(label)
            continue
        # Never past compact's three figures: "$950k" stays, not "$950.0k" beside "$1.5k".
        whole = sum(c.isdigit() for c in match["head"].lstrip("-").split(" ")[-1])
        width = max(len(match["decimals"] or ""), min(most[match["suffix"]], SIGNIFICANT_FIGURES - whole))
        decimals = (match["decimals"] or "").ljust(width, "0")
        out.append(f"{match['head']}.{decimals}{match['suffix']}" if decimals else label)
    return out


def compact_column(values: Sequence[float | None], currency: str | None = None) -> list[str]:
    """A column's amounts written short, one a value, every amount of a scale with as many decimals as the
    most `compact` gives one of them (at most COLUMN_DECIMALS), each rounded from its own value: 1.1M, 1.11M,
    10.54M -> "1.10M", "1.11M", "10.54M"; 950k beside 1.5k -> "950.0k", "1.5k"; None -> DASH. With `currency`,
    each as `money` writes it ("$1.10M", "-$5.0k"). The rule for every table column of short amounts, whose
    figures line up on their decimal point: a leaderboard's "1.1M" beside "1.11M" read as if the first were
    known less exactly. A chart's labels, each read alone, keep compact's three figures (`same_precision`).
    Raises ValueError for NaN or an infinity (compact)."""
    scales = [_scale(value) for value in values]
    most: dict[str, int] = {}
    for value, (_, suffix) in zip(values, scales, strict=True):
        if value is not None:
            written = compact(value)
            decimals = len(written.split(".")[1].rstrip(suffix)) if "." in written else 0
            most[suffix] = min(COLUMN_DECIMALS, max(most.get(suffix, 0), decimals))
    out = []
    for value, (divisor, suffix) in zip(values, scales, strict=True):
        if value is None:
            out.append(DASH)
            continue
        number = f"{half_up(abs(value) / divisor, most[suffix]):,f}{suffix}"
        sign = "-" if value < 0 and number.strip("0.,kMB") else ""
        out.append(f"{sign}{'' if currency is None else currency_prefix(currency)}{number}")
    return out


# The most decimals a column of short amounts gives a scale: a tiny amount beside 999.4 had given every amount
# of no scale its seven ("999.4000000" beside "0.0000001").
COLUMN_DECIMALS: Final = 2


def _scale(value: float | None) -> tuple[float, str]:
    """The (divisor, suffix) of SCALES that `compact` writes `value` in; (1, "") below a thousand or for None."""
    rounded = 0.0 if value is None else significant(value)
    return next(((divisor, suffix) for divisor, suffix in SCALES if abs(rounded) >= divisor), (1.0, ""))


def money_and_no_rate(value: float | None, currency: str | None = DEFAULT_CURRENCY, no_rate: str | None = None,
                      write: Callable[[float | None], str] | None = None) -> tuple[str, str | None]:
    """money_or_no_rate in its two parts, for a tile that writes the value in its big type and what it
    leaves out beside it in small type, as a rate's n: ("$1.2M", "no rate for EUR"); the phrase alone,
    capitalised, when nothing converted ("No rate for GBP", None); (the value, None) when nothing is
    left out. In big type, "$3.15M · no rate for 5 currencies" took three lines of a tile of four."""
    written = write(value) if write is not None else money(value, currency)
    return figure_and_no_rate(written, bool(value), no_rate)


def figure_and_no_rate(written: str, converted: bool, no_rate: str | None) -> tuple[str, str | None]:
    """The one rule of every figure computed from amounts in the reporting currency (a won value, a win
    rate by value) where some deals' amounts no exchange rate converts: (the figure as `written`, what
    it leaves out in small type: "no rate for EUR") when some amounts `converted`; the phrase alone,
    capitalised, in the figure's place when none did ("No rate for EUR", None): never "$0", "—" or
    "no deals with a value", which would say the deals had no amount; (`written`, None) when nothing is
    left out (`no_rate` None: exchange.Unconverted.no_rate)."""
    if not no_rate:
        return written, None
    if not converted:
        return sentence(no_rate), None
    return written, no_rate


def no_rate_alone(converted: bool, no_rate: str | None) -> bool:
    """Whether figure_and_no_rate (money_and_no_rate) writes the phrase alone in the figure's place ("No rate
    for EUR"): some deals lack an exchange rate (`no_rate`) and none `converted`. Words, not a figure: a tile
    sets them in a smaller type than its figures, so they read on one line ("No rate for EUR" in a headline's
    type wrapped onto three lines of a rep's tile)."""
    return bool(no_rate) and not converted


def money_or_no_rate(value: float | None, currency: str | None = DEFAULT_CURRENCY, no_rate: str | None = None,
                     write: Callable[[float | None], str] | None = None) -> str:
    """A value figure as `money` writes it (or `write`: text.compact under a header naming the
    currency), and, where it leaves out deals no exchange rate converts, what they lack after a
    middle dot: "$1.2M · no rate for EUR". `no_rate` is that phrase (exchange.Unconverted.no_rate,
    exchange.no_rate_words), None when nothing is left out. A value of none but such deals (None or
    0: nothing converted) reads the phrase alone, capitalised ("No rate for GBP"): never "$0" or a
    bare "—", which would say they were worth nothing."""
    written, aside = money_and_no_rate(value, currency, no_rate, write)
    return with_aside(written, aside)


def with_aside(value: str, aside: str | None) -> str:
    """A value as one line of words, what it leaves out after a middle dot ("$1.2M · no rate for EUR"): how
    money_or_no_rate, a page's tile and a review's tile write a value and its small-type aside; `value`
    alone when there is none."""
    return f"{value} · {aside}" if aside else value


NOT_CONVERTED: Final = "not converted"


def not_converted(amount: float | None, currency: str | None) -> str:
    """An amount no exchange rate converts, in its own currency and marked so: "£114k (not converted)";
    DASH when there is no amount. Listed beside converted amounts, never added to them."""
    return DASH if amount is None else f"{money(amount, currency)} ({NOT_CONVERTED})"


def money_change(change: float | None, currency: str | None = DEFAULT_CURRENCY) -> str | None:
    """"+$1.2M" / "-$60.0k" / "±$0" for a change in value; None when there is none."""
    if change is None:
        return None
    sign = NO_CHANGE if change == 0 else "+" if change > 0 else "-"
    return sign + money(abs(change), currency)


def ratio_change(value: float | None, other: float | None) -> float | None:
    """value ÷ other − 1 (0.08 for +8%); None when either is missing or other is 0."""
    if value is None or not other:
        return None
    return value / other - 1


def relative(change: float | None) -> str | None:
    """0.08 -> "+8%", -0.95 -> "-95%", ~0 -> "±0%"."""
    if change is None:
        return None
    value = _hundredths(change)
    return f"{NO_CHANGE}0%" if value == 0 else f"{value:+d}%"


def won_value_change(value: float | None, other: float | None, currency: str | None = DEFAULT_CURRENCY) -> str | None:
    """How a change in won value is written on every screen and in every file: the amount, then the
    percentage of the earlier value, "-$50k (-2%)", "+$1.2M (+8%)", "±$0 (±0%)"; the amount alone
    when the earlier value is 0 (no percentage of nothing); None when either value is missing."""
    if value is None or other is None:
        return None
    amount = money_change(value - other, currency)
    ratio = relative(ratio_change(value, other))
    return amount if ratio is None else f"{amount} ({ratio})"


def money_column(currency: str | None = DEFAULT_CURRENCY) -> str:
    """A table column's printf format for whole amounts: "$%,d" shows 14200 as "$14,200" (no cents)."""
    return f"{currency_prefix(currency)}%,d"


def whole_money(value: float | None, currency: str | None = DEFAULT_CURRENCY) -> str:
    """An amount as a deal list's column writes it (money_column's format): "$14,200", "CHF 1,500",
    "-$5"; DASH for none. For a cell written in words, where the column's format cannot apply."""
    if value is None:
        return DASH
    return f"{'-' if value < 0 else ''}{currency_prefix(currency)}{whole(abs(value)):,}"


def money_header(label: str, currency: str | None = DEFAULT_CURRENCY) -> str:
    """A column of amounts' header naming their currency as amounts are written: "Won ($)", "Won (CHF)"."""
    return f"{label} ({currency_prefix(currency).strip()})"


# ---- dates -----------------------------------------------------------------------------------------
def day(value: dt.date | None) -> str:
    """Every date the product shows, one way: "1 Oct 2025"; "—" for none."""
    if value is None:
        return DASH
    return f"{value.day} {value:%b %Y}"


def day_range(first: dt.date, last: dt.date) -> str:
    """A range of days as every caption prints it: "1 Oct 2025 – 30 Sep 2026". Both ends are days
    counted: `last` is the range's last day, never the day after it (winloss.periods' ranges are
    inclusive at both ends)."""
    return f"{day(first)} – {day(last)}"


DAY_PATTERN: Final = "D MMM YYYY"  # `day`'s form for a table column that formats its own dates (st.column_config)
DAY_STRFTIME: Final = "%-d %b %Y"  # `day`'s form for a Polars date column (Expr.dt.strftime: "%-d", no leading zero)


def moment(value: dt.datetime | None) -> str:
    """A time of day (uploads, versions): "1 Oct 2025 14:05 UTC"."""
    if value is None:
        return "unknown time"
    return f"{day(value)} {value:%H:%M} UTC"


# ---- rates -------------------------------------------------------------------------------------------
def too_small_text(n: int) -> str:
    """"n too small (n = 5)": what stands where a rate on fewer than MIN_N deals would be."""
    return f"{N_TOO_SMALL} (n = {n:,})"


def rate(value: float | None, n: int | None, small: bool | None = None) -> str:
    """A rate with the rule that it is never a bare percentage on a handful of deals:
    "42%", "n too small (n = 5)", "—" (no deals). `small` defaults to n < MIN_N."""
    if value is None or not n:
        return DASH
    if small if small is not None else n < MIN_N:
        return too_small_text(n)
    return percent(value)


# What a rate chart's n counts (its hover's "n = 12 lost + no-decision deals"), and what a bar with none says.
N_CLOSED: Final = "deals in the win rate"
N_LOSSES: Final = "lost + no-decision deals"
_NONE_IN_N: Final = {N_CLOSED: "no closed deals", N_LOSSES: "no losses"}


def none_in_n(n_noun: str) -> str:
    """What a rate says when its n (`n_noun`: what n counts) is 0: "no losses" for the no-decision share
    of losses (a region with one won deal and no loss is not a region with "no deals"), "no closed deals"
    for a win rate, else "no deals"."""
    return _NONE_IN_N.get(n_noun, "no deals")


def rate_with_n(value: float | None, n: int | None, small: bool | None = None, none: str = "no deals") -> str:
    """"42% (n = 310)", "n too small (n = 7)", "no deals" (`none`: what a rate with n = 0 says, none_in_n)."""
    if value is None or not n:
        return none
    if small if small is not None else n < MIN_N:
        return too_small_text(n)
    return f"{percent(value)} (n = {n:,})"


def rate_on_bar(value: float | None, n: int | None, small: bool | None = None, none: str = "no deals") -> str:
    """What is written on a bar or point whose axis label already carries n: "42%", "n too small",
    "no deals" (`none`, none_in_n). `small` defaults to n < MIN_N."""
    if value is None or not n:
        return none
    if small if small is not None else n < MIN_N:
        return N_TOO_SMALL
    return percent(value)


def rate_in_cell(value: float | None, n: int | None, small: bool | None = None) -> str:
    """What a table's rate cell reads when its n is in a column beside it: "42%", "n too small"
    (never blank: a table's empty cell said nothing of why), "—" when there are no deals in its n.
    `small` defaults to n < MIN_N."""
    if not n:
        return DASH
    if small if small is not None else n < MIN_N:
        return N_TOO_SMALL
    return DASH if value is None else percent(value)


def reference_words(name: str, value: float | None, n: int | None, small: bool | None = None) -> str:
    """What a chart's reference line (every deal of the chart together: "All profiles", "All reps")
    is called in its legend: "All profiles: 37%", and on fewer than MIN_N deals its n in place of the
    rate, "All profiles: n too small (n = 16)" (text.rate), as the tiles and bars beside it say; "—"
    for none. A legend reading "All: 50%" over hatched bars on the same 16 losses gave the rate the
    bars withhold. `small` defaults to n < MIN_N."""
    return f"{name}: {rate(value, n, small)}"


def interval(lo: float | None, hi: float | None) -> str:
    """"38–46%" for a 95% interval; "—" when there is none."""
    if lo is None or hi is None:
        return DASH
    if 0 < lo < 0.01 or 0.99 < hi < 1:  # "<1–5%" would not read; each end keeps the share rule
        return f"{percent(lo)} to {percent(hi)}"
    return f"{_hundredths(lo)}–{_hundredths(hi)}%"


def interval_with_name(lo: float | None, hi: float | None, small: bool) -> str:
    """"95% interval 38–46%" for a hover line; "" when there is none (the line is left out) or its rate
    is withheld (`small`: on too few deals), whose interval would give the rate away as its middle."""
    if lo is None or hi is None or small:
        return ""
    return f"95% interval {interval(lo, hi)}"


# ---- names of metrics, one each --------------------------------------------------------------------
ND_SHARE_OF_LOSSES: Final = "No decision ÷ losses"
ND_SHARE_OF_LOSSES_SHORT: Final = "ND ÷ losses"  # its name where a table's column has room for no more
ND_SHARE_OF_CLOSED: Final = "No decision ÷ closed"
ND_SHARE_OF_LOSSES_FORMULA: Final = "no decision ÷ (lost + no decision)"  # what ND_SHARE_OF_LOSSES divides
# ND_SHARE_OF_LOSSES in words, for the help of a column headed ND_SHARE_OF_LOSSES_SHORT ("ND ÷ losses" alone
# read as a code) and beside the formula in a definition.
ND_SHARE_OF_LOSSES_WORDS: Final = "of the lost and no-decision deals, the share that ended with no decision"
LOSSES: Final = "losses"  # lost + no-decision deals: the n of ND_SHARE_OF_LOSSES, in every caption and help
# What a rate's 95% interval is, in words a reader of a spreadsheet takes in at once, its statistical name
# kept in brackets to look up: "Wilson 95% intervals" alone read as jargon.
INTERVAL_WORDS: Final = "the range the true rate likely lies in (95% interval, Wilson)"
WHISKERS: Final = f"whiskers: {INTERVAL_WORDS}"
# How a table's row is chosen without a mouse (a table whose row opens a rep: the leaderboard, a profile's
# reps): the grid selects the row its cell is in on Shift+Space; nothing on the page said so. A sentence
# that says what it does before the keys: "the arrow keys to its row, then Shift+Space" read as a riddle.
ROW_BY_KEYBOARD: Final = ("To open a rep from the table with the keyboard: move to the rep's row with the arrow keys, "
                          "then press Shift+Space.")
# What a table of reps' n and Losses columns count, as a sentence of its caption (the Reps leaderboard,
# a profile's reps): "Losses the n of No decision ÷ losses" read as jargon with a word missing.
N_AND_LOSSES_NOTE: Final = (f"n is the number of deals in it; Losses is the number of lost and no-decision deals, "
                            f"the n of {ND_SHARE_OF_LOSSES}.")


# ---- captions: the small-n rule and n, worded once -------------------------------------------------
def small_n_note(noun: str = "deals", min_n: int = MIN_N) -> str:
    """What a hatched bar or hollow ring means on every chart of rates: "a bar drawn hatched, or a ring drawn
    hollow, has fewer than 20 deals: too few to give its rate" (winloss.present.withheld draws them so:
    grey alone read as Unprofiled's grey on a projector; "hatched or hollow: fewer than 20 deals" left a
    reader to guess what was hatched and why). A chart of amounts under a rate says it in amounts_small_n_note.

    `noun` names the rate's n ("deals", "losses", "closed deals"). Lower case: it follows a
    semicolon in a caption; `sentence` capitalises it where it opens one.
    """
    return f"a bar drawn hatched, or a ring drawn hollow, has fewer than {min_n} {noun}: too few to give its rate"


def amounts_small_n_note(noun: str = "losses", rate: str = "share of losses", min_n: int = MIN_N,
                         rings: bool = True) -> str:
    """What a hatched bar means on a chart of amounts drawn under a rate (the review's no-decision chart: the value
    of the deals lost to no decision, under their share of losses), in small_n_note's words for its marks: the
    quarter's rate is on too few `noun`, and the amount, which is no rate, is still drawn: "a bar drawn hatched, or
    a ring drawn hollow, has fewer than 20 losses: too few to give the quarter's share of losses; a bar's value is
    still shown". small_n_note's "too few to give its rate" said it of bars of amounts, which have no rate. `rings`
    False where the rate's line gave way to a sentence: "a bar drawn hatched has fewer than 20 losses: … its value
    is still shown". Lower case, as small_n_note."""
    marks, whose = ("a bar drawn hatched, or a ring drawn hollow,", "a bar's") if rings else ("a bar drawn hatched", "its")
    return f"{marks} has fewer than {min_n} {noun}: too few to give the quarter's {rate}; {whose} value is still shown"


# How a ranking orders the rows whose rate is withheld (rates.ranked), said in its caption after small_n_note.
WITHHELD_ORDER: Final = "listed after the others by n, then name"


def unranked_title(noun: str, min_n: int = MIN_N) -> str:
    """The title of a ranking whose every rate is withheld (rates.none_ranked), so that it does not read as
    one: "No rep has 20 losses in this range: none is ranked". `noun` names the rates' n ("losses",
    "closed deals")."""
    return f"No rep has {min_n} {noun} in this range: none is ranked"


# The title a ranking of reps by their share of losses has when no rep lost a deal in its range.
NO_REP_LOST_TITLE: Final = "No rep lost a deal in this range"
# A chart title that is a sentence said in place of the chart's data (unranked_title, NO_REP_LOST_TITLE),
# not what the chart is about: never a file's name (views.common.chart_file_name).
_EMPTY_CHART_TITLE: Final = re.compile(r"No rep (has \d+ .+ in this range: none is ranked|lost a deal in this range)")


def is_empty_chart_title(words: str) -> bool:
    """Whether `words` (a chart's title) is a sentence said in place of its data ("No rep has 20 losses in this
    range: none is ranked"), not its subject."""
    return _EMPTY_CHART_TITLE.fullmatch(words.strip()) is not None


def outcome_mix_caption(closed: int, whose: str, min_n: int = MIN_N) -> str:
    """The caption under an outcome mix (how closed deals ended), `whose` naming the deals ("all", "the
    rep's"): "Share of all 4,836 closed deals. Click a bar for its deals."; below `min_n` closed deals
    the bars give counts alone, as a win rate on them is withheld (a rep's tile said "n too small"
    beside bars reading "Won 10 · 56%"): "Counts of the rep's 18 closed deals: no shares, fewer than
    20 (n too small). Click a bar for its deals."."""
    deals = plural(closed, "closed deal")
    if not shares_shown(closed, min_n):
        return f"Counts of {whose} {deals}: no shares, fewer than {min_n} ({N_TOO_SMALL}). Click a bar for its deals."
    return f"Share of {whose} {deals}. Click a bar for its deals."


def outcome_bar_words(count: int, closed: int, min_n: int = MIN_N) -> str:
    """What an outcome mix's bar says: " 12 · 30%", its count alone (" 12") below `min_n` closed deals
    (the share would be the rate the small-n rule withholds). A space off the axis."""
    return f" {count:,} · {percent(count / closed)}" if shares_shown(closed, min_n) else f" {count:,}"


def shares_shown(n: int, min_n: int = MIN_N) -> bool:
    """Whether parts of `n` deals are given as shares: from `min_n` on. Below it a share is the rate
    the small-n rule withholds (a reason's share of 12 losses is a no-decision share on 12), so
    bars, hovers and a chart's CSV give counts alone."""
    return n >= min_n


def reason_bar_words(deals: int, share: float, losses: int, min_n: int = MIN_N, in_all: bool = False) -> str:
    """What a loss reason's bar says: "22 · 23%" (`share` of all `losses`, lost + no decision), its
    count alone ("22") below `min_n` losses; `in_all`, a stacked bar's total: "37 in all · 38%"."""
    count = f"{deals:,} in all" if in_all else f"{deals:,}"
    return f"{count} · {percent(share)}" if shares_shown(losses, min_n) else count


# What made deals no decision, as a loss-reason chart's caption names it (keys: measures.no_decision's causes),
# and as the command line's loss-reason report names it (where each is set there).
_CAUSE_WORDS = {
    "stage mapping": "your stage mapping (the Data page's Stage outcomes)",
    "loss reason": "the loss reason (the no-decision vocabulary, on the Data page)",
    "stage or status": "the stage's own words or the status",
}
CAUSE_WORDS_COMMAND_LINE: Final = {
    **_CAUSE_WORDS,
    "stage mapping": "your stage mapping (--stage)",
    "loss reason": "the loss reason (the no-decision vocabulary, --no-decision-reason)",
}


def no_decision_causes_sentence(causes: Sequence[tuple[str, int]], words: Mapping[str, str] = _CAUSE_WORDS) -> str:
    """What made the no-decision deals so, each cause with its count (measures.no_decision.no_decision_causes'
    (cause, deals)): "No decision: 37 deals by your stage mapping (…) and 35 by the loss reason (…)."; `words`
    name the causes (the pages' by default, CAUSE_WORDS_COMMAND_LINE for the command line)."""
    by = listed([f"{plural(n, 'deal') if i == 0 else f'{n:,}'} by {words[cause]}" for i, (cause, n) in enumerate(causes)])
    return f"No decision: {by}."


# How many loss reasons kept lost a sentence names before counting the rest.
KEPT_LOST_NAMED: Final = 5


def kept_lost_sentence(kept: Sequence[tuple[str, int]], no_decision: int, losses: int,
                       escape: Callable[[str], str] | None = None) -> str | None:
    """What the pages that give no decision ÷ losses say (under "Kept as lost" in their Definitions) of the loss
    reasons the store keeps lost though its no-decision list would count them as no decision (measures.no_decision.kept_lost_reasons: (reason, deals in
    range), most deals first): "48 deals in range whose loss reason is 'No decision / status quo'
    count as lost, not as no decision: this store is set so in the No-decision reasons tab of the Data page.
    Counted as no decision, no decision ÷ losses would be 41%." Without it a share that fell from 41% to 28%
    the day a reason was kept lost said nothing of why. `no_decision` and `losses`: the range's no-decision
    deals and its lost + no-decision deals, the share's own counts (the share they would give is withheld as
    every rate is, text.rate). Reasons come from a file: `escape` writes each (md, Markdown, by default).
    None when no reason is kept lost in range."""
    if not kept:
        return None
    written = escape or md
    named = [f"'{written(reason)}'" + (f" ({plural(deals, 'deal')})" if len(kept) > 1 else "")
             for reason, deals in kept[:KEPT_LOST_NAMED]]
    if rest := kept[KEPT_LOST_NAMED:]:
        named.append(f"{plural(len(rest), 'more reason')} ({plural(sum(d for _, d in rest), 'deal')})")
    total = sum(deals for _, deals in kept)
    would = rate((no_decision + total) / losses, losses) if losses else DASH
    return (f"{plural(total, 'deal')} in range whose loss reason is {listed(named, 'or')} "
            f"{'counts' if total == 1 else 'count'} as lost, not as no decision: this store is set so in the "
            f"No-decision reasons tab of the Data page. Counted as no decision, {ND_SHARE_OF_LOSSES.lower()} "
            f"would be {would}.")


def reasons_caption(losses: int, whose: str, min_n: int = MIN_N, causes: Sequence[tuple[str, int]] = (),
                    kept_lost: str | None = None, others: str | None = None) -> str:
    """The caption under a loss-reason chart, `whose` naming the deals ("the", "the rep's"): "Raw loss
    reasons of the 96 lost and no-decision deals; …", and below `min_n` losses "…: counts, no shares,
    fewer than 20 (n too small); …". `causes`: what made the no-decision deals so, (cause, deals)
    (measures.no_decision.no_decision_causes), each named with its count: a bar "(no reason given)" is no
    decision by a stage mapping, not by the vocabulary the caption named alone. `kept_lost`: kept_lost_sentence's
    words, said after the causes: a reason the vocabulary reads but the store keeps lost is drawn as lost.
    `others`: what the bar of the reasons past the top ones holds (measures.no_decision.DrawnReasons.other_words),
    said last before the click: that bar is named by a count alone."""
    kept = f" Kept as lost: {kept_lost}" if kept_lost else ""
    if others:
        kept += f" {others}"
    deals = plural(losses, "lost or no-decision deal", "lost and no-decision deals")
    small = "" if shares_shown(losses, min_n) else f": counts, no shares, fewer than {min_n} ({N_TOO_SMALL})"
    if not causes:
        return (f"Raw loss reasons of {whose} {deals}{small}; the colour is what the reason counts as (the "
                f"no-decision vocabulary is editable on the Data page).{kept} Click a bar for its deals.")
    return (f"Raw loss reasons of {whose} {deals}{small}; the colour is what the deal counts as. "
            f"{no_decision_causes_sentence(causes)}{kept} Click a bar for its deals.")


def small_n_legend(min_n: int = MIN_N) -> str:
    """The legend entry of a chart's hatched bars or hollow points: "n too small (fewer than 20)"
    (the caption names the n)."""
    return f"{N_TOO_SMALL} (fewer than {min_n})"


def blank_cell_note(noun: str = "deals", min_n: int = MIN_N, scope: str = "") -> str:
    """What "—" means in a table's change column: "—: fewer than 20 deals (n too small)"; `scope`
    narrows it ("in either quarter": "—: fewer than 20 losses in either quarter (n too small)")."""
    return f"{DASH}: fewer than {min_n} {noun}{f' {scope}' if scope else ''} ({N_TOO_SMALL})"


def small_cell_note(noun: str = "deals", min_n: int = MIN_N) -> str:
    """What a table's rate cell reads when it shows no percentage (rate_in_cell): "n too small: fewer
    than 20 deals; —: none"."""
    return f"{N_TOO_SMALL}: fewer than {min_n} {noun}; {DASH}: none"


def withheld_cell_note(noun: str = "deals", min_n: int = MIN_N) -> str:
    """What a grid's empty rate cell means: "—: fewer than 20 deals (n too small), or none". A grid holds
    no withheld rate (no value to sort by or read out), and draws "—" in an empty number cell whatever
    words it is given, so its rate cell says what small_cell_note's report column says in words."""
    return f"{blank_cell_note(noun, min_n)}, or none"


def change_rule_note(min_n: int = MIN_N) -> str:
    """When a change between two quarters is shown, on every page's Definitions: "a change is shown
    only when both quarters have at least 20 deals in its n" of a rate (its own n); a count's or a value's
    whenever both quarters have some of what it counts (rates.change_min_n)."""
    return (f"a rate's change is shown only when both quarters have at least {min_n} deals in its n; a count's "
            "or a value's whenever both quarters have some")


class Unrated(NamedTuple):
    """Of one side of a change of amounts, its deals whose amount no exchange rate converts: how many, and what
    they lack ("no rate for EUR", exchange.no_rate_words)."""

    deals: int
    words: str


def withheld_change(sides: Sequence[tuple[str, int | None]], noun: str = "deals", min_n: int = MIN_N,
                    where: str = "in", no_rate: Mapping[str, Unrated] | None = None,
                    said: Collection[str] = (), sums: bool = False) -> str | None:
    """Why a difference between `sides` ((name, n) each: the two quarters, a rep and their peers) is not
    shown, in a tile's words: "peers n too small (13 deals)", "Q3 and Q2 n too small (12 and 9 won
    deals)"; a side with nothing at all is said plainly, "no deals with a value in Q3 or Q2", never
    "n too small (0 deals)"; both kinds: "no losses in Q2; Q3 n too small (4 losses)". None when every
    side reaches `min_n` (rates.small_sides), so it may be shown. `noun` names what n counts ("won
    deals", "losses", rates.CHANGE_N); `where` joins it to the sides' names ("in" Q2, "for the" rep).

    `no_rate`: of a change of amounts, the deals of each side no exchange rate converts (Unrated), by side's
    name (a side with none left out), which its n leaves out. A side with nothing in its n for want of rates
    lacks the rate, "no rate for GBP in Q2", never "no deals with a value in Q2", which said its deals had no
    amount (figure_and_no_rate's rule, side by side); sides lacking the same rate are named together, as
    sides with nothing are: "no rate for EUR in Q3 or Q2" (Won value read "no rate for EUR in Q3; no rate for
    EUR in Q2" beside Win rate by value's "no rate for EUR"). A side too small partly for want of rates says
    so after its count: "Q3 n too small (2 deals with a value; 2 more with no rate for EUR)", where "(2 deals
    with a value)" alone hid the deals that have amounts.

    `sums`: the change is of sums of amounts (a won value, the value lost to no decision, an index of won
    values), whose sides must each be whole to be compared: a side whose sum leaves out some deals for want of
    rates is withheld as one with nothing converted is, by what it lacks, "no rate for EUR in Q2". Its sum is a
    part of the quarter's: "+$54k (+180%) · $84k vs $30k" compared Q3 with Q2's USD deals alone, as if whole,
    where with Q2's EUR deal converted it read "+$34.5k (+70%)". A rate's side keeps its n's rule: a rate over the
    deals that convert is still a rate.

    `said`: the names of sides whose n the tile already gives beside a value that says "n too small" (the
    review's "n = 5 in 2026 Q3"): its count is not said again. Such a side too small is left out where
    another side gives a reason, else named alone without its count, "2026 Q3 n too small": the review's
    Win rate tile read "n = 5 in 2026 Q3 · vs 2026 Q2: Q3 and Q2 n too small (5 and 2 deals) · vs 2025
    Q3: no deals in 2025 Q3; 2026 Q3 n too small (5 deals)", Q3's n three times."""
    no_rate = {name: side for name, side in (no_rate or {}).items() if side.deals and side.words}
    # Of sums, the sides with some of their deals converted and some not: partial sums, never compared.
    partial = {name for name, n in sides if sums and n and name in no_rate}
    small = [(name, n) for name, n in small_sides(sides, min_n) if name not in partial]
    if not small and not partial:
        return None
    told = [name for name, n in small if n > 0 and name in said]
    if len(told) == len(small) and not partial:
        return f"{' and '.join(told)} {N_TOO_SMALL}"
    small = [(name, n) for name, n in small if name not in told]
    empty_sides = {name for name, n in small if n == 0}
    lacking: dict[str, list[str]] = {}  # what the sides with nothing, or a partial sum, lack -> those sides, in order
    for name, _ in sides:
        if name in no_rate and (name in partial or name in empty_sides):
            lacking.setdefault(no_rate[name].words, []).append(name)
    empty = [name for name, n in small if n == 0 and name not in no_rate]
    few = [(name, n) for name, n in small if n > 0]
    parts = ([f"no {noun} {where} {' or '.join(empty)}"] if empty else [])
    parts += [f"{words} {where} {' or '.join(names)}" for words, names in lacking.items()]
    if few:
        names = " and ".join(name for name, _ in few)
        # One side of one deal is "(1 deal)", "(1 loss)"; "(1 and 3 deals)" stays plural.
        counted = singular(noun) if [n for _, n in few] == [1] else noun
        # The deals a too-small side's n leaves out for want of rates, each side's named when two are counted.
        more = [f"{no_rate[name].deals:,} more{f' {where} {name}' if len(few) > 1 else ''} with {no_rate[name].words}"
                for name, _ in few if name in no_rate]
        parts.append(f"{names} {N_TOO_SMALL} ({'; '.join([' and '.join(f'{n:,}' for _, n in few) + f' {counted}', *more])})")
    return "; ".join(parts)


# The plural nouns a count of deals is worded in (rates.CHANGE_N's, "deals with a value"), and their one.
_SINGULARS: Final = {"deals": "deal", "losses": "loss", "reps": "rep"}


def singular(nouns: str) -> str:
    """`nouns` for a count of one: "deals" -> "deal", "won deals" -> "won deal", "deals with a value"
    -> "deal with a value", "losses" -> "loss" (its first plural word made singular).
    Raises ValueError for words with no plural word known here, rather than "1 deals"."""
    words = nouns.split(" ")
    for i, word in enumerate(words):
        if word in _SINGULARS:
            return " ".join([*words[:i], _SINGULARS[word], *words[i + 1:]])
    raise ValueError(f'No singular known for "{nouns}".')


def listed(items: Sequence[str], last: str = "and") -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c" (`last`: the word before the last one)."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def quoted_name(name: str) -> str:
    """A name a file wrote, as a sentence gives it: in double quotes ('"Ann Lee"'), so a name holding a comma
    ("Lee, Ann") or the words of a mark ("Bob Roy (left)") reads as one name. Escape the sentence to show it."""
    return f'"{name}"'


def deal_named(opportunity_id: str, name: str | None) -> str:
    """A stored deal as a sentence names it, as a person knows it: its deal name in double quotes (quoted_name) when
    it has one, else its id: '"Proseware deal"', '006A1'. The one rule of every sentence that names deals (what a
    file changes in them, those it no longer lists): a Dynamics export's id is a GUID in a column Excel hides, and
    "1 won (33aac45e-10e6-…)" named a deal nobody knew. Escape the sentence to show it."""
    return quoted_name(name.strip()) if name and name.strip() else opportunity_id


def _more(rest: int) -> str:
    return f"{rest:,} more"


def quoted_names(names: Sequence[str], limit: int | None = None, marks: Mapping[str, str] | None = None,
                 rest: Callable[[int], str] = _more) -> str:
    """Names a file wrote, as a sentence lists them (`listed`), each in double quotes (quoted_name) and followed
    by its mark in brackets when `marks` gives one ('"Bob Roy" (left on 30 Nov 2025)'): '"Ann Lee"',
    '"Lee, Ann", "Dee, Cy" and "Roy, Bob" (left on 30 Nov 2025)'. With `limit`, the first `limit` names,
    then the others counted by `rest` ("and 3 more"). The one rule for a list of names in a sentence; escape
    the sentence to show it."""
    shown = [quoted_name(n) + (f" ({marks[n]})" if marks and marks.get(n) else "") for n in names]
    if limit is not None and len(shown) > limit:
        return f"{', '.join(shown[:limit])} and {rest(len(shown) - limit)}"
    return listed(shown) if shown else ""


def n_of(n: int | None, noun: str, nouns: str | None = None) -> str:
    """"n = 1,234 closed deals", "n = 1 loss" (`nouns` as for `plural`): the n a caption states under its chart."""
    return f"n = {plural(n, noun, nouns)}"


def sentence(words: str) -> str:
    """`words` with its first letter capitalised ("a bar drawn hatched, …" -> "A bar drawn hatched, …"), the rest as given."""
    return words[:1].upper() + words[1:]


# ---- escaping: data is text, never markup -----------------------------------------------------------
# Characters that draw nothing but change how the text around them reads: Unicode's direction controls
# (embeddings, overrides and isolates, U+202A-U+202E and U+2066-U+2069; the left-to-right, right-to-left
# and Arabic letter marks, U+200E, U+200F, U+061C), which a name from a file carried into the product's own
# words ("Anna \u202eKovac (n = 12)" drawn "Anna (21 = n)  cavoK", a file "x \u202eslx.csv" drawn "x
# vsc.xls"); and the other invisible format characters: the soft hyphen, the zero-width space, the word
# joiner and invisible operators, the byte-order mark, the deprecated format controls and the interlinear
# annotation marks. The zero-width joiner and non-joiner stay: they shape letters of some scripts and emoji.
HIDDEN_CHARACTERS: Final = ("\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
                            "\ufeff\ufff9-\ufffb")
# Control characters (C0 but tab, line feed and carriage return; DEL; C1): a terminal obeys them, a page
# draws nothing for them. They are drawn as Unicode's pictures of them ("\x1b" as "␛", "\x07" as "␇").
_CONTROLS: Final = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# What `visible` changes, as a regular expression Python's re and Polars both read.
NOT_VISIBLE: Final = f"[{HIDDEN_CHARACTERS}{_CONTROLS}]"
_NOT_VISIBLE: Final = re.compile(NOT_VISIBLE)
_HIDDEN: Final = re.compile(f"[{HIDDEN_CHARACTERS}]")


def _picture(control: re.Match[str]) -> str:
    """Unicode's picture of a control character: U+2400 on for C0 ("␛"), "␡" for DEL, "�" for a C1 control
    (which has none)."""
    code = ord(control.group())
    return "" if _HIDDEN.match(control.group()) else chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def visible(value: str) -> str:
    """`value` (text from a file: a name, a value, a file's name) as text that draws what it holds and
    changes nothing around it: without HIDDEN_CHARACTERS, which no reader sees and which could reorder
    the product's words beside it, and with each control character drawn as its picture ("␛[31mRed").
    A name reads as it does in the CRM ("Anna Kovac"), as identity.tidy_name stores a rep's. Every
    escaping function here (md, label, html_text, cell_lines, name_lines) applies it first."""
    return _NOT_VISIBLE.sub(_picture, value) if _NOT_VISIBLE.search(value) else value


def html_text(value: object) -> str:
    """`value` as HTML text (the HTML report): `visible`, then its markup characters as entities."""
    return html.escape(visible("" if value is None else str(value)))


# Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and the rest of U+0590-U+08FF, their
# presentation forms, and the right-to-left scripts beyond the Basic Multilingual Plane).
_RIGHT_TO_LEFT: Final = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
FIRST_STRONG_ISOLATE: Final = "\u2068"
POP_DIRECTIONAL_ISOLATE: Final = "\u2069"


def isolated(value: str) -> str:
    """`value` (a name from a file, plain text) set apart from the words after it, where they begin with a
    number and the text is not one a reader copies (a list's choices). A name in right-to-left letters
    took the number after it into its own direction: a rep "שרה כהן" offered twice read "(2) שרה כהן",
    its number before it. Such a name is put between Unicode's first-strong isolate and its pop, which
    draw nothing; any other name is returned as it is. Never for Markdown: `visible` drops the isolates."""
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}" if _RIGHT_TO_LEFT.search(value) else value


# What a file's name on disk may not hold on some system (Windows refuses these; "/" splits a path on all),
# besides control characters: each run is written "_".
_NOT_IN_FILE_NAMES: Final = re.compile(r'[/\\:*?"<>|]+')
# What a file's name loses whole: hidden and control characters, and line ends and tabs (a name is one line).
_DROPPED_FROM_FILE_NAMES: Final = re.compile(f"[{HIDDEN_CHARACTERS}{_CONTROLS}\t\n\r]")
FILE_NAME_CHARACTERS: Final = 120  # at most, of the part named after a file: a whole name stays well under 255 bytes
# ... and at most this many bytes of it as a file system stores a name (UTF-8): 120 letters of Japanese or Chinese,
# three bytes each, and a ".quarantine.csv" after them, were past the 255 bytes most file systems allow.
FILE_NAME_BYTES: Final = 180


def file_name_cut(name: str, keep: int = 0) -> str:
    """`name` (part of a file's name) cut to at most FILE_NAME_CHARACTERS characters and FILE_NAME_BYTES bytes of
    UTF-8, never inside a character: the whole of a Latin name of 120 letters, 60 letters of 東京's script.
    `keep`: the characters (ASCII) a mark put after it takes ("_anonymised"), left room for within both limits."""
    return name[:FILE_NAME_CHARACTERS - keep].encode()[:FILE_NAME_BYTES - keep].decode(errors="ignore")


# The mark at the end of every downloaded file's name made of a view with names anonymised (a chart's CSV, a deal
# list's: views.common.chart_file_name, views.deal_lists.list_file_name), so a file sent on says it holds pseudonyms.
ANONYMISED_MARK: Final = "anonymised"


# The kinds of character (Unicode's general categories, by their first letter) a slug keeps: letters, the marks
# that belong to them (a Devanagari vowel sign, an Arabic vowel mark) and digits, of every script.
_SLUG_KINDS: Final = frozenset("LMN")


def slug(words: str, fallback: str = "chart") -> str:
    """`words` as a downloaded file's name writes them: what file_name_part keeps of them (no hidden or control
    character, none a file's name may not hold), lower case, composed (NFC: "é" one character, as a name typed
    or pasted may not be), each run of characters other than a letter, its marks or a digit, of any script,
    one "-" ("Win rate by rep, with 95% intervals" -> "win-rate-by-rep-with-95-intervals", "Team 東京" ->
    "team-東京", "Ομάδα Αθήνα" -> "ομάδα-αθήνα", "فريق الرياض" -> "فريق-الرياض", in the order typed; the
    backslashes of Markdown's escapes go with the rest); `fallback` when nothing is left ("★ ★", "—"). Letters
    of a-z alone had named the lists of team 東京 and team 大阪 both "…_team.csv", the teams' names gone."""
    kept = unicodedata.normalize("NFC", file_name_part(unicodedata.normalize("NFC", words), "").lower())
    runs = "".join(c if unicodedata.category(c)[0] in _SLUG_KINDS else " " for c in kept).split()
    return file_name_cut("-".join(runs)).strip("-") or fallback  # lower case may be longer ("İ" is "i̇")


def file_name_part(name: str, fallback: str = "file") -> str:
    """The part of a file's name the product writes (a quarantine report, a download) that is named after
    something from a file, an uploaded file's stem or a rep: its characters as the reader knows them, less
    what a file's name cannot safely hold. Hidden characters (HIDDEN_CHARACTERS: a direction override made
    "x \u202eslx" read "x xls") and control characters (an escape byte) are dropped, so the name printed
    is the name on disk; "/", "\\", ":", "*", "?", '"', "<", ">" and "|" become "_"; spaces are tidied and
    dots and spaces at the ends dropped; cut to FILE_NAME_CHARACTERS and FILE_NAME_BYTES (file_name_cut).
    `fallback` when nothing is left."""
    kept = _DROPPED_FROM_FILE_NAMES.sub("", name)
    kept = file_name_cut(" ".join(_NOT_IN_FILE_NAMES.sub("_", kept).split())).strip(" .")
    return kept or fallback


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=^\"'])")
# A colon at which Streamlit would replace text whatever the escapes: it finds ":smile:", ":material/home:",
# ":streamlit:" and "http://" in the text the escapes have been read into, so a colon followed by a "/"
# or by a name that a colon or the text's end closes (a caller's ": " may follow it) could start one.
_SHORTCODE_COLON = r":(?=/|[A-Za-z0-9_+\-/]+(?::|$))"
# The other characters at which Streamlit's Markdown (remark-gfm) makes a link of text, escaped or not: it
# finds "www." and an e-mail address ("bianca.rossi@acme.com", also after "mailto:" or "xmpp:") in each run
# of text once the escapes are read, as it finds "http://" and "https://" at their colon. Every "@", and the
# "." after a "www" in any case: the runs either side of one no longer hold what a link is made of.
_LINK_CHARACTER = r"@|(?<=[wW][wW][wW])\."
_ALONE = re.compile(f"({_SHORTCODE_COLON}|{_LINK_CHARACTER})")
_ALONE_IN_LABEL = re.compile(f"({_SHORTCODE_COLON})")


def alone_markdown(character: str) -> str:
    """`character` escaped, alone in an uncoloured span: Streamlit's ":color[text]{}" with neither colour given
    draws its text as it is, and the span ends the run of text each replacement of Streamlit's searches
    (a shortcode, an icon, a link), so the text either side of it stays text. Nothing is added to what the
    reader sees or copies."""
    return f":color[\\{character}]{{}}"


SHORTCODE_COLON_MARKDOWN: Final = alone_markdown(":")
# What alone_markdown writes, its escaped character in group 1: for reading md's Markdown back as text.
ALONE_MARKDOWN: Final = re.compile(r":color\[\\(.)\]\{\}")


def _escaped(value: object, alone: re.Pattern[str]) -> str:
    """`value` as md writes it: `visible`, one line, every ASCII punctuation character escaped and each
    character `alone` matches in a span of its own (alone_markdown)."""
    text = visible("" if value is None else str(value))
    text = text.replace("\r", " ").replace("\n", " ")
    parts = alone.split(text)  # text, a character alone, text, …
    return "".join(alone_markdown(part) if i % 2 else _MARKDOWN_SPECIAL.sub(r"\\\1", part)
                   for i, part in enumerate(parts))


def md(value: object) -> str:
    """`value` as Markdown that renders exactly its characters, for st.markdown, st.caption,
    st.title, widget labels, st.info and friends.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them),
    so **, _, [link](…), `code`, <b>, $x^2$ and :red[…] stay text. An escape does not stop what
    Streamlit replaces after Markdown has run, in the text the escapes were read into: ":smile:" (an
    emoji), ":material/home:" (an icon), ":streamlit:" (its logo), and a link made of "http://…",
    "https://…", "www.…" or an e-mail address (a rep "bianca.rossi@acme.com" was a mailto link). A
    colon that could start one of them (followed by "/", or by a name a colon or the end of the text
    closes), every "@" and the "." after a "www" are each written alone in an uncoloured span
    (alone_markdown), which draws and copies as the character and splits the text there, so nothing
    is replaced. Every other colon is only escaped: a zero-width space after each colon something
    followed broke them too, but copied from the page a time ("09:36") carried it between its digits.
    Newlines become spaces (a name is one line). Direction controls and other hidden characters are
    dropped and control characters drawn as pictures (`visible`), so that no name reorders or hides
    the words around it.
    """
    return _escaped(value, _ALONE)


# After its first character, md's escapes that a screen reader reads out and no Markdown needs once "[" and
# "]" are escaped: an apostrophe, a quote, a parenthesis (a link needs "](") and a colon before a space or at
# the end (no ":name:" starts there); a hyphen, a plus, a hash and an equals sign, which start a list or a
# heading only at a line's start; a dot not after a digit ("1." starts a list): "bianca\\.rossi" was read
# with its backslash.
_SPOKEN_BARE = re.compile(r"(?<=.)\\(['\"()\-+#=]|(?<=[^\d\\]\\)\.)|(?<=.)\\(:)(?=\s|$)")


def md_spoken(value: object) -> str:
    """`value` as Markdown for a widget label that is not shown and names the widget for a screen reader:
    Streamlit puts the label's own text in the widget's aria-label, md's escapes included, so "Why Ann's
    deals were lost: …" was named "Why Ann\\'s deals were lost\\: …". As md, but for those of its escapes no
    Markdown construct needs (_SPOKEN_BARE): every character that starts or ends one ([ ] * _ ` < > $ ~ | &,
    a colon that a name follows) stays escaped, as does a label's first character. An "@" and a "www." stay
    bare too: a label not shown makes no link, and its span would be read out."""
    return _SPOKEN_BARE.sub(lambda m: m.group(1) or m.group(2), _escaped(value, _ALONE_IN_LABEL))


_PLOTLY_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;"}


def label(value: object) -> str:
    """`value` as a Plotly label (title, tick, legend, bar text, hover) that shows its characters.

    Plotly reads a subset of HTML in every label (<b>, <a href>, <br>, entities) and LaTeX in one
    wrapped in $…$: the markup characters become entities, which Plotly draws as themselves. Hidden
    characters and control characters are dealt with first (`visible`): a direction override in a name
    reversed the chart's own "(n = 12)".
    """
    text = visible("" if value is None else str(value))
    return "".join(_PLOTLY_ENTITIES.get(c, c) for c in text)


_PLOTLY_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PLOTLY_TAG = re.compile(r"<[^<>]*>")


def plain_lines(value: object) -> list[str]:
    """A Plotly label (a tick, a trace's name, a title) back as the plain text it shows, one string a line:
    `label`'s entities turned back into their characters, a line break (<br>) between lines, every other
    tag (<b>, <i>, <span …>) left out. plain_lines(label(x)) is [x] for any text x: a name from a file
    reads as typed, "<b>x</b>" and "&lt;" included (escaped, they are no tags)."""
    text = "" if value is None else str(value)
    return [html.unescape(_PLOTLY_TAG.sub("", line)) for line in _PLOTLY_BREAK.split(text)]


def plain(value: object) -> str:
    """A Plotly label as plain text on one line (plain_lines joined by a space): "2026 Q3<br>n = 1,234"
    reads "2026 Q3 n = 1,234", "&lt;b&gt;Ann&lt;/b&gt;" reads "<b>Ann</b>"."""
    return " ".join(plain_lines(value))


# ---- a name in a grid cell ----------------------------------------------------------------------
# The data grid wraps a cell's text only at a space, and breaks a longer run of letters wherever the
# line is full: "Salesforce_Opportunitie" / "s_Export_2026-11-30_fi" / "nal_v2.csv". A file name has
# no spaces, so its lines are laid out here. Widths are a character's in the grid's type (Source Sans,
# 14 px), rounded up, so a line laid out here is never wider in the grid than it was measured.
_NARROW: Final = frozenset("iIjl.,:;'!|")  # 3.6 px and less
_SEMI: Final = frozenset("frt-()[]{}/\\1 ")  # 4.8 px and less
_WIDE: Final = frozenset("mwMW@%")  # 11 px and less
NAME_BREAKS: Final = "_-."  # a name's sensible break points: after each of these
_PIECE: Final = re.compile(r"[^_\-.\s]*[_\-.]+|[^_\-.\s]+")


def text_px(value: str) -> float:
    """px `value` takes in a grid's type (Source Sans, 14 px), at most."""
    return sum(3.6 if c in _NARROW else 4.8 if c in _SEMI else 11.0 if c in _WIDE
               else 8.8 if c.isupper() else 7.0 for c in value)


def longest_px(values: Iterable[str]) -> int:
    """Whole px the longest of `values` takes in a grid's type (text_px, rounded up); 0 for none: what a
    column sized to its text needs, before its cell's padding."""
    return math.ceil(max((text_px(v) for v in values), default=0))


def _pieces(name: str) -> list[tuple[str, str]]:
    """`name` as the runs a line may end after: (piece, what follows it in the name: " " or "")."""
    pieces: list[tuple[str, str]] = []
    for word in name.split():
        parts = _PIECE.findall(word)
        pieces += [(part, "") for part in parts[:-1]] + [(parts[-1], " ")]
    return pieces


def _longest(count: int, fits: Callable[[int], bool]) -> int:
    """The largest k from 1 to `count` for which `fits(k)` holds, 1 when none does; `fits` must hold for
    every k below one it holds for (a value's start of k characters, measured: a longer start is never
    narrower). Found by doubling k, then halving the gap, so a name from a file of 20,000 characters is
    measured some 30 times, not once per character: measuring every start of a 5,000-character rep
    name took 45 s on the rep's page."""
    fits_at, over = 1, 2
    while over <= count and fits(over):
        fits_at, over = over, over * 2
    over = min(over, count + 1)
    while over - fits_at > 1:
        middle = (fits_at + over) // 2
        if fits(middle):
            fits_at = middle
        else:
            over = middle
    return fits_at


def _fitting_start(value: str, room_px: float, px: Callable[[str], float]) -> int:
    """How many characters of `value`'s start fit `room_px` as `px` measures them, at least 1 (_longest)."""
    return _longest(len(value), lambda i: px(value[:i]) <= room_px)


def _lines_of(pieces: list[tuple[str, str]], room_px: float, px: Callable[[str], float] = text_px) -> list[str]:
    """`pieces` packed into lines of at most `room_px` (as `px` measures them), a line ending only after
    a piece; a piece wider than a line alone is cut by characters (there is nothing better to cut it at)."""
    lines: list[str] = []
    line, glue = "", ""
    for piece, after in pieces:
        candidate = line + glue + piece
        if line and px(candidate) > room_px:
            lines.append(line)
            candidate = piece
        while len(candidate) > 1 and (cut := _fitting_start(candidate, room_px, px)) < len(candidate):
            lines.append(candidate[:cut])
            candidate = candidate[cut:]
        line, glue = candidate, after
    return [*lines, line] if line else lines


def cell_lines(name: str | None, room_px: float, lines: int) -> str | None:
    """`name` (a file's, from a file: shown as it is) laid out for a grid cell `room_px` wide (its
    width less its padding) and `lines` tall, which wraps only at a space: a space is put where a line
    should end, after a `_`, `-` or `.` (or at a space of the name), so the grid breaks the line there
    and the space, at the line's end, is not seen. Only where the name needs it: lines are measured as
    the grid draws them (grid_px), so a name that fits its cell gets no space, and a space is put only
    where the next piece overflows the line even without it (with the space the line is wider still,
    so the grid breaks there). The grid draws a "\n" as a space and breaks at no zero-width character:
    a space is the one break there is. Drawn wider than `room_px` (a grid stretched to fill a wide page),
    a name whose lines then fit on one shows the space inside it ("deals_with_bad_rows. csv"). A name too
    long for `lines` keeps its start and its end (the date and version an export's name ends with), the
    cut marked "…" on the last line.

    Only for what the grid draws: the cell keeps the name as it is (ui.widgets.data_grid's
    `cell_text`), so copying it gives the name. None stays None.
    """
    if name is None:
        return None
    name = visible(name)
    laid = _lines_of(_pieces(name), room_px, grid_px)
    if len(laid) <= lines:
        return " ".join(laid)
    # The last line: "…" and as many whole pieces from the end as fit after it.
    tail = ""
    for piece, after in reversed(_pieces(name)):
        longer = piece + (after if tail else "") + tail  # `after`: the name's own space, if it has one there
        if grid_px("…" + longer) > room_px:
            break
        tail = longer
    if not tail:  # not one whole piece fits: the end's characters
        tail = name
        while tail and grid_px("…" + tail) > room_px:
            tail = tail[1:]
    return " ".join([*laid[: lines - 1], "…" + tail])


# ---- a name in a chart's words ------------------------------------------------------------------
# A chart's words are drawn in its template's font (Inter, Segoe UI, Helvetica Neue or Arial, whichever
# the screen has), at most this much wider than the grid's type that text_px measures, size for size:
# Arial (Liberation Sans) ran 2-10% wider than text_px's measure scaled to its size, capitals and digits
# the most, and Inter is wider than Arial.
CHART_TYPE_WIDER: Final = 1.15
ELLIPSIS: Final = "…"


def chart_px(value: str, size: float) -> float:
    """px `value` takes at most in a chart's type of `size` px (text_px scaled, CHART_TYPE_WIDER wider)."""
    return text_px(value) * size / 14 * CHART_TYPE_WIDER


# A page title (Streamlit's h1: bold Source Sans, 2.75rem, 44 px at the app's 16 px root) runs at most this
# much wider than text_px's measure scaled to its size: bold letters are wider (Chromium drew "iiiiiiiiii" 7%
# wider, a title of words 0-3% narrower).
TITLE_SIZE_PX: Final = 44
BOLD_WIDER: Final = 1.08


def title_px(value: str, size: float = TITLE_SIZE_PX) -> float:
    """px `value` takes at most as a page's title in bold type of `size` px (text_px scaled, BOLD_WIDER wider)."""
    return text_px(value) * size / 14 * BOLD_WIDER


def shortened(value: str, room_px: float, px: Callable[[str], float] = text_px) -> str:
    """`value` within `room_px` as `px` measures it: whole when it fits, else its start cut where "…"
    still fits after it ("Maximiliana Alexandr…"), never less than one character and the "…". For a
    name a title or a chart's label cannot give more room: the name is whole elsewhere on the page."""
    if px(value) <= room_px:
        return value
    cut = _longest(len(value), lambda k: px(value[:k].rstrip() + ELLIPSIS) <= room_px)
    return value[:cut].rstrip() + ELLIPSIS


# ---- a name in a grid cell of one line ----------------------------------------------------------
# The data grid draws on a canvas and clips a text wider than its cell where the cell ends, with no
# mark: a rep read "Maximiliana Alexandrina Konst" and "=HYPERLINK("http://x'", as if that were the
# name. So every grid's columns are as wide as their words, measured as the grid draws them (grid_px,
# column_px), up to the grid's widest, past which a cell opens whole in its overlay.
GRID_CELL_PADDING: Final = 16  # px: a grid cell's 8 px each side of its text
# A text may run this far into the cell's right padding: the grid clips it only at the cell's edge, 8 px
# on, and draws it kerned, a px or so narrower than grid_px's sum of its letters ("Decision Maker
# Bought-In", HubSpot's longest stage, measures 0.13 px past its 166 px column's padding).
GRID_SLACK_PX: Final = 1.0
UNKNOWN_CHARACTER_PX: Final = 14.0  # a character grid_font does not list (a CJK letter is 14 px wide at 14 px)


def grid_px(value: str) -> float:
    """px `value` takes in a grid cell as Chromium draws it (Source Sans, 14 px: winloss.grid_font's
    widths, each rounded up; an unlisted character UNKNOWN_CHARACTER_PX), at most. Closer than text_px,
    which sizes columns: its 7 px for every small letter takes "o" (7.6 px drawn) as narrower than it is."""
    from winloss.grid_font import ADVANCE_PX

    return sum(ADVANCE_PX.get(c, UNKNOWN_CHARACTER_PX) for c in value)


# Streamlit 1.67's grid draws no column narrower or wider than these (3.125rem and 62.5rem at the app's type).
GRID_COLUMN_LEAST_PX: Final = 50
GRID_COLUMN_MOST_PX: Final = 1000


def column_px(header: str | None, cells: Iterable[str | None], least: float = 0) -> int:
    """px a grid column of one line takes to draw `header` and every one of `cells` (the words its cells
    draw) whole, as the grid draws them (grid_px, a cell's 8 px each side): at least `least` (a width
    chosen for the column, its header beside a sort arrow), at most GRID_COLUMN_MOST_PX, the widest the
    grid draws (a longer text opens whole in the cell's overlay). Every page's grid sizes its columns by
    it, so no cell is cut short: the grid clips a text wider than its column with "…", and a stretched
    grid once showed "Reactive Problem So…" beside empty room, the words cut for a narrower column."""
    need = max((grid_px(visible(cell)) for cell in cells if cell), default=0.0)
    need = max(need, grid_px(visible(header)) if header else 0.0)
    return min(max(math.ceil(least), math.ceil(need) + GRID_CELL_PADDING, GRID_COLUMN_LEAST_PX), GRID_COLUMN_MOST_PX)


def wrapped_lines(value: str | None, column_px: float) -> int:
    """How many lines a grid cell `column_px` wide takes to show `value` whole when its rows are tall
    enough to wrap (ui.widgets.wrapped_row_height): the grid breaks a line at a space, and a word wider
    than a line where the line is full. Measured as the grid draws it (grid_px), within
    GRID_CELL_PADDING; 1 for no text."""
    if not value:
        return 1
    words = [(word, " ") for word in value.split()]
    return max(1, len(_lines_of(words, column_px - GRID_CELL_PADDING, grid_px)))


def cut_in_cell(value: str | None, column_px: float) -> bool:
    """Whether `value` is too wide to read whole in a grid column of one line `column_px` wide: the grid
    clips such a text at the cell's edge (measured by grid_px, within GRID_CELL_PADDING and GRID_SLACK_PX).
    column_px sizes every grid's columns so that none of their words is; the width tests hold it to this."""
    return value is not None and grid_px(value) > column_px - GRID_CELL_PADDING + GRID_SLACK_PX


def name_lines(name: str, room_px: float, px: Callable[[str], float] = text_px, lines: int = 2) -> list[str]:
    """`name` laid out in at most `lines` lines of at most `room_px` (as `px` measures them), for a
    chart's category label: broken at a space, or after a "_", "-" or "." in a run too long for a line
    (by characters where nothing better is found), the last line cut with "…" (shortened) when the name
    needs more. Plain text (`visible`'s): escape each line for where it goes (label)."""
    name = visible(name)
    laid = _lines_of(_pieces(name), room_px, px)
    if len(laid) <= lines:
        return laid or [name]
    # What the last line would hold were there room: the name from where the lines before it end.
    kept = "".join(line for line in laid[: lines - 1])
    rest = name.replace("\n", " ")
    # The lines kept are the name's start, less the spaces they were broken at.
    taken, i = 0, 0
    while taken < len(kept) and i < len(rest):
        if rest[i] == kept[taken]:
            taken += 1
        i += 1
    return [*laid[: lines - 1], shortened(rest[i:].strip(), room_px, px)]
