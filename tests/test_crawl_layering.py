"""crawler/ fetches and decides what to fetch: it imports neither storage, sqlalchemy, parsers
nor jobs, and reads no setting from the environment (jobs/settings.py does)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CRAWLER = sorted((Path(__file__).resolve().parent.parent / "crawler").rglob("*.py"))
FORBIDDEN = ("sqlalchemy", "storage", "parsers", "jobs")


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_there_are_crawler_modules() -> None:
    assert len(CRAWLER) >= 10


@pytest.mark.parametrize("path", CRAWLER, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_crawler_module_imports_one_way(path: Path) -> None:
    assert imported_roots(path).isdisjoint(FORBIDDEN)


@pytest.mark.parametrize("path", CRAWLER, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_crawler_module_reads_no_environment(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert not any(read in source for read in ("getenv(", "environ.get(", "environ["))
