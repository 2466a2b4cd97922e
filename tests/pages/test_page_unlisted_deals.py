"""The Data page's choice on the stored deals of a report its weekly re-export no longer lists (deleted in the CRM,
a standard Salesforce report leaves them out): a box under the note on them, unticked by default, that names a few
and offers the whole list to download. Ticked, Commit takes them out with the upload and the Overview counts them no
more; unticked, they stay and the confirmation says so. The page offered no way to take them out at all."""

from __future__ import annotations

import csv
import io

from app_driver import committed, opened
from rendered import as_read
from streamlit.testing.v1 import AppTest

from tests.ingest import test_quarantined_rows_listed as quarantined_rows
from tests.ingest.test_unlisted_deals import WEEK1, WEEK2
from winloss.ingest.pipeline import commit, prepare

CHOICE = "Take out the 2 deals this report no longer lists"


def _week2_on_the_page(store) -> AppTest:
    commit(store, prepare(WEEK1.encode(), "sf_week1.csv"))
    at = opened("data")
    at.file_uploader(key="uploads").set_value([("sf_week2.csv", WEEK2.encode(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _box(at: AppTest):
    (box,) = [c for c in at.checkbox if (c.key or "").startswith("unlisted_")]
    return box


def _overview() -> dict[str, str]:
    at = opened("overview", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    return {m.label: m.value for m in at.metric}


def test_the_box_names_the_deals_offers_their_list_and_is_unticked(store, downloads):
    at = _week2_on_the_page(store)
    box = _box(at)
    assert as_read(box.label) == CHOICE and box.value is False
    assert ('Stored from other exports of this report, not in this one: "Globex expansion" and "Globex '
            'renewal".') in [as_read(c.value).removeprefix(":material/list: ") for c in at.caption]
    # The note above it names the box, not the command line's flag.
    (note,) = [as_read(i.value) for i in at.info if "not in this file" in i.value]
    assert "take them out of the store with this upload in Take out the deals this report no longer lists below" in note
    assert "--take-out-missing" not in note
    (listing,) = [b for b in at.download_button if b.label == "Download the list of these deals (CSV)"]
    rows = list(csv.DictReader(io.StringIO(downloads[listing.proto.url].decode("utf-8-sig"))))
    assert [(r["id"], r["name"], r["rep"], r["stage"], r["amount"], r["close date"]) for r in rows] == [
        ("S-2", "Globex expansion", "Ann Lee", "Prospecting", "1000.0", "2026-11-20"),
        ("S-4", "Globex renewal", "Bo Chan", "Closed Won", "12000.0", "2026-11-20")]
    assert "sf_week2.no-longer-listed.csv" in downloads


def test_ticked_commit_takes_them_out_and_the_overview_counts_them_no_more(store):
    assert _box(at := _week2_on_the_page(store)).value is False
    _box(at).check().run()
    done = committed(at, WEEK2.encode())
    assert as_read(done).endswith("; 2 deals this report no longer lists taken out of the store.")
    assert store.version() == 2
    metrics = _overview()
    assert (metrics["Closed deals in range"], metrics["Won value in range"]) == ("2", "$1k")  # were 3 and $13k
    assert sorted(store.opportunities().collect().get_column("opportunity_id").to_list()) == ["S-1", "S-3", "S-5"]


def test_unticked_commit_keeps_them_and_says_so(store):
    at = _week2_on_the_page(store)
    done = committed(at, WEEK2.encode())
    assert as_read(done).endswith(
        "; 2 deals this report no longer lists stay in the store (1 open and 1 won, counted as they were).")
    metrics = _overview()
    assert (metrics["Closed deals in range"], metrics["Won value in range"]) == ("3", "$13k")


def test_a_deal_on_a_quarantined_row_is_not_offered_and_the_page_says_it_is_kept(store):
    # Week 2 lists A, B on a row quarantined for its close date (15 characters long, stored 18), and no longer C.
    commit(store, prepare(quarantined_rows._week1(quarantined_rows.B18).encode(), "sf_week1.csv"))
    week2 = quarantined_rows._week2(quarantined_rows.B15, quarantined_rows.BAD_CLOSE).encode()
    at = opened("data")
    at.file_uploader(key="uploads").set_value([("sf_week2.csv", week2, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert as_read(_box(at).label) == "Take out the 1 deal this report no longer lists"
    notes = [as_read(i.value) for i in at.info]
    (absent,) = [n for n in notes if "not in this file" in n]
    # Named by its deal name ("Opp " and its id's last five characters), as every sentence names deals.
    assert f'"Opp {quarantined_rows.C18[-5:]}"' in absent and quarantined_rows.B18[-5:] not in absent
    assert (f"1 deal stored from other exports of this report is kept as stored, not updated, because its row in this "
            f"file was quarantined ({quarantined_rows.B18}): fix that row (the quarantine file gives the reason) and upload "
            "the file again to update it.") in notes
    _box(at).check().run()
    done = committed(at, week2)
    assert as_read(done).endswith("; 1 deal this report no longer lists taken out of the store.")
    assert sorted(store.opportunities().collect().get_column("opportunity_id").to_list()) == [
        quarantined_rows.A18, quarantined_rows.B18]
