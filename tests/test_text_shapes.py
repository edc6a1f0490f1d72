"""The text-shape tokenizer (Word / PDF / flattened page) and plain-text reading and decoding."""

from __future__ import annotations

import pytest

from parsers.cells import Token, token_for_cell
from parsers.encoding import decode_bytes
from parsers.errors import EmptyDocumentError, UnsupportedFormatError
from parsers.text import read_text, tokenize_text


def compact(tokens: list[Token]) -> list[object]:
    """Labels as text, numbers as values, empty cells dropped."""
    return [t.text if t.kind == "label" else t.value for t in tokens if t.kind != "empty"]


WORD_ROWS = (
    "\t信息内容\n\t本年制发件数\n\n"
    "\t规章\n\t 18\n\t0 \n\t3\n\n"
    "\t商业\n企业\n\t科研\n机构\n\n"
    "\t一、本年新收政府信息公开申请数量\n\t1\n\t2\n\n" * 3
)


def test_word_shape_joins_a_label_broken_over_lines() -> None:
    labels = [t.text for t in tokenize_text(WORD_ROWS) if t.kind == "label"]
    assert "商业企业" in labels and "科研机构" in labels


def test_word_shape_reads_numbers_with_stray_spaces() -> None:
    assert compact(tokenize_text(WORD_ROWS))[2:6] == ["规章", 18, 0, 3]


def test_word_shape_keeps_an_empty_cell() -> None:
    text = WORD_ROWS + "\t规章\n\t\n\t1\n\t2\n"
    kinds = [t.kind for t in tokenize_text(text)][-4:]
    assert kinds == ["label", "empty", "value", "value"]


def test_word_continuation_never_glues_a_heading_to_a_number() -> None:
    tokens = tokenize_text(WORD_ROWS + "\t规章\n\t0\n五、存在的主要问题及改进情况\n")
    assert compact(tokens)[-2:] == [0, "五、存在的主要问题及改进情况"]


def test_pdf_shape_splits_tabs_and_keeps_leading_empty_cell() -> None:
    tokens = tokenize_text("\t(三) 不予公开\t1. 属于国家秘密\t0\t 2\t0")
    assert [t.kind for t in tokens] == ["empty", "label", "label", "value", "value", "value"]
    assert tokens[2].text == "1.属于国家秘密"


def test_pipe_shape_one_cell_per_line_equals_row_per_line() -> None:
    per_cell = "规章 |\n0 |\n||\n行政许可 |\n92486 |\n"
    per_row = "规章 | 0 | ||\n行政许可 | 92486 |\n"
    assert (
        compact(tokenize_text(per_cell))
        == compact(tokenize_text(per_row))
        == [
            "规章",
            0,
            "行政许可",
            92486,
        ]
    )


@pytest.mark.parametrize("footer", ["- 3 -", "第 3 页 共 5 页", "3/5", "4"])
def test_page_number_lines_inside_a_table_are_dropped(footer: str) -> None:
    tokens = tokenize_text(f"规章\t0\t0\n{footer}\n行政规范性文件\t1\t2")
    assert compact(tokens) == ["规章", 0, 0, "行政规范性文件", 1, 2]


def test_many_bare_number_lines_are_cells_not_page_numbers() -> None:
    text = "规章\n" + "0\n" * 3 + "行政规范性文件\n" + "1\n2\n3\n"
    assert compact(tokenize_text(text)) == ["规章", 0, 0, 0, "行政规范性文件", 1, 2, 3]


def test_bookmark_debris_is_removed() -> None:
    labels = [t.text for t in tokenize_text("[bookmark: _GoBack]一、总体情况") if t.kind == "label"]
    assert labels == ["一、总体情况"]


@pytest.mark.parametrize(
    ("cell", "kind", "value"),
    [
        ("１８", "value", 18),
        (" 0 ", "value", 0),
        ("1,305", "value", 1305),
        ("-2", "value", -2),
        ("+3", "value", 3),
        ("减少2", "value", -2),
        ("增加1", "value", 1),
        ("—", "value", None),
        ("－", "value", None),
        ("/", "value", None),
        ("", "empty", None),
    ],
)
def test_cell_tokens(cell: str, kind: str, value: object) -> None:
    token = token_for_cell(cell)
    assert (token.kind, token.value) == (kind, value)


def test_money_cell_is_an_exact_decimal() -> None:
    from decimal import Decimal

    token = token_for_cell("75394432.52元")
    assert (token.value, token.unit) == (Decimal("75394432.52"), "元")


def test_read_text_gives_a_text_document_without_site_chrome() -> None:
    data = "正文第一行\n京ICP备20013709号\n扫一扫在手机上打开页面\n发布日期：2024-01-05\n".encode()
    doc = read_text(data, "page.txt")
    assert (doc.form, doc.text.strip()) == ("text", "正文第一行")
    assert doc.published_hint is not None and "2024-01-05" in doc.published_hint


def test_read_text_decodes_gb18030() -> None:
    doc = read_text("郟县2023年政府信息公开工作年度报告".encode("gb18030"), "a.txt")
    assert doc.text.startswith("郟县")


def test_read_text_of_empty_bytes_raises() -> None:
    with pytest.raises(EmptyDocumentError):
        read_text(b"", "empty.txt")


def test_binary_bytes_are_refused() -> None:
    with pytest.raises(UnsupportedFormatError):
        decode_bytes(bytes(range(256)) * 4)


def test_declared_gb2312_is_read_as_gb18030() -> None:
    # 郟 is outside GB2312; pages that declare gb2312 often contain such characters.
    assert decode_bytes("郟县".encode("gb18030"), "gb2312") == "郟县"


def test_bom_wins_over_declared_charset() -> None:
    assert decode_bytes("\ufeff报告".encode("utf-8"), "gbk") == "报告"


def test_layout_text_with_spaces_splits_trailing_numbers() -> None:
    tokens = tokenize_text("（三）不予公开    1. 属于国家秘密    0  0  3\n结果 维持  结果 纠正")
    assert compact(tokens) == ["(三)不予公开", "1.属于国家秘密", 0, 0, 3, "结果维持结果纠正"]


def test_a_line_of_spaced_numbers_is_cells_not_a_page_number() -> None:
    assert compact(tokenize_text("总计\n0   0   5")) == ["总计", 0, 0, 5]
