"""Every speed and memory measurement at each size, printed as the Markdown table README shows.

For each size (deals in the export): makes the Salesforce-style export (benchmarks/ingest_speed.py),
times the ingest and its floor (the reading, hashing and archiving no ingest can skip) against
polars.read_csv of the same file with each one's peak memory (ingest_speed's own measurement: fresh
processes, interleaved; read_csv both from the file's bytes already in memory, its fastest case, and
from the file's path, which reads the file as the ingest does), builds a store of the export, times every analysis
page's engine on the deals the app loads from that store (benchmarks/page_speed.py's page functions,
median over filter changes), and times a cold start: a fresh process that runs the app
(dashboard.py through Streamlit's AppTest, the Overview being the default page) until the Overview's
figures are drawn. Each measurement runs in its own process, so one size's frames never weigh on the next.

Figures are medians within one run on whatever machine runs it; compare ratios, not seconds, between
machines. Run:

    python benchmarks/run.py --sizes 1e5,1e6,1e7 [--skip-ingest] [--skip-pages] [--skip-cold]
"""

from __future__ import annotations

import argparse
import json
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import ingest_speed  # noqa: E402  (the export and the ingest measurement are ingest_speed's)

SEED, REPS = 11, 400  # the export ingest_speed and page_speed read
# A store up to this size is built by one ordinary ingest of the export; a larger one by ingesting
# it in exports of this many rows (each one ordinary ingest, so memory stays that of one of them).
WHOLE_INGEST_ROWS = 1_000_000
TARGETS = {"ratio": 3.0, "peak_mb": 2048, "page_1m": 150, "page_10m": 500, "cold_1m": 2.0}
PAGES = ("Overview", "Seller profiles", "No decision", "Reps", "One rep")


def rows_of(text: str) -> int:
    return int(float(text))


def size_text(rows: int) -> str:
    for unit, name in ((1_000_000, "M"), (1_000, "k")):
        if rows >= unit and rows % unit == 0:
            return f"{rows // unit}{name}"
    return f"{rows:,}"


