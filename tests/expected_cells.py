"""Load the hand-typed expected parses (tests/expected/*.json) and compare cells exactly."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from decimal import Decimal
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
EXPECTED = TESTS / "expected"
SAMPLES = REPO / "jobs" / "samples"
RENDERINGS = TESTS / "fixtures" / "renderings"

SEEDS = (
    "000_1c640710511402cf",
    "001_f8b21749840a51ab",
    "002_5a8863115c64e715",
    "003_da4cd97813954aae",
    "004_2770ccbd72b823a0",
)

# Columns that hold money: a parser may give int or Decimal. Every other column is a count: int.
MONEY_COLUMNS = frozenset({"amount_10k_yuan", "amount", "amount_yuan", "collected_yuan"})


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$decimal"}:
        return Decimal(value["$decimal"])
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    return value


def load_expected(name: str) -> dict[str, Any]:
    """The expected JSON with {"$decimal": "..."} turned into Decimal."""
    raw = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    raw["tables"] = _decode(raw["tables"])
    return raw


def cell_problem(column: str, actual: object, expected: object) -> str | None:
    """Why `actual` is not exactly `expected` (None when it is)."""
    if expected is None:
        return None if actual is None else f"{column}: expected blank (None), got {actual!r}"
    if actual is None:
        return f"{column}: expected {expected}, got None"
    allowed: tuple[type, ...] = (int, Decimal) if column in MONEY_COLUMNS else (int,)
    if isinstance(actual, bool) or not isinstance(actual, allowed):
        names = "/".join(t.__name__ for t in allowed)
        return f"{column}: expected {names} {expected}, got {type(actual).__name__} {actual!r}"
    if Decimal(actual) != Decimal(expected):  # type: ignore[arg-type]
        return f"{column}: expected {expected}, got {actual}"
    return None


def row_problems(actual: dict[str, object] | None, expected: dict[str, object]) -> list[str]:
    """Every cell of a row compared: missing row, extra or missing columns, wrong values."""
    if actual is None:
        return ["row missing from the parse"]
    problems = [f"unexpected column {c!r} = {actual[c]!r}" for c in actual if c not in expected]
    for column, want in expected.items():
        if column not in actual:
            problems.append(f"{column}: missing (expected {want})")
            continue
        problem = cell_problem(column, actual[column], want)
        if problem:
            problems.append(problem)
    return problems


def squash(text: str) -> str:
    """Text with all whitespace removed, for containment checks across line-wrapping forms."""
    return "".join(text.split())


class ParseOnce:
    """Parse each input once per test module; a parse error is re-raised in every test using it."""

    def __init__(self) -> None:
        self._results: dict[Hashable, Any] = {}

    def __call__(self, key: Hashable, parse: Callable[[], Any]) -> Any:
        if key not in self._results:
            try:
                self._results[key] = parse()
            except Exception as exc:
                self._results[key] = exc
        result = self._results[key]
        if isinstance(result, Exception):
            raise result
        return result
