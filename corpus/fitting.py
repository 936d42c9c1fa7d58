"""Fit the figures of any rendering of a table to the national template's known structure.

A converted PDF (Markdown, OCR, broken HTML) keeps a table's figures in order but not always its
labels: header rows repeated or printed above the wrong rows, columns called ``数据1…数据6``,
rows without labels, the carried-over rows in a table of their own. Labels cannot be trusted
there, so the figures are placed by what the template *proves*:

* their ORDER: the template's rows and columns come in a fixed order (``corpus.template``);
* the IDENTITIES: per column 一 + 二 = 三（七）总计 + 四 and （一）…（六） = （七）总计 in the
  requests table, each group's 总计 = its four results in the review table, 其中 parts = their
  parent and 历年累计 ≥ the year's figure in the old statistics tables.

Every placement of the rows that keeps the order and the identities is tried; a row label is
used only to choose among placements that all fit, never against the fit. A template cell gets a
figure only when every surviving placement gives it the same figure; any other cell is ``None``
(unreadable), never a guess. A row without a figure (a stray header line such as ``予以公开``)
is never read as one. ``fit_table`` takes any grid of cell texts with optional labels and
returns the table in the HTML reader's shape with the template's own labels, so the rest of
the pipeline keys it as it keys an HTML table. The search itself is ``corpus.placements``; the
old statistics tables are ``corpus.old_tables``.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from corpus.old_tables import fit_old
from corpus.placements import (EMPTY, OLD, Cell, Fit, Grid, Row, amount, figure_rows, grid_words, is_number,
                               is_value, settle)
from corpus.tables import without_row_numbers
from corpus.template import (PROACTIVE, REQUEST_COLUMNS, REQUEST_GROUPS, REQUEST_ROWS, REVIEW,
                             REQUESTS, core)

__all__ = ["OLD", "Fit", "Row", "figure_rows", "fit_old", "fit_proactive", "fit_requests", "fit_review",
           "fit_table", "grid_words", "is_number", "is_value", "request_rows", "table_kind_of"]


# ---------------------------------------------------------------- 三、requests


_REQUEST_LABELS: dict[str, tuple[str, str, str]] = {
    "new_received": ("一、本年新收政府信息公开申请数量",) * 3,
    "carried_over": ("二、上年结转政府信息公开申请数量",) * 3,
    "result.disclosed": ("三、本年度办理结果", "（一）予以公开", "（一）予以公开"),
    "result.partly_disclosed": ("三、本年度办理结果",) + ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）",) * 2,
    "result.total": ("三、本年度办理结果", "（七）总计", "（七）总计"),
    "result.other_handling": ("三、本年度办理结果", "（六）其他处理", "（六）其他处理"),
    "carried_forward": ("四、结转下年度继续办理",) * 3,
}
_PART_LABELS = {
    "withheld": ("（三）不予公开", ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                                  "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                                  "7.属于行政执法案卷", "8.属于行政查询事项")),
    "unavailable": ("（四）无法提供", ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                                     "3.补正后申请内容仍不明确")),
    "not_processed": ("（五）不予处理", ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                                       "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息")),
    "other_handling": ("（六）其他处理", ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                                       "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                                       "3.其他")),
}
for _group, (_title, _parts) in _PART_LABELS.items():
    for (_part, _), _label in zip(REQUEST_GROUPS[_group][1], _parts):
        _REQUEST_LABELS[f"result.{_group}.{_part}"] = ("三、本年度办理结果", _title, _label)


def request_rows(variant: str) -> tuple[str, ...]:
    """The requests table's row keys in template order (``"2019"``: one 其他处理 row)."""
    keys = ["new_received", "carried_over", "result.disclosed", "result.partly_disclosed"]
    for group, (_, parts) in REQUEST_GROUPS.items():
        if group == "other_handling" and variant == "2019":
            keys.append("result.other_handling")
        else:
            keys += [f"result.{group}.{part}" for part, _ in parts]
    return tuple(keys + ["result.total", "carried_forward"])


def _request_identities(keys: Sequence[str]) -> list[list[tuple[str, int]]]:
    """Per column: 一 + 二 = （七）总计 + 四; （一）…（六） = （七）总计; and the two together without
    （七）总计 (一 + 二 = （一）…（六） + 四), which still holds when the 总计 row is lost."""
    results = [k for k in keys if k.startswith("result.") and k != "result.total"]
    return [[("new_received", 1), ("carried_over", 1), ("result.total", -1), ("carried_forward", -1)],
            [(k, 1) for k in results] + [("result.total", -1)],
            [("new_received", 1), ("carried_over", 1), ("carried_forward", -1)] + [(k, -1) for k in results]]


