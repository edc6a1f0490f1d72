"""Page chrome that text extraction lets through: lines to drop from a page's main text.

Real portals vary, so these are phrases, not positions: ICP 备案号, 公网安备, 网站标识码,
扫一扫在手机上打开页面, 您访问的链接即将离开…, view counters, 打印/关闭/分享 bars, 主办/承办 lines,
breadcrumbs and the article's own 发布时间/来源 line. Only short lines are judged, so report
prose that happens to quote one of these words is kept.
"""

from __future__ import annotations

import re

_MAX_CHROME_LEN = 160  # characters; a longer line is prose, whatever it mentions
_ANYWHERE = re.compile(
    r"ICP\s*备|ICP\s*证|公网安备|网站标识码|网站识别码|扫一扫.{0,8}(打开|分享|阅读)|"
    r"手机上打开|即将离开|离开本站|版权所有|Copyright|©|技术支持\s*[:：]|"
    r"当前位置\s*[:：]|您现在的位置|分享到\s*[:：]",
    re.I,
)
_LEADING = re.compile(
    r"^[【\[]?\s*(主办|承办|协办|主管|维护|运维|建设|管理)(单位)?\s*[:：]|"
    r"^[【\[]?\s*(上一篇|下一篇|上一条|下一条|相关链接|相关文章|责任编辑|信息来源|来源|作者|"
    r"发布时间|发布日期|发布者|字号)\s*[:：]"
)
_UI_TOKENS = frozenset(
    [
        "打印",
        "打印本页",
        "打印此页",
        "关闭",
        "关闭窗口",
        "关闭本页",
        "关闭页面",
        "分享",
        "分享到",
        "收藏",
        "加入收藏",
        "返回顶部",
        "顶部",
        "返回",
        "字号",
        "大",
        "中",
        "小",
        "默认",
        "微信",
        "微博",
        "新浪微博",
        "QQ空间",
        "QQ",
        "朋友圈",
        "保存",
        "纠错",
        "我要纠错",
        "继续访问",
        "放弃",
        "取消",
        "确定",
        "视力保护色",
        "首页",
        "下载",
        "全文下载",
        "网站地图",
        "无障碍",
        "无障碍浏览",
        "适老化",
        "长者模式",
        "关怀版",
        "扫一扫",
        "二维码",
        "手机版",
        "English",
    ]
)
_TOKEN_SPLIT = re.compile(r"[\s【】\[\]()（）|/:：·>»<«、,，;；]+")
_MAX_COUNTER_LEN = 40
_COUNTER = re.compile(
    r"(浏览|访问|阅读|点击)(次数|量|数)\s*[:：]|^(浏览|访问|阅读|点击)(次数|量|数)?\s*\d+\s*次?$"
)


def is_chrome_line(line: str) -> bool:
    """True when a line is page furniture rather than report text."""
    if len(line) > _MAX_CHROME_LEN:
        return False
    if _ANYWHERE.search(line) or _LEADING.search(line):
        return True
    if len(line) <= _MAX_COUNTER_LEN and _COUNTER.search(line):
        return True
    tokens = [token for token in _TOKEN_SPLIT.split(line) if token]
    return bool(tokens) and all(token in _UI_TOKENS for token in tokens)


def drop_chrome_lines(lines: list[str]) -> list[str]:
    """The lines that are not page chrome, in order."""
    return [line for line in lines if not is_chrome_line(line)]
