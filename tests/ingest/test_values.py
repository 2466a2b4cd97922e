"""Parsing exported text: amounts, currencies, percentages and dates in every format the exports use."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from winloss.ingest.values import (
    CHOOSE_DATE_ORDER,
    COMMA,
    POINT,
    DateColumn,
    DecimalMark,
    amount_readings,
    amount_shapes,
    currency,
    currency_code,
    dates,
    decimal_mark_of,
    money,
    probabilities,
)


def parsed(function, values: list[str | None]) -> list:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(function(pl.col("v"))).to_series().to_list()


# --- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("USD 485,000.00", 485000.0),
        ("$1,234.50", 1234.5),
        ("1.234,50 \u20ac", 1234.5),
        ("\u20ac1.234,50", 1234.5),
        ("(1,200.00)", -1200.0),
        ("-1200", -1200.0),
        ("USD -1,200.50", -1200.5),
        ("-$1,200.00", -1200.0),
        ("12.00-", -12.0),
        ("1 234,50", 1234.5),
        ("1\u202f234,50", 1234.5),  # narrow no-break space, as French locales write it
        ("1'234.50", 1234.5),
        ("485000", 485000.0),
        ("485000.5", 485000.5),
        ("GBP 12.5", 12.5),
        ("12,5", 12.5),
        ("1,234,567", 1234567.0),
        ("1.234.567,89", 1234567.89),
        ("1,234,567.89", 1234567.89),
        ("US$ 10", 10.0),
        ("CHF 1'000", 1000.0),
        ("3 kr", 3.0),
        ("  USD 7  ", 7.0),
        ("$1.2K", 1200.0),
        ("$850K", 850000.0),
        ("850k", 850000.0),
        ("3M", 3000000.0),
        ("3m USD", 3000000.0),
        ("2MM", 2000000.0),
        ("1.5bn", 1.5e9),
        ("1.5BN", 1.5e9),
        ("EUR 1,5 Mio.", 1500000.0),
        ("2 million", 2000000.0),
        ("(\u00a31.2K)", -1200.0),
        ("1 200 kr", 1200.0),  # "kr" is a currency, not a thousand
        # Other languages' scale words, and a scale glued to a currency's code or to "kr".
        ("5 mln z\u0142", 5e6),
        ("3 tys. z\u0142", 3000.0),
        ("2 mia. kr", 2e9),
        ("1.5 mld EUR", 1.5e9),
        ("400 Tkr.", 400_000.0),
        ("12 MNOK", 12e6),
        ("5 T\u20ac", 5000.0),
        ("5 \u0442\u044b\u0441\u044f\u0447", 5000.0),
        ("2\u842c", 20_000.0),
        ("5 K\u010d", 5.0),  # the Czech koruna, not five thousand
        ("5 B$", 5.0),  # Brunei's dollar, not five billion
        ("$ (1,200.00)", -1200.0),  # Excel's accounting format: the sign outside the brackets
        ("Fr. (12)", -12.0),
        ("\u221250", -50.0),  # the typographic minus some locales' spreadsheets write
        ("\u2212 50 EUR", -50.0),
        ("50\u2212", -50.0),
        ("$ -", 0.0),  # the accounting format's zero
    ],
)
def test_money_formats(text, amount):
    assert parsed(money, [text]) == [pytest.approx(amount)]


@pytest.mark.parametrize("text", ["", None, "-", "abc", "Q3 2024", "1 2", "N/A", "12 34 56", "USD"])
def test_money_is_null_when_blank_or_unparseable(text):
    assert parsed(money, [text]) == [None]


def test_a_lone_dot_before_three_digits_follows_the_columns_convention():
    assert parsed(money, ["1.234", "12.50"]) == [1.234, 12.5]  # a decimal-point column
    assert parsed(money, ["1.234", "12,50"]) == [1234.0, 12.5]  # a decimal-comma column


def test_a_value_that_reads_two_ways_is_left_unread_until_a_mark_settles_it():
    assert parsed(money, ["45.000"]) == [None]
    assert parsed(money, ["1,234", "-$1,200"]) == [None, None]
    assert parsed(lambda c: money(c, POINT), ["45.000", "1,234"]) == [45.0, 1234.0]
    assert parsed(lambda c: money(c, COMMA), ["45.000", "1,234"]) == [45000.0, 1.234]
    assert parsed(money, ["45.000", "1.234,56"]) == [45000.0, 1234.56]  # the file's other amounts settle it


def test_amount_readings_flag_only_the_values_a_mark_would_change():
    readings = amount_readings(pl.Series(["45.000", "1200", "abc", "1.5", "12,5"])).to_dicts()
    assert [r["unsettled"] for r in readings] == [True, False, False, False, False]  # "1.5" and "12,5" disagree
    mixed = amount_readings(pl.Series(["45.000", "1200", "1,234.50"]))
    assert mixed.get_column("unsettled").to_list() == [False, False, False]
    assert mixed.get_column("value").to_list() == [45.0, 1200.0, 1234.5]
    alone = amount_readings(pl.Series(["45.000", "1200", None]))
    assert alone.get_column("unsettled").to_list() == [True, False, False]
    assert alone.get_column("value").to_list() == [None, 1200.0, None]


def test_the_decimal_mark_names_its_rule_and_hints_decide_only_when_amounts_do_not():
    shapes = amount_shapes(pl.Series(["45.000", "12"]))
    hint = DecimalMark(COMMA, "the dates say so")
    assert decimal_mark_of(shapes) == DecimalMark(None, "No amount shows which mark is the decimal one.")
    assert decimal_mark_of(shapes, hint) == hint
    settled = decimal_mark_of(amount_shapes(pl.Series(["45.000", "1,234.56"])), hint)
    assert settled.mark == POINT and "'1,234.56'" in settled.rule
    mixed = decimal_mark_of(amount_shapes(pl.Series(["1,234.56", "1.234,56"])), hint)
    assert mixed.mark is None and "both" in mixed.rule


@pytest.mark.parametrize(
    ("text", "code"),
    [("usd", "USD"), (" EUR ", "EUR"), ("$", "USD"), ("\u20ac", "EUR"), ("US Dollar", "USD"), ("Euro", "EUR"),
     ("Japanese Yen", "JPY"), ("Bitcoin", ""), ("12", ""), ("", None), (None, None), ("-", None)],
)
def test_a_currency_column_reads_codes_symbols_and_names(text, code):
    assert parsed(currency_code, [text]) == [code]


def test_money_is_vectorised_over_a_large_column():
    amounts = pl.DataFrame({"v": ["USD 485,000.00", "1.234,50 \u20ac", "-"] * 100_000})
    result = amounts.select(money(pl.col("v"))).to_series()
    assert result.dtype == pl.Float64
    assert result.head(3).to_list() == [485000.0, 1234.5, None]
    assert result.null_count() == 100_000


# --- currency ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("USD 485,000.00", "USD"),
        ("485000 EUR", "EUR"),
        ("GBP 12.5", "GBP"),
        ("$1,234.50", "USD"),
        ("US$ 10", "USD"),
        ("A$ 10", "AUD"),
        ("C$5", "CAD"),
        ("R$ 1.000,00", "BRL"),
        ("\u20ac1.234,50", "EUR"),
        ("1.234,50 \u20ac", "EUR"),
        ("\u00a399", "GBP"),
        ("\u00a5500", "JPY"),
        ("\u20b9 1,00,000", "INR"),
        ("CHF 1'000", "CHF"),
        ("JPY", "JPY"),
        ("1200", None),
        ("ABC 12", None),  # not an ISO code
        ("", None),
        (None, None),
    ],
)
def test_currency_from_code_or_symbol(text, code):
    assert parsed(currency, [text]) == [code]


# --- percent ----------------------------------------------------------------------------------


def percentages(texts: list[str | None], header: str = "Probability") -> list:
    return probabilities(pl.Series(texts, dtype=pl.String), header).values.to_list()


def test_percent_with_sign_and_plain_numbers_are_on_a_0_to_100_scale():
    assert percentages(["90%", "90", "12,5 %", "0.5%", "100", "-5%", "x", "", None]) == [
        90.0, 90.0, 12.5, 0.5, 100.0, -5.0, None, None, None,
    ]  # fmt: skip


def test_percent_column_of_fractions_is_scaled():
    assert percentages(["0.9", "0.25", "1", "0", None]) == [90.0, 25.0, 100.0, 0.0, None]


def test_percent_column_of_whole_numbers_is_not_scaled():
    assert percentages(["0", "1", "10"]) == [0.0, 1.0, 10.0]


# --- dates ------------------------------------------------------------------------------------


def read(values: list[str | None], day_first: bool | None = None) -> DateColumn:
    return dates(pl.Series("raw", values, dtype=pl.String), "Close Date", day_first)


def test_iso_dates_and_date_times():
    column = read([
        "2024-03-05", "2024-03-05 14:30", "2024-03-05T14:30:00", "2024-03-05 14:30:00",
        "2024/03/05", "2024-3-5", "2024-03-05T14:30:00Z",
    ])  # fmt: skip
    assert column.values.dtype == pl.Date
    assert column.values.to_list() == [date(2024, 3, 5)] * 7
    assert (column.order, column.ambiguous, column.note) == ("ymd", False, None)
    assert column.values.name == "Close Date"


def test_blank_dash_and_garbage_are_null():
    assert read(["", None, "-", "\u2014", "soon", "2024-03-05"]).values.to_list() == [None] * 5 + [date(2024, 3, 5)]


def test_a_first_part_over_12_makes_the_column_day_first():
    column = read(["05/03/2024", "5/3/2024", "31/01/2024"])
    assert column.values.to_list() == [date(2024, 3, 5), date(2024, 3, 5), date(2024, 1, 31)]
    assert (column.order, column.ambiguous, column.note) == ("dmy", False, None)


def test_a_second_part_over_12_makes_the_column_month_first():
    column = read(["03/05/2024", "3/5/24", "12/31/2024", "1/2/2024 2:30 PM"])
    assert column.values.to_list() == [date(2024, 3, 5), date(2024, 3, 5), date(2024, 12, 31), date(2024, 1, 2)]
    assert (column.order, column.ambiguous) == ("mdy", False)


def test_all_parts_12_or_less_is_ambiguous_read_month_first_with_a_note():
    column = read(["03/05/2024", "04/06/2024", None])
    assert column.values.to_list() == [date(2024, 3, 5), date(2024, 4, 6), None]
    assert (column.order, column.ambiguous) == ("mdy", True)
    assert column.note == (
        "Close Date: every date could be day-first or month-first; read as month-first (MM/DD/YYYY). "
        "If that is wrong, choose the date order (on the command line: --day-first yes or no, and ingest again)."
    )


def test_same_day_and_month_is_not_ambiguous():
    column = read(["01/01/2024", "02/02/2024"])
    assert column.ambiguous is False and column.note is None


def test_day_first_forces_the_order():
    column = read(["03/05/2024", "04/06/2024"], day_first=True)
    assert column.values.to_list() == [date(2024, 5, 3), date(2024, 6, 4)]
    assert (column.order, column.ambiguous, column.note) == ("dmy", False, None)
    forced = read(["31/01/2024", "01/02/2024"], day_first=False)
    assert forced.order == "mdy"
    assert forced.values.to_list() == [None, date(2024, 1, 2)]


def test_mixed_orders_follow_the_majority_and_say_so():
    column = read(["31/01/2024", "25/12/2024", "12/31/2024", "01/02/2024"])
    assert column.order == "mixed"
    assert column.values.to_list() == [date(2024, 1, 31), date(2024, 12, 25), None, date(2024, 2, 1)]
    assert column.note is not None
    assert column.note.startswith("Close Date: some dates are day-first and others month-first")
    assert "day-first (DD/MM/YYYY)" in column.note and " 1 " in column.note


def test_impossible_dates_are_null():
    column = read(["31/02/2024", "30/01/2024", "2024-02-30", "29/02/2023"])
    assert column.values.to_list() == [None, date(2024, 1, 30), None, None]


def test_dotted_dates_are_day_first():
    column = read(["05.03.2024", "31.12.2024", "01.02.24"])
    assert column.values.to_list() == [date(2024, 3, 5), date(2024, 12, 31), date(2024, 2, 1)]
    assert column.order == "dmy"


def test_dotted_dates_that_read_both_ways_say_they_were_read_day_first_by_the_dots_custom():
    """'03.09.2025' with no day above 12 was read day-first with no note: the order was a guess the report hid."""
    column = read(["03.09.2025", "05.05.2025", "11.10.2025"])
    assert column.values.to_list() == [date(2025, 9, 3), date(2025, 5, 5), date(2025, 10, 11)]
    assert column.ambiguous
    assert column.note == ("Close Date: dates like 03.09.2025 were read day-first (03 = day), the usual order for dotted "
                           f"dates. {CHOOSE_DATE_ORDER}")


@pytest.mark.parametrize("texts", [["13.09.2025", "03.09.2025"], ["05.05.2025", "01.01.2025"]])
def test_dotted_dates_a_day_above_12_settles_or_that_read_the_same_either_way_have_no_note(texts):
    column = read(texts)
    assert column.order == "dmy" and not column.ambiguous and column.note is None


def test_two_digit_years():
    column = read(["3/5/24", "12/31/99", "1/13/68"])
    assert column.values.to_list() == [date(2024, 3, 5), date(1999, 12, 31), date(2068, 1, 13)]


def test_month_names():
    column = read(["5-Mar-2024", "05 March 2024", "Mar 5, 2024", "March 15 2024", "1 Sept 2024", "Dec 31st, 2024"])
    assert column.values.to_list() == [
        date(2024, 3, 5), date(2024, 3, 5), date(2024, 3, 5), date(2024, 3, 15), date(2024, 9, 1), date(2024, 12, 31),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. März 2026", date(2026, 3, 1)), ("15 août 2026", date(2026, 8, 15)), ("1 juil. 2026", date(2026, 7, 1)),
        ("1 juin 2026", date(2026, 6, 1)), ("3 déc. 2026", date(2026, 12, 3)), ("1 de marzo de 2026", date(2026, 3, 1)),
        ("5 de dezembro de 2026", date(2026, 12, 5)), ("7 ott 2026", date(2026, 10, 7)), ("12 giu 2026", date(2026, 6, 12)),
        ("1 mei 2026", date(2026, 5, 1)), ("1 mrt 2026", date(2026, 3, 1)), ("3 Okt 2026", date(2026, 10, 3)),
        ("mai 1, 2026", date(2026, 5, 1)), ("1 Jänner 2026", date(2026, 1, 1)),
        ("1 abr 2026", date(2026, 4, 1)), ("2 de abr. de 2026", date(2026, 4, 2)), ("3. Mrz 2026", date(2026, 3, 3)),
        ("2 fév 2026", date(2026, 2, 2)), ("1er mars 2026", date(2026, 3, 1)), ("1. März 2026 10:00", date(2026, 3, 1)),
        ("Mar 5, 2026 3:30 PM", date(2026, 3, 5)),
        ("1 Maiz 2026", None), ("1 Foo 2026", None),  # no month's name: not read, quarantined
    ],
)
def test_month_names_of_localised_exports(text, expected):
    """A German, French, Spanish, Italian, Portuguese or Dutch month name was no date: every row of such
    an export was quarantined."""
    assert read([text]).values.to_list() == [expected]


def test_excel_serial_numbers_when_the_whole_column_is_numeric():
    column = read(["45356", "45356.5", "1", "", None])
    assert column.values.to_list() == [date(2024, 3, 5), date(2024, 3, 5), date(1899, 12, 31), None, None]
    assert (column.order, column.ambiguous) == ("serial", False)
    assert column.note == "Close Date: every date is a number, read as an Excel serial day number (days since 1899-12-30: '45356' is 2024-03-05)."


def test_numbers_among_text_dates_are_not_serials():
    assert read(["45356", "2024-03-05"]).values.to_list() == [None, date(2024, 3, 5)]


def test_compact_yyyymmdd_column():
    column = read(["20240305", "20241231"])
    assert column.values.to_list() == [date(2024, 3, 5), date(2024, 12, 31)]
    assert column.order == "ymd"


def test_empty_column():
    column = read([None, "", "-"])
    assert column.values.to_list() == [None, None, None]
    assert column.note is None and column.ambiguous is False


def test_dates_are_vectorised_over_a_large_column():
    column = read(["05/03/2024", "31/12/2024", ""] * 100_000)
    assert column.order == "dmy"
    assert column.values.len() == 300_000
    assert column.values.null_count() == 100_000
    assert column.values.head(2).to_list() == [date(2024, 3, 5), date(2024, 12, 31)]


def test_dotted_dates_that_show_month_first_are_read_month_first():
    """12.25.2024 is a day only month-first: read day-first, 03.04.2024 beside it had been 3 April."""
    column = read(["12.25.2024", "03.04.2024"])
    assert column.values.to_list() == [date(2024, 12, 25), date(2024, 3, 4)]
    assert (column.order, column.note) == ("mdy", None)
    assert read(["12.25.2024", "03.04.2024"], day_first=True).values.to_list() == [None, date(2024, 4, 3)]


def test_two_digit_year_first_dates_are_read_year_first_with_a_note():
    """'25/03/05' had been 25 March 2005: a column whose last numbers vary as days do is YY/MM/DD."""
    column = read(["25/03/05", "25/04/17", "24-11-30", None])
    assert column.values.to_list() == [date(2025, 3, 5), date(2025, 4, 17), date(2024, 11, 30), None]
    assert (column.order, column.ambiguous) == ("ymd", False)
    assert column.note is not None and column.note.startswith(
        "Close Date: dates with a two-digit year are read year-first (YY/MM/DD: '25/03/05' is 2025-03-05)"
    )
    # A chosen order is the user's: no year-first reading.
    assert read(["25/03/05", "25/04/17"], day_first=True).values.to_list() == [date(2005, 3, 25), date(2017, 4, 25)]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["25/03/24", "12/04/24", "30/06/25"], [date(2024, 3, 25), date(2024, 4, 12), date(2025, 6, 30)]),  # days vary
        (["3/5/24", "12/31/99"], [date(2024, 3, 5), date(1999, 12, 31)]),  # not two-digit years first
        (["25/03/2005", "25/04/2017"], [date(2005, 3, 25), date(2017, 4, 25)]),  # four-digit years
        (["25/03/31", "25/02/30"], [date(2031, 3, 25), date(2030, 2, 25)]),  # 2025-02-30 is no day
    ],
)
def test_day_or_month_first_two_digit_years_stay_as_they_were(texts, expected):
    column = read(texts)
    assert column.values.to_list() == expected
    assert column.order != "ymd" and "year-first" not in (column.note or "")


def test_a_date_that_could_be_year_first_says_so():
    column = read(["25/03/24", "25/04/25"])
    assert column.values.to_list() == [date(2024, 3, 25), date(2025, 4, 25)]
    assert column.note == (
        "Close Date: the dates with a two-digit year could also be year-first (YY/MM/DD: '25/03/24' would be "
        "2025-03-24); if they are, export them with four-digit years (such as 2026-03-11 for 11 March 2026)."
    )


@pytest.mark.parametrize("text", ["5. marrask. 2025", "5 marraskuu 2025", "3 Decem 2025x", "1 Juneteenth 2025"])
def test_a_word_that_only_starts_like_an_english_month_is_no_month(text):
    """Finnish "marraskuu" (November) was read by its first three letters as March."""
    assert read([text]).values.to_list() == [None]


def test_english_months_are_read_in_full_or_abbreviated():
    column = read(["1 Sept 2024", "2 Janu 2024", "3 september 2024", "4 MAY 2024"])
    assert column.values.to_list() == [date(2024, 9, 1), date(2024, 1, 2), date(2024, 9, 3), date(2024, 5, 4)]


def test_a_date_no_order_reads_is_evidence_for_neither_order():
    # '13/45/2025' (a typo) is a date neither day-first nor month-first: it leaves the column's dates
    # as undecided as they were, read by the file's other clues, not "mixed" and month-first.
    column = read(["03/04/2025", "05/06/2025", "13/45/2025"])
    assert (column.order, column.ambiguous) == ("mdy", True)
    assert column.note is not None and column.note.startswith("Close Date: every date could be day-first or month-first")
    assert read(["03/04/2025", "13/45/2025"], day_first=True).values.to_list() == [date(2025, 4, 3), None]
    # Beside dates that do show their order, it is not counted as one of the other order's.
    shown = read(["25/03/2025", "05/06/2025", "45/45/2025"])
    assert (shown.order, shown.note) == ("dmy", None)
    assert shown.values.to_list() == [date(2025, 3, 25), date(2025, 6, 5), None]
    dotted = read(["05.25.2026", "45.45.2026"])
    assert dotted.order == "mdy" and dotted.values.to_list() == [date(2026, 5, 25), None]
