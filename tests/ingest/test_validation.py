"""The one-query pre-check says a frame is clean exactly when Pandera finds nothing wrong with it."""

from pathlib import Path

import pandera.errors
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_models.schemas import OpportunityModel, OpportunityRowsModel, RosterModel
from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.ingest.mapping import detect_mapping
from winloss.ingest.normalise import normalised_opportunities, normalised_roster
from winloss.ingest.validation import every_row_passes, failing_part, grouped_errors, validated
from winloss.io.readers import read_table

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HEADER = '"Opportunity Owner","Account Name","Stage","Amount","Probability (%)","Created Date","Close Date","Opportunity ID"'
ROWS = [
    '"Ann Lee","Acme","Closed Won","USD 485,000.00","100","01/15/2025","03/20/2025","0065g00000AAAAAAA1"',
    '"Bo Chen","Beta","Closed Lost","USD 12,000.00","0","02/01/2025","04/02/2025","0065g00000BBBBBAA2"',
    '"Bo Chen","Gamma","Closed Lost","USD 9,500.50","0","02/03/2025","04/28/2025","0065g00000CCCCCAA3"',
    '"Ann Lee","Delta","Prospecting","-","10","10/01/2025","12/31/2025","0065g00000DDDDDAA4"',
    '"Cy Dunn","Echo","Negotiation","USD 70,000.00","60","03/01/2025","","0065g00000EEEEEAA5"',
]


def _pandera_passes(model, frame: pl.DataFrame) -> bool:
    return _failure_cases(model, frame) is None


def _opportunities() -> tuple[pl.DataFrame, pl.DataFrame, object]:
    table = read_table("\r\n".join([HEADER, *ROWS]).encode(), "deals.csv")
    mapping = detect_mapping(table.columns, frame=table.frame)
    return normalised_opportunities(table.frame, mapping, DEFAULT_NO_DECISION_REASONS).frame, table.frame, mapping


# One bad value per change: (column, value) written into one row, each breaking one of the model's checks.
BREAKS = [
    ("opportunity_id", None),  # a required value blank
    ("rep", None),
    ("stage", None),
    ("outcome", None),  # a deleted deal, or a stage no rule places
    ("outcome", "maybe"),  # not an outcome
    ("amount", -5.0),  # negative
    ("amount", None),  # its text did not parse (the raw text stays)
    ("probability", 150.0),  # outside 0-100
    ("probability", float("nan")),
    ("close_date", None),  # a closed deal without a close date, or a date that did not parse
    ("created_date", pl.date(1850, 1, 1)),  # outside the accepted years
    ("created_date", pl.date(2025, 12, 1)),  # after the close date
    ("opportunity_id", "0065g00000AAAAAAA1"),  # a repeated id (the full model only)
    ("__amount_unsettled", True),
    ("__currency_problem", "unknown"),
]


def _broken(changes: list[tuple[int, int]]) -> pl.DataFrame:
    """The clean frame with each (BREAKS index, row) change made: that break's value in that row."""
    frame, _, _ = _opportunities()
    for which, row in changes:
        column, value = BREAKS[which]
        value = value if isinstance(value, pl.Expr) else pl.lit(value, frame.schema[column])
        frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == row).then(value).otherwise(pl.col(column)).alias(column))
    return frame


def test_a_clean_frame_passes_without_pandera():
    frame, _, _ = _opportunities()
    for model in (OpportunityModel, OpportunityRowsModel):
        assert _pandera_passes(model, frame)
        assert every_row_passes(model, frame)


@given(st.lists(st.tuples(st.sampled_from(range(len(BREAKS))), st.sampled_from(range(len(ROWS)))), max_size=3))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_pre_check_agrees_with_pandera(changes):
    frame = _broken(changes)
    for model in (OpportunityModel, OpportunityRowsModel):
        assert every_row_passes(model, frame) == _pandera_passes(model, frame)


@pytest.mark.parametrize("which", range(len(BREAKS)))
def test_a_failing_row_is_reported_in_pandera_s_words(which):
    _, table, mapping = _opportunities()
    frame = _broken([(which, 1)])
    result = validated(frame, table, mapping)
    assert not every_row_passes(OpportunityModel, frame)
    assert result.errors.height and 3 in result.errors.get_column("line").to_list()  # line 3: the file's second row
    assert result.accepted.height == frame.height - result.rejected_lines.len()


