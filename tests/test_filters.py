"""Filter state round-trips through the URL and narrows the deals."""

import datetime as dt

import polars as pl

from winloss.filters import (
    Filters,
    Presentation,
    applied,
    date_range,
    from_query,
    presentation_from_query,
    size_cut_points,
    to_query,
    with_size_band,
)


def test_query_round_trip():
    filters = (
        Filters(preset="custom", start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30), fy_start_month=7,
                denominator="excluding_no_decision")
        .with_values("region", ["EMEA", "APAC"])
        .with_values("profile", ["Challenger"])
    )
    shown = Presentation(presenter=True, anonymize=True)
    query = to_query(filters, shown)
    assert query["region"] == ["APAC", "EMEA"] and query["from"] == "2025-01-01" and query["anon"] == "true"
    # The same words the sidebar's bound widgets write, so either side reads the other's links.
    assert (query["fy"], query["rate"], query["period"]) == ("July", "Excluding no decision", "Custom range")
    assert from_query(query) == filters and presentation_from_query(query) == shown
    codes = {"period": "last_quarter", "fy": "7", "rate": "excluding_no_decision", "present": "1"}
    labels = {"period": "Last quarter", "fy": "July", "rate": "Excluding no decision", "present": "true"}
    assert from_query(codes) == from_query(labels)
    assert presentation_from_query(codes) == presentation_from_query(labels) == Presentation(presenter=True)


def test_defaults_leave_the_url_empty_and_junk_is_ignored():
    assert to_query(Filters()) == {} and to_query(Filters(), Presentation()) == {}
    junk = from_query({"period": "yesterday", "fy": "13", "from": "2025-13-01", "to": "x", "rate": "bogus", "region": [""]})
    assert junk == Filters()
    assert from_query({"present": "true", "rate": ["closed", "excluding_no_decision"]}).denominator == "excluding_no_decision"


def test_date_range_counts_from_the_reference_day():
    assert date_range(Filters(preset="last_quarter"), dt.date(2026, 11, 26)) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    custom = Filters(preset="custom", start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 28))
    assert date_range(custom, dt.date(2026, 1, 1)) == (dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    # An export taken on 10 October: last quarter is Q3, even if its last deal closed on 28 September.
    assert date_range(Filters(preset="last_quarter"), dt.date(2026, 10, 10)) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


def test_dimension_and_size_filters_narrow_the_deals():
    deals = pl.LazyFrame(
        {
            "region": ["EMEA", "APAC", "EMEA", None],
            "seller_profile": ["Challenger", "Challenger", "Lone Wolf", "Challenger"],
            "outcome": ["won", "lost", "won", "open"],
            "amount": [10.0, 20.0, 30.0, None],
        }
    )
    assert size_cut_points(deals) == (pl.Series([10.0, 20.0, 30.0]).quantile(1 / 3), pl.Series([10.0, 20.0, 30.0]).quantile(2 / 3))
    banded = with_size_band(deals, (15.0, 25.0)).collect()
    assert banded.get_column("size_band").to_list() == ["Small", "Medium", "Large", None]
    filters = Filters().with_values("region", ["EMEA"]).with_values("profile", ["Challenger"])
    assert applied(deals, filters).collect().height == 1


def test_all_time_spans_the_data():
    bounds = (dt.date(2024, 10, 2), dt.date(2026, 9, 30))
    assert date_range(Filters(preset="all"), dt.date(2026, 10, 1), bounds) == bounds
    assert date_range(Filters(preset="all"), dt.date(2026, 10, 1)) == (dt.date(2026, 10, 1), dt.date(2026, 10, 1))


def test_the_parameters_the_sidebar_binds_are_the_ones_the_filters_read():
    """One list: the sidebar's bound parameters (ui.context.BOUND, read back by url_params) are
    winloss.filters.READ_PARAMS itself, so a parameter the filters learn to read is bound too."""
    from ui import context
    from winloss.filters import DIMENSIONS, READ_PARAMS

    assert context.BOUND is READ_PARAMS
    assert {"period", "from", "to", "fy", "rate", "present", "anon", "hide_amounts", *DIMENSIONS} == set(READ_PARAMS)
