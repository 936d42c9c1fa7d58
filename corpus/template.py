"""The national tables of 2019 and later: recognise them and give every cell its canonical key.

The keys (``docs/canonical-keys.md``) are the same in every report: ``<table>.<row>.<column>``,
e.g. ``requests.result.withheld.state_secret.natural_person`` or ``review.litigation_direct.total``.
They are data here. Labels are matched on their *core* (numbering, spaces, quotes and
full/half-width differences removed) by keywords, so that printed quirks still match:
``行政法复议``, ``2.其他法律行政止公开``, ``7.属于行政执法案件``, headers wrapped as ``商业 企业``.
Where labels are too mangled to read, the fixed order of the template decides (7 requester
columns, 15 review columns, parts numbered 1..n).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional, Sequence

from corpus.records import Table

PROACTIVE, REQUESTS, REVIEW = "national.proactive", "national.requests", "national.review"
VARIANT_2019, VARIANT_2021 = "2019", "2021"

# ---------------------------------------------------------------- key data

# 二、主动公开: row key -> label keywords (first match wins; order matters: 其他对外管理服务事项
# before 行政许可 is not needed, their words do not overlap).
PROACTIVE_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rules", ("规章",)),
    ("normative_documents", ("规范性文件",)),
    ("licensing", ("行政许可",)),
    ("other_services", ("对外管理服务", "其他对外")),
    ("penalty", ("行政处罚",)),
    ("enforcement", ("行政强制",)),
    ("fees", ("事业性收费", "收费")),
    ("procurement", ("集中采购", "采购")),
)
PROACTIVE_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("issued", ("制发",)),
    ("repealed", ("废止",)),
    ("in_force", ("现行有效",)),
    ("made", ("新制作", "制作数")),
    ("published", ("新公开",)),
    ("total_published", ("对外公开总", "公开总数")),
    ("previous_items", ("上一年项目", "上年项目")),
    ("change", ("增/减", "增减", "增或减")),
    ("decisions", ("处理决定",)),
    ("amount", ("收费金额", "采购总金额", "总金额", "金额")),
    ("items", ("采购项目", "项目数量")),
)
PROACTIVE_KEYS = {
    VARIANT_2021: {
        "rules": ("issued", "repealed", "in_force"),
        "normative_documents": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "enforcement": ("decisions",),
        "fees": ("amount",),
    },
    VARIANT_2019: {
        "rules": ("made", "published", "total_published"),
        "normative_documents": ("made", "published", "total_published"),
        "licensing": ("previous_items", "change", "decisions"),
        "other_services": ("previous_items", "change", "decisions"),
        "penalty": ("previous_items", "change", "decisions"),
        "enforcement": ("previous_items", "change", "decisions"),
        "fees": ("previous_items", "change"),
        "procurement": ("items", "amount"),
    },
}

# 三、依申请: the requester columns in template order.
REQUEST_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("natural_person", ("自然人",)),
    ("commercial", ("商业企业",)),
    ("research", ("科研机构",)),
    ("public_interest", ("社会公益组织", "公益组织")),
    ("legal_services", ("法律服务机构", "法律服务")),
    ("other_org", ("其他",)),
    ("total", ("总计", "合计")),
)
# Result groups with parts: group key -> (group keywords, ((part key, keywords), ...)).
REQUEST_GROUPS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]] = {
    "withheld": (("不予公开",), (
        ("state_secret", ("国家秘密",)),
        ("other_law", ("其他法律", "行政法规禁止", "禁止公开")),
        ("security_stability", ("三安全一稳定", "安全一稳定", "危及")),
        ("third_party", ("第三方",)),
        ("internal_affairs", ("内部事务",)),
        ("process_info", ("过程性",)),
        ("enforcement_file", ("行政执法案", "执法案卷", "执法案件")),
        ("query_matter", ("行政查询", "查询事项")),
    )),
    "unavailable": (("无法提供",), (
        ("not_held", ("不掌握",)),
        ("needs_creation", ("另行制作", "没有现成")),
        ("unclear", ("仍不明确", "不明确")),
    )),
    "not_processed": (("不予处理",), (
        ("petition", ("信访", "举报投诉")),
        ("repeated", ("重复申请",)),
        ("publication", ("出版物",)),
        ("mass_repeated", ("大量反复", "反复申请")),
        ("confirm_existing", ("重新出具", "确认或")),
    )),
    "other_handling": (("其他处理",), (
        ("no_correction", ("不补正", "逾期不补")),
        ("unpaid_fee", ("缴纳费用", "收费通知")),
        ("other", ("其他",)),
    )),
}
# Rows without parts: row key -> keywords (checked on the row's own label).
REQUEST_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new_received", ("本年新收", "新收申请", "新收")),
    ("carried_over", ("上年结转",)),
    ("carried_forward", ("结转下年", "下年度继续")),
    ("result.disclosed", ("予以公开",)),
    ("result.partly_disclosed", ("部分公开",)),
    ("result.total", ("总计", "合计")),
)

REVIEW_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("litigation_after_review", ("复议后起诉",)),
    ("litigation_direct", ("未经复议", "直接起诉")),
    ("reconsideration", ("行政复议", "复议")),
)
REVIEW_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("upheld", ("维持",)),
    ("corrected", ("纠正",)),
    ("other", ("其他",)),
    ("pending", ("尚未审结", "审结")),
    ("total", ("总计", "合计")),
)
REVIEW_ORDER = ("reconsideration", "litigation_direct", "litigation_after_review")


def national_keys(variant: str) -> frozenset[str]:
    """Every canonical key of the three national tables in ``variant`` ("2019" or "2021")."""
    keys = {f"proactive.{row}.{col}" for row, cols in PROACTIVE_KEYS[variant].items() for col in cols}
    rows = ["new_received", "carried_over", "result.disclosed", "result.partly_disclosed",
            "result.total", "carried_forward"]
    for group, (_, parts) in REQUEST_GROUPS.items():
        if group == "other_handling" and variant == VARIANT_2019:
            rows.append("result.other_handling")
            continue
        rows += [f"result.{group}.{part}" for part, _ in parts]
    keys |= {f"requests.{row}.{col}" for row in rows for col, _ in REQUEST_COLUMNS}
    keys |= {f"review.{group}.{col}" for group in REVIEW_ORDER for col, _ in REVIEW_COLUMNS}
    return frozenset(keys)


# ---------------------------------------------------------------- label matching

_LEADING_NUMBER = re.compile(
    r"^(?:其中)?[:：,，、]?\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])"
)
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉·•]")


def core(label: str) -> str:
    """A label reduced for matching: NFKC, no spaces or quotes, numbering removed."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", label or ""))
    return _LEADING_NUMBER.sub("", text, count=1)


