"""The checks before a commit (the Data page's before_commit: deals taken back, open deals absent,
ids with zeros dropped, deal changes, currency changes, fields missing) for a weekly export of a few
thousand deals against a store of a million, with and without a stage mapping.

A stage mapping is re-applied to every stored deal when it is read, so the checks compare the file's
rows with the stored deals as read under the file's mappings: with a mapping (the file's or the
store's) they read more of the store than without. This times the step with none, with a mapping chosen
for the file, and with one saved in the store, each as processor time (every thread's, time.process_time)
of one call, the three alternated so machine noise hits them alike; each figure is the median. Run:

    python benchmarks/precommit_speed.py [--deals 1000000] [--rows 5000] [--repeats 5]

The store is made once from benchmarks/ingest_speed.py's export (benchmarks/out), in a folder of its own.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ingest_speed  # noqa: E402  (the export is ingest_speed's)

# A stage of the export's open deals, mapped as a user parks a stage: some stored deals change outcome.
MAPPED = {"Negotiation/Review": "no_decision"}


def weekly_export(source: Path, rows: int) -> bytes:
    """The first `rows` deals of the export `source` (header kept), half of its deals at Negotiation/Review closed won:
    a weekly export of deals the store holds, some of them moved on."""
    lines = []
    with source.open("rb") as handle:
        for i, line in enumerate(handle):
            if i > rows:
                break
            if i % 2 and b'"Negotiation/Review"' in line:
                line = line.replace(b'"Negotiation/Review"', b'"Closed Won"')
            lines.append(line)
    return b"".join(lines)


def timed(call) -> float:
    start = time.process_time()
    call()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from winloss.ingest.pipeline import commit, prepare, prepare_path
    from winloss.store.delta import Store
    from winloss.views.data_page import before_commit

    export = ingest_speed.export_path(args.deals)
    with tempfile.TemporaryDirectory() as folder:
        plain = Store(Path(folder) / "plain")
        with prepare_path(export) as prepared:
            commit(plain, prepared)
        shutil.copytree(Path(folder) / "plain", Path(folder) / "mapped")
        mapped = Store(Path(folder) / "mapped")
        mapped.save_stage_outcomes(MAPPED)
        weekly = weekly_export(export, args.rows)
        cases = {
            "no mapping": (plain, prepare(weekly, "weekly.csv")),
            "a mapping for the file": (plain, prepare(weekly, "weekly.csv", stage_outcomes=MAPPED)),
            "a mapping in the store": (mapped, prepare(weekly, "weekly.csv", stage_outcomes=MAPPED)),
        }
        seconds: dict[str, list[float]] = {name: [] for name in cases}
        said: dict[str, object] = {}
        for _ in range(args.repeats):
            for name, (store, prepared) in cases.items():
                seconds[name].append(timed(lambda s=store, p=prepared, n=name: said.__setitem__(n, before_commit(p, s))))
    for name, values in seconds.items():
        print(json.dumps({"case": name, "deals": args.deals, "rows": args.rows,
                          "cpu_seconds_median": round(statistics.median(values), 3),
                          "cpu_seconds": [round(v, 3) for v in values]}))
    for name, result in said.items():  # what each case said, to check a change keeps the sentences
        print(f"{name}: {result}")


if __name__ == "__main__":
    main()
