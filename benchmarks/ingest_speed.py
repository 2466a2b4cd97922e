"""Ingest a Salesforce-style export end to end, against polars.read_csv of the same file.

Also timed, alternated with both: the ingest's floor, the work no ingest can skip, with no check
at all: the file read as text (polars.read_csv with every column a string, as the ingest keeps each
value as it came for the quarantine) while a thread hashes it and writes the archive's data files
with the ingest's own code (winloss.store.data_files.archive_files: the raw upload is archived).
The ingest does all of that and more (it also decides, normalises and validates every row, writes
the deals' data files and commits), so its ratio cannot be below the floor's.

Each measurement runs in a fresh process (so its peak memory, the child's maximum resident set,
is its own); read_csv, floor and ingest runs are interleaved so machine noise hits them alike,
and each figure is the median. Run:

    python benchmarks/ingest_speed.py [--rows 1000000,3000000,10000000] [--repeats 3]

`measure_size(rows)` measures one size and returns a dict, for other scripts (benchmarks/run.py).
Above `--baseline-max-rows` (3,000,000 by default) read_csv is not run: holding a 10,000,000-row
file in memory would only measure the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
BASELINE_MAX_ROWS = 3_000_000


def export_path(rows: int) -> Path:
    """The benchmark file, made once by the sample generator in a process of its own: a child's peak
    memory (ru_maxrss) starts at its parent's size when it was started, so a parent grown by making a
    3M-row export (5.2 GB) gave every measurement after it that peak."""
    path = _export_file(rows)
    if not path.exists():
        subprocess.run([sys.executable, __file__, "--make-export", str(rows)], check=True)
    return path


def _export_file(rows: int) -> Path:
    return OUT / f"salesforce_{rows}.csv"


def make_export(rows: int) -> None:
    """Write the `rows`-row benchmark file (export_path's child)."""
    sys.path.insert(0, str(ROOT))
    from sample_data.generator import salesforce_csv, sample_opportunities

    path = _export_file(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    part.write_bytes(salesforce_csv(sample_opportunities(rows, seed=11, n_reps=400)))
    part.rename(path)


def child(kind: str, path: str) -> None:
    """One measurement in this process; prints a JSON line (seconds, peak_mb, rows, ...)."""
    sys.path.insert(0, str(ROOT))
    import polars as pl

    from winloss.ingest.pipeline import commit, prepare_path  # imported before the clock starts, like polars
    # Pandera imports its Polars checks at the first validation rather than at import, and with them
    # hypothesis where the test tools are installed (0.4-1.4 s on a 2-core machine): imported here,
    # like every other import, so the clock times the ingest.
    import pandera.backends.polars.builtin_checks  # noqa: F401
    from winloss.store.delta import Store

    extra: dict = {}
    if kind == "whole":  # the whole-file path (prepare on the bytes in memory), for comparison
        from winloss.ingest.pipeline import prepare

        start = time.perf_counter()
        prepared = prepare(Path(path).read_bytes(), Path(path).name)
        with tempfile.TemporaryDirectory() as store_dir:
            commit(Store(store_dir), prepared)
        rows = prepared.rows_accepted
    elif kind == "floor":
        from winloss.ingest.store_files import file_sha256
        from winloss.store import data_files

        source = Path(path)
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            def archived() -> None:
                list(data_files.archive_files(source, file_sha256(source), source.name, Path(folder)))

            raw = threading.Thread(target=archived)
            raw.start()
            rows = pl.read_csv(source, infer_schema=False).height
            raw.join()
    elif kind == "read_csv":
        data = Path(path).read_bytes()  # read_csv is timed from bytes in memory, its fastest case
        start = time.perf_counter()
        rows = pl.read_csv(data).height
    elif kind == "read_csv_file":  # read_csv from the file's path, as the ingest reads it (like for like)
        start = time.perf_counter()
        rows = pl.read_csv(path).height
    else:
        start = time.perf_counter()
        with prepare_path(Path(path)) as prepared:
            with tempfile.TemporaryDirectory() as store_dir:
                committed = commit(Store(store_dir), prepared)
            rows = prepared.rows_accepted
            extra = {"quarantined": prepared.rows_quarantined, "version": committed.change.store_version}
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "rows": rows, **extra}))


