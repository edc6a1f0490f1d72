"""Imports flow one way (style.md): crawler/ fetches, parsers/ turns bytes into records, storage/
takes records, and jobs/ alone composes them and reads the environment (jobs/settings.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# package -> (top-level packages it must not import, modules of those it may import anyway)
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "parsers": (("scrapy", "sqlalchemy", "storage", "crawler", "jobs"), ()),
    "crawler": (("sqlalchemy", "storage", "parsers", "jobs"), ()),
    "storage": (("scrapy", "crawler", "jobs"), ("crawler.capture",)),  # the crawler's record types
}
ENV_READS = ("getenv(", "environ.get(", "environ[", "os.environ")

MODULES = [(package, path) for package in RULES for path in sorted((REPO / package).rglob("*.py"))]
IDS = [str(path.relative_to(REPO)) for _package, path in MODULES]


def imported_modules(path: Path) -> set[str]:
    """Dotted names of the absolute imports of a module."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", RULES)
def test_each_package_has_modules(package: str) -> None:
    assert sum(1 for p, _path in MODULES if p == package) >= 10


@pytest.mark.parametrize(("package", "path"), MODULES, ids=IDS)
def test_imports_flow_one_way(package: str, path: Path) -> None:
    forbidden, allowed = RULES[package]
    bad = {
        name
        for name in imported_modules(path)
        if name.split(".")[0] in forbidden and name not in allowed
    }
    assert not bad


@pytest.mark.parametrize(("package", "path"), MODULES, ids=IDS)
def test_no_setting_is_read_from_the_environment(package: str, path: Path) -> None:
    # Handing the environment on to a child process ({**os.environ, ...} in parsers/doc.py) is not
    # reading a setting.
    source = path.read_text(encoding="utf-8").replace("**os.environ", "")
    assert not any(read in source for read in ENV_READS)