def _request_label_keys(label: str) -> set[str]:
    """The requests row keys a printed label can name (empty: the label says nothing)."""
    text = core(label)
    if not text:
        return set()
    groups = [g for g, (words, _) in REQUEST_GROUPS.items() if any(w in text for w in words)]
    rest = text
    for group in groups:  # the group's title is not one of its parts (其他处理 is not 3.其他)
        for word in REQUEST_GROUPS[group][0]:
            rest = rest.replace(word, "")
    found = {key for key, words in REQUEST_ROWS if any(w in rest for w in words)}
    if "不予公开" in text:
        found.discard("result.disclosed")
    for group in groups or list(REQUEST_GROUPS):
        for part, words in REQUEST_GROUPS[group][1]:
            if part == "other" and not (groups and re.search(r"(?:^|\d[.、．])其他$", rest)):
                continue  # a bare 其他 names a part only under 其他处理
            if any(w in rest for w in words):
                found.add(f"result.{group}.{part}")
    if groups and not found:
        if groups == ["other_handling"]:
            return {"result.other_handling"}  # 2019-2020's single row; 2021 prints only its parts
        found = {f"result.{g}.{p}" for g in groups for p, _ in REQUEST_GROUPS[g][1]}
    return found


def _names_one_request_row(label: str) -> bool:
    """A label naming one row of table 三 (or 2019-2020's single （六）其他处理 row)."""
    return len(_request_label_keys(label)) == 1


def _compatible_request(label: str, key: str) -> bool:
    """True unless the label names other rows than ``key`` (an empty key: names nothing)."""
    named = _request_label_keys(label)
    return not named or key in named


def _request_variants(words: str) -> list[str]:
    """The template variants a requests table can be: 2021's when its words name 其他处理's parts,
    else both. Neither the count of rows (a lost row changes it) nor the report's year (some
    2021+ reports still print one 其他处理 row) tells."""
    if any(w in words for w in ("不补正", "缴纳费用", "收费通知")):
        return ["2021"]
    return ["2021", "2019"]


def _row_adds_up(row: Row) -> bool:
    """Whether a requests row's 自然人 and five 法人或其他组织 cells add up to its 总计 (or a cell is unreadable)."""
    values = [amount(c) for c in row.cells[:7]]
    if len(values) < 7 or any(v is None for v in values):
        return True
    return abs(sum(values[:6]) - values[6]) < 0.005


