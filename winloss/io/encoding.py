"""The encoding of CSV text: UTF-8, UTF-16 or a legacy code page (line by line when a file mixes two), as UTF-8 bytes."""

from __future__ import annotations

import codecs
import re

import numpy as np

from winloss.io.sniff import SAMPLE_BYTES, bomless_utf16, line_end, looks_like_text
from winloss.io.table import UPLOAD_EXPORT, FileRejected


class NotUtf8(Exception):
    """Raised when text guessed to be UTF-8 from its start turns out not to be."""


def utf8(data: bytes) -> tuple[bytes, str]:
    """The text as UTF-8 bytes and the encoding it came in (UTF-8 is only checked at its start here)."""
    if data.startswith(codecs.BOM_UTF8):
        return data, "utf-8-sig"  # the BOM sits on the header line, which we parse ourselves
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16").encode("utf-8"), "utf-16"
    sample = data[:SAMPLE_BYTES]
    byte_order = bomless_utf16(sample)
    if byte_order:
        return data.decode(byte_order).encode("utf-8"), "utf-16"
    if not looks_like_text(sample):
        raise FileRejected(f"This looks like a binary file, not a CSV or Excel export: {UPLOAD_EXPORT}.")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(data) <= SAMPLE_BYTES)
    except UnicodeDecodeError:
        return transcoded_legacy(data)
    return data, "utf-8"  # the rest is checked by the parser, which raises NotUtf8


MIXED = "mixed:"
MIXED_NAME = "utf-8+{}"  # RawTable.encoding of a file whose lines are UTF-8 or in the code page named
# A character written in UTF-8: a lead byte and its continuation bytes. Text in a single-byte code
# page almost never has these pairs (it would read as mojibake such as "Ã«" in its own code page);
# a double-byte one (Shift-JIS, GBK, EUC-KR, Big5) has them all the time, so has_utf8_line judges lines.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


# Western text that is not UTF-8 is read as browsers read it (the WHATWG "windows-1252" that
# "iso-8859-1" also names): cp1252's characters for bytes 0x80-0x9F (euro sign, curly quotes...),
# and the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) kept as the control
# characters of the same number, as ISO-8859-1 reads them. Read strictly, one such byte anywhere
# made the whole file ISO-8859-1, and every euro sign and curly quote in it a control character:
# amounts quarantined, names stored with invisible characters. ISO-8859-1 text (no byte in
# 0x80-0x9F) reads the same either way.
WESTERN = ("cp1252", "iso-8859-1")
_KEPT_AS_CONTROL = "winloss-c1"


