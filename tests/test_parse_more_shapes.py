"""More shapes, every cell compared exactly with the hand-typed expected JSON:

1. the 2019-template report (t2019_beihu) as DOCX and as PDF with and without rulings, built
   here by the wild builders' helpers (tests/fixtures/wild_*.py), and pypdfium2's text of them;
2. a hybrid report: the 2021 template (section 二's headers) whose section 三 has one
   （六）其他处理 row (key `other`), built from seed 003 with its three 其他处理 rows summed, as
   text (Word, PDF-tab and pipe shapes) and HTML;
3. the review table as a 行政复议 row of 5 and a 行政诉讼 row of 10, as three labelled rows of 5
   (行政复议 / 未经复议直接起诉 / 复议后起诉), and with the 行政诉讼 header over two lines, in
   the text shapes and as an HTML grid.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from expected_cells import TESTS, ParseOnce, row_problems

sys.path.insert(0, str(TESTS / "fixtures"))

import wild_docx
import wild_html
import wild_model
import wild_pdf
from wild_model import SECTIONS, Report, Table, grid_of

RULES = ("requests.balance", "requests.total_row", "requests.total_column", "review.totals")
T2019 = "t2019_beihu"
SEED_003 = "003_da4cd97813954aae"

ReviewBuilder = Callable[[Report], Table]
REVIEWS: dict[str, ReviewBuilder] = {
    "template": wild_model.review_table,
    "rows-5-10": wild_model.review_table_5_10,
    "rows-3x5": wild_model.review_table_short_labels,
    "split-header": wild_model.review_table_split_header,
    "rows-reversed": wild_model.review_table_rows_reversed,
}


# --- text shapes ----------------------------------------------------------------------------


def _origins(row: list[tuple[str, bool]]) -> list[str]:
    return [text for text, origin in row if origin]


def _word_table(table: Table) -> list[str]:
    """Word's "save as text": one cell a line, tab-indented, a blank line between rows."""
    lines: list[str] = []
    for row in grid_of(table):
        lines += [f"\t{text}" for text in _origins(row)]
        lines.append("")
    return lines


def _pdf_table(table: Table) -> list[str]:
    """A PDF extraction: a row's cells on one line, tab-separated (a wrapped cell's second
    line on the next line)."""
    lines: list[str] = []
    for row in grid_of(table):
        cells = _origins(row)
        firsts = [text.split("\n")[0] for text in cells]
        lines.append("\t".join(firsts))
        rests = [text.split("\n", 1)[1] for text in cells if "\n" in text]
        lines += rests
    return lines


def _pipe_table(table: Table) -> list[str]:
    """A flattened page: every cell ends in " |", one row a line (a header cell over lines)."""
    return ["".join(f"{text} |" for text in _origins(row)) for row in grid_of(table)]


SHAPES: dict[str, Callable[[Table], list[str]]] = {
    "word": _word_table,
    "pdf-tab": _pdf_table,
    "pipe": _pipe_table,
}


def text_form(report: Report, shape: str, review: ReviewBuilder) -> str:
    table = SHAPES[shape]
    lines = [report.title, report.prose["intro"], SECTIONS["overall"], report.prose["overall"]]
    lines += [SECTIONS["active"], *table(wild_model.active_table(report))]
    lines += [SECTIONS["requests"], *table(wild_model.requests_table(report))]
    lines += [SECTIONS["review"], *table(review(report))]
    lines += [SECTIONS["problems"], report.prose["problems"], SECTIONS["other"]]
    lines.append(report.fee_sentence)
    return "\n".join(lines) + "\n"