def fit_requests(rows: Sequence[Row], words: str = "", strict: bool = False) -> Optional[Fit]:
    """Table 三 from its figure rows (7 cells each): the HTML reader's grid, or None if no
    placement of the rows keeps the template's order and identities.

    Both variants (2019-2020: one 其他处理 row; 2021: three) are tried unless the words or the
    year say which; the carried-over rows may stand apart, after or before the others."""
    orders: list[tuple[list[str], list]] = []
    variants = _request_variants(words)
    for variant in variants:
        keys = list(request_rows(variant))
        apart = [k for k in keys if k not in ("carried_over", "carried_forward")]
        identities = _request_identities(keys)
        orders += [(keys, identities), (apart + ["carried_over", "carried_forward"], identities),
                   (["carried_over", "carried_forward"] + apart, identities)]
    doubtful: list[Row] = []
    if strict:  # a row whose parts do not make its 总计 holds a misread figure: none of it is sure
        doubtful = [row for row in rows if not _row_adds_up(row)]
        rows = [Row(row.label, (None,) * len(row.cells)) if row in doubtful else row for row in rows]
    agreed = settle(rows, orders, _compatible_request, strict)
    if agreed is None:
        return _requests_by_names(rows, variants)
    used = {variants[i // 3] for i in agreed.pop("_variants")}  # type: ignore[arg-type]
    variant = used.pop() if len(used) == 1 else "2021"
    if strict:
        keys = request_rows(variant)
        agreed = _solve_rows(_misread_located(_solve_rows(agreed, keys), doubtful, keys), keys)
        agreed = _solved_together(agreed, keys)
        agreed = _proven_by_a_column(agreed, keys)
    return _request_grid(request_rows(variant), agreed)


def _solve_rows(agreed: dict[str, tuple[Cell, ...]], keys: Sequence[str]) -> dict[str, tuple[Cell, ...]]:
    """Read by OCR: a row of which one cell is unreadable and the others read gets that cell from its
    own sum (自然人 + the five 法人或其他组织 = 总计) when every identity of that cell's column that is
    then read in full holds, and one at least is: the row's sum and its column's identity both prove it."""
    identities = _request_identities(keys)
    out = dict(agreed)
    for key in keys:
        row = agreed.get(key)
        values = [amount(c) for c in row] if row is not None else []
        if len(values) != 7 or sum(v is None for v in values) != 1 or sum(c is None for c in row) != 1:
            continue
        gap = values.index(None)
        value = sum(values[:6]) if gap == 6 else values[6] - sum(v for i, v in enumerate(values[:6]) if i != gap)
        if value < 0 or value != int(value):
            continue
        trial = dict(out)
        trial[key] = tuple(str(int(value)) if i == gap else c for i, c in enumerate(row))
        if _column_proves(trial, key, gap, identities):
            out = trial
    return out


def _column_proves(cells: dict[str, tuple[Cell, ...]], key: str, column: int, identities) -> bool:
    """Whether the identities of ``key``'s cell in ``column`` that are read in full hold, and one at
    least is read in full."""
    checked = [identity for identity in identities if any(k == key for k, _ in identity)
               and all(amount(cells.get(k, (None,) * 7)[column]) is not None for k, _ in identity)]
    return bool(checked) and all(abs(sum(sign * amount(cells[k][column]) for k, sign in identity)) < 0.005
                                 for identity in checked)


def _solved_together(agreed: dict[str, tuple[Cell, ...]], keys: Sequence[str]) -> dict[str, tuple[Cell, ...]]:
    """Read by OCR: unreadable cells that no one identity gives alone, taken one at a time from any
    identity (a row's sum, a column's) left with one unknown, as long as one remains; kept only when
    every identity then read in full holds and each cell taken is in one that was not used to take
    it (so each is proven by a second identity), else none of them is (nothing is guessed)."""
    cell = {(k, c): (agreed.get(k) or (None,) * 7)[c] for k in keys for c in range(7)}
    known = {kc: amount(v) for kc, v in cell.items() if v is not None}
    equations = [[((k, c), 1) for c in range(6)] + [((k, 6), -1)] for k in keys]
    equations += [[((k, c), sign) for k, sign in identity] for identity in _request_identities(keys) for c in range(7)]
    taken: dict[tuple[str, int], int] = {}
    used: set[int] = set()
    progress = True
    while progress:
        progress = False
        for n, equation in enumerate(equations):
            unknown = [(kc, sign) for kc, sign in equation if kc not in known]
            if len(unknown) != 1:
                continue
            kc, sign = unknown[0]
            value = -sum(s * known[x] for x, s in equation if x in known) / sign
            if value < 0 or abs(value - round(value)) > 0.005:
                return agreed
            known[kc] = taken[kc] = round(value)
            used.add(n)
            progress = True
    checks = [eq for n, eq in enumerate(equations) if n not in used and all(kc in known for kc, _ in eq)]
    if not taken or any(abs(sum(s * known[kc] for kc, s in eq)) > 0.005 for eq in checks) \
            or any(not any(kc == x for eq in checks for x, _ in eq) for kc in taken):
        return agreed
    return {k: tuple(str(taken[(k, c)]) if (k, c) in taken else cell[(k, c)] for c in range(7)) for k in keys}


def _misread_located(agreed: dict[str, tuple[Cell, ...]], doubtful: Sequence[Row],
                     keys: Sequence[str]) -> dict[str, tuple[Cell, ...]]:
    """Read by OCR: a row whose parts do not make its 总计 (set aside whole by ``fit_requests``) gets
    back each figure that its column's identities, checked with every other cell read, prove; the
    figure they refute (102 read as "02") stays unreadable, for ``_solve_rows`` to take from the row's
    own sum. The row is known by its label naming one template row that was left with no figure."""
    identities = _request_identities(keys)
    out = dict(agreed)
    for row in doubtful:
        named = _request_label_keys(row.label)
        key = next(iter(named)) if len(named) == 1 else None
        if key not in out or any(c is not None for c in out[key]) or len(row.cells) != 7:
            continue
        kept: list[Cell] = []
        for c, cell in enumerate(row.cells):
            trial = dict(out)
            trial[key] = tuple(cell if i == c else None for i in range(7))
            kept.append(cell if _column_proves(trial, key, c, identities) else None)
        if sum(c is None for c in kept) == 1:  # one figure misread, located: the rest stand
            out[key] = tuple(kept)
    return out


def _one_part_lost(row: tuple[Cell, ...]) -> bool:
    """A row (or a group of table 四) whose 总计, its last cell, is read and one of whose parts is lost,
    the others read and not more than the 总计 together: what is read is kept (the lost part stays
    unreadable; in table 三 ``_solve_rows`` may take it from the row's sum and its column)."""
    values = [amount(c) for c in row]
    return (len(values) >= 3 and values[-1] is not None and sum(v is None for v in values[:-1]) == 1
            and sum(v for v in values[:-1] if v is not None) <= values[-1])


def _proven_by_a_column(agreed: dict[str, tuple[Cell, ...]], keys: Sequence[str]) -> dict[str, tuple[Cell, ...]]:
    """Read by OCR: a row with unreadable cells was not proven by its own sum, so each of its figures
    stands only where an identity of its column was checked with every cell of it read (or, when only
    one part is lost, where the read parts do not pass the 总计: ``_one_part_lost``)."""
    identities = _request_identities(keys)
    out = dict(agreed)
    for key in keys:
        row = agreed.get(key)
        if row is None or all(c is not None for c in row) or _one_part_lost(row):
            continue
        out[key] = tuple(c if c is not None and any(
            any(k == key for k, _ in identity) and all(agreed.get(k, (None,) * 7)[c_i] is not None for k, _ in identity)
            for identity in identities) else None for c_i, c in enumerate(row))
    return out


def _requests_by_names(rows: Sequence[Row], variants: Sequence[str]) -> Optional[Fit]:
    """A summary of table 三 that prints only some rows, each under a name of its own ("不予公开：执法案卷",
    "办理合计"): each row placed where its name says, when every row names one row of the template, in
    the template's order, and its 自然人 and 法人或其他组织 cells add up to its 总计; the rows it leaves
    out are unreadable (a row read as unreadable, all its cells lost, is one of those). None otherwise."""
    rows = [row for row in rows if any(c is not None for c in row.cells)]
    if len(rows) < 3 or any(len(row.cells) != 7 or any(c is None for c in row.cells) or not _row_adds_up(row)
                            for row in rows):
        return None
    labelled = [(row, _request_label_keys(row.label)) for row in rows]
    single = {next(iter(keys)) for _, keys in labelled if len(keys) == 1}
    named, kept, zero = [], [], set()
    for row, keys in labelled:
        if len(keys) == 1 and any(k.startswith(next(iter(keys)) + ".") for k in single):
            continue  # "其他处理" printed beside its 其中 rows: the rows say it
        if len(keys) == 1:
            named.append(next(iter(keys)))
            kept.append(row)
        elif keys and all(amount(c) == 0 for c in row.cells):
            zero |= keys  # "不予公开0件": each of its 其中 rows is 0
        elif not (keys and keys & single):  # (a group printed beside its 其中 rows: the rows say it)
            return None
    if len(set(named)) < len(named) or len(named) < 3:
        return None
    for variant in variants:
        keys = list(request_rows(variant))
        if all(k in keys for k in named) and [keys.index(k) for k in named] == sorted(keys.index(k) for k in named):
            placed = {k: ("0",) * 7 for k in zero if k in keys and k not in named}
            placed.update(zip(named, (tuple(row.cells) for row in kept)))
            results = [k for k in keys if k.startswith("result.") and k != "result.total"]
            if "result.total" in placed and all(
                    abs(sum(amount(placed[k][c]) for k in results if k in placed) - amount(placed["result.total"][c]))
                    < 0.005 for c in range(7)):
                # the printed results make the printed 总计 in every column: a result row left out is 0
                placed.update({k: ("0",) * 7 for k in results if k not in placed})
            return _request_grid(keys, {k: placed.get(k, (None,) * 7) for k in keys})
    return None


def _request_grid(keys: Sequence[str], agreed: dict[str, tuple[Cell, ...]]) -> Fit:
    corner = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",) * 3
    subs = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    grid: list[tuple[Cell, ...]] = [
        corner + ("申请人情况",) * 7,
        corner + ("自然人",) + ("法人或其他组织",) * 5 + ("总计",),
        corner + ("自然人",) + subs + ("总计",),
    ]
    cells = [agreed[key] for key in keys]
    grid += [_REQUEST_LABELS[key] + row for key, row in zip(keys, cells)]
    unreadable = sum(1 for row in cells for c in row if c is None)
    return Fit(REQUESTS, tuple(grid), len(keys) * len(REQUEST_COLUMNS) - unreadable, unreadable)


# ---------------------------------------------------------------- 四、review


_REVIEW_HEADER: Grid = (
    ("行政复议",) * 5 + ("行政诉讼",) * 10,
    ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") + ("未经复议直接起诉",) * 5 + ("复议后起诉",) * 5,
    ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 3,
)


def fit_review(rows: Sequence[Row], strict: bool = False) -> Optional[Fit]:
    """Table 四 from its figure rows (15 cells each): the one row of figures in template order.

    Several different rows of 15 figures cannot be told apart: None. The cells of a group whose
    four results do not add up to its 总计 are still placed by order (the only placement), as
    printed."""
    distinct = list(dict.fromkeys(row.cells for row in rows))
    if len(distinct) != 1:
        return None
    cells = distinct[0]
    if strict:  # read by OCR: a group whose four results do not make its 总计 holds a misread figure
        cells = tuple(c for g in range(3) for c in (cells[5 * g:5 * g + 5]
                                                    if _group_adds_up(cells, g) or _one_part_lost(cells[5 * g:5 * g + 5])
                                                    else (None,) * 5))
    unreadable = sum(1 for c in cells if c is None)
    return Fit(REVIEW, _REVIEW_HEADER + (cells,), 15 - unreadable, unreadable)


_REVIEW_GROUP_NAMES = ((2, re.compile(r"复议后")), (1, re.compile(r"直接|未经复议")), (0, re.compile(r"复议")))


def _review_from_pieces(grid: Sequence[Sequence[Cell]], strict: bool = False) -> Optional[Fit]:
    """Table 四's one row of figures printed in pieces (行政复议's five in one block, 行政诉讼's ten in
    another): the rows of figures only, joined in order, when they make exactly fifteen."""
    pieces = [[c.strip() for c in row if c is not None and c.strip()] for row in grid]
    pieces = [p for p in pieces if p and all(is_number(c) for c in p)]
    joined = [c for p in pieces for c in p]
    if len(pieces) < 2 or len(joined) != 15:
        return None
    return fit_review([Row("", tuple(joined))], strict)


def _review_by_groups(rows: Sequence[Row]) -> Optional[Fit]:
    """Table 四 printed a group a row (复议 | 诉讼（直接起诉） | 诉讼（复议后起诉）, each with 维持 纠正 其他
    未审结 合计): each row placed by its name when its four results add up to its 总计; a group not
    printed is unreadable. None unless every row names one group, once."""
    if not 2 <= len(rows) <= 3:
        return None
    cells: list[Cell] = [None] * 15
    seen = set()
    for row in rows:
        label = core(row.label)
        group = next((g for g, word in _REVIEW_GROUP_NAMES if word.search(label)), None)
        if group is None or group in seen or not _group_adds_up(row.cells, 0):
            return None
        seen.add(group)
        cells[5 * group:5 * group + 5] = row.cells
    unreadable = sum(1 for c in cells if c is None)
    return Fit(REVIEW, _REVIEW_HEADER + (tuple(cells),), 15 - unreadable, unreadable)


# ---------------------------------------------------------------- 二、proactive


_PROACTIVE = {
    "2021": (("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), (("rules", "规章", 3),
                                                                       ("normative_documents", "行政规范性文件", 3))),
             ("第二十条第（五）项", ("本年处理决定数量",), (("licensing", "行政许可", 1),)),
             ("第二十条第（六）项", ("本年处理决定数量",), (("penalty", "行政处罚", 1), ("enforcement", "行政强制", 1))),
             ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("fees", "行政事业性收费", 1),))),
    "2019": (("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
              (("rules", "规章", 3), ("normative_documents", "规范性文件", 3))),
             ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
              (("licensing", "行政许可", 3), ("other_services", "其他对外管理服务事项", 3))),
             ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
              (("penalty", "行政处罚", 3), ("enforcement", "行政强制", 3))),
             ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("fees", "行政事业性收费", 2),)),
             ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("procurement", "政府集中采购", 2),))),
}