def _run(kind: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_size(rows: int, repeats: int = 3, baseline_max_rows: int = BASELINE_MAX_ROWS, whole: bool = False) -> dict:
    """Ingest of a `rows`-row export against read_csv, each `repeats` times in fresh processes.

    Returns rows, file_mb, ingest_s and ingest_peak_mb (medians / maxima), accepted, quarantined,
    and read_csv_s, read_csv_peak_mb and ratio (ingest / read_csv of the file's bytes in memory),
    read_csv_file_s and file_ratio (ingest / read_csv of the file's path, which reads the file as
    the ingest does), which are None when read_csv was not run (rows above `baseline_max_rows`); floor_s, floor_peak_mb and floor_ratio (floor /
    read_csv), the ingest's floor (see above), run alongside read_csv only. With `whole`, also whole_s, whole_peak_mb and
    whole_ratio: the same file through the whole-file path (its bytes in memory), in the same run.
    """
    path = export_path(rows)
    read: list[dict] = []
    read_file: list[dict] = []
    ingest: list[dict] = []
    floor: list[dict] = []
    whole_runs: list[dict] = []
    for _ in range(repeats):  # interleaved, so machine noise hits every side alike
        if rows <= baseline_max_rows:
            read.append(_run("read_csv", path))
            read_file.append(_run("read_csv_file", path))
            floor.append(_run("floor", path))
        ingest.append(_run("ingest", path))
        if whole:
            whole_runs.append(_run("whole", path))
    t_ingest = statistics.median(r["seconds"] for r in ingest)
    t_read = statistics.median(r["seconds"] for r in read) if read else None
    t_read_file = statistics.median(r["seconds"] for r in read_file) if read_file else None
    t_floor = statistics.median(r["seconds"] for r in floor) if floor else None
    return {
        "rows": rows,
        "file_mb": path.stat().st_size / 1e6,
        "ingest_s": t_ingest,
        "ingest_peak_mb": max(r["peak_mb"] for r in ingest),
        "accepted": ingest[0]["rows"],
        "quarantined": ingest[0]["quarantined"],
        "read_csv_s": t_read,
        "read_csv_peak_mb": max(r["peak_mb"] for r in read) if read else None,
        "ratio": t_ingest / t_read if t_read else None,
        "read_csv_file_s": t_read_file,
        "file_ratio": t_ingest / t_read_file if t_read_file else None,
        "floor_s": t_floor,
        "floor_peak_mb": max(r["peak_mb"] for r in floor) if floor else None,
        "floor_ratio": t_floor / t_read if t_read and t_floor else None,
        **({"whole_s": statistics.median(r["seconds"] for r in whole_runs),
            "whole_peak_mb": max(r["peak_mb"] for r in whole_runs),
            "whole_ratio": statistics.median(r["seconds"] for r in whole_runs) / t_read if t_read else None} if whole else {}),
    }


def _rows_list(text: str) -> list[int]:
    return [int(float(part)) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=_rows_list, default=[1_000_000], help="sizes, comma-separated: 1e6,3e6,1e7")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline-max-rows", type=int, default=BASELINE_MAX_ROWS)
    parser.add_argument("--whole", action="store_true", help="also time the whole-file path (bytes in memory)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    parser.add_argument("--make-export", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.make_export:
        make_export(args.make_export)
        return
    for rows in args.rows:
        m = measure_size(rows, args.repeats, args.baseline_max_rows, args.whole)
        print(f"file: {_export_file(rows).name}, {rows:,} rows, {m['file_mb']:.0f} MB")
        if m["read_csv_s"] is not None:
            print(f"  polars.read_csv        median {m['read_csv_s']:6.2f} s   peak {m['read_csv_peak_mb']:6.0f} MB   (the file's bytes in memory)")
            print(f"  polars.read_csv        median {m['read_csv_file_s']:6.2f} s   (the file's path, read as the ingest reads it)")
        print(f"  ingest (read..store)   median {m['ingest_s']:6.2f} s   peak {m['ingest_peak_mb']:6.0f} MB"
              f"   accepted {m['accepted']:,}, quarantined {m['quarantined']:,}")
        if m["floor_s"] is not None:
            print(f"  floor (read as text, hash, archive) median {m['floor_s']:6.2f} s   peak {m['floor_peak_mb']:6.0f} MB")
        if m["ratio"] is not None:
            print(f"  ratio ingest / read_csv: {m['ratio']:.2f}x of the bytes, {m['file_ratio']:.2f}x of the path "
                  f"(target <= 3x); floor / read_csv of the bytes: {m['floor_ratio']:.2f}x")
        if "whole_s" in m:
            ratio = f", {m['whole_ratio']:.2f}x read_csv" if m["whole_ratio"] else ""
            print(f"  whole-file path        median {m['whole_s']:6.2f} s   peak {m['whole_peak_mb']:6.0f} MB{ratio}")
        print(f"  peak memory target < 2048 MB: {'met' if m['ingest_peak_mb'] < 2048 else 'NOT met'}", flush=True)


if __name__ == "__main__":
    main()
