"""Generalisation corpus: the seeds and the 2019 report rewritten into shapes real converters
produce (pypdfium2 text of the PDF renderings, layout spaces, single spaces, full-width digits,
other numbering, old labels, other quotes, wrapped labels, group labels on their own line,
thousands separators, CRLF, written blanks), every cell compared with the hand-typed
tests/expected/*.json. The variants are generated here from files in the repo; the expected values
never come from the parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from expected_cells import RENDERINGS, SAMPLES, SEEDS, load_expected, row_problems

T2019 = "t2019_beihu"
STAT_TABLES = ("active", "requests", "review")

Transform = Callable[[str], str]


# --- base texts -------------------------------------------------------------------------------


@cache
def base_text(base: str) -> str:
    """A seed's text, the 2019 report's text, or pypdfium2's text of a seed's PDF rendering."""
    if base.startswith("pdfium:"):
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(RENDERINGS / f"{base[7:]}.pdf"))
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
        return "\n".join(pages)
    if base == T2019:
        return (RENDERINGS / f"{T2019}.txt").read_text(encoding="utf-8")
    return (SAMPLES / f"{base}.txt").read_text(encoding="utf-8")


def expected_name(base: str) -> str:
    return base[7:] if base.startswith("pdfium:") else base


# --- transforms -------------------------------------------------------------------------------

_ROW_NUMBER = re.compile(r"(?<![\d.,])(\d)\.(?=\s*[\u4e00-\u9fff“\"])")
_GROUP_NUMBER = re.compile(r"[（(]([一二三四五六七八])[）)]")
_CN = "一二三四五六七八"
_NUMBER_CELL = re.compile(r"(?<=[\t|])(\s*)(\d{4,})(?=\s*(?:[\t|\n]|$))|^(\t)(\d{4,})(\s*)$", re.M)
_TABLE_LINE = re.compile(
    r"^(?P<pre>.*?)(?P<label>[^\t|]*[\u4e00-\u9fff”\"）)][^\t|]*?)"
    r"(?P<nums>(?:\t\s*-?[\d.]+\s*|\t\s*[—/－]?\s*)+)$"
)


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def tabs_to_layout_spaces(text: str) -> str:
    return text.replace("\t", "    ")


def tabs_to_single_space(text: str) -> str:
    return text.replace("\t", " ")


def full_width_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def group_numbering(style: str) -> Transform:
    def apply(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            cn = match.group(1)
            return style.format(cn=cn, n=_CN.index(cn) + 1)

        return _GROUP_NUMBER.sub(one, text)

    return apply


def row_numbering(style: str) -> Transform:
    return lambda text: _ROW_NUMBER.sub(lambda m: style.format(n=m.group(1)), text)


def old_normative_label(text: str) -> str:
    return text.replace("行政规范性文件", "规范性文件")


def quotes(left: str, right: str) -> Transform:
    return lambda text: re.sub(r"[“\"]三安全一稳定[”\"]", f"{left}三安全一稳定{right}", text)


def thousands(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(2):
            return match.group(1) + f"{int(match.group(2)):,}"
        return match.group(3) + f"{int(match.group(4)):,}" + match.group(5)

    return _NUMBER_CELL.sub(one, text)


def wrap_labels(fraction: float, after_numbers: bool) -> Transform:
    """Break every long row label of a tab-separated row at `fraction` of its length."""

    def apply(text: str) -> str:
        out: list[str] = []
        for line in text.split("\n"):
            match = _TABLE_LINE.match(line)
            label = match.group("label").strip() if match else ""
            if match is None or len(label) < 6:
                out.append(line)
                continue
            cut = max(2, int(len(label) * fraction))
            head, tail = label[:cut], label[cut:]
            pre, nums = match.group("pre"), match.group("nums")
            if after_numbers:
                out += [f"{pre}{head}{nums}", tail]
            else:
                out += [f"{pre}{head}", f"{tail}{nums}"]
        return "\n".join(out)

    return apply


def group_on_own_line(text: str) -> str:
    """`\\t（三）不予公开\\t1.属于国家秘密\\t0…` -> the group label on a line of its own."""
    pattern = re.compile(r"^\t?([（(][三四五六][）)][^\t]+)\t(?=\d[.．、])", re.M)
    return pattern.sub(lambda m: m.group(1) + "\n", text)


def total_label(label: str) -> Transform:
    return lambda text: re.sub(r"([（(]七[）)])\s*总计", lambda m: m.group(1) + label, text)


_ZERO_CELL = re.compile(r"(?<![^\t ])0(?![^\t \r])")


def written_blanks(mark: str) -> Transform:
    """Every 0 cell of a row-a-line table written as a blank mark (expected: None)."""

    def apply(text: str) -> str:
        out = []
        for line in text.split("\n"):
            words = line.replace("\t", " ").split()
            numbers = [w for w in words if re.fullmatch(r"-?[\d,.]+元?", w)]
            out.append(_ZERO_CELL.sub(mark, line) if numbers else line)
        return "\n".join(out)

    return apply


def review_three_rows(text: str) -> str:
    """The review table printed as three labelled rows of five instead of one row of fifteen."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if "行政复议、行政诉讼情况" in line)
    for end in range(start + 1, len(lines)):
        numbers = lines[end].replace("\t", " ").split()
        if len(numbers) == 15 and all(n.isdigit() for n in numbers):
            break
    else:
        return text
    header = "\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计"
    labels = ("行政复议", "行政诉讼\t未经复议直接起诉", "\t复议后起诉")
    rows = ["\t".join([label, *numbers[i * 5 : i * 5 + 5]]) for i, label in enumerate(labels)]
    return "\n".join([*lines[: start + 1], header, *rows, *lines[end + 1 :]])


