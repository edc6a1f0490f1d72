"""Replica portals written from sites.md and from real government CMSs, not from the crawler.

They vary what real portals vary:
- how the 年报 column is reached and named: 政务公开 → 政府信息公开 (left menu) → 年报 → per-year
  sub-columns; 年度报告 / 政务公开年报 / 信息公开工作年报; /col/colN/, /xxgk/ndbg/, /xxgk/gknb/;
- how links are written: relative `../../`, protocol-relative, `<base href>`, `window.open`,
  `data-url`, whitespace in href, uppercase `.HTML`, `.shtml` / `.htm` / `.jhtml`,
  `content.jsp?id=`, titles cut with … (the full title in the `title` attribute);
- how lists paginate: `createPageHTML` with the count in a variable, Hanweb datastore +
  dataproxy, `?pageNo=` with a sliding 1..5 window, `list_N.html` with 下一页/尾页, `N.html` in a
  `<select>` jump menu;
- how reports are published: HTML, attachment only, `download.jsp?fileid=` with the extension in
  the link text only, list entries straight to a PDF;
- what goes wrong: GB2312 declared only in `<meta http-equiv>`, GB18030 declared nowhere and
  gzipped, a removed report as a meta refresh, a 302 to a login page.

A site is a table of routes built from the Host header (for absolute and protocol-relative links)
and knows the exact report entries and attachments a crawler must find, and the decoys it must not.
"""

from __future__ import annotations

import gzip
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, unquote, urlsplit

from replica.content import docx_bytes, pdf_bytes
from replica.server import Reply

Routes = dict[str, Reply]
FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "wps": "application/kswps",
    "ofd": "application/ofd",
    "xls": "application/vnd.ms-excel",
}
SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def key(target: str) -> str:
    """Routes are keyed by the decoded path plus the raw query."""
    parts = urlsplit(target)
    return unquote(parts.path) + (f"?{parts.query}" if parts.query else "")


@dataclass
class Unseen:
    name: str
    build: Callable[[str], Routes]
    reports: frozenset[str]  # paths of the report entries the crawler must find
    attachments: frozenset[str]  # paths of report files it must capture
    decoys: frozenset[str]  # listed entries that are not reports
    encoding: str = "utf-8"
    content_type: str = "text/html; charset=utf-8"
    gzip: bool = False
    dynamic: Callable[[str, str, bytes], Reply | None] | None = None
    _cache: dict[str, Routes] = field(default_factory=dict)

    def routes(self, host: str) -> Routes:
        if host not in self._cache:
            self._cache[host] = self.build(host)
        return self._cache[host]

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Reply:
        reply = self.dynamic(method, target, body) if self.dynamic else None
        if reply is None:
            reply = self.routes(headers.get("host", "")).get(key(target))
        if reply is None:
            reply = Reply(404, b"<html><body>404 Not Found</body></html>")
        if self.gzip and reply.status == 200:
            reply = Reply(
                reply.status,
                gzip.compress(reply.body, mtime=0),
                reply.content_type,
                (*reply.headers, ("Content-Encoding", "gzip")),
            )
        return reply

    def html(self, text: str) -> Reply:
        return Reply(200, text.encode(self.encoding), self.content_type)

    def expected_reports(self, base: str) -> set[str]:
        return {base + p for p in self.reports}

    def expected_attachments(self, base: str) -> set[str]:
        return {base + p for p in self.attachments}


def doc(title: str, body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"><html><head>{head}'
        f"<title>{html.escape(title)}</title></head><body>"
        f"<div class='header'><a href='/'>首页</a></div>{body}"
        "<div class='footer'>主办单位：人民政府办公室 网站标识码 1100000001 ICP备案</div>"
        "</body></html>"
    )


def report_body(title: str, agency: str, date: str, extra: str = "") -> str:
    text = "".join(
        f"<p>{s}</p><p>{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "持续推进决策、执行、管理、服务、结果公开。</p>"
        for s in SECTIONS
    )
    return (
        f"<div class='xxgk_table'>索引号：11010X-2024-0001 发布机构：{agency} "
        f"发布日期：{date}</div><h1 class='title'>{html.escape(title)}</h1>"
        f"<div class='TRS_Editor' id='zoom'>{text}{extra}</div>"
    )


def plain_body(title: str) -> str:
    return f"<h1>{html.escape(title)}</h1><div class='content'><p>{title}的正文。</p></div>"


def refresh(to: str) -> str:
    return (
        f'<html><head><meta http-equiv="refresh" content="0;URL={to}"></head><body></body></html>'
    )


def file_reply(kind: str, title: str) -> Reply:
    if kind == "pdf":
        return Reply(200, pdf_bytes(title, 1), FILE_TYPES[kind])
    if kind == "docx":
        return Reply(200, docx_bytes(title, 1), FILE_TYPES[kind])
    return Reply(200, f"{kind}:{title}".encode() + bytes(range(256)), FILE_TYPES[kind])


def li(href: str, title: str, date: str, cut: int = 0) -> str:
    """A list entry; `cut` truncates the visible text with … and keeps the full title attribute."""
    shown = title if not cut or len(title) <= cut else title[:cut] + "…"
    return (
        f'<li><a href="{href}" target="_blank" title="{html.escape(title)}">'
        f"{html.escape(shown)}</a><span class='date'>{date}</span></li>"
    )


# --- 1. "menu": 政务公开 → 政府信息公开 (left menu) → 政府信息公开年报 → 2023年度 / 2022年度

MENU_2023 = [  # (id, title, report, kind) kind: html / files / pdf
    (1001, "北京市XX区教育委员会2023年政府信息公开工作年度报告", True, "html"),
    (1002, "关于做好2023年度政府信息公开工作年度报告编制工作的通知", False, "html"),
    (1003, "2023年度XX镇政府信息公开年报", True, "html"),
    (1004, "关于XX区财政局2023年度政府信息公开工作报告", True, "html"),
    (1005, "北京市XX区人民政府2023年政府信息公开工作年度报告", True, "files"),
    (1006, "北京市XX区卫生健康委员会2023年政府信息公开工作年度报告", True, "pdf"),
]
MENU_2022 = [
    (901, "XX街道办事处2022年度政府信息公开工作年度报告（更正版）", True, "html"),
    (902, "XX街道办事处2022年度政府信息公开工作年度报告", True, "removed"),
    (903, "XX区2022年国民经济和社会发展统计年报", False, "html"),
]
MENU_COL = "/zwgk/xxgk/zfxxgknb/"
MENU_FILES = {
    1005: ("北京市XX区人民政府2023年政府信息公开工作年度报告.pdf", "政府信息公开年报.docx")
}


def _menu_entry(year_dir: str, item: tuple[int, str, bool, str]) -> str:
    ident, _title, _report, kind = item
    if kind == "pdf":
        return f"{year_dir}202401/P0202401265{ident}.pdf"
    return f"{year_dir}202401/t20240125_{ident}.shtml"


def _menu_pager(count: int, current: int) -> str:
    return (
        "<div class='page'><script type='text/javascript'>\nvar countPage = "
        f"{count}//共多少页\nvar currentPage = {current};//当前页\n"
        'createPageHTML(countPage, currentPage, "index", "shtml");\n</script></div>'
    )


def _menu_lists(site: Unseen, routes: Routes, year_dir: str, items: list, per: int) -> None:
    pages = [items[i : i + per] for i in range(0, len(items), per)]
    for n, chunk in enumerate(pages):
        lis = "".join(
            li("./" + _menu_entry(year_dir, it)[len(year_dir) :], it[1], "2024-01-25", cut=20)
            for it in chunk
        )
        body = f"<div class='list'><ul>{lis}</ul></div>{_menu_pager(len(pages), n)}"
        reply = site.html(doc("政府信息公开年报", body))
        routes[year_dir + ("index.shtml" if n == 0 else f"index_{n}.shtml")] = reply
        if n == 0:
            routes[year_dir] = reply


def _menu_details(site: Unseen, routes: Routes, year_dir: str, items: list) -> None:
    for it in items:
        ident, title, _report, kind = it
        path = _menu_entry(year_dir, it)
        if kind == "pdf":
            routes[path] = file_reply("pdf", title)
        elif kind == "removed":
            routes[path] = site.html(refresh("../"))
        elif kind == "files":
            pdf, docx = MENU_FILES[ident]
            links = (
                f'<p>附件：<a href="./P020240125{ident}.pdf">{pdf}</a></p>'
                f'<p>附件：<a href="./W020240125{ident}.docx">{docx}</a></p>'
            )
            routes[path] = site.html(
                doc(
                    title, f"<h1>{title}</h1><div class='TRS_Editor'><p>详见附件。</p>{links}</div>"
                )
            )
            routes[year_dir + f"202401/P020240125{ident}.pdf"] = file_reply("pdf", title)
            routes[year_dir + f"202401/W020240125{ident}.docx"] = file_reply("docx", title)
        else:
            agency = title.split("2023")[0].split("2022")[0] or "XX镇"
            routes[path] = site.html(doc(title, report_body(title, agency, "2024-01-25")))


