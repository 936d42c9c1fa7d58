"""Shares in percent: a numerator over a denominator of one report (予以公开占办理结果的比例), the
share a report prints beside its numerator (…303条，占71.3%), and a department's share of its whole
place (综合执法局的行政处罚占全区的多少: over its place's government report). Used by
``qa.answering`` (a ratio plan) and ``qa.shapes`` (a share in each report of a series or ranking).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from qa.amounts import fmt_number
from qa.labels import describe
from qa.metric_words import column_groups
from qa.metrics import Candidate, _key_parts, coverage, glossary, same_metric
from qa.operation_words import PER_EACH, PER_HEAD, TIMES
from qa.operations import blank, comparable, computed, found, in_one_row, nearly_as_good, nothing, part_named
from qa.plan import MIN_RECALL, Pick, State, answerable
from qa.question import Question, unit_asked
from qa.results import Result


def default_denominator(num: Candidate, cands: list[Candidate]) -> Optional[Candidate]:
    """What a share is a share of, when the question does not say: the row's total column, the
    table's total row, or the printed parent row."""
    if num.key:
        table, row, column = _key_parts(num.key)
        wanted = []
        if column != "total":
            wanted.append(f"{row}.total")
        dens = glossary()["ratio_denominators"]
        prefix = max((p for p in dens if row == p or row.startswith(p + ".")), key=len, default=None)
        if prefix:
            wanted.append(f"{dens[prefix]}.{column}")
        for key in wanted:
            hit = next((c for c in cands if c.key == key and c.key != num.key), None)
            if hit:
                return hit
    if num.fact is not None and len(num.fact.row) > 1:
        parent = tuple(num.fact.row[:-1])
        return next((c for c in cands if c.fact is not None and c.fact.table == num.fact.table
                     and tuple(c.fact.row) == parent and c.fact.column == num.fact.column), None)
    return None


def _in_line_with(part: Candidate, whole: Candidate) -> bool:
    """Whether a table figure shares its row or its column with another (a part of that whole)."""
    if not part.key or not whole.key:
        return False
    _, row, column = _key_parts(part.key)
    _, whole_row, whole_column = _key_parts(whole.key)
    return row == whole_row or column == whole_column


def _group_of(part: Candidate, whole: Candidate) -> bool:
    """Whether a table figure is a part of a group another one totals: a row under the other's row, in
    the same column (不予公开·国家秘密 of 不予公开), or a column of the group the other's column sums, in
    the same row (商业企业 of 法人或其他组织)."""
    if not part.key or not whole.key or part.key == whole.key:
        return False
    table, row, column = _key_parts(part.key)
    whole_table, whole_row, whole_column = _key_parts(whole.key)
    if table != whole_table:
        return False
    if column == whole_column and row.startswith(whole_row + "."):
        return True
    if row == whole_row and whole_column == "total" and column != "total":
        return True  # (结果纠正 of 行政复议's 总计)
    return row == whole_row and column in column_groups().get(whole_column, ())


def _says_more(slots, cand: Candidate) -> bool:
    """Whether a denominator's wording names something the numerator's own figure does not
    ("new requests" against the granted requests of the results rows)."""
    grams = cand.grams("context")
    return any(coverage(s.alternatives[0], grams) < 0.99 for s in slots)


def _sum_of_parts(st: State, report, parts, signs=()) -> Optional[Candidate]:
    """The figures of several parts added up (or, with ``signs``, some taken away: 总计 − 尚未审结) as one
    computed candidate of table cells, or None when a part has no figure, two parts find the same one,
    or one is a sentence's."""
    picks = [answerable(st, report.id, part) for part in parts]
    if any(p is None for p in picks) or len({id(p.cand) for p in picks}) < len(picks):
        return None
    facts = [f for p in picks for f in (p.cand.inputs or ([p.cand.fact] if p.cand.fact is not None else []))]
    if any(p.cand.kind == "text" or p.cand.value is None for p in picks) or not facts:
        return None
    signs = tuple(signs) if len(signs) == len(picks) else (1,) * len(picks)
    value = sum(sign * p.cand.value for sign, p in zip(signs, picks))
    if value <= 0:
        return None
    said = fmt_number(picks[0].cand.value) + "".join(
        f" {'+' if sign > 0 else '−'} {fmt_number(p.cand.value)}" for sign, p in zip(signs[1:], picks[1:]))
    label = "、".join(describe(p.cand) for p in picks) + ("之和" if -1 not in signs else "之差")
    return replace(picks[0].cand, kind="computed", fact=None, inputs=tuple(facts), printed=None, key=None,
                   value=value, label=label, arithmetic="(" + said + ")", _grams={})


