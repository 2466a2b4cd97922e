"""The Deal size filter on the Overview of a store with deals in a currency that has no exchange rate:
every band selected is no filter, and some bands say how many closed deals have no size and why."""

from __future__ import annotations

from app_driver import opened
from rendered import as_read

from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity ID,Owner,Stage,Created Date,Close Date,Amount,Currency"
# Large keeps the 10 largest in USD and leaves out 30: the 20 smaller and the 10 in EUR, which have no size.
SAID = ("The Deal size filter keeps 10 of the 40 closed deals in this range; 10 of the 30 it leaves out have no "
        "deal size: 10 in EUR have no exchange rate to USD for EUR. Add the rate on the Data page, in the Currencies "
        "tab.")


def dollars_and_unrated_euros(store) -> None:
    """2025 Q3: 30 deals in USD worth 1,000 to 30,000, half won; 10 won in EUR (500,000 each), and EUR
    has no exchange rate. 40 closed, 25 won."""
    rows = [f"U{i:02d},Ann,{'Closed Won' if i % 2 else 'Closed Lost'},2025-06-01,2025-08-{1 + i % 28:02d},"
            f"{(i + 1) * 1000},USD" for i in range(30)]
    rows += [f"E{i:02d},Bo,Closed Won,2025-06-01,2025-09-{1 + i:02d},500000,EUR" for i in range(10)]
    prepared = prepare(("\n".join([HEADER, *rows]) + "\n").encode(), "unrated_euros.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)


def shown(at) -> tuple[str, str, str]:
    """The Overview's closed deals and won value tiles, and every caption and Markdown line, as read."""
    tiles = {m.label: m.value for m in at.metric}
    said = as_read("\n".join(e.value for kind in ("markdown", "caption") for e in at.get(kind)))
    return tiles["Closed deals in range"], tiles["Won value in range"], said


def test_the_overview_with_the_deal_size_filter_counts_or_names_the_unrated_deals(store) -> None:
    dollars_and_unrated_euros(store)
    period = {"period": "Custom range", "from": "2025-07-01", "to": "2025-09-30"}
    unfiltered = opened("overview", **period)
    assert not unfiltered.exception, [e.value for e in unfiltered.exception]
    closed, won_value, _ = shown(unfiltered)
    assert (closed, won_value) == ("40", "$240k  \n:small[:gray[no rate for EUR]]")  # the value big, what it leaves out small under it
    # Every band: the figures of no filter (it read 30 closed and $240k, the EUR deals gone), no Filtered line.
    every = opened("overview", **period, size=["Small", "Medium", "Large"])
    assert not every.exception, [e.value for e in every.exception]
    assert shown(every)[:2] == (closed, won_value)
    assert "Filtered:" not in shown(every)[2] and SAID not in shown(every)[2]
    # Large alone: the EUR deals cannot be placed, and the page says so under its Filtered line.
    large = opened("overview", **period, size="Large")
    assert not large.exception, [e.value for e in large.exception]
    said = shown(large)[2]
    assert "**Filtered:** Deal size = Large — not company totals." in said
    assert SAID in said