def group_after_first_row(text: str) -> str:
    """The group label printed beside its second row (vertically centred), not its first."""
    pattern = re.compile(r"^\t?([（(][三四五六][）)][^\t]+)\t(\d[.．、][^\n]*)\n\t*", re.M)
    return pattern.sub(lambda m: m.group(2) + "\n" + m.group(1) + "\t", text)


def serial_column(separator: str) -> Transform:
    """An extra leading 序号 column: a header cell, then a row number before every row label."""

    def apply(text: str) -> str:
        out: list[str] = []
        serial = 0
        for line in text.split("\n"):
            if line.startswith("信息内容") or "申请人情况" in line:
                out.append(f"序号{separator}{line}")
            elif _TABLE_LINE.match(line):
                serial += 1
                out.append(f"{serial}{separator}{line}")
            else:
                out.append(line)
        return "\n".join(out)

    return apply


def wrap_three_lines(numbers_on_middle: bool) -> Transform:
    """Every long row label broken over three lines, the numbers on the middle or the last."""

    def apply(text: str) -> str:
        out: list[str] = []
        for line in text.split("\n"):
            match = _TABLE_LINE.match(line)
            label = match.group("label").strip() if match else ""
            if match is None or len(label) < 12:
                out.append(line)
                continue
            third = len(label) // 3
            parts = [label[:third], label[third : 2 * third], label[2 * third :]]
            pre, nums = match.group("pre"), match.group("nums")
            if numbers_on_middle:
                out += [f"{pre}{parts[0]}", parts[1] + nums, parts[2]]
            else:
                out += [f"{pre}{parts[0]}", parts[1], parts[2] + nums]
        return "\n".join(out)

    return apply


def word_cell_wrap(text: str) -> str:
    """A Word cell's long label broken over an unindented next line, as converters print it."""

    def one(match: re.Match[str]) -> str:
        label = match.group(1)
        return f"\t{label[: len(label) // 2]}\n{label[len(label) // 2 :]}"

    return re.sub(r"^\t([^\t\n]{12,})$", one, text, flags=re.M)


def reworded(old: str, new: str) -> Transform:
    return lambda text: text.replace(old, new)


TRANSFORMS: dict[str, Transform] = {
    "crlf": crlf,
    "layout-spaces": tabs_to_layout_spaces,
    "single-space": tabs_to_single_space,
    "full-width": full_width_digits,
    "group-(三)": group_numbering("({cn})"),
    "group-三、": group_numbering("{cn}、"),
    "group-3、": group_numbering("{n}、"),
    "group-（3）": group_numbering("（{n}）"),
    "row-1．": row_numbering("{n}．"),
    "row-1、": row_numbering("{n}、"),
    "row-（1）": row_numbering("（{n}）"),
    "row-1-paren": row_numbering("{n}）"),
    "row-circled": lambda text: _ROW_NUMBER.sub(lambda m: "①②③④⑤⑥⑦⑧⑨"[int(m.group(1)) - 1], text),
    "row-bare": row_numbering("{n}"),
    "old-normative": old_normative_label,
    "quotes-ascii": quotes('"', '"'),
    "quotes-corner": quotes("「", "」"),
    "quotes-none": quotes("", ""),
    "thousands": thousands,
    "wrap-half-before": wrap_labels(0.5, after_numbers=False),
    "wrap-third-before": wrap_labels(0.34, after_numbers=False),
    "wrap-twothirds-before": wrap_labels(0.67, after_numbers=False),
    "wrap-half-after": wrap_labels(0.5, after_numbers=True),
    "wrap-third-after": wrap_labels(0.34, after_numbers=True),
    "group-own-line": group_on_own_line,
    "group-after-first-row": group_after_first_row,
    "total-heji": total_label("合计"),
    "total-spaced": total_label("总 计"),
    "blank-dash": written_blanks("—"),
    "blank-fullwidth-minus": written_blanks("－"),
    "blank-slash": written_blanks("/"),
    "blank-wu": written_blanks("无"),
    "review-three-rows": review_three_rows,
    "ideographic-spaces": lambda text: text.replace("\t", "\u3000"),
    "invisible-chars": lambda text: (
        "\ufeff"
        + text.replace("国家秘密", "国家\u200b秘密")
        .replace("予以公开", "予以\x02公开")
        .replace("规章", "规\u00ad章")
    ),
    "serial-column-tab": serial_column("\t"),
    "serial-column-space": serial_column(" "),
    "wrap-three-middle": wrap_three_lines(numbers_on_middle=True),
    "wrap-three-last": wrap_three_lines(numbers_on_middle=False),
    "carried-forward-next-one-year": reworded("结转下年度", "结转下一年度"),
    "new-this-year-du": reworded("本年新收", "本年度新收"),
    "word-cell-broken": word_cell_wrap,
    "short-other-labels": lambda text: re.sub(
        r"(申请人逾期未按收费通知要求缴纳费用)[^\t\n]*?公开申请",
        r"\1",
        re.sub(r"申请人无正当理由(逾期不补正)[^\t\n]*?公开申请", r"申请人\1", text),
    ),
}
BLANKS = frozenset(t for t in TRANSFORMS if t.startswith("blank-"))