def menu_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        nav = (
            "<ul class='nav'><li><a href='/'>首页</a></li><li><a href='./zwgk/'>政务公开</a></li>"
            "<li><a href='/zwfw/'>政务服务</a></li><li><a href='/hdjl/'>互动交流</a></li></ul>"
            "<ul class='news'><li><a href='/xwzx/202401/t20240110_9.shtml'>区政府召开2023年度"
            "工作总结会</a></li></ul>"
        )
        r["/"] = r["/index.shtml"] = site.html(doc("北京市XX区人民政府", nav))
        r["/xwzx/202401/t20240110_9.shtml"] = site.html(doc("工作总结会", plain_body("工作总结会")))
        r["/zwgk/"] = site.html(
            doc(
                "政务公开",
                "<div class='zwgk'><a href='xxgk/index.shtml'>"
                "政府信息公开</a><a href='zcjd/'>政策解读</a></div>",
            )
        )
        menu = (
            "<div class='left-menu'><ul><li><a href='./zn/'>政府信息公开指南</a></li>"
            "<li><a href='./zd/'>政府信息公开制度</a></li><li><a href='./fdzdgknr/'>法定主动"
            "公开内容</a></li><li><a href='../xxgk/zfxxgknb/' target='_blank'>政府信息公开年报"
            "</a></li></ul></div>"
        )
        r["/zwgk/xxgk/index.shtml"] = site.html(doc("政府信息公开", menu))
        r["/zwgk/xxgk/zn/"] = site.html(
            doc(
                "政府信息公开指南",
                "<ul>"
                + li("./202301/t20230105_50.shtml", "北京市XX区政府信息公开指南", "2023-01-05")
                + "</ul>",
            )
        )
        r["/zwgk/xxgk/zn/202301/t20230105_50.shtml"] = site.html(
            doc("政府信息公开指南", plain_body("北京市XX区政府信息公开指南"))
        )
        tabs = (
            "<div class='sub-column'><a href='./2023nd/'>2023年度</a>"
            "<a href='./2022nd/'>2022年度</a></div>"
        )
        r[MENU_COL] = r[MENU_COL + "index.shtml"] = site.html(doc("政府信息公开年报", menu + tabs))
        for year_dir, items, per in (
            (MENU_COL + "2023nd/", MENU_2023, 2),
            (MENU_COL + "2022nd/", MENU_2022, 5),
        ):
            _menu_lists(site, r, year_dir, items, per)
            _menu_details(site, r, year_dir, items)
        return r

    def paths(items: list, year_dir: str, report: bool) -> set[str]:
        return {_menu_entry(year_dir, it) for it in items if it[2] is report}

    reports = paths(MENU_2023, MENU_COL + "2023nd/", True) | paths(
        MENU_2022, MENU_COL + "2022nd/", True
    )
    decoys = paths(MENU_2023, MENU_COL + "2023nd/", False) | paths(
        MENU_2022, MENU_COL + "2022nd/", False
    )
    files = {
        MENU_COL + "2023nd/202401/P0202401251005.pdf",
        MENU_COL + "2023nd/202401/W0202401251005.docx",
        MENU_COL + "2023nd/202401/P02024012651006.pdf",
    }
    site = Unseen("menu", build, frozenset(reports), frozenset(files), frozenset(decoys))
    return site


# --- 2. "hancol": Hanweb /col/colN/, inline datastore for page 1, dataproxy for the rest

HAN_COL, HAN_UNIT, HAN_WEB, HAN_PER = 12345, 55621, 7, 5
HAN_ITEMS = [
    (456, "XX县交通运输局2023年政府信息公开工作年度报告", True),
    (457, "XX县人民政府办公室2023年政府信息公开工作年度报告", True),
    (458, "XX县市场监督管理局2023年度政府信息公开工作年度报告", True),
    (459, "XX县企业年报公示工作的公告", False),
    (460, "XX县人民政府2023年政府信息公开工作年度报告", True),
    (461, "XX县农业农村局2023年政府信息公开工作年度报告", True),
    (462, "XX县政府信息公开指南", False),
    (463, "XX镇人民政府2023年政府信息公开工作年度报告", True),
    (464, "XX县2023年政务公开工作要点", False),
    (465, "XX县住房和城乡建设局2022年政府信息公开工作年度报告", True),
    (466, "XX县水利局2022年政府信息公开工作年度报告", True),
    (467, "XX乡人民政府2022年度政府信息公开工作年度报告", True),
]


def _han_path(ident: int) -> str:
    return f"/art/2024/1/{20 + ident % 8}/art_{HAN_COL}_{ident}.html"


def _han_record(item: tuple[int, str, bool]) -> str:
    ident, title, _ = item
    return (
        f'<record><![CDATA[\n<li><a href="{_han_path(ident)}" title="{title}" target="_blank">'
        f'{title}</a><span class="bt-data-time">2024-01-{20 + ident % 8}</span></li>\n]]>'
        "</record>"
    )


def _han_column() -> str:
    first = "".join(_han_record(it) for it in HAN_ITEMS[:HAN_PER])
    proxy = (
        f"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid={HAN_WEB}&path=/&columnid="
        f"{HAN_COL}&unitid={HAN_UNIT}&webname=XX县人民政府&permissiontype=0"
    )
    return (
        f'<div class="default_pgContainer" id="{HAN_UNIT}"><script type="text/xml">'
        f'<datastore><nextgroup><![CDATA[<a href="{proxy}"></a>]]></nextgroup><recordset>'
        f"{first}</recordset></datastore></script></div>"
        '<script language="javascript" src="/module/web/jpage/jpage.js"></script>'
        f"<script>$(function(){{ $('#{HAN_UNIT}').jpage({{ dataStore: dataStore, "
        f"proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: {HAN_PER}, totalRecord: "
        f"{len(HAN_ITEMS)}, webid: '{HAN_WEB}', columnid: '{HAN_COL}', unitid: '{HAN_UNIT}', "
        "barPosition: 'bottom', ajaxParam: { col: 1, appid: 1, path: '/', sourceContentType: 1,"
        " permissiontype: 0 } }); });</script>"
    )


def _han_proxy(method: str, target: str, body: bytes) -> Reply | None:
    parts = urlsplit(target)
    if not parts.path.endswith("/jpage/dataproxy.jsp"):
        return None
    query = parse_qs(parts.query) | parse_qs(body.decode("utf-8", "replace"))
    if query.get("columnid", [""])[0] != str(HAN_COL):
        return Reply(200, b"<datastore><totalrecord>0</totalrecord></datastore>", "text/xml")
    start = int(query.get("startrecord", ["1"])[0])
    end = int(query.get("endrecord", [str(start + HAN_PER - 1)])[0])
    records = "".join(_han_record(it) for it in HAN_ITEMS[start - 1 : end])
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{len(HAN_ITEMS)}'
        f"</totalrecord><totalpage>{-(-len(HAN_ITEMS) // HAN_PER)}</totalpage><recordset>"
        f"{records}</recordset></datastore>"
    )
    return Reply(200, xml.encode(), "text/xml;charset=UTF-8")


def hanweb_col_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = r["/index.html"] = site.html(
            doc(
                "XX县人民政府",
                (
                    "<div class='nav'><a href='/col/col11111/index.html'>要闻动态</a>"
                    "<a href='/col/col12340/index.html' target='_blank'>信息公开</a>"
                    "<a href='/col/col11112/index.html'>办事服务</a></div>"
                ),
            )
        )
        menu = "".join(
            f"<li><a href='/col/col{c}/index.html'>{t}</a></li>"
            for c, t in (
                (12341, "政府信息公开指南"),
                (12342, "政府信息公开制度"),
                (12343, "法定主动公开内容"),
                (HAN_COL, "年度报告"),
            )
        )
        r["/col/col12340/index.html"] = site.html(
            doc("政府信息公开", f"<ul class='menu'>{menu}</ul>")
        )
        r[f"/col/col{HAN_COL}/index.html"] = site.html(
            doc(
                "年度报告",
                (
                    f"<ul class='menu'>{menu}</ul><div class='bt-title'>年度报告</div>"
                    f"{_han_column()}"
                ),
            )
        )
        for ident, title, report in HAN_ITEMS:
            attach = ""
            if ident == 460:
                attach = (
                    "<p>附件：<a href='/module/download/downfile.jsp?classid=0&filename="
                    f"2401251030460.pdf'>{title}.pdf</a></p>"
                )
                r["/module/download/downfile.jsp?classid=0&filename=2401251030460.pdf"] = (
                    file_reply("pdf", title)
                )
            body = (
                report_body(title, title[:8], "2024-01-25", attach) if report else plain_body(title)
            )
            r[_han_path(ident)] = site.html(doc(title, body))
        return r

    reports = frozenset(_han_path(i) for i, _, rep in HAN_ITEMS if rep)
    decoys = frozenset(_han_path(i) for i, _, rep in HAN_ITEMS if not rep)
    files = frozenset({"/module/download/downfile.jsp?classid=0&filename=2401251030460.pdf"})
    site = Unseen("hancol", build, reports, files, decoys, dynamic=_han_proxy)
    return site


