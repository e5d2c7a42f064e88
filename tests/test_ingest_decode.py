"""Encoding detection and normalisation."""

from __future__ import annotations

import codecs

import pytest

from pipeline.ingest.decode import DecodeError, decode

SAMPLE = "Ministers met in Zürich — “a turning point”, said the envoy.\nNext line."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_detects_encoding_and_recovers_text(data: bytes, encoding: str) -> None:
    text, detected = decode(data)
    assert detected == encoding
    assert text == SAMPLE


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    text, detected = decode("Caf\xe9 au lait \x81".encode("latin-1"))
    assert detected == "latin-1"
    assert text.startswith("Café au lait")


def test_line_endings_and_unicode_are_normalised() -> None:
    text, _ = decode("Cafe\u0301 one\r\ntwo\rthree\u00a0four\x07".encode())
    assert text == "Café one\ntwo\nthree four"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty_file"),
        (b"  \n\t \r\n", "empty_file"),
        (bytes(range(256)) * 4, "binary_file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary_file"),
        (codecs.BOM_UTF16_LE + b"a\x00b", "undecodable"),
    ],
)
def test_unusable_bytes_raise_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode(data)
    assert info.value.reason == reason
