"""The PDF reader on PDFs built with reportlab (STSong-Light CID font): text, footers, grids."""

from __future__ import annotations

import pytest
from reader_builders import drawn_pages, hairline_table_pdf, pdf_bytes, rotated_table_pdf

from parsers.errors import UnsupportedFormatError
from parsers.model import Document, Grid
from parsers.pdf import (
    _plumber_grids,
    join_wrapped,
    metadata_title,
    page_lines,
    pdf_pages,
    read_pdf,
)

PROSE = "2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"
REVIEW = [
    ["行政复议", "", "", "行政诉讼", ""],
    ["结果维持", "结果纠正", "总计", "未经复议直接起诉", "复议后起诉"],
    ["1", "0", "1", "0", "0"],
]
# (col, row) pairs: 行政复议 spans three columns, 行政诉讼 two.
REVIEW_SPANS = [((0, 0), (2, 0)), ((3, 0), (4, 0))]


@pytest.fixture(scope="module")
def review_doc() -> Document:
    data = pdf_bytes(
        ["四、政府信息公开行政复议、行政诉讼情况"], REVIEW, REVIEW_SPANS, after=[PROSE]
    )
    return read_pdf(data, "review.pdf")


def test_text_round_trips(review_doc: Document) -> None:
    assert review_doc.text.splitlines()[0] == "四、政府信息公开行政复议、行政诉讼情况"


def test_prose_after_table_kept(review_doc: Document) -> None:
    assert review_doc.text.splitlines()[-1] == PROSE


def test_merged_cells_repeat_their_text(review_doc: Document) -> None:
    assert review_doc.tables == (
        Grid(
            rows=(
                ("行政复议", "行政复议", "行政复议", "行政诉讼", "行政诉讼"),
                ("结果维持", "结果纠正", "总计", "未经复议直接起诉", "复议后起诉"),
                ("1", "0", "1", "0", "0"),
            ),
            page=1,
        ),
    )


def test_vertical_merge_repeats_down() -> None:
    table = [["（三）不予公开", "1.属于国家秘密", "0"], ["", "2.其他法律行政法规禁止公开", "1"]]
    data = pdf_bytes(["表"], table, [((0, 0), (0, 1))])
    assert read_pdf(data, "v.pdf").tables[0].rows == (
        ("（三）不予公开", "1.属于国家秘密", "0"),
        ("（三）不予公开", "2.其他法律行政法规禁止公开", "1"),
    )


def test_table_across_pages_comes_as_consecutive_grids() -> None:
    rows = [["序号", "事项", "数量"]] + [[str(n), f"事项{n}", str(n * 2)] for n in range(1, 80)]
    document = read_pdf(
        pdf_bytes(["三、收到和处理政府信息公开申请情况"], rows, repeat_rows=1), "x.pdf"
    )
    pages = [grid.page for grid in document.tables]
    assert pages == sorted(set(pages)) and len(pages) >= 2
    assert [grid.rows[-1] for grid in document.tables][-1] == ("79", "事项79", "158")


@pytest.mark.parametrize("footer", ["— 3 —", "- 3 -", "第 3 页", "第3页 共8页", "3/8", "3"])
def test_page_footer_is_dropped(footer: str) -> None:
    assert page_lines(f"一、总体情况\n{PROSE}\n{footer}\n", 3, 8) == ["一、总体情况", PROSE]


def test_bare_number_inside_a_page_is_kept() -> None:
    assert page_lines("总计\n3\n五、存在的主要问题", 1, 8) == ["总计", "3", "五、存在的主要问题"]


def test_footers_dropped_from_real_pdf_pages() -> None:
    data = drawn_pages(
        [["一、总体情况", PROSE, "— 1 —"], ["五、存在的主要问题及改进情况", "— 2 —"]]
    )
    assert read_pdf(data, "f.pdf").text.splitlines() == [
        "一、总体情况",
        PROSE,
        "五、存在的主要问题及改进情况",
    ]


def test_prose_page_draws_no_rulings() -> None:
    assert not pdf_pages(pdf_bytes(["一、总体情况", PROSE]), "p.pdf")[0].rulings


def test_fast_reader_agrees_with_pdfplumber() -> None:
    data = pdf_bytes(["四、政府信息公开行政复议、行政诉讼情况"], REVIEW, REVIEW_SPANS)
    assert pdf_pages(data, "r.pdf")[0].grids == _plumber_grids(data, [1], "r.pdf")


def test_hairline_rectangles_in_a_form_are_rulings() -> None:
    # Word and WPS draw borders as filled hairline rectangles, often inside form XObjects.
    assert read_pdf(hairline_table_pdf(), "h.pdf").tables[0].rows == (
        ("自然人", "商业企业"),
        ("3", "4"),
    )


def test_prose_only_pdf_has_no_grids() -> None:
    assert read_pdf(pdf_bytes(["一、总体情况", PROSE]), "p.pdf").tables == ()


def test_wrapped_prose_lines_are_joined() -> None:
    long_a = "为贯彻落实相关要求，我街道严格按照区政府文件要求，依托区政府门户网站，对照重点领域"
    long_b = "政府信息公开任务分工，对社区动态、财政预算、法制建设、执法检查等工作予以公开，并"
    lines = ["一、总体情况", long_a, long_b, "逐项落实。", "（二）主动公开", "规章 0 0 0"]
    assert join_wrapped(lines) == [
        "一、总体情况",
        long_a + long_b + "逐项落实。",
        "（二）主动公开",
        "规章 0 0 0",
    ]


def test_sentence_end_and_table_rows_are_not_joined() -> None:
    long_a = "为贯彻落实相关要求，我街道严格按照区政府文件要求，依托区政府门户网站，主动公开。"
    row = "1.本机关不掌握相关政府信息 4 0 0 0 0 0 4"
    assert join_wrapped([long_a, "下一段。", row, row]) == [long_a, "下一段。", row, row]


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        (
            "Microsoft Word - 某区2023年政府信息公开工作年度报告.docx",
            "某区2023年政府信息公开工作年度报告",
        ),
        ("untitled", None),
        ("", None),
    ],
)
def test_metadata_title_hint(raw: str, hint: str | None) -> None:
    assert metadata_title(raw) == hint


def test_scan_with_a_page_number_only_has_no_text_layer() -> None:
    with pytest.raises(UnsupportedFormatError, match="no text layer"):
        read_pdf(drawn_pages([["扫描件"], ["2"]]), "scan.pdf")


def test_rotated_page_table_reads_as_displayed() -> None:
    assert read_pdf(rotated_table_pdf(), "r.pdf").tables[0].rows == (
        ("natural", "commercial"),
        ("3", "4"),
    )
