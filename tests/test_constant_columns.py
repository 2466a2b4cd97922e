"""constant: a column of one value, the Series pl.repeat makes, without running a query."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_series_equal

from winloss.constant_columns import constant


@pytest.mark.parametrize(("value", "dtype"), [
    (None, pl.String), (None, pl.Float64), (None, pl.Int64), (None, pl.Date), (None, pl.Datetime("us")),
    (False, pl.Boolean), (True, pl.Boolean), (1.0, pl.Float64), ("Amount", pl.String),
])
@pytest.mark.parametrize("length", [0, 1, 7])
def test_a_constant_is_the_column_repeat_makes(value, dtype, length):
    """Same values, dtype, name ("literal") and one chunk, as each caller's pl.repeat(..., eager=True) gave."""
    made = constant(value, length, dtype)
    repeated = pl.repeat(value, length, dtype=dtype, eager=True)
    assert_series_equal(made, repeated)
    assert made.name == repeated.name == "literal"
    assert made.n_chunks() == 1


def test_a_constant_takes_its_name():
    assert constant(None, 2, pl.String, "code").name == "code"


def test_a_constant_runs_no_query(monkeypatch):
    """The point of it: no plan is built and collected for a column of one value."""
    def refused(*args, **kwargs):
        raise AssertionError("a query was run")

    monkeypatch.setattr(pl.LazyFrame, "collect", refused)
    monkeypatch.setattr(pl.LazyFrame, "_collect_eager", refused, raising=False)
    assert constant(None, 3, pl.Float64).null_count() == 3
    with pytest.raises(AssertionError, match="a query was run"):
        pl.repeat(None, 3, dtype=pl.Float64, eager=True)


def test_a_value_the_dtype_cannot_hold_is_refused():
    with pytest.raises((TypeError, pl.exceptions.PolarsError)):
        constant("x", 2, pl.Int64)