# --- 3. "jsp": window.open / data-url menus, list.jsp?pageNo=N in a 1..5 window, content.jsp?id=

JSP_LIST = "/xxgk/ndbg/list.jsp"
JSP_PAGES = [  # one list page each: (id, title, report, kind)
    [
        (123, "XX市生态环境局2023年政府信息公开工作年度报告", True, "html"),
        (124, "XX市企业年报公示", False, "html"),
    ],
    [
        (125, "XX市司法局2023年度政府信息公开工作年度报告", True, "fileid"),
        (126, "XX市2023年国民经济和社会发展统计年报", False, "html"),
    ],
    [(127, "XX市审计局2023年政府信息公开工作年度报告", True, "pdf")],
    [(128, "XX市2023年政务公开工作要点", False, "html")],
    [(129, "XX市医疗保障局2023年政府信息公开工作年度报告", True, "login")],
    [(130, "XX市民政局2022年政府信息公开工作年度报告", True, "fileid")],
    [
        (131, "XX市人力资源和社会保障局2022年政府信息公开工作年度报告", True, "html"),
        (132, "XX市政府信息公开指南", False, "html"),
    ],
]
JSP_FILE_IDS = {125: ("8a8a8b1c8d0e4f01", "docx"), 130: ("8a8a8b1c8d0e4f02", "wps")}


def _jsp_entry(ident: int, kind: str) -> str:
    return (
        f"/upload/2024/01/25/20240125103{ident}.PDF"
        if kind == "pdf"
        else f"/content.jsp?id={ident}"
    )


def _jsp_pager(n: int) -> str:
    last = len(JSP_PAGES)
    low = max(1, min(n - 2, last - 4))
    nums = "".join(
        f"<span class='cur'>{i}</span>" if i == n else f"<a href='list.jsp?pageNo={i}'>{i}</a>"
        for i in range(low, min(low + 5, last + 1))
    )
    prev = f"<a href='list.jsp?pageNo={n - 1}'>上一页</a>" if n > 1 else "<span>上一页</span>"
    nxt = f"<a href='list.jsp?pageNo={n + 1}'>下一页</a>" if n < last else "<span>下一页</span>"
    return f"<div class='pagination'><a href='list.jsp?pageNo=1'>首页</a>{prev}{nums}{nxt}</div>"


def _jsp_detail(site: Unseen, r: Routes, ident: int, title: str, report: bool, kind: str) -> None:
    path = _jsp_entry(ident, kind)
    if kind == "pdf":
        r[path] = file_reply("pdf", title)
    elif kind == "login":
        r[path] = Reply(
            302, b"", headers=(("Location", f"/login.jsp?service=%2Fcontent.jsp%3Fid%3D{ident}"),)
        )
    elif kind == "fileid":
        fileid, ext = JSP_FILE_IDS[ident]
        link = f"<p>附件：<a href='/download.jsp?fileid={fileid}'>{title}.{ext}</a></p>"
        r[path] = site.html(doc(title, f"<h1>{title}</h1><div class='article'>{link}</div>"))
        r[f"/download.jsp?fileid={fileid}"] = file_reply(ext, title)
    else:
        r[path] = site.html(
            doc(title, report_body(title, title[:7], "2024-01-25") if report else plain_body(title))
        )


def jsp_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(
            doc(
                "XX市人民政府门户网站",
                (
                    "<div class='nav'><a href='javascript:;' "
                    "onclick=\"window.open('/zwgk/index.jsp')\">政务公开</a><a href='javascript:;' "
                    "onclick=\"window.open('/bsfw/index.jsp')\">办事服务</a></div>"
                ),
            )
        )
        r["/zwgk/index.jsp"] = site.html(
            doc(
                "政务公开",
                (
                    "<ul class='menu'><li><a href='javascript:void(0)' "
                    "data-url='/xxgk/zn/list.jsp'>"
                    '政府信息公开指南</a></li><li><a href="javascript:void(0)" data-url="'
                    f"{JSP_LIST}\" class='menu-item'>政务公开年报</a></li></ul>"
                ),
            )
        )
        r["/xxgk/zn/list.jsp"] = site.html(doc("政府信息公开指南", plain_body("政府信息公开指南")))
        r["/login.jsp?service=%2Fcontent.jsp%3Fid%3D129"] = site.html(
            doc(
                "统一身份认证",
                (
                    "<form action='/login.jsp' method='post'>用户名<input name='u'>密码"
                    "<input name='p' type='password'><button>登录</button></form>"
                ),
            )
        )
        for n, items in enumerate(JSP_PAGES, start=1):
            lis = "".join(li(_jsp_entry(i, k), t, "2024-01-25") for i, t, _, k in items)
            reply = site.html(doc("政务公开年报", f"<ul class='list'>{lis}</ul>{_jsp_pager(n)}"))
            r[f"{JSP_LIST}?pageNo={n}"] = reply
            if n == 1:
                r[JSP_LIST] = reply
            for item in items:
                _jsp_detail(site, r, *item)
        return r

    items = [it for page in JSP_PAGES for it in page]
    reports = frozenset(_jsp_entry(i, k) for i, _, rep, k in items if rep)
    decoys = frozenset(_jsp_entry(i, k) for i, _, rep, k in items if not rep)
    files = frozenset(
        {
            "/download.jsp?fileid=8a8a8b1c8d0e4f01",
            "/download.jsp?fileid=8a8a8b1c8d0e4f02",
            _jsp_entry(127, "pdf"),
        }
    )
    site = Unseen("jsp", build, reports, files, decoys)
    return site


# --- 4. "gb2312": charset only in <meta http-equiv>, uppercase tags, .HTML/.HTM, list_N.html

GB_COL = "/xxgk/gknb/"
GB_PAGES = [  # (id, title, report, kind, ext)
    [
        (2001, "XX区发展和改革委员会2023年政府信息公开工作年度报告", True, "html", "htm"),
        (2002, "关于做好2023年度政府信息公开工作年度报告编制工作的通知", False, "html", "htm"),
    ],
    [
        (2003, "XX区财政局2023年政府信息公开工作年度报告", True, "files", "HTM"),
        (2004, "XX区2023年政务公开工作要点", False, "html", "htm"),
    ],
    [
        (2005, "XX镇人民政府2022年政府信息公开工作年度报告", True, "files", "htm"),
        (2006, "XX区统计局2022年政府信息公开工作年度报告", True, "pdf", "pdf"),
    ],
]
GB_META = '<META http-equiv="Content-Type" content="text/html; charset=gb2312">'


def _q(name: str) -> str:
    return quote(name)


def _gb_entry(ident: int, kind: str, ext: str) -> str:
    if kind == "pdf":
        return GB_COL + "202401/" + _q(f"XX区统计局2022年政府信息公开年报{ident}.pdf")
    return f"{GB_COL}202401/t20240126_{ident}.{ext}"


def _gb_files(ident: int) -> list[tuple[str, str]]:
    """(link text, path) of the attachments of a detail page."""
    names = {
        2003: ["XX区财政局2023年政府信息公开工作年度报告.docx", "XX区财政局2023年年报.ofd"],
        2005: ["XX镇2022年政府信息公开工作年度报告.doc", "附表：公开数据统计.xls"],
    }
    return [(n, GB_COL + "202401/" + _q(n)) for n in names.get(ident, [])]


def _gb_pager(n: int, last: int) -> str:
    def href(i: int) -> str:
        return "./" if i == 1 else f"list_{i}.html"

    links = [f"<A HREF='{href(1)}'>首页</A>"]
    if n > 1:
        links.append(f"<A HREF='{href(n - 1)}'>上一页</A>")
    if n < last:
        links.append(f"<A HREF='{href(n + 1)}'>下一页</A>")
    links.append(f"<A HREF='{href(last)}'>尾页</A>")
    return f"<DIV class='page'>共{last}页 当前第{n}页 {' '.join(links)}</DIV>"


