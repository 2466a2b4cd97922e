"""The hand-built deals (tests/small_deals.py) as a fixture for every measure's tests."""

import polars as pl
import pytest
from small_deals import ROWS, make_deals


@pytest.fixture
def deals() -> pl.LazyFrame:
    return make_deals(ROWS)
