"""The Quarterly review's deck and HTML report built from two stores, the sample exports' and the long names of
tests/long_names.py, each review as it is and anonymised with amounts hidden: processor time of each build
(`time.process_time`, the review built beforehand; the first build in the process, then the median of
`--repeats` more), and with `--write DIR` what each build wrote, to compare two versions of the code
byte for byte (`diff -r`): every part of the deck and of the workbooks its charts embed but their
document properties (docProps/core.xml: when it was made), and the report with plotly.js left out. Run:

    python benchmarks/review_exports.py [--code PATH] [--repeats 3] [--write DIR]

`--code`: the checkout whose winloss to build with (another worktree, for a before and after); the stores
are made once under benchmarks/out/review_exports.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "review_exports"
QUARTER = "2026 Q3"


def deck_parts(deck: bytes) -> dict[str, bytes]:
    """Each part of a .pptx by name, a chart's workbook's parts as "its name!part", docProps/core.xml left out."""
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        for name in sorted(package.namelist()):
            data = package.read(name)
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(data)) as workbook:
                    parts |= {f"{name}!{part}": workbook.read(part) for part in sorted(workbook.namelist())
                              if part != "docProps/core.xml"}
            elif name != "docProps/core.xml":
                parts[name] = data
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    sys.path[:0] = [str(args.code), str(args.code / "tests")]
    from long_names import store_long_names

    from winloss import cli
    from winloss.export.deck import deck_bytes
    from winloss.export.html import offline_plotlyjs, report_html
    from winloss.store.delta import Store
    from winloss.views.review import review_from_store

    sample, long = OUT / "sample", OUT / "long"
    if not sample.exists():
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            made = cli.main(["ingest", str(ROOT / "sample_data" / "salesforce_opportunities.csv"),
                             "--roster", str(ROOT / "sample_data" / "rep_roster.csv"), "--store", str(sample)])
        assert made == 0, "the sample exports were not stored"
    if not long.exists():
        store_long_names(Store(long))
    for name, path in (("sample", sample), ("long names", long)):
        for masked in (False, True):
            review = review_from_store(Store(path), QUARTER, anonymize=masked, hide_amounts=masked)
            tag = f"{name}{', anonymised' if masked else ''}"
            for kind, build in (("deck", deck_bytes), ("html", report_html)):
                start = time.process_time()
                built = build(review)
                first = time.process_time() - start
                again = []
                for _ in range(args.repeats):
                    start = time.process_time()
                    build(review)
                    again.append(time.process_time() - start)
                print(f"{tag}: {kind} {first:.3f} s first, {statistics.median(again):.3f} s again")
                if args.write:
                    folder = args.write / tag.replace(", ", "-").replace(" ", "-")
                    if isinstance(built, bytes):
                        for part, data in deck_parts(built).items():
                            (folder / "deck" / part).parent.mkdir(parents=True, exist_ok=True)
                            (folder / "deck" / part).write_bytes(data)
                    else:
                        folder.mkdir(parents=True, exist_ok=True)
                        (folder / "report.html").write_text(built.replace(offline_plotlyjs(), "plotly.js"))


if __name__ == "__main__":
    main()
