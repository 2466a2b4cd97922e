"""A converted amount's header in the spellings CRMs and people write it ("Amount in USD (converted)",
"Converted amount (USD)", "Betrag umgerechnet", "Est. Revenue (Base)") is mapped to the converted amount without
being mapped by hand, and never takes the plain amount's column, nor a column that is not an amount."""

from __future__ import annotations

from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from winloss.ingest.mapping import detect_mapping

from batch_sizes import both_ways
from store_contents import stored

HEAD = ["Opportunity ID", "Opportunity Owner", "Stage", "Close Date", "Amount", "Currency"]


@pytest.mark.parametrize("header", [
    "Amount in USD (converted)", "Converted amount (USD)", "Amount (converted)", "Betrag umgerechnet",
    "Amount in company currency", "Est. Revenue (Base)", "Converted Amount (EUR)", "Amount in EUR (converted)",
    "AmountConverted", "Amount (Base)", "Montant converti",
])  # fmt: skip
def test_a_converted_amount_header_is_mapped_beside_the_plain_amount(header):
    fields = detect_mapping([*HEAD, header]).fields
    assert fields["converted_amount"] == header
    assert fields["amount"] == "Amount"


@pytest.mark.parametrize("header", [
    "Amount (converted) Currency",  # the converted amount's currency
    "Expected Revenue (converted)",  # amount x probability: a weighted figure, not the deal's amount
    "Amount (USD)", "Amount in USD",  # an amount naming its currency, converted by no word
    "Amount converted to USD",  # a currency the money rules do not read from this header: mapped by hand
    "Conversion Rate", "Base Currency", "Probability (converted)",
])  # fmt: skip
def test_headers_that_are_not_a_converted_amount_are_not_mapped_as_one(header):
    fields = detect_mapping([*HEAD, header]).fields
    assert "converted_amount" not in fields
    assert fields["amount"] == "Amount"


def test_the_existing_presets_still_map_their_converted_amounts():
    assert detect_mapping(["Record ID", "Deal owner", "Deal Stage", "Close Date", "Amount", "Amount in company currency"]).fields[
        "converted_amount"] == "Amount in company currency"
    assert detect_mapping(["Opportunity ID", "Opportunity Owner", "Stage", "Close Date", "Amount", "Amount (converted)",
                           "Amount (converted) Currency"]).fields["converted_currency"] == "Amount (converted) Currency"


def test_converted_amounts_under_such_a_header_are_stored_whole_and_in_batches(tmp_path: Path):
    """"Amount in USD (converted)" was left unmapped: every deal was valued in its own currency's amount."""
    rows = [f"K-{n},Ana Lima,Closed Won,2026-03-0{n},{1000 * n},EUR,{1100 * n}" for n in range(1, 7)]
    path = tmp_path / "converted.csv"
    path.write_text("\n".join([",".join([*HEAD, '"Amount in USD (converted)"']), *rows]) + "\n")
    whole, batched, (whole_store, batched_store) = both_ways(path, tmp_path)
    batched.discard()
    for prepared in (whole, batched):
        assert prepared.mapping is not None and prepared.mapping.fields["converted_amount"] == "Amount in USD (converted)"
    deals = stored(whole_store)[0].sort("opportunity_id")
    assert deals.select("amount", "currency", "converted_amount", "converted_currency").rows()[0] == (1000.0, "EUR", 1100.0, "USD")
    assert_frame_equal(deals, stored(batched_store)[0].sort("opportunity_id"))
