"""Title, agency, year and publication date from the text, then from the hints."""

from __future__ import annotations

import pytest

from parsers.meta import extract_meta, parse_date
from parsers.model import Document


def meta_of(text: str, **hints: str):  # type: ignore[no-untyped-def]
    return extract_meta(Document(source="x", form="text", text=text, **hints))


def test_title_on_two_lines_gives_the_agency() -> None:
    meta = meta_of("\n北京市大兴区礼贤镇人民政府\n2023年政府信息公开工作年度报告\n\n依据…")
    assert (meta.title, meta.agency, meta.year) == (
        "北京市大兴区礼贤镇人民政府2023年政府信息公开工作年度报告",
        "北京市大兴区礼贤镇人民政府",
        2023,
    )


def test_stray_spaces_and_debris_leave_the_title() -> None:
    meta = meta_of(
        "[bookmark: _GoBack]郟县龙山街道办事处 2023 年政府信息公开工作年度 报告\n一、总体情况"
    )
    assert meta.title == "郟县龙山街道办事处2023年政府信息公开工作年度报告"
    assert (meta.agency, meta.year) == ("郟县龙山街道办事处", 2023)


def test_title_wrapped_by_a_pdf() -> None:
    meta = meta_of("某市某区人民政府某街道办事处2021年政府信息公开工作\n年度报告\n依据")
    assert meta.title == "某市某区人民政府某街道办事处2021年政府信息公开工作年度报告"


def test_guanyu_title_with_agency_line_above() -> None:
    meta = meta_of("某省人民政府办公厅\n关于2022年度政府信息公开工作年度报告\n正文")
    assert (meta.agency, meta.year) == ("某省人民政府办公厅", 2022)


def test_title_hint_with_site_suffix() -> None:
    meta = meta_of(
        "正文没有标题。", title_hint="某区人民政府2023年政府信息公开工作年度报告_某区政府网"
    )
    assert (meta.title, meta.agency) == (
        "某区人民政府2023年政府信息公开工作年度报告",
        "某区人民政府",
    )


def test_agency_hint_used_when_the_title_says_nothing() -> None:
    meta = meta_of("正文。", agency_hint="某县统计局")
    assert meta.agency == "某县统计局"


def test_no_title_line_year_from_prose_and_no_agency_guess() -> None:
    meta = meta_of("一、总体情况\n2023年,丰台区政府认真贯彻落实《条例》。\n2022年相比…")
    assert (meta.title, meta.agency, meta.year) == (None, None, 2023)


def test_published_from_the_date_line_after_the_signature() -> None:
    meta = meta_of("某局2023年政府信息公开工作年度报告\n正文。\n\n某局\n2024年1月15日\n")
    assert meta.published == "2024-01-15"


def test_published_from_hint_when_the_text_has_no_date() -> None:
    assert meta_of("正文。", published_hint="2024-01-20 09:30").published == "2024-01-20"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("二〇二四年一月二十一日", "2024-01-21"),
        ("2024年1月5日", "2024-01-05"),
        ("发布日期：2024/01/30", "2024-01-30"),
        ("2024年13月1日", None),
        ("无日期", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_breadcrumb_and_column_name_are_not_the_title() -> None:
    text = (
        "首页>政务公开>政府信息公开工作年度报告\n政府信息公开工作年度报告\n"
        "某区商务局2023年政府信息公开工作年度报告\n正文"
    )
    assert meta_of(text).title == "某区商务局2023年政府信息公开工作年度报告"


def test_title_with_a_year_in_chinese_numerals() -> None:
    meta = meta_of("某市审计局\n二〇二三年政府信息公开工作年度报告\n正文")
    assert (meta.agency, meta.year) == ("某市审计局", 2023)
    assert meta.title == "某市审计局二〇二三年政府信息公开工作年度报告"
