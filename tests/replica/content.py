"""Report content for the replica portals, built from the seeds in jobs/samples/.

Seed text becomes a simple HTML article; PDF (reportlab, STSong-Light) and DOCX (python-docx)
attachments are built on the fly and cached.
"""

from __future__ import annotations

import html
import io
from functools import cache
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "jobs" / "samples"


@cache
def seeds() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))


def seed_text(index: int) -> str:
    texts = seeds()
    return texts[index % len(texts)] if texts else "依据《政府信息公开条例》编制本报告。"


def page(title: str, body: str, head: str = "", charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{html.escape(title)}</title>{head}"
        f"</head><body>{body}</body></html>"
    )


def article(title: str, agency: str, date: str, text: str, extra: str = "") -> str:
    paragraphs = "".join(
        f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip()
    )
    head = (
        f'<meta name="ArticleTitle" content="{html.escape(title)}">'
        f'<meta name="PubDate" content="{date}"><meta name="ContentSource" content="{agency}">'
    )
    body = (
        f'<div class="xxgk_info">发布机构：{html.escape(agency)} 发布日期：{date}</div>'
        f'<h1>{html.escape(title)}</h1><div class="TRS_Editor">{paragraphs}</div>{extra}'
    )
    return page(title, body, head)


@cache
def pdf_bytes(title: str, seed: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("STSong-Light", 10)
    y = 800
    for line in [title, *seed_text(seed).splitlines()[:60]]:
        for start in range(0, max(len(line), 1), 45):
            pdf.drawString(40, y, line[start : start + 45])
            y -= 14
            if y < 40:
                pdf.showPage()
                pdf.setFont("STSong-Light", 10)
                y = 800
    pdf.save()
    return buffer.getvalue()


@cache
def docx_bytes(title: str, seed: int) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for line in seed_text(seed).splitlines()[:80]:
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
