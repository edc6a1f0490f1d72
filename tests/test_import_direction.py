"""parsers/ turns bytes into records: it imports neither scrapy nor sqlalchemy, nor reads env."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PARSERS = sorted((Path(__file__).resolve().parent.parent / "parsers").glob("*.py"))
FORBIDDEN = ("scrapy", "sqlalchemy", "storage", "crawler", "jobs")


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_there_are_parser_modules() -> None:
    assert len(PARSERS) >= 10


@pytest.mark.parametrize("path", PARSERS, ids=lambda p: p.name)
def test_parser_module_imports_one_way(path: Path) -> None:
    assert imported_roots(path).isdisjoint(FORBIDDEN)


@pytest.mark.parametrize("path", PARSERS, ids=lambda p: p.name)
def test_parser_module_reads_no_setting_from_the_environment(path: Path) -> None:
    # Handing the environment on to a child process (antiword) is not reading a setting.
    source = path.read_text(encoding="utf-8")
    assert not any(read in source for read in ("getenv(", "environ.get(", "environ["))