def ratio(q: Question, st: State, report) -> Result:
    """A share in percent: numerator ÷ denominator × 100; when the parts cannot be found, the
    share the report states itself in the question's words (公文主动公开率达90.2%)."""
    result = _computed_ratio(q, st, report)
    if result.status == "not_found":
        distinct = tuple({s.text: s for s in q.slots}.values())
        # "办结率是多少": the rate word is said with its noun (办结率100%), though the slot left it out
        distinct = tuple(replace(s, alternatives=(s.text + "率", *s.alternatives)) if s.text + "率" in q.text else s
                         for s in distinct)
        stated = answerable(st, report.id, distinct, "%")
        if stated is not None and stated.cand.unit == "%" and stated.fit.recall >= 0.9 and stated.fit.precision >= 0.6:
            return found(report, stated)
    return result


def _one_figure(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates are one printed figure (one cell, or one number of one sentence)."""
    return a is b or (a.fact is not None and a.fact is b.fact) or (
        a.figure is not None and b.figure is not None and a.figure.sentence == b.figure.sentence
        and a.value == b.value and a.figure.noun == b.figure.noun and a.figure.raw == b.figure.raw)


def _computed_ratio(q: Question, st: State, report) -> Result:
    n = max(1, min(q.numerators, len(q.parts)))
    nums = [answerable(st, report.id, part) for part in q.parts[:n]]
    if any(p is None for p in nums):
        return nothing(report, 0.6)
    if len({id(p.cand) for p in nums}) < len(nums):  # two things asked, one figure found for both
        return nothing(report, 0.6)
    if n >= 2:  # "（商业企业+…+法律服务机构+其他）÷本年新收": the addends of one row, a 其他 read in it too
        nums = [Pick(p.fit, c, p.ranked) for p, c in zip(nums, in_one_row(nums, [p.cand for p in nums]))]
    num = nums[0]
    places = decimals_asked(q.text)
    if num.cand.unit == "%" and n == 1 and _places(num.cand) < (places or 0):
        # "保留两位小数" of a share the report rounds (同意公开占比56%): its count, to compute the share
        counted = nearly_as_good(num, lambda c: c.unit not in (None, "%") and c.value is not None)
        num = counted if counted.cand.unit != "%" else num
        nums = [num]
    if num.cand.unit == "%" and n == 1:  # the report states the share itself (公文主动公开率达90.2%)
        return found(report, num)
    den = None
    if len(q.parts) > n + 1:  # a denominator spelt out as a sum ("÷（本年新收 + 上年结转）")
        den = _sum_of_parts(st, report, q.parts[n:], getattr(q, "den_signs", ()))
        if den is None:
            return nothing(report, 0.6)
    den_part = q.parts[n] if len(q.parts) > n and den is None else None
    if den_part is not None and any(_WHOLE_PLACE.search(s.text) for s in den_part):
        return _share_of_place(q, st, report, num, den_part)
    if n == 1 and den is None and den_part is None and num.cand.kind == "text":
        part = part_named(q, num)
        if part.cand is not num.cand:  # "食用农产品抽检的不合格率": the part its sentence names over the whole
            num, nums, den = part, [part], num.cand
    if den is None and den_part is not None and num.cand.key:
        # "国家秘密占不予公开的比例": the group the numerator's own row stands under, named by words the
        # numerator's label holds too; that group, not a guess
        whole = answerable(st, report.id, den_part)
        if whole is not None and not _group_of(num.cand, whole.cand):
            whole = nearly_as_good(whole, lambda c: _group_of(num.cand, c))
        if whole is not None and _group_of(num.cand, whole.cand):
            den = whole.cand
    guessed = den is None and (den_part is None or not _says_more(den_part, num.cand))
    if guessed:
        # no denominator, or only the numerator's own words ("申请" of "予以公开的申请占申请的比例")
        stated = _printed_share(st, report, num.cand, None, places) if n == 1 else None
        if stated is not None:  # "…1503条，占37.8%": the report says of what; the guess would not know
            return found(report, Pick(num.fit, stated, num.ranked))
        den = default_denominator(num.cand, st.candidates(report.id))
    if den is None and den_part is not None:
        den_pick = answerable(st, report.id, den_part)
        if den_pick is not None and num.cand.unit == "元" and den_pick.cand.unit != "元":
            # "what percentage of the fees it notified was actually collected": money over money (通知收取金额,
            # not 通知收取件数), when a figure in 元 says the words nearly as well
            den_pick = nearly_as_good(den_pick, lambda c: c.unit == "元" and c is not num.cand)
        den = den_pick.cand if den_pick else None
    if den is None or any(_one_figure(den, p.cand) for p in nums):
        return nothing(report)
    if n == 1 and den.value is not None and den.value == nums[0].cand.value and (
            (den.key and den.key == nums[0].cand.key) or {den.kind, nums[0].cand.kind} == {"text", "table"}):
        # "办公室新收的占全区新收总数的比例" read in one report: the one figure, in its table and its sentence,
        # over itself (the other report's whole was not understood): no share
        return nothing(report, 0.6)
    if n == 1 and den.key and num.cand.key and not _in_line_with(num.cand, den):
        # "what share of the new requests came from organisations": the part in its whole's row or column
        # (新收's 法人或其他组织), when one nearly as good is, not another row's organisations
        num = nearly_as_good(num, lambda c: _in_line_with(c, den) and c is not den)
        nums = [num]
    if n == 1 and den.kind == "text" and den.figure is not None and nums[0].cand.unit != den.unit:
        # "依申请公开的信息占全年制发信息的比例": of a sentence's whole in 条, the part that sentence lists
        # in 条 ("共制发政府信息412条，其中…依申请公开177条"), not the table's requests in 件
        listed = next((Pick(f, c, nums[0].ranked) for f, c in nums[0].ranked
                       if c.kind == "text" and c.unit == den.unit and f.recall >= MIN_RECALL and not _one_figure(c, den)
                       and c.figure is not None and c.figure.sentence == den.figure.sentence), None)
        if listed is not None:
            nums, num = [listed], listed
    whole = _whole_of_listed(q, num.cand, den, st.candidates(report.id))
    if whole is not None:
        den = whole
    elif whole is None and _listed_together(num.cand, den) and _WHOLE_ASKED.search(q.text):
        return nothing(report, 0.6)  # "占…总数": a sibling of the list is no total
    empty = next((c for c in [p.cand for p in nums] + [den] if c.blank or c.value is None), None)
    if empty is not None:
        return blank(report, empty)
    if not den.value:
        return nothing(report)
    top = sum(p.cand.value for p in nums)
    per_unit = (PER_EACH.search(q.text) or PER_HEAD.search(q.text)) and not TIMES.search(q.text)
    if per_unit and den.unit == nums[0].cand.unit and abs(den.value - top) < 1e-9:
        return nothing(report, 0.6)  # "平均每件减免多少元": the amount over itself is no average
    asked = unit_asked(q.text)  # (the question's own unit: a share's Question keeps "%")
    if per_unit and n == 1 and asked and den.unit == asked != num.cand.unit and num.cand.value:
        # "办理减免税91件…平均每件减免多少元": the figure in the unit asked over the count of the things
        nums, den, top = [Pick(num.fit, den, num.ranked)], num.cand, den.value
    if per_unit:
        # "信息处理费平均到每件申请", "工作人员人均处理多少件申请": in the first's unit
        value = top / den.value
        quote = f"{fmt_number(top)} ÷ {fmt_number(den.value)} = {fmt_number(round(value, 4))}"
        return computed("ratio", report, value, nums[0].cand.unit, quote, [p.cand for p in nums] + [den],
                        rounded=True, nums=[p.cand for p in nums], den=den,
                        per="head" if PER_HEAD.search(q.text) and not PER_EACH.search(q.text) else True)
    if TIMES.search(q.text):  # "行政复议是行政诉讼的几倍": one figure over the other
        value = top / den.value
        quote = f"{fmt_number(top)} ÷ {fmt_number(den.value)} = {value:.2f}倍"
        return computed("ratio", report, value, "倍", quote, [p.cand for p in nums] + [den], rounded=True,
                        nums=[p.cand for p in nums], den=den)
    value = top / den.value * 100
    if value > 100 + 1e-9 and _PART_OF.search(q.text):  # "what share of X was Y": Y is a part of X
        return nothing(report, 0.6)
    shown = " + ".join(fmt_number(p.cand.value) for p in nums)
    shown = f"({shown})" if n > 1 else shown
    below = den.arithmetic if den.kind == "computed" and den.arithmetic.startswith("(") else fmt_number(den.value)
    quote = f"{shown} ÷ {below} × 100% = {value:.2f}%"
    printed = _printed_share(st, report, num.cand, value, places) if n == 1 else None
    if printed is not None:  # "州直各单位主动公开303条，占71.3%": the report's own share, as printed
        return found(report, Pick(num.fit, printed, num.ranked))
    return computed("ratio", report, value, "%", quote, [p.cand for p in nums] + [den], rounded=True,
                     nums=[p.cand for p in nums], den=den)


# "占…总数", "of all …": the whole asked, not a thing beside the numerator
_WHOLE_ASKED = re.compile(r"(?:占|of)[^？?]{0,20}?(?:总数|总量|总计|全部|所有|\btotal\b|\ball\b)", re.I)


def _listed_together(num: Candidate, den: Candidate) -> bool:
    """Whether two prose figures are items of one list after 其中 ("共432条，其中主动公开99条，依申请
    公开311条")."""
    a, b = num.figure, den.figure
    if a is None or b is None or a.sentence != b.sentence or "其中" not in a.sentence:
        return False
    after = a.sentence.find("其中")
    return a.sentence.find(a.raw, after) > after and a.sentence.find(b.raw, after) > after


def _whole_of_listed(q: Question, num: Candidate, den: Candidate, candidates: list) -> Optional[Candidate]:
    """The whole a list after 其中 is of (共432条), when the question asks a share of a total and the
    denominator found is another item of that list; None otherwise."""
    if not _WHOLE_ASKED.search(q.text) or not _listed_together(num, den):
        return None
    sentence = num.figure.sentence
    before = sentence[:sentence.find("其中")]
    wholes = [c for c in candidates if c.kind == "text" and c.figure is not None and c.figure.sentence == sentence
              and c.unit == num.unit and c.figure.raw in before and (c.value or 0) >= (num.value or 0)]
    return wholes[-1] if wholes else None


# a share of a whole ("占…的比例", "what share of"): never over 100 %; a figure found over it is the wrong one
_PART_OF = re.compile(r"占|比例|比重|占比|百分之几|几成|公开率|办结率|\b(?:share|proportion|fraction|percentage) of\b",
                      re.I)
_WHOLE_PLACE = re.compile(r"全(?:区|市|县|省|州|盟|旗|镇|乡)|整个\S{0,6}|(?:the )?whole (?:zone|city|county|district|province)")


def government_report(st: State, report):
    """The report of the government of a department's place for the same year (平潭综合实验区 for
    平潭综合实验区综合执法与应急管理局), or None."""
    from qa.agencies import read_name

    places = read_name(report.agency).places
    for agency in st.agencies:
        name = read_name(agency)
        if name.government and name.places == places and agency != report.agency:
            held = st.reports_of({agency}, [report.year])
            if held:
                return held[0]
    return None


def _share_of_place(q: Question, st: State, report, num: Pick, den_part) -> Result:
    """A department's share of its whole place ("综合执法局的行政处罚占全区的百分之多少"): its figure
    over the same figure in its place's government report of that year."""
    whole = government_report(st, report)
    if whole is None:
        return nothing(report)
    words = tuple(s for s in den_part if not _WHOLE_PLACE.search(s.text)) or q.parts[0]
    den = same_metric(num.cand, st.candidates(whole.id))
    if den is None:
        den_pick = answerable(st, whole.id, words)
        den = den_pick.cand if den_pick and comparable(den_pick.cand, num.cand) else None
    if den is None or num.cand.blank or num.cand.value is None:
        return nothing(report)
    if den.blank or not den.value:
        return blank(whole, den)
    value = num.cand.value / den.value * 100
    quote = f"{fmt_number(num.cand.value)} ÷ {fmt_number(den.value)} × 100% = {value:.2f}%"
    return computed("ratio", report, value, "%", quote, [num.cand, den], rounded=True, nums=[num.cand], den=den,
                    whole=whole)


_DECIMALS_ASKED = re.compile(r"([一二两三四1-4])位小数|\b(one|two|three|four|[1-4]) decimal(?: place)?s?\b", re.I)
_PLACES = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "one": 1, "two": 2, "three": 3, "four": 4}


def decimals_asked(text: str) -> Optional[int]:
    """How many decimals the question asks for ("保留两位小数", "two decimals please"); None if it does not say."""
    m = _DECIMALS_ASKED.search(text)
    word = (m.group(1) or m.group(2)).lower() if m else None
    return None if word is None else int(word) if word.isdigit() else _PLACES[word]


def _places(cand: Candidate) -> int:
    """How many decimals a prose figure is printed with (56% 0, 71.3% 1)."""
    raw = getattr(cand.figure, "raw", "") or ""
    m = re.search(r"\.(\d+)", raw)
    return len(m.group(1)) if m else 0


def _printed_share(st: State, report, num: Candidate, value: Optional[float],
                   places: Optional[int] = None) -> Optional[Candidate]:
    """The share the report prints right after the numerator's figure (``…303条，占71.3%``: the
    prose figure named after it with 占比): when ``value`` is given, only if it is the computed
    share rounded as printed; with None (no denominator asked), whatever it is. Not one printed with
    fewer decimals than the question asks for (``places``: 保留两位小数 of 56%): that share is computed."""
    if num.kind != "text":
        return None
    for cand in st.candidates(report.id):
        if places and _places(cand) < places:
            continue
        if cand.kind == "text" and cand.unit == "%" and cand.value is not None and cand.label == f"{num.label}占比":
            if value is None or any(round(value, places) == cand.value for places in (0, 1, 2)):
                return cand
    return None
