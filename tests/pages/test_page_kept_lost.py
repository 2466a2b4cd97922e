"""The Overview's and the No decision page's Definitions say which loss reasons the store keeps lost though its
no-decision list reads them, with their deals in range: the share moved (75% to 42% here) with no word why."""

from __future__ import annotations

import app_driver
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS, NoDecisionVocabulary
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

KEPT = "No decision / status quo"
# In May 2026: 10 lost "No Decision" (no decision), 8 "No decision / status quo" (kept lost), 6 "Price", 2 won.
ROWS = ["Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount"]
ROWS += [f"L{i:02d},Ann,Closed Lost,{reason},2026-05-{i % 28 + 1:02d},100"
         for i, reason in enumerate(["No Decision"] * 10 + [KEPT] * 8 + ["Price"] * 6)]
ROWS += ["W1,Ann,Closed Won,,2026-05-10,100", "W2,Bo,Closed Won,,2026-05-11,100"]
SAID = ("8 deals in range whose loss reason is 'No decision / status quo' count as lost, not as no decision: this "
        "store is set so in the No-decision reasons tab of the Data page. Counted as no decision, no decision ÷ "
        "losses would be 75%.")


@pytest.mark.parametrize("page", ["overview", "no_decision"])
def test_the_definitions_name_the_reason_kept_lost(store: Store, page: str):
    vocabulary = NoDecisionVocabulary(DEFAULT_NO_DECISION_REASONS, [KEPT])
    commit(store, prepare(("\n".join(ROWS) + "\n").encode(), "deals.csv", no_decision_reasons=vocabulary))
    store.save_no_decision_reasons(list(vocabulary), user="ops", excepted=vocabulary.excepted)
    at = app_driver.opened(page, period="custom", **{"from": "2026-05-01", "to": "2026-05-31"})
    assert not at.exception, [e.value for e in at.exception]
    (box,) = [e for e in at.expander if e.label == "Definitions"]
    written = "\n".join(m.value for m in box.markdown)
    assert f"- **Kept as lost**: {SAID}" in written.split("\n")
