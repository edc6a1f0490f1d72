"""Where a link leads on a real portal: an href with stray whitespace, a data-url, a script that
opens a URL (`window.open('…')`, `location.href = '…'`), or a page function that builds it from
its argument (`onclick="showDetail('8a8b')"` with `function showDetail(id) {…"?id=" + id…}`)."""

from __future__ import annotations

import re

from parsel import Selector

_OPENED_URL = re.compile(
    r"""(?:window\.open|location(?:\.href)?\s*=|location\.(?:assign|replace))\s*\(?\s*['"]"""
    r"""([^'"]+)['"]"""
)
# any quoted path in a handler: downloadFile('/upload/x.pdf'), openwin("/xxgk/…")
_QUOTED_PATH = re.compile(r"""['"]([^'"\s]*/[^'"\s]*)['"]""")
_DATA_URL_ATTRS = ("data-url", "data-href", "data-link", "data-src", "_href")
_URL_NOISE = re.compile(r"[\t\n\r]")


def _is_script(href: str) -> bool:
    return href.lower().startswith(("javascript:", "mailto:", "tel:")) or href in ("", "#")


_FUNCTION = re.compile(r"function\s+([\w$]+)\s*\(\s*([\w$]+)[^)]*\)\s*\{([^{}]{0,400})\}")
_CALL_ARG = re.compile(r"([\w$]+)\(\s*['\"]?([\w.-]+)['\"]?\s*[,)]")
Functions = dict[str, tuple[str, str]]


def script_functions(selector: Selector) -> Functions:
    """Page functions that build a URL from their argument, name → (before, after):
    `function showDetail(id) { window.open("/xxgk/detail.jsp?id=" + id) }`."""
    found: Functions = {}
    for name, param, body in _FUNCTION.findall(
        "\n".join(selector.xpath("//script/text()").getall())
    ):
        p = re.escape(param)
        built = re.search(
            rf"""['"]([^'"\s]*)['"]\s*\+\s*{p}\b(?:\s*\+\s*['"]([^'"\s]*)['"])?""", body
        )
        if built and re.search(r"[/?=]", built.group(1)):
            found[name] = (built.group(1), built.group(2) or "")
    return found


def _called_url(scripts: tuple[str, ...], functions: Functions) -> str | None:
    for script in scripts:
        for name, arg in _CALL_ARG.findall(script):
            if name in functions:
                before, after = functions[name]
                return f"{before}{arg}{after}"
    return None


def link_target(anchor: Selector, functions: Functions | None = None) -> str | None:
    """Where an anchor leads: its href, else a data-url, else the URL its script opens
    (`href="javascript:void(0)" onclick="window.open('/xxgk/')"`), else the URL a page function
    it calls builds (`onclick="showDetail('8a8b')"`). Tabs and newlines inside an href are
    dropped, as browsers do."""
    href = _URL_NOISE.sub("", anchor.attrib.get("href") or "").strip()
    if not _is_script(href):
        return href
    for name in _DATA_URL_ATTRS:
        value = _URL_NOISE.sub("", anchor.attrib.get(name) or "").strip()
        if not _is_script(value):
            return value
    scripts = (anchor.attrib.get("onclick") or "", href)
    for script in scripts:
        match = _OPENED_URL.search(script) or _QUOTED_PATH.search(script)
        if match and not _is_script(match.group(1).strip()):
            return match.group(1).strip()
    return _called_url(scripts, functions) if functions else None
