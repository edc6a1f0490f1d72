"""The sources file: one `[[source]]` table per portal, loaded into frozen `Source` records.

Only `name` and `url` are required; everything else has a default. Errors name the file and the
entry so that a typo in a 200-source file is found in one look.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urlsplit

Family = Literal["auto", "trs", "hanweb", "gkmlpt", "generic"]
RenderMode = Literal["auto", "always", "never"]

FAMILIES: tuple[str, ...] = ("auto", "trs", "hanweb", "gkmlpt", "generic")
RENDER_MODES: tuple[str, ...] = ("auto", "always", "never")
_KEYS = frozenset({"name", "url", "region", "level", "family", "render", "robots"})


class SourcesError(ValueError):
    """The sources file (or a --source option) is not valid; the message says where and why."""


@dataclass(frozen=True)
class Source:
    """One portal to harvest: a root, a 政务公开 page or the 年报 column itself."""

    name: str
    url: str
    region: str | None = None
    level: str | None = None
    family: Family = "auto"
    render: RenderMode = "auto"
    robots: bool = True  # obey robots.txt; an operator may turn it off for one source

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "source") -> Source:
        return _build(data, where)


def _text(data: Mapping[str, Any], key: str, where: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise SourcesError(f"{where}: missing required key {key!r}")
        return None
    if not isinstance(value, str) or not value.strip():
        raise SourcesError(f"{where}: {key!r} must be a non-empty string, got {value!r}")
    return value.strip()


def _choice(data: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = _text(data, key, where) or allowed[0]
    if value not in allowed:
        raise SourcesError(f"{where}: {key!r} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def _build(data: Mapping[str, Any], where: str) -> Source:
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise SourcesError(f"{where}: unknown key(s) {', '.join(unknown)}")
    name = cast(str, _text(data, "name", where, required=True))
    url = cast(str, _text(data, "url", where, required=True))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourcesError(f"{where} ({name}): url must be an http(s) URL, got {url!r}")
    robots = data.get("robots", True)
    if not isinstance(robots, bool):
        raise SourcesError(f"{where} ({name}): 'robots' must be true or false, got {robots!r}")
    return Source(
        name=name,
        url=url,
        region=_text(data, "region", where),
        level=_text(data, "level", where),
        family=cast(Family, _choice(data, "family", FAMILIES, where)),
        render=cast(RenderMode, _choice(data, "render", RENDER_MODES, where)),
        robots=robots,
    )


def parse_sources(text: str, path: str = "<sources>") -> list[Source]:
    """Parse the TOML text of a sources file."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from exc
    tables = doc.get("source")
    if not isinstance(tables, list) or not tables:
        raise SourcesError(f"{path}: no [[source]] tables")
    sources = [_build(table, f"{path}: [[source]] #{i}") for i, table in enumerate(tables, start=1)]
    check_unique(sources, path)
    return sources


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"{p}: cannot read sources file: {exc.strerror}") from exc
    return parse_sources(text, str(p))


def parse_source_option(option: str) -> Source:
    """A one-off `NAME=URL` from the command line."""
    name, sep, url = option.partition("=")
    if not sep:
        raise SourcesError(f"--source {option!r}: expected NAME=URL")
    return _build({"name": name, "url": url}, f"--source {option!r}")


def check_unique(sources: Iterable[Source], where: str = "sources") -> None:
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise SourcesError(f"{where}: duplicate source name {source.name!r}")
        seen.add(source.name)
