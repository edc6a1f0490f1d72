"""The .doc reader (catdoc, else antiword), on .doc files made here by LibreOffice 7.4.

tiny_report.doc: a title, 一、总体情况, one sentence, a 2x3 table, 六、其他需要报告的事项 (written
with python-docx, saved as "MS Word 97"). 000_1c640710511402cf.doc: the DOCX rendering of seed 000
(tests/fixtures/renderings) saved as "MS Word 97"; its cells are in tests/expected.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from parsers.doc import read_doc
from parsers.errors import ParseError, UnsupportedFormatError
from parsers.formats import read_document
from parsers.report import parse_bytes

HERE = Path(__file__).resolve().parent
TINY_DOC = HERE / "fixtures" / "doc" / "tiny_report.doc"
SEED_DOC = HERE / "fixtures" / "doc" / "000_1c640710511402cf.doc"
EXPECTED = HERE / "expected" / "000_1c640710511402cf.json"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HAS_TOOL = bool(shutil.which("catdoc") or shutil.which("antiword"))
needs_tool = pytest.mark.skipif(
    not HAS_TOOL, reason="neither catdoc nor antiword installed (apt-get install catdoc antiword)"
)
needs_catdoc = pytest.mark.skipif(
    shutil.which("catdoc") is None, reason="catdoc not installed (apt-get install catdoc)"
)


@needs_tool
def test_doc_text_round_trips() -> None:
    document = read_document(TINY_DOC.read_bytes(), "http://x.gov.cn/nb.doc")
    lines = [line for line in document.text.splitlines() if line.strip()]
    assert (document.form, lines[:2]) == (
        "doc",
        ["某区政府2023年政府信息公开工作年度报告", "一、总体情况"],
    )


@needs_tool
def test_doc_table_row_stays_on_one_line() -> None:
    text = read_doc(TINY_DOC.read_bytes(), "nb.doc").text
    assert re.search(r"行政复议\W+结果维持\W+总计", text)


@needs_tool
def test_wps_name_with_word_container_reads_like_doc() -> None:
    assert read_document(TINY_DOC.read_bytes(), "nb.wps").form == "doc"


@needs_catdoc
@pytest.mark.parametrize("table", ["requests", "review", "active"])
def test_seed_doc_tables_parse_exactly(table: str) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    expected_tables = expected.get("tables", expected)
    parsed = parse_bytes(SEED_DOC.read_bytes(), SEED_DOC.name)
    assert parsed.tables[table] == expected_tables[table]


@needs_tool
def test_ole_garbage_is_a_parse_error() -> None:
    data = OLE + "WordDocument".encode("utf-16-le") + bytes(range(256)) * 8
    with pytest.raises(ParseError):
        read_document(data, "junk.doc")


def test_missing_tools_say_how_to_fix() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"install catdoc or antiword to read \.doc"):
        read_doc(TINY_DOC.read_bytes(), "nb.doc", catdoc="/nonexistent/catdoc",
                 antiword="/nonexistent/antiword")  # fmt: skip


def test_tools_absent_from_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("parsers.doc.shutil.which", lambda name: None)
    with pytest.raises(UnsupportedFormatError, match=r"install catdoc or antiword"):
        read_document(TINY_DOC.read_bytes(), "nb.doc")


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword not installed")
def test_antiword_alone_reads_the_text() -> None:
    document = read_doc(TINY_DOC.read_bytes(), "nb.doc", catdoc="/nonexistent/catdoc")
    assert re.search(r"行政复议\W+结果维持\W+总计", document.text)
