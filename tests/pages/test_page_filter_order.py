"""A filter's values chosen out of order (a link, or the sidebar picked Medium before Small) are worded in the
sidebar's order on the page's Filtered line: "Deal size = Small, Medium", never "Medium, Small"."""

from __future__ import annotations

from app_driver import opened
from rendered import as_read


def test_the_filtered_line_lists_deal_sizes_small_to_large(store) -> None:
    for page in ("overview", "review"):
        at = opened(page, size=["Medium", "Small"])
        assert not at.exception, [e.value for e in at.exception]
        lines = [as_read(m.value) for m in at.markdown if "Filtered:" in m.value]
        assert any("Deal size = Small, Medium — not company totals." in line for line in lines), (page, lines)
        assert not any("Medium, Small" in line for line in lines), (page, lines)
