"""Named parse errors: every failure the parser expects is one of these, with file and reason."""

from __future__ import annotations


class ParseError(Exception):
    """A document could not be parsed; `source` names the file or URL, `reason` says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyDocumentError(ParseError):
    """The input has no bytes or no text at all."""


class UnsupportedFormatError(ParseError):
    """The bytes are not a format nianbao reads (binary junk, an image, an unknown container)."""


class CorruptDocumentError(ParseError):
    """A known format that is truncated or broken (a cut-off PDF, a bad zip in a DOCX)."""


class EncryptedDocumentError(ParseError):
    """A password-protected PDF or Office file."""


class NotAReportError(ParseError):
    """Readable text, but nothing in it looks like an annual report."""