def fit_proactive(grid: Sequence[Sequence[Cell]], year: Optional[int] = None) -> Optional[Fit]:
    """Table 二 from a grid (a label column, then up to three value columns).

    The template has no identities here, so the ORDER places the rows holding figures: all of
    the variant's rows (6 from 2021, 8 in 2019-2020) are placed by order alone; with rows
    missing, the row labels choose among the order-keeping placements, and a cell the
    placements disagree on is unreadable. A row whose extra cells are not a span's repeat, or a
    2019-2020 row printed as one repeated figure (its 上一年项目数量 and 本年增/减 cannot be
    told from 处理决定数量), keeps only what is proven.
    """
    rows: list[Row] = []
    garbled: set[str] = set()  # rows printed with a figure that cannot be read ("27 6"): not left out
    for line in grid:
        cells = [c.strip() if c is not None else None for c in line]
        values = tuple((cells[1:] + ["", "", ""])[:3])
        label = re.sub(r"\s+", "", cells[0] or "")
        # "行政许可 | /": a row named alone with empty or dashed cells is a blank row (not reported)
        empty = len(cells) >= 2 and all(c is not None and c in EMPTY for c in cells[1:]) \
            and _names_one_proactive_row(label)
        if not empty and (len(cells) < 2 or not all(is_value(c) for c in cells[1:])
                          or not any(is_number(c) for c in values)):
            if _names_one_proactive_row(label) and any(c and re.search(r"\d", c) for c in cells[1:]):
                garbled.update(k for k, word in _PROACTIVE_WORDS.items() if word in core(label))
            continue
        rows.append(Row(label, values))  # a row named alone with empty cells is a blank row (not reported)
    variant = _proactive_variant(rows, grid_words(grid), year)
    if variant is None:
        return None
    keys = [key for _, _, items in _PROACTIVE[variant] for key, _, _ in items]
    if len(rows) == len(keys):
        return _proactive_grid(variant, rows)
    omitted = {k for k in _omitted(variant, rows, keys, grid_words(grid)) if k.partition(".")[0] not in garbled}
    agreed = settle(rows, [(keys, [])], _compatible_proactive)
    if agreed is None:
        return _by_names(variant, rows, keys, omitted)
    agreed.pop("_variants")
    return _proactive_grid(variant, [Row("", ("", "", "") if key in omitted else agreed[key]) for key in keys])


