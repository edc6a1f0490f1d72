"""What changed between two versions: cell changes from the long table, and a character-level
text diff (Chinese has no spaces to split words on) with unchanged stretches folded."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from parsers.model import Tables
from storage.fingerprint import table_records

HunkOp = Literal["equal", "fold", "delete", "insert", "replace"]


@dataclass(frozen=True)
class CellChange:
    table: str
    row: str
    column: str
    old: Any
    new: Any


@dataclass(frozen=True)
class TextHunk:
    """`equal`: context kept; `fold`: `chars` unchanged characters left out; else a change."""

    op: HunkOp
    old: str = ""
    new: str = ""
    chars: int = 0


_ABSENT = object()


def diff_cells(old: Tables, new: Tables) -> list[CellChange]:
    """Every cell whose value differs, appeared or disappeared (absent is None in the result)."""
    before = {(t, r, c): v for t, r, c, v in table_records(old)}
    after = {(t, r, c): v for t, r, c, v in table_records(new)}
    changes = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key, _ABSENT), after.get(key, _ABSENT)
        if a != b or (a is None) != (b is None):
            changes.append(
                CellChange(*key, None if a is _ABSENT else a, None if b is _ABSENT else b)
            )
    return changes


def _char_ops(old: str, new: str) -> list[tuple[str, str, str]]:
    """Line-level alignment first, then characters inside replaced stretches (fast)."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    ops: list[tuple[str, str, str]] = []
    lines = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        a, b = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if tag != "replace":
            ops.append((tag, a, b))
            continue
        chars = SequenceMatcher(None, a, b, autojunk=False)
        ops.extend((t, a[x1:x2], b[y1:y2]) for t, x1, x2, y1, y2 in chars.get_opcodes())
    return ops


def _fold(text: str, context: int, first: bool, last: bool) -> list[TextHunk]:
    head = "" if first else text[:context]
    tail = "" if last else text[-context:] if context else ""
    hidden = len(text) - len(head) - len(tail)
    if hidden <= 0:
        return [TextHunk("equal", text, text)]
    hunks = [TextHunk("equal", head, head)] if head else []
    hunks.append(TextHunk("fold", chars=hidden))
    return hunks + ([TextHunk("equal", tail, tail)] if tail else [])


def diff_text(old: str, new: str, context: int = 20) -> list[TextHunk]:
    """Character-level changes with at most `context` characters of unchanged text around each."""
    ops = _merge(_char_ops(old, new))
    hunks: list[TextHunk] = []
    for index, (tag, a, b) in enumerate(ops):
        if tag == "equal":
            hunks.extend(_fold(a, context, index == 0, index == len(ops) - 1))
        else:
            hunks.append(TextHunk(tag, a, b))  # type: ignore[arg-type]
    return hunks


def _merge(ops: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    merged: list[tuple[str, str, str]] = []
    for tag, a, b in ops:
        if merged and merged[-1][0] == tag == "equal":
            merged[-1] = (tag, merged[-1][1] + a, merged[-1][2] + b)
        elif tag != "equal" and merged and merged[-1][0] != "equal":
            prev = merged[-1]
            merged[-1] = ("replace", prev[1] + a, prev[2] + b)
        else:
            merged.append((tag, a, b))
    return [
        (("insert" if not a else "delete" if not b else t), a, b) if t != "equal" else (t, a, b)
        for t, a, b in merged
    ]


def diff_json(cells: list[CellChange], text: list[TextHunk]) -> dict[str, list[dict[str, Any]]]:
    """The `--json` shape: {"cells": [{table,row,column,old,new}], "text": [{op,…}]}.

    Values stay int / Decimal: print with storage.values.dumps to keep them exact.
    """
    return {
        "cells": [asdict(c) for c in cells],
        "text": [_hunk_json(h) for h in text],
    }


def _hunk_json(hunk: TextHunk) -> dict[str, Any]:
    if hunk.op == "fold":
        return {"op": "fold", "chars": hunk.chars}
    if hunk.op == "equal":
        return {"op": "equal", "text": hunk.old}
    return {"op": hunk.op, "old": hunk.old, "new": hunk.new}


def render_text(hunks: list[TextHunk]) -> str:
    """Human form: [-removed-]{+added+}, folded stretches as "… N unchanged characters …"."""
    parts = []
    for h in hunks:
        if h.op == "fold":
            parts.append(f" … {h.chars} unchanged characters … ")
        elif h.op == "equal":
            parts.append(h.old)
        else:
            parts.append((f"[-{h.old}-]" if h.old else "") + (f"{{+{h.new}+}}" if h.new else ""))
    return "".join(parts)
