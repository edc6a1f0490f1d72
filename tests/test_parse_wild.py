"""Wild renderings: the hand-typed reports (tests/expected/*.json) as pages and files of other
converters and CMSs (tests/fixtures/wild, built by tests/fixtures/build_wild.py), every cell
compared exactly. The builder is independent of the one behind tests/fixtures/renderings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from expected_cells import TESTS, load_expected, row_problems, squash

WILD = TESTS / "fixtures" / "wild"
MANIFEST = json.loads((WILD / "manifest.json").read_text(encoding="utf-8"))
FILES = {entry["file"]: entry for entry in MANIFEST["files"]}
RULES = ("requests.balance", "requests.total_row", "requests.total_column", "review.totals")
CHROME = ("ICP", "公网安备", "网站标识码", "扫一扫", "浏览次数")

_parsed: dict[str, Any] = {}


def expected(name: str) -> dict[str, Any]:
    return load_expected(Path(FILES[name]["expected"]).stem)


def parsed(name: str) -> Any:
    """Parse each file once per module; a parse error is re-raised in every test."""
    if name not in _parsed:
        try:
            from parsers.report import parse_file

            _parsed[name] = parse_file(WILD / name)
        except Exception as exc:
            _parsed[name] = exc
    result = _parsed[name]
    if isinstance(result, Exception):
        raise result
    return result


def _row_params() -> list[Any]:
    return [
        pytest.param(name, table, row, id=f"{name}-{table}.{row}")
        for name in FILES
        for table, rows in expected(name)["tables"].items()
        for row in rows
    ]


NAMES = list(FILES)


@pytest.mark.parametrize(("name", "table", "row"), _row_params())
def test_row_cells(name: str, table: str, row: str) -> None:
    actual = parsed(name).tables.get(table, {}).get(row)
    problems = row_problems(actual, expected(name)["tables"][table][row])
    assert not problems, f"{table}.{row}: " + "; ".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_no_extra_rows_or_tables(name: str) -> None:
    want = expected(name)["tables"]
    got = {f"{t}.{r}" for t, rows in parsed(name).tables.items() for r in rows}
    assert got == {f"{t}.{r}" for t, rows in want.items() for r in rows}


@pytest.mark.parametrize("name", NAMES)
def test_template(name: str) -> None:
    assert str(parsed(name).template) == expected(name)["template"]


@pytest.mark.parametrize("name", NAMES)
def test_year(name: str) -> None:
    assert parsed(name).year == expected(name)["year"]


@pytest.mark.parametrize("name", [n for n in NAMES if FILES[n]["title_in_body"]])
def test_title(name: str) -> None:
    assert squash(parsed(name).title or "") == squash(expected(name)["rendered_title"])


@pytest.mark.parametrize("name", [n for n in NAMES if FILES[n]["title_in_body"]])
def test_agency(name: str) -> None:
    assert parsed(name).agency == expected(name)["rendered_agency"]


@pytest.mark.parametrize("name", NAMES)
def test_missing(name: str) -> None:
    missing = {m for m in parsed(name).missing if not m.startswith("processing_fees")}
    assert missing == set(expected(name)["missing"])


@pytest.mark.parametrize("name", NAMES)
def test_rules_hold(name: str) -> None:
    checks = {c.rule: c.ok for c in parsed(name).checks}
    assert {rule: checks.get(rule) for rule in RULES} == dict.fromkeys(RULES, True)


@pytest.mark.parametrize("name", NAMES)
def test_prose_kept(name: str) -> None:
    text = squash(parsed(name).text)
    assert "存在的主要问题及改进情况" in text
    assert "统计期限自" in text


@pytest.mark.parametrize(
    ("name", "chrome"),
    [pytest.param(n, c, id=f"{n}-{c}") for n in NAMES if n.endswith(".html") for c in CHROME],
)
def test_chrome_not_in_text(name: str, chrome: str) -> None:
    assert chrome not in parsed(name).text


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(".html")])
def test_scripts_styles_hidden_blocks_not_in_text(name: str) -> None:
    text = parsed(name).text
    assert "setFontSize" not in text and "font-family" not in text
    assert "成文日期" not in text  # the display:none metadata block of the TRS page


def test_fixture_bytes_match_manifest() -> None:
    import hashlib

    for name, entry in FILES.items():
        data = (WILD / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        assert len(data) < 200 * 1024, name