def gb2312_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(
            doc(
                "XX区人民政府",
                "<TABLE><TR><TD><A HREF='xxgk/Index.HTML'>信息公开</A>"
                "</TD><TD><A HREF='bsfw/Index.HTML'>办事服务</A></TD></TR></TABLE>",
                GB_META,
            )
        )
        r["/xxgk/Index.HTML"] = site.html(
            doc(
                "信息公开",
                (
                    "<UL><LI><A HREF='zd/'>政府信息公开制度</A></LI>"
                    '<LI><A HREF="gknb/\n   ">信息公开工作年报</A></LI></UL>'
                ),
                GB_META,
            )
        )
        for n, items in enumerate(GB_PAGES, start=1):
            lis = "".join(
                li("../../" + _gb_entry(i, k, e)[1:], t, "2024-01-26", cut=18)
                for i, t, _, k, e in items
            )
            reply = site.html(
                doc("信息公开工作年报", f"<UL>{lis}</UL>{_gb_pager(n, len(GB_PAGES))}", GB_META)
            )
            r[GB_COL if n == 1 else f"{GB_COL}list_{n}.html"] = reply
            for ident, title, report, kind, ext in items:
                path = unquote(_gb_entry(ident, kind, ext))
                if kind == "pdf":
                    r[path] = file_reply("pdf", title)
                    continue
                links = "".join(f"<P>附件：<A HREF='{p}'>{t}</A></P>" for t, p in _gb_files(ident))
                for t, p in _gb_files(ident):
                    r[unquote(p)] = file_reply(t.rsplit(".", 1)[1], title)
                body = (
                    report_body(title, title[:6], "2024-01-26", links)
                    if report
                    else plain_body(title)
                )
                r[path] = site.html(doc(title, body, GB_META))
        return r

    items = [it for page in GB_PAGES for it in page]
    reports = frozenset(_gb_entry(i, k, e) for i, _, rep, k, e in items if rep)
    decoys = frozenset(_gb_entry(i, k, e) for i, _, rep, k, e in items if not rep)
    files = {p for i in (2003, 2005) for _, p in _gb_files(i)} | {_gb_entry(2006, "pdf", "pdf")}
    site = Unseen(
        "gb2312",
        build,
        reports,
        frozenset(files),
        decoys,
        encoding="gb2312",
        content_type="text/html",
    )
    return site


# --- 5. "gb18030": no charset anywhere, gzip, protocol-relative links, <base href>, <select>

GBK_COL = "/zfxxgk/ndbg/"
GBK_PAGES = [  # (id, title, report, kind)
    [
        (3001, "XX县人民政府2023年政府信息公开工作年度报告", True, "pdf"),
        (3002, "XX县应急管理局2023年度政府信息公开工作年度报告", True, "html"),
    ],
    [
        (3003, "XX县水利局2023年政府信息公开工作年度报告", True, "removed"),
        (3004, "XX县2023年统计年报", False, "html"),
    ],
    [
        (3005, "XX乡2023年度政府信息公开工作报告", True, "files"),
        (3006, "XX县2023年政府信息公开工作年度报告（图片版）", True, "html"),
    ],
]


def _gbk_entry(ident: int, kind: str) -> str:
    return f"{GBK_COL}202402/P02024022{ident}.pdf" if kind == "pdf" else f"{GBK_COL}{ident}.jhtml"


def _gbk_select(n: int) -> str:
    options = "".join(
        f"<option value='ndbg/{'index' if i == 1 else i}.html'"
        f"{' selected' if i == n else ''}>第{i}页</option>"
        for i in range(1, len(GBK_PAGES) + 1)
    )
    return (
        f"<div class='fy'>共{len(GBK_PAGES)}页 <select onchange='window.location.href=this.value'"
        f">{options}</select></div>"
    )


def gb18030_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(
            doc(
                "XX县人民政府",
                f"<a href='//{host}/zfxxgk/index.html'>政府信息公开</a>"
                f"<a href='//{host}/xwzx/index.html'>新闻中心</a>",
            )
        )
        base = f"<base href='http://{host}/zfxxgk/'>"
        r["/zfxxgk/index.html"] = site.html(
            doc(
                "政府信息公开",
                (
                    "<div class='xxgk-menu'><a href='gkzn/index.html'>政府信息公开指南</a>"
                    "<a href='ndbg/index.html'>年度报告</a></div>"
                ),
                base,
            )
        )
        r["/zfxxgk/gkzn/index.html"] = site.html(doc("政府信息公开指南", plain_body("公开指南")))
        for n, items in enumerate(GBK_PAGES, start=1):
            lis = "".join(
                li("ndbg/" + _gbk_entry(i, k)[len(GBK_COL) :], t, "2024-02-20")
                for i, t, _, k in items
            )
            reply = site.html(doc("年度报告", f"<ul>{lis}</ul>{_gbk_select(n)}", base))
            r[f"{GBK_COL}{'index' if n == 1 else n}.html"] = reply
            if n == 1:
                r[GBK_COL] = reply
            for ident, title, report, kind in items:
                _gbk_detail(site, r, ident, title, report, kind)
        return r

    items = [it for page in GBK_PAGES for it in page]
    reports = frozenset(_gbk_entry(i, k) for i, _, rep, k in items if rep)
    decoys = frozenset(_gbk_entry(i, k) for i, _, rep, k in items if not rep)
    files = frozenset({_gbk_entry(3001, "pdf"), GBK_COL + "202402/W020240220300501.doc"})
    site = Unseen(
        "gb18030",
        build,
        reports,
        files,
        decoys,
        encoding="gb18030",
        content_type="text/html",
        gzip=True,
    )
    return site


def _gbk_detail(site: Unseen, r: Routes, ident: int, title: str, report: bool, kind: str) -> None:
    path = _gbk_entry(ident, kind)
    if kind == "pdf":
        r[path] = file_reply("pdf", title)
    elif kind == "removed":
        r[path] = site.html(refresh("./"))
    elif kind == "files":
        r[GBK_COL + "202402/W020240220300501.doc"] = file_reply("doc", title)
        link = (
            "<p>附件：<a href='202402/W020240220300501.doc'>XX乡2023年度政府信息公开工作报告</a>"
            "</p>"
        )
        r[path] = site.html(doc(title, f"<h1>{title}</h1><div id='zoom'>{link}</div>"))
    else:
        r[path] = site.html(
            doc(title, report_body(title, title[:6], "2024-02-20") if report else plain_body(title))
        )


# --- 6. "more": the 年报 column reached by a 更多>> link beside a heading; ?currPage= + 末页

MORE_COL = "/channel/2761.html"
MORE_ITEMS = [  # (id, title, report, attachment link text or "")
    (4001, "XX区商务委员会2023年政府信息公开工作年度报告", True, ""),
    (4002, "XX区人民政府2023年法治政府建设年度报告", False, ""),
    (4003, "XX区民政局2023年政府信息公开工作年度报告", True, "附件1：XX区民政局2023年年报.pdf"),
    (4004, "XX区城市管理委员会2023年度政府信息公开工作年度报告", True, ""),
    (4005, "XX区2023年政府信息公开工作年度报告统计表填报说明的通知", False, ""),
    (4006, "XX区体育局2022年政府信息公开工作年度报告", True, ""),
    (4007, "XX区退役军人事务局2022年政府信息公开工作年度报告", True, "下载全文"),
]
MORE_PER = 2


def _more_row(item: tuple[int, str, bool, str]) -> str:
    ident, title, _, _ = item
    return (
        f"<tr><td class='title'><a href='/content/2761/{ident}.html' target='_blank' "
        f"title='{title}'>{title}</a></td><td class='time'>[2024-01-2{ident % 10}]</td></tr>"
    )


def _more_pager(n: int, last: int) -> str:
    def a(i: int, text: str) -> str:
        return f"<a href='{MORE_COL}?currPage={i}'>{text}</a>"

    parts = [
        a(1, "首页"),
        a(max(1, n - 1), "上一页"),
        a(min(last, n + 1), "下一页"),
        a(last, "末页"),
    ]
    return f"<div class='pages'>共{last}页 第{n}页 {' '.join(parts)}</div>"


def _more_box(title: str, more: str, rows: str) -> str:
    return (
        f"<div class='box'><div class='hd'><h3>{title}</h3><a class='more' href='{more}' "
        f"target='_blank'>更多&gt;&gt;</a></div><ul>{rows}</ul></div>"
    )