def _kept_as_control(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return bytes(error.object[error.start : error.end]).decode("iso-8859-1"), error.end


codecs.register_error(_KEPT_AS_CONTROL, _kept_as_control)


def decoder(encoding: str) -> codecs.IncrementalDecoder:
    """An incremental decoder for `encoding`, Western text read as WESTERN says (never failing)."""
    if encoding in WESTERN:
        return codecs.getincrementaldecoder("cp1252")(errors=_KEPT_AS_CONTROL)
    return codecs.getincrementaldecoder(encoding)()


def decoded(data: bytes, encoding: str) -> str:
    """`data` in `encoding`, Western text read as WESTERN says; raises UnicodeDecodeError otherwise."""
    if encoding in WESTERN:
        return data.decode("cp1252", errors=_KEPT_AS_CONTROL)
    return data.decode(encoding)


def has_cp1252_bytes(data: bytes | bytearray | memoryview) -> bool:
    """True when a byte of `data` is in 0x80-0x9F, where cp1252 and ISO-8859-1 differ (numpy: fast)."""
    array = np.frombuffer(data, dtype=np.uint8)
    return bool(((array >= 0x80) & (array <= 0x9F)).any())


def western_name(cp1252_bytes_seen: bool) -> str:
    """The name of Western text: cp1252 when a byte in 0x80-0x9F was seen anywhere, else ISO-8859-1."""
    return "cp1252" if cp1252_bytes_seen else "iso-8859-1"


def transcoded_legacy(data: bytes) -> tuple[bytes, str]:
    """Text that is not UTF-8 as UTF-8 bytes, and its encoding ("mixed:<code page>" when some lines are UTF-8).

    The code page is guessed from the start (`legacy_encoding`); Western text is named after the
    whole file (`western_name`); a guessed code page that fails on a byte reads the file as Western.
    """
    data = data.removeprefix(codecs.BOM_UTF8)  # a UTF-8 BOM on text that is not UTF-8 after all
    encoding = legacy_encoding(data[: 4 * SAMPLE_BYTES])
    if has_utf8_line(data):  # some lines are UTF-8, others not: decode each line on its own
        return _decoded_by_line(data, encoding), MIXED + encoding
    try:
        text = decoded(data, encoding)
    except (UnicodeDecodeError, LookupError):
        encoding = "cp1252"
        text = decoded(data, encoding)
    if encoding in WESTERN:
        encoding = western_name(has_cp1252_bytes(data))
    return text.encode("utf-8"), encoding


_LINE_END = re.compile(rb"[\r\n]")


def has_utf8_line(data: bytes) -> bool:
    """True when some line of `data` that has a character written in UTF-8 decodes wholly as UTF-8.

    This is the one rule for a mixed file (both readers use it): text known not to be UTF-8
    throughout has a line that does not decode as UTF-8, so it mixes two encodings exactly when
    another line, beyond ASCII, does. Lines end at "\n" or "\r" (classic Mac line ends). A lead
    and a continuation byte (`has_utf8_sequence`) are not enough: a double-byte code page
    (Shift-JIS, GBK, EUC-KR, Big5) writes most of its characters as such pairs, but its lines
    do not decode as UTF-8 throughout.

    The regular expression alone crawls (11 s over a 233 MB cp1252 export): a lead byte followed
    by a continuation byte is found with numpy a few megabytes at a time, the expression is tried
    only there, and the line around a match is decoded once (the matches on a line that fails are
    skipped).
    """
    array = np.frombuffer(data, dtype=np.uint8)
    step = 1 << 22
    checked_to = 0  # the lines before this offset were decoded already
    for start in range(0, max(0, array.size - 1), step):
        window = array[start : start + step + 1]  # one byte more: a pair may straddle two windows
        lead = (window[:-1] >= 0xC2) & (window[:-1] <= 0xF4)
        continuation = (window[1:] & 0xC0) == 0x80
        pairs = np.flatnonzero(lead & continuation) + start
        index = int(np.searchsorted(pairs, checked_to))
        while index < pairs.size:
            at = int(pairs[index])
            if not _UTF8_SEQUENCE.match(data, at):
                index += 1
                continue
            line_start = max(data.rfind(b"\n", 0, at), data.rfind(b"\r", 0, at)) + 1
            end = _LINE_END.search(data, at)
            line_end = end.start() if end else len(data)
            try:
                data[line_start:line_end].decode("utf-8")
            except UnicodeDecodeError:
                checked_to = line_end
                index = int(np.searchsorted(pairs, checked_to))
            else:
                return True
    return False


def mixed_encoding_note(first_lines: list[int], count: int, legacy: str) -> str:
    """The note on a file whose lines are in two encodings: `count` lines in `legacy`, the first of them `first_lines` (up to 5)."""
    shown = ", ".join(str(n) for n in first_lines[:5]) + (f" and {count - 5} more" if count > 5 else "")
    return (
        f"This file mixes two encodings: line{'s' if count > 1 else ''} {shown} "
        f"{'are' if count > 1 else 'is'} in {legacy}, the rest in UTF-8; each line was read in its own "
        "encoding, so check the names on those lines."
    )


def decoded_line(line: bytes, encoding: str) -> str:
    """One line of a mixed file: UTF-8 when it is, else `encoding`, else Western text (WESTERN, never failing)."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return decoded(line, encoding)
        except UnicodeDecodeError:
            return decoded(line, "cp1252")


def _decoded_by_line(data: bytes, encoding: str) -> bytes:
    """UTF-8 text of a file whose lines are each UTF-8 or `encoding` (an export edited in two tools)."""
    return "\n".join(decoded_line(line, encoding) for line in data.split(line_end(data))).encode("utf-8")


def legacy_lines(data: bytes) -> list[int]:
    """The 1-based numbers of the lines that are not UTF-8 (lines as sniff.line_end splits them)."""
    bad = []
    for number, line in enumerate(data.split(line_end(data)), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


# charset-normalizer often names a wrong Latin code page for short Western text; we only consider it
# for scripts where cp1252 would certainly be wrong, each with the letters of that script.
_TRUSTED_GUESSES = {
    "cp1251": "cp1251", "koi8_r": "koi8-r", "koi8_u": "koi8-u", "iso8859_5": "iso-8859-5",
    "mac_cyrillic": "mac-cyrillic", "cp866": "cp866", "cp1125": "cp1125", "cp855": "cp855",
    "cp1253": "cp1253", "iso8859_7": "iso-8859-7", "mac_greek": "mac-greek", "cp737": "cp737", "cp869": "cp869",
    "cp1255": "cp1255", "iso8859_8": "cp1255", "cp862": "cp862",
    "cp1256": "cp1256", "iso8859_6": "iso-8859-6", "cp864": "cp864", "cp720": "cp720", "mac_arabic": "mac-arabic",
    "shift_jis": "shift_jis", "cp932": "cp932",
    "euc_jp": "euc-jp", "gb2312": "gb2312", "gb18030": "gb18030", "big5": "big5",
    "euc_kr": "euc-kr", "cp949": "cp949",
    "cp874": "cp874", "tis_620": "cp874", "iso8859_11": "cp874",
}  # fmt: skip
# (Hebrew named ISO-8859-8 is read as cp1255: its Windows superset, with the sheqel sign where ISO has "¤";
# Thai named TIS-620 or ISO-8859-11 is read as cp874, Windows' superset of both.)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_JAPANESE = "\u3040-\u30ff\uff66-\uff9f" + _CJK  # kana (full and half width) and kanji
_KOREAN = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f" + _CJK  # hangul and hanja
_CYRILLIC, _GREEK, _HEBREW = "\u0400-\u04ff", "\u0370-\u03ff", "\u05d0-\u05f2"
_THAI = "\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46"  # consonants and the vowels written as letters
_ARABIC = "\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\ufe70-\ufefc"  # with Persian and Urdu letters, and the DOS forms
_SCRIPT_LETTERS = {
    "cp1251": _CYRILLIC, "koi8-r": _CYRILLIC, "iso-8859-5": _CYRILLIC, "mac-cyrillic": _CYRILLIC,
    "cp866": _CYRILLIC, "koi8-u": _CYRILLIC, "cp1125": _CYRILLIC, "cp855": _CYRILLIC,
    "cp1253": _GREEK, "iso-8859-7": _GREEK, "mac-greek": _GREEK, "cp737": _GREEK, "cp869": _GREEK,
    "cp1255": _HEBREW, "cp862": _HEBREW,
    "cp1256": _ARABIC, "iso-8859-6": _ARABIC, "cp864": _ARABIC, "cp720": _ARABIC, "mac-arabic": _ARABIC,
    "shift_jis": _JAPANESE, "cp932": _JAPANESE, "euc-jp": _JAPANESE,
    "gb2312": _CJK, "gb18030": _CJK, "big5": _CJK,
    "euc-kr": _KOREAN, "cp949": _KOREAN,
    "cp874": _THAI,
}  # fmt: skip
# The single-byte code pages of a script, the most common first. charset-normalizer often names a
# sibling of the right one for a short file (cp1253 for ISO-8859-7 Greek, whose "\u0386" cp1253 reads
# as "\u00b6"; cp1125 for cp866 Russian): the one that reads the most letters of the script in whole
# words is taken, a tie going to the guess. (Double-byte code pages are not swapped: one read in another gives CJK letters too.)
_SIBLINGS = [
    ("cp1251", "koi8-r", "iso-8859-5", "mac-cyrillic", "cp866", "koi8-u", "cp1125", "cp855"),
    ("cp1253", "iso-8859-7", "mac-greek", "cp737", "cp869"),
    ("cp1255", "cp862"),
    ("cp1256", "iso-8859-6", "cp864", "cp720", "mac-arabic"),
]
# Combining marks (accents, Hebrew points, Arabic vowel signs, Thai vowels and tones written above or
# below): not letters, and they would cut a word in two.
_MARKS = re.compile("[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters
_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]")
# The letters of whole words in the guessed script a text needs at least: one short name may be a
# coincidence; a real name in the script is at least a first and a last name.
MIN_SCRIPT_LETTERS = 4


def in_its_script(text: str, encoding: str) -> bool:
    """Whether `text`, decoded in the non-Western `encoding` (one of _TRUSTED_GUESSES' values), is
    written in that encoding's script: at least MIN_SCRIPT_LETTERS of its letters are in whole words
    of that script (every letter of the word in it, two letters or more), and those outnumber every
    other letter beyond ASCII.

    Western text misread in a non-Western code page gives the script's letters one at a time, inside
    Latin words ("M\u044cller", "Caf\u0439", a stray 0x81 read as "\u067e"), or leaves most accented letters Latin
    (cp1256 keeps \u00e9, \u00e8, \u00e0, \u00fc...): neither makes whole words in the script.
    """
    in_script = _script_letters(text, encoding)
    beyond_ascii = sum(map(str.isalpha, _BEYOND_ASCII.findall(text)))
    return in_script >= MIN_SCRIPT_LETTERS and in_script > beyond_ascii - in_script


def _script_letters(text: str, encoding: str) -> int:
    """The letters of `text` in whole words (two letters or more) of `encoding`'s script."""
    whole = re.compile(f"[{_SCRIPT_LETTERS[encoding]}]{{2,}}")
    return sum(len(word) for word in _WORD.findall(_MARKS.sub("", text)) if whole.fullmatch(word))


def _best_sibling(sample: bytes, guess: str) -> str:
    """Of `guess` and the single-byte code pages of its script (_SIBLINGS), the one whose reading of
    `sample` has the most letters of the script in whole words; a tie goes to the guess (KOI8-R read
    in cp1251 is all Cyrillic letters too, in the wrong order), then to the more common one. A code
    page that reads `sample` as the chosen one does is named in its stead when it is more common
    (Russian in DOS text is guessed as cp1125, Ukrainian DOS, which reads it as cp866 does)."""
    family = next((family for family in _SIBLINGS if guess in family), (guess,))
    scores, texts = [], {}
    for rank, encoding in enumerate(family):
        try:
            texts[encoding] = sample.decode(encoding)
        except UnicodeDecodeError:
            continue  # a byte this code page lacks: not the file's
        scores.append((_script_letters(texts[encoding], encoding), encoding == guess, -rank, encoding))
    if not scores:
        return guess
    chosen = max(scores)[3]
    return next(encoding for encoding in family if texts.get(encoding) == texts[chosen])


def _is_utf8_beyond_ascii(line: bytes) -> bool:
    if line.isascii():
        return False
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def legacy_encoding(sample: bytes) -> str:
    """The 8-bit encoding of text that is not UTF-8: Windows-1252 unless its bytes say otherwise.

    The lines of `sample` that are UTF-8 (beyond ASCII) are left out: a mixed file's code page is
    guessed from its other lines. charset-normalizer's guess is taken only when it names a
    non-Western code page and the sample read in it is text in that code page's script
    (`in_its_script`): for a short Western export it may name cp1256 (Arabic), which reads most of
    it right but a stray 0x81 as "\u067e".
    """
    import charset_normalizer  # imported here: only legacy files pay for it

    # The lines of a mixed file that are UTF-8 say nothing of the code page, and with them the guess
    # is often none at all: a Japanese export with one UTF-8 line was read as Western text.
    sample = b"".join(line for line in sample.splitlines(keepends=True) if not _is_utf8_beyond_ascii(line))
    best = charset_normalizer.from_bytes(sample).best()
    if best is not None and best.encoding in _TRUSTED_GUESSES:
        guess = _best_sibling(sample, _TRUSTED_GUESSES[best.encoding])
        # A multi-byte sample may end inside a character: what decodes of it is enough to judge.
        if in_its_script(sample.decode(guess, errors="ignore"), guess):
            return guess
    if (other := _other_western(sample)) is not None:
        return other
    # Bytes 0x80-0x9F are printable only in cp1252 (curly quotes, euro...); without them the file
    # is plain ISO-8859-1, as Salesforce writes it.
    return "cp1252" if re.search(rb"[\x80-\x9f]", sample) else "iso-8859-1"


# Western text is also saved by Excel for Mac as "Comma Separated Values" (Mac Roman) and by Windows'
# "CSV (MS-DOS)" (cp850): read as cp1252, "Hélène" became "HŽl\x8fne" and "Jürgen" "J\x81rgen", names
# that match no roster and reasons ("Pas de décision") no vocabulary. The reading that makes the most
# plausible text wins (_plausibility); a tie goes to cp1252.
OTHER_WESTERN = ("mac-roman", "cp850")
_LETTERS = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœšž"
_WESTERN_LETTERS = frozenset(_LETTERS + _LETTERS.upper().replace("SS", ""))
_WESTERN_SIGNS = frozenset("€£¥©®°±·«»“”‘’„‚–—…•ªº¿¡§×÷µ\u00a0")


# A reading chosen over cp1252's writes at least this many accented lower-case letters inside words
# ("Hélène"): a byte or two beyond ASCII ("€", a stray 0x81) proves no code page.
MIN_INNER_LETTERS = 2
_INNER_LETTER = re.compile(f"(?<=[^\\W\\d_])[{_LETTERS}](?=[^\\W\\d_])")


def _other_western(sample: bytes) -> str | None:
    """Mac Roman or cp850 when `sample` reads as more plausible text in it than in cp1252, with
    MIN_INNER_LETTERS accented letters inside words, else None."""
    if sample.isascii():
        return None
    western = _plausibility(sample.decode("cp1252", errors=_KEPT_AS_CONTROL))
    readings = {encoding: sample.decode(encoding) for encoding in OTHER_WESTERN}
    best, encoding = max((_plausibility(text), encoding) for encoding, text in readings.items())
    inner = len(_INNER_LETTER.findall(readings[encoding]))
    return encoding if best > western and inner >= MIN_INNER_LETTERS else None


def _plausibility(text: str) -> int:
    """How plausible a reading is as Western text: +1 for each character beyond ASCII that is a
    Western accented letter (an upper-case one not right after a lower-case letter: "HŽlne" is not) or
    a sign, quote or dash (not between two letters, but for an apostrophe), -2 for any other (a control
    character, a box-drawing or mathematical sign, a letter cased or placed so no word writes it)."""
    score = 0
    for found in _BEYOND_ASCII.finditer(text):
        at, char = found.start(), found.group()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if char in _WESTERN_LETTERS:
            good = not (char.isupper() and before.islower())
        elif char in _WESTERN_SIGNS:
            good = char in "’‘" or not (before.isalpha() and after.isalpha())
        else:
            good = False
        score += 1 if good else -2
    return score