def _omitted(variant: str, rows: Sequence[Row], keys: Sequence[str], words: str) -> set[str]:
    """The rows of table 二 the agency left out of a whole table (an office that makes no 规章 prints
    no 规章 row): every printed row names one row of the template, in its order, and the missing
    row stands between two of them, or first under its printed item heading (第二十条第（一）项)
    with a printed row after it. Such a row is not reported (blank), not unreadable: a table cut
    by a page break loses rows at its ends, never between two printed ones."""
    named = _named_in_order(rows, keys)
    if not named:
        return set()
    first_of_item = {items[0][0]: core(item) for item, _, items in _PROACTIVE[variant]}
    placed = [keys.index(k) for k in named]
    return {key for i, key in enumerate(keys) if key not in named and any(p > i for p in placed)
            and (any(p < i for p in placed) or first_of_item.get(key, "\0") in words)}


def _named_in_order(rows: Sequence[Row], keys: Sequence[str]) -> Optional[list[str]]:
    """The row of table 二 (among ``keys``) each row's label names, when every label names one, each a
    different one, in the template's order; None otherwise."""
    named = []
    for row in rows:
        text = core(row.label)
        hits = [k for k, word in _PROACTIVE_WORDS.items() if word in text and k in keys]
        if len(hits) != 1:
            return None
        named.append(hits[0])
    order = [keys.index(k) for k in named]
    return named if order == sorted(set(order)) else None


