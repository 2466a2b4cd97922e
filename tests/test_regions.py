"""A deal's own Region places it over its rep's roster region: a rule no page, README or report named, while
a review found 154 of 520 losses in a region other than their rep's. Counted once per store version and said
under the Region filter, under the region chart and in the command line's report."""

from __future__ import annotations

import json

import pytest
from command_line import run

from winloss import regions
from winloss.deals import deals
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

ROSTER = "Rep,Seller Profile,Team,Region\nAnn Lee,Challenger,East,APAC\nBo Ray,Hard Worker,East,EMEA\nCy Dee,Lone Wolf,West,\n"


def _export() -> str:
    """Ann (roster APAC): 12 deals marked EMEA, 10 APAC, 8 with no Region. Bo (roster EMEA): 30 with no Region.
    Cy (no roster region): 5 marked APAC. Half of each rep's deals lost."""
    rows = []
    plan = [("Ann Lee", "EMEA", 12), ("Ann Lee", "APAC", 10), ("Ann Lee", "", 8), ("Bo Ray", "", 30), ("Cy Dee", "APAC", 5)]
    number = 0
    for rep, region, deals_of in plan:
        for i in range(deals_of):
            number += 1
            stage = "Closed Won" if i % 2 else "Closed Lost"
            rows.append(f"D{number:03d},{rep},{region},{stage},Price,2026-05-01,2026-06-{1 + i % 28:02d},1000")
    return "Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount\n" + "\n".join(rows) + "\n"


def _stored(store: Store) -> Store:
    for content, name in ((ROSTER, "team.csv"), (_export(), "deals.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rows_quarantined == 0, name
        commit(store, prepared)
    return store


SENTENCE = "12 deals' own Region differs from their rep's roster region; deals are placed by their own Region."


def test_the_deals_whose_own_region_differs_from_the_rosters_are_counted_once_per_version(tmp_path, monkeypatch):
    store = _stored(Store(tmp_path / "store"))
    placed = dict(deals(store).group_by("region").len().iter_rows())
    assert placed == {"EMEA": 42, "APAC": 23}  # the rule itself: Ann's 12 in EMEA, her 8 blank ones in APAC
    assert regions.region_differences(store) == 12  # Cy has no roster region: nothing to differ from
    assert regions.region_rule_sentence(12) == SENTENCE
    assert regions.region_rule_sentence(1) == (
        "1 deal's own Region differs from its rep's roster region; deals are placed by their own Region.")
    assert regions.region_rule_sentence(0) is None
    # Kept beside the store for its version: read again, not counted again.
    monkeypatch.setattr(regions, "differing_regions", lambda *a: pytest.fail("counted again"))
    assert regions.region_differences(store) == 12


def test_the_command_lines_report_says_the_rule(tmp_path):
    _stored(Store(tmp_path / "store"))
    printed = run("report", "--by", "region", "--store", str(tmp_path / "store"), cwd=tmp_path).stdout
    assert SENTENCE in printed
    as_json = json.loads(run("report", "--json", "--store", str(tmp_path / "store"), cwd=tmp_path).stdout)
    assert as_json["regions"] == {"deals": 12, "sentence": SENTENCE}
