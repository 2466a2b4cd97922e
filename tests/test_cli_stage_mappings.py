"""The command line and stage mappings: a mapping given with the next export is not refused as deals the
export takes back (--allow-reopen, an untrue "these deals did change so in the CRM"); --stage without a
file applies the mappings to the stored deals; an ingest that stores no mapping says that command."""

from __future__ import annotations

import json
from pathlib import Path

from command_line import run
from parked_exports import HEADER, WEEK1, WEEK2

from winloss.deals import deals
from winloss.store.delta import Store


def _write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def test_the_next_export_with_a_mapping_is_stored_without_allow_reopen(tmp_path):
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store).returncode == 0
    done = run("ingest", _write(tmp_path / "week2.csv", WEEK2), "--stage", "Parked=no_decision", "--store", store)
    assert done.returncode == 0, done.stderr
    assert "--allow-reopen" not in done.stderr and "closed in the store" not in done.stderr
    assert ('It closed 1 open deal: 1 won ("Open one"); 2 stored deals changed from lost to no decision because you mapped '
            "'Parked' to No decision (\"Parked one\", \"Parked two\").") in done.stdout
    assert dict(deals(Store(store)).select("opportunity_id", "outcome").iter_rows())["P-1"] == "no_decision"


def test_stage_mappings_given_without_a_file_are_applied_to_the_stored_deals(tmp_path):
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store).returncode == 0
    done = run("ingest", "--stage", "Parked=no_decision", "--stage", "Contract Signed=no_decision", "--store", store)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Stored as version 2. Stage mappings saved: 'Parked' → No decision, which counts 2 stored deals as no decision "
        "(it changed 2 from lost to no decision: \"Parked one\", \"Parked two\"); 'Contract Signed' → No decision, which counts no stored deal: "
        "the one at that value keeps Won, as its own status or closed/won columns say, and a mapping never overrides "
        "those. They apply to later files too.\n")
    assert Store(store).stage_outcomes() == {"Contract Signed": "no_decision", "Parked": "no_decision"}
    assert dict(deals(Store(store)).select("opportunity_id", "outcome").iter_rows())["P-2"] == "no_decision"
    again = run("ingest", "--stage", "Parked=no_decision", "--store", store)
    assert again.returncode == 0 and again.stdout == "These stage mappings are stored already: nothing changed.\n"
    assert Store(store).version() == 2


def test_the_next_export_after_a_mapping_saved_alone_is_stored_without_allow_reopen(tmp_path):
    """A mapping saved without a file leaves the deals' stored outcome as it was (lost) and the pages read them
    under it (no decision): the next export, read under the same mapping, has them no decision as the store
    does, and was refused as changing their outcome on the day they closed."""
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store).returncode == 0
    assert run("ingest", "--stage", "Parked=no_decision", "--store", store).returncode == 0
    done = run("ingest", _write(tmp_path / "week2.csv", WEEK2), "--store", store)
    assert done.returncode == 0, done.stderr
    assert "--allow-reopen" not in done.stderr and "closed in the store" not in done.stderr
    assert 'It closed 1 open deal: 1 won ("Open one").' in done.stdout and "because you map" not in done.stdout
    assert dict(deals(Store(store)).select("opportunity_id", "outcome").iter_rows()) == {
        "P-1": "no_decision", "P-2": "no_decision", "W-1": "won", "O-1": "won"}


def test_the_next_export_after_a_mapping_stored_with_another_file_is_stored_without_allow_reopen(tmp_path):
    """The same when the mapping came with another export's version: the deals stored before it keep their stored outcome."""
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store).returncode == 0
    other = HEADER + "Q-1,Parked elsewhere,Parked,Bo Dee,100,2026-09-10,true,false\n"
    assert run("ingest", _write(tmp_path / "other.csv", other), "--stage", "Parked=no_decision", "--store", store).returncode == 0
    done = run("ingest", _write(tmp_path / "week2.csv", WEEK2), "--store", store)
    assert done.returncode == 0, done.stderr
    assert "closed in the store" not in done.stderr
    assert dict(deals(Store(store)).select("opportunity_id", "outcome").iter_rows())["P-1"] == "no_decision"


def test_an_export_already_ingested_with_a_new_mapping_says_how_to_apply_it(tmp_path):
    store = str(tmp_path / "store")
    week1 = _write(tmp_path / "week1.csv", WEEK1)
    assert run("ingest", week1, "--store", store).returncode == 0
    done = run("ingest", week1, "--stage", "Parked=no_decision", "--store", store)
    assert ("Stage mappings not stored: no opportunity export was stored with them ('Parked' = no_decision). To apply "
            f'them to the stored deals without a file, run: python -m winloss ingest --store "{store}" '
            '--stage "Parked=no_decision"') in done.stderr


def test_the_loss_reason_report_counts_what_made_its_no_decision_deals_so(tmp_path, capsys):
    """`report --by loss_reason` said a deal's "counted as" was what its reason made it (the no-decision
    vocabulary), while "(no reason given)" read no decision by the stage mapping: it now counts each cause,
    by the No decision page's rule (measures.no_decision.no_decision_causes)."""
    from winloss.cli import main

    store = str(tmp_path / "store")
    assert main(["ingest", _write(tmp_path / "week1.csv", WEEK1), "--stage", "Parked=no_decision", "--store", store]) == 0
    capsys.readouterr()
    assert main(["report", "--by", "loss_reason", "--store", store]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[-6:] for line in lines if line.startswith("(no reason")] == [["no", "decision", "2", "n", "too", "small"]]
    assert lines[-2:] == ["No decision: 2 deals by your stage mapping (--stage).",
                          "n too small: fewer than 20 lost and no-decision deals; —: none"]
    assert main(["report", "--by", "loss_reason", "--store", store, "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["no_decision_causes"] == [{"cause": "stage mapping", "deals": 2}]
    assert "no decision by your stage mapping" in said["definition"]


def test_the_next_export_after_a_mapping_saved_alone_counts_the_files_changes_apart(tmp_path):
    """After `ingest --stage "Parked=no_decision"` with no file, the next export said "0 new, 3 updated, 1
    unchanged": P-1 and P-2 counted as the file's though the mapping had changed them (the pages read them so
    already), the file closing O-1 alone. The Data page's confirmation, in its words (Committed.counts_sentence)."""
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store).returncode == 0
    assert run("ingest", "--stage", "Parked=no_decision", "--store", store).returncode == 0
    week2 = _write(tmp_path / "week2.csv", WEEK2)
    done = run("ingest", week2, "--store", store)
    assert done.returncode == 0, done.stderr
    assert "Stored as version 3: 0 new, 1 updated, 3 unchanged by the file." in done.stdout
    assert "3 updated" not in done.stdout
    as_json = run("ingest", _write(tmp_path / "week3.csv", WEEK2 + "N-1,New one,Proposal Out,Ann Lee,100,2026-12-21,false,false\n"),
                  "--store", store, "--json")
    (report,) = json.loads(as_json.stdout)["files"]
    assert report["store_message"] == "Stored as version 4: 1 new, 0 updated, 4 unchanged."


def test_the_next_export_with_a_mapping_counts_the_files_changes_apart(tmp_path):
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store).returncode == 0
    done = run("ingest", _write(tmp_path / "week2.csv", WEEK2), "--stage", "Parked=no_decision", "--store", store, "--json")
    (report,) = json.loads(done.stdout)["files"]
    assert report["store_message"] == "Stored as version 2: 0 new, 1 updated, 3 unchanged by the file."
