"""Cell and line text normalisation shared by the format readers (HTML, DOCX, PDF).

A label that the source broke into pieces (服<span>务</span>, 商业<br>企业, runs of &nbsp;, a
PDF cell wrapped over two lines) is joined back: whitespace between two CJK characters goes,
other whitespace runs become one space.
"""

from __future__ import annotations

import re

# Invisible characters that only ever split words: zero-width space/joiners, BOM, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE_RUN = re.compile(r"[\s\u00a0\u3000]+")
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d\u2018\u2019"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def normalize_cell(text: str) -> str:
    """One line of cell text: spaces collapsed, CJK-to-CJK gaps removed, ends stripped."""
    text = _INVISIBLE.sub("", text)
    text = _SPACE_RUN.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


def normalize_line(text: str) -> str:
    """A paragraph line: invisible characters dropped, whitespace runs collapsed, ends stripped.

    Unlike a cell, a prose line keeps its spaces between CJK characters (they are rare in prose
    and the text parser may rely on them); only runs are collapsed.
    """
    text = _INVISIBLE.sub("", text)
    return _SPACE_RUN.sub(" ", text).strip()


def square(rows: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """Pad rows to one width so row i column j always exists."""
    width = max((len(row) for row in rows), default=0)
    return tuple(tuple(row) + ("",) * (width - len(row)) for row in rows)
