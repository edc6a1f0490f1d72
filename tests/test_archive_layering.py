"""storage/ takes records: it imports no scrapy, nothing of the crawler but its record types,
and never reads the environment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

STORAGE = Path(__file__).resolve().parent.parent / "storage"
MODULES = sorted(p for p in STORAGE.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(STORAGE)))
def test_storage_imports_flow_one_way(path: Path) -> None:
    bad = {
        n
        for n in _imports(path)
        if n.startswith(("scrapy", "jobs")) or (n.startswith("crawler") and n != "crawler.capture")
    }
    assert not bad


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(STORAGE)))
def test_storage_reads_no_environment(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert "os.environ" not in source and "getenv" not in source