def more_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        news = li("/content/2750/3900.html", "XX区2024年政府工作报告", "2024-01-10")
        r["/"] = site.html(
            doc("XX区人民政府", "<a href='/channel/zwgk.html'>政务公开</a>" + f"<ul>{news}</ul>")
        )
        r["/content/2750/3900.html"] = site.html(doc("政府工作报告", plain_body("政府工作报告")))
        latest = "".join(
            li(f"/content/2761/{i}.html", t, "2024-01-25") for i, t, rep, _ in MORE_ITEMS[:2]
        )
        notice = li(
            "/content/2755/3950.html",
            "关于做好2023年度政府信息公开工作年度报告编制工作的通知",
            "2023-12-01",
        )
        r["/channel/zwgk.html"] = site.html(
            doc(
                "政务公开",
                (
                    _more_box("通知公告", "/channel/2755.html", notice)
                    + _more_box("政府信息公开年报", MORE_COL, latest)
                    + _more_box("政策解读", "/channel/2756.html", "")
                ),
            )
        )
        r["/content/2755/3950.html"] = site.html(doc("通知", plain_body("年报编制工作的通知")))
        pages = [MORE_ITEMS[i : i + MORE_PER] for i in range(0, len(MORE_ITEMS), MORE_PER)]
        for n, chunk in enumerate(pages, start=1):
            rows = "".join(_more_row(it) for it in chunk)
            reply = site.html(
                doc(
                    "政府信息公开年报",
                    (f"<table class='list'>{rows}</table>{_more_pager(n, len(pages))}"),
                )
            )
            r[f"{MORE_COL}?currPage={n}"] = reply
            if n == 1:
                r[MORE_COL] = reply
        for ident, title, report, link in MORE_ITEMS:
            extra = (
                f"<p><a href='/attach/0/{ident:x}9f8e7d6c5b4a.pdf'>{link}</a></p>" if link else ""
            )
            if link:
                r[f"/attach/0/{ident:x}9f8e7d6c5b4a.pdf"] = file_reply("pdf", title)
            body = (
                report_body(title, title[:6], "2024-01-25", extra) if report else plain_body(title)
            )
            r[f"/content/2761/{ident}.html"] = site.html(doc(title, body))
        return r

    reports = frozenset(f"/content/2761/{i}.html" for i, _, rep, _ in MORE_ITEMS if rep)
    decoys = frozenset(f"/content/2761/{i}.html" for i, _, rep, _ in MORE_ITEMS if not rep) | {
        "/content/2750/3900.html",
        "/content/2755/3950.html",
    }
    files = frozenset(f"/attach/0/{i:x}9f8e7d6c5b4a.pdf" for i, _, _, link in MORE_ITEMS if link)
    site = Unseen("more", build, reports, files, decoys)
    return site


# --- 7. "agencies": year sub-columns whose entries name only the agency (the year is the tab) ----

AG_COL = "/govinfo/annual/"
AG_YEARS = {  # year -> (id, agency, kind): html / pdf
    2023: [
        (5001, "区人民政府", "html"),
        (5002, "区发展改革委", "html"),
        (5003, "区教育局", "html"),
        (5004, "XX街道办事处", "pdf"),
        (5005, "XX镇人民政府", "col"),  # its own list: /govinfo/annual/2023/xxz/
    ],
    2022: [(5101, "区人民政府", "html"), (5102, "区卫生健康委", "html")],
}


def _ag_entry(year: int, ident: int, kind: str) -> str:
    if kind == "col":
        return f"{AG_COL}{year}/xxz/"
    return f"{AG_COL}{year}/P0{ident}.pdf" if kind == "pdf" else f"{AG_COL}{year}/{ident}.html"


AG_TOWN = f"{AG_COL}2023/xxz/202401/t20240126_5006.html"


def _ag_list(year: int) -> str:
    tabs = "".join(f"<li><a href='{AG_COL}{y}/index.html'>{y}年</a></li>" for y in AG_YEARS)
    rows = "".join(
        f"<li><a href='{_ag_entry(year, i, k)}' target='_blank'>{name}</a></li>"
        for i, name, k in AG_YEARS[year]
    )
    return (
        "<div class='side'><a href='/'>区政府</a><a href='/xxgk/'>政府信息公开</a></div>"
        f"<ul class='tabs'>{tabs}</ul><h2>{year}年度</h2><ul class='agencies'>{rows}</ul>"
    )


def agencies_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(doc("XX区人民政府", "<a href='/xxgk/'>政府信息公开</a>"))
        r["/xxgk/"] = site.html(
            doc(
                "政府信息公开",
                (
                    "<ul class='menu'><li><a href='/govinfo/guide/'>政府信息公开指南</a></li>"
                    f"<li><a href='{AG_COL}index.html'>政府信息公开工作年度报告</a></li></ul>"
                ),
            )
        )
        r[f"{AG_COL}index.html"] = site.html(doc("政府信息公开工作年度报告", _ag_list(2023)))
        for year, items in AG_YEARS.items():
            r[f"{AG_COL}{year}/index.html"] = site.html(doc(f"{year}年", _ag_list(year)))
            for ident, name, kind in items:
                title = f"{name}{year}年政府信息公开工作年度报告"
                if kind == "col":
                    rows = li("202401/t20240126_5006.html", title, "2024-01-26")
                    r[_ag_entry(year, ident, kind)] = site.html(doc(name, f"<ul>{rows}</ul>"))
                    r[AG_TOWN] = site.html(doc(title, report_body(title, name, "2024-01-26")))
                    continue
                r[_ag_entry(year, ident, kind)] = (
                    file_reply("pdf", title)
                    if kind == "pdf"
                    else site.html(doc(title, report_body(title, name, f"{year + 1}-01-25")))
                )
        return r

    reports = frozenset(
        _ag_entry(y, i, k) for y, items in AG_YEARS.items() for i, _, k in items if k != "col"
    ) | {AG_TOWN}
    files = frozenset({_ag_entry(2023, 5004, "pdf")})
    site = Unseen("agencies", build, reports, files, frozenset())
    return site


# --- 8. "trs6": the newer TRS pager createPageHTML('page_div', count, current, name, ext, total)
# inside an <iframe> list; titles split over <font>/<span>; 全真版 + 文字版 download links ---------

T6_COL = "/zwgk/zfxxgknb/"
T6_ITEMS = [  # (id, title, report, files: text -> path)
    (7001, "XX市XX区商务局2023年政府信息公开工作年度报告", True, {}),
    (7002, "XX区政府信息公开申请表", False, {}),
    (
        7003,
        "XX区审计局2023年政府信息公开工作年度报告",
        True,
        {"全真版": "/servlet/Download?id=7003a", "文字版": "/servlet/Download?id=7003b"},
    ),
    (7004, "XX区林业局2023年政府信息公开工作年度报告", True, {}),
    (7005, "XX区粮食和物资储备局2023年政府信息公开工作年度报告", True, {}),
    (7006, "XX区2023年度政务公开工作年度报告（政务公开标准化规范化）", True, {}),
    (7007, "XX区信访局2022年政府信息公开工作年度报告", True, {}),
]
T6_PER = 2


def _t6_path(ident: int) -> str:
    return f"{T6_COL}202401/t20240125_{ident}.shtml"


def _t6_row(ident: int, title: str) -> str:
    year = max(title.find("20"), 0)
    return (
        f"<li><span class='date'>2024-01-25</span><a href='../202401/t20240125_{ident}.shtml'"
        f" target='_blank'><font color='#333'>{title[:year]}</font>\n  <span>{title[year:]}"
        "</span></a></li>"
    )


def trs6_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(doc("XX区人民政府", "<a href='/zwgk/'>政务公开</a>"))
        r["/zwgk/"] = site.html(
            doc(
                "政务公开",
                (
                    "<div class='leftnav'><a href='/zwgk/zfxxgkzn/'>政府信息公开指南</a>"
                    f"<a href='{T6_COL}'>政府信息公开年报</a></div>"
                ),
            )
        )
        r[T6_COL] = site.html(
            doc(
                "政府信息公开年报",
                (
                    "<iframe src='list/index.shtml' width='100%' height='800' frameborder='0' "
                    "scrolling='no'></iframe>"
                ),
            )
        )
        pages = [T6_ITEMS[i : i + T6_PER] for i in range(0, len(T6_ITEMS), T6_PER)]
        for n, chunk in enumerate(pages):
            rows = "".join(_t6_row(i, t) for i, t, _, _ in chunk)
            pager = (
                "<div id='page_div'></div><script type='text/javascript'>createPageHTML("
                f"'page_div', {len(pages)}, {n + 1}, 'index', 'shtml', {len(T6_ITEMS)});</script>"
            )
            name = "index.shtml" if n == 0 else f"index_{n}.shtml"
            r[f"{T6_COL}list/{name}"] = site.html(doc("列表", f"<ul>{rows}</ul>{pager}"))
        for ident, title, report, files in T6_ITEMS:
            links = "".join(f"<a href='{p}'>{t}</a> " for t, p in files.items())
            for p in files.values():
                r[p] = file_reply("pdf", title)
            body = (
                report_body(title, title[:5], "2024-01-25", links) if report else plain_body(title)
            )
            r[_t6_path(ident)] = site.html(doc(title, body))
        return r

    reports = frozenset(_t6_path(i) for i, _, rep, _ in T6_ITEMS if rep)
    decoys = frozenset(_t6_path(i) for i, _, rep, _ in T6_ITEMS if not rep)
    files = frozenset(p for *_, f in T6_ITEMS for p in f.values())
    site = Unseen("trs6", build, reports, files, decoys)
    return site


