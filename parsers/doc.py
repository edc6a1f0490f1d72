"""Legacy Word .doc (and .wps, which is usually the same OLE container) via Debian's antiword.

Why antiword: it is a small C program in Debian (`apt-get install antiword`), reads Word 97-2003
binaries including their Unicode (Chinese) text, prints UTF-8 with `-m UTF-8.txt`, and starts in a
few milliseconds. The alternatives are a full LibreOffice in the pipeline (hundreds of MB, seconds
per file) or a pure-Python reader of the Word binary format that no maintained package offers.
antiword flattens tables to text rows ("|a |b |"), so a .doc gives a text-form Document, whose
tables the report parser reads from the text. Its absence is an UnsupportedFormatError that says
how to fix it, never a silent empty result.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from parsers.celltext import normalize_line
from parsers.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ParseError,
    UnsupportedFormatError,
)
from parsers.model import Document

ANTIWORD_TIMEOUT_S = 30.0


def read_doc(data: bytes, source: str, antiword: str | None = None) -> Document:
    """Turn .doc/.wps bytes into a text-form Document using antiword (found on PATH by default)."""
    program = antiword or shutil.which("antiword")
    if program is None:
        raise UnsupportedFormatError(source, "Word .doc file: install antiword to read .doc")
    output = _run_antiword(program, data, source)
    lines = [line for line in (normalize_line(raw) for raw in output.splitlines()) if line]
    if not lines:
        raise EmptyDocumentError(source, "the Word .doc file has no text")
    return Document(source=source, form="doc", text="\n".join(lines))


def _run_antiword(program: str, data: bytes, source: str) -> str:
    # antiword reads a named file, not stdin; the temp file is gone when the block ends.
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(data)
        handle.flush()
        try:
            done = subprocess.run(
                [program, "-m", "UTF-8.txt", "-w", "0", handle.name],
                capture_output=True,
                timeout=ANTIWORD_TIMEOUT_S,
                check=False,
                env={**os.environ, "LC_ALL": "C.UTF-8"},
            )
        except subprocess.TimeoutExpired as exc:
            raise CorruptDocumentError(
                source, f"antiword gave no answer in {ANTIWORD_TIMEOUT_S:g} s"
            ) from exc
        except OSError as exc:
            raise UnsupportedFormatError(
                source, f"cannot run antiword ({exc}); install antiword to read .doc"
            ) from exc
        stderr = done.stderr.decode("utf-8", "replace").replace(handle.name, "the file")
    if done.returncode != 0:
        raise _antiword_error(source, stderr)
    return done.stdout.decode("utf-8", "replace")


def _antiword_error(source: str, stderr: str) -> ParseError:
    message = " ".join(stderr.split())[:200] or "no message"
    lowered = stderr.lower()
    if "encrypt" in lowered:
        return EncryptedDocumentError(source, "password-protected Word .doc file")
    if "not a word document" in lowered:
        return UnsupportedFormatError(source, f"not a Word document antiword can read ({message})")
    return CorruptDocumentError(source, f"antiword could not read the .doc file ({message})")
