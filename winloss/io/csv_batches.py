"""A UTF-8 CSV file of any size read in batches, in bounded memory, as the whole-file reader would read it."""

from __future__ import annotations

import codecs
import dataclasses
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from winloss.io.csv_layout import (
    MAX_SAMPLE_BYTES, detected_layout, footer_cells, footer_start, lines_above_header, offset_after_lines, sample_text,
)
from winloss.io.csv_rows import byte_count, exact_rows, fast_rows, leading_ragged_totals
from winloss.io.encoding import NotUtf8
from winloss.io.subtotals import SubtotalLines, subtotal_lines_note
from winloss.io.sniff import (
    NOT_BLANK, SAMPLE_BYTES, bomless_utf16, excel_like, line_end, looks_like_text, reject_long_first_line, reject_markup,
)
from winloss.io import table
from winloss.io.table import WHITESPACE, FileRejected, TooManyColumns

BATCH_ROWS = 200_000  # rows per batch at most
# Bytes of text parsed at a time, at most (as the file's first rows measure a row). Each text is
# one new bytes object; glibc gives a block above its mmap threshold (which it raises, as such
# blocks are freed, up to 32 MB) fresh pages and unmaps them when it is freed, so a 200,000-row
# text of a typical export (47 MB) cost 12,000 page faults: 55,000-67,000 fewer faults at 1M rows,
# and 0.2-0.5 s less system time, with texts under the threshold, which the heap keeps and reuses.
BATCH_BYTES = 24 << 20
_MAX_PENDING_BYTES = 256 << 20  # a quote left open this long is a stray one: cut at a line end anyway


@dataclass(frozen=True)
class CsvBatch:
    """Some consecutive records of a CSV file, read as `read_table` reads the whole file."""

    frame: pl.DataFrame  # as RawTable.frame: "__line" (the file's own line numbers), then the text columns
    ragged: pl.DataFrame  # RAGGED_SCHEMA
    bytes_done: int  # how far into the file this batch ends
    dashes: pl.DataFrame = dataclasses.field(default_factory=table.no_dashes)  # as RawTable.dashes, this batch's


class BatchesUnavailable(Exception):
    """This file must be read whole (a workbook, binary, or a layout only the whole-file reader handles)."""


class MacLineEnds(BatchesUnavailable):
    """This UTF-8 file ends its lines with a carriage return alone (classic Mac): transcoding.with_newlines
    rewrites it with line feeds to be read in batches, as the whole-file reader rewrites it in memory."""


class NotUtf8Text(BatchesUnavailable):
    """This file is text but not UTF-8 throughout (UTF-16, a code page, or lines in two encodings):
    transcoding.transcoded_csv rewrites it as UTF-8 to be read in batches."""


def _chunks_after(head: bytes, path: Path) -> Iterator[bytes]:
    """`head`, the start of the file at `path`, then the rest of the file a megabyte at a time."""
    yield head
    with path.open("rb") as f:
        f.seek(len(head))
        while chunk := f.read(1 << 20):
            yield chunk


