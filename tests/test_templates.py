"""Acceptance: a 2019-template report and a pre2019 report (synthetic, written by hand from the
format doc's template text), each as text and as a web page. Expected values: tests/expected/."""

from __future__ import annotations

from typing import Any

import pytest
from expected_cells import RENDERINGS, ParseOnce, load_expected, row_problems, squash

T2019 = "t2019_beihu"
PRE2019 = "pre2019_shili"
FORMS = ("txt", "html")
EXPECTED = {name: load_expected(name) for name in (T2019, PRE2019)}
RULES = ("requests.balance", "requests.total_row", "requests.total_column", "review.totals")
ONLY_2021_ROWS = ("other_no_correction", "other_unpaid_fee", "other_other")

_parse_once = ParseOnce()


def parsed(name: str, form: str) -> Any:
    """Parse each file once for the whole module; a parse error is re-raised in every test."""
    from parsers.report import parse_file

    return _parse_once((name, form), lambda: parse_file(RENDERINGS / f"{name}.{form}"))


def _cases(name: str) -> list[Any]:
    return [pytest.param(name, form, id=f"{name}-{form}") for form in FORMS]


ALL = _cases(T2019) + _cases(PRE2019)
ROWS_2019 = [
    pytest.param(form, table, row, id=f"{form}-{table}.{row}")
    for form in FORMS
    for table, rows in EXPECTED[T2019]["tables"].items()
    for row in rows
]


@pytest.mark.parametrize(("name", "form"), ALL)
def test_template(name: str, form: str) -> None:
    assert str(parsed(name, form).template) == EXPECTED[name]["template"]


@pytest.mark.parametrize(("name", "form"), ALL)
def test_year(name: str, form: str) -> None:
    assert parsed(name, form).year == EXPECTED[name]["year"]


@pytest.mark.parametrize(("name", "form"), ALL)
def test_agency(name: str, form: str) -> None:
    assert parsed(name, form).agency == EXPECTED[name]["agency"]


@pytest.mark.parametrize(("name", "form"), ALL)
def test_tables_present(name: str, form: str) -> None:
    tables = parsed(name, form).tables
    assert {t for t, rows in tables.items() if rows} == set(EXPECTED[name]["tables"])


# --- 2019 template ------------------------------------------------------------------------------


@pytest.mark.parametrize(("form", "table", "row"), ROWS_2019)
def test_2019_row_cells(form: str, table: str, row: str) -> None:
    actual = parsed(T2019, form).tables.get(table, {}).get(row)
    problems = row_problems(actual, EXPECTED[T2019]["tables"][table][row])
    assert not problems, f"{table}.{row}: " + "; ".join(problems)


@pytest.mark.parametrize("form", FORMS)
def test_2019_has_no_2021_rows(form: str) -> None:
    requests = parsed(T2019, form).tables.get("requests", {})
    assert not [row for row in ONLY_2021_ROWS if row in requests]


@pytest.mark.parametrize("form", FORMS)
def test_2019_rules_hold(form: str) -> None:
    checks = {c.rule: c.ok for c in parsed(T2019, form).checks}
    assert {rule: checks.get(rule) for rule in RULES} == dict.fromkeys(RULES, True)


@pytest.mark.parametrize("form", FORMS)
def test_2019_no_processing_fees_from_silence(form: str) -> None:
    assert "processing_fees" not in parsed(T2019, form).tables


# --- pre2019 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_pre2019_parses_no_tables(form: str) -> None:
    assert not any(parsed(PRE2019, form).tables.values())


@pytest.mark.parametrize(
    ("form", "phrase"),
    [
        pytest.param(form, phrase, id=f"{form}-{i}")
        for form in FORMS
        for i, phrase in enumerate(EXPECTED[PRE2019]["text_must_keep"])
    ],
)
def test_pre2019_keeps_text(form: str, phrase: str) -> None:
    assert squash(phrase) in squash(parsed(PRE2019, form).text)


@pytest.mark.parametrize("form", FORMS)
def test_pre2019_warns(form: str) -> None:
    warnings = parsed(PRE2019, form).warnings
    assert any("pre2019" in w or "table" in w.lower() or "表" in w for w in warnings), warnings


@pytest.mark.parametrize("form", FORMS)
def test_pre2019_checks_not_passed(form: str) -> None:
    # With no tables nothing is checkable: no rule may claim to have passed.
    assert not [c.rule for c in parsed(PRE2019, form).checks if c.ok is True]
