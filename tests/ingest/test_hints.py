"""Sentences that ask the user to choose something name the command line's flag for the command
line and the Data page's own control on the page: one rule (winloss.ingest.hints), every sentence."""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

import pytest

from winloss import cli
from winloss.ingest.hints import (
    CURRENCIES_TAB,
    DOWNLOAD_CONTROLS,
    PAGE_CONTROLS,
    PAGE_RELATIVE_WORDS,
    RATES_COMMAND,
    VOCABULARY_TAB,
    command_line_hint,
    download_sentence,
    page_sentence,
)
from winloss.ingest.pipeline import prepare
from winloss.views import data_page

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
NO_REP = b"Opportunity ID,Stage,Amount,Close Date\nA-1,Closed Won,100,2025-03-01\n"
FLAG = re.compile(r"--[a-z]|command line")


def test_a_hint_names_a_flag_the_page_has_a_control_for():
    assert command_line_hint("--map", 'rep="Column name"') == ' (on the command line: --map rep="Column name")'
    assert command_line_hint("--sheet") == " (on the command line: --sheet)"
    with pytest.raises(ValueError, match="no control on the Data page"):
        command_line_hint("--store", "PATH")
    with pytest.raises(ValueError, match="parenthesis"):
        command_line_hint("--sheet", "NAME (the second)")


@pytest.mark.parametrize("flag", sorted(PAGE_CONTROLS))
def test_the_page_puts_its_own_control_where_the_command_line_names_a_flag(flag):
    sentence = f"Choose it{command_line_hint(flag, 'x=y, and ingest again')}. Then commit."
    assert page_sentence(sentence) == f"Choose it {PAGE_CONTROLS[flag]}. Then commit."
    assert page_sentence("A name (with brackets) stays as it is.") == "A name (with brackets) stays as it is."


def test_missing_columns_point_to_the_mapping_on_the_page_and_to_map_on_the_command_line():
    prepared = prepare(NO_REP, "deals.csv")
    assert prepared.rejected.endswith(' Choose the column (on the command line: --map rep="Column name").')
    shown = data_page.rejection(prepared)
    assert shown.endswith(" Choose the column in Column mapping above, under Column in your file.")
    assert not FLAG.search(shown)
    assert data_page.rejection(prepare(b"Opportunity ID,Rep,Stage,Close Date\nA,Ann,Closed Won,2025-03-01\n", "ok.csv")) is None


def test_an_unsettled_decimal_mark_points_to_the_pages_choice_in_notes_and_failures():
    prepared = prepare((FIXTURES / "money" / "unsettled.csv").read_bytes(), "unsettled.csv")
    asked = [n for n in prepared.notes if "--decimal-mark" in n]
    assert asked and asked[0].endswith("(on the command line: --decimal-mark point or comma, and ingest again).")
    assert any("--decimal-mark" in m for m in prepared.errors.get_column("message").to_list())
    notes = data_page.notes(prepared)
    assert len(notes) == len(prepared.notes) and not any(FLAG.search(n) for n in notes)
    assert any(n.endswith("Choose the decimal mark in Decimal mark of the amounts above.") for n in notes)
    messages = data_page.first_failures(prepared).get_column("message").to_list()
    assert messages and not any(FLAG.search(m) for m in messages)
    assert all(m.endswith("in Decimal mark of the amounts above.") for m in messages)


def test_a_workbook_read_from_another_sheet_points_to_the_sheet_choice(cover_sheet_workbook):
    prepared = prepare(cover_sheet_workbook.read_bytes(), "dynamics.xlsx")
    (note,) = [n for n in prepared.notes if "were read from sheet 'Data'." in n]
    assert note.endswith("To read another, choose it (on the command line: --sheet NAME).")
    assert page_sentence(note).endswith("To read another, choose it in Sheet above.")
    rejected = prepare(cover_sheet_workbook.read_bytes(), "dynamics.xlsx", sheet="Cover")
    assert "choose it (on the command line: --sheet NAME)." in (rejected.rejected or "")
    assert "choose it in Sheet above." in (data_page.rejection(rejected) or "")