class CsvBatches:
    """A UTF-8 CSV file's layout, judged from its start and end, and its records in batches.

    Opening reads the first MAX_SAMPLE_BYTES and the last 2 x SAMPLE_BYTES only; iterating
    reads the file once, `batch_rows` records at a time, each batch cut after a line end outside
    quotes (a batch whose text would pass `batch_bytes`, as the first rows' length estimates it,
    is read as several texts and yielded as one). What is decided for the whole file (encoding, delimiter, header, footer lines) is
    decided exactly as `read_table` decides it, and each batch's rows, blanks and ragged rows are
    the ones `read_table` finds, numbered by the file's own lines.
    Raises NotUtf8Text for text in another encoding (UTF-16, or a start that is not UTF-8),
    MacLineEnds for classic Mac line ends, and BatchesUnavailable (read the file whole instead) for
    workbooks and binary files.
    """

    def __init__(self, path: str | Path, batch_rows: int = BATCH_ROWS, batch_bytes: int | None = None):
        self.path = Path(path)
        self.batch_rows = max(1, batch_rows)
        self.size = self.path.stat().st_size
        with self.path.open("rb") as f:
            head = f.read(MAX_SAMPLE_BYTES)
            tail_start = max(0, self.size - 2 * SAMPLE_BYTES)
            f.seek(tail_start)
            tail = f.read()
        if self.size == 0 or excel_like(head, self.path.name) or not NOT_BLANK.search(head):
            raise BatchesUnavailable
        reject_long_first_line(_chunks_after(head, self.path))  # before anything holds that line whole
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or bomless_utf16(head[:SAMPLE_BYTES]):
            raise NotUtf8Text
        if not looks_like_text(head[:SAMPLE_BYTES]):
            raise BatchesUnavailable
        try:
            # As encoding.utf8 judges it: not UTF-8 at the start is a code page (a UTF-8 BOM on such
            # text is dropped by the transcoding, as transcoded_legacy drops it).
            codecs.getincrementaldecoder("utf-8")().decode(head[:SAMPLE_BYTES], final=self.size <= SAMPLE_BYTES)
        except UnicodeDecodeError:
            raise NotUtf8Text from None
        if line_end(head.removeprefix(codecs.BOM_UTF8)) == b"\r":
            raise MacLineEnds
        try:
            sample, _ = sample_text(head, self.size)
            if not sample.strip(WHITESPACE):
                raise BatchesUnavailable
            reject_markup(sample)
            # footer_start looks at the last SAMPLE_BYTES only: the tail holds them, from a whole line.
            tail_end, self.footer_lines = footer_start(tail)
            self.body_end = tail_start + tail_end
            sample, complete = sample_text(head, self.body_end)
            if not sample.strip(WHITESPACE):
                raise BatchesUnavailable
            self.layout = detected_layout(sample, complete)
            # Knowing the header's width, a footer block whose lines come in any order is found too
            # (as read_table finds it).
            if (block := footer_start(tail, self.layout))[0] != tail_end:
                tail_end, self.footer_lines = block
                self.body_end = tail_start + tail_end
                self.layout = detected_layout(*sample_text(head, self.body_end))
        except NotUtf8:
            raise NotUtf8Text from None  # the sample's dozen lines reach past the UTF-8 start
        except TooManyColumns:
            raise  # said from the header: reading the whole file would only hold more of it
        except FileRejected:
            raise BatchesUnavailable from None  # the whole-file reader says what is wrong
        self._footer = tail[self.body_end - tail_start :] if self.footer_lines else b""
        self._body_lines: int | None = None  # physical lines before the footer, once the batches are read
        # The totals lines right under the header (table.leading_totals), found in the first rows read.
        self._top: list[tuple[int, list[str]]] = []
        self._subtotals = SubtotalLines()  # the subtotal lines among the rows (winloss.io.subtotals)
        self.encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
        self.delimiter = self.layout.delimiter
        self.columns = list(self.layout.names)
        self._prefix = head[: offset_after_lines(head, self.layout.header_end)]
        self._sample_body = head[len(self._prefix) : len(self._prefix) + SAMPLE_BYTES]
        # A batch whose text would pass `batch_bytes` is read as several texts of equal rows, each
        # parsed alone and their rows yielded together: the checks that follow cost per batch.
        row_bytes = max(1, len(self._sample_body)) / max(1, self._sample_body.count(b"\n"))
        batch_bytes = BATCH_BYTES if batch_bytes is None else batch_bytes
        self._texts_per_batch = max(1, math.ceil(self.batch_rows * row_bytes / max(1, batch_bytes)))
        self._text_rows = max(1, self.batch_rows // self._texts_per_batch)

    def __iter__(self) -> Iterator[CsvBatch]:
        """The batches in file order; raises NotUtf8Text when a batch turns out not to be UTF-8."""
        lines_before = self.layout.header_end  # physical lines before the text's first byte
        header_lines = self._prefix.count(b"\n")
        frames: list[pl.DataFrame] = []
        raggeds: list[pl.DataFrame] = []
        dashes: list[pl.DataFrame] = []
        kept_any = False  # a row of the table was kept: no totals line under the header follows
        for text, done, line_ends in self._chunks():
            offset = lines_before - self.layout.header_end
            try:
                frame, ragged, dashed = fast_rows(text, len(text), self.layout, offset, newlines=header_lines + line_ends)
                if frame is None:
                    frame, ragged, dashed = exact_rows(text, self.layout, offset)
            except NotUtf8:
                raise NotUtf8Text from None
            del text  # freed before the next text is made, so the heap hands its memory on
            if not kept_any:  # totals lines right under the header, as read_table drops them
                frame, top = table.leading_totals(frame)
                ragged, ragged_top = leading_ragged_totals(ragged, frame, self.layout.delimiter)
                self._top = sorted([*self._top, *top, *ragged_top])
                kept_any = frame.height > 0 or ragged.height > 0
            frame = self._subtotals.kept(frame)
            lines_before += line_ends
            frames.append(frame)
            raggeds.append(ragged)
            dashes.append(dashed)
            if len(frames) == self._texts_per_batch or done >= self.body_end:
                yield CsvBatch(_joined(frames), _joined(raggeds), done, _joined(dashes))
                frames, raggeds, dashes = [], [], []
        if frames:
            yield CsvBatch(_joined(frames), _joined(raggeds), self.body_end, _joined(dashes))
        self._body_lines = lines_before

    @property
    def title_notes(self) -> tuple[str, ...]:
        """The file report's sentence naming the lines above the header (table.title_lines_note), as
        read_table words it; empty when the header is the first line or nothing is above it."""
        layout = self.layout
        note = table.title_lines_note(layout.header_line, lines_above_header(self._prefix, layout), layout.delimiter)
        return (note,) if note else ()

    @property
    def footer_notes(self) -> tuple[str, ...]:
        """The file report's sentences naming the totals lines under the header and the footer lines
        dropped (table.dropped_lines_notes), then the subtotal lines left out (subtotals.subtotal_lines_note),
        as read_table words them; known once every batch is read (empty before, or without any)."""
        if self._body_lines is None:
            return ()
        footer = footer_cells(self._footer, self._body_lines + 1, self.delimiter) if self.footer_lines else []
        subtotal = subtotal_lines_note(self._subtotals.lines)
        return (*table.dropped_lines_notes([*self._top, *footer]), *((subtotal,) if subtotal else ()))

    def _chunks(self) -> Iterator[tuple[bytes, int, int]]:
        """(the header lines and then a batch's records or fewer (its `_text_rows`), offset reached,
        line ends after the header lines), each cut after a line end outside quotes.

        The file is read into one buffer, kept from batch to batch: the bytes after a cut move to
        its start and the next read fills the rest. Each byte is copied once after it is read (into
        the batch's text). Joining and slicing bytes cost more than Polars' parsing of the same
        batch, and a fresh buffer for each read cost a third as much again in page faults.
        """
        position = len(self._prefix)
        lines = max(1, self._sample_body.count(b"\n"))
        # Read about one batch at a time: the sample's bytes per line times the batch's rows.
        step = max(1 << 16, min(_MAX_PENDING_BYTES // 2, int(self._text_rows * len(self._sample_body) / lines * 1.1)))
        quoted = b'"' in self._prefix or b'"' in self._sample_body
        buffer = bytearray(min(step, max(1, self.body_end - position)))
        held = 0  # bytes read and not yet yielded, at the buffer's start
        with self.path.open("rb") as f:
            f.seek(position)
            while True:
                end = _record_end(buffer, self._text_rows, quoted, held) if held else None
                if end is None and held > _MAX_PENDING_BYTES:  # a quote that never closes
                    last = buffer.rfind(b"\n", 0, held) + 1
                    end = (last, byte_count(buffer, "\n", last)) if last else None
                if end is None and held > table.LONGEST_LINE_BYTES:
                    if held - (buffer.rfind(b"\n", 0, held) + 1) > table.LONGEST_LINE_BYTES:
                        raise table.line_too_long()  # holding more of one line would grow without bound
                if end is not None:
                    cut, line_ends = end
                    with memoryview(buffer) as view:
                        text = b"".join((self._prefix, view[:cut]))
                    yield text, position - (held - cut), line_ends
                    del text  # before the next text is made, so the heap can hand its memory on
                    buffer[: held - cut] = buffer[cut:held]
                    held -= cut
                    continue
                room = self.body_end - position
                if room <= 0:
                    if held:
                        with memoryview(buffer) as view:
                            text = b"".join((self._prefix, view[:held]))
                        yield text, position, byte_count(buffer, "\n", held)
                    return
                if held == len(buffer):  # no whole batch fits: long records, or a quote still open
                    buffer.extend(bytes(max(step, len(buffer))))
                with memoryview(buffer) as view:
                    got = f.readinto(view[held : held + min(len(buffer) - held, room)])
                if not got:  # the file shrank while being read
                    self.body_end = position
                    continue
                quoted = quoted or buffer.find(b'"', held, held + got) >= 0
                held += got
                position += got


def _joined(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """The frames' rows in order (one frame as it is; several not copied into one)."""
    return frames[0] if len(frames) == 1 else pl.concat(frames, rechunk=False)


def _record_end(data: bytes | bytearray, records: int, quoted: bool, size: int | None = None) -> tuple[int, int] | None:
    """(the offset just after the `records`-th line end outside quotes, the line ends before that
    offset), or None when data[:size] (all of `data` by default) has fewer.

    A line end is outside quotes when the quotes before it are even (an escaped quote "" adds two).
    Line ends and quotes are counted with numpy a few megabytes at a time, in one pass (bytes.count
    crawls on a fully quoted export, and one comparison over a whole batch allocates as much as the
    batch). The line ends counted are handed on, so the batch's rows are numbered, and checked
    against Polars' rows, without counting them again.
    """
    size = len(data) if size is None else size
    array = np.frombuffer(data, dtype=np.uint8, count=size)
    piece = array[:0]
    seen, quotes, cut, step = 0, 0, None, 1 << 22
    for start in range(0, array.size, step):
        piece = array[start : start + step]
        ends = piece == 10
        found = int(np.count_nonzero(ends))
        if seen + found >= records:
            at = int(np.flatnonzero(ends)[records - seen - 1])
            cut, seen = start + at, records
            if quoted:
                quotes += int(np.count_nonzero(piece[:at] == 34))
            break
        seen += found
        if quoted:
            quotes += int(np.count_nonzero(piece == 34))
    del array, piece  # a bytearray cannot be resized while numpy views it
    if cut is None:
        return None
    if quotes % 2 == 0:
        return cut + 1, seen
    # A quoted value holds line breaks: the record goes on to the next line end with even quotes before it.
    while True:
        following = data.find(b"\n", cut + 1, size)
        if following < 0:
            return None
        quotes += data.count(b'"', cut, following)
        cut, seen = following, seen + 1
        if quotes % 2 == 0:
            return cut + 1, seen
