"""Renditions: the documents one report is published as (the page, its PDF, its DOCX, …).

A report's versions chain per rendition: a PDF is compared with the PDF's latest version, never
with the page. A rendition is named by its document form ("html", "pdf", "docx", "doc", "text"),
so a PDF that moves to a new URL keeps its chain. A second document of the same form (全真版 and
文字版 PDFs of one report) gets its own rendition, "<form> <url>", when it cannot be the first one
moved: it is seen at another URL while the first is still being seen (within SAME_RUN of it).

Matching a saved document to a rendition of its report, in order:
1. a rendition of the same form already seen at this URL;
2. a rendition of the same form whose latest content is this content (the same file elsewhere);
3. a rendition of the same form not seen for SAME_RUN (it moved; the plain "<form>" one first);
4. else a new rendition: "<form>", or "<form> <url>" when that name is taken.
Known limit: a second PDF first published more than SAME_RUN after the first was last seen, and
saved before the first in that harvest, is taken as the first one moved.

Each report has one **primary** rendition, the one reads use by default (`report.latest_version_id`
is its latest version): the most table cells, ties to html, then the one whose latest version is
newest. It changes only when a version is added, never because a rendition was merely seen again.

These rules are pure functions so that the migration that introduced renditions (0006) replays
the same rules over the stored versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from storage import models as m

SAME_RUN = timedelta(hours=12)


@dataclass(frozen=True)
class Chain:
    """One rendition of a report as matching needs it."""

    key: str
    form: str
    version_id: int  # its latest version
    version: int
    urls: frozenset[str]  # every URL a version of it was seen at
    content_hash: str  # of its latest version
    last_seen: datetime  # of its latest version


@dataclass(frozen=True)
class RenditionLatest:
    """The latest version of one rendition, as choosing the primary rendition needs it."""

    version_id: int
    rendition: str
    form: str
    cells: int


def rendition_for(
    chains: Sequence[Chain], form: str, url: str, content_hash: str, seen_at: datetime
) -> str:
    """The rendition a document of `form` at `url` belongs to (rules in the module docstring)."""
    same_form = [c for c in chains if c.form == form]
    for found in (
        [c for c in same_form if url in c.urls],
        [c for c in same_form if c.content_hash == content_hash],
        [c for c in same_form if abs(seen_at - c.last_seen) > SAME_RUN],
    ):
        if found:
            return min(found, key=lambda c: (c.key != form, c.key)).key
    if any(c.key == form for c in chains):
        return f"{form} {url}"
    return form


def primary(latests: Sequence[RenditionLatest]) -> RenditionLatest:
    """The primary rendition: most table cells, ties to html, then the newest latest version."""
    return max(latests, key=lambda r: (r.cells, r.form == "html", r.version_id))


# In the database (`v` is report_version).


def is_rendition_latest() -> sa.ColumnElement[bool]:
    """True for a report_version row that is the latest version of its rendition."""
    v, newer = m.report_version.c, m.report_version.alias("newer").c
    return ~sa.exists().where(
        newer.report_id == v.report_id, newer.rendition == v.rendition, newer.version > v.version
    )


def _chains_query() -> sa.Select[Any]:
    """Each rendition's latest version, once per URL a version of that rendition was seen at
    (one row with a NULL URL when it has no sighting): one round trip."""
    v, s = m.report_version.c, m.sighting.c
    report_id = sa.bindparam("report_id", type_=sa.Integer)
    seen_v = m.report_version.alias("seen_v")
    seen = (
        sa.select(seen_v.c.rendition, s.url)
        .join(m.sighting, s.version_id == seen_v.c.id)
        .where(seen_v.c.report_id == report_id)
        .distinct()
        .subquery("seen")
    )
    return (
        sa.select(v.id, v.rendition, v.form, v.version, v.content_hash, v.last_seen, seen.c.url)
        .outerjoin(seen, seen.c.rendition == v.rendition)
        .where(v.report_id == report_id, is_rendition_latest())
    )


# Built once: building the statement cost more CPU than running it.
_CHAINS = _chains_query()


def report_chains(conn: sa.Connection, report_id: int) -> list[Chain]:
    """Every rendition of a report with its latest version and the URLs it was seen at."""
    latest: dict[str, Any] = {}
    urls: dict[str, set[str]] = {}
    for r in conn.execute(_CHAINS, {"report_id": report_id}):
        latest[r.rendition] = r
        if r.url is not None:
            urls.setdefault(r.rendition, set()).add(r.url)
    return [
        Chain(
            r.rendition,
            r.form,
            int(r.id),
            int(r.version),
            frozenset(urls.get(r.rendition, ())),
            r.content_hash,
            r.last_seen,
        )
        for r in latest.values()
    ]


def cell_counts(conn: sa.Connection, version_ids: Sequence[int]) -> dict[int, int]:
    c = m.cell.c
    rows = conn.execute(
        sa.select(c.version_id, sa.func.count())
        .where(c.version_id.in_(list(version_ids)))
        .group_by(c.version_id)
    )
    return {int(vid): int(n) for vid, n in rows}


def refresh_primary(conn: sa.Connection, report_id: int, chains: Sequence[Chain]) -> None:
    """Point the report at the latest version of its primary rendition (and that one's URL);
    `chains` are the report's renditions as they now are."""
    best = chains[0].version_id
    if len(chains) > 1:
        cells = cell_counts(conn, [c.version_id for c in chains])
        latests = [
            RenditionLatest(c.version_id, c.key, c.form, cells.get(c.version_id, 0)) for c in chains
        ]
        best = primary(latests).version_id
    url: Any = sa.select(m.report_version.c.url).where(m.report_version.c.id == best)
    conn.execute(
        m.report.update()
        .where(m.report.c.id == report_id)
        .values(latest_version_id=best, url=url.scalar_subquery())
    )
