"""The four rules of the format doc (勾稽关系), checked on a parse and never used to "fix" it.

A rule is ok=True when every comparison it could make held, False when one failed (the
failures carry the numbers), and None when it could not compare anything (inputs missing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from parsers.contract import REQUEST_COLUMNS, REQUEST_OUTCOME_ROWS, REVIEW_COLUMNS
from parsers.model import CheckResult, Number, Tables

_APPLICANT_COLUMNS = tuple(column for column in REQUEST_COLUMNS if column != "total")
_REVIEW_PARTS = tuple(column for column in REVIEW_COLUMNS if column != "total")


@dataclass(frozen=True)
class _Comparison:
    where: dict[str, str]
    expected: Number | None  # None: an input is missing, so the comparison cannot be made
    actual: Number | None


def check_report(tables: Tables) -> tuple[CheckResult, ...]:
    """All four rules, in the doc's order."""
    rules: tuple[tuple[str, Callable[[Tables], Iterator[_Comparison]]], ...] = (
        ("requests.balance", _requests_balance),
        ("requests.total_row", _requests_total_row),
        ("requests.total_column", _requests_total_column),
        ("review.totals", _review_totals),
    )
    return tuple(_result(rule, list(compare(tables))) for rule, compare in rules)


def _result(rule: str, comparisons: Sequence[_Comparison]) -> CheckResult:
    made = [c for c in comparisons if c.expected is not None and c.actual is not None]
    if not made:
        return CheckResult(rule=rule, ok=None, note="not checkable: its inputs are missing")
    failures = tuple(_failure(c) for c in made if c.expected != c.actual)
    skipped = len(comparisons) - len(made)
    note = f"{skipped} comparison(s) not checkable: inputs missing" if skipped else None
    return CheckResult(rule=rule, ok=not failures, failures=failures, note=note)


def _failure(comparison: _Comparison) -> dict[str, object]:
    """Where it failed, the expected and actual numbers, and actual minus expected."""
    assert comparison.expected is not None and comparison.actual is not None
    failure: dict[str, object] = dict(comparison.where)
    failure["expected"] = comparison.expected
    failure["actual"] = comparison.actual
    failure["difference"] = comparison.actual - comparison.expected
    return failure


def _sum(values: Sequence[Number | None]) -> Number | None:
    """The sum, or None when any term is missing (a blank cell is not a zero)."""
    if not values or any(value is None for value in values):
        return None
    total: Number = 0
    for value in values:
        assert value is not None
        total = total + value
    return total


def _cell(tables: Tables, table: str, row: str, column: str) -> Number | None:
    return tables.get(table, {}).get(row, {}).get(column)


def _requests_balance(tables: Tables) -> Iterator[_Comparison]:
    """new + carried_over = total + carried_forward, per column."""
    for column in REQUEST_COLUMNS:
        def cell(row: str, column: str = column) -> Number | None:
            return _cell(tables, "requests", row, column)

        yield _Comparison(
            where={"column": column},
            expected=_sum([cell("new"), cell("carried_over")]),
            actual=_sum([cell("total"), cell("carried_forward")]),
        )


def _requests_total_row(tables: Tables) -> Iterator[_Comparison]:
    """total = the outcome rows from granted to the last 其他处理 row, per column."""
    rows = tables.get("requests", {})
    outcomes = _outcome_rows(rows.keys())
    for column in REQUEST_COLUMNS:
        parts = [rows[key].get(column) if key in rows else None for key in outcomes]
        yield _Comparison(
            where={"column": column},
            expected=_sum(parts),
            actual=_cell(tables, "requests", "total", column),
        )


def _outcome_rows(present: Iterable[str]) -> tuple[str, ...]:
    """The outcome rows the report should have: one 其他处理 row (2019 form) or its three parts."""
    split_form = any(key.startswith("other_") for key in present)
    dropped = {"other"} if split_form or "other" not in present else {
        key for key in REQUEST_OUTCOME_ROWS if key.startswith("other_")
    }
    return tuple(key for key in REQUEST_OUTCOME_ROWS if key not in dropped)


def _requests_total_column(tables: Tables) -> Iterator[_Comparison]:
    """total = the six applicant columns, per row."""
    for row, cells in tables.get("requests", {}).items():
        yield _Comparison(
            where={"row": row},
            expected=_sum([cells.get(column) for column in _APPLICANT_COLUMNS]),
            actual=cells.get("total"),
        )


def _review_totals(tables: Tables) -> Iterator[_Comparison]:
    """total = upheld + corrected + other + pending, per row."""
    for row, cells in tables.get("review", {}).items():
        yield _Comparison(
            where={"row": row},
            expected=_sum([cells.get(column) for column in _REVIEW_PARTS]),
            actual=cells.get("total"),
        )
