"""A loss reason the store keeps lost though its no-decision list reads it (NoDecisionVocabulary.excepted) moves
no decision ÷ losses: the Overview and the No decision page say so where they define the share, with the deals
in range and the share they would give counted as no decision, not only the Data page that set it."""

from __future__ import annotations

import datetime as dt

import polars as pl

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS, NoDecisionVocabulary
from winloss.deals import deals
from winloss.filters import Filters
from winloss.ingest.pipeline import commit, prepare
from winloss.measures.no_decision import kept_lost_reasons
from winloss.store.delta import Store
from winloss.text import kept_lost_sentence
from winloss.views import no_decision as no_decision_view
from winloss.views import overview as overview_view

KEPT = "No decision / status quo"
VOCABULARY = NoDecisionVocabulary(DEFAULT_NO_DECISION_REASONS, [KEPT])
START, END = dt.date(2026, 5, 1), dt.date(2026, 5, 31)


def export() -> bytes:
    """In May: 10 lost "No Decision" (no decision), 7 "No decision / status quo" and 1 spelt "no decision /
    Status Quo" (kept lost: 8), 6 "Price" (lost) and 2 won; in June, 2 more "No decision / status quo", out of
    range. Losses in May: 24, no decision 10 (42%); the 8 kept lost counted as no decision: 18 of 24, 75%."""
    rows = ["Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount"]
    reasons = ["No Decision"] * 10 + [KEPT] * 7 + ["no decision / Status Quo"] + ["Price"] * 6
    rows += [f"L{i:02d},Ann,Closed Lost,{reason},2026-05-{i % 28 + 1:02d},100" for i, reason in enumerate(reasons)]
    rows += ["W1,Ann,Closed Won,,2026-05-10,100", "W2,Bo,Closed Won,,2026-05-11,100"]
    rows += [f"J{i},Bo,Closed Lost,{KEPT},2026-06-0{i + 1},100" for i in range(2)]
    return ("\n".join(rows) + "\n").encode()


def kept_store(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    commit(store, prepare(export(), "deals.csv", no_decision_reasons=VOCABULARY))
    store.save_no_decision_reasons(list(VOCABULARY), user="ops", excepted=VOCABULARY.excepted)
    return store


def test_the_reasons_kept_lost_are_counted_by_reason_spellings_as_one():
    groups = pl.DataFrame({"loss_reason": [KEPT, "no decision / Status Quo", "No Decision", "Price", None],
                           "deals": [7, 1, 2, 6, 3]})
    # "No Decision" in a lost group is not kept lost by the choice: only the excepted reason is named.
    assert kept_lost_reasons(groups, VOCABULARY) == ((KEPT, 8),)
    assert kept_lost_reasons(groups, list(DEFAULT_NO_DECISION_REASONS)) == ()  # nothing kept lost: nothing said
    # Anonymised, the reason is read as the real one it stands for and named as shown.
    shown = pl.DataFrame({"loss_reason": ["Reason 01"], "deals": [4]})
    assert kept_lost_reasons(shown, VOCABULARY, {"loss_reason": {"Reason 01": KEPT}}) == (("Reason 01", 4),)


def test_the_sentence_names_the_reasons_deals_and_the_share_they_would_give():
    assert kept_lost_sentence(((KEPT, 8),), 10, 24) == (
        "8 deals in range whose loss reason is 'No decision / status quo' count as lost, not as no decision: this "
        "store is set so in the No-decision reasons tab of the Data page. Counted as no decision, no decision ÷ "
        "losses would be 75%.")
    two = kept_lost_sentence((("Went *dark*", 5), ("Stalled", 1)), 2, 7, escape=lambda s: s.replace("*", r"\*"))
    assert two is not None
    assert two.startswith(r"6 deals in range whose loss reason is 'Went \*dark\*' (5 deals) or 'Stalled' (1 deal) count")
    assert two.endswith("would be n too small (n = 7).")  # withheld as every rate on a handful of deals
    assert kept_lost_sentence((), 10, 24) is None


def test_the_no_decision_page_and_the_overview_define_the_share_with_the_reasons_kept_lost(tmp_path):
    store = kept_store(tmp_path)
    frame = deals(store).lazy()
    filters = Filters()
    said = ("- **Kept as lost**: 8 deals in range whose loss reason is 'No decision / status quo' count as lost, "
            "not as no decision: this store is set so in the No-decision reasons tab of the Data page. Counted "
            "as no decision, no decision ÷ losses would be 75%.")
    figures = no_decision_view.no_decision(frame, filters, START, END, END, vocabulary=store.no_decision_reasons())
    assert figures.kept_lost == ((KEPT, 8),)  # the 2 of June are out of range
    captions = no_decision_view.captions(figures, START, filters.fy_start_month)
    assert said in captions.definitions.split("\n")
    assert "Kept as lost: 8 deals in range" in captions.reasons
    overview = overview_view.overview(frame, filters, START, END, as_of=END, vocabulary=store.no_decision_reasons())
    assert said in overview_view.captions(overview, filters).definitions.split("\n")