# Variants that only make sense for a row-a-line text (PDF-like), not a cell-a-line Word text.
ROW_A_LINE = ("001_f8b21749840a51ab", T2019)
WORD_SHAPE = ("000_1c640710511402cf", "002_5a8863115c64e715")
ROW_SHAPE_ONLY = frozenset(
    {
        "layout-spaces",
        "single-space",
        "group-own-line",
        "group-after-first-row",
        "review-three-rows",
    }
    | {t for t in TRANSFORMS if "wrap" in t}
    | BLANKS
)
PDFIUM_TRANSFORMS = (
    "crlf",
    "full-width",
    "old-normative",
    "thousands",
    "quotes-ascii",
    "total-heji",
    "blank-dash",
    "blank-wu",
    "review-three-rows",
    "invisible-chars",
)


def _cases() -> list[Any]:
    cases = [pytest.param(f"pdfium:{seed}", "as-is", id=f"pdfium-{seed[:3]}") for seed in SEEDS]
    for base in (*SEEDS, T2019):
        for name in TRANSFORMS:
            if name in ROW_SHAPE_ONLY and base not in ROW_A_LINE:
                continue
            if name == "word-cell-broken" and base not in WORD_SHAPE:
                continue
            cases.append(pytest.param(base, name, id=f"{base[:11]}-{name}"))
    for seed in SEEDS:
        for name in PDFIUM_TRANSFORMS:
            cases.append(pytest.param(f"pdfium:{seed}", name, id=f"pdfium-{seed[:3]}-{name}"))
    return cases


CASES = _cases()
_parsed: dict[tuple[str, str], Any] = {}


def parsed(base: str, transform: str) -> Any:
    key = (base, transform)
    if key not in _parsed:
        from parsers.report import parse_bytes

        text = base_text(base)
        if transform != "as-is":
            text = TRANSFORMS[transform](text)
        _parsed[key] = parse_bytes(text.encode("utf-8"), f"{base}-{transform}.txt")
    return _parsed[key]


def zeros_as_blanks(tables: dict[str, Any]) -> dict[str, Any]:
    return {
        table: {
            row: {column: None if value == 0 else value for column, value in cells.items()}
            for row, cells in rows.items()
        }
        for table, rows in tables.items()
    }


