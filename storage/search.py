"""Full-text search over report text that works for Chinese.

SQLite: the FTS5 trigram index answers words of three or more characters; shorter words (most
two-character Chinese words) fall back to LIKE. PostgreSQL: a pg_trgm GIN index serves LIKE.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from storage import models as m


@dataclass(frozen=True)
class SearchHit:
    report_id: int
    version: int
    agency: str | None
    year: int | None
    url: str
    snippet: str


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matching_ids(conn: sa.Connection, term: str) -> sa.ColumnElement[bool]:
    v = m.report_version.c
    if conn.dialect.name == "sqlite" and len(term) >= 3:
        phrase = '"' + term.replace('"', '""') + '"'
        fts = sa.text("SELECT rowid FROM version_fts WHERE version_fts MATCH :q").bindparams(
            q=phrase
        )
        return v.id.in_(fts.columns(sa.column("rowid", sa.Integer)))
    return v.text.like(_like_pattern(term), escape="\\")


def snippet(text: str, term: str, width: int = 30) -> str:
    at = text.find(term)
    if at < 0:
        return text[: width * 2].replace("\n", " ")
    start, end = max(0, at - width), at + len(term) + width
    body = text[start:end].replace("\n", " ")
    return ("…" if start else "") + body + ("…" if end < len(text) else "")


def search(
    conn: sa.Connection, term: str, *, all_versions: bool = False, limit: int = 50
) -> list[SearchHit]:
    """Reports whose text contains `term` (the latest versions unless all_versions)."""
    term = term.strip()
    if not term:
        return []
    v, r = m.report_version.c, m.report.c
    query = (
        sa.select(v.report_id, v.version, m.agency.c.name, r.year, v.url, v.text)
        .join(m.report, r.id == v.report_id)
        .outerjoin(m.agency, m.agency.c.id == r.agency_id)
        .where(_matching_ids(conn, term))
        .order_by(r.year.desc(), v.report_id, v.version)
        .limit(limit)
    )
    if not all_versions:
        query = query.where(r.latest_version_id == v.id)
    return [
        SearchHit(
            int(row.report_id),
            int(row.version),
            row.name,
            row.year,
            row.url,
            snippet(row.text, term),
        )
        for row in conn.execute(query)
    ]
