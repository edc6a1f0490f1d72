"""Legacy Word .doc (and .wps, usually the same OLE container) via Debian's catdoc or antiword.

Why these: both are small C programs in Debian (`apt-get install catdoc antiword`) that read Word
97-2003 binaries with their Unicode (Chinese) text and print UTF-8 in milliseconds; the
alternatives are a LibreOffice in the pipeline (hundreds of MB, seconds a file) or a pure-Python
reader of the Word binary format that no maintained package offers.
catdoc is tried first: it prints a table row per line with tab-separated cells and keeps every
row; antiword drew the statistical tables as "|a |b |" rows but dropped the whole 28-row requests
table (vertical merges) of a LibreOffice-made .doc in our tests. Either output goes through the
plain-text reader (parsers.text), so a .doc is a text-form Document whose tables the report
parser reads from the text. Neither tool installed is an UnsupportedFormatError that says how to
fix it, never a silent empty result.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile

from parsers.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    ParseError,
    UnsupportedFormatError,
)
from parsers.model import Document
from parsers.text import read_text

TOOL_TIMEOUT_S = 30.0
INSTALL_HINT = "install catdoc or antiword to read .doc (apt-get install catdoc antiword)"


def read_doc(
    data: bytes, source: str, catdoc: str | None = None, antiword: str | None = None
) -> Document:
    """Turn .doc/.wps bytes into a text-form Document; tools are found on PATH by default."""
    tools = [
        (name, path)
        for name, path in (
            ("catdoc", catdoc or shutil.which("catdoc")),
            ("antiword", antiword or shutil.which("antiword")),
        )
        if path
    ]
    if not tools:
        raise UnsupportedFormatError(source, f"Word .doc file: {INSTALL_HINT}")
    failure: ParseError | None = None
    for name, path in tools:
        try:
            output = _run(name, path, data, source)
        except ParseError as exc:
            failure = failure or exc
            continue
        if output.strip():
            return dataclasses.replace(read_text(output.encode("utf-8"), source), form="doc")
    raise failure or CorruptDocumentError(source, "the Word .doc file gave no text")


def _command(name: str, path: str, file: str) -> list[str]:
    if name == "catdoc":
        return [path, "-w", "-d", "utf-8", file]  # -w: no line wrapping
    return [path, "-m", "UTF-8.txt", "-w", "0", file]  # -w 0: a paragraph a line


def _run(name: str, path: str, data: bytes, source: str) -> str:
    # Both tools read a named file, not stdin; the temp file is gone when the block ends.
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(data)
        handle.flush()
        try:
            done = subprocess.run(
                _command(name, path, handle.name),
                capture_output=True,
                timeout=TOOL_TIMEOUT_S,
                check=False,
                env={**os.environ, "LC_ALL": "C.UTF-8"},
            )
        except subprocess.TimeoutExpired as exc:
            reason = f"{name} gave no answer in {TOOL_TIMEOUT_S:g} s"
            raise CorruptDocumentError(source, reason) from exc
        except OSError as exc:
            reason = f"cannot run {name} ({exc}); {INSTALL_HINT}"
            raise UnsupportedFormatError(source, reason) from exc
        stderr = done.stderr.decode("utf-8", "replace").replace(handle.name, "the file")
    if done.returncode != 0:
        raise _tool_error(name, source, stderr)
    return done.stdout.decode("utf-8", "replace")


def _tool_error(name: str, source: str, stderr: str) -> ParseError:
    message = " ".join(stderr.split())[:200] or "no message"
    lowered = stderr.lower()
    if "encrypt" in lowered or "password" in lowered:
        return EncryptedDocumentError(source, "password-protected Word .doc file")
    if "not a word document" in lowered:
        return UnsupportedFormatError(source, f"not a Word document {name} can read ({message})")
    return CorruptDocumentError(source, f"{name} could not read the .doc file ({message})")
