"""Files in another encoding rewritten as UTF-8 a chunk at a time: the same text, encoding name and
note as the whole-file reader's decoding of the same bytes, wherever the chunks are cut."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from winloss.io.encoding import (
    _UTF8_SEQUENCE,
    MIXED,
    MIXED_NAME,
    has_utf8_line,
    in_its_script,
    legacy_lines,
    mixed_encoding_note,
    transcoded_legacy,
    utf8,
)
from winloss.io.readers import read_table
from winloss.io.sniff import SAMPLE_BYTES
from winloss.io.table import FileRejected
from winloss.io.transcoding import transcoded_csv, with_newlines


def whole_file_decoding(data: bytes) -> tuple[bytes, str, tuple[str, ...]]:
    """What csv_file.csv_table decodes a file to that is not UTF-8 throughout: its UTF-8 text (Mac
    line ends made newlines), its encoding as the file report names it, and its notes."""
    text, encoding = utf8(data)
    if encoding in ("utf-8", "utf-8-sig"):  # the parser finds the byte that is not UTF-8
        text, encoding = transcoded_legacy(data)
    notes: tuple[str, ...] = ()
    if encoding.startswith(MIXED):
        legacy = encoding.removeprefix(MIXED)
        lines = legacy_lines(data.removeprefix(codecs.BOM_UTF8))
        encoding, notes = MIXED_NAME.format(legacy), (mixed_encoding_note(lines[:5], len(lines), legacy),)
    if b"\n" not in text[:SAMPLE_BYTES] and b"\r" in text[:SAMPLE_BYTES]:
        text = text.replace(b"\r", b"\n")
    return text, encoding, notes


def assert_transcoded_as_whole(data: bytes, tmp_path: Path, chunk_bytes: int | None = None) -> str:
    source, target = tmp_path / "export.csv", tmp_path / "utf-8.csv"
    source.write_bytes(data)
    got = transcoded_csv(source, target, chunk_bytes)
    text, encoding, notes = whole_file_decoding(data)
    assert target.read_bytes() == text
    assert (got.encoding, got.notes) == (encoding, notes)
    assert got.sha256 == hashlib.sha256(data).hexdigest() and got.source == source and got.path == target
    return got.encoding


LINE = st.text(alphabet="ab ,;\"\r\té€“”–ñÅ東🚀\x81", max_size=14)


def encoded(lines: list[str], kind: str, per_line: list[bool]) -> bytes:
    """The lines joined by newlines in one encoding, or (kind "mixed") each in UTF-8 or cp1252."""
    if kind == "mixed":
        return b"\n".join(
            line.encode("utf-8") if utf else line.encode("cp1252", "replace") for line, utf in zip(lines, per_line, strict=False)
        )
    text = "\n".join(lines)
    if kind in ("utf-16", "utf-16-le", "utf-16-be"):
        return text.encode(kind)
    bom = codecs.BOM_UTF8 if kind == "bom+cp1252" else b""
    return bom + text.encode(kind.removeprefix("bom+"), "replace")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(LINE, min_size=1, max_size=8),
    kind=st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "cp1252", "iso-8859-1", "bom+cp1252", "mixed", "cp932"]),
    per_line=st.lists(st.booleans(), min_size=8, max_size=8),
    chunk_bytes=st.integers(1, 40),
)
def test_any_text_in_any_chunks_decodes_as_the_whole_file_decodes_it(tmp_path, lines, kind, per_line, chunk_bytes):
    """Chunks of a few bytes cut every multi-byte character somewhere (UTF-16 surrogate pairs,
    Shift-JIS pairs, UTF-8 characters in a mixed file, the UTF-8 BOM itself)."""
    data = encoded(lines, kind, per_line)
    if not kind.startswith("utf-16"):
        try:
            data.decode("utf-8")
            assume(False)  # UTF-8 throughout: read in batches as it is, never transcoded
        except UnicodeDecodeError:
            pass
    if kind in ("utf-16-le", "utf-16-be"):
        assume(not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)))
    try:
        whole_file_decoding(data)
    except (UnicodeDecodeError, FileRejected):  # UTF-16 that does not decode (checked below), or binary: never transcoded
        assume(False)
    assert_transcoded_as_whole(data, tmp_path, chunk_bytes)


@pytest.mark.parametrize("chunk_bytes", [1, 2, 3, 5, 4096, None])
def test_a_file_in_one_code_page_a_mixed_file_and_an_undecodable_one(tmp_path, chunk_bytes):
    euro = "Opportunity ID,Account\nOPP-1,\u201cBest\u201d Caf\u00e9 \u20ac\n".encode("cp1252")
    assert assert_transcoded_as_whole(euro, tmp_path, chunk_bytes) == "cp1252"
    latin = "Opportunity ID,Account\nOPP-1,Caf\u00e9\n".encode("iso-8859-1")
    assert assert_transcoded_as_whole(latin, tmp_path, chunk_bytes) == "iso-8859-1"
    # Six cp1252 lines among UTF-8 ones: the note names the first five and counts the rest.
    lines = [("OPP-%d,Caf\u00e9" % n).encode("cp1252" if n % 2 else "utf-8") for n in range(12)]
    mixed = b"Opportunity ID,Account\n" + b"\n".join(lines) + b"\n"
    encoding = assert_transcoded_as_whole(mixed, tmp_path, chunk_bytes)
    assert encoding == "utf-8+iso-8859-1"
    # 0x81 is no character in cp1252: it is kept as U+0081, and the euro sign stays a euro sign.
    undefined = "Opportunity ID,Account\nOPP-1,\u20ac\n".encode("cp1252") + b"OPP-2,\x81x\n"
    assert assert_transcoded_as_whole(undefined, tmp_path, chunk_bytes) == "cp1252"
    assert (tmp_path / "utf-8.csv").read_text(encoding="utf-8").endswith("OPP-1,\u20ac\nOPP-2,\x81x\n")


def test_the_mixed_note_names_the_lines_in_the_code_page(tmp_path):
    lines = [("OPP-%d,Caf\u00e9" % n).encode("cp1252" if n % 2 else "utf-8") for n in range(12)]
    source = tmp_path / "mixed.csv"
    source.write_bytes(b"Opportunity ID,Account\n" + b"\n".join(lines) + b"\n")
    got = transcoded_csv(source, tmp_path / "utf-8.csv", 7)
    assert got.notes == (
        "This file mixes two encodings: lines 3, 5, 7, 9, 11 and 1 more are in iso-8859-1, the rest in UTF-8; "
        "each line was read in its own encoding, so check the names on those lines.",
    )
    assert read_table(source.read_bytes(), "mixed.csv").notes == got.notes


def test_a_byte_far_down_decides_for_the_whole_file(tmp_path):
    """A UTF-8 character (or a byte the code page lacks) beyond the first chunk changes how the first chunk reads."""
    start = "Opportunity ID,Account\n" + "OPP-1,Caf\u00e9 \u201cNord\u201d\n" * 5000
    late_utf8 = start.encode("cp1252") + "OPP-2,Caf\u00e9\n".encode("utf-8")
    assert assert_transcoded_as_whole(late_utf8, tmp_path, 4096) == "utf-8+cp1252"
    late_undefined = "Opportunity ID,Account\nOPP-1,\u201cBest\u201d Caf\u00e9 \u20ac\n".encode("cp1252") + b"OPP-2,\x81x\n"
    assert assert_transcoded_as_whole(late_undefined, tmp_path, 8) == "cp1252"  # no longer ISO-8859-1 from its fifth chunk
    # A euro sign first met beyond the guessing sample: the file is still cp1252, not ISO-8859-1
    # (which made the euro sign and curly quotes control characters).
    late_euro = ("Opportunity ID,Account\n" + "OPP-1,Caf\u00e9\n" * 40_000 + "OPP-2,\u2019Nord\u2019 \u20ac\n").encode("cp1252")
    assert len(late_euro) > 4 * 64 * 1024
    assert assert_transcoded_as_whole(late_euro, tmp_path, 4096) == "cp1252"
    assert (tmp_path / "utf-8.csv").read_text(encoding="utf-8").endswith("OPP-2,\u2019Nord\u2019 \u20ac\n")


def test_classic_mac_line_ends_become_newlines(tmp_path):
    data = "Opportunity ID\rOPP-1 Caf\u00e9\rOPP-2\r".encode("cp1252")
    assert_transcoded_as_whole(data, tmp_path, 3)
    assert (tmp_path / "utf-8.csv").read_bytes() == "Opportunity ID\nOPP-1 Caf\u00e9\nOPP-2\n".encode()


@pytest.mark.parametrize(
    "data",
    ["Opportunity ID\nOPP-1\n".encode("utf-16") + b"x", codecs.BOM_UTF16_LE + "ID\n".encode("utf-16-le") + b"\x00\xd8A\x00"],
    ids=["odd byte", "lone surrogate"],
)
def test_utf16_that_does_not_decode_is_refused_with_the_whole_file_readers_sentence(tmp_path, data):
    source = tmp_path / "broken.csv"
    source.write_bytes(data)
    with pytest.raises(FileRejected) as streamed:
        transcoded_csv(source, tmp_path / "utf-8.csv", 3)
    with pytest.raises(FileRejected) as whole:
        read_table(data, "broken.csv")
    assert str(streamed.value) == str(whole.value)


# Bytes that make or break UTF-8 characters (lead bytes of 2, 3 and 4 bytes, continuation bytes), and others.
UTF8_PARTS = st.sampled_from([b"a", b"\xc3", b"\xa9", b"\xe2", b"\x82", b"\xac", b"\xf0", b"\x9f", b"\xe9", b"\xff"])


def utf8_line_by_line(data: bytes) -> bool:
    """has_utf8_line the slow way: a line (ended by "\\n" or "\\r") with a UTF-8 character that decodes as UTF-8."""
    for line in re.split(rb"[\r\n]", data):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _UTF8_SEQUENCE.search(line):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(st.binary(max_size=64), st.lists(st.one_of(UTF8_PARTS, st.just(b"\n"), st.just(b"\r")), max_size=24).map(b"".join)))
def test_a_utf8_line_is_found_where_decoding_each_line_finds_it(data):
    assert has_utf8_line(data) is utf8_line_by_line(data)


def test_a_utf8_line_across_two_numpy_windows_is_found():
    window = 1 << 22
    for at in (window - 3, window - 2, window - 1):
        data = bytearray(b"a" * (window + 8))
        data[at : at + 4] = "\U0001f680".encode()  # four bytes, cut by the window's end
        assert has_utf8_line(bytes(data)) and utf8_line_by_line(bytes(data))
    assert not has_utf8_line(b"a" * (window + 8) + b"\xe9")
    # A line that fails UTF-8 before the window's end: the UTF-8 line beyond it is still found.
    failing = b"\xe9" + b"a" * window + "\xe9\n".encode()
    assert not has_utf8_line(failing) and has_utf8_line(failing + "Caf\u00e9".encode())


def test_double_byte_characters_that_look_like_utf8_do_not_make_a_line_utf8():
    """Most Shift-JIS, GBK, EUC-KR and Big5 characters are a lead byte and a byte that UTF-8 would
    continue it with ("\u5c71" in cp932 is 0x8E 0x52, "\u738b" in GBK 0xCD 0xF5, "\uc0bc" in cp949 0xBB 0xEF...);
    a line of them does not decode as UTF-8 throughout, so it is no UTF-8 line."""
    for text, encoding in [("佐藤花子,ソニー株式会社", "cp932"), ("王伟,中国银行", "gbk"), ("삼성전자,김민준", "cp949"), ("黃志明,鴻海精密工業", "big5")]:
        data = f"OPP-1,{text}\nOPP-2,{text}\n".encode(encoding)
        assert _UTF8_SEQUENCE.search(data), encoding  # the pairs are there
        assert not has_utf8_line(data), encoding
        assert has_utf8_line(data + f"OPP-3,{text}\n".encode()), encoding


CODE_PAGES = Path(__file__).parent.parent / "fixtures" / "code_pages"


def expected_text(path: Path) -> str:
    """The text a short export in tests/fixtures/code_pages holds, from its UTF-8 twin (.expected.txt)."""
    return path.with_name(f"{path.stem}.expected.txt").read_bytes().decode("utf-8")


@pytest.mark.parametrize("path", sorted(CODE_PAGES.glob("*.csv")), ids=lambda p: p.stem)
def test_a_short_export_is_read_in_its_own_script_whole_and_in_chunks(tmp_path, path):
    """Six or seven deals give the code-page guess little to go on. Western ones (French, German,
    English, Spanish, Nordic names; euro signs and curly quotes; with or without a byte cp1252 lacks)
    are read as Western text: French names with a stray 0x81 were read as Arabic (cp1256), the byte
    as "\u067e". Cyrillic, Greek, Arabic, Hebrew, Japanese, Chinese and Korean ones keep their script."""
    data = path.read_bytes()
    text, encoding = transcoded_legacy(data)
    assert text.decode("utf-8") == expected_text(path)
    assert (encoding == "cp1252") == path.stem.startswith("western_"), encoding  # one code page: never "mixed"
    assert assert_transcoded_as_whole(data, tmp_path, 5) == encoding
    assert (tmp_path / "utf-8.csv").read_bytes().decode("utf-8") == expected_text(path)


LONG_CJK = sorted(CODE_PAGES.glob("*_long.csv"))


@pytest.mark.parametrize("chunk_bytes", [3, 999, 1001, None])
@pytest.mark.parametrize("path", LONG_CJK, ids=lambda p: p.stem)
def test_a_long_file_in_a_double_byte_code_page_is_one_encoding_wherever_the_chunks_are_cut(tmp_path, path, chunk_bytes):
    """Four hundred Japanese, Chinese or Korean deals: their two-byte characters look like UTF-8 to a
    byte pair check, which called the file "mixes two encodings" (and decoded it line by line). An odd
    chunk size ends chunks inside a character."""
    data = path.read_bytes()
    assert len(data) > 20 * 1001
    if chunk_bytes in (999, 1001):  # some chunk ends between the two bytes of a character
        cut_inside = []
        for at in range(chunk_bytes, len(data), chunk_bytes):
            decoder = codecs.getincrementaldecoder(transcoded_legacy(data)[1])()
            decoder.decode(data[:at])
            cut_inside.append(bool(decoder.getstate()[0]))  # a lead byte waits for its second byte
        assert any(cut_inside)
    encoding = assert_transcoded_as_whole(data, tmp_path, chunk_bytes)
    assert not encoding.startswith(("utf-8", MIXED)) and encoding == transcoded_legacy(data)[1]
    assert transcoded_csv(path, tmp_path / "again.csv", chunk_bytes).notes == ()
    assert (tmp_path / "utf-8.csv").read_bytes().decode("utf-8") == expected_text(path)
    assert read_table(data, path.name).notes == ()


def test_a_double_byte_file_with_one_utf8_line_is_mixed_in_both_readers(tmp_path):
    """Genuinely two encodings: a Japanese (cp932) export with its line 18 saved as UTF-8 by another tool."""
    path = CODE_PAGES.parent / "encodings" / "japanese_cp932_one_utf8_line.csv"
    data = path.read_bytes()
    for chunk_bytes in (3, 7, None):
        assert assert_transcoded_as_whole(data, tmp_path, chunk_bytes) == "utf-8+cp932"
    note = (
        "This file mixes two encodings: lines 2, 3, 4, 5, 6 and 24 more are in cp932, the rest in UTF-8; "
        "each line was read in its own encoding, so check the names on those lines."
    )
    assert transcoded_csv(path, tmp_path / "chunked.csv", 5).notes == read_table(data, path.name).notes == (note,)
    rows = (tmp_path / "chunked.csv").read_text(encoding="utf-8").splitlines()
    assert rows[2].startswith("OPP-0002,鈴木一郎,任天堂,") and rows[17].startswith("OPP-0017,佐藤花子,東京海上日動,")


@pytest.mark.parametrize(
    ("text", "encoding", "in_script"),
    [
        ("Иван Петров,ООО Ромашка", "cp1251", True),
        ("Κώστας Ιωάννου", "cp1253", True),
        ("مُحَمَّد أحمد", "cp1256", True),  # vowel signs do not cut a word in two
        ("山田太郎,株式会社トヨタ", "cp932", True),
        # German names misread as Cyrillic: the letters come one or two at a time inside Latin words.
        ("J\u044crgen M\u044cller,B\u0434ckerei Gr\u0446\u044fe", "cp1251", False),
        # French names misread as Arabic: cp1256 keeps é, è, ô; the stray 0x81 alone is Arabic ("پ").
        ("Ren\u00e9e Dubois,Cr\u00e9dit Agricole \u067e,\u20ac300", "cp1256", False),
        ("Hélène \u067e\u067e", "cp1256", False),  # one two-letter word is no text in the script
        ("Иван Rossi, Jürgen Müller, Renée Dubois, Hélène Faure", "cp1251", False),  # outnumbered
    ],
)
def test_a_guess_is_trusted_only_for_text_in_its_script(text, encoding, in_script):
    assert in_its_script(text, encoding) is in_script


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Иван Петров,ООО Ромашка,Сергей Кузнецов,Северсталь", "cp866"),
        ("Иван Петров,ООО Ромашка,Сергей Кузнецов,Северсталь", "iso-8859-5"),
        ("Иван Петров,ООО Ромашка,Сергей Кузнецов,Северсталь", "mac-cyrillic"),
        ("Иван Петров,ООО Ромашка,Сергей Кузнецов,Северсталь", "koi8-r"),
        ("Άννα Οικονόμου,Άρης Βλάχος,Αθηναϊκή Ζυθοποιία", "iso-8859-7"),  # cp1253 reads "Ά" as "¶"
        ("Άννα Οικονόμου,Άρης Βλάχος,Αθηναϊκή Ζυθοποιία", "cp1253"),
        ("محمد أحمد,شركة الاتصالات السعودية", "iso-8859-6"),
        ("สมชาย ใจดี,บริษัท ไทยเบฟเวอเรจ จำกัด,ปิดการขาย", "cp874"),  # read as Western text: "ÊÁªÒÂ ã¨´Õ"
    ],
)
def test_text_in_a_single_byte_code_page_of_its_script_is_read_in_it(text, encoding):
    """Cyrillic in DOS (cp866), ISO-8859-5 or Mac code pages, Greek and Arabic in ISO-8859: such a
    guess was not trusted and the file read as Western text ("\u0088\u00a2\u00a0\u00ad" for "Иван")."""
    data = ("Opportunity ID,Opportunity Owner,Account Name\n" + "".join(f"OPP-{n},{text}\n" for n in range(1, 5))).encode(encoding)
    decoded_text, used = transcoded_legacy(data)
    assert decoded_text.decode("utf-8").splitlines()[1] == f"OPP-1,{text}", used
    assert used == encoding  # named as written: Russian DOS text was named cp1125 (Ukrainian DOS), which reads it alike


@pytest.mark.parametrize("chunk_bytes", [1, 2, 5, 1 << 20])
@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_classic_mac_line_ends_are_made_newlines_as_the_whole_file_reader_makes_them(tmp_path, chunk_bytes, bom):
    text = bom + "Owner,Account\rInès,Café Løvland\rZoë,Straße & Co\r".encode()
    source, target = tmp_path / "mac.csv", tmp_path / "out.csv"
    source.write_bytes(text)
    rewritten = with_newlines(source, target, chunk_bytes)
    assert target.read_bytes() == bom + "Owner,Account\nInès,Café Løvland\nZoë,Straße & Co\n".encode()
    assert rewritten.encoding == utf8(text)[1] == ("utf-8-sig" if bom else "utf-8")
    assert rewritten.sha256 == hashlib.sha256(text).hexdigest() and rewritten.source == source
    table = read_table(text, "mac.csv")
    assert table.frame.height == 2 and table.frame.get_column("Account").to_list() == ["Café Løvland", "Straße & Co"]


@pytest.mark.parametrize("chunk_bytes", [3, 1 << 20])
def test_a_mixed_file_with_classic_mac_line_ends_is_read_and_numbered_line_by_line(tmp_path, chunk_bytes):
    """Lines end in "\\r" alone: each is decoded in its own encoding and the note numbers it. Split at
    "\\n", the whole file was one line, read in the code page: "Zoë" on a UTF-8 line became "ZoÃ«",
    and the note named line 1 only."""
    data = b"\r".join(
        ["Opportunity ID,Opportunity Owner".encode(), "OPP-1,Zoë Brandt".encode(), "OPP-2,Zoë Brandt".encode("cp1252"),
         "OPP-3,Zoë Brandt".encode(), "OPP-4,Zoë Brandt".encode("cp1252"), b""]
    )
    assert legacy_lines(data) == [3, 5]
    table = read_table(data, "mixed-mac.csv")
    assert table.frame.get_column("Opportunity Owner").to_list() == ["Zoë Brandt"] * 4
    assert "lines 3, 5 are in" in table.notes[-1]
    assert_transcoded_as_whole(data, tmp_path, chunk_bytes)


@pytest.mark.parametrize(
    "data",
    [
        b"Opportunity ID,Account\r\nOPP-1," + "Caf\u00e9 ".encode("cp1252") * 1000,  # one code page, no line end
        "Opportunity ID,Account\nOPP-1,Zoë\n".encode() + "OPP-2,Zoë ".encode("cp1252") * 1000,  # mixed
        "Opportunity ID,Account\rOPP-1,Zoë\r".encode() + "OPP-2,Zoë ".encode("cp1252") * 1000,  # mixed, Mac line ends
    ],
    ids=["code page", "mixed", "mixed with Mac line ends"],
)
def test_a_line_longer_than_any_export_is_refused_rather_than_held(tmp_path, monkeypatch, data):
    """A line is held whole to judge its encoding: one without end would be held however long it is."""
    from winloss.io import table

    monkeypatch.setattr(table, "LONGEST_LINE_BYTES", 4_000)
    source = tmp_path / "export.csv"
    source.write_bytes(data)
    with pytest.raises(FileRejected, match=r"a line longer than 0\.0038147 MB, which no CRM export has"):
        transcoded_csv(source, tmp_path / "utf-8.csv", 512)
    monkeypatch.setattr(table, "LONGEST_LINE_BYTES", 40_000)
    assert transcoded_csv(source, tmp_path / "utf-8.csv", 512).path.stat().st_size > 5_000
