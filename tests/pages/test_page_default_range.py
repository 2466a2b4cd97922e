"""A first upload of this quarter's deals, through AppTest: the default "Last 4 complete quarters" held none, and
the Overview said both "choose Quarter to date" and "Widen the range". A plain address now opens on the quarter
to date and says why; a link's range still wins, and its empty page names the choice that shows the deals, once."""

from __future__ import annotations

import datetime as dt

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

# Ten deals closed 3 Oct - 26 Nov 2026, the data's day: none in 1 Oct 2025 - 30 Sep 2026.
CLOSES = [dt.date(2026, 10, 3) + dt.timedelta(days=6 * i) for i in range(9)] + [dt.date(2026, 11, 26)]
EXPORT = "Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount\n" + "".join(
    f"D{i},Ann,EMEA,{'Closed Won' if i % 2 else 'Closed Lost'},{'' if i % 2 else 'Price'},2026-09-01,{close},1000\n"
    for i, close in enumerate(CLOSES))


def this_quarter(store: Store) -> None:
    commit(store, prepare(EXPORT.encode(), "deals.csv"))


def test_a_store_of_this_quarters_deals_opens_on_the_quarter_to_date_and_a_links_range_wins(store, filled) -> None:
    filled(this_quarter)
    at = opened("overview")
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.selectbox(key="period").value == "quarter_to_date"
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Closed 1 Oct 2026 – 26 Nov 2026 · Quarter to date, as the last 4 complete quarters "
                            "(1 Oct 2025 – 30 Sep 2026) hold no closed deal · ") for c in captions), captions
    assert not any("No deal is in this range" in str(e.value) for e in [*at.info, *at.markdown]), captions
    # A link's "Last 4 complete quarters" is kept: its empty page says where the deals are, once, by the note's rule.
    linked = opened("overview", period="Last 4 complete quarters")
    assert not linked.exception, [e.value for e in linked.exception]
    shown = " ".join(str(e.value) for e in [*linked.caption, *linked.markdown, *linked.info])
    assert "Choose Quarter to date under Close date in the sidebar to see the 10 deals closed after 30 Sep 2026." in shown
    assert "Widen the range" not in shown and shown.count("closed after 30 Sep 2026") == 1, shown
    assert not any("hold no closed deal" in c.value for c in linked.caption)
