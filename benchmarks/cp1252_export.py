"""A Windows-1252 copy of a benchmark export, for measuring the ingest of a file in another encoding.

Excel on Windows saves a CSV in cp1252: this writes `benchmarks/out/salesforce_cp1252_<rows>.csv`
from `benchmarks/out/salesforce_<rows>.csv` (ingest_speed.export_path makes it when missing),
line by line, with every 1,000th account name (the first on line 2) given a suffix of characters
only cp1252 has among 8-bit code pages (euro sign, curly quotes, en dash) and accented letters, so
the file is detected as cp1252, not ISO-8859-1, and is not UTF-8 anywhere (the generator's names
are Western; a letter cp1252 lacks loses its accent). Run:

    python benchmarks/cp1252_export.py [--rows 1000000,3000000]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from ingest_speed import OUT, _rows_list, export_path  # noqa: E402

SUFFIX = " \u2013 Caf\u00e9 \u201cNord\u201d Z\u00fcrich \u20ac"  # – Café “Nord” Zürich €
EVERY = 1_000
# A UTF-8 lead byte and its continuation bytes (winloss.io.encoding reads such a file as mixed).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def cp1252_path(rows: int) -> Path:
    """The cp1252 export of `rows` rows, made once from the UTF-8 one."""
    path = OUT / f"salesforce_cp1252_{rows}.csv"
    if path.exists():
        return path
    source = export_path(rows)
    part = path.with_suffix(".part")
    with source.open(encoding="utf-8", newline="") as lines, part.open("wb") as out:
        out.write(_cp1252(next(lines)))  # the header
        for number, line in enumerate(lines):
            if number % EVERY == 0 and line.count('","') >= 2:  # not the blank line at the end
                # After the owner's field, before the end of the account's: '"Owner","Account","...'
                end = line.index('","', line.index('","') + 3)
                line = line[:end] + SUFFIX + line[end:]
            encoded = _cp1252(line)
            if _UTF8_SEQUENCE.search(encoded):  # never with this suffix; checked so the file is what it says
                raise ValueError(f"line {number + 2} would read as UTF-8")
            out.write(encoded)
    part.rename(path)
    return path


def _cp1252(line: str) -> bytes:
    """The line in cp1252; a letter cp1252 lacks (the generator's "ō") loses its accent."""
    try:
        return line.encode("cp1252")
    except UnicodeEncodeError:
        return "".join(
            c if c.encode("cp1252", "ignore") else unicodedata.normalize("NFKD", c)[0] for c in line
        ).encode("cp1252")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=_rows_list, default=[1_000_000, 3_000_000])
    for rows in parser.parse_args().rows:
        path = cp1252_path(rows)
        print(f"{path}: {path.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
