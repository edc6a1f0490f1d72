"""A report whose tables a CMS flattened into paragraphs keeps every cell, repeats included."""

from __future__ import annotations

import html

from conftest import SAMPLES

from parsers.report import parse_bytes

SEED_003 = SAMPLES / "003_da4cd97813954aae.txt"


def _paragraph_page(text: str) -> bytes:
    lines = [line for line in text.splitlines() if line.strip()]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>报告</title></head><body>'
        '<div class="nav">首页 | 政务公开</div>'
        f'<div class="TRS_Editor">{paragraphs}</div>'
        "<div>京ICP备20013709号 网站标识码:1101060001</div></body></html>"
    ).encode()


def test_repeated_zero_paragraphs_are_not_dropped() -> None:
    report = parse_bytes(_paragraph_page(SEED_003.read_text(encoding="utf-8")), "page.html")

    assert report.tables["active"]["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert report.tables["requests"]["new"]["commercial"] == 63
    assert report.tables["requests"]["new"]["research"] == 0
    assert report.missing == ()


def test_chrome_around_the_block_stays_out_of_the_text() -> None:
    report = parse_bytes(_paragraph_page(SEED_003.read_text(encoding="utf-8")), "page.html")

    assert "ICP" not in report.text
    assert "网站标识码" not in report.text
    assert "首页 | 政务公开" not in report.text