def html_form(report: Report, review: ReviewBuilder) -> bytes:
    """The gkmlpt-like page of wild_html (plain <td> grid with rowspan/colspan)."""

    def cell(c: wild_model.C) -> str:
        text = wild_html.esc(c.text).replace("\n", "<br>")
        return f"<td{wild_html.attrs(c)}><p>{text}</p></td>"

    def table(t: Table) -> str:
        return '<table border="1">\n' + wild_html.render_rows(t, cell) + "\n</table>\n"

    body = wild_html.p(report.prose["intro"]) + "".join(
        wild_html._sections(report, wild_html.p, table, review=review)
    )
    return wild_html.cms_page(report, body).encode("utf-8")


# --- reports and parses ---------------------------------------------------------------------


@cache
def report_of(name: str) -> Report:
    if name == "hybrid_003":
        return wild_model.merged_other(wild_model.load_report(SEED_003))
    return wild_model.load_report(name)


@cache
def pdf_of(name: str, rules: str, review: str = "template") -> bytes:
    style = wild_pdf.Style(rules, wild_pdf.footer_of_total, review=REVIEWS[review])
    return wild_pdf.build(report_of(name), style)


def pdfium_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


FORMS: dict[str, Callable[[str, str], tuple[bytes, str]]] = {
    "docx": lambda n, r: (wild_docx.wps_docx(report_of(n), REVIEWS[r]), "x.docx"),
    "nested-docx": lambda n, r: (wild_docx.nested_docx(report_of(n)), "x.docx"),
    "pdf-lines": lambda n, r: (pdf_of(n, "lines", r), "x.pdf"),
    "pdf-none": lambda n, r: (pdf_of(n, "none", r), "x.pdf"),
    "pdfium-lines": lambda n, r: (pdfium_text(pdf_of(n, "lines", r)).encode(), "x.txt"),
    "pdfium-none": lambda n, r: (pdfium_text(pdf_of(n, "none", r)).encode(), "x.txt"),
    "html": lambda n, r: (html_form(report_of(n), REVIEWS[r]), "x.html"),
    **{
        f"text-{shape}": (
            lambda n, r, shape=shape: (
                text_form(report_of(n), shape, REVIEWS[r]).encode("utf-8"),
                "x.txt",
            )
        )
        for shape in SHAPES
    },
}

TEXTS = [f"text-{shape}" for shape in SHAPES]
BINARY = ("docx", "pdf-lines", "pdf-none", "pdfium-lines", "pdfium-none")
CASES: list[tuple[str, str, str]] = [
    *((T2019, form, "template") for form in (*BINARY, "nested-docx")),
    *(("hybrid_003", form, "template") for form in (*TEXTS, "html", *BINARY)),
    *((name, form, review) for name in (SEED_003, T2019)
      for review in ("rows-5-10", "rows-3x5", "split-header", "rows-reversed")
      for form in (*TEXTS, "html", *BINARY)),
]  # fmt: skip
IDS = [f"{name[:4]}-{form}-{review}" for name, form, review in CASES]

_parse_once = ParseOnce()


def parsed(name: str, form: str, review: str) -> Any:
    from parsers.report import parse_bytes

    return _parse_once((name, form, review), lambda: parse_bytes(*FORMS[form](name, review)))


def expected_tables(name: str) -> dict[str, Any]:
    return report_of(name).tables


# --- tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "form", "review"), CASES, ids=IDS)
def test_every_cell(name: str, form: str, review: str) -> None:
    report = parsed(name, form, review)
    want = expected_tables(name)
    problems: list[str] = []
    for table, rows in want.items():
        got = report.tables.get(table, {})
        problems += [f"{table}.{row}: extra row" for row in got if row not in rows]
        for row, cells in rows.items():
            problems += [f"{table}.{row}: {p}" for p in row_problems(got.get(row), cells)]
    problems += [f"extra table {t}" for t in report.tables if t not in want]
    assert not problems, "\n".join(problems + list(report.warnings))


@pytest.mark.parametrize(("name", "form", "review"), CASES, ids=IDS)
def test_template_year_and_rules(name: str, form: str, review: str) -> None:
    report = parsed(name, form, review)
    source = report_of(name)
    assert (str(report.template), report.year) == (source.template, source.year)
    checks = {c.rule: c.ok for c in report.checks}
    assert {rule: checks.get(rule) for rule in RULES} == dict.fromkeys(RULES, True)
    missing = {m for m in report.missing if not m.startswith("processing_fees")}
    assert missing == set()


