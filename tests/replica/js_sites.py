"""Replica portals that need a browser: a JavaScript-filled 年报 list, a 瑞数-style 412 challenge,
a WZWS-style 307 challenge, and a 412 challenge no browser can pass.

Each site follows the `replica.server.Site` protocol (`handle(method, target, headers, body)`),
so `replica.server.serve()` puts it on its own loopback address (127.0.0.x: cookies of one site
never reach another) with ETag/Last-Modified and 304s. Each site also logs its own requests with
whether they came from the browser (chromium sends `Sec-Fetch-Mode`, Scrapy does not) and the
cookie they carried, so a test can count renders and see the plain retries.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from replica.server import Reply

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class BrowserHit:
    path: str
    status: int
    browser: bool  # chromium sends Sec-Fetch-Mode; Scrapy does not
    cookie: str


def page(title: str, body: str, head: str = "") -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body>{body}</body></html>"
    ).encode()


ROWS = ("主动公开规章", "主动公开规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")


def report_page(agency: str, year: int) -> bytes:
    """A report page of realistic size: sections, and the 主动公开 table with numbers."""
    rows = "".join(
        f"<tr><td>{name}</td><td>{(year + i * 7) % 13}</td><td>{(year * i) % 31}</td>"
        f"<td>{(year + i) % 97}</td></tr>"
        for i, name in enumerate(ROWS * 4)
    )
    paragraphs = "".join(
        f"<p>{heading}：{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
        "《中华人民共和国政府信息公开条例》，持续深化政务公开，及时回应社会关切，"
        "全面推进决策、执行、管理、服务、结果公开，政府信息公开工作取得新成效。</p>"
        for heading in (
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        )
    )
    text = (
        f"<h1>{agency}{year}年政府信息公开工作年度报告</h1><div class='TRS_Editor'>"
        f"<p>本报告由{agency}根据《中华人民共和国政府信息公开条例》编制。</p>{paragraphs}"
        f"<table><tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th>"
        f"<th>现行有效件数</th></tr>{rows}</table></div>"
    )
    return page(f"{agency}{year}年政府信息公开工作年度报告", text)


@dataclass
class Portal:
    """A plain portal: home → 政务公开 → 年报 column (a static list) → report pages."""

    name: str
    agencies: tuple[str, ...] = ("区教育局", "区财政局", "区卫生健康委")
    year: int = 2024
    hits: list[BrowserHit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Reply:
        path = urlsplit(target).path
        reply = self.reply(path, headers)
        with self.lock:
            hit = BrowserHit(
                path, reply.status, "sec-fetch-mode" in headers, headers.get("cookie", "")
            )
            self.hits.append(hit)
        return reply

    def reply(self, path: str, headers: dict[str, str]) -> Reply:
        return self.content(path)

    def report_paths(self) -> list[str]:
        return [
            f"/xxgk/gknb/{self.year}01/t{self.year}0120_{i + 1001}.html"
            for i in range(len(self.agencies))
        ]

    def list_items(self) -> list[dict[str, str]]:
        return [
            {
                "title": f"{agency}{self.year - 1}年政府信息公开工作年度报告",
                "url": path,
                "date": f"{self.year}-01-20",
            }
            for agency, path in zip(self.agencies, self.report_paths(), strict=True)
        ]

    def content(self, path: str) -> Reply:
        if path in ("/", "/index.html"):
            return Reply(200, page(self.name, '<a href="/xxgk/index.html">政务公开</a>'))
        if path == "/xxgk/index.html":
            links = (
                '<a href="/xxgk/gknb/index.html">政府信息公开年报</a>'
                '<a href="/xxgk/zn/index.html">政府信息公开指南</a>'
            )
            return Reply(200, page("政务公开", links))
        if path == "/xxgk/gknb/index.html":
            return self.column()
        for item, agency in zip(self.list_items(), self.agencies, strict=True):
            if path == item["url"]:
                return Reply(200, report_page(agency, self.year - 1))
        return Reply(404, page("404", "页面不存在"))

    def column(self) -> Reply:
        items = "".join(
            f'<li><a href="{i["url"]}">{i["title"]}</a><span>{i["date"]}</span></li>'
            for i in self.list_items()
        )
        return Reply(200, page("政府信息公开年报", f'<ul class="list">{items}</ul>'))


@dataclass
class JsListPortal(Portal):
    """The 年报 column is an empty `<ul>` that an inline script fills from a JSON endpoint."""

    def column(self) -> Reply:
        script = """
