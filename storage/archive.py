"""The archive's write API: what the crawler's jobs and `nianbao ingest` call.

Storage takes records; it imports neither scrapy nor the crawler's spiders (only the neutral
`crawler.capture` record types) and never reads the environment.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from crawler.capture import Validators
from parsers.model import ParsedReport
from storage import migrate
from storage import models as m
from storage.db import as_aware, insert_ignore, make_engine, now, utc
from storage.errors import SchemaNotCurrentError
from storage.reading import reports_at
from storage.records import CaptureRecord
from storage.saving import (
    SaveResult,
    Sighting,
    agency_key,
    ensure_row,
    report_identity,
    save_version,
)

__all__ = ["Archive", "CaptureRecord", "SaveResult"]


# Every capture column the record gives as is (fetched_at is made naive UTC, headers a list).
_CAPTURE_FIELDS = tuple(
    c.name for c in m.capture.c if c.name not in ("id", "fetched_at", "headers")
)


class Archive:
    """Every capture and every distinct version of every report, in SQLite or PostgreSQL.

    Use one Archive per thread or process (it caches ids). A SQLite database is brought to the
    newest schema when opened; a PostgreSQL database must be upgraded explicitly
    (`nianbao db upgrade`), else SchemaNotCurrentError is raised.
    """

    def __init__(self, db_url: str, *, require_schema: bool = True) -> None:
        self.engine = make_engine(db_url)
        self._key_ids: dict[tuple[str, str, str], int] = {}
        self._report_ids: dict[str, int] = {}
        self._agency_ids: dict[str, int] = {}
        if self.engine.dialect.name == "sqlite":
            self.upgrade()
        elif require_schema:
            self._check_schema()

    def _check_schema(self) -> None:
        if not migrate.is_current(self.engine):
            raise SchemaNotCurrentError(
                f"database {self.engine.url.render_as_string()} is not at the current schema: "
                "run `nianbao db upgrade`"
            )

    def upgrade(self) -> None:
        """Alembic upgrade to head."""
        if not migrate.is_current(self.engine):
            migrate.upgrade(self.engine)
        self._load_keys()

    def _load_keys(self) -> None:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(m.cell_key)).all()
        self._key_ids = {(r.table_key, r.row_key, r.column_key): int(r.id) for r in rows}

    def ensure_source(
        self, name: str, url: str, region: str | None = None, level: str | None = None
    ) -> int:
        with self.engine.begin() as conn:
            source_id = ensure_row(
                conn,
                m.source,
                m.source.c.name,
                {"name": name, "url": url, "region": region, "level": level},
            )
            conn.execute(
                m.source.update()
                .where(m.source.c.id == source_id)
                .values(
                    url=url,
                    region=sa.func.coalesce(region, m.source.c.region),
                    level=sa.func.coalesce(level, m.source.c.level),
                )
            )
            return source_id

    def record_capture(self, capture: CaptureRecord) -> int:
        """Archive one fetch (also 304s and failures); the same fetch twice is kept once."""
        values = {name: getattr(capture, name) for name in _CAPTURE_FIELDS}
        values["fetched_at"] = utc(capture.fetched_at)
        values["headers"] = [list(pair) for pair in capture.headers]
        with self.engine.begin() as conn:
            return ensure_row(conn, m.capture, ("url", "fetched_at"), values)

    def validators(self, url: str) -> Validators | None:
        """What the last successful fetch of `url` said (for If-None-Match / If-Modified-Since),
        with where its body is in the WARC files, so that a 304 can be replayed from it."""
        c = m.capture.c
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(
                    c.etag, c.last_modified, c.sha256, c.fetched_at, c.warc_file, c.warc_offset
                )
                .where(c.url == url, c.status >= 200, c.status < 300)
                .order_by(c.fetched_at.desc())
                .limit(1)
            ).first()
        if row is None:
            return None
        return Validators(
            row.etag,
            row.last_modified,
            row.sha256,
            as_aware(row.fetched_at),
            warc_file=row.warc_file,
            warc_offset=None if row.warc_offset is None else int(row.warc_offset),
        )

    def save_report(
        self,
        report: ParsedReport,
        *,
        url: str,
        source: str | None,
        capture_id: int | None,
        agency: str | None = None,
        year: int | None = None,
        region: str | None = None,
    ) -> SaveResult:
        """Idempotent: "inserted" (new report), "new_version" (content changed) or "unchanged"."""
        agency = agency or report.agency
        year = year or report.year
        identity = report_identity(agency, year, url)
        with self.engine.begin() as conn:
            seen = Sighting(url, capture_id, self._seen_at(conn, capture_id))
            report_id, agency_id, new = self._report_ids.get(identity), None, False
            if report_id is None:
                report_id, agency_id, new = self._ensure_report(
                    conn, identity, agency, year, source, region, seen
                )
            result = save_version(conn, report_id, report, seen, self._key_ids, new_report=new)
        # Cached only once committed; ids never change after.
        self._report_ids[identity] = report_id
        if agency and agency_id is not None:
            self._agency_ids[agency_key(agency)] = agency_id
        return result

    def _seen_at(self, conn: sa.Connection, capture_id: int | None) -> datetime:
        if capture_id is None:
            return now()
        fetched = conn.execute(
            sa.select(m.capture.c.fetched_at).where(m.capture.c.id == capture_id)
        ).scalar_one()
        return fetched  # type: ignore[no-any-return]

    def _ensure_report(
        self,
        conn: sa.Connection,
        identity: str,
        agency: str | None,
        year: int | None,
        source: str | None,
        region: str | None,
        seen: Sighting,
    ) -> tuple[int, int | None, bool]:
        """The report's id (inserted if new), its agency's id, and whether it was inserted."""
        source_id = None
        if source is not None:
            source_id = ensure_row(
                conn, m.source, m.source.c.name, {"name": source, "url": seen.url}
            )
            if region is None:
                region = conn.execute(
                    sa.select(m.source.c.region).where(m.source.c.id == source_id)
                ).scalar_one()
        agency_id = self._ensure_agency(conn, agency, region, source_id) if agency else None
        values = {
            "identity": identity,
            "agency_id": agency_id,
            "year": year,
            "url": seen.url,
            "created_at": seen.seen_at,
        }
        inserted = insert_ignore(conn, m.report, values)
        if inserted is not None:
            return inserted, agency_id, True
        return ensure_row(conn, m.report, m.report.c.identity, values), agency_id, False

    def _ensure_agency(
        self, conn: sa.Connection, agency: str, region: str | None, source_id: int | None
    ) -> int:
        """The agency's id (cached; inserted if new); a region fills one not known yet."""
        key = agency_key(agency)
        agency_id = self._agency_ids.get(key)
        if agency_id is not None:
            return agency_id
        values = {"name": agency, "name_key": key, "region": region, "source_id": source_id}
        inserted = insert_ignore(conn, m.agency, values)
        if inserted is not None:  # with this region already
            return inserted
        agency_id = ensure_row(conn, m.agency, m.agency.c.name_key, values)
        if region is not None:
            conn.execute(
                m.agency.update()
                .where(m.agency.c.id == agency_id, m.agency.c.region.is_(None))
                .values(region=region)
            )
        return agency_id

    def record_problem(self, capture_id: int, stage: str, message: str) -> None:
        """A parse (or other) error recorded against the raw capture; recorded once."""
        p = m.problem.c
        with self.engine.begin() as conn:
            exists = conn.execute(
                sa.select(p.id).where(
                    p.capture_id == capture_id, p.stage == stage, p.message == message
                )
            ).first()
            if exists is None:
                conn.execute(
                    m.problem.insert().values(
                        capture_id=capture_id, stage=stage, message=message, recorded_at=now()
                    )
                )

    def mark_removed(self, url: str, when: datetime, reason: str) -> bool:
        """Record that the report last seen at `url` is gone (an event; nothing is deleted)."""
        at = utc(when)
        with self.engine.begin() as conn:
            ids = reports_at(conn, url)
            for report_id in ids:
                removed = conn.execute(
                    sa.select(m.report.c.removed_at)
                    .where(m.report.c.id == report_id)
                    .with_for_update()
                ).scalar_one()
                if removed is None:
                    conn.execute(
                        m.report.update().where(m.report.c.id == report_id).values(removed_at=at)
                    )
                    conn.execute(
                        m.report_event.insert().values(
                            report_id=report_id, kind="removed", at=at, url=url, reason=reason
                        )
                    )
            return bool(ids)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