# --- 9. "units": the 政府信息公开 platform lists its units; each unit has its own 年报 column -----

UNITS = {  # unit dir -> (name, [(id, year)])
    "": ("XX区人民政府", [(8001, 2023)]),
    "jyj": ("XX区教育局", [(8101, 2023), (8102, 2022)]),
    "czj": ("XX区财政局", [(8201, 2023)]),
    "xxz": ("XX镇人民政府", [(8301, 2023), (8302, 2022)]),
}


def _unit_root(unit: str) -> str:
    return f"/zfxxgk/{unit}/" if unit else "/zfxxgk/"


def _unit_report(unit: str, ident: int) -> str:
    return f"{_unit_root(unit)}gknb/202401/t20240120_{ident}.html"


def _unit_menu(unit: str) -> str:
    root = _unit_root(unit)
    return (
        f"<ul class='menu'><li><a href='{root}zn/'>政府信息公开指南</a></li>"
        f"<li><a href='{root}zd/'>政府信息公开制度</a></li>"
        f"<li><a href='{root}gknb/'>政府信息公开年报</a></li></ul>"
    )


def units_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(doc("XX区人民政府", "<a href='/zfxxgk/'>政府信息公开</a>"))
        units = "".join(
            f"<li><a href='{_unit_root(u)}'>{name}</a></li>" for u, (name, _) in UNITS.items() if u
        )
        r["/zfxxgk/"] = site.html(
            doc(
                "政府信息公开",
                (
                    f"{_unit_menu('')}<div class='bmxxgk'><h3>部门信息公开</h3>"
                    f"<ul>{units}</ul></div>"
                ),
            )
        )
        for unit, (name, items) in UNITS.items():
            root = _unit_root(unit)
            if unit:
                r[root] = site.html(doc(f"{name}信息公开", f"<h2>{name}</h2>{_unit_menu(unit)}"))
            rows = "".join(
                li(_unit_report(unit, i), f"{name}{y}年政府信息公开工作年度报告", f"{y + 1}-01-20")
                for i, y in items
            )
            r[f"{root}gknb/"] = site.html(
                doc("政府信息公开年报", f"{_unit_menu(unit)}<ul>{rows}</ul>")
            )
            for ident, year in items:
                title = f"{name}{year}年政府信息公开工作年度报告"
                r[_unit_report(unit, ident)] = site.html(doc(title, report_body(title, name, "")))
        return r

    reports = frozenset(_unit_report(u, i) for u, (_, items) in UNITS.items() for i, _ in items)
    site = Unseen("units", build, reports, frozenset(), frozenset())
    return site


# --- 10. "tabs": every year's list on one page behind javascript: tabs; years in Chinese numerals
# or full-width digits, or only in the date; the file shown in a PDF viewer, an <embed> or opened
# by an onclick download('…') -----------------------------------------------------------------

TAB_COL = "/zwgk/ndbg.html"
TAB_ITEMS = [  # (id, title, date, how the detail page shows its file: viewer / embed / onclick)
    (9001, "XX区司法局二〇二三年政府信息公开工作年度报告", "2024-01-22", ""),
    (9002, "XX区人力社保局２０２３年政府信息公开工作年度报告", "2024-01-23", "viewer"),
    (9003, "XX区住房城乡建设委政府信息公开工作年度报告", "2024-01-24", "embed"),
    (9004, "XX区水务局2023年政府信息公开工作年度报告", "2024-01-25", "onclick"),
    (9005, "XX区司法局二〇二二年政府信息公开工作年度报告", "2023-01-20", ""),
]
TAB_YEARS = {"2023": TAB_ITEMS[:4], "2022": TAB_ITEMS[4:]}


def _tab_file(ident: int) -> str:
    return f"/uploadfiles/2024/01/{ident}年报.pdf"


def _tab_show(ident: int, how: str) -> str:
    path = quote(_tab_file(ident))
    if how == "viewer":
        return f"<iframe src='/pdfjs/web/viewer.html?file={quote(path, safe='')}'></iframe>"
    if how == "embed":
        return f"<embed src='{path}' type='application/pdf' width='100%' height='900'>"
    if how == "onclick":
        return f"<a href='javascript:void(0);' onclick=\"downloadFile('{path}')\">点击下载</a>"
    return ""


def tabs_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        menu = (
            "<ul class='left'><li><a href='/zwgk/zn.html'>政府信息公开指南</a></li>"
            f"<li class='on'><a href='{TAB_COL}'>政府信息公开年度报告</a></li></ul>"
        )
        r["/"] = site.html(doc("XX区人民政府", "<a href='/zwgk/'>政务公开</a>"))
        r["/zwgk/"] = site.html(doc("政务公开", menu))
        tabs = "".join(
            f"<a href='javascript:;' onclick=\"showTab('{y}')\">{y}年度</a>" for y in TAB_YEARS
        )
        panes = "".join(
            f"<div class='pane' id='tab{y}' style='display:none'><ul>"
            + "".join(li(f"/zwgk/ndbg/{i}.html", t, d) for i, t, d, _ in items)
            + "</ul></div>"
            for y, items in TAB_YEARS.items()
        )
        r[TAB_COL] = site.html(
            doc("政府信息公开年度报告", f"{menu}<div class='tabs'>{tabs}</div>{panes}")
        )
        for ident, title, date, how in TAB_ITEMS:
            body = report_body(title, title[:6], date, _tab_show(ident, how))
            r[f"/zwgk/ndbg/{ident}.html"] = site.html(doc(title, body))
            if how:
                r[_tab_file(ident)] = file_reply("pdf", title)
        return r

    reports = frozenset(f"/zwgk/ndbg/{i}.html" for i, *_ in TAB_ITEMS)
    files = frozenset(quote(_tab_file(i)) for i, *_, how in TAB_ITEMS if how)
    site = Unseen("tabs", build, reports, files, frozenset({TAB_COL + "#"}))
    return site


# --- 11. "gopage": a 年报专栏 column at /xxgk/nb/; the pager calls javascript:goPage(n), whose
# script builds 'index_' + n + '.html' (page 1 is index.html, the next index_2.html) -----------

GO_COL = "/xxgk/nb/"
GO_ITEMS = [
    (6001, "XX县发展和改革局2023年政府信息公开工作年度报告"),
    (6002, "XX县教育体育局2023年政府信息公开工作年度报告"),
    (6003, "XX县公安局2023年政府信息公开工作年度报告"),
    (6004, "XX县民政局2023年政府信息公开工作年度报告"),
    (6005, "XX县自然资源局2023年政府信息公开工作年度报告"),
]
GO_PER = 2
GO_SCRIPT = (
    "<script type='text/javascript'>var pageCount = {count}; var curPage = {n};\n"
    "function goPage(p) {{ if (p < 1 || p > pageCount) return;\n"
    "  window.location.href = (p == 1) ? 'index.html' : 'index_' + p + '.html'; }}</script>"
)


def _go_pager(n: int, count: int) -> str:
    links = [
        f"<a href='javascript:goPage({i})'>{t}</a>"
        for i, t in ((1, "首页"), (n - 1, "上一页"), (n + 1, "下一页"), (count, "尾页"))
    ]
    return GO_SCRIPT.format(count=count, n=n) + f"<div class='page'>{' '.join(links)}</div>"