def test_the_command_line_keeps_its_flag(tmp_path, capsys):
    path = tmp_path / "deals.csv"
    path.write_bytes(NO_REP)
    assert cli.main(["ingest", str(path), "--store", str(tmp_path / "store")]) == 1
    assert '(on the command line: --map rep="Column name")' in capsys.readouterr().err


def test_only_the_hints_module_writes_the_command_line_words():
    """One rule in one place: a sentence that writes its own "(on the command line: ...)" is shown
    on the page with the flag, which means nothing there."""
    writers = [
        str(path.relative_to(ROOT))
        for folder in ("winloss", "app_pages", "ui", "data_models")
        for path in (ROOT / folder).rglob("*.py")
        if "on the command line:" in path.read_text(encoding="utf-8")
    ]
    assert writers == ["winloss/ingest/hints.py"]


# A stage no rule places, spelt with what a shell or the hint's own parenthesis would misread.
UNKNOWN_STAGES = (
    "Opportunity ID,Rep,Stage,Close Date\n"
    "S-1,Ann,Closed Won,2025-03-01\n"
    'S-2,Ann,"Verbal yes (CFO) ""signed""",2025-03-02\n'
    "S-3,Ann,Verbal yes,2025-03-03\n"
).encode()


def test_a_stage_no_rule_places_points_to_the_stage_editor_on_the_page_and_to_stage_on_the_command_line(tmp_path):
    prepared = prepare(UNKNOWN_STAGES, "deals.csv")
    stored = dict(prepared.errors.select("line", "message").iter_rows())
    assert stored[4].endswith(
        "choose what it counts as (on the command line: --stage \"Verbal yes=won\" or lost, no_decision, open, and ingest again)."
    )
    assert '--stage "Verbal yes (CFO) \\"signed\\"=won" or lost' in stored[3]
    shown = dict(data_page.first_failures(prepared).select("line", "message").iter_rows())
    assert shown[4] == "Stage 'Verbal yes' matches no stage rule, so it is not counted as open, won or lost: choose what it counts as in Stage outcomes above, under Count as."
    assert shown[3].endswith("matches no stage rule, so it is not counted as open, won or lost: choose what it counts as in Stage outcomes above, under Count as.")
    downloaded = data_page.quarantine_csv(prepared).decode("utf-8-sig")
    assert downloaded.count("on the Data page, in Stage outcomes, under Count as") == 2
    assert not any(FLAG.search(m) or "no_decision" in m for m in [*shown.values(), downloaded])
    # The command line's quarantine file keeps --stage, as typed there.
    path = tmp_path / "deals.csv"
    path.write_bytes(UNKNOWN_STAGES)
    cli.main(["ingest", str(path), "--store", str(tmp_path / "store")])
    (quarantine,) = tmp_path.rglob("*quarantine*.csv")
    assert quarantine.read_text(encoding="utf-8-sig").count('--stage "') == 2


# ---------------------------------------------------------------------------------------------
# A sentence read away from the page (a downloaded file, the command line) stands on its own


@pytest.mark.parametrize("flag", sorted(PAGE_CONTROLS))
def test_a_downloaded_reason_names_the_pages_control_without_placing_it_by_the_page(flag):
    """The quarantine download said "choose what it counts as in Stage outcomes above, under Count
    as": there is no "above" in a spreadsheet. It names the page and the control instead."""
    sentence = f"Choose it{command_line_hint(flag, 'x=y, and ingest again')}."
    said = download_sentence(sentence)
    assert said == f"Choose it {DOWNLOAD_CONTROLS[flag]}." and said.startswith("Choose it on the Data page, in ")
    assert not PAGE_RELATIVE_WORDS.search(said) and not FLAG.search(said)
    # On the page itself, "above" points at a control drawn above the sentence; a tab beside the Upload tab is
    # placed by where it is instead.
    on_page = page_sentence(sentence)
    if tab := next((t for t in (VOCABULARY_TAB, CURRENCIES_TAB) if t in on_page), None):
        assert on_page.startswith(f"Choose it in {tab} at the top of the page") and "above" not in on_page
        assert "Data page" not in on_page  # the page does not name itself
    else:
        assert PAGE_RELATIVE_WORDS.search(on_page)


