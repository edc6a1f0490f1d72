"""Portal families: one module of logic per CMS, each with `detect(response)` and `parse(response)`.

`parse` yields the report entries a list page shows (`ListEntry`) and the further list pages to
fetch (`PageRequest`); the spider turns those into Scrapy requests with the same callback, so a
site needs no code, only a sources entry (which may force a family).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

from scrapy.http import TextResponse

from crawler.capture import ListEntry


@dataclass(frozen=True)
class PageRequest:
    """Another list page (or list API call) of the same column."""

    url: str
    family: str
    method: str = "GET"
    formdata: tuple[tuple[str, str], ...] | None = None
    headers: tuple[tuple[str, str], ...] = ()


ListItem = ListEntry | PageRequest
Detect = Callable[[TextResponse], bool]
Parse = Callable[[TextResponse], Iterator[ListItem]]


def _modules() -> dict[str, ModuleType]:
    from crawler.families import generic, gkmlpt, hanweb, jsonapi, trs

    return {"trs": trs, "hanweb": hanweb, "gkmlpt": gkmlpt, "jsonapi": jsonapi, "generic": generic}


def family_named(name: str) -> ModuleType:
    modules = _modules()
    if name not in modules:
        raise KeyError(f"unknown portal family {name!r}; known: {', '.join(modules)}")
    return modules[name]


def detect_family(response: TextResponse) -> str:
    """The first specific family whose markers the page shows, else 'generic'."""
    for name, module in _modules().items():
        if name != "generic" and module.detect(response):
            return name
    return "generic"


def is_specific(response: TextResponse) -> bool:
    return detect_family(response) != "generic"
