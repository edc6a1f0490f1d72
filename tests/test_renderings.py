"""The committed renderings are what the manifest says they are (bytes, encodings, structure).

These check the fixtures, not the parser: a rendering that drifted from its manifest, or lost the
property it exists for (GBK without a charset, merged Word cells, a table over a PDF page break),
would make the acceptance tests in test_seed_cells.py prove less than they claim.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from typing import Any

import pytest
from expected_cells import RENDERINGS, squash

MANIFEST = json.loads((RENDERINGS / "manifest.json").read_text(encoding="utf-8"))["files"]
BY_FORM: dict[str, list[dict[str, Any]]] = {}
for _entry in MANIFEST:
    BY_FORM.setdefault(_entry["form"], []).append(_entry)


def _ids(entries: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(e, id=e["file"]) for e in entries]


def test_manifest_lists_every_file() -> None:
    on_disk = {p.name for p in RENDERINGS.iterdir()} - {"manifest.json"}
    assert on_disk == {e["file"] for e in MANIFEST}


@pytest.mark.parametrize("entry", _ids(MANIFEST))
def test_sha256_matches(entry: dict[str, Any]) -> None:
    data = (RENDERINGS / entry["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_encodings_cover_gbk_without_charset_and_gb2312_with_one() -> None:
    html = BY_FORM["html"]
    gbk = [e for e in html if e["encoding"] == "gbk"]
    gb2312 = [e for e in html if e["encoding"] == "gb2312"]
    assert gbk and gb2312
    for entry in gbk:
        data = (RENDERINGS / entry["file"]).read_bytes()
        assert b"charset" not in data.lower()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    for entry in gb2312:
        data = (RENDERINGS / entry["file"]).read_bytes()
        assert b"charset=gb2312" in data.lower()
        data.decode("gb2312")


@pytest.mark.parametrize("entry", _ids(BY_FORM["html"]))
def test_html_decodes_with_its_encoding(entry: dict[str, Any]) -> None:
    text = (RENDERINGS / entry["file"]).read_bytes().decode(entry["encoding"])
    assert "ICP" in text and "扫一扫在手机上打开页面" in text


@pytest.mark.parametrize("entry", _ids(BY_FORM["docx"]))
def test_docx_has_merged_cells(entry: dict[str, Any]) -> None:
    xml = zipfile.ZipFile(RENDERINGS / entry["file"]).read("word/document.xml")
    assert b"w:vMerge" in xml and b"w:gridSpan" in xml


@pytest.mark.parametrize("entry", _ids(BY_FORM["pdf"]))
def test_pdf_text_is_chinese_for_both_libraries(entry: dict[str, Any]) -> None:
    import pdfplumber
    import pypdfium2

    path = RENDERINGS / entry["file"]
    with pdfplumber.open(path) as pdf:
        plumber = squash("".join(page.extract_text() or "" for page in pdf.pages))
    doc = pypdfium2.PdfDocument(str(path))
    pdfium = squash("".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    doc.close()
    for probe in ("本年新收政府信息公开申请数量", "未经复议直接起诉", "政府信息公开工作年度报告"):
        assert probe in plumber and probe in pdfium


@pytest.mark.parametrize("entry", _ids(BY_FORM["pdf"]))
def test_pdf_table_3_runs_over_a_page_break(entry: dict[str, Any]) -> None:
    import pdfplumber

    with pdfplumber.open(RENDERINGS / entry["file"]) as pdf:
        pages = [squash(page.extract_text() or "") for page in pdf.pages]
    first = next(i for i, text in enumerate(pages) if "本年新收" in text)
    last = next(i for i, text in enumerate(pages) if "结转下年度继续办理" in text)
    assert last > first
