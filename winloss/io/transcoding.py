"""A CSV file that is not UTF-8 rewritten as UTF-8 on disk, a chunk at a time, as the whole-file reader decodes it.

The whole-file reader (csv_file.csv_table with encoding.utf8 and encoding.transcoded_legacy)
decodes a file's bytes in memory; this gives the same UTF-8 bytes, the same encoding name and the
same note in bounded memory, so csv_batches can read the result in batches. The decisions that
depend on the whole file are the same decisions:

- UTF-16 (a BOM, or NUL bytes where UTF-16 puts them in the first SAMPLE_BYTES) is decoded
  whole or not at all: a file that does not decode is refused with read_table's sentence.
- Otherwise the code page is guessed from the first 4 x SAMPLE_BYTES (after a UTF-8 BOM); if a
  line with a character written in UTF-8 decodes wholly as UTF-8 anywhere (encoding.has_utf8_line),
  each line is decoded on its own ("mixed"); if a
  guessed code page fails on any byte, the whole file is read as Western text (encoding.WESTERN),
  which never fails; Western text is named cp1252 when any byte in 0x80-0x9F appears anywhere,
  else ISO-8859-1.
- Text with classic Mac line ends (no "\n" in the first SAMPLE_BYTES of the UTF-8 text, but a "\r")
  has every "\r" made a "\n", as csv_file does after decoding.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from winloss.io.encoding import (
    MIXED_NAME,
    WESTERN,
    decoded_line,
    decoder,
    has_cp1252_bytes,
    has_utf8_line,
    legacy_encoding,
    mixed_encoding_note,
    western_name,
)
from winloss.io import table
from winloss.io.sniff import SAMPLE_BYTES, bomless_utf16, line_end
from winloss.io.table import AGAIN, FileRejected

Told = Callable[[int], None]
"""Told the bytes of the source read so far in a pass, for a progress bar."""


def _untold(done: int) -> None:
    return None


CHUNK_BYTES = 8 << 20  # read, decode and write this much at a time (about 30 MB of memory at most)


@dataclass(frozen=True)
class Transcoded:
    """A file (`source`) decoded to UTF-8 at `path`, and what the whole-file reader would say about its encoding."""

    source: Path
    path: Path
    encoding: str  # as RawTable.encoding: "utf-16", "cp1252", "iso-8859-1", ... or "utf-8+cp1252" for a mixed file
    sha256: str  # of the original bytes (hex), which identify the upload
    notes: tuple[str, ...] = ()  # the note a mixed file gets, naming its lines in the code page


def transcoded_csv(source: Path, target: Path, chunk_bytes: int | None = None, told: Told = _untold) -> Transcoded:
    """Write `source`, text known not to be UTF-8 throughout, to `target` as UTF-8 and say how it was read.

    Reads `source` once (twice for a mixed or undecodable file), `chunk_bytes` (CHUNK_BYTES) at a time.
    Raises FileRejected when the file is UTF-16 that does not decode or has a line longer than
    table.LONGEST_LINE_BYTES, OSError when it cannot be read. `told` is told the bytes of `source`
    read so far in each pass (a pass starts again from 0), for a progress bar.
    """
    chunk_bytes = max(1, chunk_bytes or CHUNK_BYTES)  # read when called, so a test can make chunks tiny
    with source.open("rb") as f:
        head = f.read(4 * SAMPLE_BYTES + len(codecs.BOM_UTF8))
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        transcoded = _utf16(source, target, "utf-16", chunk_bytes, told)
    elif byte_order := bomless_utf16(head[:SAMPLE_BYTES]):
        transcoded = _utf16(source, target, byte_order, chunk_bytes, told)
    else:
        transcoded = _legacy(source, target, head, chunk_bytes, told)
    _mac_line_ends_made_newlines(target, chunk_bytes)
    return transcoded


def with_newlines(source: Path, target: Path, chunk_bytes: int | None = None, told: Told = _untold) -> Transcoded:
    """`source`, UTF-8 text at least at its start whose lines end in "\\r" alone (classic Mac), written
    to `target` with every "\\r" made "\\n", as csv_file does in memory; a chunk at a time.

    The encoding is named as encoding.utf8 names it ("utf-8", or "utf-8-sig" after a BOM, which
    is kept). Text further down that is not UTF-8 is left as it is: reading `target` then raises
    csv_batches.NotUtf8Text, and the file is transcoded instead. Raises OSError when it cannot be read.
    `told` is told the bytes read so far.
    """
    chunk_bytes = max(1, chunk_bytes or CHUNK_BYTES)
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for chunk in _chunks(source, chunk_bytes, told):
            digest.update(chunk)
            out.write(chunk.replace(b"\r", b"\n"))
    with source.open("rb") as f:
        bom = f.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
    return Transcoded(source, target, "utf-8-sig" if bom else "utf-8", digest.hexdigest())


def _chunks(source: Path, chunk_bytes: int, told: Told):
    done = 0
    told(done)
    with source.open("rb") as f:
        while chunk := f.read(chunk_bytes):
            yield chunk
            done += len(chunk)
            told(done)


def _utf16(source: Path, target: Path, codec: str, chunk_bytes: int, told: Told) -> Transcoded:
    """UTF-16 decoded as bytes.decode(codec) decodes it; FileRejected when it does not decode."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        with target.open("wb") as out:
            for chunk in _chunks(source, chunk_bytes, told):
                digest.update(chunk)
                out.write(decoder.decode(chunk).encode("utf-8"))
            out.write(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeError:  # read_table says this of a file it cannot decode
        raise FileRejected(f"This file could not be read as a CSV or Excel export: {AGAIN}.") from None
    return Transcoded(source, target, "utf-16", digest.hexdigest())


def _legacy(source: Path, target: Path, head: bytes, chunk_bytes: int, told: Told) -> Transcoded:
    # `head`: the first bytes of the file, a UTF-8 BOM included.
    """Text in a code page (or lines in two encodings) as encoding.transcoded_legacy decodes it.

    The first pass hashes the file, looks for a character written in UTF-8 and decodes in the
    guessed code page meanwhile, which is all a file in one code page needs; a file found mixed or
    undecodable is decoded again in a second pass. Whether it is mixed is judged a whole line at a
    time (encoding.has_utf8_line): a double-byte character cut by a chunk's end is judged with its line.
    """
    text_start = head.removeprefix(codecs.BOM_UTF8)
    encoding = legacy_encoding(text_start[: 4 * SAMPLE_BYTES])
    digest = hashlib.sha256()
    text_decoder = decoder(encoding)
    mixed = failed = cp1252_bytes = False
    pending = b""  # the text after the last line end: its line is judged when it ends
    with target.open("wb") as out:
        for raw, text in _text_chunks(source, chunk_bytes, told, len(head) - len(text_start)):
            digest.update(raw)
            cp1252_bytes = cp1252_bytes or has_cp1252_bytes(text)
            if not mixed:
                window = pending + text
                cut = max(window.rfind(b"\n"), window.rfind(b"\r")) + 1
                mixed, pending = has_utf8_line(window[:cut]), window[cut:]
                if len(pending) > table.LONGEST_LINE_BYTES:
                    raise table.line_too_long()  # judged whole, a line is held whole: refuse one too long
            if not (mixed or failed):
                try:
                    out.write(text_decoder.decode(text).encode("utf-8"))
                except UnicodeDecodeError:
                    failed = True
        mixed = mixed or has_utf8_line(pending)
        if not (mixed or failed):
            try:
                out.write(text_decoder.decode(b"", final=True).encode("utf-8"))
            except UnicodeDecodeError:
                failed = True
    if mixed:
        legacy, count = _decoded_by_line(source, target, encoding, chunk_bytes, told, line_end(text_start))
        return Transcoded(source, target, MIXED_NAME.format(encoding), digest.hexdigest(), (mixed_encoding_note(legacy, count, encoding),))
    if failed:
        _decoded_whole(source, target, "cp1252", chunk_bytes, told)  # Western text: every byte is a character
        encoding = "cp1252"
    if encoding in WESTERN:
        encoding = western_name(cp1252_bytes)
    return Transcoded(source, target, encoding, digest.hexdigest())


def _text_chunks(source: Path, chunk_bytes: int, told: Told, skip: int = -1):
    """(bytes read, the text in them) for each chunk: the text leaves out a leading UTF-8 BOM
    (`skip` bytes of it; -1: look for one)."""
    if skip < 0:
        with source.open("rb") as f:
            skip = len(codecs.BOM_UTF8) if f.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8 else 0
    for chunk in _chunks(source, chunk_bytes, told):
        dropped = min(skip, len(chunk))
        skip -= dropped
        yield chunk, (chunk[dropped:] if dropped else chunk)


def _decoded_whole(source: Path, target: Path, encoding: str, chunk_bytes: int, told: Told) -> None:
    text_decoder = decoder(encoding)
    with target.open("wb") as out:
        for _, text in _text_chunks(source, chunk_bytes, told):
            out.write(text_decoder.decode(text).encode("utf-8"))
        out.write(text_decoder.decode(b"", final=True).encode("utf-8"))


def _decoded_by_line(
    source: Path, target: Path, encoding: str, chunk_bytes: int, told: Told, newline: bytes = b"\n"
) -> tuple[list[int], int]:
    """Each line (split at `newline`, sniff.line_end's byte) decoded on its own as
    encoding.decoded_line decodes it, written ending in "\\n"; the first five numbers of the lines
    that are not UTF-8 and how many there are (encoding.legacy_lines). Raises FileRejected for a
    line longer than table.LONGEST_LINE_BYTES."""
    legacy: list[int] = []
    count = 0
    line_number = 1  # of the first line of `pending`
    pending = b""
    with target.open("wb") as out:
        for _, text in _text_chunks(source, chunk_bytes, told):
            pending += text
            end = pending.rfind(newline) + 1
            if not end:
                if len(pending) > table.LONGEST_LINE_BYTES:
                    raise table.line_too_long()
                continue
            block, pending = pending[:end], pending[end:]
            try:  # most blocks of a mixed file are UTF-8 throughout: one check instead of one per line
                block.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                out.write(block if newline == b"\n" else block.replace(newline, b"\n"))
                line_number += block.count(newline)
                continue
            for line in block[:-1].split(newline):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    count += 1
                    if len(legacy) < 5:
                        legacy.append(line_number)
                out.write(decoded_line(line, encoding).encode("utf-8") + b"\n")
                line_number += 1
        try:  # the last line, after the last "\n" (empty when the file ends with one)
            pending.decode("utf-8")
        except UnicodeDecodeError:
            count += 1
            if len(legacy) < 5:
                legacy.append(line_number)
        out.write(decoded_line(pending, encoding).encode("utf-8"))
    return legacy, count


def _mac_line_ends_made_newlines(target: Path, chunk_bytes: int) -> None:
    """Every "\\r" made "\\n" in place when the text's lines end in "\\r" (sniff.line_end: classic Mac line ends)."""
    with target.open("r+b") as f:
        if line_end(f.read(SAMPLE_BYTES)) == b"\n":
            return
        f.seek(0)
        position = 0
        while chunk := f.read(chunk_bytes):
            f.seek(position)
            f.write(chunk.replace(b"\r", b"\n"))
            position += len(chunk)
            f.seek(position)


__all__ = ["CHUNK_BYTES", "MIXED_NAME", "Told", "Transcoded", "transcoded_csv", "with_newlines"]
