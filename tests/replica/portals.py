"""Replica portals, one class per CMS family; a site is data (its items), a family is templates.

Every portal has a root page, a 政务公开 section, a 年报 column that lists reports of several
agencies over several pages (with non-report entries that must not be collected), detail pages and
attachments. `state` switches let a test edit a report or remove reports between two crawls.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from replica.content import article, docx_bytes, page, pdf_bytes
from replica.server import FIXED_DATE, Reply

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EDITED_DATE = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Item:
    """One entry of a 年报 column."""

    id: int
    title: str
    date: str = "2024-01-25"
    seed: int = 0
    report: bool = True  # False: a guide or notice the crawler must skip
    direct_pdf: bool = False  # the list links straight to the PDF
    attachments: tuple[str, ...] = ()  # "pdf" / "docx" on the detail page
    edits: bool = False  # content changes when state["edited"]
    removal: str | None = None  # when state["removed"]: "404" (and delisted), "refresh", "delist"
    fault: str | None = None  # "500" / "slow" / "404" always
    path_prefix: str = ""  # e.g. "/private" for a robots.txt test


def reports(agencies: list[str], years: list[int], start: int) -> list[Item]:
    return [
        Item(
            start + i,
            f"{agency}{year}年政府信息公开工作年度报告",
            f"{year + 1}-01-2{i % 8}",
            seed=i,
        )
        for i, (agency, year) in enumerate((a, y) for y in years for a in agencies)
    ]


NOT_REPORTS = [
    "政府信息公开指南",
    "关于报送2023年度政府信息公开工作年度报告的通知",
    "政府信息公开制度",
]


def not_reports(start: int) -> list[Item]:
    return [Item(start + i, title, report=False) for i, title in enumerate(NOT_REPORTS)]


def nav(links: list[tuple[str, str]]) -> str:
    return (
        '<ul class="nav">'
        + "".join(f'<li><a href="{href}">{html.escape(text)}</a></li>' for href, text in links)
        + "</ul>"
    )


@dataclass
class Portal:
    name: str
    items: list[Item]
    per_page: int = 5
    robots: str = "User-agent: *\nAllow: /\n"
    state: dict[str, bool] = field(default_factory=dict)
    encoding: str = "utf-8"
    declare_charset: bool = True

    # --- what a test expects ----------------------------------------------------------------
    def listed(self) -> list[Item]:
        removed = self.state.get("removed")
        return [i for i in self.items if not (removed and i.removal in ("404", "delist"))]

    def expected_reports(self, base: str) -> set[str]:
        return {base + self.entry_path(i) for i in self.listed() if i.report}

    def expected_attachments(self, base: str) -> set[str]:
        found = {
            base + self.attachment_path(i, kind) for i in self.listed() for kind in i.attachments
        }
        return found | {base + self.entry_path(i) for i in self.listed() if i.direct_pdf}

    # --- templates a family overrides --------------------------------------------------------
    def detail_path(self, item: Item) -> str:
        raise NotImplementedError

    def entry_path(self, item: Item) -> str:
        if item.direct_pdf:
            return self.attachment_path(item, "pdf")
        return self.detail_path(item)

    def attachment_path(self, item: Item, kind: str) -> str:
        return self.detail_path(item).rsplit("/", 1)[0] + f"/P0202401{item.id:06d}.{kind}"

    def routes(self) -> dict[str, Reply]:
        raise NotImplementedError

    def dynamic(self, method: str, target: str, body: bytes) -> Reply | None:
        return None

    # --- shared machinery -----------------------------------------------------------------
    def html(self, title: str, body: str, head: str = "") -> Reply:
        charset = self.encoding if self.declare_charset else None
        text = page(title, body, head, charset=charset)
        content_type = (
            f"text/html; charset={self.encoding}" if self.declare_charset else "text/html"
        )
        return Reply(
            body=text.encode(self.encoding, "xmlcharrefreplace"), content_type=content_type
        )

    def li(self, item: Item) -> str:
        short = item.title if len(item.title) <= 24 else item.title[:22] + "…"
        return (
            f'<li><a href="{self.entry_path(item)}" title="{html.escape(item.title)}" '
            f'target="_blank">{html.escape(short)}</a><span class="date">{item.date}</span></li>'
        )

    def pages_of(self) -> list[list[Item]]:
        listed = self.listed()
        return [listed[i : i + self.per_page] for i in range(0, len(listed), self.per_page)] or [[]]

    def item_routes(self) -> dict[str, Reply]:
        routes: dict[str, Reply] = {}
        for item in self.items:
            for kind in item.attachments:
                routes[self.attachment_path(item, kind)] = self.attachment(item, kind)
            if item.direct_pdf:
                routes[self.entry_path(item)] = self.attachment(item, "pdf")
            else:
                routes[self.detail_path(item)] = self.detail(item)
        return routes

    def attachment(self, item: Item, kind: str) -> Reply:
        if kind == "docx":
            return Reply(body=docx_bytes(item.title, item.seed), content_type=DOCX)
        return Reply(body=pdf_bytes(item.title, item.seed), content_type=PDF)

    def detail(self, item: Item) -> Reply:
        if item.fault == "500":
            return Reply(500, b"<h1>500 Internal Server Error</h1>", validators=False)
        if item.fault == "slow":  # small, so its late bytes do not blur byte counts
            return Reply(body=b"<html><body>slow</body></html>", delay=15.0, validators=False)
        if item.fault == "404":
            return Reply(404, b"<h1>404</h1>", validators=False)
        if self.state.get("removed") and item.removal == "404":
            return Reply(404, b"<h1>404 Not Found</h1>", validators=False)
        if self.state.get("removed") and item.removal == "refresh":
            return Reply(
                body=b'<html><head><meta http-equiv="refresh" content="0;url=../">'
                b"</head><body></body></html>",
                validators=False,
            )
        extra = self.attachment_html(item)
        from replica.content import seed_text

        text = seed_text(item.seed)
        edited = item.edits and self.state.get("edited")
        if edited:
            text += "\n（2024年3月1日更正：第三部分数据有误，现予更正。）"
        agency = item.title.split("20")[0] or self.name
        reply = self.html(
            item.title,
            article(item.title, agency, item.date, text, extra)
            .split("<body>", 1)[1]
            .rsplit("</body>", 1)[0],
        )
        reply.modified = EDITED_DATE if edited else FIXED_DATE
        reply.delay = 15.0 if item.fault == "slow" else 0.0
        return reply

    def attachment_html(self, item: Item) -> str:
        return "".join(
            f'<p><a href="{self.attachment_path(item, kind)}">'
            f"附件：{html.escape(item.title)}.{kind}</a></p>"
            for kind in item.attachments
        )

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Reply:
        if target == "/robots.txt":
            return Reply(body=self.robots.encode(), content_type="text/plain")
        reply = self.dynamic(method, target, body)
        if reply is not None:
            return reply
        routes = {**self.item_routes(), **self.routes()}
        found = routes.get(target) or routes.get(
            urlsplit(target).path if "?" not in target else target
        )
        return found or Reply(404, b"<h1>404 Not Found</h1>", validators=False)


class TrsPortal(Portal):
    """TRS WCM county portal: root → 政务公开 → 政府信息公开年报, index.html / index_N.html."""

    column = "/zwgk/zfxxgknb/"

    def detail_path(self, item: Item) -> str:
        return f"{item.path_prefix}{self.column}202401/t20240125_{item.id}.html"

    def routes(self) -> dict[str, Reply]:
        root = self.html(
            "县人民政府门户网站",
            nav([("/", "首页"), ("/zwgk", "政务公开"), ("/xwzx/", "新闻中心")]),
        )
        zwgk = self.html(
            "政务公开",
            nav(
                [
                    ("/zwgk/zfxxgkzn/", "政府信息公开指南"),
                    ("/zwgk/zfxxgkzd/", "政府信息公开制度"),
                    ("/zwgk/fdzdgknr/", "法定主动公开内容"),
                    (self.column, "政府信息公开年报"),
                ]
            ),
        )
        moved = Reply(301, b"", headers=(("Location", "/zwgk/"),), validators=False)
        routes = {"/": root, "/index.html": root, "/zwgk": moved, "/zwgk/": zwgk}
        routes["/zwgk/index.html"] = zwgk
        pages = self.pages_of()
        for n, items in enumerate(pages):
            name = "index.html" if n == 0 else f"index_{n}.html"
            body = (
                nav([("/", "首页"), (self.column, "政府信息公开年报")])
                + '<ul class="list">'
                + "".join(self.li(i) for i in items)
                + "</ul>"
                + f'<script>createPageHTML({len(pages)}, {n}, "index", "html");</script>'
            )
            routes[self.column + name] = self.html("政府信息公开年报", body)
        routes[self.column] = routes[self.column + "index.html"]
        return routes


class TrsApiPortal(TrsPortal):
    """TRS whose first list page is static and whose later pages come from a JSON search API."""

    column = "/xxgk/ndbg/"
    api = "/search/api/list"

    def routes(self) -> dict[str, Reply]:
        root = self.html("市人民政府", nav([("/xxgk/", "政府信息公开")]))
        xxgk = self.html("政府信息公开", nav([(self.column, "政府信息公开年度报告")]))
        pages = self.pages_of()
        script = (
            f"<script>var countPage = {len(pages)};function load(n){{$.getJSON("
            f'"{self.api}?channelid=88&page=" + n, draw);}}'
            f'createPageHTML({len(pages)}, 0, "index", "html");</script>'
        )
        body = '<ul class="list">' + "".join(self.li(i) for i in pages[0]) + "</ul>" + script
        column = self.html("政府信息公开年度报告", body)
        return {"/": root, "/xxgk/": xxgk, self.column: column, self.column + "index.html": column}

    def dynamic(self, method: str, target: str, body: bytes) -> Reply | None:
        if not target.startswith(self.api):
            return None
        query = {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}
        pages = self.pages_of()
        n = int(query.get("page", "1"))
        chosen = pages[n - 1] if 1 <= n <= len(pages) else []
        data = {
            "code": 0,
            "data": {
                "totalPage": len(pages),
                "list": [
                    {"DOCTITLE": i.title, "DOCPUBURL": self.entry_path(i), "DOCRELTIME": i.date}
                    for i in chosen
                ],
            },
        }
        return Reply(
            body=json.dumps(data, ensure_ascii=False).encode(),
            content_type="application/json;charset=utf-8",
        )


class GenericPortal(Portal):
    """`?page=N` lists with 下一页 / 尾页 anchors (often GBK with no charset anywhere)."""

    column = "/xxgk/gknb/list.htm"

    def detail_path(self, item: Item) -> str:
        return f"{item.path_prefix}/xxgk/gknb/content_{item.id}.htm"

    def attachment_path(self, item: Item, kind: str) -> str:
        return f"/attach/download.jsp?id={item.id}&type={kind}"

    def routes(self) -> dict[str, Reply]:
        root = self.html("市人民政府", nav([("/xxgk/index.htm", "信息公开"), ("/news/", "要闻")]))
        xxgk = self.html(
            "信息公开", nav([("/xxgk/zn.htm", "信息公开指南"), (self.column, "信息公开年报")])
        )
        routes = {"/": root, "/xxgk/index.htm": xxgk}
        pages = self.pages_of()
        for n, items in enumerate(pages, start=1):
            pager = [(f"{self.column}?page=1", "首页")]
            if n < len(pages):
                pager += [(f"{self.column}?page={n + 1}", "下一页")]
            pager += [(f"{self.column}?page={len(pages)}", "尾页")]
            body = (
                "<ul>"
                + "".join(self.li(i) for i in items)
                + '</ul><div class="pager">'
                + " ".join(f'<a href="{h}">{t}</a>' for h, t in pager)
                + "</div>"
            )
            routes[f"{self.column}?page={n}"] = self.html("信息公开年报", body)
        routes[self.column] = routes[f"{self.column}?page=1"]
        return routes


class ColumnIndexPortal(Portal):
    """`column-index-N.shtml` pages with numbered pager links and a countPage variable."""

    column = "/zwgk/ndbg/"

    def detail_path(self, item: Item) -> str:
        return f"{self.column}202401/{item.id:032x}.shtml"

    def routes(self) -> dict[str, Reply]:
        root = self.html("区人民政府", nav([("/zwgk/index.shtml", "政府信息公开")]))
        zwgk = self.html(
            "政府信息公开",
            nav(
                [(self.column + "index.shtml", "年度报告"), ("/zwgk/zcwj/index.shtml", "政策文件")]
            ),
        )
        routes = {"/": root, "/zwgk/index.shtml": zwgk}
        pages = self.pages_of()
        names = ["index.shtml"] + [f"column-index-{n}.shtml" for n in range(2, len(pages) + 1)]
        for n, items in enumerate(pages):
            pager = " ".join(
                f'<a href="{self.column}{name}">{k}</a>'
                for k, name in enumerate(names[:2], start=1)
            )
            if n + 1 < len(pages):
                pager += f' <a href="{self.column}{names[n + 1]}">下一页</a>'
            body = (
                "<ul>"
                + "".join(self.li(i) for i in items)
                + f"</ul><div>{pager}</div>"
                + f"<script>var countPage = {len(pages)};</script>"
            )
            routes[self.column + names[n]] = self.html("年度报告", body)
        return routes


class HanwebPortal(Portal):
    """Hanweb: /col/colN/index.html whose list comes from dataproxy.jsp (POST, XML)."""

    column = "/col/col1234/index.html"
    webid, unitid = "12", "5678"

    def detail_path(self, item: Item) -> str:
        return f"/art/2024/1/25/art_1234_{item.id}.html"

    def record(self, item: Item) -> str:
        return f"<record><![CDATA[{self.li(item)}]]></record>"

    def routes(self) -> dict[str, Reply]:
        root = self.html("县人民政府", nav([("/col/col100/index.html", "政府信息公开")]))
        section = self.html(
            "政府信息公开",
            nav(
                [("/col/col1233/index.html", "政府信息公开指南"), (self.column, "政府信息公开年报")]
            ),
        )
        first = "".join(self.record(i) for i in self.listed()[: self.per_page])
        script = (
            f'<script type="text/javascript">var pager = new Pager({{proxyUrl: '
            f"'/module/web/jpage/dataproxy.jsp', webid: '{self.webid}', columnid: '1234', "
            f"unitid: '{self.unitid}', perpage: {self.per_page}}});</script>"
        )
        body = (
            f'<div id="{self.unitid}"><script type="text/xml"><datastore><recordset>{first}'
            f"</recordset></datastore></script></div>{script}"
        )
        column = self.html("政府信息公开年报", body)
        return {"/": root, "/col/col100/index.html": section, self.column: column}

    def dynamic(self, method: str, target: str, body: bytes) -> Reply | None:
        if not target.startswith("/module/web/jpage/dataproxy.jsp"):
            return None
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if method != "POST" or form.get("columnid") != "1234" or form.get("webid") != self.webid:
            return Reply(400, b"<error>bad request</error>", "text/xml", validators=False)
        query = {k: int(v[0]) for k, v in parse_qs(urlsplit(target).query).items()}
        listed = self.listed()
        chosen = listed[query.get("startrecord", 1) - 1 : query.get("endrecord", 15)]
        xml = (
            f'<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>{len(listed)}'
            f"</totalrecord><totalpage>{math.ceil(len(listed) / self.per_page)}</totalpage>"
            f"<recordset>{''.join(self.record(i) for i in chosen)}</recordset></datastore>"
        )
        return Reply(body=xml.encode(), content_type="text/xml;charset=utf-8")


class GkmlptPortal(Portal):
    """Guangdong gkmlpt: /gkmlpt/index#2921 shell, JSON from /gkmlpt/api/all/2921?page=N&sid=S."""

    col, sid = "2921", "755001"

    def detail_path(self, item: Item) -> str:
        return f"/gkmlpt/content/2/{self.col}/post_{item.id}.html"

    def attachment_html(self, item: Item) -> str:
        """gkmlpt detail pages name their attachments in the embedded DETAIL JSON."""
        files = [
            {"name": f"{item.title}.{kind}", "url": self.attachment_path(item, kind)}
            for kind in item.attachments
        ]
        detail = json.dumps(
            {"id": item.id, "title": item.title, "attachment": files}, ensure_ascii=False
        ).replace("/", "\\/")
        return f"<script>window._CONFIG = {{DETAIL: {detail}}};</script>"

    def routes(self) -> dict[str, Reply]:
        root = self.html("市人民政府", nav([("/zwgk/index.html", "政务公开")]))
        zwgk = self.html(
            "政务公开",
            nav(
                [
                    ("/gkmlpt/index", "政府信息公开目录"),
                    (f"/gkmlpt/index#{self.col}", "政府信息公开年报"),
                ]
            ),
        )
        shell = self.html(
            "政府信息公开",
            f"<div id=\"app\"></div><script>var SID = '{self.sid}';"
            '</script><script src="/gkmlpt/static/app.js"></script>',
        )
        return {"/": root, "/zwgk/index.html": zwgk, "/gkmlpt/index": shell}

    def dynamic(self, method: str, target: str, body: bytes) -> Reply | None:
        if not target.startswith(f"/gkmlpt/api/all/{self.col}"):
            return None
        query = {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}
        if query.get("sid") != self.sid:
            return Reply(400, b'{"error": "sid"}', "application/json", validators=False)
        n = int(query.get("page", "1"))
        chosen = self.listed()[(n - 1) * self.per_page : n * self.per_page]
        articles: list[dict[str, Any]] = [
            {
                "id": i.id,
                "title": i.title,
                "url": f"{self.entry_path(i)}#{self.col}",
                "publish_time": int(datetime.fromisoformat(i.date).replace(tzinfo=UTC).timestamp()),
            }
            for i in chosen
        ]
        data = {"articles": articles, "total": len(self.listed()), "page": n}
        return Reply(
            body=json.dumps(data, ensure_ascii=False).encode(),
            content_type="application/json;charset=utf-8",
        )


