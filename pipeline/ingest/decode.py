"""Turn raw bytes into Unicode text: detect the encoding, normalise line endings and Unicode."""

from __future__ import annotations

import codecs
import re
import unicodedata


class DecodeError(Exception):
    """The bytes are not text we can read; `reason` is a rejected_files reason code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# C0/C1 controls other than tab, newline and carriage return; also stray BOMs and other invisible format chars.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe]")


def detect_encoding(data: bytes) -> str:
    """Name of the encoding of `data`: BOMs first, then UTF-16 without BOM, UTF-8, and Windows-1252/Latin-1."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if b"\x00" in data:
        raise DecodeError("binary_file", "contains NUL bytes and is not UTF-16/32 text")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE/BE text without BOM shows NULs in every other byte for ASCII-range characters."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode and normalise raw bytes. Returns (text, encoding). Raises DecodeError for empty/binary input."""
    if not data.strip():
        raise DecodeError("empty_file", "file is empty or whitespace only")
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError("undecodable", f"not valid {encoding}: {exc.reason} at byte {exc.start}") from exc
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise DecodeError("binary_file", f"{controls} control characters in {len(text)} characters: not text")
    return normalise_text(text), encoding


def normalise_text(text: str) -> str:
    """Unix line endings, NFC Unicode, no control characters, non-breaking spaces as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    return text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n\n")
