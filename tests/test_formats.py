"""Format sniffing and the named error for each kind of bad input (parsers.formats)."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from reader_builders import docx_bytes, image_only_pdf, new_docx, pdf_bytes
from reportlab.lib.pdfencrypt import StandardEncryption

from parsers.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ParseError,
    UnsupportedFormatError,
)
from parsers.formats import file_extension, read_document, sniff

SAMPLES = Path(__file__).resolve().parent.parent / "jobs" / "samples"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _docx() -> bytes:
    document = new_docx()
    document.add_paragraph("一、总体情况")
    return docx_bytes(document)


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "source", "kind"),
    [
        (b"%PDF-1.4\n...", "report", "pdf"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html></html>", "a.pdf", "html"),  # magic beats extension
        (b"<html><body><p>x</p></body></html>", "page", "html"),
        ("<META charset=gbk><table><tr><td>一</td></tr></table>".encode("gbk"), "x.txt", "html"),
        ("一、总体情况\n二、主动公开".encode(), "a.html", "text"),
        (OLE + "WordDocument".encode("utf-16-le"), "a.wps", "doc"),
        (OLE + b"\x00" * 64, "a.doc", "doc"),
    ],
)
def test_sniff_by_magic_first(data: bytes, source: str, kind: str) -> None:
    assert sniff(data, source) == kind


def test_sniff_docx_zip() -> None:
    assert sniff(_docx(), "download?id=3") == "docx"


def test_file_extension_ignores_query() -> None:
    assert file_extension("http://x.gov.cn/a/b.PDF?t=1#p") == "pdf"


def test_seed_text_reads_as_text() -> None:
    path = sorted(SAMPLES.glob("*.txt"))[0]
    assert read_document(path.read_bytes(), str(path)).form == "text"


@pytest.mark.parametrize("data", [b"", b"  \n\t \r\n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(EmptyDocumentError, match="empty"):
        read_document(data, "empty.pdf")


@pytest.mark.parametrize(
    "magic",
    [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"II*\x00", b"RIFF\x00\x00\x00\x00WEBP"],
)
def test_image_is_image_only_report(magic: bytes) -> None:
    with pytest.raises(UnsupportedFormatError, match="image-only report, no text layer"):
        read_document(magic + b"\x00\x01\x02" * 50, "scan.pdf")


def test_binary_junk() -> None:
    with pytest.raises(UnsupportedFormatError, match="binary data"):
        read_document(bytes(range(256)) * 20, "report.bin")


def test_truncated_pdf() -> None:
    data = pdf_bytes(["一、总体情况"])
    with pytest.raises(CorruptDocumentError, match="truncated or broken PDF"):
        read_document(data[: len(data) // 2], "cut.pdf")


def test_scanned_pdf_has_no_text_layer() -> None:
    with pytest.raises(UnsupportedFormatError, match="no text layer"):
        read_document(image_only_pdf(), "scan.pdf")


def test_password_protected_pdf() -> None:
    encryption = StandardEncryption("user-secret", "owner-secret", strength=128)
    with pytest.raises(EncryptedDocumentError, match="password-protected PDF"):
        read_document(pdf_bytes(["一、总体情况"], encrypt=encryption), "locked.pdf")


def test_owner_password_only_pdf_still_reads() -> None:
    encryption = StandardEncryption("", "owner-secret", canPrint=0, strength=128)
    document = read_document(pdf_bytes(["一、总体情况"], encrypt=encryption), "perm.pdf")
    assert "一、总体情况" in document.text


def test_encrypted_office_package() -> None:
    # An encrypted .docx is an OLE2 file holding an EncryptedPackage stream (MS-OFFCRYPTO); the
    # bytes here carry only the signature and the stream's directory name, which is what is sniffed.
    data = OLE + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    with pytest.raises(EncryptedDocumentError, match="EncryptedPackage"):
        read_document(data, "locked.docx")


def test_broken_docx_zip() -> None:
    data = _docx()
    with pytest.raises(CorruptDocumentError, match="broken zip"):
        read_document(data[: len(data) // 2], "cut.docx")


def test_docx_with_broken_xml() -> None:
    data = _zip({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"})
    with pytest.raises(CorruptDocumentError, match=r"broken \.docx"):
        read_document(data, "bad.docx")


def test_ofd_zip_names_the_format() -> None:
    data = _zip({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<x/>"})
    with pytest.raises(UnsupportedFormatError, match="OFD"):
        read_document(data, "report.ofd")


def test_ofd_extension_on_binary_names_the_format() -> None:
    with pytest.raises(UnsupportedFormatError, match="OFD"):
        read_document(b"\x00\x07\x01junk" * 40, "report.ofd")


def test_wps_binary_that_is_no_ole_names_wps() -> None:
    with pytest.raises(UnsupportedFormatError, match="WPS"):
        read_document(b"\x00\x07\x01junk" * 40, "report.wps")


def test_xlsx_is_refused_by_name() -> None:
    with pytest.raises(UnsupportedFormatError, match="Excel"):
        read_document(_zip({"xl/workbook.xml": b"<x/>"}), "t.xlsx")


def test_gzip_body_is_unpacked_once() -> None:
    page = "<html><body><p>一、总体情况，本年度工作稳步推进。</p></body></html>".encode()
    assert read_document(gzip.compress(page), "p.html").form == "html"


def test_broken_gzip() -> None:
    with pytest.raises(CorruptDocumentError, match="gzip"):
        read_document(b"\x1f\x8b\x08\x00garbage", "p.html")


def test_every_error_is_a_parse_error_with_source() -> None:
    with pytest.raises(ParseError) as caught:
        read_document(b"\x89PNG\r\n\x1a\n", "http://x.gov.cn/nb.png")
    assert caught.value.source == "http://x.gov.cn/nb.png"
