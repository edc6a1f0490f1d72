"""Property: whatever bytes arrive, parsing ends in a ParsedReport or a ParseError, no traceback.

Inputs: arbitrary bytes, arbitrary text, the seed texts with lines deleted, shuffled or duplicated,
and the renderings under tests/fixtures/renderings (HTML/DOCX/PDF) cut short or with bytes
flipped. The readers (parsers.formats.read_document) are held to the stricter form of the
property: only ParseError subclasses raised by the readers themselves, not a wrapped failure.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.errors import ParseError
from parsers.formats import read_document
from parsers.report import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "jobs" / "samples").glob("*.txt"))
RENDERINGS = sorted(
    path
    for folder in ("renderings", "doc")
    for path in (ROOT / "tests" / "fixtures" / folder).glob("*")
    if path.suffix in {".html", ".docx", ".pdf", ".doc"}
)
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = st.sampled_from(["r.txt", "r.html", "r.pdf", "r.docx", "r.doc", "r.wps", "r.ofd", "r"])
MAGIC = st.sampled_from(
    [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html>", b"\x1f\x8b"]
)


def _parse_or_parse_error(data: bytes, source: str) -> None:
    with contextlib.suppress(ParseError):
        parse_bytes(data, source)


def _read_or_reader_error(data: bytes, source: str) -> None:
    try:
        read_document(data, source)
    except ParseError as exc:
        assert "failure" not in exc.reason, exc.reason


@PROPERTY
@given(magic=MAGIC, data=st.binary(max_size=2048), source=NAMES)
def test_arbitrary_bytes(magic: bytes, data: bytes, source: str) -> None:
    _parse_or_parse_error(magic + data, source)
    _read_or_reader_error(magic + data, source)


@PROPERTY
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_arbitrary_text(text: str, encoding: str) -> None:
    _parse_or_parse_error(text.encode(encoding, "replace"), "r.txt")


@PROPERTY
@given(
    markup=st.lists(
        st.sampled_from(
            [
                "<table>",
                "</table>",
                "<tr>",
                "<td rowspan='3'>",
                "<td colspan='0'>",
                "</td>",
                "<th colspan='99999'>",
                "<p>",
                "<br>",
                "&nbsp;",
                "自然人",
                "总计",
                "0",
                "12",
                "<meta charset='gbk'>",
                "<meta http-equiv='refresh' content='0'>",
                "<!--",
                "-->",
                "<script>",
                "</script>",
                "一、总体情况",
                "<div class='TRS_Editor'>",
                "</div>",
            ]
        ),
        max_size=80,
    )
)
def test_arbitrary_html_fragments(markup: list[str]) -> None:
    page = ("<html><body>" + "".join(markup)).encode("utf-8")
    _parse_or_parse_error(page, "r.html")
    _read_or_reader_error(page, "r.html")


@pytest.mark.skipif(not SEEDS, reason="no seed texts in jobs/samples")
@PROPERTY
@given(data=st.data())
def test_seed_lines_deleted_shuffled_duplicated(data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(SEEDS))
    lines = seed.read_text(encoding="utf-8").splitlines()
    operation = data.draw(st.sampled_from(["delete", "shuffle", "duplicate"]))
    if operation == "delete":
        kept = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
        lines = [line for line, keep in zip(lines, kept, strict=True) if keep]
    elif operation == "shuffle":
        lines = data.draw(st.permutations(lines))
    else:
        index = data.draw(st.integers(0, max(len(lines) - 1, 0)))
        lines = lines[: index + 1] + lines[index:]
    _parse_or_parse_error("\n".join(lines).encode("utf-8"), seed.name)


@pytest.mark.skipif(not RENDERINGS, reason="no renderings in tests/fixtures/renderings")
@SMALL
@given(data=st.data())
def test_renderings_cut_or_flipped(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(RENDERINGS))
    raw = bytearray(path.read_bytes())
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    else:
        for _ in range(data.draw(st.integers(1, 8))):
            if raw:
                raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    _parse_or_parse_error(bytes(raw), path.name)
    _read_or_reader_error(bytes(raw), path.name)


@pytest.mark.skipif(not RENDERINGS, reason="no renderings in tests/fixtures/renderings")
@pytest.mark.parametrize(
    "path", [p for p in RENDERINGS if p.suffix != ".doc"], ids=lambda path: path.name
)
def test_each_rendering_reads(path: Path) -> None:
    assert read_document(path.read_bytes(), path.name).text
