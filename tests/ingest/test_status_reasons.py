"""A Dynamics Status Reason says why a deal closed without a win (Out-Sold, Canceled, a custom
reason): with no loss-reason column of its own, the file's lost and no-decision deals keep it as
their loss reason (README, Outcomes), and the file report names the rule."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from winloss.deals import deals
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.store.delta import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "outcomes"
RULE = "Loss reason: the file has no loss-reason column, so each lost or no-decision deal's Status Reason"


def reasons(frame: pl.DataFrame) -> dict[str, tuple[str, str | None]]:
    return {i: (o, r) for i, o, r in frame.select("opportunity_id", "outcome", "loss_reason").iter_rows()}


def test_a_status_reason_is_the_loss_reason_of_deals_that_closed_without_a_win(tmp_path):
    path = FIXTURES / "dynamics_status_reasons.csv"
    prepared = prepare(path.read_bytes(), path.name)
    assert reasons(prepared.accepted) == {
        "d1": ("won", None), "d2": ("lost", "Out-Sold"), "d3": ("no_decision", "Canceled"),
        "d4": ("lost", "Budget frozen"), "d5": ("open", None), "d6": ("open", None), "d7": ("won", None),
        "d8": ("lost", "Out-Sold"), "d9": ("no_decision", "Canceled"),
    }  # fmt: skip
    assert [n for n in file_report(prepared)["notes"] if n.startswith(RULE)]
    store = Store(tmp_path / "whole")
    commit(store, prepared)
    kept = reasons(deals(store))
    assert kept == reasons(prepared.accepted)
    # The batch reader stores the same reasons and says the same rule.
    with prepare_path(path, batch_rows=2) as batched:
        assert file_report(batched)["notes"] == file_report(prepared)["notes"]
        commit(Store(tmp_path / "batched"), batched)
    assert reasons(deals(Store(tmp_path / "batched"))) == kept


def test_a_loss_reason_column_of_the_files_own_is_kept_and_a_plain_status_is_no_reason():
    own = (FIXTURES / "dynamics_de.csv").read_bytes()  # has "Reason Lost", blank for its Storniert deal
    prepared = prepare(own, "dynamics_de.csv")
    assert reasons(prepared.accepted)["a2"] == ("no_decision", None)
    assert not [n for n in prepared.notes if n.startswith("Loss reason:")]
    plain = b"Opportunity ID,Rep,Status,Close Date\nP1,Ann,Lost,2025-03-01\nP2,Ann,Won,2025-03-02\n"
    assert reasons(prepare(plain, "plain.csv").accepted) == {"P1": ("lost", None), "P2": ("won", None)}
