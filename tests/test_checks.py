"""The four rules: ok, failed with the numbers, or not checkable when inputs are missing."""

from __future__ import annotations

from parsers.checks import check_report
from parsers.contract import REQUEST_COLUMNS, REQUEST_OUTCOME_ROWS
from parsers.model import CheckResult, Tables


def row(*values: int | None) -> dict[str, int | None]:
    return dict(zip(REQUEST_COLUMNS, values, strict=True))


def balanced_requests() -> Tables:
    """Every 2021 outcome row 0 except granted = 2 applications by natural persons."""
    zero = row(0, 0, 0, 0, 0, 0, 0)
    rows = {key: dict(zero) for key in REQUEST_OUTCOME_ROWS if key != "other"}
    rows["granted"] = row(2, 0, 0, 0, 0, 0, 2)
    rows |= {
        "new": row(2, 0, 0, 0, 0, 0, 2),
        "carried_over": dict(zero),
        "total": row(2, 0, 0, 0, 0, 0, 2),
        "carried_forward": dict(zero),
    }
    return {"requests": rows}


def result(tables: Tables, rule: str) -> CheckResult:
    return next(check for check in check_report(tables) if check.rule == rule)


def test_a_consistent_table_passes_every_request_rule() -> None:
    checks = check_report(balanced_requests())
    assert [c.ok for c in checks] == [True, True, True, None]


def test_review_rule_is_not_checkable_without_the_table() -> None:
    assert result(balanced_requests(), "review.totals").ok is None


def test_balance_failure_carries_column_and_numbers() -> None:
    tables = balanced_requests()
    tables["requests"]["carried_forward"]["natural_person"] = 1
    check = result(tables, "requests.balance")
    assert check.ok is False
    assert check.failures == (
        {"column": "natural_person", "expected": 2, "actual": 3, "difference": 1},
    )


def test_total_row_failure() -> None:
    tables = balanced_requests()
    tables["requests"]["refused_inquiry"]["total"] = 5
    check = result(tables, "requests.total_row")
    assert (check.ok, check.failures[0]["column"], check.failures[0]["difference"]) == (
        False,
        "total",
        -5,
    )


def test_total_column_failure_names_the_row() -> None:
    tables = balanced_requests()
    tables["requests"]["new"]["total"] = 3
    failures = result(tables, "requests.total_column").failures
    assert [(f["row"], f["expected"], f["actual"]) for f in failures] == [("new", 2, 3)]


def test_a_missing_outcome_row_makes_total_row_not_checkable() -> None:
    tables = balanced_requests()
    del tables["requests"]["refused_inquiry"]
    assert result(tables, "requests.total_row").ok is None


def test_a_blank_cell_is_not_a_zero() -> None:
    tables = balanced_requests()
    tables["requests"]["carried_over"]["research"] = None
    check = result(tables, "requests.balance")
    assert check.ok is True and check.note is not None  # research could not be compared


def test_single_other_row_counts_in_total_row() -> None:
    tables = balanced_requests()
    for key in ("other_no_correction", "other_unpaid_fee", "other_other"):
        del tables["requests"][key]
    tables["requests"]["other"] = row(1, 0, 0, 0, 0, 0, 1)
    check = result(tables, "requests.total_row")
    assert check.ok is False and {f["column"] for f in check.failures} == {
        "natural_person",
        "total",
    }


def test_review_totals() -> None:
    review = {
        "reconsideration": {"upheld": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2},
        "litigation_direct": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 2},
    }
    check = result({"review": review}, "review.totals")
    assert (check.ok, [f["row"] for f in check.failures]) == (False, ["litigation_direct"])


def test_nothing_parsed_means_nothing_checkable() -> None:
    assert {c.ok for c in check_report({})} == {None}
