"""processing_fees.notices from the prose of 六、其他需要报告的事项."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.fees import parse_processing_fees

SECTION = "五、存在的主要问题及改进情况\n收费工作有待规范。\n六、其他需要报告的事项\n"


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        (
            "本机关发出收费通知的件数和总金额以及实际收取的总金额均为0。",
            {"count": 0, "amount_yuan": 0, "collected_yuan": 0},
        ),
        (
            "2023年丰台区共发出收费通知11件,总金额为3930元;实际收取的总金额为1450元。",
            {"count": 11, "amount_yuan": 3930, "collected_yuan": 1450},
        ),
        ("全年收取信息处理费3940元。", {"collected_yuan": 3940}),
        (
            "本年度共发出收费通知2件，总金额0.5万元，实际收取0.35万元。",
            {"count": 2, "amount_yuan": 5000, "collected_yuan": 3500},
        ),
        ("实际收取信息处理费 12.5 元。", {"collected_yuan": Decimal("12.5")}),
        ("本年度发出收费通知0件，收取费用0元。", {"count": 0, "collected_yuan": 0}),
        (
            "收费通知0件，金额0元，实际收取0元。",
            {"count": 0, "amount_yuan": 0, "collected_yuan": 0},
        ),
        (
            "发出收费通知的件数、总金额及实际收取的总金额均为零。",
            {"count": 0, "amount_yuan": 0, "collected_yuan": 0},
        ),
    ],
)
def test_stated_figures(prose: str, expected: dict[str, object]) -> None:
    assert parse_processing_fees(SECTION + prose) == {"notices": expected}


@pytest.mark.parametrize(
    "prose",
    [
        "本年度没有产生政府信息公开处理费。",
        "无收取信息处理费情况。",
        "无。",
        "",
    ],
)
def test_no_figures_leave_the_row_out(prose: str) -> None:
    assert parse_processing_fees(SECTION + prose) == {}


def test_other_sections_do_not_count() -> None:
    text = "二、主动公开\n行政事业性收费\t5098.4139\n" + SECTION + "无。"
    assert parse_processing_fees(text) == {}
