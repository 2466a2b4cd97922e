"""Presenter mode enlarges every table on every page, not the Quarterly review's alone: each data grid
is drawn with presenter rows (ui.widgets.data_grid) under the larger root type its text is drawn in
(ui.style), and the review's static tables take that type too."""

from __future__ import annotations

import pytest
from app_driver import opened

from ui import drill
from ui.style import PRESENTER_TYPE
from ui.widgets import NAMED_WIDTHS, row_height, wrapped_row_height
from winloss.views.reps import NAME_COLUMNS, NAME_LINES

ON = "true"
ROOT_RULE = f"html {{ font-size: {16 * PRESENTER_TYPE:g}px !important; }}"


def root_rules(at) -> list[str]:
    """The page-wide style blocks that set presenter mode's root type size."""
    return [h.proto.body for h in at.get("html") if ROOT_RULE in h.proto.body]


def widths(at) -> list[dict[str, int]]:
    """Each grid's column widths as sent, by column (set ones only)."""
    import json

    return [{k: v["width"] for k, v in json.loads(frame.proto.columns).items() if isinstance(v, dict) and v.get("width")}
            for frame in at.dataframe]


def grid_rows(at) -> list[int]:
    """Each data grid's row height as drawn (0: Streamlit's own, unset)."""
    return [frame.proto.row_height for frame in at.dataframe]


@pytest.mark.parametrize("page", ["profiles", "no_decision", "reps", "assessment"])
def test_every_grid_of_a_page_is_drawn_at_presenter_size(sample, seen, page: str) -> None:
    assert row_height(True) == round(row_height(False) * PRESENTER_TYPE) > row_height(False)
    at = seen(page, present=ON)
    assert not at.exception, [e.value for e in at.exception]
    assert root_rules(at)
    assert grid_rows(at)  # the page has a grid to check
    # A list whose names wrap in presenter mode's room (a projector's 1024 px: drill.list_room) has rows of their
    # lines at presenter type, as the leaderboard's names do (views.reps.name_columns).
    wrapped = {round(wrapped_row_height(k) * PRESENTER_TYPE) for k in range(1, NAME_LINES + 1)}
    assert set(grid_rows(at)) <= {row_height(True)} | wrapped, grid_rows(at)
    plain = seen(page)
    assert not root_rules(plain)
    assert set(grid_rows(plain)) <= {0} | {wrapped_row_height(k) for k in range(1, NAME_LINES + 1)}, grid_rows(plain)
    # A set column width is in px: it grows with the type, or a name that fitted is cut.
    for big, small, frame, row in zip(widths(at), widths(plain), at.dataframe, grid_rows(at), strict=True):
        assert big.keys() <= small.keys(), (big, small)
        # The leaderboard's name columns share the room the others leave, presenter mode's or the page's
        # (views.reps.name_columns, tested in test_rep_tables): scaled only where their names fit whole in both.
        fitted = set(NAME_COLUMNS) if page == "reps" and set(grid_rows(plain)) - {0} else set()
        if row != row_height(True):
            # A deal list whose names wrap in presenter mode's room (a projector's 1024 px: drill.list_room) keeps the
            # widths of the columns it shows, its names narrowed (drill.key_columns_narrowed), the rest behind All columns.
            assert page != "reps", "the leaderboard wraps its names in presenter mode"
            fitted |= {c for c, _ in drill.NARROWED} | (small.keys() - set(frame.proto.column_order))
        else:
            assert big.keys() == small.keys(), (big, small)
        assert all(big[c] == round(NAMED_WIDTHS.get(w, w) * PRESENTER_TYPE) for c, w in small.items()
                   if c not in fitted), (big, small)


def test_a_reps_deal_list_behind_the_drill_down_is_drawn_at_presenter_size(sample, seen) -> None:
    rep = seen("reps").dataframe[0].value["rep"][0]
    at = opened("reps", rep=rep, present=ON)
    assert not at.exception, [e.value for e in at.exception]
    assert [h.value for h in at.subheader if "deals" in h.value]  # the rep's deal list is on the page
    assert grid_rows(at) and grid_rows(at) == [row_height(True)] * len(at.dataframe)
    assert root_rules(at)


def test_the_reviews_tables_take_the_presenter_type(sample, seen) -> None:
    at = seen("review", present=ON)
    assert not at.exception, [e.value for e in at.exception]
    assert at.table  # static tables: their text is sized by the root type
    assert not at.dataframe
    assert root_rules(at)


