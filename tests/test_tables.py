"""Tokens (from text or grids) into the contract's tables: labels, templates, blanks, strictness."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.contract import Template
from parsers.model import Document, Grid, ParsedReport
from parsers.report import parse_document, parse_file, report_to_json
from parsers.tables import map_tables
from parsers.text import tokenize_text

SAMPLES = Path(__file__).resolve().parent.parent / "jobs" / "samples"

ACTIVE_2021 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t—\t3
行政规范性文件\t27\t18\t228
第二十条第（五）项
信息内容\t本年处理决定数量
行政许可\t92486
第二十条第（六）项
行政处罚\t26196
行政强制\t/
第二十条第（八）项
信息内容\t本年收费金额（单位：万元）
行政事业性收费\t5098.4139
"""

REQUEST_LABELS = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果\t（一）予以公开"),
    ("partly_granted", "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("refused_state_secret", "\t（三）不予公开\t1.属于国家秘密"),
    ("refused_prohibited_by_law", "\t\t2.其他法律行政法规禁止公开"),
    ("refused_three_safeties", "\t\t3.危及“三安全一稳定”"),
    ("refused_third_party", "\t\t4.保护第三方合法权益"),
    ("refused_internal_affairs", "\t\t5.属于三类内部事务信息"),
    ("refused_process_info", "\t\t6.属于四类过程性信息"),
    ("refused_enforcement_file", "\t\t7.属于行政执法案卷"),
    ("refused_inquiry", "\t\t8.属于行政查询事项"),
    ("unable_not_held", "\t（四）无法提供\t1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "\t\t2.没有现成信息需要另行制作"),
    ("unable_unclear", "\t\t3.补正后申请内容仍不明确"),
    ("rejected_petition", "\t（五）不予处理\t1.信访举报投诉类申请"),
    ("rejected_duplicate", "\t\t2.重复申请"),
    ("rejected_publication", "\t\t3.要求提供公开出版物"),
    ("rejected_excessive", "\t\t4.无正当理由大量反复申请"),
    ("rejected_confirmation", "\t\t5.要求行政机关确认或重新出具已获取信息"),
    (
        "other_no_correction",
        "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other_unpaid_fee",
        "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other_other", "\t\t3.其他"),
    ("total", "\t（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
]
REQUEST_HEADER = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况
\t自然人\t法人或其他组织\t总计
\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他
"""
REVIEW_15 = """四、政府信息公开行政复议、行政诉讼情况
行政复议\t行政诉讼
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
1\t0\t0\t2\t3\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0
五、存在的主要问题及改进情况
"""


def request_lines(rows: dict[str, list[str]]) -> str:
    return "".join(
        f"{label}\t" + "\t".join(rows[key]) + "\n" for key, label in REQUEST_LABELS if key in rows
    )


def ones(total: int = 6) -> list[str]:
    return ["1", "1", "1", "1", "1", "1", str(total)]


def parse_text(text: str) -> dict[str, dict[str, dict[str, object]]]:
    return map_tables(tokenize_text(text), Template.T2021).tables


def report(text: str, grids: tuple[Grid, ...] = ()) -> ParsedReport:
    return parse_document(Document(source="t.txt", form="text", text=text, tables=grids))


FULL = (
    ACTIVE_2021 + REQUEST_HEADER + request_lines({k: ones() for k, _ in REQUEST_LABELS}) + REVIEW_15
)
FULL_TABLES = parse_text(FULL)


def test_active_rows_and_blank_cells() -> None:
    assert FULL_TABLES["active"]["regulations"] == {"issued": 0, "repealed": None, "in_force": 3}


def test_active_money_is_exact_decimal() -> None:
    assert FULL_TABLES["active"]["fees"] == {"amount_10k_yuan": Decimal("5098.4139")}


def test_slash_cell_is_none() -> None:
    assert FULL_TABLES["active"]["coercion"] == {"decisions": None}


def test_all_26_minus_single_other_request_rows_are_found() -> None:
    assert set(FULL_TABLES["requests"]) == {k for k, _ in REQUEST_LABELS}


def test_three_other_is_other_other_only_under_other_processing() -> None:
    assert FULL_TABLES["requests"]["other_other"]["total"] == 6


def test_review_fifteen_numbers_in_template_order() -> None:
    review = FULL_TABLES["review"]
    assert review["reconsideration"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 2,
        "total": 3,
    }
    assert review["litigation_direct"]["total"] == 1
    assert review["litigation_after_reconsideration"]["total"] == 0


def test_header_total_and_other_are_not_rows() -> None:
    tables = parse_text(REQUEST_HEADER + "总计\t其他\n")
    assert tables == {}


def test_other_outside_its_group_is_never_guessed() -> None:
    text = REQUEST_HEADER + request_lines({"new": ones()}) + "3.其他\t1\t1\t1\t1\t1\t1\t6\n"
    finding = map_tables(tokenize_text(text), Template.T2021)
    assert "other_other" not in finding.tables["requests"]
    assert any("其他" in message for _, message in finding.warnings)


def test_hybrid_single_other_processing_row() -> None:
    rows = {k: ones() for k, _ in REQUEST_LABELS if not k.startswith("other_")}
    text = (
        ACTIVE_2021
        + REQUEST_HEADER
        + request_lines(rows).replace(
            "\t（七）总计", "\t（六）其他处理\t" + "\t".join(ones()) + "\n\t（七）总计"
        )
    )
    parsed = report(text)
    assert parsed.tables["requests"]["other"]["total"] == 6
    assert not [m for m in parsed.missing if m.startswith("requests.other")]


def test_a_missing_row_is_listed_not_zero_filled() -> None:
    rows = {k: ones() for k, _ in REQUEST_LABELS if k != "carried_forward"}
    parsed = report(ACTIVE_2021 + REQUEST_HEADER + request_lines(rows) + REVIEW_15)
    assert "carried_forward" not in parsed.tables["requests"]
    assert parsed.missing == ("requests.carried_forward",)


def test_review_header_without_numbers_is_missing() -> None:
    header_only = REVIEW_15.replace("1\t0\t0\t2\t3\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0\n", "\t\t\t\n")
    parsed = report(ACTIVE_2021 + header_only)
    assert "review" not in parsed.tables and "review" in parsed.missing


def test_review_three_labelled_rows() -> None:
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
        "行政复议\t1\t0\t0\t0\t1\n行政诉讼\t未经复议直接起诉\t0\t0\t0\t2\t2\n\t复议后起诉\t0\t1\t0\t0\t1\n"
    )
    review = parse_text(text)["review"]
    assert [review[k]["total"] for k in review] == [1, 2, 1]


def test_row_with_wrong_cell_count_is_left_out_with_a_warning() -> None:
    finding = map_tables(
        tokenize_text(REQUEST_HEADER + "一、本年新收政府信息公开申请数量\t1\t2\t3\n"),
        Template.T2021,
    )
    assert "requests" not in finding.tables
    assert any("expected 7 cells" in message for _, message in finding.warnings)


def test_pdf_label_broken_before_its_numbers() -> None:
    text = (
        REQUEST_HEADER
        + "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开\n"
        "申请\t0\t0\t0\t0\t0\t0\t0\n"
    )
    assert parse_text(text)["requests"]["other_no_correction"]["total"] == 0


TEMPLATE_2019 = """二、主动公开政府信息情况
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t/\t/\t/
规范性文件\t3\t3\t17
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t45\t-2\t1268
其他对外管理服务事项\t12\t0\t356
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t4\t-1
信息内容\t采购项目数量\t采购总金额
政府集中采购\t23\t75394432.52元
"""


def test_2019_template_is_detected_from_headers() -> None:
    assert report(TEMPLATE_2019).template == Template.T2019


def test_2019_negative_change_and_procurement_in_yuan() -> None:
    active = report(TEMPLATE_2019).tables["active"]
    assert active["licensing"] == {"prior_year_items": 45, "change": -2, "decisions": 1268}
    assert active["procurement"] == {"items": 23, "amount": Decimal("75394432.52")}


def test_pre2019_keeps_text_and_parses_no_tables() -> None:
    parsed = report("示例县2017年政府信息公开工作年度报告\n全县共主动公开政府信息3562条。")
    assert (parsed.template, parsed.tables) == (Template.PRE2019, {})
    assert "pre2019" in parsed.warnings[0] and "3562" in parsed.text


def test_grid_metadata_table_is_ignored_and_spans_collapse() -> None:
    grids = (
        Grid(rows=(("索引号：", "000014348/2024-00012"), ("发布日期：", "2024-01-05"))),
        Grid(
            rows=(
                ("信息内容", "本年处理决定数量", "本年处理决定数量"),
                ("行政许可", "7", "7"),
            )
        ),
        Grid(
            rows=(
                (
                    "",
                    "自然人",
                    "自然人",
                    "商业企业",
                    "科研机构",
                    "社会公益组织",
                    "法律服务机构",
                    "其他",
                    "总计",
                ),
                ("一、本年新收政府信息公开申请数量", "5", "5", "1", "0", "0", "0", "0", "6"),
            )
        ),
    )
    parsed = report("本机关政府信息公开工作年度报告\n本年制发件数", grids)
    assert parsed.tables["active"] == {"licensing": {"decisions": 7}}
    assert parsed.tables["requests"]["new"]["natural_person"] == 5


def test_json_prints_decimals_exactly() -> None:
    parsed = report(FULL)
    text = report_to_json(parsed)
    assert '"amount_10k_yuan": 5098.4139' in text
    loaded = json.loads(text, parse_float=Decimal)
    assert set(loaded) == {
        "title",
        "agency",
        "year",
        "published",
        "template",
        "tables",
        "checks",
        "missing",
        "warnings",
    }


@pytest.mark.parametrize(
    "name",
    [
        "000_1c640710511402cf",
        "001_f8b21749840a51ab",
        "002_5a8863115c64e715",
        "003_da4cd97813954aae",
        "004_2770ccbd72b823a0",
    ],
)
def test_bundled_samples_parse_completely(name: str) -> None:
    parsed = parse_file(SAMPLES / f"{name}.txt")
    assert (parsed.missing, parsed.warnings, [c.ok for c in parsed.checks]) == ((), (), [True] * 4)


def test_headers_without_any_numbers_keep_the_template_and_say_so() -> None:
    header = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
    parsed = report("二、主动公开政府信息情况\n" + header)
    assert parsed.template == Template.T2021
    assert parsed.missing == ("active", "requests", "review")
    assert any("images" in w for w in parsed.warnings)


def test_labels_with_a_trailing_note_and_loose_wording() -> None:
    text = REQUEST_HEADER + "\t（四）无法提供\t1.本机关不掌握相关信息\t1\t0\t0\t0\t0\t0\t1\n"
    text += "二、主动公开政府信息情况\n行政许可（第二十条第（五）项）\t12\n"
    tables = parse_text(text)
    assert tables["requests"]["unable_not_held"]["total"] == 1
    assert tables["active"]["licensing"] == {"decisions": 12}


def test_numbers_under_an_unknown_numbered_label_are_not_given_to_the_row_above() -> None:
    text = REQUEST_HEADER + "\t（六）其他处理\n\t1.逾期不缴费\t1\t0\t0\t0\t0\t0\t1\n"
    finding = map_tables(tokenize_text(text), Template.T2021)
    assert finding.tables == {}
    assert any("逾期不缴费" in message for _, message in finding.warnings)


def test_review_as_a_row_of_five_and_a_row_of_ten() -> None:
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t1\t0\t0\t0\t1\n"
        "行政诉讼\t0\t0\t0\t2\t2\t0\t1\t0\t0\t1\n五、存在的主要问题及改进情况\n"
    )
    review = parse_text(text)["review"]
    assert [review[k]["total"] for k in review] == [1, 2, 1]


def test_a_table_continued_on_the_next_pdf_page_keeps_its_header_spans() -> None:
    header = (
        "",
        "自然人",
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    )
    first = Grid(
        rows=(header, ("一、本年新收政府信息公开申请数量", "5", "5", "1", "0", "0", "0", "0", "6")),
        page=1,
    )
    second = Grid(
        rows=(("二、上年结转政府信息公开申请数量", "2", "2", "0", "0", "0", "0", "0", "2"),), page=2
    )
    parsed = report("本机关政府信息公开工作年度报告\n逾期不补正", (first, second))
    assert parsed.tables["requests"]["carried_over"]["total"] == 2


def test_label_wrapped_after_its_numbers() -> None:
    zeros = "\t0" * 7
    text = REQUEST_HEADER + f"\t\t5.要求行政机关确认或重新出{zeros}\n\t\t具已获取信息\n"
    assert parse_text(text)["requests"]["rejected_confirmation"]["total"] == 0


DISTINCT_ROWS = {
    key: [str(index), "0", "0", "0", "0", "0", str(index)]
    for index, (key, _) in enumerate(REQUEST_LABELS, start=1)
}
DISTINCT_LINES = request_lines(DISTINCT_ROWS).splitlines()


@settings(max_examples=60, deadline=None)
@given(st.permutations(DISTINCT_LINES))
def test_shuffled_request_rows_are_found_by_label_or_left_out_never_misplaced(
    lines: list[str],
) -> None:
    tables = parse_text(REQUEST_HEADER + "\n".join(lines) + "\n")
    for key, cells in tables.get("requests", {}).items():
        assert cells["total"] == int(DISTINCT_ROWS[key][-1]), key


CELL_TEXTS = st.sampled_from(
    [
        "",
        "0",
        "7",
        "—",
        "/",
        "-3",
        "5098.4139",
        "规章",
        "其他",
        "总计",
        "3.其他",
        "行政复议",
        "（六）其他处理",
        "自然人",
        "自然人",
        "本年制发件数",
        "二、主动公开政府信息情况",
        "x" * 70,
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.lists(CELL_TEXTS, max_size=16), max_size=12), max_size=3),
    st.lists(CELL_TEXTS, max_size=80),
)
def test_parse_document_raises_nothing_but_parse_errors(
    grids: list[list[list[str]]], lines: list[str]
) -> None:
    from parsers.errors import ParseError

    doc = Document(
        source="fuzz",
        form="html",
        text="\n".join(lines),
        tables=tuple(Grid(rows=tuple(tuple(row) for row in grid)) for grid in grids),
    )
    try:
        report_to_json(parse_document(doc))
    except ParseError as exc:
        assert "parser failure" not in exc.reason  # an expected refusal, not a bug


def test_a_stray_matching_row_does_not_make_an_old_report_a_template_one() -> None:
    old = "某县2016年政府信息公开工作年度报告\n统计指标\t单位\t数量\n行政处罚\t件\t12\n"
    old += "行政复议\t0\t0\t0\t0\t0\n"
    parsed = report(old)
    assert (parsed.template, parsed.tables) == (Template.PRE2019, {})


def test_requests_table_without_headers_infers_the_template() -> None:
    rows = {k: ones() for k, _ in REQUEST_LABELS if not k.startswith("other_")}
    lines = request_lines(rows).replace(
        "\t（七）总计", "\t（六）其他处理\t" + "\t".join(ones()) + "\n\t（七）总计"
    )
    parsed = report(REQUEST_HEADER + lines)
    assert parsed.template == Template.T2019
    assert any("inferred" in warning for warning in parsed.warnings)


def test_review_grid_with_spanned_headers_keeps_all_fifteen_numbers() -> None:
    litigation = ("未经复议直接起诉",) * 5 + ("复议后起诉",) * 5
    grid = Grid(
        rows=(
            ("行政复议",) * 5 + ("行政诉讼",) * 10,
            ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", *litigation),
            ("1", "0", "0", "0", "1", "0", "0", "0", "2", "2", "0", "0", "0", "0", "0"),
        )
    )
    parsed = report("本机关政府信息公开工作年度报告\n本年制发件数", (grid,))
    assert parsed.tables["review"]["litigation_direct"]["total"] == 2


def test_review_without_heading_found_from_its_merged_header_line() -> None:
    text = (
        "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n"
        + " ".join(["0"] * 14)
        + " 1\n"
    )
    assert parse_text(text)["review"]["litigation_after_reconsideration"]["total"] == 1
