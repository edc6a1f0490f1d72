"""The HTML reader on small hand-written pages: grids, charsets, chrome, hints (parsers.html)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.chrome import is_chrome_line
from parsers.errors import EmptyDocumentError, NotAReportError
from parsers.html import read_html
from parsers.model import Document

PROSE = "2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，政务公开工作稳步推进。"

SPANS_PAGE = f"""<html><head><meta charset="utf-8"><title>年报</title></head><body>
<div class="TRS_Editor"><p>一、总体情况</p><p>{PROSE}</p>
<table border="1">
<tr><td rowspan="2" colspan="2">项目</td><td colspan="3">申请人情况</td></tr>
<tr><td>自然人</td><td>商业<br>企业</td><td>总计</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>1</td><td>1</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>2</td><td>&nbsp;</td><td>2</td></tr>
</table><p>五、存在的主要问题及改进情况</p></div></body></html>
"""

CHROME_PAGE = f"""<html><head><meta charset="utf-8"></head><body>
<div class="header">首页 | 无障碍 | 长者模式</div>
<div>当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="info">发布时间：2024-01-25 来源：区政务服务局 浏览次数：<span>1024</span></div>
<div class="share">【打印本页】 【关闭窗口】 分享到：</div>
<div id="zoom"><p>依据《中华人民共和国政府信息公开条例》第五十条规定，编制本报告。</p>
<p>一、总体情况</p><p>{PROSE}</p><p>二、主动公开政府信息情况</p><p>六、其他需要报告的事项</p>
<p>本机关发出收费通知的件数和总金额以及实际收取的总金额均为0。</p></div>
<div class="footer"><p>主办：北京市某区人民政府办公室 承办：区政务服务数据管理局</p>
<p>京ICP备05060933号 京公网安备11010102000002号 网站标识码：1101010001</p>
<p>扫一扫在手机上打开页面</p><p>您访问的链接即将离开“某区政府”门户网站 是否继续？</p>
<p>继续访问 放弃</p></div></body></html>
"""

META_PAGE = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="北京市丰台区人民政府"><meta name="ColumnName" content="年报">
<meta name="ArticleTitle" content="北京市丰台区2023年政府信息公开工作年度报告">
<meta name="PubDate" content="2024-01-30 09:12"><meta name="ContentSource" content="丰台区政府办">
<title>丰台区2023年年报_北京市丰台区人民政府</title></head><body>
<table class="xxgk"><tr><td>索引号：</td><td>000014348/2024-00012</td>
<td>发布机构：</td><td>北京市丰台区人民政府办公室</td></tr>
<tr><td>发布日期：</td><td>2024年01月29日</td><td>分类：</td><td>年报</td></tr></table>
<div class="TRS_Editor"><p>{PROSE}</p></div></body></html>
"""


def _read(page: str, encoding: str = "utf-8") -> Document:
    return read_html(page.encode(encoding), "http://www.example.gov.cn/t20240130_1.html")


@pytest.fixture(scope="module")
def spans_doc() -> Document:
    return _read(SPANS_PAGE)


@pytest.fixture(scope="module")
def chrome_doc() -> Document:
    return _read(CHROME_PAGE)


def test_rowspan_colspan_grid_is_exact(spans_doc: Document) -> None:
    assert spans_doc.tables[0].rows == (
        ("项目", "项目", "申请人情况", "申请人情况", "申请人情况"),
        ("项目", "项目", "自然人", "商业企业", "总计"),
        ("（三）不予公开", "1.属于国家秘密", "0", "1", "1"),
        ("（三）不予公开", "2.其他法律行政法规禁止公开", "2", "", "2"),
    )


def test_table_numbers_stay_out_of_text(spans_doc: Document) -> None:
    assert "1.属于国家秘密" not in spans_doc.text


def test_text_keeps_prose_one_paragraph_a_line(spans_doc: Document) -> None:
    assert spans_doc.text.splitlines()[:2] == ["一、总体情况", PROSE]


def test_labels_broken_by_markup_are_joined() -> None:
    page = (
        "<table><tr><td>法律服<span>务</span>机构</td><td><p>商业</p><p>企业</p></td>"
        "<td>科&nbsp;&nbsp;研&nbsp;机构</td><td>结 果 维 持</td><td><span>1</span>2</td>"
        "<td>2023 年</td></tr></table>"
    )
    assert read_html(page.encode(), "t").tables[0].rows == (
        ("法律服务机构", "商业企业", "科研机构", "结果维持", "12", "2023 年"),
    )


def test_nested_table_is_its_own_grid() -> None:
    page = (
        "<table><tr><td>外层</td><td><table><tr><td>自然人</td><td>3</td></tr></table></td></tr>"
        "</table>"
    )
    grids = read_html(page.encode(), "t").tables
    assert [grid.rows for grid in grids] == [(("外层", ""),), (("自然人", "3"),)]


def test_rowspan_beyond_table_end_is_clamped() -> None:
    page = "<table><tr><td rowspan='40'>a</td><td colspan='x'>b</td></tr>"
    page += "<tr><td>c</td></tr></table>"
    assert read_html(page.encode(), "t").tables[0].rows == (("a", "b"), ("a", "c"))


def test_gbk_page_without_charset() -> None:
    page = "<html><body><div class='TRS_Editor'><p>一、总体情况</p><p>{}</p></div></body></html>"
    document = _read(page.format(PROSE), encoding="gbk")
    assert PROSE in document.text


def test_gb2312_declared_page_with_gbk_only_character() -> None:
    # 镕 is outside GB2312; pages that declare gb2312 still use it (read as GB18030).
    page = "<html><head><meta charset='gb2312'></head><body><p>朱镕基同志。{}</p></body></html>"
    assert "朱镕基" in _read(page.format(PROSE), encoding="gb18030").text