def test_hybrid_other_is_the_sum_of_the_three_rows() -> None:
    seed = wild_model.load_report(SEED_003).tables["requests"]
    hybrid = report_of("hybrid_003").tables["requests"]
    parts = ("other_no_correction", "other_unpaid_fee", "other_other")
    assert set(hybrid) == (set(seed) - set(parts)) | {"other"}
    assert hybrid["other"] == {c: sum(seed[p][c] for p in parts) for c in seed["other_other"]}
    assert sum(hybrid["other"].values()) > 0  # a row of zeros would prove nothing


def test_hybrid_total_row_check_uses_other() -> None:
    from parsers.checks import check_report

    tables = {t: {r: dict(c) for r, c in rows.items()} for t, rows in
              expected_tables("hybrid_003").items()}  # fmt: skip
    tables["requests"]["other"]["natural_person"] += 1
    result = {c.rule: c for c in check_report(tables)}["requests.total_row"]
    assert result.ok is False
    assert [f["column"] for f in result.failures] == ["natural_person"]


def test_the_hybrid_forms_really_print_one_other_row() -> None:
    text = text_form(report_of("hybrid_003"), "word", wild_model.review_table)
    assert "（六）其他处理" in text and "逾期不补正" not in text and "3.其他" not in text
    assert "本年制发件数" in text and "本年新制作数量" not in text


def test_split_header_forms_really_split_it() -> None:
    for shape in SHAPES:
        text = text_form(report_of(SEED_003), shape, wild_model.review_table_split_header)
        assert "行政诉讼" not in text.split(SECTIONS["review"])[1].split(SECTIONS["problems"])[0]


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_short_litigation_row_puts_no_number_in_a_wrong_row(shape: str) -> None:
    """行政复议 row of 5, 行政诉讼 row of only 9: the 行政诉讼 numbers fit no row and are left out
    (reported), never shifted into 未经复议直接起诉 / 复议后起诉."""
    from parsers.report import parse_bytes

    def short(report: Report) -> Table:
        table = wild_model.review_table_5_10(report)
        table[2] = table[2][:-1]
        return table

    source = report_of(SEED_003)
    report = parse_bytes(text_form(source, shape, short).encode("utf-8"), "x.txt")
    review = report.tables.get("review", {})
    assert review == {"reconsideration": source.tables["review"]["reconsideration"]}
    assert {"review.litigation_direct", "review.litigation_after_reconsideration"} <= set(
        report.missing
    )


@pytest.mark.parametrize("shape", list(SHAPES))
def test_rows_out_of_order_with_an_unknown_label_are_not_read_by_position(shape: str) -> None:
    """复议后起诉, an unknown label, 行政复议: fifteen numbers in all, but the labels deny the
    template's order, so only the two labelled rows are kept, each with its own numbers."""
    from parsers.report import parse_bytes

    def shuffled(report: Report) -> Table:
        numbers = wild_model.review_numbers(report)
        head = [wild_model.C("类别", head=True)]
        head += [wild_model.C(t, head=True) for t in wild_model.RESULT_LABELS]
        labelled = (("复议后起诉", 10), ("其中一类", 5), ("行政复议", 0))
        return [head] + [
            [wild_model.C(label), *(wild_model.C(n) for n in numbers[at : at + 5])]
            for label, at in labelled
        ]

    source = report_of(SEED_003)
    report = parse_bytes(text_form(source, shape, shuffled).encode("utf-8"), "x.txt")
    want = source.tables["review"]
    assert report.tables.get("review") == {
        "reconsideration": want["reconsideration"],
        "litigation_after_reconsideration": want["litigation_after_reconsideration"],
    }
