"""Row labels of the template's tables, looked up by their distinctive phrases.

A label is matched after its numbering (一、 / (三) / 3、 / 1. / 1) / ①, which NFKC makes 1) is
stripped, because numbering repeats across groups and converters renumber freely. Only 其他
needs its group: "3.其他" is a row only under (六)其他处理, known from the group's label or from
the rows before it. Anything not listed here is not a row: the caller never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.contract import Template

ACTIVE, REQUESTS, REVIEW = "active", "requests", "review"
MAX_LABEL_LENGTH = 60  # longer text is prose, not a table label

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)"
    r"|\d{1,2}(?:[、)]|\.(?!\d)|(?=[\u4e00-\u9fff])))"
)

# "行政许可(第二十条第(五)项)": a whole-label rule ignores such a trailing note.
_TRAILING_NOTE = re.compile(r"\([^()]*(?:\([^()]*\)[^()]*)*\)$")


@dataclass(frozen=True)
class RowMatch:
    table: str
    key: str


@dataclass(frozen=True)
class _Rule:
    table: str
    key: str
    pattern: re.Pattern[str]
    whole: bool  # the stripped label must be exactly the phrase
    group: str | None = None  # the request group the row must sit in


def _rule(
    table: str, key: str, phrase: str, whole: bool = False, group: str | None = None
) -> _Rule:
    return _Rule(table, key, re.compile(phrase), whole, group)


# "行政诉讼(复议后起诉)" / "行政诉讼·复议后起诉" / "复议后起诉": the kind of case may be
# printed in brackets after 行政诉讼, which must not be cut off as a trailing note.
_LITIGATION = r"(?:行政诉讼(?:\(|[·:\-—])?)?"

_ROW_RULES: tuple[_Rule, ...] = (
    _rule(ACTIVE, "regulations", r"规章", whole=True),
    _rule(ACTIVE, "normative_documents", r"(?:行政)?规范性文件", whole=True),
    _rule(ACTIVE, "licensing", r"行政许可(?:事项)?", whole=True),
    _rule(ACTIVE, "other_services", r"其他对外管理服务事项"),
    _rule(ACTIVE, "penalty", r"行政处罚(?:事项)?", whole=True),
    _rule(ACTIVE, "coercion", r"行政强制(?:事项)?", whole=True),
    _rule(ACTIVE, "fees", r"行政事业性收费(?:事项)?", whole=True),
    _rule(ACTIVE, "procurement", r"政府集中采购"),
    _rule(REQUESTS, "new", r"本年度?新收"),
    _rule(REQUESTS, "carried_over", r"上一?年度?结转"),
    _rule(REQUESTS, "carried_forward", r"结转(?:至|到)?下一?年"),
    _rule(REQUESTS, "partly_granted", r"部分公开"),
    _rule(REQUESTS, "granted", r"予以公开"),
    _rule(REQUESTS, "refused_state_secret", r"国家秘密"),
    _rule(REQUESTS, "refused_prohibited_by_law", r"法规禁止公开"),
    _rule(REQUESTS, "refused_three_safeties", r"三安全一稳定"),
    _rule(REQUESTS, "refused_third_party", r"第三方合法权益"),
    _rule(REQUESTS, "refused_internal_affairs", r"三类内部事务"),
    _rule(REQUESTS, "refused_process_info", r"四类过程性信息"),
    _rule(REQUESTS, "refused_enforcement_file", r"行政执法案卷"),
    _rule(REQUESTS, "refused_inquiry", r"行政查询事项"),
    _rule(REQUESTS, "unable_not_held", r"不掌握"),
    _rule(REQUESTS, "unable_needs_creation", r"另行制作"),
    _rule(REQUESTS, "unable_unclear", r"补正后"),
    _rule(REQUESTS, "rejected_petition", r"信访举报投诉"),
    _rule(REQUESTS, "rejected_duplicate", r"重复申请$"),
    _rule(REQUESTS, "rejected_publication", r"公开出版物"),
    _rule(REQUESTS, "rejected_excessive", r"大量反复"),
    _rule(REQUESTS, "rejected_confirmation", r"重新出具"),
    _rule(REQUESTS, "other_no_correction", r"逾期[不未]补正"),
    _rule(REQUESTS, "other_unpaid_fee", r"逾期未按收费通知|缴纳费用"),
    _rule(REQUESTS, "other_other", r"其他", whole=True, group="other"),
    _rule(REQUESTS, "other", r"其他处理", whole=True),
    _rule(REQUESTS, "total", r"总计|合计", whole=True, group="*requests"),
    _rule(REVIEW, "reconsideration", r"行政复议", whole=True),
    _rule(REVIEW, "litigation_direct", _LITIGATION + r"未经复议直接起诉\)?", whole=True),
    _rule(REVIEW, "litigation_after_reconsideration", _LITIGATION + r"复议后起诉\)?", whole=True),
)

_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("refused", re.compile(r"不予公开")),
    ("unable", re.compile(r"无法提供")),
    ("rejected", re.compile(r"不予处理")),
    ("other", re.compile(r"其他处理")),
    ("", re.compile(r"本年度办理结果|总计|合计|结转|本年度?新收")),
)

_HEADINGS: tuple[tuple[str | None, re.Pattern[str]], ...] = (
    (ACTIVE, re.compile(r"主动公开政府信息(?:的)?情况")),
    (REQUESTS, re.compile(r"收到和处理政府信息公开申请")),
    (REVIEW, re.compile(r"行政复议.{0,3}行政诉讼(?:的)?情况|^行政复议.{0,2}行政诉讼")),
    (None, re.compile(r"存在的?主要问题|其他需要报告|改进情况")),
)


def strip_numbering(label: str) -> str:
    """`(三)不予公开` -> `不予公开`; `三、(一)予以公开` -> `予以公开` (labels are normalised)."""
    for _ in range(3):
        match = _NUMBERING.match(label)
        if match is None:
            break
        label = label[match.end() :]
    return label


def is_label_like(label: str) -> bool:
    """Short text that is not a sentence of prose."""
    return 0 < len(label) <= MAX_LABEL_LENGTH and not label.endswith(("。", ";", "；"))


def heading_table(label: str) -> tuple[bool, str | None]:
    """(True, table or None for a closing section) when the label is a section heading."""
    if len(label) > 40:
        return False, None
    for table, pattern in _HEADINGS:
        if pattern.search(label):
            return True, table
    return False, None


def request_group(label: str) -> str | None:
    """The group a label opens under 三、本年度办理结果 ("" closes the group), else None."""
    stripped = strip_numbering(label)
    for group, pattern in _GROUPS:
        if pattern.search(stripped):
            return group
    return None


def row_group(key: str) -> str:
    """The group a request row sits in ("" for rows outside the four groups): once a row of
    其他处理 is read, the group is known even when its label was printed far above or broken."""
    prefix = key.split("_", 1)[0]
    return prefix if prefix in ("refused", "unable", "rejected", "other") else ""


def match_row(label: str, context: str | None, group: str | None) -> RowMatch | None:
    """The row a label names, or None; strict about 其他 and 总计, which need their context."""
    if not is_label_like(label):
        return None
    stripped = strip_numbering(label)
    bare = _TRAILING_NOTE.sub("", stripped)
    for rule in _ROW_RULES:
        if rule.whole:
            found = rule.pattern.fullmatch(stripped) or rule.pattern.fullmatch(bare)
        else:
            found = rule.pattern.search(stripped)
        if found is None:
            continue
        if rule.group == "*requests" and context != REQUESTS:
            continue
        if rule.group not in (None, "*requests") and rule.group != group:
            continue
        return RowMatch(rule.table, rule.key)
    return None


_TEMPLATE_MARKS: dict[Template, tuple[str, ...]] = {
    Template.T2021: ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正"),
    Template.T2019: (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "其他对外管理服务事项",
        "政府集中采购",
        "采购项目数量",
        "上一年项目数量",
    ),
}


def detect_template(normalised_text: str) -> Template | None:
    """The template whose header phrases the text carries most, or None when it carries none."""
    scores = {
        template: sum(1 for mark in marks if mark in normalised_text)
        for template, marks in _TEMPLATE_MARKS.items()
    }
    if max(scores.values()) == 0:
        return None
    return Template.T2019 if scores[Template.T2019] > scores[Template.T2021] else Template.T2021
