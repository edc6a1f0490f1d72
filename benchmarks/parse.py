"""Parse benchmark: median time per report for each form, PDF per page and against pypdfium2 alone.

    .venv/bin/python benchmarks/parse.py [--runs 15]

Text reports come from jobs/samples; HTML, DOCX and PDF from tests/fixtures/renderings when
present, else from plain renderings of the samples built here in a temp dir (paragraphs only,
no tables, so those numbers flatter the readers); .doc from tests/fixtures/doc.
"read" is the format reader alone (parsers.formats.read_document), "parse" the whole parse
(parsers.report.parse_bytes).
Aims: under 10 ms a report for text and HTML; PDF within 3x of pypdfium2's text extraction.
Prints numbers only; no test asserts on time.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402  (after the path set-up, so the repo's parsers load)

from parsers.errors import ParseError  # noqa: E402
from parsers.formats import read_document  # noqa: E402
from parsers.report import parse_bytes  # noqa: E402

SAMPLES = ROOT / "jobs" / "samples"
RENDERINGS = ROOT / "tests" / "fixtures" / "renderings"
DOCS = ROOT / "tests" / "fixtures" / "doc"
FORMS = ("txt", "html", "docx", "pdf")


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median wall time of `action` in milliseconds over `runs` calls, after one warm-up."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def inputs_by_form(workdir: Path) -> dict[str, list[Path]]:
    """Files to time per form: the samples, the committed renderings, or renderings built here."""
    found = {"txt": sorted(SAMPLES.glob("*.txt"))}
    for form in FORMS[1:]:
        found[form] = sorted(RENDERINGS.glob(f"*.{form}")) if RENDERINGS.is_dir() else []
    if not all(found[form] for form in FORMS[1:]):
        built = build_renderings(found["txt"], workdir)
        for form in FORMS[1:]:
            found[form] = found[form] or built[form]
    return found


def build_renderings(texts: list[Path], workdir: Path) -> dict[str, list[Path]]:
    """Plain HTML/DOCX/PDF renderings of the sample texts, one paragraph a line."""
    import docx
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16)
    built: dict[str, list[Path]] = {form: [] for form in FORMS[1:]}
    for path in texts:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        escaped = [line.replace("&", "&amp;").replace("<", "&lt;") for line in lines]
        html = workdir / f"{path.stem}.html"
        body = "".join(f"<p>{line}</p>" for line in escaped)
        html.write_text(f"<html><body><div class='TRS_Editor'>{body}</div></body></html>")
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(str(workdir / f"{path.stem}.docx"))
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer).build([Paragraph(line, style) for line in escaped])
        (workdir / f"{path.stem}.pdf").write_bytes(buffer.getvalue())
        for form in built:
            built[form].append(workdir / f"{path.stem}.{form}")
    return built


def pdfium_text_ms(data: bytes, runs: int) -> float:
    def extract() -> None:
        document = pdfium.PdfDocument(data)
        for page in document:
            page.get_textpage().get_text_range()
        document.close()

    return median_ms(extract, runs)


def pdf_pages(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def safe_parse(data: bytes, name: str) -> None:
    try:
        parse_bytes(data, name)
    except ParseError as exc:  # a report the parser refuses still costs its time
        print(f"  note: {name}: {exc.reason}")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=15, help="timed runs per file (default 15)")
    runs = options.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        files = inputs_by_form(Path(tmp))
        print(f"median of {runs} runs per file; ms per report (median over files)")
        print(f"{'form':5} {'files':>5} {'read ms':>9} {'parse ms':>9}")
        for form in FORMS:
            report_form(form, files[form], runs)
        report_form("doc", sorted(DOCS.glob("*.doc")), runs)  # catdoc/antiword subprocess
        report_pdf_ratio(files["pdf"], runs)


def report_form(form: str, paths: list[Path], runs: int) -> None:
    if not paths:
        print(f"{form:5} {0:>5}  (no files)")
        return
    reads, parses = [], []
    for path in paths:
        data, name = path.read_bytes(), path.name
        reads.append(median_ms(lambda d=data, n=name: read_document(d, n), runs))
        parses.append(median_ms(lambda d=data, n=name: safe_parse(d, n), runs))
    read, parse = statistics.median(reads), statistics.median(parses)
    print(f"{form:5} {len(paths):>5} {read:9.2f} {parse:9.2f}")


def report_pdf_ratio(paths: list[Path], runs: int) -> None:
    print("\nPDF against pypdfium2 text extraction alone")
    print(f"{'file':32} {'pages':>5} {'read ms':>8} {'ms/page':>8} {'pdfium ms':>9} {'ratio':>6}")
    ratios = []
    for path in paths:
        data, name = path.read_bytes(), path.name
        pages = pdf_pages(data)
        read = median_ms(lambda d=data, n=name: read_document(d, n), runs)
        alone = pdfium_text_ms(data, runs)
        ratios.append(read / alone)
        print(
            f"{path.name:32} {pages:>5} {read:8.2f} {read / pages:8.2f} {alone:9.2f} "
            f"{read / alone:6.1f}x"
        )
    if ratios:
        print(f"median ratio read/pypdfium2: {statistics.median(ratios):.1f}x (aim: <= 3x)")


if __name__ == "__main__":
    main()