def test_deal_lists_show_the_rooms_columns_and_all_on_a_switch(sample) -> None:
    """The at-risk list is drawn with the columns a room reads first (ui.drill.grid_columns), its every
    column one switch away, in presenter mode and at the app's type alike; at the app's type its CSV
    holds every column too."""
    for present in (ON, None):
        at = opened("no_decision", present=present) if present else opened("no_decision")
        assert not at.exception, [e.value for e in at.exception]
        at_risk = at.dataframe[-1]
        # The deal's name beside its account; the stage no longer fits 1280 px beside it: it is on the switch. In
        # presenter mode the list is fitted to a projector's 1024 px (drill.list_room): the close date is too.
        room = ["account", "opportunity_name", "rep", "amount", "reason"]
        assert list(at_risk.proto.column_order) == (room if present else [*room, "close_date"])
        assert {"days_open", "opportunity_id", "stage", "close_date"} <= set(at_risk.value.columns)  # not dropped
        switch = at.toggle(key="nd-at-risk-all")
        assert switch.label == drill.ALL_COLUMNS and not switch.value
        switch.set_value(True).run()
        grid = at.dataframe[-1]
        assert list(grid.proto.column_order) == list(grid.value.columns)  # every column
        downloads = [b.proto.label for b in at.get("download_button")]
        assert ("Deals (CSV)" in downloads) is (present is None)  # presenter mode offers no CSV


def test_the_reviews_at_risk_table_shows_the_rooms_columns(sample) -> None:
    """The review's at-risk table at the app's type: the deal lists' rule and switch (ui.drill). The
    sample's review is of a past quarter (2026 Q3, data of 26 Nov 2026): a deal's stage now (its stage,
    or what became of it since) takes the close date's place in the room, beside a shorter reason."""
    at = opened("review")
    assert not at.exception, [e.value for e in at.exception]
    (at_risk,) = [f for f in at.dataframe if "reason" in f.value.columns]
    assert list(at_risk.proto.column_order) == ["account", "opportunity_name", "rep", "amount", "reason", "stage"]
    at.toggle(key="review-at-risk-all").set_value(True).run()
    (at_risk,) = [f for f in at.dataframe if "reason" in f.value.columns]
    assert list(at_risk.proto.column_order) == list(at_risk.value.columns) and "days_open" in at_risk.value.columns


def test_grid_columns_put_what_a_room_reads_first() -> None:
    """Deal, rep, outcome, amount, the list's reason, then stage and close date: an at-risk deal's
    reason before a loss reason, only what the list has, never a column the list's context fixes."""
    every = ["opportunity_id", "loss_reason", "close_date", "amount", "stage", "outcome", "rep", "account", "region"]
    assert drill.grid_columns(every) == ["account", "rep", "outcome", "amount", "loss_reason", "close_date", "stage"]
    assert drill.grid_columns(["reason", "account", "days_open", "loss_reason"]) == ["account", "reason"]
    # Less what every row shares by the list's context (its heading names it): a rep's own list, the
    # deals behind an outcome's bar, the deals lost for one reason.
    assert drill.grid_columns(every, same=drill.ONE_REP) == [
        "account", "outcome", "amount", "loss_reason", "close_date", "stage"]
    assert drill.grid_columns(every, same=("outcome",)) == ["account", "rep", "amount", "loss_reason", "close_date", "stage"]
    assert drill.grid_columns(every, same=("loss_reason",)) == ["account", "rep", "outcome", "amount", "close_date", "stage"]
    # A list whose stage says more than its close date (a past day's at-risk deals: what became of
    # each since) puts it first, and it is the close date that goes to the switch when the room is full.
    assert drill.grid_columns(every, after_why=("stage", "close_date")) == [
        "account", "rep", "outcome", "amount", "loss_reason", "stage", "close_date"]
    widths = {"account": 200, "rep": 100, "outcome": 80, "amount": 80, "loss_reason": 120, "stage": 180, "close_date": 88}
    assert drill.grid_columns(every, widths=widths, room=800, after_why=("stage", "close_date"))[-1] == "stage"
    # The switch to every column shows them all, in the list's order, but still not those.
    assert drill.grid_columns(every, every=True) == every
    assert drill.grid_columns(every, same=drill.ONE_REP, every=True) == [c for c in every if c not in drill.ONE_REP]


def test_a_deal_list_shows_each_name_without_its_account_and_sizes_it_to_the_longest(sample) -> None:
    """The at-risk list cut every deal's name to its account's ("Silverline Media B.V. - C") while "Why at
    risk" kept 272 px no reason used. The Deal column now reads the rest of each name, as wide as the
    longest, the reason as wide as its longest; the name whole is on the All columns switch."""
    import json

    from winloss import text
    from winloss.views.deal_lists import short_deal_name

    at = opened("no_decision")
    assert not at.exception, [e.value for e in at.exception]
    grid = at.dataframe[-1]
    data = grid.value
    full = data["full_deal_name"].tolist()
    assert [short_deal_name(n, a) for n, a in zip(full, data["account"], strict=True)] == data["opportunity_name"].tolist()
    assert data["opportunity_name"].tolist() != full  # the sample names deals after their accounts
    sent = {k: v["width"] for k, v in json.loads(grid.proto.columns).items() if isinstance(v, dict) and v.get("width")}
    for column in ("opportunity_name", "reason"):
        need = max(text.text_px(v) for v in data[column].dropna()) + drill.CELL_PADDING
        assert sent[column] >= need, column  # each reads whole
    assert sent["reason"] < drill.REASON_WIDTH  # and the reason takes no room it does not use
    assert "full_deal_name" not in grid.proto.column_order  # the name whole is on the switch
    at.toggle(key="nd-at-risk-all").set_value(True).run()
    assert "full_deal_name" in at.dataframe[-1].proto.column_order