def _failure_cases(schema, frame: pl.DataFrame) -> pl.DataFrame | None:
    """Pandera's failure cases of `frame`, less the check's number within its column (which a part of the
    schema numbers from its own first check); None when it finds none."""
    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return exc.failure_cases.drop("check_number")
    return None


@given(st.lists(st.tuples(st.sampled_from(range(len(BREAKS))), st.sampled_from(range(len(ROWS)))), max_size=4))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_pandera_on_the_failing_part_reports_what_the_whole_model_reports(changes):
    """The same failure cases, row for row and in the same order, as the whole model gives."""
    frame = _broken(changes)
    for model in (OpportunityModel, OpportunityRowsModel):
        part = failing_part(model, frame)
        assert part is not None
        whole, of_part = _failure_cases(model, frame), _failure_cases(part, frame)
        assert (whole is None) == (of_part is None)
        if whole is not None and of_part is not None:
            assert of_part.equals(whole)


def test_pandera_runs_only_the_checks_a_row_fails(monkeypatch):
    """A frame with one negative amount: Pandera is asked for that check alone, not the twenty the rows pass,
    and the row is still reported by it."""
    from pandera.backends.polars.base import PolarsSchemaBackend

    _, table, mapping = _opportunities()
    frame = _broken([(BREAKS.index(("amount", -5.0)), 1)])
    ran: list[str] = []
    run_check = PolarsSchemaBackend.run_check

    def counted(self, check_obj, schema, check, check_index, *args):
        ran.append(str(check))
        return run_check(self, check_obj, schema, check, check_index, *args)

    monkeypatch.setattr(PolarsSchemaBackend, "run_check", counted)
    result = validated(frame, table, mapping)
    assert ran == ["<Check greater_than_or_equal_to: greater_than_or_equal_to(0)>"]
    assert result.errors.get_column("line").to_list() == [3]
    assert result.errors.get_column("column").to_list() == ["Amount"]


def test_a_frame_of_another_type_is_left_to_pandera():
    frame, _, _ = _opportunities()
    assert not every_row_passes(OpportunityModel, frame.with_columns(pl.col("amount").cast(pl.String)))
    assert not every_row_passes(OpportunityModel, frame.drop("rep"))
    assert failing_part(OpportunityModel, frame.with_columns(pl.col("amount").cast(pl.String))) is None
    assert failing_part(OpportunityModel, frame.drop("rep")) is None


def test_a_roster_is_pre_checked_as_pandera_checks_it():
    table = read_table((FIXTURES / "workspace" / "roster.csv").read_bytes(), "roster.csv")
    mapping = detect_mapping(table.columns, frame=table.frame)
    frame = normalised_roster(table.frame, mapping).frame
    assert every_row_passes(RosterModel, frame) == _pandera_passes(RosterModel, frame)
    twice = pl.concat([frame, frame.head(1)])
    assert not every_row_passes(RosterModel, twice) and not _pandera_passes(RosterModel, twice)


def test_failures_grouped_by_check_give_examples_or_none() -> None:
    """A check whose rows have no value to show (a blank close date, a row not split) gives no examples
    (null, which the Data page's table shows as "—"), not an empty text."""
    errors = pl.DataFrame({
        "line": [3, 4, 5, 7], "column": ["Amount", "Amount", "Close Date", None],
        "value": ["EUR x", "EUR y", None, None],
        "check": ["amount", "amount", "closed without a date", "split"], "message": ["m"] * 4,
    })
    grouped = {r["check"]: r for r in grouped_errors(errors).iter_rows(named=True)}
    assert grouped["amount"]["examples"] == "EUR x, EUR y" and grouped["amount"]["rows"] == 2
    assert grouped["closed without a date"]["examples"] is None and grouped["split"]["examples"] is None


def test_a_blank_among_a_checks_values_is_an_example_too() -> None:
    """One check covers a blank currency and one that is no code: examples of the second alone would
    hide the first."""
    errors = pl.DataFrame({
        "line": [3, 4], "column": ["Currency", "Currency"], "value": ["XX", None],
        "check": ["Currency cannot be settled"] * 2, "message": ["m"] * 2,
    })
    assert grouped_errors(errors).get_column("examples").to_list() == ["XX, (blank)"]


