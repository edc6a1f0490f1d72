"""Cell values, exactly: the one canonical form of a number, its stored text, and exact JSON.

A cell is stored twice: `value_text`, the exact decimal text (the source of truth, read back by
every command), and `value`, a SQL number for sums and the wide views (REAL on SQLite, so only
approximately the printed number there).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from parsers.model import Cell
from parsers.report import dumps_exact

Exact = int | Decimal | None


def canonical_value(value: Cell | float) -> Exact:
    """One representation per number: int when integral, else a normalized Decimal.

    A float (an SQL aggregate on SQLite) is read by its shortest repr, not its binary expansion.
    """
    if value is None or type(value) is int:
        return value
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        return int(number)
    return number.normalize()


def value_text(value: Cell) -> str | None:
    """The exact text stored for a cell: "10", "5098.4139", "0.123456" (never an exponent)."""
    return exact_text(canonical_value(value))


def exact_text(exact: Exact) -> str | None:
    """value_text of a value already in canonical form."""
    if exact is None:
        return None
    return str(exact) if type(exact) is int else format(exact, "f")


def from_text(text: str | None) -> Exact:
    """A stored `value_text` read back as the number the report printed."""
    return None if text is None else canonical_value(Decimal(text))


def plain_text(value: Any) -> str:
    """A cell of CSV or table output: exact decimals, ISO dates, "" for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _json_ready(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    return value


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON with Decimals as exact numbers (parsers.report's encoder) and dates in ISO form."""
    return dumps_exact(_json_ready(value), indent)
