"""Named archive errors: each is an expected failure the CLI turns into a one-line message."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base of every error the archive expects."""


class DatabaseUrlError(ArchiveError):
    """The --db URL is not one nianbao can open."""


class SchemaNotCurrentError(ArchiveError):
    """The database schema is missing or old; run `nianbao db upgrade`."""


class UnknownReportError(ArchiveError):
    """No archived report matches the URL or agency + year given."""


class UnknownVersionError(ArchiveError):
    """The report has no version with that number."""


class RenditionMismatchError(ArchiveError):
    """Two versions of different renditions (the page and the PDF) were asked to be compared."""