def _leading_number(label: str) -> Optional[int]:
    """The Arabic number a part label starts with: '2.其他法律…' -> 2."""
    match = re.match(r"^\s*(\d{1,2})\s*[.．、]", unicodedata.normalize("NFKC", label or ""))
    return int(match.group(1)) if match else None


def _match(text: str, options: Sequence[tuple[str, tuple[str, ...]]]) -> Optional[str]:
    """The key of the first option one of whose keywords occurs in ``text``."""
    for key, words in options:
        if any(word in text for word in words):
            return key
    return None


# ---------------------------------------------------------------- recognition


def table_kind(table: Table) -> Optional[str]:
    """Which national table this is (``national.proactive|requests|review``), or None."""
    row_text = [core(" ".join(row)) for row in table.rows]
    col_text = " ".join(core(label) for column in table.columns for label in column)
    request_hits = sum(1 for key, words in REQUEST_ROWS[:4] if any(w in t for t in row_text for w in words))
    if request_hits >= 2 or ("本年新收" in col_text + "".join(row_text) and "申请" in "".join(row_text)):
        return REQUESTS
    if "自然人" in col_text and "商业企业" in col_text and row_text:
        return REQUESTS  # the applicants' columns are table 三's alone: a piece of it, its header repeated
    if "复议" in col_text and "诉讼" in col_text:
        return REVIEW
    proactive_rows = sum(1 for t in row_text if _match(t, PROACTIVE_ROWS))
    proactive_cols = sum(1 for column in table.columns if _match(core(column[-1]) if column else "", PROACTIVE_COLUMNS))
    if proactive_rows and (proactive_cols or "第二十条" in table.title or "信息内容" in col_text):
        return PROACTIVE
    return None


def variant(tables: Sequence[Table], year: Optional[int]) -> str:
    """The template variant of a report's national tables: "2019" (2019-2020) or "2021"."""
    labels = " ".join(core(x) for t in tables for path in (*t.rows, *t.columns) for x in path)
    if any(word in labels for word in ("新制作", "对外公开总", "对外管理服务", "集中采购", "上一年项目")):
        return VARIANT_2019
    if any(word in labels for word in ("制发", "不补正", "缴纳费用")):
        return VARIANT_2021
    return VARIANT_2019 if year is not None and year <= 2020 else VARIANT_2021


