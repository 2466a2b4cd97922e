"""Ingest a 1,000,000-row Salesforce-style export end to end, against polars.read_csv of the same file.

Each measurement runs in a fresh process (so peak memory is its own), three times; the figure
is the median. Run: python benchmarks/ingest_speed.py [--rows N]
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
OUT = ROOT / "benchmarks" / "out"


def export_path(rows: int) -> Path:
    """The benchmark file, made once by the sample generator."""
    path = OUT / f"salesforce_{rows}.csv"
    if not path.exists():
        sys.path.insert(0, str(ROOT))
        from sample_data.generator import salesforce_csv, sample_opportunities

        OUT.mkdir(parents=True, exist_ok=True)
        path.write_bytes(salesforce_csv(sample_opportunities(rows, seed=11, n_reps=400)))
    return path


def child(kind: str, path: str) -> None:
    sys.path.insert(0, str(ROOT))
    import polars as pl

    from winloss.ingest import commit, prepare  # imported before the clock starts, like polars
    from winloss.store import Store

    data = Path(path).read_bytes()
    start = time.perf_counter()
    if kind == "read_csv":
        rows = pl.read_csv(data).height
        extra = {}
    else:
        prepared = prepare(data, Path(path).name)
        with tempfile.TemporaryDirectory() as store_dir:
            committed = commit(Store(store_dir), prepared)
        rows = prepared.rows_accepted
        extra = {"quarantined": prepared.rows_quarantined, "version": committed.change.store_version}
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "rows": rows, **extra}))


def measure(kind: str, path: Path, repeats: int) -> list[dict]:
    runs = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    path = export_path(args.rows)
    size_mb = path.stat().st_size / 1e6
    # Interleave so machine noise hits both sides alike.
    read, ingest = [], []
    for _ in range(args.repeats):
        read += measure("read_csv", path, 1)
        ingest += measure("ingest", path, 1)
    t_read = statistics.median(r["seconds"] for r in read)
    t_ingest = statistics.median(r["seconds"] for r in ingest)
    print(f"file: {path.name}, {args.rows:,} rows, {size_mb:.0f} MB")
    print(f"polars.read_csv        median {t_read:6.2f} s   peak {max(r['peak_mb'] for r in read):6.0f} MB")
    print(f"ingest (read..store)   median {t_ingest:6.2f} s   peak {max(r['peak_mb'] for r in ingest):6.0f} MB"
          f"   accepted {ingest[0]['rows']:,}, quarantined {ingest[0]['quarantined']:,}")
    print(f"ratio ingest / read_csv: {t_ingest / t_read:.2f}x (target <= 3x); peak memory target < 2048 MB")


if __name__ == "__main__":
    main()