def child(args: list[str]) -> dict:
    """Run this file with `args` in a fresh process; its last stdout line is a JSON result."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- the store ----------------------------------------------------------------------------------
def store_path(rows: int) -> Path:
    return OUT / f"run_store_{rows}"


def build_store(rows: int) -> dict:
    """A store holding the benchmark roster and export, through the ordinary ingest (once per size)."""
    from sample_data.generator import roster_csv, sample_roster
    from winloss.ingest.pipeline import commit, prepare
    from winloss.store.delta import Store

    path = store_path(rows)
    store = Store(str(path))
    how = "one ingest of the export" if rows <= WHOLE_INGEST_ROWS else (
        f"{rows // WHOLE_INGEST_ROWS + bool(rows % WHOLE_INGEST_ROWS)} ingests of up to "
        f"{size_text(WHOLE_INGEST_ROWS)}-row parts of the export")
    built = OUT / f"run_store_{rows}.built"  # a build cut short is started again
    if built.exists():
        return {"how": how}
    if path.exists():
        shutil.rmtree(path)
    commit(store, prepare(roster_csv(sample_roster(REPS, SEED)), "rep_roster.csv"), user="benchmark")
    if rows <= WHOLE_INGEST_ROWS:
        export = ingest_speed.export_path(rows)
        commit(store, prepare(export.read_bytes(), export.name), user="benchmark")
    else:
        for part in export_parts(rows):
            commit(store, prepare(part.read_bytes(), part.name), user="benchmark")
    built.touch()
    return {"how": how}


def export_parts(rows: int) -> list[Path]:
    """The export of `rows` deals cut into files of WHOLE_INGEST_ROWS (made once; the whole frame is
    freed before anything is ingested)."""
    from sample_data.generator import salesforce_csv, sample_opportunities

    paths = [OUT / f"salesforce_{rows}_part{i + 1}.csv" for i in range(-(-rows // WHOLE_INGEST_ROWS))]
    if not all(p.exists() for p in paths):
        deals = sample_opportunities(rows, seed=SEED, n_reps=REPS)
        for i, path in enumerate(paths):
            path.write_bytes(salesforce_csv(deals.slice(i * WHOLE_INGEST_ROWS, WHOLE_INGEST_ROWS)))
        del deals
    return paths


# ---- page engine time ---------------------------------------------------------------------------
def page_times(rows: int, runs: int) -> dict:
    """Median engine milliseconds per page on the deals the app loads from the store of this size."""
    import page_speed
    from winloss.deals import page_coded_deals
    from winloss.filters import Filters, size_cut_points
    from winloss.store.delta import Store

    started = time.perf_counter()
    # As the app hands the views their deals (ui.context.view_deals_of): coded, kept per store version.
    frame = page_coded_deals(Store(str(store_path(rows))))
    load_s = time.perf_counter() - started
    busiest = frame.group_by("rep").len().sort("len", descending=True)["rep"][0]
    cuts = size_cut_points(frame.lazy())  # once per store version in the app (ui.numbers.size_cuts)
    work = {
        "Overview": page_speed.overview,
        "Seller profiles": lambda deals, f: page_speed.profiles(deals, f, cuts),
        "No decision": page_speed.no_decision,
        "Reps": page_speed.reps,
        "One rep": lambda deals, f: page_speed.rep_view(deals, f, busiest),
    }
    page_speed.overview(frame.lazy(), Filters())  # warm Polars' thread pool and Plotly's validators once
    result = {"load_s": load_s, "deals": frame.height}
    for name, page in work.items():
        result[name], result[f"{name} cpu"] = engine_ms(page, frame, runs)
    return result


def engine_ms(work, frame, runs: int) -> tuple[float, float]:
    """(wall, CPU) median milliseconds of one page's engine over `runs` filter changes, as
    page_speed.median_ms times it (figures built, not serialised). CPU counts every thread."""
    import page_speed
    from winloss import filters as filtering

    wall, cpu = [], []
    for f in itertools.islice(itertools.cycle(page_speed.FILTER_CHANGES), runs):
        started, used = time.perf_counter(), time.process_time()
        work(filtering.applied(frame.lazy(), f), f)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


# ---- cold start ---------------------------------------------------------------------------------
def cold_child(store: str, sample: str) -> dict:
    """In a fresh process: the app run until the Overview is drawn, as wall-clock time (time.time()).

    The parent measures from just before it started this process, so the interpreter's start and
    every import count.
    """
    os.environ["WINLOSS_STORE"] = store
    os.environ["WINLOSS_SAMPLE_STORE"] = sample
    imported = time.time()
    from streamlit.testing.v1 import AppTest

    imported = time.time() - imported
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()
    if at.exception:
        raise SystemExit(f"the Overview raised: {[e.value for e in at.exception]}")
    figures = at.get("plotly_chart")
    if not figures:
        raise SystemExit("the Overview drew no figure")
    return {"drawn_at": time.time(), "figures": len(figures), "import_streamlit_s": imported}


def cold_start(rows: int, repeats: int) -> dict:
    """Seconds from starting a process to the Overview's figures drawn, median of `repeats`.

    One untimed start first: it writes what the app keeps beside the store per store version (the
    derived deals and the version's facts, winloss.store.version_cache) when a code change made the
    kept ones stale, so every timed start is a fresh server's on a store it has seen before, as
    every start is but the first after an upload or an upgrade.
    """
    child(["--cold-child", str(store_path(rows)), str(OUT / "run_sample_store")])
    seconds, cpu = [], []
    for _ in range(repeats):
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.time()
        done = child(["--cold-child", str(store_path(rows)), str(OUT / "run_sample_store")])
        seconds.append(done["drawn_at"] - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
    return {"cold_s": statistics.median(seconds), "cold_cpu_s": statistics.median(cpu), "cold_all": seconds}


# ---- the table ----------------------------------------------------------------------------------
def cell(value: float | None, unit: str, target: float | None = None) -> str:
    if value is None:
        return "—"
    shown = {"x": f"{value:.1f}×", "ms": f"{value:.0f} ms", "s": f"{value:.1f} s", "MB": f"{value:,.0f} MB"}[unit]
    return f"**{shown}**" if target is not None and value > target else shown


def table(results: dict[int, dict]) -> str:
    head = ["deals", "ingest ÷ read_csv (bytes)", "ingest ÷ read_csv (path)", "floor ÷ read_csv (bytes)",
            "ingest peak", "read_csv peak", *PAGES, "cold start", "store built by"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for rows, r in results.items():
        page_target = TARGETS["page_1m"] if rows <= 1_000_000 else TARGETS["page_10m"]
        ingest = r.get("ingest") or {}
        pages = r.get("pages") or {}
        cold = r.get("cold") or {}
        lines.append("| " + " | ".join([
            size_text(rows),
            cell(ingest.get("ratio"), "x", TARGETS["ratio"]),
            cell(ingest.get("file_ratio"), "x", TARGETS["ratio"]),
            cell(ingest.get("floor_ratio"), "x"),
            cell(ingest.get("peak_mb"), "MB", TARGETS["peak_mb"]),
            cell(ingest.get("read_peak_mb"), "MB"),
            *(cell(pages.get(p), "ms", page_target)
              + (f" (CPU {pages[p + ' cpu']:.0f})" if p + " cpu" in pages else "") for p in PAGES),
            cell(cold.get("cold_s"), "s", TARGETS["cold_1m"] if rows <= 1_000_000 else None)
            + (f" (CPU {cold['cold_cpu_s']:.1f} s)" if "cold_cpu_s" in cold else ""),
            r.get("store", {}).get("how", "—"),
        ]) + " |")
    lines.append("| target | ≤ 3× | ≤ 3× | | < 2 GB | | ≤ 150 ms at 1M, ≤ 500 ms at 10M | | | | | ≤ 2 s at 1M | |")
    return "\n".join(lines)


def measure_ingest(rows: int, repeats: int) -> dict:
    """ingest_speed's measurement: read_csv and ingest alternated, each in a fresh process."""
    if hasattr(ingest_speed, "measure_size"):
        m = ingest_speed.measure_size(rows, repeats)
        return {"ratio": m["ratio"], "file_ratio": m.get("file_ratio"), "floor_ratio": m.get("floor_ratio"), "read_s": m["read_csv_s"], "ingest_s": m["ingest_s"],
                "peak_mb": m["ingest_peak_mb"], "read_peak_mb": m["read_csv_peak_mb"]}
    path = ingest_speed.export_path(rows)  # ingest_speed before it measured several sizes
    read, ingest = [], []
    for _ in range(repeats):
        read += ingest_speed.measure("read_csv", path, 1)
        ingest += ingest_speed.measure("ingest", path, 1)
    t_read = statistics.median(r["seconds"] for r in read)
    t_ingest = statistics.median(r["seconds"] for r in ingest)
    return {"ratio": t_ingest / t_read, "read_s": t_read, "ingest_s": t_ingest,
            "peak_mb": max(r["peak_mb"] for r in ingest), "read_peak_mb": max(r["peak_mb"] for r in read)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1e5,1e6,1e7", help="deals per export, comma-separated (1e6 or 1000000)")
    parser.add_argument("--skip-ingest", action="store_true", help="no ingest timing (pages and cold start only)")
    parser.add_argument("--ingest-sizes", help="time the ingest at these sizes only (default: every size)")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--repeats", type=int, default=3, help="ingest and cold-start runs per size")
    parser.add_argument("--runs", type=int, default=12, help="filter changes per page")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--table-from", type=Path, help="print the table of an earlier run's --json file")
    parser.add_argument("--build-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--export-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pages-child", nargs=2, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cold-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        print(json.dumps({"export": str(ingest_speed.export_path(args.export_child))}))
        return
    if args.build_child:
        print(json.dumps(build_store(args.build_child)))
        return
    if args.pages_child:
        print(json.dumps(page_times(*args.pages_child)))
        return
    if args.cold_child:
        print(json.dumps(cold_child(*args.cold_child)))
        return
    if args.table_from:
        print(table({int(k): v for k, v in json.loads(args.table_from.read_text()).items()}))
        return

    OUT.mkdir(parents=True, exist_ok=True)
    load_at_start = os.getloadavg()[0]
    results: dict[int, dict] = {}
    ingest_sizes = {rows_of(s) for s in (args.ingest_sizes or args.sizes).split(",")}
    for rows in (rows_of(s) for s in args.sizes.split(",")):
        timed_ingest = not args.skip_ingest and rows in ingest_sizes
        r = results[rows] = {}
        print(f"{size_text(rows)} deals:", file=sys.stderr, flush=True)
        started = time.perf_counter()
        if timed_ingest or rows <= WHOLE_INGEST_ROWS:  # a larger store is built from parts
            # Made in a child: a measuring child starts with its parent's peak resident set (Linux
            # keeps ru_maxrss across fork and exec), so this process must never hold an export.
            child(["--export-child", str(rows)])
        if timed_ingest:
            r["ingest"] = measure_ingest(rows, args.repeats)
            print(f"  ingest {r['ingest']}", file=sys.stderr, flush=True)
        if not (args.skip_pages and args.skip_cold):
            r["store"] = child(["--build-child", str(rows)])
        if not args.skip_pages:
            r["pages"] = child(["--pages-child", str(rows), str(args.runs)])
            print(f"  pages {r['pages']}", file=sys.stderr, flush=True)
        if not args.skip_cold:
            r["cold"] = cold_start(rows, args.repeats)
            print(f"  cold {r['cold']}", file=sys.stderr, flush=True)
        print(f"  ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(table(results))
    print(f"\nMedians within one run; load average (1 min) {load_at_start:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