<script>
fetch('/xxgk/gknb/list.json').then(function (r) { return r.json(); }).then(function (items) {
  var ul = document.getElementById('nblist');
  items.forEach(function (item) {
    var li = document.createElement('li');
    li.innerHTML = '<a href="' + item.url + '">' + item.title + '</a>'
      + '<span>' + item.date + '</span>';
    ul.appendChild(li);
  });
});
</script>"""
        body = f'<div class="main"><h2>政府信息公开年报</h2><ul id="nblist"></ul></div>{script}'
        return Reply(200, page("政府信息公开年报", body))

    def content(self, path: str) -> Reply:
        if path == "/xxgk/gknb/list.json":
            data = json.dumps(self.list_items(), ensure_ascii=False).encode()
            return Reply(200, data, "application/json; charset=utf-8")
        return super().content(path)


@dataclass
class BusyJsListPortal(JsListPortal):
    """A JS list on a page whose analytics beacon never lets the network go idle."""

    def column(self) -> Reply:
        reply = super().column()
        beacon = b"<script>setInterval(function(){fetch('/beacon?'+Date.now());},200);</script>"
        reply.body = reply.body.replace(b"</body>", beacon + b"</body>", 1)
        return reply

    def content(self, path: str) -> Reply:
        if path == "/beacon":
            return Reply(204, b"", validators=False)
        return super().content(path)


RUISHU_COOKIE = "FSSBBIl1UgzbN7N80T"
RUISHU_NSD = 48211
RUISHU_BOOTSTRAP = b"<script r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={};</script>"


@dataclass
class RuishuPortal(Portal):
    """瑞数-style: without the cookie its `$_ts` script computes, every page is a 412 challenge."""

    passable: bool = True

    def reply(self, path: str, headers: dict[str, str]) -> Reply:
        if cookie_value(headers, RUISHU_COOKIE) == str(RUISHU_NSD * 7 + 13):
            # 瑞数 keeps its bootstrap script in ordinary pages too: `$_ts` is not a challenge.
            reply = self.content(path)
            reply.body = reply.body.replace(b"</head>", RUISHU_BOOTSTRAP + b"</head>", 1)
            return reply
        # The unpassable variant wants something a headless browser never does (a mouse move).
        trigger = "" if self.passable else "document.onmousemove = function () {"
        close = "" if self.passable else "};"
        script = (
            "<script type=\"text/javascript\" r='m'>"
            "$_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={};"
            f"$_ts.nsd={RUISHU_NSD};$_ts.cd='qrcklmDoExthWJiHAp1sVYKU3PF';"
            f"{trigger}document.cookie='{RUISHU_COOKIE}='+($_ts.nsd*7+13)+'; path=/';"
            f"setTimeout(function(){{location.reload();}},30);{close}</script>"
        )
        return Reply(
            412,
            f"<html><head><meta charset='utf-8'>{script}</head><body></body></html>".encode(),
            headers=(("Set-Cookie", f"{RUISHU_COOKIE}O=60; path=/"),),
            validators=False,
        )


WZWS_PREFIX = "/WZWSREL"


@dataclass
class WzwsPortal(Portal):
    """WZWS-style: 307 to a "请开启JavaScript并刷新该页" page whose script sets `wzws_cid`."""

    def reply(self, path: str, headers: dict[str, str]) -> Reply:
        if path.startswith(WZWS_PREFIX):
            target = base64.urlsafe_b64decode(path[len(WZWS_PREFIX) :].encode()).decode()
            script = (
                f"<script>document.cookie='wzws_cid={wzws_token(self.name)}; path=/';"
                f"window.location.replace({json.dumps(target)});</script>"
            )
            body = f"<noscript>请开启JavaScript并刷新该页</noscript>{script}"
            return Reply(200, page("", body), validators=False)
        if cookie_value(headers, "wzws_cid") == wzws_token(self.name):
            return self.content(path)
        location = WZWS_PREFIX + base64.urlsafe_b64encode(path.encode()).decode()
        return Reply(307, b"", headers=(("Location", location),), validators=False)


def wzws_token(name: str) -> str:
    return "".join(f"{ord(c):x}" for c in name)[:32]


def cookie_value(headers: dict[str, str], name: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


def js_sites() -> list[Portal]:
    """The browser-needing replicas the crawl tests run against."""
    return [
        JsListPortal("jslist", agencies=("区教育局", "区财政局", "区卫生健康委", "区司法局")),
        BusyJsListPortal("busy", agencies=("区民政局", "区水务局")),
        RuishuPortal("ruishu"),
        WzwsPortal("wzws"),
        RuishuPortal("blocked", passable=False),
    ]
