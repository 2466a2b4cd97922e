"""A roster given to `ingest` with exports is told its own way to map its columns.

`--map` maps the exports of the command, and a roster only in an ingest of rosters alone. A roster whose rep
column was not understood, given with an export, was refused with "(on the command line: --map rep=...)":
followed, that --map mapped the export instead (which has no such column) and the roster was refused again.
Its sentences now name `--roster PATH --map ...` in an ingest of the roster alone; alone, they name --map.
"""

from __future__ import annotations

import json

from winloss.cli import main
from winloss.ingest.hints import roster_alone_sentence
from winloss.store.delta import Store

ROSTER = "Kürzel,Ploeg,Seller Profile\nAnn Lee,East,Challenger\n"
EXPORT = "Opportunity ID,Owner,Stage,Amount,Close Date,Created Date\nA1,Ann Lee,Closed Won,1000,2026-03-05,2026-01-02\n"
ALONE = ", in an ingest of the roster alone: given with exports, --map maps the exports)"


def _files(tmp_path, roster: str = ROSTER):
    team, week = tmp_path / "team.csv", tmp_path / "week.csv"
    team.write_text(roster, encoding="utf-8")
    week.write_text(EXPORT, encoding="utf-8")
    return str(team), str(week)


def test_a_roster_refused_beside_an_export_names_its_own_way_to_map_its_rep(tmp_path, capsys):
    team, week = _files(tmp_path)
    store = str(tmp_path / "store")
    assert main(["ingest", "--roster", team, week, "--store", store]) == 1
    err = capsys.readouterr().err
    (said,) = [line for line in err.splitlines() if line.startswith(f"{team}: This rep roster has no column")]
    assert f'(on the command line: --roster "{team}" --map rep="Column name", or --roster "{team}" --map first_name=' in said
    assert said.endswith(ALONE + ".")
    assert '(on the command line: --map rep=' not in err
    # The advice followed: the roster is stored, its rep read from the column chosen.
    assert main(["ingest", "--roster", team, "--map", "rep=Kürzel", "--store", store]) == 0
    assert Store(store).roster().collect().get_column("rep").to_list() == ["Ann Lee"]


def test_a_rosters_unused_columns_beside_an_export_name_its_own_way(tmp_path, capsys):
    team, week = _files(tmp_path, "Rep,Ploeg,Seller Profile\nAnn Lee,East,Challenger\n")
    assert main(["ingest", "--roster", team, week, "--store", str(tmp_path / "store"), "--json"]) == 0
    roster_report = json.loads(capsys.readouterr().out)["files"][0]
    assert roster_report["unused_sentence"] == (
        f"Not used: 'Ploeg'. If it holds a field, map it (on the command line: --roster \"{team}\" --map FIELD=COLUMN{ALONE}."
    )


def test_a_roster_found_among_the_paths_is_told_the_same(tmp_path, capsys):
    """A roster given as a PATH (its kind found by its headers) is mapped by --map only as an export is."""
    team, week = _files(tmp_path, "Rep,Ploeg,Seller Profile,Team\nAnn Lee,x,Challenger,East\n")
    assert main(["ingest", week, team, "--store", str(tmp_path / "store"), "--json"]) == 0
    roster_report = json.loads(capsys.readouterr().out)["files"][1]
    assert roster_report["kind"] == "roster"
    assert f'--roster "{team}" --map FIELD=COLUMN{ALONE}' in roster_report["unused_sentence"]


def test_a_roster_alone_is_still_told_map(tmp_path, capsys):
    team, _ = _files(tmp_path)
    assert main(["ingest", "--roster", team, "--store", str(tmp_path / "store")]) == 1
    err = capsys.readouterr().err
    assert '(on the command line: --map rep="Column name", or --map first_name="Column name" --map last_name="Column name").' in err
    assert "--roster" not in err


def test_only_the_map_hints_are_reworded_and_the_path_is_quoted_for_a_shell():
    sentence = "Map it (on the command line: --map FIELD=COLUMN). Choose one (on the command line: --currency EUR)."
    assert roster_alone_sentence(sentence, 'my "team".csv') == (
        'Map it (on the command line: --roster "my \\"team\\".csv" --map FIELD=COLUMN' + ALONE
        + ". Choose one (on the command line: --currency EUR)."
    )

