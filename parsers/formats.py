"""Which reader a file needs: magic bytes first, the file extension second.

PDF (%PDF), DOCX (a zip holding word/document.xml), DOC (an OLE2 compound file with a WordDocument
stream; .wps files usually are one), HTML (markup in the first bytes), else plain text. Everything
else is refused with one named ParseError that says what the file is: empty, an image (an
image-only report has no text layer), a password-protected PDF or Office file, a broken zip, an
OFD or other format nianbao does not read.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zipfile
import zlib
from typing import Literal

from parsers.doc import read_doc
from parsers.docx import read_docx
from parsers.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)
from parsers.html import read_html
from parsers.model import Document
from parsers.pdf import read_pdf
from parsers.text import read_text

Kind = Literal["pdf", "docx", "doc", "html", "text"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_OTHER_BINARIES: tuple[tuple[bytes, str], ...] = (
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"{\\rtf", "RTF document"),
    (b"MIME-Version:", "MHTML web archive"),
)
_HTML = re.compile(
    rb"<(!doctype\s+html|html|head|body|meta|title|table|div|p|span|br|font|center)\b", re.I
)
_CONTROL = frozenset(set(range(0, 9)) | {11} | set(range(14, 27)) | set(range(28, 32)))
_MAX_GUNZIP = 256 * 1024 * 1024
_UNSUPPORTED_EXTENSIONS = {
    "ofd": "OFD (版式文档)",
    "wps": "WPS 文字 (.wps) in a non-Word container",
    "xls": "Excel .xls",
    "xlsx": "Excel .xlsx",
}


def read_document(data: bytes, source: str) -> Document:
    """Read any supported report file; raise one ParseError subclass naming what is wrong."""
    data = _gunzip(data, source)
    kind = sniff(data, source)
    if kind == "pdf":
        return read_pdf(data, source)
    if kind == "docx":
        return read_docx(data, source)
    if kind == "doc":
        return read_doc(data, source)
    if kind == "html":
        return read_html(data, source)
    return read_text(data, source)


def sniff(data: bytes, source: str) -> Kind:
    """The reader the bytes need; raises for empty, image, encrypted, broken or foreign files."""
    if not data.strip():
        raise EmptyDocumentError(source, "the file is empty")
    if b"%PDF" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, source)
    if data.startswith(_OLE):
        return _sniff_ole(data, source)
    _refuse_known_binaries(data, source)
    if _HTML.search(_ascii_sample(data)):
        return "html"
    extension = file_extension(source)
    if _looks_binary(data):
        if extension in _UNSUPPORTED_EXTENSIONS:
            what = _UNSUPPORTED_EXTENSIONS[extension]
            raise UnsupportedFormatError(source, f"{what} is not a format nianbao reads")
        what = f"a .{extension} name" if extension else "no known signature"
        raise UnsupportedFormatError(
            source, f"binary data with {what}, not a document nianbao reads"
        )
    return "text"


def file_extension(source: str) -> str:
    """Lower-case extension of a path or URL (query and fragment ignored), '' if none."""
    path = re.split(r"[?#]", source, maxsplit=1)[0].rsplit("/", 1)[-1]
    return path.rsplit(".", 1)[-1].lower() if "." in path else ""


def _sniff_zip(data: bytes, source: str) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise CorruptDocumentError(source, f"broken zip container (DOCX?): {exc}") from exc
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(name.lower().endswith(".ofd") for name in names):
        raise UnsupportedFormatError(source, "OFD (版式文档) is not supported; ask for a PDF")
    for prefix, what in (("xl/", "Excel .xlsx"), ("ppt/", "PowerPoint .pptx")):
        if any(name.startswith(prefix) for name in names):
            raise UnsupportedFormatError(source, f"{what} is not a report format nianbao reads")
    if "content.xml" in names:
        raise UnsupportedFormatError(source, "OpenDocument file is not supported")
    raise UnsupportedFormatError(source, "zip archive without a Word document inside")


def _sniff_ole(data: bytes, source: str) -> Kind:
    """OLE2 compound files: Word .doc/.wps, or an encrypted OOXML package, or something else."""

    def has_stream(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has_stream("EncryptedPackage"):
        raise EncryptedDocumentError(source, "password-protected Office file (EncryptedPackage)")
    if has_stream("WordDocument"):
        return "doc"
    if has_stream("Workbook") or has_stream("Book"):
        raise UnsupportedFormatError(source, "Excel .xls is not a report format nianbao reads")
    if has_stream("PowerPoint Document"):
        raise UnsupportedFormatError(source, "PowerPoint .ppt is not a report format nianbao reads")
    if file_extension(source) in {"doc", "wps"}:
        return "doc"  # let antiword judge an unusual Word/WPS container
    raise UnsupportedFormatError(source, "OLE compound file that is not a Word document")


def _refuse_known_binaries(data: bytes, source: str) -> None:
    head = data[:16]
    for magic, name in _IMAGES:
        if head.startswith(magic):
            raise UnsupportedFormatError(source, f"{name} image: image-only report, no text layer")
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise UnsupportedFormatError(source, "WEBP image: image-only report, no text layer")
    if head.startswith(b"BM") and file_extension(source) == "bmp":
        raise UnsupportedFormatError(source, "BMP image: image-only report, no text layer")
    for magic, name in _OTHER_BINARIES:
        if head.startswith(magic):
            raise UnsupportedFormatError(source, f"{name} is not supported")


def _ascii_sample(data: bytes) -> bytes:
    """The first bytes as ASCII-compatible text (UTF-16 pages decoded first) for markup sniffing."""
    sample = data[:4096]
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if sample.startswith(bom):
            return sample[2:].decode(encoding, "ignore").encode("utf-8")
    return sample


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    control = sum(1 for byte in sample if byte in _CONTROL)
    return b"\x00" in sample or control > len(sample) // 100


def _gunzip(data: bytes, source: str) -> bytes:
    """A body still gzip-compressed (a server that sent Content-Encoding twice) is unpacked once."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            unpacked = stream.read(_MAX_GUNZIP + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise CorruptDocumentError(source, f"broken gzip data ({exc})") from exc
    if len(unpacked) > _MAX_GUNZIP:
        raise UnsupportedFormatError(source, "gzip data unpacks to more than 256 MiB")
    return unpacked
