"""A stored deal whose row in a later export of its report was quarantined (a Closed Won row with a close date that
is not a date, a negative amount) is listed by that export: it is kept as stored, neither updated nor offered for
taking out. The note on the deals a file lacks named it "not in this file", and the choice to take out the deals the
report no longer lists (--take-out-missing, the Data page's box) deleted it from the store, though the file lists it.
Its id is matched as the accepted rows' ids are: a 15-character Salesforce id as its 18-character form, an id Excel
dropped the leading zeros of as the stored one."""

from __future__ import annotations

import contextlib
import json

import polars as pl
import pytest
from command_line import run

from winloss.ingest.identity import salesforce_18
from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.ingest.store_effects import absent_deals, quarantined_stored, unlisted_deals
from winloss.store.delta import Store

HEADER = "Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Close Date,Opportunity ID\n"
# Three Salesforce ids in their 15-character form, and the 18-character form the store keeps.
A15, B15, C15 = "0065g00000Qa1Ab", "0065g00000Qb2Bc", "0065g00000Qc3Cd"
A18, B18, C18 = salesforce_18(pl.Series([A15, B15, C15])).to_list()
# What makes week 2's row of B quarantined: a close date that is no date, a negative amount.
BAD_CLOSE = {"close": "soon"}
NEGATIVE = {"amount": "-5000"}


def _row(deal: str, stage: str, *, amount: str = "1000", close: str = "2026-11-20", name: str = "") -> str:
    return f"Ann Lee,Globex,{name or 'Opp ' + deal[-5:]},{stage},{amount},{close},{deal}\n"


def _week1(b: str) -> str:
    """A, B and C stored open, B under `b` (its 15- or 18-character id)."""
    return HEADER + _row(A18, "Prospecting") + _row(b, "Negotiation/Review", amount="7000") + _row(C18, "Prospecting")


def _week2(b: str, bad: dict[str, str]) -> str:
    """A updated, B closed won on a row quarantined for `bad`, under `b`; C no longer listed."""
    return HEADER + _row(A18, "Qualification") + _row(b, "Closed Won", **bad)


def _stored(store: Store) -> dict[str, tuple]:
    rows = store.opportunities().select("opportunity_id", "stage", "outcome", "amount", "close_date").collect()
    return {row[0]: row[1:] for row in rows.iter_rows()}


# B written 18 characters long in week 1 and 15 in week 2, and the other way round; quarantined for either reason.
FORMS = [(B18, B15, BAD_CLOSE), (B15, B18, NEGATIVE), (B18, B18, NEGATIVE)]


@pytest.mark.parametrize(("first", "second", "bad"), FORMS)
def test_a_deal_on_a_quarantined_row_is_kept_as_stored_and_only_the_unlisted_deal_is_taken_out(tmp_path, first, second, bad):
    store = Store(tmp_path / "store")
    commit(store, prepare(_week1(first).encode(), "sf_week1.csv"))
    before = _stored(store)
    prepared = prepare(_week2(second, bad).encode(), "sf_week2.csv")
    assert (prepared.rows_read, prepared.rows_accepted, prepared.rows_quarantined) == (2, 1, 1)
    # Only C is offered, and the note on the deals the file lacks names C alone.
    offer = unlisted_deals(prepared, store)
    assert offer is not None and offer.ids == [C18]
    assert offer.choice() == "Take out the 1 deal this report no longer lists"
    absent = absent_deals(prepared, store)
    assert absent is not None and absent.deals == 1 and absent.examples == (C18,)
    assert B18 not in absent.sentence and B15 not in absent.sentence
    kept = quarantined_stored(prepared, store)
    assert kept is not None and kept.sentence == (
        f"1 deal stored from other exports of this report is kept as stored, not updated, because its row in this file "
        f"was quarantined ({B18}): fix that row (the quarantine file gives the reason) and upload the file again to "
        "update it.")
    done = commit(store, prepared, take_out_missing=True)
    assert done.change is not None and done.change.unlisted_taken_out == 1
    assert done.message.endswith("; 1 deal this report no longer lists taken out of the store.")
    after = _stored(store)
    assert sorted(after) == [A18, B18]
    assert after[B18] == before[B18] == ("Negotiation/Review", "open", 7000.0, after[B18][3])  # not updated
    assert after[A18][0] == "Qualification"


