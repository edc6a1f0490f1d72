"""The archive's tables (SQLAlchemy Core). Alembic migrations create them; this describes them.

source → agency → report (one per agency and year) → report_version (one per distinct content of
one rendition: the page, the PDF, the DOCX… of the report; storage.renditions). Versions are
numbered per rendition; `report.latest_version_id` is the latest of the primary rendition.
Every fetch is a capture; every time a version is seen at a URL/capture is a sighting.
Table values live in one long table, `cell`, keyed by `cell_key` (the contract's keys), each as
exact text and as a SQL number (storage.values).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Timestamp = sa.DateTime(timezone=False)  # always UTC; SQLite cannot keep an offset
# For sums and the wide views; exact on PostgreSQL (unconstrained NUMERIC), REAL on SQLite.
Value = sa.Numeric()

source = sa.Table(
    "source",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("region", sa.String(100)),
    sa.Column("level", sa.String(50)),
)

agency = sa.Table(
    "agency",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("name_key", sa.String(300), nullable=False, unique=True),
    sa.Column("region", sa.String(100)),
    sa.Column("source_id", sa.ForeignKey("source.id")),
    sa.Index("ix_agency_region", "region"),
)

report = sa.Table(
    "report",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # "a:<agency key>|<year>" when both are known, else "u:<url>": survives URL changes.
    sa.Column("identity", sa.String(1000), nullable=False, unique=True),
    sa.Column("agency_id", sa.ForeignKey("agency.id")),
    sa.Column("year", sa.Integer),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("latest_version_id", sa.Integer),
    sa.Column("removed_at", Timestamp),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Index("ix_report_agency_year", "agency_id", "year"),
    sa.Index("ix_report_url", "url"),
    sa.Index("ix_report_year", "year"),
)

capture = sa.Table(
    "capture",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", sa.String(200)),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("final_url", sa.Text),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("status", sa.Integer),
    sa.Column("fetched_at", Timestamp, nullable=False),
    sa.Column("headers", sa.JSON),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("sha256", sa.String(64)),
    sa.Column("size", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("content_type", sa.Text),
    sa.Column("warc_file", sa.Text),
    sa.Column("warc_offset", sa.BigInteger),
    sa.Column("warc_length", sa.BigInteger),
    sa.Column("rendered", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("error", sa.Text),
    sa.Column("parent_url", sa.Text),
    sa.UniqueConstraint("url", "fetched_at", name="uq_capture_url_fetched_at"),
)

report_version = sa.Table(
    "report_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("report_id", sa.ForeignKey("report.id"), nullable=False),
    # "html", "pdf", "docx", "doc", "text"; "<form> <url>" for a second document of one form.
    sa.Column("rendition", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),  # 1, 2, … within the rendition
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("text_hash", sa.String(64), nullable=False),
    sa.Column("tables_hash", sa.String(64), nullable=False),
    sa.Column("template", sa.String(20), nullable=False),
    sa.Column("form", sa.String(10), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(10)),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("capture_id", sa.ForeignKey("capture.id")),
    sa.Column("first_seen", Timestamp, nullable=False),
    sa.Column("last_seen", Timestamp, nullable=False),
    sa.Column("missing", sa.JSON, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.UniqueConstraint(
        "report_id", "rendition", "version", name="uq_report_version_rendition_version"
    ),
    sa.Index("ix_report_version_content", "report_id", "content_hash"),
)

sighting = sa.Table(
    "sighting",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version_id", sa.ForeignKey("report_version.id"), nullable=False),
    sa.Column("capture_id", sa.ForeignKey("capture.id")),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("seen_at", Timestamp, nullable=False),
    sa.Index("ix_sighting_capture", "capture_id"),
    sa.Index("ix_sighting_version", "version_id"),
)

cell_key = sa.Table(
    "cell_key",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("table_key", sa.String(40), nullable=False),
    sa.Column("row_key", sa.String(60), nullable=False),
    sa.Column("column_key", sa.String(60), nullable=False),
    sa.UniqueConstraint("table_key", "row_key", "column_key", name="uq_cell_key_keys"),
)

row_label = sa.Table(
    "row_label",
    metadata,
    sa.Column("template", sa.String(20), primary_key=True),
    sa.Column("table_key", sa.String(40), primary_key=True),
    sa.Column("row_key", sa.String(60), primary_key=True),
    sa.Column("label", sa.Text, nullable=False),
)

column_label = sa.Table(
    "column_label",
    metadata,
    sa.Column("table_key", sa.String(40), primary_key=True),
    sa.Column("column_key", sa.String(60), primary_key=True),
    sa.Column("label", sa.Text, nullable=False),
)

table_label = sa.Table(
    "table_label",
    metadata,
    sa.Column("table_key", sa.String(40), primary_key=True),
    sa.Column("label", sa.Text, nullable=False),
)

cell = sa.Table(
    "cell",
    metadata,
    sa.Column("version_id", sa.ForeignKey("report_version.id"), primary_key=True),
    sa.Column("key_id", sa.ForeignKey("cell_key.id"), primary_key=True),
    # The exact decimal text ("5098.4139"), the source of truth; NULL: the report left the
    # cell blank, "—" or "/". `value` is the same number for arithmetic in SQL.
    sa.Column("value", Value),
    sa.Column("value_text", sa.Text),
)

check_result = sa.Table(
    "check_result",
    metadata,
    sa.Column("version_id", sa.ForeignKey("report_version.id"), primary_key=True),
    sa.Column("rule", sa.String(60), primary_key=True),
    sa.Column("ok", sa.Boolean),  # NULL: not checkable
    sa.Column("failures", sa.JSON, nullable=False),
    sa.Column("note", sa.Text),
)

report_event = sa.Table(
    "report_event",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("report_id", sa.ForeignKey("report.id"), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # "removed" | "restored"
    sa.Column("at", Timestamp, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("reason", sa.Text),
    sa.Index("ix_report_event_report", "report_id"),
)

problem = sa.Table(
    "problem",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("capture_id", sa.ForeignKey("capture.id"), nullable=False),
    sa.Column("stage", sa.String(40), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("recorded_at", Timestamp, nullable=False),
    sa.Index("ix_problem_capture", "capture_id"),
)
