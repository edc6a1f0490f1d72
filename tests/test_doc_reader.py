"""The .doc reader (antiword). tiny_report.doc was made here by LibreOffice 7.4 ("MS Word 97")
from a python-docx file: a title, 一、总体情况, one sentence, a 2x3 table, 六、其他需要报告的事项.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parsers.doc import read_doc
from parsers.errors import UnsupportedFormatError
from parsers.formats import read_document

TINY_DOC = Path(__file__).resolve().parent / "fixtures" / "doc" / "tiny_report.doc"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
needs_antiword = pytest.mark.skipif(
    shutil.which("antiword") is None, reason="antiword not installed (apt-get install antiword)"
)


@needs_antiword
def test_doc_text_round_trips() -> None:
    document = read_document(TINY_DOC.read_bytes(), "http://x.gov.cn/nb.doc")
    assert (document.form, document.text.splitlines()[:3]) == (
        "doc",
        [
            "某区政府2023年政府信息公开工作年度报告",
            "一、总体情况",
            "2023年，本机关认真贯彻《中华人民共和国政府信息公开条例》。",
        ],
    )


@needs_antiword
def test_doc_table_rows_stay_in_text() -> None:
    text = read_doc(TINY_DOC.read_bytes(), "nb.doc").text
    assert "|行政复议 |结果维持 |总计 |" in text


@needs_antiword
def test_wps_name_with_word_container_reads_like_doc() -> None:
    assert read_document(TINY_DOC.read_bytes(), "nb.wps").form == "doc"


@needs_antiword
def test_ole_garbage_is_a_parse_error_naming_word() -> None:
    data = OLE + "WordDocument".encode("utf-16-le") + bytes(range(256)) * 8
    with pytest.raises(UnsupportedFormatError, match="not a Word document"):
        read_document(data, "junk.doc")


def test_missing_antiword_says_how_to_fix() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"install antiword to read \.doc"):
        read_doc(TINY_DOC.read_bytes(), "nb.doc", antiword="/nonexistent/antiword")


def test_antiword_absent_from_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("parsers.doc.shutil.which", lambda name: None)
    with pytest.raises(UnsupportedFormatError, match=r"install antiword to read \.doc"):
        read_document(TINY_DOC.read_bytes(), "nb.doc")
