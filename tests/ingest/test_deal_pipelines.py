"""A HubSpot export of two pipelines ("Sales Pipeline" and "Renewals", whose stage names repeat) had its Pipeline
column left "Not used" and its renewals counted as new business without a word: the file report now says, once,
which pipelines it holds, that they are counted together, and how to keep one out."""

from __future__ import annotations

from winloss.ingest.pipeline import file_report, prepare, prepare_path

HEADER = "Record ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Deal owner\n"
ROWS = (
    "1,Globex,Closed won,Sales Pipeline,1000,2026-01-10,Dana Whitfield\n"
    "2,Initech,Closed lost,Renewals,2000,2026-01-11,Dana Whitfield\n"
    "3,Hooli,Closed won,Renewals,3000,2026-01-12,Marcus Lee\n"
    "4,Umbrella,Closed won, Renewals ,4000,2026-01-13,Marcus Lee\n"
    "5,Wonka,Closed lost,,5000,2026-01-14,Marcus Lee\n"
)
SAID = ("This file holds deals of 2 pipelines in its column 'Pipeline': \"Renewals\" (3 rows) and \"Sales Pipeline\" "
        "(1 row). They are counted together in every figure, as one pipeline: the store keeps no pipeline. To keep a "
        "pipeline out, filter the export by pipeline in the CRM and upload only the pipelines to count.")


def _pipeline_notes(prepared) -> list[str]:
    return [n for n in file_report(prepared)["notes"] if "pipelines in its column" in n]


def test_an_export_of_two_pipelines_says_so_once_with_each_pipelines_rows():
    assert _pipeline_notes(prepare((HEADER + ROWS).encode(), "hubspot-deals.csv")) == [SAID]


def test_pipedrives_pipeline_column_is_read_too():
    data = ("Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Status,Deal - Stage,Deal - Won time,"
            "Deal - Lost time,Deal - Pipeline\n"
            "1,A,Erik Lindqvist,100,won,Lead In,2026-01-10 10:00:00,,Nordics\n"
            "2,B,Erik Lindqvist,200,lost,Lead In,,2026-01-11 10:00:00,DACH\n")
    (said,) = _pipeline_notes(prepare(data.encode(), "deals.csv"))
    assert said.startswith("This file holds deals of 2 pipelines in its column 'Deal - Pipeline': \"DACH\" (1 row) "
                           "and \"Nordics\" (1 row).")


def test_one_pipeline_or_none_says_nothing():
    one = ROWS.replace("Renewals", "Sales Pipeline")
    assert _pipeline_notes(prepare((HEADER + one).encode(), "hubspot-deals.csv")) == []
    plain = "Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner\n1,Globex,Closed won,1000,2026-01-10,Dana Whitfield\n"
    assert _pipeline_notes(prepare(plain.encode(), "hubspot-deals.csv")) == []


def test_a_file_read_in_batches_counts_every_batchs_rows(tmp_path):
    path = tmp_path / "hubspot-deals.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    assert _pipeline_notes(prepare_path(path)) == [SAID]
    # Read in batches, its table keeps only its first rows: each batch's pipelines are counted as it is read.
    many = HEADER + ROWS + "".join(
        f"{i},Deal {i},Closed won,{'Renewals' if i % 2 else 'Sales Pipeline'},100,2026-02-01,Dana Whitfield\n"
        for i in range(10, 3010))
    path.write_text(many, encoding="utf-8")
    prepared = prepare_path(path, batch_rows=500)
    assert prepared.table is not None and prepared.read_count == 3005 and prepared.table.frame.height < 3005
    assert _pipeline_notes(prepared) == [SAID.replace("(3 rows)", "(1,503 rows)").replace("(1 row)", "(1,501 rows)")]


def test_pipelines_are_counted_in_the_order_of_their_names_whole_and_added_batch_to_batch():
    """value_counts and group_by give their groups in no set order (on several threads, a different one from run
    to run): the counts come by pipeline, so the same file gives the same frame every time."""
    import polars as pl

    from winloss.ingest.deal_pipelines import added, pipeline_counts

    names = [f"Pipeline {n:02d}" for n in range(30, 0, -1)]
    frame = pl.DataFrame({"Pipeline": [name for i, name in enumerate(names) for _ in range(i % 3 + 1)] + [" ", None]})
    counts = pipeline_counts(frame, "Pipeline")
    assert counts["pipeline"].to_list() == sorted(names)
    assert dict(counts.iter_rows()) == {name: i % 3 + 1 for i, name in enumerate(names)}
    half = frame.height // 2
    both = added(pipeline_counts(frame[:half], "Pipeline"), pipeline_counts(frame[half:], "Pipeline"))
    assert both.equals(counts)
