"""Tables that must read whole at 1280 px: a rep's deal list with a long loss reason, the History tab."""

from __future__ import annotations

import json

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss import text
from winloss.text import cut_in_cell


def column_widths(frame_element) -> dict[str, int]:
    """The widths (px) a drawn st.dataframe was given, by column."""
    config = json.loads(frame_element.proto.columns)
    return {name: c["width"] for name, c in config.items() if isinstance(c, dict) and isinstance(c.get("width"), int)}


def test_a_reps_deal_list_shows_a_long_loss_reason_whole_within_the_list(store) -> None:
    """"No Decision / Non-Responsive" read "No Decision / Non-Respor" in a rep's list at 1280 px."""
    reason = "No Decision / Non-Responsive"
    rows = [f"T{i:03d},Tom,Closed Lost,{reason if i % 2 else 'Price'},2026-08-{1 + i % 28:02d},1000" for i in range(30)]
    commit(store, prepare(("Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount\n" + "\n".join(rows) + "\n").encode(),
                          "reasons.csv"))
    at = opened("reps", rep="Tom", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    deals = next(d for d in at.dataframe if "loss_reason" in d.value.columns)
    widths = column_widths(deals)
    # As the grid draws it (text.grid_px) and 8 px each side: 192 px, not 128; the grid then draws it whole (text.cut_in_cell).
    assert not cut_in_cell(reason, widths["loss_reason"]) and widths["loss_reason"] > 128
    shown = [c for c in ("account", "outcome", "amount", "loss_reason", "close_date", "stage") if c in widths]
    assert sum(widths[c] for c in shown) <= 898  # every column of the room still in view at 1280 px, in a drill-down box too


def test_the_history_tab_fits_every_column_into_a_list_at_1280_px(store) -> None:
    rows = [f"D{i:03d},Tom,{'Closed Won' if i % 2 else 'Closed Lost'},2026-08-{1 + i % 28:02d},1000" for i in range(54)]
    commit(store, prepare(("Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(rows) + "\n").encode(), "week.csv"))
    at = opened("data")
    assert not at.exception, [e.value for e in at.exception]
    history = next(d for d in at.dataframe if "In effect" in d.value.columns)
    widths = column_widths(history)
    assert list(history.value.columns) == ["Version", "When", "Who", "What", "Note", "File", "Rows", "Stored", "In effect"]
    assert set(widths) == set(history.value.columns) and sum(widths.values()) <= 930  # ui.drill.PAGE_WIDTH: a page's width at 1280 px
    assert history.value["Rows"][0] == "54 read, 54 accepted, 0 quarantined"


def test_the_leaderboard_won_column_reads_whole_beside_its_sort_arrow(store) -> None:
    """Sorted at 1280 px, the 84 px "Won ($)" header read "↑ Won ($": the column holds the header with the
    grid's arrow before it, measured as the grid draws it (text.grid_px), and 8 px each side; no more, as a
    guessed 40 px for the arrow pushed the Team column out of the board (reps.sorted_header_px)."""
    at = opened("reps")
    assert not at.exception, [e.value for e in at.exception]
    board = next(d for d in at.dataframe if "won_amount" in d.value.columns)
    widths = column_widths(board)
    assert text.grid_px("↑ Won ($)") + 16 <= widths["won_amount"] <= 84
    # The currency's name is longer than its sign: the width follows the header.
    from app_pages.reps import board_config
    chf = json.loads(json.dumps(board_config(None, "CHF")["won_amount"]))
    assert chf["label"] == "Won (CHF)" and chf["width"] >= text.grid_px("↑ Won (CHF)") + 16 > widths["won_amount"]
