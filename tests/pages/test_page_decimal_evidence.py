"""The Data page offers the decimal mark where the file's amounts rest on a clue or outrank one: a German
workbook's typed amounts beside number cells, and a ';' CSV of thousands."""

from __future__ import annotations

from tests.pages.test_page_data import MONEY, data_page, key_of, texts, upload


def _amounts_rule(at) -> str:
    (rule,) = [c for c in texts(at.caption).splitlines() if c.startswith("**Amounts:**")]
    return rule


def test_a_workbooks_typed_amounts_beside_number_cells_are_offered_the_mark(store):
    """The review's workbook said "Amounts use a decimal point (1,234.56), as '1234.5' shows", stored '45.000 €' as
    45.00 and offered no choice: the number cell 1234.5 had been taken for the file's mark."""
    content = (MONEY / "mixed_text_number_amounts_eur.xlsx").read_bytes()
    at = upload(data_page(), ("mixed_text_number_amounts_eur.xlsx", content))
    choice = at.selectbox(key=f"decimal_{key_of(content)}")
    assert choice.label == "Decimal mark of the amounts" and choice.value is None
    rule = _amounts_rule(at)
    assert "decimal comma" in rule and "Close Date '31.12.2025' on line 2" in rule and "'1234.5' shows" not in rule
    assert rule.endswith("If that is wrong, choose the decimal mark in Decimal mark of the amounts above.")
    choice.set_value(".").run()
    assert "Amounts use a decimal point (1,234.56), as chosen." in texts(at.caption)


def test_a_semicolon_files_thousands_name_the_delimiter_they_outrank(store):
    content = (MONEY / "semicolon_us_amounts.csv").read_bytes()
    at = upload(data_page(), ("semicolon_us_amounts.csv", content))
    assert at.selectbox(key=f"decimal_{key_of(content)}").label == "Decimal mark of the amounts"
    rule = _amounts_rule(at)
    assert "the comma groups thousands (1,234)" in rule and "';' delimiter points to a decimal comma" in rule
    assert rule.endswith("If that is wrong, choose the decimal mark in Decimal mark of the amounts above.")