def test_without_the_choice_the_line_counts_only_the_unlisted_deal(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepare(_week1(B18).encode(), "sf_week1.csv"))
    done = commit(store, prepare(_week2(B15, BAD_CLOSE).encode(), "sf_week2.csv"))
    assert done.message.endswith("; 1 deal this report no longer lists stays in the store (1 open, counted as it was).")
    assert sorted(_stored(store)) == [A18, B18, C18]


def test_a_file_read_in_batches_keeps_the_quarantined_deal_too(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepare(_week1(B18).encode(), "sf_week1.csv"))
    path = tmp_path / "sf_week2.csv"
    path.write_text(_week2(B15, BAD_CLOSE))
    with prepare_path(path, batch_rows=1) as batched:
        assert (batched.rows_read, batched.rows_accepted, batched.rows_quarantined) == (2, 1, 1)
        offer = unlisted_deals(batched, store)
        assert offer is not None and offer.ids == [C18]
        done = commit(store, batched, take_out_missing=True)
    assert done.change is not None and done.change.unlisted_taken_out == 1
    assert sorted(_stored(store)) == [A18, B18]


def test_a_quarantined_row_whose_id_excel_dropped_the_zeros_of_is_the_stored_deal(tmp_path):
    store = Store(tmp_path / "store")
    week1 = HEADER + "".join(_row(deal, "Prospecting") for deal in ("00101", "00102", "00103"))
    commit(store, prepare(week1.encode(), "crm_week1.csv"))
    prepared = prepare((HEADER + _row("00103", "Qualification") + _row("101", "Closed Won", close="soon")).encode(), "crm_week2.csv")
    offer = unlisted_deals(prepared, store)
    assert offer is not None and offer.ids == ["00102"]
    kept = quarantined_stored(prepared, store)
    assert kept is not None and kept.examples == ("00101",)


def test_the_command_line_takes_out_only_the_unlisted_deal_and_says_the_other_is_kept(tmp_path):
    week1, week2, store = tmp_path / "sf_week1.csv", tmp_path / "sf_week2.csv", str(tmp_path / "store")
    week1.write_text(_week1(B18))
    week2.write_text(_week2(B15, BAD_CLOSE))
    assert run("ingest", str(week1), "--store", store).returncode == 0
    before = _stored(Store(store))
    done = run("ingest", str(week2), "--store", store, "--take-out-missing", "--json")
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)["files"]
    assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"]) == (2, 1, 1)
    assert report["no_longer_listed"] == {"deals": 1, "examples": [C18], "taken_out": True}
    assert report["absent_deals"]["deals"] == 1 and report["absent_deals"]["examples"] == [C18]
    assert report["quarantined_stored"]["examples"] == [B18]
    assert f"because its row in this file was quarantined ({B18})" in done.stderr
    assert report["store_message"].endswith("; 1 deal this report no longer lists taken out of the store.")
    after = _stored(Store(store))
    assert sorted(after) == [A18, B18] and after[B18] == before[B18]


@pytest.mark.parametrize("batch_rows", [None, 1])
def test_a_quarantined_row_without_an_id_is_said_to_name_no_deal_before_taking_out(tmp_path, batch_rows):
    store = Store(tmp_path / "store")
    commit(store, prepare(_week1(B18).encode(), "sf_week1.csv"))
    # B's row has lost its id as well as its close date: nothing matches it to the stored B.
    path = tmp_path / "sf_week2.csv"
    path.write_text(HEADER + _row(A18, "Qualification") + _row("", "Closed Won", close="soon"))
    with contextlib.nullcontext(prepare(path.read_bytes(), path.name)) if batch_rows is None else prepare_path(
            path, batch_rows=batch_rows) as prepared:
        assert prepared.quarantined_unread == 1
        absent = absent_deals(prepared, store)
    assert absent is not None and absent.deals == 2
    assert (" 1 quarantined row of this file has no ID that could be read: before taking them out, check in the "
            "quarantine file that none of them is on that row.") in absent.sentence
