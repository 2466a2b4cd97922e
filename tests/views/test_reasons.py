"""The no-decision vocabulary editor's engine: what each reason covers and what a change does."""

import polars as pl

from winloss.views.reasons import proposed_vocabulary, reason_coverage, vocabulary_effect

DEALS = pl.DataFrame(
    {
        "stage": ["Closed Lost", "Closed Lost", "Closed Lost", "Closed Lost", "Closed Won", "Canceled", "Proposal"],
        "loss_reason": ["No Decision", "Price", "Went quiet", "went  quiet", None, None, "Went quiet"],
    }
)


def test_coverage_lists_the_vocabulary_and_every_loss_reason_once_with_its_deals():
    coverage = reason_coverage(DEALS, ["No Decision", "Canceled", "Status Quo"])
    rows = {r["reason"]: (r["deals"], r["no_decision"]) for r in coverage.iter_rows(named=True)}
    assert rows == {
        "No Decision": (1, True),
        "Canceled": (1, True),  # the Dynamics status itself, not a loss reason
        "Status Quo": (0, True),
        "Price": (1, False),
        "Went quiet": (2, False),  # spellings fold together; the open deal's reason does not count
    }
    assert coverage.get_column("reason").to_list() == ["Went quiet", "Canceled", "No Decision", "Price", "Status Quo"]


def test_effect_of_adding_a_reason_on_the_no_decision_share_of_losses():
    effect = vocabulary_effect(DEALS, ["No Decision", "Canceled"], ["No Decision", "Canceled", "Went quiet"])
    assert (effect.lost_before, effect.no_decision_before) == (3, 2)
    assert (effect.lost_after, effect.no_decision_after) == (1, 4)
    assert effect.changed == 2
    assert effect.share_before == 2 / 5
    assert effect.share_after == 4 / 5


def test_no_effect_and_no_share_without_losses():
    effect = vocabulary_effect(pl.DataFrame({"stage": ["Closed Won"], "loss_reason": [None]}, schema={"stage": pl.String, "loss_reason": pl.String}), ["No Decision"], [])
    assert effect.changed == 0
    assert effect.share_before is None and effect.share_after is None


def test_proposed_vocabulary_is_the_ticked_reasons_once_each():
    edited = pl.DataFrame(
        {"reason": ["No Decision", "no decision", "Price", None, "  ", "Went quiet"],
         "deals": [1, 0, 1, None, None, 2], "no_decision": [True, True, False, True, True, None]}
    )
    assert proposed_vocabulary(edited) == ["No Decision"]


def test_a_stored_status_decides_what_the_vocabulary_covers_over_the_pipeline_stage():
    """Pipedrive deals lost at 'Qualified' (an open stage by its words): the stored status says lost,
    so their loss reasons are losses the vocabulary can cover, not reasons of open deals."""
    stored = pl.DataFrame(
        {
            "stage": ["Qualified", "Qualified", "Proposal Made"],
            "loss_reason": ["Went dark", "Went dark", "Went dark"],
            "outcome": ["lost", "lost", "open"],
            "status_outcome": ["lost", "lost", "open"],
        }
    )
    coverage = {r["reason"]: r["deals"] for r in reason_coverage(stored, ["No Decision"]).iter_rows(named=True)}
    assert coverage["Went dark"] == 2
    effect = vocabulary_effect(stored, ["No Decision"], ["No Decision", "Went dark"])
    assert (effect.lost_before, effect.no_decision_before, effect.lost_after, effect.no_decision_after) == (2, 0, 0, 2)


QUALIFIED = pl.DataFrame(
    {
        "stage": ["Closed Lost"] * 6 + ["Closed Won"],
        "loss_reason": ["No decision - status quo", "No decision - status quo", "No Decision", "Lost - no decision",
                        "Lost - no decision", "Price", None],
    }
)


def test_a_reason_qualifying_a_phrase_is_covered_by_the_phrase_and_a_near_miss_is_proposed_first_unticked():
    from winloss.views.reasons import vocabulary_notes

    coverage = reason_coverage(QUALIFIED, ["No Decision"])
    rows = {r["reason"]: (r["deals"], r["no_decision"], r["proposed"]) for r in coverage.iter_rows(named=True)}
    assert rows == {
        "No Decision": (3, True, None),  # its own deal and the two "No decision - status quo"
        "Lost - no decision": (2, False, "holds 'no decision' after the start"),
        "Price": (1, False, None),
    }
    assert coverage.get_column("reason").to_list()[0] == "Lost - no decision"
    notes = vocabulary_notes(QUALIFIED, ["No Decision"])
    assert notes == [
        "'No decision - status quo' (2 deals) is counted as no decision: it starts with 'No decision' from the "
        "no-decision vocabulary followed by ' - '.",
        "2 stored deals are still counted as lost until you tick the reason below: 'Lost - no decision' (2 deals). "
        "Each holds a no-decision phrase no rule decides (after the start, before a competitor, or going on with no separator): proposed first in "
        "the list, not ticked.",
    ]
    effect = vocabulary_effect(QUALIFIED, ["No Decision"], ["No Decision", "Lost - no decision"])
    assert (effect.no_decision_before, effect.no_decision_after, effect.changed) == (3, 5, 2)


def test_a_no_decision_phrase_before_a_competitor_is_asked_about_not_counted():
    """"No decision - went with competitor" says both: it stays lost and is proposed, unticked, with
    why; ticked, it is no decision. It counted as no decision by the phrase-then-separator rule."""
    deals = pl.DataFrame({
        "stage": ["Closed Lost"] * 4,
        "loss_reason": ["No decision - went with competitor", "No decision - went with competitor",
                        "No decision - status quo", "Price"],
    })
    rows = {r["reason"]: (r["deals"], r["no_decision"], r["proposed"]) for r in reason_coverage(deals, ["No Decision"]).iter_rows(named=True)}
    assert rows["No decision - went with competitor"] == (2, False, "names a competitor after 'No decision'")
    assert rows["No Decision"] == (1, True, None)  # "No decision - status quo" alone
    effect = vocabulary_effect(deals, ["No Decision"], ["No Decision", "No decision - went with competitor"])
    assert (effect.no_decision_before, effect.no_decision_after) == (1, 3)


def test_a_row_covering_other_reasons_than_its_own_words_names_each_as_written_with_its_deals():
    """"No Decision" reads "No decision / status quo" by its start: the row's count holds both, so the row
    says which reasons, as the deals write them, make it up; a spelling the fold reads as the same words is
    named as written too."""
    stored = pl.DataFrame({
        "stage": ["Closed Lost"] * 9 + ["Canceled"],
        "loss_reason": ["No Decision"] * 3 + ["No decision / status quo"] * 2 + ["no decision"] + ["Went dark"] * 2
                       + ["Price", None],
    })
    rows = {r["reason"]: (r["deals"], r["written"])
            for r in reason_coverage(stored, ["No Decision", "Went Dark", "Canceled"]).iter_rows(named=True)}
    assert rows["No Decision"] == (6, "'No Decision' (3), 'No decision / status quo' (2), 'no decision' (1)")
    assert rows["Went Dark"] == (2, "'Went dark' (2)")
    assert rows["Canceled"] == (1, "1 with no loss reason")  # a status made it so, no loss reason
    assert rows["Price"] == (1, "'Price' (1)")