def _by_names(variant: str, rows: Sequence[Row], keys: Sequence[str], omitted: set[str]) -> Optional[Fit]:
    """A piece of table 二 (the rest on another page or in another table) whose every row names one
    row of the template, in the template's order: each placed where its name says, the ``omitted``
    blank, the others unreadable; None when a row names none or several, or the order is broken."""
    named = _named_in_order(rows, keys)
    if named is None:
        return None
    placed = dict(zip(named, rows))
    return _proactive_grid(variant, [placed.get(k, Row("", ("", "", "") if k in omitted else (None, None, None)))
                                     for k in keys])


def _proactive_variant(rows: Sequence[Row], words: str, year: Optional[int]) -> Optional[str]:
    if any(w in words for w in ("新制作", "对外公开总", "上一年项目", "对外管理服务", "集中采购")):
        return "2019"
    if any(w in words for w in ("制发", "废止", "现行有效", "本年处理决定数量", "本年收费金额")):
        return "2021"  # 2019-2020 says 处理决定数量 beside 上一年项目数量, and no 收费金额
    if year is not None:
        return "2019" if year <= 2020 else "2021"
    return {6: "2021", 8: "2019"}.get(len(rows))


_PROACTIVE_WORDS = {"rules": "规章", "normative_documents": "规范性文件", "licensing": "行政许可",
                    "other_services": "对外管理服务", "penalty": "行政处罚", "enforcement": "行政强制",
                    "fees": "收费", "procurement": "采购"}


