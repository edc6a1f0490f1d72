"""A token stream cut into segments, a label and the cells up to the next label, and the
fitting of a segment's cells to a row of known width."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from parsers.cells import Token
from parsers.fees import ten_thousand_yuan_to_yuan
from parsers.model import Cell


@dataclass(frozen=True)
class Segment:
    label: str | None
    cells: tuple[Token, ...]

    @property
    def has_values(self) -> bool:
        return any(token.kind == "value" for token in self.cells)


def segment_tokens(tokens: Iterable[Token]) -> list[Segment]:
    """Cut the stream before every label."""
    segments: list[Segment] = []
    label: str | None = None
    cells: list[Token] = []
    for token in tokens:
        if token.kind == "label":
            if label is not None or cells:
                segments.append(Segment(label, tuple(cells)))
            label, cells = token.text, []
        else:
            cells.append(token)
    if label is not None or cells:
        segments.append(Segment(label, tuple(cells)))
    return segments


def fit_cells(cells: Sequence[Token], expected: int) -> list[Token] | None:
    """Exactly `expected` cells after dropping padding at the ends, or None when they do not fit."""
    fitted = list(cells)
    while len(fitted) > expected and fitted[-1].kind == "empty":
        fitted.pop()
    while len(fitted) > expected and fitted[0].kind == "empty":
        fitted.pop(0)
    if len(fitted) == expected:
        return fitted
    written = [token for token in fitted if token.kind == "value"]
    if expected == 1 and written and all(token == written[0] for token in written):
        return written[:1]  # one number repeated by a column span
    return None


def cell_value(column: str, token: Token) -> Cell:
    """A token's number in the column's unit (procurement amount in 元, fees in 万元)."""
    if token.kind != "value" or token.value is None:
        return None
    value = token.value
    if column == "amount" and token.unit == "万元":
        return ten_thousand_yuan_to_yuan(Decimal(value))
    if column == "amount_10k_yuan" and token.unit == "元":
        return Decimal(value) / 10000
    return value


def row_values(columns: Sequence[str], cells: Sequence[Token]) -> dict[str, Cell]:
    """Column key -> value, for cells already fitted to the columns."""
    return {column: cell_value(column, token) for column, token in zip(columns, cells, strict=True)}
