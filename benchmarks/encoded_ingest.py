"""Peak memory and time of the ingests that used to read a file whole: an export in cp1252, and a
Data page upload (bytes in memory, up to the 200 MB upload cap).

Each measurement runs in a fresh process (its peak resident set is its own) and prints seconds of
wall time, seconds of CPU (every thread, user and system) and the peak in MB. With `--code DIR`
(given more than once) the same measurements run against each source tree, alternated round by
round so machine noise hits every tree alike: a tree before a change against the tree after it,
in one run. Run:

    python benchmarks/encoded_ingest.py [--rows 1e6,3e6] [--upload-mb 200] [--repeats 3] [--code DIR ...]

- cp1252: `benchmarks/out/salesforce_cp1252_<rows>.csv` (cp1252_export.py makes it) through
  `prepare_path` and `commit`, as the CLI ingests it.
- upload-whole (`--upload-whole`): the same bytes prepared whole, `prepare(content)`, the page's
  way before `prepare_upload`: the cost of reading in batches against holding the table, in one tree.
- upload: the first `--upload-mb` MB of the 1M-row UTF-8 export (cut after a line), held as bytes
  as Streamlit hands them to the Data page, then prepared as the page prepares them
  (`prepare_upload`, or `prepare` on the bytes in a tree without it) and committed. The bytes
  themselves are part of the peak, as they are in the app.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from cp1252_export import cp1252_path  # noqa: E402
from ingest_speed import OUT, _rows_list, export_path  # noqa: E402


def upload_path(megabytes: int) -> Path:
    """The first `megabytes` MB of the 1M-row export, cut after its last whole line: the upload."""
    path = OUT / f"upload_{megabytes}mb.csv"
    if not path.exists():
        with export_path(1_000_000).open("rb") as f:
            data = f.read(megabytes * 1024 * 1024)
        part = path.with_suffix(".part")
        part.write_bytes(data[: data.rfind(b"\n") + 1])
        part.rename(path)
    return path


def child(kind: str, path: str, code: str) -> None:
    """One measurement in this process, with the engine imported from `code`; prints a JSON line."""
    sys.path.insert(0, code)
    import pandera.backends.polars.builtin_checks  # noqa: F401  (imported at the first validation otherwise)

    from winloss.ingest import pipeline
    from winloss.store.delta import Store

    content = Path(path).read_bytes() if kind.startswith("upload") else b""  # Streamlit holds the upload's bytes
    start = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    if kind == "upload" and hasattr(pipeline, "prepare_upload"):
        prepared = pipeline.prepare_upload(content, Path(path).name)
    elif kind.startswith("upload"):  # the page before prepare_upload, or --upload-whole
        prepared = pipeline.prepare(content, Path(path).name)
    else:
        prepared = pipeline.prepare_path(Path(path))
    prepared_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as store_dir:
        pipeline.commit(Store(store_dir), prepared)
    seconds = time.perf_counter() - start
    used = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "seconds": seconds,
        "prepare_s": prepared_s,
        "cpu_s": used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime,
        "peak_mb": used.ru_maxrss / 1024,
        "rows": prepared.rows_read,
        "accepted": prepared.rows_accepted,
        "batched": prepared.staged is not None,
        "encoding": prepared.table.encoding if prepared.table else None,
    }
    prepared.discard()
    print(json.dumps(result))


def _run(kind: str, path: Path, code: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), str(code)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _load() -> str:
    return "load %.1f %.1f %.1f" % tuple(float(x) for x in Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=_rows_list, default=[1_000_000, 3_000_000], help="cp1252 export sizes; empty: none")
    parser.add_argument("--upload-mb", type=int, default=200, help="upload size in MB; 0: no upload")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--upload-whole", action="store_true", help="also prepare the upload's bytes whole (prepare), in each tree")
    parser.add_argument("--code", type=Path, action="append", help="a source tree to measure (default: this one)")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "PATH", "CODE"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    trees = [tree.resolve() for tree in args.code] if args.code else [ROOT]
    cases = [("cp1252", cp1252_path(rows)) for rows in args.rows]
    if args.upload_mb:
        cases.append(("upload", upload_path(args.upload_mb)))
        if args.upload_whole:
            cases.append(("upload-whole", upload_path(args.upload_mb)))
    for kind, path in cases:
        print(f"{kind}: {path.name}, {path.stat().st_size / 1e6:.0f} MB", flush=True)
        runs: dict[Path, list[dict]] = {tree: [] for tree in trees}
        for round_ in range(args.repeats):  # alternated: every tree once per round
            for tree in trees if round_ % 2 == 0 else trees[::-1]:
                run = _run(kind, path, tree)
                runs[tree].append(run)
                print(f"  {tree}: {run['seconds']:6.1f} s wall, {run['cpu_s']:6.1f} s CPU, peak {run['peak_mb']:5.0f} MB"
                      f" ({run['rows']:,} rows, {'batched' if run['batched'] else 'whole'}, {run['encoding']}; {_load()})",
                      flush=True)
        for tree, measured in runs.items():
            print(f"  median {tree}: {statistics.median(r['seconds'] for r in measured):6.1f} s wall,"
                  f" {statistics.median(r['cpu_s'] for r in measured):6.1f} s CPU,"
                  f" peak {max(r['peak_mb'] for r in measured):5.0f} MB", flush=True)


if __name__ == "__main__":
    main()