class FragilePortal(Portal):
    """A 年报 column (the source URL itself) whose reports fail: 500, timeout, 404, robots."""

    column = "/xxgknb/index.html"

    def detail_path(self, item: Item) -> str:
        return f"{item.path_prefix}/xxgknb/202401/t20240125_{item.id}.html"

    def routes(self) -> dict[str, Reply]:
        body = "<ul>" + "".join(self.li(i) for i in self.listed()) + "</ul>"
        return {self.column: self.html("政府信息公开年报", body)}


AGENCIES = [
    "区人民政府",
    "区财政局",
    "区教育局",
    "区卫生健康委员会",
    "花乡街道办事处",
    "礼贤镇人民政府",
]


def trs_portal() -> TrsPortal:
    items = reports(AGENCIES, [2023], 100)
    items[0] = Item(
        100, items[0].title, "2024-01-25", seed=0, attachments=("docx", "pdf"), edits=True
    )
    items[1] = Item(101, items[1].title, "2024-01-26", seed=1, direct_pdf=True)
    items[3] = Item(103, items[3].title, "2024-01-23", seed=3, removal="404")
    items[4] = Item(104, items[4].title, "2024-01-24", seed=4, removal="refresh")
    items[5] = Item(105, items[5].title, "2024-01-25", seed=5, removal="delist")
    older = reports(["区司法局", "区民政局", "区教育局"], [2022, 2021], 200)
    guide, notice, rules = not_reports(900)
    return TrsPortal("trs", [*items[:3], guide, *items[3:], notice, *older, rules])