def gopage_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(
            doc(
                "XX县人民政府",
                ("<a href='/xxgk/'><i class='icon-gk'></i><span>政务公开</span></a>"),
            )
        )
        r["/xxgk/"] = site.html(
            doc("政务公开", (f"<a href='/xxgk/zn/'>公开指南</a><a href='{GO_COL}'>年报专栏</a>"))
        )
        pages = [GO_ITEMS[i : i + GO_PER] for i in range(0, len(GO_ITEMS), GO_PER)]
        for n, chunk in enumerate(pages, start=1):
            rows = "".join(li(f"./202401/t20240125_{i}.html", t, "2024-01-25") for i, t in chunk)
            body = f"<ul>{rows}</ul>{_go_pager(n, len(pages))}"
            reply = site.html(doc("年报专栏", body))
            r[GO_COL + ("index.html" if n == 1 else f"index_{n}.html")] = reply
            if n == 1:
                r[GO_COL] = reply
        for ident, title in GO_ITEMS:
            r[f"{GO_COL}202401/t20240125_{ident}.html"] = site.html(
                doc(title, report_body(title, title[:6], "2024-01-25"))
            )
        return r

    reports = frozenset(f"{GO_COL}202401/t20240125_{i}.html" for i, _ in GO_ITEMS)
    site = Unseen("gopage", build, reports, frozenset(), frozenset())
    return site


# --- 12. "postform": a JSP list paged by POSTing a hidden pageNo form (toPage(n) submits it) ----

PF_LIST = "/openness/list.jsp?channelId=55"
PF_ITEMS = [
    (101, "XX市交通运输局2023年政府信息公开工作年度报告"),
    (102, "XX市文化和旅游局2023年政府信息公开工作年度报告"),
    (103, "XX市统计局2023年政府信息公开工作年度报告"),
    (104, "XX市2023年统计年报"),
    (105, "XX市林业局2022年政府信息公开工作年度报告"),
]
PF_PER = 2


def _pf_page(site: Unseen, n: int) -> Reply:
    pages = [PF_ITEMS[i : i + PF_PER] for i in range(0, len(PF_ITEMS), PF_PER)]
    rows = "".join(li(f"/openness/detail.jsp?id={i}", t, "2024-01-25") for i, t in pages[n - 1])
    pager = (
        f"<form name='pageForm' id='pageForm' action='{PF_LIST}' method='post'>"
        f"<input type='hidden' name='pageNo' id='pageNo' value='{n}'>"
        "<input type='hidden' name='pageSize' value='2'></form>"
        "<script>function toPage(n){ document.getElementById('pageNo').value = n;"
        " document.pageForm.submit(); }</script>"
        f"<div class='pager'>共{len(pages)}页 当前第{n}页 "
        "<a href='javascript:void(0)' onclick='toPage(1)'>首页</a> "
        f"<a href='javascript:void(0)' onclick='toPage({max(1, n - 1)})'>上一页</a> "
        f"<a href='javascript:void(0)' onclick='toPage({min(len(pages), n + 1)})'>下一页</a> "
        f"<a href='javascript:void(0)' onclick='toPage({len(pages)})'>尾页</a></div>"
    )
    return site.html(doc("政府信息公开年报", f"<ul>{rows}</ul>{pager}"))


def postform_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(doc("XX市人民政府", "<a href='/openness/index.jsp'>政府信息公开</a>"))
        r["/openness/index.jsp"] = site.html(
            doc("政府信息公开", (f"<ul><li><a href='{PF_LIST}'>政府信息公开年报</a></li></ul>"))
        )
        r[PF_LIST] = _pf_page(site, 1)
        for ident, title in PF_ITEMS:
            body = (
                report_body(title, title[:6], "2024-01-25")
                if "工作" in title
                else plain_body(title)
            )
            r[f"/openness/detail.jsp?id={ident}"] = site.html(doc(title, body))
        return r

    def dynamic(method: str, target: str, body: bytes) -> Reply | None:
        if method != "POST" or key(target) != PF_LIST:
            return None
        page = int(parse_qs(body.decode()).get("pageNo", ["1"])[0])
        return _pf_page(site, page) if 1 <= page <= 3 else Reply(404, b"")

    reports = frozenset(f"/openness/detail.jsp?id={i}" for i, t in PF_ITEMS if "工作" in t)
    decoys = frozenset(f"/openness/detail.jsp?id={i}" for i, t in PF_ITEMS if "工作" not in t)
    site = Unseen("postform", build, reports, frozenset(), decoys, dynamic=dynamic)
    return site


# --- 13. "ajax": the column page loads its list as an HTML fragment ($('#list').load(url + n));
# the fragments answer with text/html, one per page ---------------------------------------------

AJ_ITEMS = [
    (301, "XX县卫生健康局2023年政府信息公开工作年度报告"),
    (302, "XX县医疗保障局2023年政府信息公开工作年度报告"),
    (303, "XX县政府信息公开指南（2023年修订）"),
    (304, "XX县市场监管局2023年政府信息公开工作年度报告"),
    (305, "XX县商务局2022年政府信息公开工作年度报告"),
]
AJ_PER = 2


def ajax_site() -> Unseen:
    pages = [AJ_ITEMS[i : i + AJ_PER] for i in range(0, len(AJ_ITEMS), AJ_PER)]

    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(doc("XX县人民政府", "<a href='/zwgk/'>政务公开</a>"))
        r["/zwgk/"] = site.html(doc("政务公开", "<a href='/zwgk/nb/'>政府信息公开年报</a>"))
        script = (
            "<div id='list'></div><div id='pager'></div><script>"
            f"var pageCount = {len(pages)};\nfunction loadList(page) {{\n"
            "  $('#list').load('/common/list.jsp?colId=77&pageNo=' + page);\n"
            "  renderPager('#pager', page, pageCount, loadList);\n}\nloadList(1);</script>"
        )
        r["/zwgk/nb/"] = site.html(doc("政府信息公开年报", script))
        for n, chunk in enumerate(pages, start=1):
            # relative to the page the fragment is loaded into (/zwgk/nb/), as a browser sees it
            rows = "".join(li(f"content_{i}.html", t, "2024-01-25") for i, t in chunk)
            r[f"/common/list.jsp?colId=77&pageNo={n}"] = site.html(f"<ul>{rows}</ul>")
        for ident, title in AJ_ITEMS:
            r[f"/zwgk/nb/content_{ident}.html"] = site.html(
                doc(title, report_body(title, title[:6], "2024-01-25"))
            )
        return r

    reports = frozenset(f"/zwgk/nb/content_{i}.html" for i, t in AJ_ITEMS if "年度报告" in t)
    decoys = frozenset(f"/zwgk/nb/content_{i}.html" for i, t in AJ_ITEMS if "年度报告" not in t)
    site = Unseen("ajax", build, reports, frozenset(), decoys)
    return site


# --- 14. "redirects": the home page is a script redirect, 政务公开 a meta refresh, the 年报
# column a 302 to its index; sub-columns named "2023年度" and plain "2022" ---------------------

RD_COL = "/zwgk/zfxxgknb/index.shtml"
RD_ITEMS = {
    "2023年度": [(401, "XX区教育局"), (402, "XX区财政局")],
    "2022": [(411, "XX区教育局")],
}


def _rd_path(tab: str, ident: int) -> str:
    return f"/zwgk/zfxxgknb/{tab[:4]}/{ident}.html"


def redirects_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(
            "<html><head><script>window.location.href='/portal/index.html';</script></head>"
            "<body></body></html>"
        )
        r["/portal/index.html"] = site.html(doc("XX区人民政府", "<a href='/zwgk/'>政务公开</a>"))
        r["/zwgk/"] = site.html(refresh("/zwgk/index.shtml"))
        r["/zwgk/index.shtml"] = site.html(
            doc("政务公开", "<a href='/zwgk/zfxxgknb/'>政府信息公开年报</a>")
        )
        r["/zwgk/zfxxgknb/"] = Reply(302, b"", headers=(("Location", RD_COL),))
        tabs = "".join(f"<a href='{tab[:4]}/index.shtml'>{tab}</a>" for tab in RD_ITEMS)
        r[RD_COL] = site.html(doc("政府信息公开年报", f"<div class='tabs'>{tabs}</div>"))
        for tab, items in RD_ITEMS.items():
            rows = "".join(li(f"{i}.html", name, "2024-01-25") for i, name in items)
            r[f"/zwgk/zfxxgknb/{tab[:4]}/index.shtml"] = site.html(doc(tab, f"<ul>{rows}</ul>"))
            for ident, name in items:
                title = f"{name}{tab[:4]}年政府信息公开工作年度报告"
                r[_rd_path(tab, ident)] = site.html(doc(title, report_body(title, name, "")))
        return r

    reports = frozenset(_rd_path(tab, i) for tab, items in RD_ITEMS.items() for i, _ in items)
    site = Unseen("redirects", build, reports, frozenset(), frozenset())
    return site


# --- 15. "bilingual": menu items carry English subtitles, icons and arrows ------------------------

BL_ITEMS = [
    (501, "XX市商务局2023年政府信息公开工作年度报告"),
    (502, "XX市外事办公室2023年政府信息公开工作年度报告"),
]


