"""Crawler pieces without a network: sources, report titles, discovery, pagers, WARC, policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse, Request

from crawler.capture import Validators
from crawler.discovery import classify, discover, same_site, subcolumns
from crawler.families import detect_family, generic, trs
from crawler.incremental import IncrementalPolicy, WarcHistory
from crawler.reports import (
    attachment_links,
    is_report_title,
    report_agency,
    report_entries,
    report_year,
)
from crawler.responses import as_text, gone_reason, is_parent
from crawler.sources import SourcesError, load_sources, parse_source_option, parse_sources
from crawler.warc import RunWarcWriter, read_record, read_response

# --- sources -------------------------------------------------------------------------------


def test_minimal_source_needs_only_name_and_url() -> None:
    [source] = parse_sources('[[source]]\nname = "x"\nurl = "http://a.gov.cn/"\n')
    assert (source.family, source.render, source.robots) == ("auto", "auto", True)


def test_every_key_is_read() -> None:
    text = """[[source]]
name = "x"
url = "http://a.gov.cn/"
region = "北京市"
level = "county"
family = "trs"
render = "never"
robots = false
"""
    [source] = parse_sources(text)
    assert (source.region, source.level, source.family, source.render, source.robots) == (
        "北京市",
        "county",
        "trs",
        "never",
        False,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[source]]\nname = "x"\n', "missing required key 'url'"),
        ('[[source]]\nname = "x"\nurl = "ftp://a"\n', "http(s) URL"),
        ('[[source]]\nname = "x"\nurl = "http://a/"\nfamily = "cms"\n', "'family' must be one of"),
        ('[[source]]\nname = "x"\nurl = "http://a/"\ncolour = 1\n', "unknown key(s) colour"),
        ('[[source]]\nname = "x"\nurl = "http://a/"\nrobots = "no"\n', "true or false"),
        ("[[source]\nname = 1", "not valid TOML"),
        ("title = 'x'\n", "no [[source]] tables"),
        ('[[source]]\nname="x"\nurl="http://a/"\n[[source]]\nname="x"\nurl="http://b/"\n', "dup"),
    ],
)
def test_bad_sources_say_where_and_why(text: str, message: str) -> None:
    with pytest.raises(SourcesError, match=r"sources\.toml") as info:
        parse_sources(text, "sources.toml")
    assert message in str(info.value)


def test_bad_entry_is_named_by_position(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[[source]]\nname="a"\nurl="http://a/"\n[[source]]\nname="b"\n', "utf-8")
    with pytest.raises(SourcesError, match=r"s\.toml: \[\[source\]\] #2: missing"):
        load_sources(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="cannot read sources file"):
        load_sources(tmp_path / "nope.toml")


def test_source_option() -> None:
    assert parse_source_option("x=http://a.gov.cn/").url == "http://a.gov.cn/"
    with pytest.raises(SourcesError, match="NAME=URL"):
        parse_source_option("http://a.gov.cn/")


def test_example_sources_file_loads() -> None:
    assert len(load_sources(Path(__file__).parent.parent / "sources.example.toml")) >= 2


# --- report titles -----------------------------------------------------------------------------

REPORTS = [
    (
        "北京市丰台区人民政府花乡街道办事处2023年政府信息公开工作年度报告",
        "北京市丰台区人民政府花乡街道办事处",
        2023,
    ),
    ("郏县龙山街道办事处 2023 年政府信息公开工作年度 报告", "郏县龙山街道办事处", 2023),
    ("2022年度政府信息公开年报（区财政局）", "区财政局", 2022),
    ("关于2019年政府信息公开工作年度报告", None, 2019),
]
NOT_REPORTS = [
    "政府信息公开指南",
    "关于报送2023年度政府信息公开工作年度报告的通知",
    "2023年政务公开工作要点",
    "政府信息公开年报",  # the column's own name: no year
    "2023年统计年报表",
]


@pytest.mark.parametrize(("title", "agency", "year"), REPORTS)
def test_report_titles(title: str, agency: str | None, year: int) -> None:
    assert is_report_title(title)
    assert report_agency(title) == agency
    assert report_year(title) == year


@pytest.mark.parametrize("title", NOT_REPORTS)
def test_not_report_titles(title: str) -> None:
    assert not is_report_title(title)


def test_report_entries_use_the_title_attribute_and_row_date() -> None:
    html = (
        '<ul><li><a href="t1.html" title="区教育局2023年政府信息公开工作年度报告">'
        "区教育局2023年…</a>"
        "<span>2024-01-25</span></li><li><a href='zn.html'>政府信息公开指南</a></li></ul>"
    )
    [entry] = report_entries(Selector(text=html), "http://a.gov.cn/nb/")
    assert entry.url == "http://a.gov.cn/nb/t1.html"
    assert (entry.agency, entry.date) == ("区教育局", "2024-01-25")


def test_attachments_by_extension_and_by_text() -> None:
    html = (
        '<a href="P1.pdf">全文</a><a href="/down.jsp?id=3">附件：年报全文</a>'
        '<a href="a.docx">x</a><a href="b.wps">y</a><a href="c.ofd">z</a><a href="d.xlsx">w</a>'
        '<a href="other.html">附件说明</a><a href="/news/">新闻</a>'
    )
    links = [u for u, _t in attachment_links(Selector(text=html), "http://a.gov.cn/x/")]
    assert links == [
        "http://a.gov.cn/x/P1.pdf",
        "http://a.gov.cn/down.jsp?id=3",
        "http://a.gov.cn/x/a.docx",
        "http://a.gov.cn/x/b.wps",
        "http://a.gov.cn/x/c.ofd",
        "http://a.gov.cn/x/d.xlsx",
    ]


# --- discovery -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "text", "role"),
    [
        ("http://a.gov.cn/zwgk/", "政务公开", "section"),
        ("http://a.gov.cn/xxgk/index.html", "信息公开", "section"),
        ("http://a.gov.cn/zwgk/zfxxgknb/", "政府信息公开年报", "column"),
        ("http://a.gov.cn/col/col12/index.html", "政府信息公开年度报告", "column"),
        ("http://a.gov.cn/zwgk/ndbg/index.shtml", "更多", "column"),
        ("http://a.gov.cn/zwgk/zn/", "政府信息公开指南", None),
        ("http://a.gov.cn/zwgk/t20240101_1.html", "2023年政府信息公开工作年度报告", None),
        ("http://a.gov.cn/news/", "新闻中心", None),
    ],
)
def test_link_roles(url: str, text: str, role: str | None) -> None:
    assert classify(url, text) == role


def test_discover_stays_on_site_and_puts_columns_first() -> None:
    html = (
        '<a href="/zwgk/">政务公开</a><a href="http://other.gov.cn/xxgknb/">信息公开年报</a>'
        '<a href="http://www.a.gov.cn/zwgk/xxgknb/">信息公开年报</a>'
    )
    links = discover(Selector(text=html), "http://a.gov.cn/")
    assert [(link.url, link.role) for link in links] == [
        ("http://www.a.gov.cn/zwgk/xxgknb/", "column"),
        ("http://a.gov.cn/zwgk/", "section"),
    ]
    assert same_site("http://www.a.gov.cn/", "http://zwgk.a.gov.cn/x")


def test_subcolumns_by_year_under_the_column() -> None:
    html = (
        '<a href="2023/">2023年</a><a href="/news/2023/">2023年</a><a href="bm/">部门年报</a>'
        '<a href="/col/col99/index.html">2022年度</a><a href="/col/col98/index.html">通知公告</a>'
    )
    found = subcolumns(Selector(text=html), "http://a.gov.cn/nb/", "http://a.gov.cn/nb/")
    assert [link.url for link in found] == [
        "http://a.gov.cn/nb/2023/",
        "http://a.gov.cn/nb/bm/",
        "http://a.gov.cn/col/col99/index.html",
    ]


# --- families ------------------------------------------------------------------------------


def response(url: str, body: str, **kwargs: object) -> HtmlResponse:
    return HtmlResponse(
        url=url, body=body.encode("utf-8"), encoding="utf-8", request=Request(url), **kwargs
    )  # type: ignore[arg-type]


def test_trs_pager_with_literal_and_variable_arguments() -> None:
    assert trs.pager('createPageHTML(3, 0, "index", "html");') == (3, 0, "index", "html")
    text = (
        "var countPage = 4; var currentPage = 1;"
        'createPageHTML(countPage, currentPage,"index","shtml");'
    )
    assert trs.pager(text) == (4, 1, "index", "shtml")
    assert (
        trs.pager("function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}")
        is None
    )
    assert trs.page_urls("http://a.gov.cn/nb/index_2.html", 3, "index", "html") == [
        "http://a.gov.cn/nb/index.html",
        "http://a.gov.cn/nb/index_1.html",
        "http://a.gov.cn/nb/index_2.html",
    ]


def test_detection_by_markers() -> None:
    assert (
        detect_family(
            response("http://a/nb/", "<script>createPageHTML(2,0,'index','html')</script>")
        )
        == "trs"
    )
    assert (
        detect_family(
            response("http://a/col/col1/index.html", "url:'/module/web/jpage/dataproxy.jsp'")
        )
        == "hanweb"
    )
    assert detect_family(response("http://a/gkmlpt/index", "<div id=app></div>")) == "gkmlpt"
    assert detect_family(response("http://a/list.htm", "<a href='?page=2'>下一页</a>")) == "generic"


def test_generic_pager_fills_the_range_to_the_last_page() -> None:
    html = '<a href="list.htm?page=2">下一页</a><a href="list.htm?page=7">尾页</a>'
    pages = [p.url for p in generic.parse(response("http://a/x/list.htm?page=1", html))]
    assert pages == [f"http://a/x/list.htm?page={n}" for n in (2, 7, 3, 4, 5, 6)]


def test_generic_pager_column_index_with_count_variable() -> None:
    html = '<a href="column-index-2.shtml">2</a><script>var countPage = 4;</script>'
    pages = {p.url for p in generic.parse(response("http://a/nb/index.shtml", html))}
    assert pages == {f"http://a/nb/column-index-{n}.shtml" for n in (2, 3, 4)}


# --- responses -----------------------------------------------------------------------------


def test_gbk_without_any_charset_is_decoded() -> None:
    body = "<html><body><a href='a.htm'>市民政局2023年政府信息公开工作年度报告</a></body></html>"
    raw = HtmlResponse(
        url="http://a/", body=body.encode("gbk"), headers={"Content-Type": "text/html"}
    )
    assert "市民政局" in as_text(raw).text


def test_meta_refresh_to_the_parent_is_a_removal() -> None:
    body = b'<meta http-equiv="refresh" content="0;url=../">'
    gone = HtmlResponse(url="http://a/nb/202401/t1.html", body=body, status=200)
    assert gone_reason(gone) == "meta refresh to http://a/nb/"
    assert gone_reason(HtmlResponse(url="http://a/x", body=b"", status=410)) == "HTTP 410"
    assert gone_reason(HtmlResponse(url="http://a/x", body=b"<p>ok</p>", status=200)) is None
    assert not is_parent("http://b/nb/", "http://a/nb/x.html")


# --- WARC and incremental policy --------------------------------------------------------------


def test_warc_round_trip_and_history(tmp_path: Path) -> None:
    writer = RunWarcWriter(tmp_path, run_id="r1")
    body = "年报".encode("gbk") + bytes(range(256))
    at = writer.write(
        "s",
        url="http://a/x.pdf",
        method="GET",
        request_headers=[("User-Agent", "nianbao")],
        request_body=b"",
        status=200,
        reason="OK",
        headers=[("Content-Type", "application/pdf"), ("Content-Encoding", "gzip")],
        body=body,
        index={
            "kind": "attachment",
            "source": "s",
            "etag": '"e1"',
            "last_modified": None,
            "sha256": None,
            "fetched_at": datetime.now(UTC).isoformat(),
            "listing": None,
        },
    )
    writer.close()
    assert read_record(at.file, at.offset) == body
    stored = read_response(at.file, at.offset)
    assert ("Content-Encoding", "gzip") not in stored.headers  # the body is stored decoded
    history = WarcHistory.load(tmp_path)
    assert history.validators("http://a/x.pdf") == Validators(
        '"e1"', None, None, history.pages["http://a/x.pdf"].fetched_at, at.file, at.offset
    )
    policy = IncrementalPolicy(history, revisit=timedelta(days=7))
    assert policy.conditional_headers("http://a/x.pdf#frag") == {"If-None-Match": '"e1"'}
    assert not policy.due("http://a/x.pdf", "attachment")
    assert policy.due("http://a/x.pdf", "list")
    assert policy.due("http://a/new.pdf", "attachment")
    assert policy.stored("http://a/x.pdf").body == body  # type: ignore[union-attr]


def test_one_link_rows_name_the_report_in_another_cell() -> None:
    html = (
        "<table><tr><td><a href='a.html'>区财政局</a></td><td>2023年政府信息公开工作年度报告</td>"
        "<td>2024-01-20</td></tr><tr><td><a href='b.html'>区财政局</a></td><td>办事指南</td></tr>"
        "<tr><td><a href='c.html' title='关于报送2023年度政府信息公开工作年度报告的通知'>"
        "关于报送2023年度政府信息公开工作年度报…</a></td></tr></table>"
    )
    [entry] = report_entries(Selector(text=html), "http://a/")
    assert (entry.url, entry.agency, entry.date) == ("http://a/a.html", "区财政局", "2024-01-20")


@pytest.mark.parametrize("text", ["政府信息公开专栏", "区政府信息公开平台", "政务公开"])
def test_section_words(text: str) -> None:
    assert classify("http://a.gov.cn/x/", text) == "section"


def test_json_api_pages_and_records() -> None:
    from crawler.families import jsonapi

    script = 'var countPage = 3; $.get("/search/api?channelid=8&page=" + n)'
    assert [p.url for p in jsonapi.api_pages(script, "http://a/nb/", 3)] == [
        f"http://a/search/api?channelid=8&page={n}" for n in (1, 2, 3)
    ]
    literal = "fetch('/trs/search.json?pageNo=1&size=10')"
    assert (
        jsonapi.api_template(literal, "http://a/") == "http://a/trs/search.json?pageNo={n}&size=10"
    )
    data = {
        "data": {
            "totalPage": 2,
            "list": [
                {
                    "DOCTITLE": "<em>区水务局</em>2023年政府信息公开工作年度报告",
                    "DOCPUBURL": "/x/t1.html",
                    "DOCRELTIME": "2024-01-22 10:00:00",
                },
                {"DOCTITLE": "政府信息公开指南", "DOCPUBURL": "/x/t2.html"},
            ],
        }
    }
    [entry] = jsonapi.entries(data, "http://a/")
    assert (entry.url, entry.agency, entry.date) == ("http://a/x/t1.html", "区水务局", "2024-01-22")
    pages = list(jsonapi._more_pages(data, "http://a/search/api?page=1"))
    assert [p.url for p in pages] == ["http://a/search/api?page=2"]


def test_list_apis_mounted_under_a_path() -> None:
    from crawler.families import gkmlpt, hanweb

    assert gkmlpt.api_url("http://a/gd/gkmlpt/index", "2921", 2, "s1") == (
        "http://a/gd/gkmlpt/api/all/2921?page=2&sid=s1"
    )
    page = response(
        "http://a/gd/col/col5/index.html",
        "<script>var p = {url:'/gd/module/jpage/dataproxy.jsp', webid: 3, columnid: 5}</script>",
    )
    [request] = [i for i in hanweb.parse(page) if not hasattr(i, "title")]
    assert request.url.startswith("http://a/gd/module/jpage/dataproxy.jsp?startrecord=1")


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("2023年度区教育局政府信息公开工作年度报告", "区教育局"),
        ("2023年政府信息公开工作年度报告", None),
        ("2023年度政务公开年报", None),
        ("[区教育局] 2023年度政府信息公开工作年度报告", "区教育局"),
    ],
)
def test_agency_after_the_year_or_in_brackets(title: str, agency: str | None) -> None:
    assert report_agency(title) == agency


def test_base_href_and_pdf_viewer_links() -> None:
    html = (
        '<base href="http://b/up/"><a href="/pdfjs/web/viewer.html?file=/upload/a.pdf">全文</a>'
        '<a href="c.docx">附件</a>'
    )
    links = [u for u, _t in attachment_links(Selector(text=html), "http://a/x/")]
    assert links == ["http://b/upload/a.pdf", "http://b/up/c.docx"]


def test_enterprise_annual_report_notices_are_not_reports() -> None:
    assert not is_report_title("关于开展2023年度企业年报公示的公告")


def test_a_304_is_replayed_from_the_location_the_archive_knows(tmp_path: Path) -> None:
    writer = RunWarcWriter(tmp_path / "elsewhere", run_id="r0")
    at = writer.write(
        "s",
        url="http://a/nb/",
        method="GET",
        request_headers=[],
        request_body=b"",
        status=200,
        reason="OK",
        headers=[("ETag", '"v1"')],
        body=b"<p>list</p>",
        index={},
    )
    writer.close()

    class Archive:
        def validators(self, url: str) -> Validators | None:
            return Validators('"v1"', None, None, None, at.file, at.offset)

    policy = IncrementalPolicy(WarcHistory.load(tmp_path / "empty"), Archive())
    assert policy.conditional_headers("http://a/nb/") == {"If-None-Match": '"v1"'}
    assert policy.stored("http://a/nb/").body == b"<p>list</p>"  # type: ignore[union-attr]


def test_attachments_named_in_scripts() -> None:
    from crawler.reports import script_attachments

    html = (
        '<script>var DETAIL = {"attachment": [{"name": "年报.pdf", '
        '"url": "http:\\/\\/a.gov.cn\\/att\\/P1.pdf"}], "lib": "/js/pdf.js", "d": "/x/2.docx"}'
        "</script>"
    )
    found = script_attachments(Selector(text=html), "http://a.gov.cn/gkmlpt/content/1.html")
    assert found == ["http://a.gov.cn/att/P1.pdf", "http://a.gov.cn/x/2.docx"]