EXCEL_ERRORS = (
    "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Region,Account Name\n"
    "E-1,#N/A,Closed Won,100,2024-03-01,EMEA,Acme\n"  # 2: a lookup that found no rep
    "E-2,Bob,Closed Won,100,2024-03-01,#DIV/0!,Acme\n"  # 3
    "E-3,Bob,Closed Won,100,2024-03-01,EMEA,#REF!\n"  # 4
    "E-4,Cat,Closed Won,100,2024-03-01,EMEA,#hashtag\n"  # 5: a name that starts with # is a name
    "E-5,Dan,#VALUE!,100,2024-03-01,EMEA,Acme\n"  # 6: said once, as an Excel error, not as a stage no rule places
    "E-6,#n/a,Closed Won,100,2024-03-01,EMEA,Acme\n"  # 7
    "E-7,Eve,Closed Won,#N/A,2024-03-01,EMEA,Acme\n"  # 8: in a parsed column, said as an error, not as "not an amount"
    "E-8,Fay,Closed Won,100,#VALUE!,EMEA,Acme\n"  # 9
)


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_an_excel_error_in_a_text_cell_is_no_value_and_its_row_is_quarantined_with_why(tmp_path, batched):
    """A CSV saved from a sheet whose rep came from a lookup stored a rep called "#N/A", and a region "#DIV/0!"."""
    from winloss.ingest.pipeline import prepare, prepare_path

    path = tmp_path / "errors.csv"
    path.write_text(EXCEL_ERRORS)
    p = prepare_path(path, batch_rows=2) if batched else prepare(path.read_bytes(), path.name)
    assert [r[0] for r in p.accepted_head(10).select("opportunity_id").rows()] == ["E-4"]
    reasons = dict(p.quarantine.select("line", "reason").iter_rows())
    said = ("is an Excel error value (what a cell shows when its formula failed), not a value: correct the formula or "
            "the cell in the file, then upload it again.")
    assert reasons == {
        2: f"Opportunity Owner '#N/A' {said}", 3: f"Region '#DIV/0!' {said}", 4: f"Account Name '#REF!' {said}",
        6: f"Stage '#VALUE!' {said}", 7: f"Opportunity Owner '#n/a' {said}", 8: f"Amount '#N/A' {said}",
        9: f"Close Date '#VALUE!' {said}",
    }


def test_an_excel_error_in_a_roster_keeps_the_rep_out_and_names_the_cell():
    from winloss.ingest.pipeline import prepare

    roster = (b"Rep,Seller Profile,Team,Manager,Region\nAnn,Challenger,East,Maya,EMEA\n#N/A,Challenger,East,Maya,EMEA\n"
              b"Cat,Hard Worker,East,#REF!,EMEA\n")
    p = prepare(roster, "roster.csv")
    assert p.kind == "roster" and p.accepted.get_column("rep").to_list() == ["Ann"]
    reasons = dict(p.quarantine.select("line", "reason").iter_rows())
    assert reasons[3].startswith("Rep '#N/A' is an Excel error value (what a cell shows")
    assert reasons[4].startswith("Manager '#REF!' is an Excel error value (what a cell shows")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.builds(
    lambda before, core, after: before + core + after, st.sampled_from(["", '"', "'", " ", "$", "!", "\u00e9", "\U0001f600"]),
    st.sampled_from(["#N/A", "#ref!", "#DIV/0!", "#", "N/A", "$5", ""]), st.sampled_from(["", " ", "#", "\u00a0"]),
)), min_size=1, max_size=6))
def test_a_cell_starting_with_a_hash_is_looked_at_as_an_excel_error_whatever_surrounds_it(cells):
    # The rule finds the cells starting with "#" first, and reads them as error values only then: a text that
    # sorts beside "#" ("\"#", "$", "#" alone) is found, or not, exactly as a prefix test finds it.
    from data_models.schemas import excel_error, no_excel_error

    frame = pl.DataFrame({"rep": cells, "region": list(reversed(cells))}, schema={"rep": pl.String, "region": pl.String})
    got = no_excel_error(frame.lazy()).collect().to_series().to_list()
    errors = frame.select(pl.any_horizontal(excel_error(pl.col(c)).fill_null(False) for c in ("rep", "region")))
    assert got == (~errors.to_series()).to_list()