def _names_one_proactive_row(label: str) -> bool:
    """Whether a label is the name of exactly one row of table 二 and nothing else (行政强制)."""
    text = core(label)
    return sum(1 for word in _PROACTIVE_WORDS.values() if word in text) == 1 and len(text) <= 10


def _compatible_proactive(label: str, key: str) -> bool:
    """False when the label names another row of table 二 than ``key`` (an empty key: names nothing)."""
    text = core(label)
    named = [k for k, word in _PROACTIVE_WORDS.items() if word in text]
    return not named or key in named


def _proactive_grid(variant: str, rows: Sequence[Row]) -> Fit:
    """Table 二 in the HTML reader's shape (one block per article item), ``rows`` placed in order."""
    width = 3
    out: list[tuple[Cell, ...]] = []
    proven = unreadable = 0
    placed = iter(rows)
    for item, header, items in _PROACTIVE[variant]:
        out.append((item,) * (width + 1))
        out.append(("信息内容",) + header + (header[-1],) * (width - len(header)))
        for key, label, k in items:
            row = next(placed)
            cells = list(row.cells[:width]) + [""] * max(0, width - len(row.cells))
            if k == 1 and len({c for c in cells if c}) == 1:
                cells = [next(c for c in cells if c)] + [""] * (width - 1)  # one figure after an empty cell
            head = cells[:k]
            if any(c != head[-1] for c in cells[k:] if c):
                head = [None] * k  # more figures than the template's columns: not provable
            if variant == "2019" and k == 3 and key not in ("rules", "normative_documents") and head[0] \
                    and (head[0] == head[1] == head[2] or not (head[1] or head[2])):
                # one figure spanned over the row: 处理决定数量 only (a real 0 | 0 | 0 looks the same)
                head = [None, None, head[0]]
            unreadable += sum(1 for c in head if c is None)
            proven += sum(1 for c in head if c is not None)
            out.append((label,) + tuple(head) + (head[-1],) * (width - k))
    return Fit(PROACTIVE, tuple(out), proven, unreadable)


# ---------------------------------------------------------------- any grid


def table_kind_of(grid: Sequence[Sequence[Cell]], caption: str = "") -> Optional[str]:
    """Which national table a grid holds, from its words or, without words, its figures."""
    return _kind_by_words(grid_words(grid, caption)) or _kind_by_figures(grid)


def _kind_by_words(words: str) -> Optional[str]:
    if any(w in words for w in ("本年新收", "上年结转", "申请人情况", "结转下年", "本年度办理结果", "法人或其他组织",
                                "商业企业", "三安全一稳定", "不掌握相关政府信息")):
        return REQUESTS
    if "复议" in words and "诉讼" in words and not ("指标名称" in words or "计量单位" in words):
        return REVIEW
    if ("第二十条" in words or "信息内容" in words or "主动公开政府信息情况" in words) or (
            sum(w in words for w in ("规章", "规范性文件", "行政许可", "行政处罚", "行政强制")) >= 3
            and "计量单位" not in words):
        return PROACTIVE
    return None


def _proactive_piece(grid: Sequence[Sequence[Cell]]) -> bool:
    """A piece of table 二 printed on its own with no header ("行政许可 | 452316"): every row a label
    naming one row of table 二 and figures, nothing else."""
    rows = [[c for c in row if c not in (None, "")] for row in grid]
    rows = [r for r in rows if r]
    return bool(rows) and len(rows) <= 4 and all(
        len(r) >= 2 and _names_one_proactive_row(r[0]) and all(is_value(c) for c in r[1:]) for r in rows)


def _kind_by_figures(grid: Sequence[Sequence[Cell]]) -> Optional[str]:
    """Table 四 (one row of 15 figures in three groups that add up) or 三 (20 rows of 7 figures
    or more) when no word says which."""
    review = figure_rows(grid, 15)
    if len(review) == 1 and all(_group_adds_up(review[0].cells, g) for g in range(3)):
        return REVIEW
    return REQUESTS if len(figure_rows(grid, 7)) >= 20 else None


def _group_adds_up(cells: Sequence[Cell], group: int) -> bool:
    amounts = [amount(c) for c in cells[group * 5:group * 5 + 5]]
    return None not in amounts and abs(sum(amounts[:4]) - amounts[4]) < 0.005