def cell_keys(table: Table, kind: Optional[str] = None) -> tuple[tuple[Optional[str], ...], ...]:
    """The canonical key of every cell of ``table`` (same shape as ``table.cells``); None where
    the cell has no place in the template or the table is not a national one."""
    kind = kind or table_kind(table)
    empty = tuple(tuple(None for _ in row) for row in table.cells)
    if kind == PROACTIVE:
        rows = [_match(core(row[-1]) if row else "", PROACTIVE_ROWS) for row in table.rows]
        cols = [_match(core(col[-1]) if col else "", PROACTIVE_COLUMNS) for col in table.columns]
        return tuple(tuple(f"proactive.{r}.{c}" if r and c else None for c in cols) for r in rows)
    if kind == REQUESTS:
        rows = request_row_keys(table.rows)
        cols = _ordered_columns(table.columns, REQUEST_COLUMNS, lambda col: core(col[-1]) if col else "")
        return tuple(tuple(f"requests.{r}.{c}" if r and c else None for c in cols) for r in rows)
    if kind == REVIEW:
        cols = review_column_keys(table.columns)
        return tuple(tuple(f"review.{c}" if c else None for c in cols) for _ in table.rows)
    return empty


def _ordered_columns(columns, options, leaf_of) -> list[Optional[str]]:
    """Match columns by their leaf label; when that leaves keys unmatched or doubled and the
    count equals the template's, fall back to the template's order."""
    keys = [_match(leaf_of(col), options) for col in columns]
    matched = [k for k in keys if k]
    if (len(set(matched)) < len(options) or len(matched) != len(set(matched))) and len(columns) == len(options):
        return [key for key, _ in options]
    return keys


def request_row_keys(rows: Sequence[tuple[str, ...]]) -> list[Optional[str]]:
    """Row keys of a requests table (``result.withheld.state_secret`` …) from the row paths.

    The group (不予公开 …) comes from the path, or, when a reader lost the nesting, from the
    last group row seen; a part is matched by its keywords, else by its number.
    """
    keys: list[Optional[str]] = []
    group: Optional[str] = None
    for path in rows:
        cores = [core(x) for x in path]
        leaf = cores[-1] if cores else ""
        path_group = None
        for element in cores:
            for name, (words, _) in REQUEST_GROUPS.items():
                if any(element.startswith(w) or element == w for w in words):
                    path_group = name
        own = _match(leaf, REQUEST_ROWS)
        numbered = _leading_number(path[-1]) if path else None
        if own and not (path_group and numbered):
            keys.append(own)
            group = None
            continue
        group = path_group or group
        if group is None:
            keys.append(None)
            continue
        parts = REQUEST_GROUPS[group][1]
        if path_group and (len(cores) < 2 or cores[-1] == cores[-2] or _is_group_label(leaf, group)) and not numbered:
            # the group's own row: a leaf in 2019-2020 (（六）其他处理), else a title without cells
            keys.append(f"result.{group}")
            continue
        part = _match(leaf, parts)
        if part is None and numbered and 1 <= numbered <= len(parts):
            part = parts[numbered - 1][0]
        keys.append(f"result.{group}.{part}" if part else None)
    # A group's title row (（三）不予公开 printed on a row of its own) is not a cell of the
    # template when the group has parts: its parts carry the figures.
    with_parts = {k.rsplit(".", 1)[0] for k in keys if k and k.count(".") == 2 and k.startswith("result.")}
    return [None if k in with_parts else k for k in keys]


def _is_group_label(text: str, group: str) -> bool:
    """True when ``text`` is the group's own label (（三）不予公开), not one of its parts."""
    return any(text == w or text.startswith(w) and len(text) <= len(w) + 2 for w in REQUEST_GROUPS[group][0])


def review_column_keys(columns: Sequence[tuple[str, ...]]) -> list[Optional[str]]:
    """``group.column`` keys of the review table's columns, by label, else by template order."""
    keys: list[Optional[str]] = []
    for column in columns:
        text = [core(x) for x in column]
        group = None
        for element in reversed(text[:-1] or text):
            group = _match(element, REVIEW_GROUPS)
            if group:
                break
        leaf = _match(text[-1], REVIEW_COLUMNS) if text else None
        keys.append(f"{group}.{leaf}" if group and leaf else None)
    template = [f"{g}.{c}" for g in REVIEW_ORDER for c, _ in REVIEW_COLUMNS]
    if len(columns) == len(template) and (None in keys or len(set(keys)) != len(keys)):
        return template
    return keys