def trs_api_portal() -> TrsApiPortal:
    items = reports(["市司法局", "市审计局", "市体育局", "市气象局"], [2023, 2022], 800)
    return TrsApiPortal("trsapi", [*items[:3], *not_reports(950)[:1], *items[3:]], per_page=3)


def generic_gbk_portal() -> GenericPortal:
    items = reports(
        ["市发展和改革委员会", "市公安局", "市民政局", "市人力资源和社会保障局"], [2023, 2022], 300
    )
    items[2] = Item(302, items[2].title, items[2].date, seed=2, attachments=("pdf",))
    return GenericPortal(
        "gbk",
        [*items[:4], *not_reports(910)[:1], *items[4:]],
        per_page=4,
        encoding="gbk",
        declare_charset=False,
    )


def hanweb_portal() -> HanwebPortal:
    items = reports(
        [
            "县人民政府",
            "县发展和改革局",
            "县教育局",
            "县公安局",
            "县民政局",
            "县财政局",
            "县自然资源局",
        ],
        [2023, 2022],
        400,
    )
    return HanwebPortal("hanweb", [*items[:7], *not_reports(920), *items[7:]], per_page=5)


def gkmlpt_portal() -> GkmlptPortal:
    items = reports(
        ["市场监督管理局", "生态环境局", "住房和城乡建设局", "交通运输局", "水务局"],
        [2023, 2022],
        500,
    )
    items[2] = Item(502, items[2].title, items[2].date, seed=2, attachments=("pdf",))
    return GkmlptPortal("gkmlpt", [*items[:5], *not_reports(930)[:2], *items[5:]], per_page=5)


def column_index_portal() -> ColumnIndexPortal:
    items = reports(["区商务局", "区文化和旅游局", "区应急管理局"], [2023, 2022, 2021], 600)
    return ColumnIndexPortal(
        "colindex", [*items[:4], *not_reports(940)[1:2], *items[4:]], per_page=4
    )


def fragile_portal() -> FragilePortal:
    base = reports(["区审计局", "区统计局", "区医疗保障局", "区林业局", "区档案馆"], [2023], 700)
    return FragilePortal(
        "fragile",
        [
            base[0],
            Item(701, base[1].title, fault="500"),
            Item(702, base[2].title, fault="slow"),
            Item(703, base[3].title, fault="404"),
            Item(704, base[4].title, path_prefix="/private"),
        ],
        robots="User-agent: *\nDisallow: /private/\n",
    )


def all_portals() -> list[Portal]:
    return [
        trs_portal(),
        trs_api_portal(),
        generic_gbk_portal(),
        hanweb_portal(),
        gkmlpt_portal(),
        column_index_portal(),
        fragile_portal(),
    ]