@pytest.mark.parametrize(
    "phrase",
    [
        "ICP备",
        "公网安备",
        "网站标识码",
        "扫一扫",
        "即将离开",
        "浏览次数",
        "打印",
        "关闭窗口",
        "主办",
        "承办",
        "当前位置",
        "继续访问",
        "长者模式",
    ],
)
def test_chrome_never_reaches_text(chrome_doc: Document, phrase: str) -> None:
    assert phrase not in chrome_doc.text


def test_chrome_page_keeps_report_text(chrome_doc: Document) -> None:
    assert chrome_doc.text.splitlines() == [
        "依据《中华人民共和国政府信息公开条例》第五十条规定，编制本报告。",
        "一、总体情况",
        PROSE,
        "二、主动公开政府信息情况",
        "六、其他需要报告的事项",
        "本机关发出收费通知的件数和总金额以及实际收取的总金额均为0。",
    ]


@pytest.mark.parametrize(
    "line",
    ["全年开展适老化和无障碍改造，网站访问量大幅提升，群众满意度持续提高。", "（四）政府信息管理"],
)
def test_report_prose_is_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


def test_meta_hints() -> None:
    document = _read(META_PAGE)
    assert (document.title_hint, document.agency_hint, document.published_hint) == (
        "北京市丰台区2023年政府信息公开工作年度报告",
        "丰台区政府办",
        "2024-01-30",
    )


def test_metadata_table_hints_when_no_meta() -> None:
    page = META_PAGE.split('<meta name="SiteName"')[0] + "<title>x</title></head><body>"
    page += META_PAGE.split("<body>")[1]
    document = _read(page)
    assert (document.agency_hint, document.published_hint) == (
        "北京市丰台区人民政府办公室",
        "2024-01-29",
    )


def test_title_tag_loses_site_suffix() -> None:
    page = "<html><head><title>丰台区2023年政府信息公开年报_北京市丰台区人民政府</title></head>"
    page += f"<body><p>{PROSE}</p></body></html>"
    assert _read(page).title_hint == "丰台区2023年政府信息公开年报"


def test_page_date_line_is_a_published_hint(chrome_doc: Document) -> None:
    assert chrome_doc.published_hint == "2024-01-25"


def test_meta_refresh_stub_is_not_a_report() -> None:
    page = "<html><head><meta http-equiv='Refresh' content='0;url=../'></head><body></body></html>"
    with pytest.raises(NotAReportError, match="redirect"):
        _read(page)


def test_page_without_text_or_tables() -> None:
    with pytest.raises(EmptyDocumentError):
        _read("<html><head><title></title></head><body><script>var a=1;</script></body></html>")


def test_fallback_to_content_block_when_extraction_is_thin() -> None:
    paragraphs = "".join(f"<p>（{n}）{PROSE}</p>" for n in range(8))
    page = f"<html><body><div class='Custom_UnionStyle'>{paragraphs}</div></body></html>"
    assert _read(page).text.count(PROSE) == 8


def test_layout_table_prose_stays_in_text() -> None:
    page = (
        "<html><body><table width='100%'><tr><td>"
        f"<p>一、总体情况</p><p>{PROSE}</p>"
        "<table border='1'><tr><td>自然人</td><td>总计</td></tr>"
        "<tr><td>3</td><td>3</td></tr></table>"
        f"<p>五、存在的主要问题及改进情况</p><p>{PROSE.replace('2023', '2024')}</p>"
        "</td></tr></table></body></html>"
    )
    document = _read(page)
    assert PROSE in document.text and "自然人" not in document.text


RENDERED_PAGES = sorted(
    (Path(__file__).resolve().parent / "fixtures" / "renderings").glob("*.html")
)
CHROME_PHRASES = ("ICP备", "公网安备", "网站标识码", "扫一扫", "即将离开", "浏览次数", "打印本页")


@pytest.mark.skipif(not RENDERED_PAGES, reason="no HTML renderings in tests/fixtures/renderings")
@pytest.mark.parametrize("path", RENDERED_PAGES, ids=lambda path: path.name)
def test_rendered_pages_text_has_no_chrome(path: Path) -> None:
    text = read_html(path.read_bytes(), path.name).text
    assert [phrase for phrase in CHROME_PHRASES if phrase in text] == []


def test_layout_table_with_menu_cells_keeps_its_article() -> None:
    menu = "".join(f"<tr><td>栏目{n}</td></tr>" for n in range(6))
    article = "".join(f"<p>（{n}）{PROSE}</p>" for n in range(4))
    page = f"<html><body><table>{menu}<tr><td>{article}</td></tr></table></body></html>"
    assert _read(page).text.count(PROSE) == 4


def test_hanweb_article_content_block_and_hidden_junk() -> None:
    paragraphs = "".join(f"<p>（{n}）{PROSE}</p>" for n in range(6))
    page = (
        "<html><body><div class='nav'>首页 政务公开 信息公开年报 政策文件 互动交流</div>"
        f"<div class='article-content'>{paragraphs}"
        "<div style='display: none'>隐藏的模板文字不属于报告</div></div></body></html>"
    )
    text = _read(page).text
    assert text.count(PROSE) == 6 and "隐藏" not in text


def test_hidden_table_copy_is_no_grid() -> None:
    table = "<table><tr><td>自然人</td><td>3</td></tr></table>"
    page = f"<html><body>{table}<div style='DISPLAY: none'>{table}</div></body></html>"
    assert len(_read(page).tables) == 1
