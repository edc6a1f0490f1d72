"""The parser's public API: a Document (or bytes, or a file) into a ParsedReport, and to JSON."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from parsers.cells import normalise
from parsers.checks import check_report
from parsers.contract import REQUEST_ROWS, Template, row_specs
from parsers.errors import EmptyDocumentError, NotAReportError, ParseError
from parsers.fees import parse_processing_fees
from parsers.grids import tokens_from_grids
from parsers.labels import ACTIVE, REQUESTS, REVIEW, detect_template
from parsers.meta import extract_meta
from parsers.model import Cell, Document, ParsedReport, Tables
from parsers.tables import TableFinding, map_tables
from parsers.text import clean_text, read_text, tokenize_text

Rows = dict[str, dict[str, Cell]]
_STATISTICAL_TABLES = (ACTIVE, REQUESTS, REVIEW)
# Without template headers, only a real requests table (not a stray row that an older provincial
# table happens to share) makes a report one of the two templates.
_ENOUGH_REQUEST_ROWS = 5
_REPORT_WORDS = ("信息公开", "政务公开", "公开工作")
NO_NUMBERS_WARNING = (
    "the template's table headers are printed but none of its tables could be read "
    "(they may be images)"
)
PRE2019_WARNING = (
    "none of the template tables (2021 or 2019) were found: template pre2019, "
    "the text is kept and no tables are parsed"
)


def parse_document(doc: Document) -> ParsedReport:
    """Parse a Document; raises only ParseError subclasses (an internal bug becomes one too)."""
    try:
        return _parse(doc)
    except ParseError:
        raise
    except Exception as exc:  # the contract: callers handle ParseError only
        raise ParseError(doc.source, f"parser failure: {type(exc).__name__}: {exc}") from exc


def parse_bytes(data: bytes, source: str) -> ParsedReport:
    """Read bytes of any supported format (PDF, DOCX, DOC, HTML, text) and parse them."""
    try:
        doc = _document_reader()(data, source)
    except ParseError:
        raise
    except Exception as exc:  # a reader bug must not escape as a traceback
        raise ParseError(source, f"reader failure: {type(exc).__name__}: {exc}") from exc
    return parse_document(doc)


def parse_file(path: str | Path) -> ParsedReport:
    """Parse a file on disk."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ParseError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    return parse_bytes(data, str(path))


def _document_reader() -> Callable[[bytes, str], Document]:
    try:
        from parsers.formats import read_document
    except ImportError:  # the format readers are optional for plain text
        return read_text
    return read_document


def _parse(doc: Document) -> ParsedReport:
    text = clean_text(doc.text)
    if not text.strip() and not doc.tables:
        raise EmptyDocumentError(doc.source, "the document has no text")
    grid_text = "".join(normalise(cell) for grid in doc.tables for row in grid.rows for cell in row)
    all_text = normalise(text) + grid_text
    template = detect_template(all_text)
    tables, warnings = _find_tables(doc, text, template or Template.T2021)
    if template is None and len(tables.get(REQUESTS, {})) >= _ENOUGH_REQUEST_ROWS:
        template, note = _infer_template(tables)
        warnings.append(note)
        if template == Template.T2019:
            tables, warnings = _find_tables(doc, text, template)
            warnings.append(note)
    if template is None:
        if not any(word in all_text for word in _REPORT_WORDS):
            raise NotAReportError(doc.source, "no annual-report wording and no template tables")
        return _report(doc, text, Template.PRE2019, {}, (), [PRE2019_WARNING])
    if not tables:
        warnings.append(NO_NUMBERS_WARNING)
    fees = parse_processing_fees(text)
    if fees:
        tables["processing_fees"] = fees
    return _report(doc, text, template, tables, missing_rows(tables, template), warnings)


def _report(
    doc: Document,
    text: str,
    template: Template,
    tables: Tables,
    missing: tuple[str, ...],
    warnings: list[str],
) -> ParsedReport:
    meta = extract_meta(doc)
    return ParsedReport(
        source=doc.source,
        form=doc.form,
        title=meta.title,
        agency=meta.agency,
        year=meta.year,
        published=meta.published,
        template=template,
        tables=tables,
        checks=check_report(tables),
        missing=missing,
        warnings=tuple(dict.fromkeys(warnings)),
        text=text,
    )


