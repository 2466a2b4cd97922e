"""A deal written more than once with the same deal fields, in a file without a product column (or whose
rows name one product), is one deal repeated, not its product lines.

A Salesforce export holding one record under its 15-character id on one row and its 18-character id on
another was reported as "2 rows are product lines of 1 deal ...: ... its products listed together", though
the file has no product column. It is still stored once, its amount counted once; the report now says the
deal appears twice, naming the ids as written, whole-file and in batches alike.
"""

from __future__ import annotations

import polars as pl
import pytest

from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.store.delta import Store

SALESFORCE = (
    "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
    "0065g00000CkmT3,Chris Park,Negotiation/Review,3500,2026-12-25\n"
    "0065g00000AbCdEAAV,Dana Whitfield,Closed Won,1000,2026-05-04\n"
    "0065g00000XyZzZAAV,Dana Whitfield,Closed Lost,2000,2026-05-04\n"
    "0065g00000CkmT3AAJ,Chris Park,Negotiation/Review,3500,2026-12-25\n"
)
SAID = ("1 deal appears twice with the same deal fields (0065g00000CkmT3 and 0065g00000CkmT3AAJ are one record, "
        "its 15- and 18-character Salesforce IDs): it is stored once, its amount counted once.")


def _prepared(tmp_path, text: str, batch_rows: int | None):
    path = tmp_path / "opps.csv"
    path.write_text(text)
    return prepare(text.encode(), "opps.csv") if batch_rows is None else prepare_path(path, batch_rows=batch_rows)


@pytest.mark.parametrize("batch_rows", [None, 2])
def test_one_record_under_its_15_and_18_character_ids_is_said_to_repeat_not_to_be_product_lines(tmp_path, batch_rows):
    with _prepared(tmp_path, SALESFORCE, batch_rows) as prepared:
        assert SAID in prepared.notes
        assert not [n for n in prepared.notes if "product" in n]
        assert (prepared.rows_read, prepared.rows_accepted, prepared.deals_accepted) == (4, 4, 3)
        store = Store(tmp_path / f"store{batch_rows}")
        change = commit(store, prepared).change
    assert change is not None and change.inserted == 3  # stored once, its amount counted once
    deals = store.opportunities().collect()
    assert deals.filter(pl.col("opportunity_id") == "0065g00000CkmT3AAJ").get_column("amount").to_list() == [3500.0]


@pytest.mark.parametrize("batch_rows", [None, 2])
def test_rows_naming_one_product_repeat_the_deal_and_other_products_are_its_lines(tmp_path, batch_rows):
    text = (
        "Opportunity ID,Sales Rep,Stage,Amount,Close Date,Product\n"
        "D-1,Ann,Closed Won,100,2026-01-10,Core\n"
        "P-1,Ann,Proposal,900,2026-03-10,Core\n"
        "D-1,Ann,Closed Won,100,2026-01-10,Core\n"  # the same deal and product again
        "P-1,Ann,Proposal,900,2026-03-10,Add-on\n"  # another product of P-1: a product line
        "E-1,Bea,Closed Lost,50,2026-01-10,\n"
        "E-1,Bea,Closed Lost,50,2026-01-10,\n"  # no product on either row
    )
    with _prepared(tmp_path, text, batch_rows) as prepared:
        said = [n for n in prepared.notes if "product" in n or "appear" in n]
        assert said == [
            "2 rows are product lines of 1 deal (the same ID with the same deal fields): each deal is stored once, its "
            "amount counted once and its products listed together. 2 deals appear more than once with the same deal "
            "fields (4 rows; D-1 on lines 2 and 4; E-1 on lines 6 and 7): each is stored once, its amount counted once."
        ]
        assert prepared.deals_accepted == 3


# A deal's product lines whose amounts are the lines' prices: not folded (which amount is the deal's cannot be
# told), and the reason said only "each deal must appear once per file", never what to do.
PRODUCT_LINES = (
    "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Product Name\n"
    "006Dup0000000001AAA,Tom Becker,Closed Won,10000,2026-11-02,Licences\n"
    "006Dup0000000002AAA,Tom Becker,Closed Lost,500,2026-11-03,\n"
    "006Dup0000000001AAA,Tom Becker,Closed Won,4000,2026-11-02,Services\n"
    "006Dup0000000003AAA,Tom Becker,Closed Won,700,2026-11-04,\n"
    "006Dup0000000003AAA,Tom Becker,Closed Lost,700,2026-11-04,\n"
)


def _reasons(prepared, line: int) -> list[str]:
    return prepared.quarantine.filter(pl.col("line") == line).get_column("reason").to_list()


@pytest.mark.parametrize("batch_rows", [None, 2])
def test_a_repeated_id_says_what_to_do(tmp_path, batch_rows):
    with _prepared(tmp_path, PRODUCT_LINES, batch_rows) as prepared:
        assert (prepared.rows_read, prepared.rows_accepted) == (5, 1)
        lines = _reasons(prepared, 2) + _reasons(prepared, 4)
        assert lines == [
            "Opportunity ID '006Dup0000000001AAA' appears on lines 2, 4 with a product each ('Licences' and 'Services') "
            "but a different Amount: they are not one deal's product lines, so none of those rows is stored; export the "
            "opportunities report without products (one row per opportunity) and upload that."
        ] * 2
        assert _reasons(prepared, 5) == [
            "Opportunity ID '006Dup0000000003AAA' appears on lines 5, 6, which differ in Stage: a deal is one row, so "
            "none of those rows is stored; keep the row that is right, delete the other and upload the file again."
        ]
