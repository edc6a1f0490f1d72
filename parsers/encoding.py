"""Bytes to str for text-like inputs (plain text, HTML): BOM, declared charset, UTF-8, GB18030."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from parsers.errors import EmptyDocumentError, UnsupportedFormatError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# GB2312 and GBK are subsets of GB18030; pages that declare them often use characters beyond them.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn", "hz-gb-2312", "csgb2312"}
# Control bytes that never occur in text (NUL and the C0 range minus tab, newline, CR, FF, ESC).
_BINARY_BYTES = frozenset(set(range(0, 9)) | {11} | set(range(14, 27)) | set(range(28, 32)))


def decode_bytes(data: bytes, declared: str | None = None, source: str = "<bytes>") -> str:
    """Decode text bytes; raise EmptyDocumentError or UnsupportedFormatError (binary data)."""
    if not data:
        raise EmptyDocumentError(source, "the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if _looks_binary(data):
        raise UnsupportedFormatError(source, "binary data, not text")
    for encoding in _candidate_encodings(declared):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return _guess_with_charset_normalizer(data, source)


def _candidate_encodings(declared: str | None) -> list[str]:
    candidates: list[str] = []
    if declared:
        name = declared.strip().strip("\"'").lower()
        candidates.append("gb18030" if name in _GB_FAMILY else name)
    candidates += ["utf-8", "gb18030"]
    return candidates


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    suspicious = sum(1 for byte in sample if byte in _BINARY_BYTES)
    return b"\x00" in sample or suspicious > len(sample) // 100


def _guess_with_charset_normalizer(data: bytes, source: str) -> str:
    best = from_bytes(data).best()
    if best is None:
        raise UnsupportedFormatError(source, "bytes match no known text encoding")
    return str(best)
