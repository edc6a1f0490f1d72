"""The DOCX reader on documents built with python-docx: body order, merged cells, hints."""

from __future__ import annotations

import copy

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from reader_builders import docx_bytes, new_docx

from parsers.docx import read_docx
from parsers.docxnumbering import format_number
from parsers.errors import EmptyDocumentError
from parsers.model import Document

PROSE = "2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"


@pytest.fixture(scope="module")
def report_doc() -> Document:
    document = new_docx()
    document.core_properties.title = "某区2023年政府信息公开工作年度报告"
    document.add_paragraph("一、总体情况")
    document.add_paragraph(PROSE)
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "项目"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "申请人情况"
    table.cell(1, 2).text = "自然人"
    table.cell(1, 3).text = "商业\n企业"
    table.cell(2, 0).merge(table.cell(3, 0)).text = "（三）不予公开"
    for row, values in ((2, ("1.属于国家秘密", "0", " 18")), (3, ("2.其他", "0 ", "1"))):
        for col, value in enumerate(values, start=1):
            table.cell(row, col).text = value
    document.add_paragraph("五、存在的主要问题及改进情况")
    return read_docx(docx_bytes(document), "report.docx")


def test_prose_around_the_table_in_body_order(report_doc: Document) -> None:
    assert report_doc.text.splitlines() == ["一、总体情况", PROSE, "五、存在的主要问题及改进情况"]


def test_merged_cells_expand_across_and_down(report_doc: Document) -> None:
    assert report_doc.tables[0].rows == (
        ("项目", "项目", "申请人情况", "申请人情况"),
        ("项目", "项目", "自然人", "商业企业"),
        ("（三）不予公开", "1.属于国家秘密", "0", "18"),
        ("（三）不予公开", "2.其他", "0", "1"),
    )


def test_title_hint_from_core_properties(report_doc: Document) -> None:
    assert report_doc.title_hint == "某区2023年政府信息公开工作年度报告"


def test_empty_core_title_is_no_hint() -> None:
    document = new_docx()
    document.core_properties.title = "  "
    document.add_paragraph(PROSE)
    assert read_docx(docx_bytes(document), "x.docx").title_hint is None


def test_goback_bookmark_leaves_no_debris() -> None:
    document = new_docx()
    paragraph = document.add_paragraph("一、总体")
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="0" w:name="_GoBack"/>')
    paragraph._p.append(start)
    paragraph._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="0"/>'))
    paragraph.add_run("情况")
    assert read_docx(docx_bytes(document), "x.docx").text == "一、总体情况"


def test_nested_table_is_its_own_grid() -> None:
    document = new_docx()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外层"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "自然人", "3"
    grids = read_docx(docx_bytes(document), "n.docx").tables
    assert [grid.rows for grid in grids] == [(("外层", ""),), (("自然人", "3"),)]


def test_paragraph_in_content_control_is_read() -> None:
    document = new_docx()
    paragraph = document.add_paragraph(PROSE)
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent/></w:sdt>")
    sdt[0].append(copy.deepcopy(paragraph._p))
    paragraph._p.addnext(sdt)
    assert read_docx(docx_bytes(document), "s.docx").text.splitlines() == [PROSE, PROSE]


def test_tabs_in_a_paragraph_become_one_space() -> None:
    document = new_docx()
    document.add_paragraph("结果维持\t\t结果纠正")
    assert read_docx(docx_bytes(document), "t.docx").text == "结果维持 结果纠正"


def test_document_without_text() -> None:
    with pytest.raises(EmptyDocumentError):
        read_docx(docx_bytes(new_docx()), "blank.docx")


def _numbered(paragraph: object, num_id: int, level: int) -> None:
    num_pr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    paragraph._p.get_or_add_pPr().append(num_pr)  # type: ignore[attr-defined]


def test_automatic_heading_numbers_are_rendered() -> None:
    document = new_docx()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    for text, level in (
        ("总体情况", 0),
        ("主动公开", 1),
        ("依申请公开", 1),
        ("主动公开政府信息情况", 0),
    ):
        _numbered(document.add_paragraph(text), 90, level)
    document.add_paragraph(PROSE)
    assert read_docx(docx_bytes(document), "n.docx").text.splitlines() == [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "二、主动公开政府信息情况",
        PROSE,
    ]


@pytest.mark.parametrize(
    ("value", "fmt", "label"),
    [
        (12, "chineseCounting", "十二"),
        (20, "chineseCountingThousand", "二十"),
        (3, "decimal", "3"),
        (2, "decimalEnclosedCircle", "②"),
        (4, "upperRoman", "IV"),
        (105, "chineseCounting", "一百零五"),
    ],
)
def test_number_formats(value: int, fmt: str, label: str) -> None:
    assert format_number(value, fmt) == label
