"""Small PDF and DOCX files built in memory for the format-reader tests (reportlab, python-docx).

Chinese text in the PDFs uses reportlab's built-in CID font STSong-Light (no font file needed);
pypdfium2 and pdfplumber both map it back to Unicode, so extraction round-trips.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

Span = tuple[tuple[int, int], tuple[int, int]]  # (col, row) start and end, reportlab's order


def pdf_bytes(
    paragraphs: Sequence[str],
    table: Sequence[Sequence[str]] | None = None,
    spans: Sequence[Span] = (),
    *,
    after: Sequence[str] = (),
    page_break_before_table: bool = False,
    encrypt: object | None = None,
    repeat_rows: int = 0,
) -> bytes:
    """A PDF of paragraphs, an optional ruled table (with SPANs), and paragraphs after it."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, encrypt=encrypt)
    style = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16)
    story: list[object] = [Paragraph(text, style) for text in paragraphs]
    if table is not None:
        if page_break_before_table:
            story.append(PageBreak())
        grid = Table([list(row) for row in table], repeatRows=repeat_rows)
        commands: list[tuple[object, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ]
        commands += [("SPAN", start, end) for start, end in spans]
        grid.setStyle(TableStyle(commands))
        story.append(grid)
    story += [Paragraph(text, style) for text in after]
    document.build(story)
    return buffer.getvalue()


def drawn_pages(pages: Sequence[Sequence[str]]) -> bytes:
    """A PDF with the given lines drawn on each page (for footers and page edges)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        pdf.setFont(FONT, 11)
        y = 800.0
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 20
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def hairline_table_pdf() -> bytes:
    """A 2x2 table whose borders are filled 0.5 pt rectangles drawn inside a form XObject."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.beginForm("borders")
    for y in (700, 680, 660):
        pdf.rect(100, y, 200, 0.5, stroke=0, fill=1)
    for x in (100, 200, 300):
        pdf.rect(x, 660, 0.5, 40.5, stroke=0, fill=1)
    pdf.endForm()
    pdf.doForm("borders")
    pdf.setFont(FONT, 10)
    cells = ((110, 686, "自然人"), (210, 686, "商业企业"), (110, 666, "3"), (210, 666, "4"))
    for x, y, text in cells:
        pdf.drawString(x, y, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def rotated_table_pdf() -> bytes:
    """A /Rotate 90 page whose 2x2 table reads upright when displayed (landscape).

    Latin text in Helvetica: pdfium knows the standard fonts' metrics, while rotated CID text
    without an embedded font or a system CJK font comes back from pdfium as overlapping chars.
    """
    buffer = io.BytesIO()
    width = A4[0]
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setPageRotation(90)
    pdf.transform(0, 1, -1, 0, width, 0)  # draw in displayed (landscape) coordinates
    for y in (500, 480, 460):
        pdf.line(100, y, 300, y)
    for x in (100, 200, 300):
        pdf.line(x, 460, x, 500)
    pdf.setFont("Helvetica", 10)
    cells = ((110, 486, "natural"), (210, 486, "commercial"), (110, 466, "3"), (210, 466, "4"))
    for x, y, text in cells:
        pdf.drawString(x, y, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A PDF whose page carries only a drawn rectangle: a scan, as far as text goes."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.rect(100, 100, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_bytes(build: object) -> bytes:
    """Save a python-docx Document (made by the caller) to bytes."""
    buffer = io.BytesIO()
    build.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def new_docx() -> docx.document.Document:
    return docx.Document()
