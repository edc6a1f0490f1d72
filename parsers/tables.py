"""Cell tokens (from text or from grids) into the contract's tables: active, requests, review.

The token stream is cut into segments, a label followed by the cells up to the next label. A
segment whose label names a row (parsers.labels) must carry exactly the row's number of cells,
after padding cells at either end are dropped; otherwise the row is left out with a warning.

Converters wrap long labels: the lines of text since the last numbers are kept as fragments, and
numbers under a label no rule knows are tried with the fragments above them (up to the last
numbered one, which starts a label) and then with the line after them. The request group that
"3.其他" needs comes from a group label, even one broken over lines ("(六)其" / "他处理"), or from
the row read before it (a row of 其他处理). A join that names no row is never guessed at.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from parsers.cells import Token
from parsers.contract import REQUEST_COLUMNS, REVIEW_COLUMNS, Template, row_specs
from parsers.labels import (
    ACTIVE,
    REQUESTS,
    REVIEW,
    RowMatch,
    heading_table,
    match_row,
    request_group,
    row_group,
    strip_numbering,
)
from parsers.model import Cell, Tables
from parsers.review import resolve_review
from parsers.segments import Segment, fit_cells, row_values, segment_tokens

_MAX_FRAGMENTS = 3  # a wrapped label spans at most this many lines before its numbers


@dataclass(frozen=True)
class TableFinding:
    """What one token stream yielded; warnings are (table key, message)."""

    tables: Tables
    warnings: tuple[tuple[str, str], ...]
    seen: frozenset[str]  # tables whose heading or row labels appeared


def map_tables(tokens: Iterable[Token], template: Template) -> TableFinding:
    """The active, requests and review tables a token stream carries."""
    walker = _Walker(template)
    for segment in segment_tokens(tokens):
        walker.step(segment)
    walker.step(Segment(None, ()))  # flushes numbers still waiting for the rest of their label
    walker.close_review()
    return TableFinding(
        tables={table: rows for table, rows in walker.tables.items() if rows},
        warnings=tuple(walker.warnings),
        seen=frozenset(walker.seen),
    )


def is_numbered(label: str) -> bool:
    """A label that starts with row or group numbering: it starts a label, never continues one."""
    return strip_numbering(label) != label


def label_joins(fragments: Sequence[str], label: str) -> list[str]:
    """The label with the text lines printed above it (a label wrapped before its numbers),
    shortest first; a numbered line starts a label, so no join reaches above one."""
    if is_numbered(label):
        return []
    joins: list[str] = []
    for count in range(1, min(len(fragments), _MAX_FRAGMENTS) + 1):
        head = fragments[-count:]
        if any(is_numbered(fragment) for fragment in head[1:]):
            break
        joins.append("".join(head) + label)
        if is_numbered(head[0]):
            break
    return joins


def open_label(fragments: Sequence[str]) -> str:
    """The lines since the last numbered one, joined: a group label broken over lines
    ("(六)其" + "他处理") is read whole."""
    start = max((i for i, text in enumerate(fragments) if is_numbered(text)), default=0)
    return "".join(fragments[start:][-_MAX_FRAGMENTS:])


@dataclass
class _Walker:
    template: Template
    context: str | None = None
    group: str | None = None
    tables: dict[str, dict[str, dict[str, Cell]]] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    review_segments: list[Segment] = field(default_factory=list)
    fragments: list[str] = field(default_factory=list)  # label lines since the last numbers
    unmatched: Segment | None = None  # numbers under an unknown label: its rest may follow
    unmatched_heads: list[str] = field(default_factory=list)  # its label, alone and joined

    def step(self, segment: Segment) -> None:
        if self.unmatched is not None and self._resolve_unmatched(segment):
            return  # the segment was the rest of a label printed before it
        if segment.label is not None and self._enter_heading(segment.label):
            return
        match = self._match(segment.label)
        if self.context == REVIEW:
            self.review_segments.append(segment)
        elif not segment.has_values:
            self._add_fragment(segment.label)
            return
        elif match is not None:
            self._assign(match, segment.label or match.key, segment.cells)
        elif self.context is not None:
            self._take_unlabelled(segment)
        self.fragments = []

    def _enter_heading(self, label: str) -> bool:
        is_heading, table = heading_table(label)
        if is_heading:
            self._switch(table)
            self.fragments = []
        return is_heading

    def _switch(self, table: str | None) -> None:
        if self.context == REVIEW and table != REVIEW:
            self.close_review()
        self.context, self.group = table, None
        if table is not None:
            self.seen.add(table)

    def _match(self, label: str | None) -> RowMatch | None:
        if label is None:
            return None
        group = request_group(label)
        if group is not None:
            self.group = group
        match = match_row(label, self.context, self.group)
        if match is not None and match.table != self.context:
            self._switch(match.table)
            if match.table == REQUESTS:
                self.group = group
        return match

    def _add_fragment(self, label: str | None) -> None:
        if label is None:
            return
        self.fragments.append(label)
        group = request_group(open_label(self.fragments))
        if group is not None:
            self.group = group

    def _take_unlabelled(self, segment: Segment) -> None:
        """Numbers under a label no rule knows: the tail of a label wrapped over the lines above,
        or a label whose rest follows the numbers (kept waiting one step), or a warning."""
        label = segment.label or ""
        joins = label_joins(self.fragments, label)
        for joined in joins:
            match = match_row(joined, self.context, self.group)
            if match is not None and match.table == self.context:
                self._assign(match, joined, segment.cells)
                return
        if segment.label is not None:  # its rest may follow; its head may be above it
            self.unmatched = segment
            self.unmatched_heads = [label, *joins]

    def _resolve_unmatched(self, following: Segment) -> bool:
        """A label wrapped after its numbers: "5.要求…重新出" + numbers, then "具已获取信息"."""
        unmatched, self.unmatched = self.unmatched, None
        assert unmatched is not None and unmatched.label is not None
        for head in self.unmatched_heads if _is_label_rest(following) else []:
            whole_label = head + (following.label or "")
            joined = match_row(whole_label, self.context, self.group)
            if joined is not None and joined.table == self.context:
                self._assign(joined, whole_label, unmatched.cells)
                return True
        message = f"unrecognised row label {unmatched.label!r}: its cells were ignored"
        self.warnings.append((self.context or "", message))
        return False

    def _assign(self, match: RowMatch, label: str, cells: Sequence[Token]) -> None:
        if match.table == REQUESTS:
            self.group = row_group(match.key)  # "3.其他" after "2.申请人逾期…" is in 其他处理
        columns = _columns(match, self.template)
        if columns is None:
            message = f"row {label!r} is not in the {self.template} template"
            self.warnings.append((match.table, message))
            return
        fitted = fit_cells(cells, len(columns))
        rows = self.tables.setdefault(match.table, {})
        if fitted is None:
            found = sum(1 for token in cells if token.kind == "value")
            message = f"row {label!r}: expected {len(columns)} cells, found {found} numbers"
            self.warnings.append((match.table, message))
        elif match.key in rows:
            self.warnings.append((match.table, f"row {label!r} appears twice; kept the first"))
        else:
            rows[match.key] = row_values(columns, fitted)

    def close_review(self) -> None:
        if self.review_segments:
            rows, warning = resolve_review(self.review_segments)
            if rows and REVIEW not in self.tables:
                self.tables[REVIEW] = rows
            if warning:
                self.warnings.append((REVIEW, warning))
        self.review_segments = []


def _is_label_rest(segment: Segment) -> bool:
    """A line that can end a label: text only, not numbered, not a heading."""
    label = segment.label
    if label is None or segment.has_values or is_numbered(label):
        return False
    return not heading_table(label)[0]


def _columns(match: RowMatch, template: Template) -> tuple[str, ...] | None:
    if match.table == REQUESTS:
        return REQUEST_COLUMNS
    if match.table == REVIEW:
        return REVIEW_COLUMNS
    for spec in row_specs(ACTIVE, template):
        if spec.key == match.key:
            return spec.columns
    return None


