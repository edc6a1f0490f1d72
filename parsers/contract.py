"""The data contract of annual-report-format.md: table, row and column keys with their labels.

These keys are a public interface (JSON output, archive rows, exports). Each key has exactly one
Chinese label, kept here for display. Nothing else in the project spells a key's label.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Template(StrEnum):
    T2021 = "2021"
    T2019 = "2019"
    PRE2019 = "pre2019"


class TableKey(StrEnum):
    ACTIVE = "active"
    REQUESTS = "requests"
    REVIEW = "review"
    PROCESSING_FEES = "processing_fees"


TABLE_LABELS: dict[str, str] = {
    "active": "主动公开政府信息情况",
    "requests": "收到和处理政府信息公开申请情况",
    "review": "政府信息公开行政复议、行政诉讼情况",
    "processing_fees": "信息处理费",
}


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    columns: tuple[str, ...]


ACTIVE_2021_ROWS: tuple[RowSpec, ...] = (
    RowSpec("regulations", "规章", ("issued", "repealed", "in_force")),
    RowSpec("normative_documents", "行政规范性文件", ("issued", "repealed", "in_force")),
    RowSpec("licensing", "行政许可", ("decisions",)),
    RowSpec("penalty", "行政处罚", ("decisions",)),
    RowSpec("coercion", "行政强制", ("decisions",)),
    RowSpec("fees", "行政事业性收费", ("amount_10k_yuan",)),
)

_ITEMS_2019 = ("prior_year_items", "change", "decisions")
ACTIVE_2019_ROWS: tuple[RowSpec, ...] = (
    RowSpec("regulations", "规章", ("new_made", "new_published", "total_published")),
    RowSpec("normative_documents", "规范性文件", ("new_made", "new_published", "total_published")),
    RowSpec("licensing", "行政许可", _ITEMS_2019),
    RowSpec("other_services", "其他对外管理服务事项", _ITEMS_2019),
    RowSpec("penalty", "行政处罚", _ITEMS_2019),
    RowSpec("coercion", "行政强制", _ITEMS_2019),
    RowSpec("fees", "行政事业性收费", ("prior_year_items", "change")),
    RowSpec("procurement", "政府集中采购", ("items", "amount")),
)

REQUEST_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
)

_REQUEST_ROW_LABELS: tuple[tuple[str, str], ...] = (
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"),
    ("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("refused_state_secret", "（三）不予公开 1.属于国家秘密"),
    ("refused_prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("refused_three_safeties", "3.危及“三安全一稳定”"),
    ("refused_third_party", "4.保护第三方合法权益"),
    ("refused_internal_affairs", "5.属于三类内部事务信息"),
    ("refused_process_info", "6.属于四类过程性信息"),
    ("refused_enforcement_file", "7.属于行政执法案卷"),
    ("refused_inquiry", "8.属于行政查询事项"),
    ("unable_not_held", "（四）无法提供 1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "3.补正后申请内容仍不明确"),
    ("rejected_petition", "（五）不予处理 1.信访举报投诉类申请"),
    ("rejected_duplicate", "2.重复申请"),
    ("rejected_publication", "3.要求提供公开出版物"),
    ("rejected_excessive", "4.无正当理由大量反复申请"),
    ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    (
        "other_no_correction",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other_other", "3.其他"),
    ("other", "（六）其他处理"),
    ("total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
)

REQUEST_ROWS: tuple[RowSpec, ...] = tuple(
    RowSpec(key, label, REQUEST_COLUMNS) for key, label in _REQUEST_ROW_LABELS
)
# Rows from `granted` to the last 其他处理 row add up to `total` (rule requests.total_row).
_NOT_OUTCOMES = {"new", "carried_over", "total", "carried_forward"}
REQUEST_OUTCOME_ROWS: tuple[str, ...] = tuple(
    spec.key for spec in REQUEST_ROWS if spec.key not in _NOT_OUTCOMES
)

REVIEW_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
REVIEW_ROWS: tuple[RowSpec, ...] = (
    RowSpec("reconsideration", "行政复议", REVIEW_COLUMNS),
    RowSpec("litigation_direct", "行政诉讼·未经复议直接起诉", REVIEW_COLUMNS),
    RowSpec("litigation_after_reconsideration", "行政诉讼·复议后起诉", REVIEW_COLUMNS),
)

PROCESSING_FEE_ROWS: tuple[RowSpec, ...] = (
    RowSpec("notices", "信息处理费", ("count", "amount_yuan", "collected_yuan")),
)

COLUMN_LABELS: dict[str, str] = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount_10k_yuan": "本年收费金额（单位：万元）",
    "new_made": "本年新制作数量",
    "new_published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "prior_year_items": "上一年项目数量",
    "change": "本年增/减",
    "items": "采购项目数量",
    "amount": "采购总金额",
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "count": "收费通知件数",
    "amount_yuan": "收费通知总金额",
    "collected_yuan": "实际收取的总金额",
}


def row_specs(table: str, template: str) -> tuple[RowSpec, ...]:
    """The rows a table has under a template; raises KeyError for an unknown table."""
    if table == TableKey.ACTIVE:
        return ACTIVE_2019_ROWS if template == Template.T2019 else ACTIVE_2021_ROWS
    return {
        TableKey.REQUESTS: REQUEST_ROWS,
        TableKey.REVIEW: REVIEW_ROWS,
        TableKey.PROCESSING_FEES: PROCESSING_FEE_ROWS,
    }[TableKey(table)]


def row_label(table: str, row: str, template: str = Template.T2021) -> str:
    """The one Chinese label of a row key; raises KeyError for an unknown key."""
    for spec in row_specs(table, template):
        if spec.key == row:
            return spec.label
    raise KeyError(f"{table}.{row}")


def column_label(table: str, column: str) -> str:
    """The one Chinese label of a column key (the review table's `other` is 其他结果)."""
    if table == TableKey.REQUESTS and column == "other_org":
        return "其他"
    return COLUMN_LABELS[column]
