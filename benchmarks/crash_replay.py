"""Store size after replaying uploads with writes killed part way, against a clean replay.

    python benchmarks/crash_replay.py [--files 4] [--rows 20000] [--kills 3] [--out /tmp/crash_replay]

Writes FILES generated exports, ingests them in order through the command line into a clean
store, then into a second store where each ingest is first killed (SIGKILL) KILLS times while it
writes (once files start to appear in the store, after a seeded random 0-0.6 s) before it is let
finish. Prints both stores' sizes on disk and whether both hold the same deals.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def winloss(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "winloss", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def files_in(path: Path) -> int:
    return sum(1 for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def kill_while_writing(process: subprocess.Popen, store: Path, delay: float) -> bool:
    """SIGKILL the process `delay` seconds after it starts adding files to the store; False if it ended first."""
    before = files_in(store)
    while process.poll() is None and files_in(store) <= before:
        time.sleep(0.02)
    time.sleep(delay)
    if process.poll() is not None:
        return False
    process.send_signal(signal.SIGKILL)
    process.wait()
    return True


def stored_ids(store: Path) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from winloss.store.delta import Store

    return sorted(Store(store).opportunities().collect().get_column("opportunity_id").to_list())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("/tmp/crash_replay"))
    args = parser.parse_args()
    exports: list[Path] = []
    for n in range(args.files):
        folder = args.out / f"export{n}"
        if not (folder / "salesforce_opportunities.csv").exists():
            winloss("sample", "--out", str(folder), "--opportunities", str(args.rows), "--seed", str(n + 1)).wait()
        exports.append(folder / "salesforce_opportunities.csv")

    clean, crashed = args.out / "clean", args.out / "crashed"
    for store in (clean, crashed):
        subprocess.run(["rm", "-rf", str(store)], check=True)
    durations = []
    for export in exports:
        started = time.perf_counter()
        assert winloss("ingest", str(export), "--store", str(clean)).wait() == 0
        durations.append(time.perf_counter() - started)
    kills = 0
    chance = random.Random(11)
    for export in exports:
        for _ in range(args.kills):
            process = winloss("ingest", str(export), "--store", str(crashed))
            kills += kill_while_writing(process, crashed, chance.uniform(0, 0.6))
        assert winloss("ingest", str(export), "--store", str(crashed)).wait() in (0, 1)
    same = stored_ids(clean) == stored_ids(crashed)
    print(f"{args.files} exports of {args.rows:,} rows; ingest {min(durations):.1f}-{max(durations):.1f} s each")
    print(f"clean replay:   {size_mb(clean):7.1f} MB")
    print(f"crashed replay: {size_mb(crashed):7.1f} MB after {kills} SIGKILLs mid-ingest; same deals: {same}")


if __name__ == "__main__":
    main()