def test_every_reason_in_the_pages_quarantine_download_stands_on_its_own():
    """A stage no rule places and an amount whose decimal mark is unsettled: each reason in the file
    the page gives to download names the Data page, never "above"."""
    stages = prepare(b"Opportunity ID,Rep,Stage,Close Date\nA,Ann,Closed Won,2025-03-01\nB,Ann,Verbal Commit,2025-03-01\n", "s.csv")
    money = prepare((FIXTURES / "money" / "unsettled.csv").read_bytes(), "unsettled.csv")
    reasons = []
    for prepared in (stages, money):
        rows = list(csv.DictReader(io.StringIO(data_page.quarantine_csv(prepared).decode("utf-8-sig"))))
        assert rows, prepared.file_name
        reasons += [row["Why it was not stored"] for row in rows]
    assert any(r.endswith("on the Data page, in Stage outcomes, under Count as.") for r in reasons), reasons
    assert any("on the Data page, in Decimal mark of the amounts" in r for r in reasons), reasons
    assert not [r for r in reasons if PAGE_RELATIVE_WORDS.search(r) or FLAG.search(r)]


def _sentences(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module (f-strings' text parts too), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_sentence_the_ingest_or_the_store_writes_places_a_thing_by_the_page():
    """What the ingest and the store write (a row's reason, a note, a rejection) is stored, printed by
    the command line and downloaded: none may say "above", "below", "this page" or "click". Only the
    hints module places the page's controls, for the page (page_sentence)."""
    modules = [p for folder in ("ingest", "io", "store") for p in sorted((ROOT / "winloss" / folder).rglob("*.py"))]
    assert len(modules) > 20
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in modules if path.name != "hints.py"
        for line, text in _sentences(path) if PAGE_RELATIVE_WORDS.search(text)
    ]
    assert not found


@pytest.mark.parametrize(("flag", "tab"), [("--no-decision-reason", VOCABULARY_TAB),
                                         (f"{RATES_COMMAND} --reporting", CURRENCIES_TAB)])
def test_a_tab_beside_the_upload_tab_is_placed_where_it_is_not_above_the_file_report(flag, tab):
    """The file report is in the Upload tab: "in the No-decision reasons tab above" sent the reader up the report,
    where no such tab is. The page names it at the top of the page, and not by the page's own name ("at the top of
    the Data page", read on the Data page); the command line gives the option."""
    sentence = f"Do it{command_line_hint(flag, 'x')}."
    said = page_sentence(sentence)
    assert said.startswith(f"Do it in {tab} at the top of the page")
    assert not PAGE_RELATIVE_WORDS.search(said) and "Data page" not in said and not FLAG.search(said)
    assert f"(on the command line: {flag} x)" in sentence


def test_the_reporting_currency_is_the_currencies_tab_on_the_page_and_the_rates_command_on_the_command_line():
    """The file that names no currency said "change the store's reporting currency (the Data page's Currencies tab,
    or winloss rates --reporting EUR)" on the Data page and the command line alike: a command on a web page, and the
    page's own name on itself. One hint now: each surface is given its own words."""
    from winloss.ingest.money import no_currency_rule

    rule = no_currency_rule("USD")
    assert rule.endswith("change the store's reporting currency (on the command line: python -m winloss rates "
                         "--reporting EUR).")
    shown = page_sentence(rule)
    assert shown.endswith("change the store's reporting currency in the Currencies tab at the top of the page, under "
                          "Reporting currency.")
    assert not FLAG.search(shown) and "winloss" not in shown and "Data page" not in shown
    assert download_sentence(rule).endswith("on the Data page, in the Currencies tab, under Reporting currency.")