def _find_tables(doc: Document, text: str, template: Template) -> tuple[Tables, list[str]]:
    """Tables from the grids, each table the grids lack from the text instead."""
    findings: list[TableFinding] = []
    if doc.tables:
        findings.append(map_tables(tokens_from_grids(doc.tables), template))
    if not findings or any(t not in findings[0].tables for t in _STATISTICAL_TABLES):
        findings.append(map_tables(tokenize_text(text), template))
    tables: Tables = {}
    warnings: list[str] = []
    for table in _STATISTICAL_TABLES:
        source = next((f for f in findings if table in f.tables), None)
        if source is not None:
            tables[table] = _in_contract_order(table, template, source.tables[table])
        for finding in [source] if source else findings:
            warnings += [message for key, message in finding.warnings if key == table]
    warnings += [message for f in findings[-1:] for key, message in f.warnings if not key]
    return tables, warnings


def _in_contract_order(table: str, template: Template, rows: Rows) -> Rows:
    order = [spec.key for spec in row_specs(table, template)]
    return {key: rows[key] for key in order if key in rows}


def _infer_template(tables: Tables) -> tuple[Template, str]:
    requests = tables.get(REQUESTS, {})
    if "other" in requests and not any(key.startswith("other_") for key in requests):
        note = "no template headers found; 2019 inferred from the single 其他处理 row"
        return Template.T2019, note
    return Template.T2021, "no template headers found; 2021 assumed from the requests table"


def missing_rows(tables: Tables, template: Template) -> tuple[str, ...]:
    """Tables the report lacks, then single rows of the tables it has."""
    missing: list[str] = []
    for table in _STATISTICAL_TABLES:
        rows = tables.get(table)
        if not rows:
            missing.append(table)
            continue
        expected = expected_rows(table, template, rows)
        missing += [f"{table}.{key}" for key in expected if key not in rows]
    return tuple(missing)


def expected_rows(table: str, template: Template, present: Rows) -> list[str]:
    """The rows a table should have; 其他处理 is one row (2019) or three (2021), as printed."""
    keys = [spec.key for spec in row_specs(table, template)]
    if table != REQUESTS:
        return keys
    split_keys = {spec.key for spec in REQUEST_ROWS if spec.key.startswith("other_")}
    has_split = any(key in present for key in split_keys)
    single_form = "other" in present and not has_split
    if single_form or (template == Template.T2019 and not has_split):
        return [key for key in keys if key not in split_keys]
    return [key for key in keys if key != "other"]


def report_to_dict(report: ParsedReport) -> dict[str, object]:
    """The JSON object of a parse: exactly the contract's keys (Decimals stay Decimal)."""
    return {
        "title": report.title,
        "agency": report.agency,
        "year": report.year,
        "published": report.published,
        "template": report.template.value,
        "tables": report.tables,
        "checks": [
            {"rule": check.rule, "ok": check.ok, "failures": list(check.failures)}
            for check in report.checks
        ],
        "missing": list(report.missing),
        "warnings": list(report.warnings),
    }


def report_to_json(report: ParsedReport, indent: int | None = 2) -> str:
    """JSON text with money printed as exact numbers (5098.4139), never as floats or strings."""
    return dumps_exact(report_to_dict(report), indent)


def dumps_exact(value: object, indent: int | None = 2) -> str:
    """json.dumps that writes each Decimal as the exact number it holds."""
    marker = f"@decimal-{uuid.uuid4().hex}-"
    decimals: list[Decimal] = []

    def placeholder(obj: object) -> str:
        if isinstance(obj, Decimal):
            decimals.append(obj)
            return f"{marker}{len(decimals) - 1}"
        raise TypeError(f"{type(obj).__name__} is not JSON serialisable")

    text = json.dumps(value, ensure_ascii=False, indent=indent, default=placeholder)
    for index, number in enumerate(decimals):
        text = text.replace(f'"{marker}{index}"', format(number, "f"), 1)
    return text