def table_problems(report: Any, expected: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for table in STAT_TABLES:
        want = expected["tables"].get(table, {})
        got = report.tables.get(table, {})
        problems += [f"{table}.{row}: extra row" for row in got if row not in want]
        for row, cells in want.items():
            problems += [f"{table}.{row}: {p}" for p in row_problems(got.get(row), cells)]
    return problems


@pytest.mark.parametrize(("base", "transform"), CASES)
def test_every_cell_matches(base: str, transform: str) -> None:
    report = parsed(base, transform)
    expected = load_expected(expected_name(base))
    if transform in BLANKS:
        expected = {"tables": zeros_as_blanks(expected["tables"])}
    problems = table_problems(report, expected)
    assert not problems, "\n".join(problems + list(report.warnings))


@pytest.mark.parametrize(("base", "transform"), CASES)
def test_year_and_template(base: str, transform: str) -> None:
    report = parsed(base, transform)
    expected = load_expected(expected_name(base))
    assert (report.year, str(report.template)) == (expected["year"], expected["template"])


META_BASES = (*SEEDS, T2019, *(f"pdfium:{seed}" for seed in SEEDS))


@pytest.mark.parametrize("base", META_BASES)
def test_full_width_digits_do_not_change_meta_or_fees(base: str) -> None:
    plain, wide = parsed(base, "as-is"), parsed(base, "full-width")
    fields = ("title", "agency", "year", "published")
    assert [getattr(wide, f) for f in fields] == [getattr(plain, f) for f in fields]
    assert wide.tables.get("processing_fees") == plain.tables.get("processing_fees")


@pytest.mark.parametrize(
    "signature",
    [
        "２０２４年１月１５日",
        "2024年1月15日",
        "２０２４．０１．１５",
        "发布日期：２０２４－０１－１５",
    ],
)
def test_signature_date_in_any_digit_width(signature: str) -> None:
    from parsers.report import parse_bytes

    text = base_text("001_f8b21749840a51ab") + f"\n郟县龙山街道办事处\n{signature}\n"
    assert parse_bytes(text.encode("utf-8"), "signed.txt").published == "2024-01-15"


# --- strictness: the mechanisms above never move numbers to a row they do not name ----------

REQUEST_HEAD = "三、收到和处理政府信息公开申请情况\n"
SEVEN = "\t1\t0\t0\t0\t0\t0\t1"


def _requests(text: str) -> tuple[dict[str, Any], tuple[tuple[str, str], ...]]:
    from parsers.contract import Template
    from parsers.tables import map_tables
    from parsers.text import tokenize_text

    finding = map_tables(tokenize_text(REQUEST_HEAD + text), Template.T2021)
    return finding.tables.get("requests", {}), finding.warnings


def test_other_outside_its_group_is_not_a_row() -> None:
    rows, warnings = _requests(f"（五）不予处理\t1.信访举报投诉类申请{SEVEN}\n3.其他{SEVEN}\n")
    assert set(rows) == {"rejected_petition"}
    assert any("3.其他" in message for _, message in warnings)


def test_other_after_the_other_rows_is_other_other() -> None:
    unpaid = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    text = f"{unpaid}{SEVEN}\n3.其他{SEVEN}\n"
    rows, _ = _requests(text)
    assert set(rows) == {"other_unpaid_fee", "other_other"}


def test_a_numbered_label_never_continues_the_line_above() -> None:
    rows, warnings = _requests(f"（三）不予公开\t1.属于国家\n2.其他法律{SEVEN}\n")
    assert rows == {}
    assert any("2.其他法律" in message for _, message in warnings)


def test_a_tail_that_completes_no_label_leaves_the_numbers_unassigned() -> None:
    rows, warnings = _requests(f"1.属于国家秘密{SEVEN}\n5.要求行政机关{SEVEN}\n甲乙丙丁\n")
    assert set(rows) == {"refused_state_secret"}
    assert any("5.要求行政机关" in message for _, message in warnings)


def test_an_unknown_row_keeps_its_numbers() -> None:
    rows, warnings = _requests(f"1.属于国家秘密{SEVEN}\n（八）其他情况{SEVEN}\n（七）总计{SEVEN}\n")
    assert set(rows) == {"refused_state_secret", "total"}
    assert rows["total"]["natural_person"] == 1
    assert any("其他情况" in message for _, message in warnings)


def test_pdftotext_page_breaks_are_line_breaks() -> None:
    rows, _ = _requests(f"1.属于国家秘密{SEVEN}\f2.其他法律行政法规禁止公开{SEVEN}\n")
    assert set(rows) == {"refused_state_secret", "refused_prohibited_by_law"}


# --- the same wording variants inside web pages (HTML tables, not text) ----------------------

HTML_TRANSFORMS = (
    "full-width",
    "group-三、",
    "group-（3）",
    "row-1、",
    "row-circled",
    "old-normative",
    "quotes-corner",
    "total-heji",
    "carried-forward-next-one-year",
    "short-other-labels",
)
HTML_BASES = (*SEEDS, T2019)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize(
    ("base", "transform"),
    [pytest.param(b, t, id=f"html-{b[:11]}-{t}") for b in HTML_BASES for t in HTML_TRANSFORMS],
)
def test_html_variant_cells(base: str, transform: str) -> None:
    from parsers.encoding import decode_bytes
    from parsers.report import parse_bytes

    data = (RENDERINGS / f"{base}.html").read_bytes()
    encoding = "utf-8" if data.startswith(b"\xef\xbb\xbf") or _is_utf8(data) else "gb18030"
    html = TRANSFORMS[transform](decode_bytes(data, source=base))  # GBK pages stay GBK
    report = parse_bytes(html.encode(encoding), f"{base}-{transform}.html")
    problems = table_problems(report, load_expected(base))
    assert not problems, "\n".join(problems + list(report.warnings))
