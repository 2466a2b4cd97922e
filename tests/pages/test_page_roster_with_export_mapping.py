"""The Data page given a roster and an export in one upload: each has its own Column mapping, so the roster's
sentence that asks to map a column names that control, as the command line names `--roster PATH --map` for it
(tests/ingest/test_roster_map_advice.py)."""

from __future__ import annotations

from app_driver import opened
from rendered import as_read

from winloss.ingest.pipeline import sha256_of

EXPORT = b"Opportunity ID,Owner,Stage,Amount,Close Date,Created Date\nA1,Ann Lee,Closed Won,1000,2026-03-05,2026-01-02\n"
ROSTER = b"Rep,Ploeg,Seller Profile,Team\nAnn Lee,x,Challenger,East\n"


def test_a_roster_uploaded_with_an_export_is_mapped_in_its_own_column_mapping(store) -> None:
    at = opened("data")
    at.file_uploader(key="uploads").set_value([("week.csv", EXPORT, "text/csv"), ("team.csv", ROSTER, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=f"kind_{sha256_of(ROSTER)[:16]}").value == "roster"
    editors = [e for e in at.data_editor if (e.key or "").startswith("mapping_")]
    assert len(editors) == 2  # one for each file: the roster's columns are chosen in its own
    said = as_read("\n".join(e.value for kind in (at.caption, at.markdown, at.info, at.warning, at.error) for e in kind))
    assert "Not used: 'Ploeg'. If it holds a field, map it in Column mapping above, under Column in your file." in said
    assert "on the command line" not in said and "--roster" not in said