def bilingual_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(
            doc(
                "XX市人民政府",
                (
                    "<ul class='nav'><li><a href='/gov/'><span class='cn'>政务公开</span>"
                    "<span class='en'>GOVERNMENT AFFAIRS</span></a></li><li><a href='/service/'>"
                    "<span class='cn'>政务服务</span><span class='en'>SERVICES</span></a></li></ul>"
                ),
            )
        )
        r["/gov/"] = site.html(
            doc(
                "政务公开",
                (
                    "<div class='menu'><a href='/gov/open/'><img src='/img/icon1.png' alt=''>"
                    "政府信息公开<span class='arrow'>&gt;</span></a><a href='/gov/policy/'>"
                    "<img src='/img/icon2.png' alt=''>政策文件<span class='arrow'>&gt;</span>"
                    "</a></div>"
                ),
            )
        )
        r["/gov/open/"] = site.html(
            doc(
                "政府信息公开",
                (
                    "<ul class='side'><li><a href='/gov/open/guide/'>• 政府信息公开指南 "
                    "<em>Guide</em></a></li><li><a href='/gov/open/annual/'>• 政府信息公开年报 "
                    "<em>Annual Reports</em></a></li></ul>"
                ),
            )
        )
        rows = "".join(li(f"/gov/open/annual/{i}.html", t, "2024-01-25") for i, t in BL_ITEMS)
        r["/gov/open/annual/"] = site.html(doc("年报", f"<ul>{rows}</ul>"))
        for ident, title in BL_ITEMS:
            r[f"/gov/open/annual/{ident}.html"] = site.html(
                doc(title, report_body(title, title[:5], "2024-01-25"))
            )
        return r

    reports = frozenset(f"/gov/open/annual/{i}.html" for i, _ in BL_ITEMS)
    site = Unseen("bilingual", build, reports, frozenset(), frozenset())
    return site


# --- 16. "jsdetail": entries open their detail page through a page function (showDetail('id'))
# and the detail page's file through another (downLoad(fileId)) --------------------------------

JD_ITEMS = [
    ("2c9081f38d01", "XX市应急管理局2023年政府信息公开工作年度报告"),
    ("2c9081f38d02", "XX市应急管理局政府信息公开指南"),
    ("2c9081f38d03", "XX市人防办2023年政府信息公开工作年度报告"),
]
JD_SCRIPT = (
    "<script type='text/javascript'>\nfunction showDetail(id) {\n"
    '  window.open("/xxgk/detail.jsp?id=" + id, "_blank");\n}\n'
    "function downLoad(fileId) { location.href = '/xxgk/file/download.do?fileId=' + fileId; }"
    "\n</script>"
)


def jsdetail_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(doc("XX市人民政府", "<a href='/xxgk/index.jsp'>政府信息公开</a>"))
        r["/xxgk/index.jsp"] = site.html(
            doc("政府信息公开", "<a href='/xxgk/list.jsp?type=nb'>政府信息公开年报</a>")
        )
        rows = "".join(
            f"<tr><td><a href='javascript:void(0)' onclick=\"showDetail('{i}')\">{t}</a></td>"
            "<td>2024-01-25</td></tr>"
            for i, t in JD_ITEMS
        )
        r["/xxgk/list.jsp?type=nb"] = site.html(doc("年报", f"<table>{rows}</table>{JD_SCRIPT}"))
        for ident, title in JD_ITEMS:
            link = f"<a href='javascript:downLoad(\"f{ident}\")'>{title}.pdf</a>"
            body = report_body(title, title[:6], "2024-01-25", f"<p>附件：{link}</p>{JD_SCRIPT}")
            r[f"/xxgk/detail.jsp?id={ident}"] = site.html(doc(title, body))
            r[f"/xxgk/file/download.do?fileId=f{ident}"] = file_reply("pdf", title)
        return r

    reports = frozenset(f"/xxgk/detail.jsp?id={i}" for i, t in JD_ITEMS if "年度报告" in t)
    decoys = frozenset(f"/xxgk/detail.jsp?id={i}" for i, t in JD_ITEMS if "年度报告" not in t)
    files = frozenset(f"/xxgk/file/download.do?fileId=f{i}" for i, t in JD_ITEMS if "年度报告" in t)
    site = Unseen("jsdetail", build, reports, files, decoys)
    return site


# --- 17. "ztree": the 信息公开目录 is a zTree drawn from an inline zNodes array ------------------

ZT_ITEMS = [
    (601, "XX县农业农村局2023年政府信息公开工作年度报告"),
    (602, "XX县人社局2023年政府信息公开工作年度报告"),
]
ZT_NODES = (
    "var zNodes = [\n"
    '  { id: 1, pId: 0, name: "政府信息公开指南", url: "/xxgk/zn/", target: "_self" },\n'
    '  { id: 2, pId: 0, name: "法定主动公开内容", open: true },\n'
    '  { id: 21, pId: 2, name: "机构职能", url: "/xxgk/jgzn/", target: "_self" },\n'
    '  { id: 3, pId: 0, name: "政府信息公开年报", url: "/xxgk/catalog/1203.html" }\n'
    "];\n$(document).ready(function () { $.fn.zTree.init($('#tree'), setting, zNodes); });"
)


def ztree_site() -> Unseen:
    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(doc("XX县人民政府", "<a href='/xxgk/'>信息公开</a>"))
        r["/xxgk/"] = site.html(
            doc("信息公开目录", f"<ul id='tree' class='ztree'></ul><script>{ZT_NODES}</script>")
        )
        rows = "".join(li(f"/xxgk/content/{i}.html", t, "2024-01-25") for i, t in ZT_ITEMS)
        r["/xxgk/catalog/1203.html"] = site.html(doc("政府信息公开年报", f"<ul>{rows}</ul>"))
        for ident, title in ZT_ITEMS:
            r[f"/xxgk/content/{ident}.html"] = site.html(
                doc(title, report_body(title, title[:6], "2024-01-25"))
            )
        return r

    reports = frozenset(f"/xxgk/content/{i}.html" for i, _ in ZT_ITEMS)
    site = Unseen("ztree", build, reports, frozenset(), frozenset())
    return site


# --- 18. "totalpage": only a 下一页 link and `var totalPage = 4`; page 1 is index.htm, then
# index_1.htm … index_3.htm (the suffix counts from 0, as TRS does) --------------------------

TP_COL = "/zwgk/gknb/"
TP_ITEMS = [
    (700 + i, f"XX区{name}2023年政府信息公开工作年度报告")
    for i, name in enumerate(
        (
            "教育委员会",
            "科学技术和信息化局",
            "民族宗教事务办公室",
            "公安分局",
            "民政局",
            "司法局",
            "财政局",
        )
    )
]
TP_PER = 2


def totalpage_site() -> Unseen:
    pages = [TP_ITEMS[i : i + TP_PER] for i in range(0, len(TP_ITEMS), TP_PER)]

    def name(n: int) -> str:  # n counts from 0
        return "index.htm" if n == 0 else f"index_{n}.htm"

    def build(host: str) -> Routes:
        r: Routes = {}
        r["/"] = site.html(doc("XX区人民政府", "<a href='/zwgk/'>政务公开</a>"))
        r["/zwgk/"] = site.html(doc("政务公开", f"<a href='{TP_COL}'>年报</a>"))
        for n, chunk in enumerate(pages):
            rows = "".join(li(f"./t20240125_{i}.htm", t, "2024-01-25") for i, t in chunk)
            nxt = f"<a href='{name(n + 1)}'>下一页</a>" if n + 1 < len(pages) else ""
            pager = f"<script>var totalPage = {len(pages)}; var curPage = {n + 1};</script>{nxt}"
            reply = site.html(doc("年报", f"<ul>{rows}</ul>{pager}"))
            r[TP_COL + name(n)] = reply
            if n == 0:
                r[TP_COL] = reply
        for ident, title in TP_ITEMS:
            r[f"{TP_COL}t20240125_{ident}.htm"] = site.html(
                doc(title, report_body(title, title[:6], "2024-01-25"))
            )
        return r

    reports = frozenset(f"{TP_COL}t20240125_{i}.htm" for i, _ in TP_ITEMS)
    site = Unseen("totalpage", build, reports, frozenset(), frozenset())
    return site


def unseen_sites() -> list[Unseen]:
    return [
        menu_site(),
        hanweb_col_site(),
        jsp_site(),
        gb2312_site(),
        gb18030_site(),
        more_site(),
        agencies_site(),
        trs6_site(),
        units_site(),
        tabs_site(),
        gopage_site(),
        postform_site(),
        ajax_site(),
        redirects_site(),
        bilingual_site(),
        jsdetail_site(),
        ztree_site(),
        totalpage_site(),
    ]