def fit_table(grid: Sequence[Sequence[Cell]], caption: str = "", year: Optional[int] = None,
              title: str = "", strict: bool = False) -> Optional[Fit]:
    """Fit any grid of cell texts to the template it holds (national 二/三/四 or an old
    statistics table). ``caption`` is the text right above the table, ``title`` the report's
    (for the year an old table's column names); ``year``, when known, decides the variant.
    Returns None when the grid holds none of them; a table its words name whose figures fit no
    placement comes back with every template cell unreadable (one known only by its figures: None).
    ``strict``: the figures were read by OCR; see ``corpus.placements.settle``."""
    if strict:
        grid = _read_off_a_scan(grid)
    grid = without_row_numbers([list(row) for row in grid])  # a 序号 column no template has
    old = fit_old(grid, caption, title)
    if old is not None:
        return old
    words = grid_words(grid, caption)
    named = _kind_by_words(words)
    kind = named or _kind_by_figures(grid) or (PROACTIVE if _proactive_piece(grid) else None)
    fit: Optional[Fit] = None
    if kind == REQUESTS:
        fit = fit_requests(figure_rows(grid, 7, _names_one_request_row), words, strict)
    elif kind == REVIEW:
        fit = (fit_review(figure_rows(grid, 15), strict) or _review_by_groups(figure_rows(grid, 5))
               or _review_from_pieces(grid, strict))
    elif kind == PROACTIVE:
        fit = fit_proactive(grid, year)
        if strict and fit is not None:
            fit = _amounts_with_their_point(fit)
    if fit is None and named:
        return _unreadable(named, year)  # the words say which table: its cells cannot be proven
    return fit


_RULE_RESTS = "[]|【】丨lLI！!"


def _read_off_a_scan(grid: Sequence[Sequence[Cell]]) -> Grid:
    """An OCR grid with its rows of figures made plain: a figure with a rest of a rule beside it
    ("[209", "206|") is that figure, any other text after the row's first figure is unreadable
    (None), so the row keeps its place. Nothing here decides a figure: the fit proves or drops it."""
    rows = [list(r) for r in grid]

    def plain(cell: Cell) -> Cell:
        if cell is None or is_value(cell):
            return cell
        core_text = cell.strip().strip(_RULE_RESTS).strip()
        core_text = "0" if core_text in ("o", "O", "〇", "○") else core_text  # a lone ring beside a rule
        return core_text if core_text and is_number(core_text) else None  # "02": a digit lost, unreadable

    def digits(cell: Cell) -> bool:  # a figure read wrong ("02": its first digit lost) is still a figure's cell
        return cell is not None and bool(re.fullmatch(r"\d[\d,.，．]*", cell.strip().strip(_RULE_RESTS).strip()))

    out = []
    for row in rows:
        figures = [i for i, c in enumerate(row) if is_number(plain(c)) or digits(c)]
        if len(figures) >= 2:  # a row of figures: the labels stand before its first figure
            row = row[:figures[0]] + [plain(c) for c in row[figures[0]:]]
        out.append(tuple(row))
    return tuple(out)


def _amounts_with_their_point(fit: Fit) -> Fit:
    """Read by OCR, table 二's money (行政事业性收费, 万元) has no identity to prove it, and its decimal
    point is the glyph a scan loses first (7730.28 read 773028): a whole number of five digits or more
    there is unreadable, not a figure a hundred times too large."""
    rows, lost = [], 0
    for row in fit.grid:
        if row and isinstance(row[0], str) and "收费" in row[0]:
            cells = tuple(None if c and re.fullmatch(r"\d{5,}", c.strip()) else c for c in row[1:])
            lost += sum(1 for a, b in zip(row[1:], cells) if a is not None and b is None)
            row = (row[0],) + cells
        rows.append(row)
    return Fit(fit.kind, tuple(rows), fit.proven - lost, fit.unreadable + lost) if lost else fit


def _unreadable(kind: str, year: Optional[int]) -> Fit:
    """The template of ``kind`` with every figure cell unreadable."""
    if kind == REQUESTS:
        keys = request_rows("2019" if year is not None and year <= 2020 else "2021")
        return _request_grid(keys, {k: (None,) * 7 for k in keys})
    if kind == REVIEW:
        return Fit(REVIEW, _REVIEW_HEADER + ((None,) * 15,), 0, 15)
    variant = "2019" if year is not None and year <= 2020 else "2021"
    rows = [Row("", (None,) * 3) for _, _, items in _PROACTIVE[variant] for _ in items]
    fit = _proactive_grid(variant, rows)
    return Fit(PROACTIVE, fit.grid, 0, fit.proven + fit.unreadable)
