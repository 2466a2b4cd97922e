"""A workbook at the column bound (table.MOST_COLUMNS: 2,000 columns × 2,000 deals, the five a deal needs
and custom properties "yes" or blank), prepared as an upload is: processor time of this process (every
thread's) and of the child that reads the workbook (workbooks.py), and the peak memory of each, against
the same deals as a CSV. Each measurement runs in a fresh process, the two files alternated; each figure
is the median. Run:

    python benchmarks/wide_workbook.py [--columns 2000] [--rows 2000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"

HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date"]
DEALS = [["Ana Silva", "Closed Won", "100", "2024-05-06"], ["Ben Ortiz", "Closed Lost", "200", "2024-05-07"],
         ["Cleo Park", "Closed Won", "300", "2024-05-08"]]  # fmt: skip


def rows(columns: int, count: int) -> list[list[str]]:
    """The header and `count` deals of `columns` columns, as tests/io/test_column_bound.wide_csv writes them."""
    extra = columns - len(HEADER)
    table = [HEADER + [f"Custom property {i}" for i in range(extra)]]
    table += [[f"OP-{n + 1}", *DEALS[n % 3]] + ["yes", ""] * (extra // 2) + [""] * (extra % 2) for n in range(count)]
    return table


def make_files(columns: int, count: int) -> tuple[Path, Path]:
    """The CSV and the workbook of the same deals, made once in benchmarks/out."""
    import xlsxwriter

    OUT.mkdir(parents=True, exist_ok=True)
    csv, book = OUT / f"wide_{columns}x{count}.csv", OUT / f"wide_{columns}x{count}.xlsx"
    table = rows(columns, count)
    if not csv.exists():
        csv.write_text("\n".join(",".join(r) for r in table) + "\n")
    if not book.exists():
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet("Deals")
        for r, values in enumerate(table):
            for c, value in enumerate(values):
                if value:
                    sheet.write_string(r, c, value)
        workbook.close()
        book.write_bytes(buffer.getvalue())
    return csv, book


def child(path: str) -> None:
    """prepare() of the file at `path`, its bytes in memory as an upload's; prints a JSON line."""
    sys.path.insert(0, str(ROOT))
    import pandera.backends.polars.builtin_checks  # noqa: F401  (imported before the clock, as ingest_speed does)

    from winloss.ingest.pipeline import prepare

    data = Path(path).read_bytes()
    start, started = time.process_time(), time.perf_counter()
    prepared = prepare(data, Path(path).name)
    cpu = time.process_time() - start
    reader = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"cpu_seconds": cpu, "seconds": time.perf_counter() - started,
                      "reader_cpu_seconds": reader.ru_utime + reader.ru_stime,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "reader_peak_mb": reader.ru_maxrss / 1024, "rows": prepared.rows_accepted,
                      "rejected": prepared.rejected}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--columns", type=int, default=2_000)
    parser.add_argument("--rows", type=int, default=2_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", metavar="PATH")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    files = make_files(args.columns, args.rows)
    runs: dict[str, list[dict]] = {f.suffix: [] for f in files}
    for _ in range(args.repeats):
        for path in files:
            out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True)
            runs[path.suffix].append(json.loads(out.stdout.strip().splitlines()[-1]))
    for suffix, measured in runs.items():
        summary = {key: round(statistics.median(m[key] for m in measured), 2)
                   for key in ("cpu_seconds", "seconds", "reader_cpu_seconds", "peak_mb", "reader_peak_mb")}
        print(json.dumps({"file": suffix, "columns": args.columns, "rows": measured[0]["rows"],
                          "rejected": measured[0]["rejected"], **summary}))


if __name__ == "__main__":
    main()
