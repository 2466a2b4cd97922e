"""Stage and reason words a French or Japanese CRM writes that the rules did not read: the French "sans suite"
(a deal shelved, the buyer having decided nothing) was counted lost, in a stage ("Perdu - sans suite") and as a
loss reason; the Japanese won, lost-to-a-competitor and canceled words left a Status Reason unplaced."""

from __future__ import annotations

import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.ingest import outcomes
from winloss.ingest.pipeline import prepare

VOCABULARY = outcomes.folded_vocabulary(DEFAULT_NO_DECISION_REASONS)


@pytest.mark.parametrize(("stage", "outcome"), [
    # "Sans suite" beside a lost word is no decision, as "Closed Lost - No Decision" is (the one rule).
    ("Perdu - sans suite", "no_decision"),
    ("Perdue (classée sans suite)", "no_decision"),
    ("Closed Lost - No Decision", "no_decision"),
    ("Sans suite", "no_decision"),
    # Beside an open word it says nothing sure: asked about, as "Negotiation - no decision yet" is.
    ("En cours - sans suite", None),
    ("Perdu", "lost"),
    # Japanese: won, lost to another company, canceled (no decision, as Dynamics' "Canceled" is), in progress.
    ("獲得", "won"),
    ("他社に敗北", "lost"),
    ("キャンセル済み", "no_decision"),
    ("キャンセル", "no_decision"),
    ("進行中", "open"),
])
def test_stage_words(stage, outcome):
    assert outcomes.stage_placement(stage, VOCABULARY, {})[0] == outcome


def test_a_lost_deal_whose_reason_is_sans_suite_is_no_decision():
    data = (
        "Opportunity ID,Owner,Stage,Close Date,Amount,Loss Reason\n"
        "o1,Claire Martin,Perdu,2026-10-03,100,Sans suite\n"
        "o2,Claire Martin,Perdu,2026-10-04,100,Classé sans suite\n"
        "o3,Claire Martin,Perdu,2026-10-05,100,Prix\n"
        "o4,Claire Martin,Perdu - sans suite,2026-10-06,100,\n"
    ).encode()
    accepted = prepare(data, "fr.csv").accepted
    assert dict(accepted.select("opportunity_id", "outcome").iter_rows()) == {
        "o1": "no_decision", "o2": "no_decision", "o3": "lost", "o4": "no_decision",
    }
