"""Resolving and computing one report's figures (or one agency's two years): the figures a plan
needs, found among the reports' candidates (``qa.metrics``), and what the question does with them:
a lookup and a gap between two metrics here; a share in ``qa.shares``, a change between years in
``qa.changes``. Each returns a ``Result``
naming every figure it used and its arithmetic (``quote``); none writes a sentence (``qa.phrasing``
does, once). Answers of several figures (rankings, sums across reports, series, lists) are in
``qa.shapes``, built on the helpers here.

Figures in different units are never added or subtracted (``comparable``).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Optional

from qa.amounts import fmt_number
from qa.labels import describe
from qa.metric_words import column_groups, metric_slots
from qa.metrics import Candidate, Fit, _key_parts, best, clean_label, fact_candidate, same_unit_group, so_far_said
from qa.operation_words import EACH, LIST_ZH_RE, PERCENT_GAP, UNDIRECTED
from qa.plan import MIN_RECALL, TIE, Pick, State, answerable, pick, report_entry
from qa.question import Question, asking_clause
from qa.quotes import quoted_figure
from qa.results import Result

_DECREASE = re.compile(r"减少|下降|少了|降低|降了|掉了|跌了|回落|缩减|少[^，,。？?多少]{0,5}多少|少了?几|低了?(?:多少|几)|"
                       r"decrease|decline|fell|fall|drop|"
                       r"fewer|less", re.I)
_INCREASE = re.compile(r"增加|增长|上升|升了|升高|涨|多了|提高|多[^，,。？?多少]{0,5}多少|多几|高了?(?:多少|几)|"
                       r"increase|grew|grow|rise|rose|more", re.I)


def falling(text: str) -> bool:
    """Whether the question asks for a fall as a positive figure ("下降了多少"); one that asks for a
    signed change ("以负数表示", "as a negative number") gets the change itself."""
    return bool(_DECREASE.search(text)) and not _INCREASE.search(text) and not _SIGNED.search(text)


_SIGNED = re.compile(r"负数|负值|正负|带符号|negative|signed", re.I)


def blank(report, cand: Candidate) -> Result:
    """A figure the computation needs is missing: left blank by the report (not reported), or
    lost by the file's rendering (unreadable: not found, never called blank)."""
    if cand.unreadable:
        return Result("not_found", "unreadable", report=report, cand=cand, confidence=0.5)
    return Result("not_reported", "blank", report=report, cand=cand, confidence=0.7)


def nothing(report=None, confidence: float = 0.5) -> Result:
    return Result("not_found", "nothing_means", report=report, confidence=confidence)


def candidate_entry(report, cand: Candidate) -> dict:
    """One entry of ``Answer.candidates``: a report and the figure it holds."""
    return {"report": report_entry(report), "label": cand.label, "value": cand.value, "unit": cand.unit,
            "kind": cand.kind}


# ---------------------------------------------------------------- one figure


# "等候时间由42分钟缩至19分钟": which end of a change the question asks for; the end it came to
# unless it asks where it started
_FROM_ASKED = re.compile(r"原来|原先|原本|本来|以前|之前|此前|改革前|起初|最初|由多少|从多少|\b(?:before|originally|used to)\b",
                         re.I)


def _end_asked(q: Question, top: Pick) -> Pick:
    """Of a change the prose states between two figures (由A缩至B), the end the question asks for:
    the figure it came to, or the one it started from when the question says so (原来, before)."""
    figure = top.cand.figure
    if figure is None or figure.direction is None:
        return top
    want = "from" if _FROM_ASKED.search(q.text) else "to"
    if figure.direction == want:
        return top
    twin = next(((f, c) for f, c in top.ranked[:10] if c.figure is not None and c.figure.direction == want
                 and c.figure.sentence == figure.sentence and c.label == top.cand.label), None)
    return Pick(twin[0], twin[1], top.ranked) if twin else top


def _as_of_the_date(q: Question, top: Pick) -> Pick:
    """A state asked on a day ("as of January 18, 2023, how many followers"): of one sentence's figures in
    one unit, the one its own clause says so of (截至…累计总关注用户1752人), not the year's (全年…618人)."""
    if not q.dated or top.cand.kind != "text" or top.cand.figure is None or so_far_said(top.cand):
        return top
    sentence = top.cand.figure.sentence
    mate = next(((f, c) for f, c in top.ranked[1:10] if c.kind == "text" and c.figure is not None
                 and c.figure.sentence == sentence and c.unit == top.cand.unit and so_far_said(c)
                 and f.recall >= MIN_RECALL), None)
    return Pick(mate[0], mate[1], top.ranked) if mate else top


def part_named(q: Question, top: Pick) -> Pick:
    """Of two figures of one sentence in one unit, the later when the question names the earlier's
    noun and also a word (three characters or more) that only the later one's own noun says, once in the
    sentence (其他应主动公开政府信息 says 主动公开政府信息 of the whole again, no part of it): "全年完成
    11541批次食用农产品抽检，检出不合格产品38批次", asked "抽检不合格的有多少批次", names the whole to say
    what the 38 are a part of. Without such a word ("抽检了多少批次"), the earlier one stays."""
    figure = top.cand.figure if top.cand.kind == "text" else None
    here = figure.sentence.find(figure.raw) if figure is not None else -1
    if here < 0:
        return top
    asked = " ".join(s.text for s in q.slots)  # the metric's words (not the agency's: 佛山生态环境局)
    whole = _shared_words(top.cand.label, asked)
    for f, c in top.ranked[1:12]:
        later = c.figure
        if (c.kind != "text" or later is None or later.sentence != figure.sentence or c.unit != top.cand.unit
                or c.value == top.cand.value or later.sentence.find(later.raw) <= here):
            continue
        if not any(len(w) >= 2 and w not in c.label for w in whole):
            continue  # the question does not name the whole in words of its own
        if any(len(w) >= 3 and w not in top.cand.label and figure.sentence.count(w) == 1
               for w in _shared_words(c.label, asked)):
            return Pick(f, c, top.ranked)
    return top


def prose_parts(whole: Candidate, candidates: list) -> list:
    """The figures a prose figure is made of ("主动公开99条，其中，政策类5条，…科教卫健类74条，其他类9条"):
    those after its 其中 in its sentence, in its unit, one after another, until they add up to it; a
    figure that would take them past it is none of them (the parts a report lists may fall short of
    its whole: 2599条，其中… eleven kinds adding up to 2533)."""
    figure = whole.figure
    if figure is None or whole.value is None:
        return []
    at = figure.sentence.find(figure.raw)
    if at < 0 or "其中" not in figure.sentence[at:]:
        return []
    prose = [c for c in candidates if c.kind == "text" and c.figure is not None and c.figure.section == figure.section]
    start = next((k for k, c in enumerate(prose) if c is whole), None)
    same, sentence = [], figure.sentence  # its sentence, and those a semicolon runs it on into ("…1600人次；电话咨询…")
    for c in prose[start + 1:] if start is not None else ():
        if c.figure.sentence != sentence:
            if not sentence.rstrip().endswith(("；", ";")):
                break
            sentence = c.figure.sentence
        same.append(c)
    parts, total = [], 0.0
    for c in same:
        if c.unit == "%" != whole.unit:
            continue  # (each part's share said beside it: "现场咨询1600人次，占32.65%")
        if c.unit != whole.unit or c.value is None or total + c.value > whole.value + 1e-6:
            break
        parts.append(c)
        total += c.value
    return parts if len(parts) >= 2 else []


def whole_unless_part_named(q: Question, st: State, report, top: Pick) -> Pick:
    """Of a sentence's whole and the parts listed after its 其中 ("约4900人次…咨询…，其中现场咨询1600人次"), the
    whole when the question says none of the words the part has and the whole has not (现场): "全年约有多少人次
    咨询" asks the 4900; "同意公开了几条" the part 同意公开答复数."""
    part = top.cand
    if part.kind != "text" or part.figure is None:
        return top
    asked = " ".join([s.text for s in q.slots] + [a for s in q.slots for a in s.alternatives])
    candidates = st.candidates(report.id)
    for f, c in top.ranked[1:12]:
        if c.kind != "text" or c.figure is None or c.figure.section != part.figure.section or f.recall < MIN_RECALL \
                or not any(p is part for p in prose_parts(c, candidates)):
            continue  # (a whole of another section has none of its parts: no look through them)
        own = part.label
        for w in _shared_words(part.label, c.label):
            own = own.replace(w, "|")
        own_words = re.findall(r"[\u4e00-\u9fff]{2,}", own)
        if own_words and not any(w[k:k + 2] in asked for w in own_words for k in range(len(w) - 1)):
            return Pick(f, c, top.ranked)
    return top


def _shared_words(label: str, text: str) -> list[str]:
    """The longest runs of Chinese characters of ``label`` that ``text`` also says."""
    runs, i = [], 0
    while i < len(label):
        j = i
        while j < len(label) and "\u4e00" <= label[j] <= "\u9fff" and label[i:j + 1] in text:
            j += 1
        if j > i:
            runs.append(label[i:j])
        i = max(j, i + 1)
    return runs


_QUOTED_WORDS = re.compile(r"[“\"「『]([^”\"」』]{2,20})[”\"」』]")


def _said_in(quoted: str, label: str) -> bool:
    """Whether a label says words a question quotes, four characters of them running (“（三）不予公开” is
    said by "不予公开 › 3.危及…": the item's number and marks aside)."""
    words = re.sub(r"[^\u4e00-\u9fff]", "", re.sub(r"[（(][一二三四五六七八九十\d]+[）)]", "", quoted))
    return words in label or any(words[k:k + 4] in label for k in range(max(0, len(words) - 3)))


def _label_quoted(q: Question, top: Pick) -> Pick:
    """The figure whose label says the words the question quotes (“其他处理”), when the best one only
    says them in other words (法人或其他组织 › 其他) and one that says them fits nearly as well."""
    quoted = [t for t in _QUOTED_WORDS.findall(q.text) if re.search(r"[\u4e00-\u9fff]", t)]
    if not quoted or all(t in top.cand.label for t in quoted):
        return top
    alt = next(((f, c) for f, c in top.ranked[:20] if all(t in c.label for t in quoted)
                and f.recall >= MIN_RECALL and f.score >= top.fit.score - 0.3), None)
    return Pick(alt[0], alt[1], top.ranked) if alt else top


def located(q: Question, st: State, reports: list) -> Result:
    """Where a figure the question gives stands ("有没有提到1136这个数，在哪", "769是哪一行"): every table
    cell and prose figure of the reports that prints that number (as typed, or that amount in base
    units: 3940 of 3,940元), table cells first; the report does not have it when none does."""
    typed = q.located or ""
    scale = {"万": 1e4, "亿": 1e8}.get(typed[-1:], 1.0)
    number = float(typed.rstrip("万亿"))
    hits = []
    for report in reports:
        for c in st.candidates(report.id):
            if c.kind == "computed" or c.value is None or c.blank:
                continue
            raw = c.fact.raw if c.fact is not None else (c.figure.raw if c.figure is not None else "")
            printed = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", raw or "")]
            if number in printed or abs(c.value - number * scale) < 1e-6 * max(1.0, abs(c.value)):
                hits.append((report, c))
    if not hits:
        return nothing(reports[0] if len(reports) == 1 else None, 0.7)
    hits.sort(key=lambda rc: rc[1].kind == "text")  # the table's cell first, the sentences that say it after
    seen, points = set(), []
    for report, c in hits:
        if (report.id, c.label) not in seen:
            seen.add((report.id, c.label))
            points.append((report, c, c.label))
    first_report, first = hits[0]
    if len(points) == 1:  # one place prints it: that figure, with its source
        return found(first_report, Pick(Fit(1.0, 1.0, 1.0, 1.0), first, []))
    return Result("answered", "list", report=first_report, used=tuple(c for _, c in hits[:8]), points=tuple(points[:8]),
                  value=first.value, unit=first.unit, confidence=0.85 if len({c.value for _, c in hits}) == 1 else 0.6)


def lookup(q: Question, st: State, reports: list) -> Result:
    """A figure printed in one report (or a total its table does not print). Several reports that
    hold it while the question names no year (or no agency) are not guessed between."""
    if getattr(q, "located", None):  # "有没有提到1136这个数，在哪": where the figure given stands
        return located(q, st, reports)
    quoted = quoted_figure(q.text, st, reports)
    if quoted is not None:  # “…申请___件，共办结148件”，空里填多少: the figure at the blank
        return found(*quoted)
    slots = q.parts[0] if len(q.parts) == 1 else q.slots
    prose = getattr(q, "prose_asked", False)
    picks = [(r, pick(st, r.id, slots, q.unit, kinds=("text",) if prose else ("table", "computed", "text")))
             for r in reports]
    picks = [(r, p) for r, p in picks if p is not None]
    if prose and not any(p.fit.recall >= MIN_RECALL for _, p in picks):  # the prose does not say it: the tables
        prose = False
        picks = [(r, p) for r, p in ((r, pick(st, r.id, slots, q.unit)) for r in reports) if p is not None]
    if getattr(q, "table_asked", False) and not prose:  # "表里…到底几件": the table's figure, if one fits
        picks = [(r, _in_a_table(p)) for r, p in picks]
    if not picks:
        return nothing(reports[0], 0.6) if len(reports) == 1 else Result("not_found", "no_metric", confidence=0.6)
    picks.sort(key=lambda rp: -rp[1].fit.score)
    top_report, top = picks[0]
    if top.fit.recall < MIN_RECALL:
        # "拿“三类内部事务信息”当挡箭牌？这个理由一共拒了多少件": the row quoted as the table prints it
        quoted = quoted_row(q, st, reports)
        if quoted is not None:
            return found(*quoted)
        return Result("not_found", "nothing_means", report=top_report, confidence=0.6)
    if q.unit in ("元", "%") and len(picks) == 1:
        # money asked: the figures in another unit are neither the answer nor rivals of it
        top = in_unit_asked(q, top)
        if top is None:
            return nothing(top_report, 0.6)
        top = Pick(top.fit, top.cand, [(f, c) for f, c in top.ranked if c.unit in (None, q.unit)])
    # Several reports fit: equally well, or (no year or no agency named) well enough to be meant.
    loose = not q.years or not q.agencies
    margin = 0.35 if loose else TIE
    tied = [(r, p) for r, p in picks[1:] if p.fit.score >= top.fit.score - margin and p.fit.recall >= MIN_RECALL
            and (r.agency != top_report.agency or r.year != top_report.year)]
    if loose and len(reports) > 1 and not q.agencies and not q.years:
        tied = tied or [(r, p) for r, p in picks[1:] if p.fit.recall >= MIN_RECALL]
    if tied:
        return Result("ambiguous", "which_report", confidence=0.3, candidates=tuple(
            candidate_entry(r, p.cand) for r, p in [(top_report, top)] + tied[:7]))
    if EACH.search(q.text) and len(slots) >= 2 and top.fit.direct < 0.95:
        # "A和B分别是多少" read as one metric: one figure would answer only part of it
        each = [answerable(st, top_report.id, (s,)) for s in slots]
        found_each = list({id(p.cand): p.cand for p in each if p is not None}.values())
        if len(found_each) >= 2:
            return Result("ambiguous", "which_metric", confidence=0.3, candidates=tuple(
                candidate_entry(top_report, c) for c in found_each[:6]))
    top = _label_quoted(q, top)
    asked_quoted = _QUOTED_WORDS.findall(q.text)
    chinese_quoted = [t for t in asked_quoted if re.search(r"[\u4e00-\u9fff]", t)]
    own = _QUOTED_WORDS.findall(top.cand.label)
    if own and chinese_quoted and not any(_said_in(t, top.cand.label) for t in chinese_quoted) \
            and not any(o in q.text for o in own):
        # "因“商业秘密”不予公开的" where only the row "（1）“国家秘密”数" is read: the report's file gives no
        # row the question quotes; never its sibling
        return Result("not_reported", "silent", report=top_report, confidence=0.6)
    rivals = [(f, c) for f, c in top.ranked[1:6] if f.score >= top.fit.score - 0.01 and c.kind != "text"
              and top.cand.kind != "text" and c.value != top.cand.value and c.label != top.cand.label]
    quoted = [t for t in asked_quoted if t in top.cand.label]
    rivals = [(f, c) for f, c in rivals if all(t in c.label for t in quoted)]  # (“其他处理”: not 其他 of 法人…)
    parent = _parent_of_all([top.cand] + [c for _, c in rivals]) if rivals else None
    if parent is None and rivals and _ASKS_THE_WHOLE.search(q.text):
        # "办理的依申请公开一共多少件": of a group's rows that fit alike, 一共 asks for the group's 总计 row
        parent = _total_of_all([top.cand] + [c for _, c in rivals])
    if parent is not None:
        # "受理依申请公开信息总数" fits its row and the rows under it (其中：1.当面申请数 …) equally:
        # the words name the row itself, not a part of it they do not say
        top, rivals = next(Pick(f, c, top.ranked) for f, c in top.ranked[:6] if c is parent), []
    if rivals:
        return Result("ambiguous", "which_metric", confidence=0.3, candidates=tuple(
            candidate_entry(top_report, c) for c in [top.cand] + [c for _, c in rivals]))
    top = in_unit_asked(q, top)
    if top is None:  # money asked, and nothing of the report that fits is money
        return nothing(top_report, 0.6)
    top = _as_of_the_date(q, whole_unless_part_named(q, st, top_report, part_named(q, _end_asked(q, top))))
    if top.fit.recall < 1.0 and _said_without_a_figure(q, st, top_report, top.cand):
        # "公开了多少条核准企业资质信息": the report's sentence names it with no figure ("公开核准企业资质条、
        # 施工许可证64条"); a figure that does not say those words is not its figure
        return Result("not_reported", "silent", report=top_report, confidence=0.6)
    scale = _SCALE_ASKED.search(q.text)
    if scale and top.cand.value is not None and top.cand.value < _SCALES[scale.group(1)]:
        # "网站群浏览量多少亿次": a figure of that size (11.61亿次), when one nearly as good is
        top = nearly_as_good(top, lambda c: c.value is not None and c.value >= _SCALES[scale.group(1)])
    if q.unit and q.unit not in ("元", "%") and top.cand.unit not in (None, q.unit):
        # "依申请公开多少条": the prose's 177条 that says the words, not the table's 件 of another meaning
        said = next(((f, c) for f, c in top.ranked[:10] if c.kind == "text" and c.unit == q.unit
                     and f.recall >= MIN_RECALL and f.direct >= 0.9 and f.score >= top.fit.score - 0.3), None)
        # "依申请公开的政府信息有多少条": 依申请公开177条 of a sentence about 政府信息, which says every word asked
        main = {s.text for s in q.slots if s.from_glossary}
        said = said or next(((f, c) for f, c in top.ranked[:30] if c.kind == "text" and c.unit == q.unit
                             and c.figure is not None and f.recall >= MIN_RECALL and main
                             and all(m in c.label for m in main)
                             and _slots_said(q, c.label + " " + c.figure.sentence) >= {s.text for s in q.slots}), None)
        # "区县已入驻的审批服务部门一共受理了多少件申请": of one sentence's figures, the one in the unit asked
        # whose own words say what the other's do not (受理申请121510件, not the 13个 departments)
        said = said or _beside_in_unit(q, top)
        if said is None and _AVERAGE_ASKED.search(q.text) and top.cand.unit in _COUNT_UNITS and q.unit in _COUNT_UNITS \
                and not same_unit_group(q.unit, top.cand.unit):
            # "每篇文章平均被阅读多少次": an average asked in 次, and only a count in 篇 found: not that count
            return nothing(top_report, 0.6)
        if said is None and _main_words_unsaid(q, top.cand):
            # "发布了多少篇政策解读": 发布信息163条 of a sentence that does not say 政策解读 (another sentence
            # of its paragraph may), in another unit: the report does not give the figure asked; "网上提交的申请
            # 有多少件": not the 网上调查3期 of a sentence about no 申请
            return Result("not_reported", "silent", report=top_report, confidence=0.6)
        top = Pick(said[0], said[1], top.ranked) if said else top
    if _opposite_state(q, top.cand):
        # "在运维的政务新媒体多少个" of "对3个…政务新媒体予以关停注销": the ones shut, not those running
        return Result("not_reported", "silent", report=top_report, confidence=0.6)
    if top.cand.kind != "text" and q.unit in _COUNT_UNITS and top.cand.unit in _COUNT_UNITS \
            and not same_unit_group(q.unit, top.cand.unit) and _weighty_unsaid(q, top.cand):
        # "组织了几次培训": a table's count in 件 that says nothing of 培训 (its 法人或其他组织 shares 组织 only)
        return Result("not_reported", "silent", report=top_report, confidence=0.6)
    if _sibling_said(q, top.cand):
        # "被提起行政诉讼多少件" of "收到…行政复议0件" under the heading "申请行政复议、提起行政诉讼…": the
        # sentence counts the other one, its heading names both; the report does not give this one
        return Result("not_reported", "silent", report=top_report, confidence=0.6)
    average = _per_item(q, top, top_report)
    if average is not None:  # "每篇文章平均被阅读多少次": the 次 over the 篇 its sentence counts
        return average
    top = top if prose else prefer_table(top, q.unit)
    if top.cand.kind == "text" and top.cand.key not in q.keys and not prose:
        # the table's own cell for what was asked is blank: a sentence's figure of something else
        # ("信息公开处理费0元" for 行政事业性收费) is not the answer
        left_blank = next((c for c in st.candidates(top_report.id) if c.key and c.key in q.keys and c.blank), None)
        if left_blank is not None:
            return blank(top_report, left_blank)
    if top.cand.filled and _NAMES_THE_TOTAL.search(asking_clause(q.text)):
        # "予以公开那一行的总计栏": the 总计 cell itself, which the table leaves blank ("总计栏是空的，那到底
        # 予以公开了多少件" asks how many, which the parts say)
        return blank(top_report, replace(top.cand, blank=True, value=None))
    if top.cand.printed is not None and top.cand.fact is not None and _ASKS_THE_WHOLE.search(q.text):
        # "行政复议总计几件", "一共多少件" of a table whose 总计 cannot be right: the total asked for, as
        # printed, with the sum of its parts beside it (both figures, and the check that failed); "有几件"
        # asks how many there were, which the parts say
        printed = Pick(top.fit, fact_candidate(top.cand.fact), top.ranked)
        result = found(top_report, printed, guessed_report=not q.agencies)
        return replace(result, detail={**result.detail, "sum_of_parts": top.cand})
    return found(top_report, top, guessed_report=not q.agencies)


def _said_without_a_figure(q: Question, st: State, report, cand: Candidate) -> bool:
    """Whether the words of the question that the chosen figure does not say (none the glossary knows)
    all stand in one item of a list in the report's prose whose number is missing ("公开核准企业资质条、
    施工许可证64条": the item, then its unit with no figure): the report names it and leaves its number out."""
    said = _slots_said(q, cand.context + " " + cand.label)
    missing = [s.text for s in q.slots if not s.from_glossary and s.weight >= 1.0
               and re.fullmatch(r"[\u4e00-\u9fff]{2,8}", s.text) and s.text not in said]
    if not missing:
        return False
    stems = [m if len(m) <= 3 else m[:2] for m in missing]  # "资质信息": 资质
    for section in st.report(report.id).sections:
        for passage in section.passages:
            for m in _NO_FIGURE_ITEM.finditer(getattr(passage, "text", "") or ""):
                if all(stem in m.group(1) for stem in stems):
                    return True
    return False


# an item of a list of counted items whose unit follows its words with no figure, the next item counted
# in the same unit ("核准企业资质条、施工许可证64条")
_NO_FIGURE_ITEM = re.compile(r"([^、，,；;。：:\d]*?[\u4e00-\u9fff])(条|件|个|项|篇|人次)、(?=[^、，,；;。\d]{1,20}\d+\s*\2)")


# "多少亿次", "几百万人次": the size of the figure asked (not "多少万元", money asked in a unit)
_SCALE_ASKED = re.compile(r"(?:多少|几)(亿|千万|百万|十万|万)(?!元)")
_SCALES = {"亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4}
# the question names the total cell itself: its printed figure is what it asks for
_NAMES_THE_TOTAL = re.compile(r"总计|合计|小计|\btotal (?:row|cell|line)\b|\bprinted total\b", re.I)
# ... or asks for the total in words (一共, 总共, in total): what the total cell prints
_ASKS_THE_WHOLE = re.compile(_NAMES_THE_TOTAL.pattern + r"|一共|总共|共计|总数|\bin total\b|\baltogether\b|\btotal (?:number|count|figure)\b", re.I)


def _parent_of_all(cands: list) -> Optional[Candidate]:
    """The table figure whose row the others' rows are under, in the same column, when there is one."""
    facts = [c.fact for c in cands]
    if any(f is None for f in facts):
        return None
    for c in cands:
        row, column, table = tuple(c.fact.row), tuple(c.fact.column), c.fact.table
        if all(o is c or (o.fact.table == table and tuple(o.fact.column) == column
                          and len(o.fact.row) > len(row) and tuple(o.fact.row[:len(row)]) == row) for o in cands):
            return c
    return None


def _total_of_all(cands: list) -> Optional[Candidate]:
    """The table figure of a 总计/合计 row beside the others' rows (under the same heading, in the same
    column), when there is one."""
    facts = [c.fact for c in cands]
    if any(f is None for f in facts):
        return None
    totals = [c for c in cands if c.fact.row and re.search(r"总计|合计", c.fact.row[-1])]
    if len(totals) != 1:
        return None
    total = totals[0]
    head, column, table = tuple(total.fact.row[:-1]), tuple(total.fact.column), total.fact.table
    if all(o is total or (o.fact.table == table and tuple(o.fact.column) == column
                          and tuple(o.fact.row[:len(head)]) == head) for o in cands):
        return total
    return None


def in_unit_asked(q: Question, top: Pick) -> Optional[Pick]:
    """The chosen figure in the unit the question asks for money or a share in (元, %): the best
    figure in that unit that still says the question's wording, or None when there is none (a
    count of 件 is never the answer to "收了多少钱")."""
    if q.unit == "日":  # a time asked: only a figure in days answers it
        days = [(f, c) for f, c in top.ranked[:60] if c.unit and re.search(r"[日天]", c.unit) and f.recall >= MIN_RECALL]
        return Pick(days[0][0], days[0][1], top.ranked) if days else None
    if q.unit not in ("元", "%") or top.cand.unit in (None, q.unit):
        return top
    in_unit = [(f, c) for f, c in top.ranked[:60] if c.unit == q.unit and f.recall >= MIN_RECALL]
    # "办理下岗失业人员减免税91件，减免金额219062.78元": the amount of the sentence that names the thing
    in_unit.sort(key=lambda fc: _apart(top.cand, fc[1]))
    return Pick(in_unit[0][0], in_unit[0][1], top.ranked) if in_unit else None


def _apart(a: Candidate, b: Candidate) -> float:
    """How far figure b stands from figure a: in the same sentence, the characters from a to b (one
    after a first: "减免税7件，减免金额21470.27元"); else farther than any sentence."""
    fa, fb = a.figure, b.figure
    if fa is None or fb is None or fa.sentence != fb.sentence:
        return 1e9
    at = [re.search(r"(?<![\d.])" + re.escape(f.raw) + r"(?![\d.])", f.sentence) for f in (fa, fb)]
    if not all(at):
        return 1e8
    ia, ib = at[0].start(), at[1].start()
    return ib - ia if ib >= ia else 1e6 + ia - ib


_QUOTED_LABEL = re.compile(r"[“\"「『]([^“”\"「」『』]{3,40})[”\"」』]")


def quoted_row(q: Question, st: State, reports: list):
    """(report, pick) for a question that quotes a row label of the tables ("以“属于国家秘密”为由",
    "说我要的是“行政执法案件”") when the rest of its words fit no figure: the quoted row's cell in the
    column the question's known words name (the total when they name none). One report, one row that
    the quote names (a character may differ), else None."""
    quotes = [clean_label(m.group(1)) for m in _QUOTED_LABEL.finditer(q.text)]
    quotes = [t for t in quotes if len(t) >= 3]
    if len(reports) != 1 or len(quotes) != 1:
        return None
    from rapidfuzz import fuzz

    report, said = reports[0], quotes[0]
    rows = {}
    for c in st.candidates(report.id):
        if c.fact is not None and c.kind == "table" and c.fact.row:
            label = clean_label(c.fact.row[-1])
            if label and (said in label or fuzz.ratio(said, label) >= 85):
                rows.setdefault(tuple(c.fact.row), []).append(c)
    if len(rows) != 1:
        return None
    known = tuple(s for s in q.slots if s.from_glossary) + metric_slots(said)
    cells = next(iter(rows.values()))
    ranked = best(known, cells, q.unit, ("table",))
    if not ranked:
        return None
    fit, cand = ranked[0]
    column = " ".join(cand.fact.column)
    if not any(a in column for s in known for a in s.alternatives if len(a) >= 2):
        # no column named: the row's total
        total = next(((f, c) for f, c in ranked if c.fact.column and c.fact.column[-1] in ("总计", "合计")), None)
        fit, cand = total or (fit, cand)
    return report, Pick(fit, cand, ranked)


def _in_a_table(top: Pick) -> Pick:
    """The best table (or computed) figure of a pick's ranking that fits the question, else the pick. Of
    a prose figure that says the question in full, the table's cell that prints the same figure when one
    fits nearly as well ("主动公开政府信息6条": the 6 of the 主动公开信息数 row, not the 0 of the row under
    it that shares more words)."""
    tables = [(f, c) for f, c in top.ranked if c.kind != "text" and f.recall >= MIN_RECALL]
    if not tables:
        return top
    if top.cand.kind == "text" and top.fit.recall >= 0.9 and top.cand.value is not None:
        same = next(((f, c) for f, c in tables if c.value == top.cand.value and f.score >= tables[0][0].score - 0.3), None)
        if same is not None:
            return Pick(same[0], same[1], top.ranked)
    return Pick(tables[0][0], tables[0][1], top.ranked)


def _beside_in_unit(q: Question, top: Pick):
    """(fit, candidate) of a figure in the unit asked, in the sentence of a prose figure in another unit,
    whose label says some of the question's words that the chosen figure's label does not; else None."""
    figure = top.cand.figure if top.cand.kind == "text" else None
    if figure is None:
        return None
    own = _slots_said(q, top.cand.label)
    return next(((f, c) for f, c in top.ranked[:12] if c.kind == "text" and c.unit == q.unit and c.figure is not None
                 and c.figure.sentence == figure.sentence and f.recall >= MIN_RECALL
                 and _slots_said(q, c.label) - own), None)


def _per_item(q: Question, top: Pick, report) -> Optional[Result]:
    """An average per item of another unit ("每篇文章平均被阅读多少次", "平均每场发布会多少人"): the
    figure in the unit asked over the count in the item's unit that its own sentence states
    (累计阅读次数269.2万 ÷ 发布文章1061篇). None when no such average is asked; nothing when the
    sentence gives no count of the items."""
    m = _PER_ITEM.search(q.text)
    total = top.cand
    item = (m.group(1) or m.group(2)) if m else None
    if item is None or item == q.unit or total.unit != q.unit or total.value is None:
        return None
    sentence = total.figure.sentence if total.figure is not None else None
    count = next((c for _, c in top.ranked[:40] if sentence and c.unit == item and c.value and c.figure is not None
                  and c.figure.sentence == sentence), None)
    if count is None:
        return nothing(report, 0.6)
    value = total.value / count.value
    quote = f"{fmt_number(total.value)} ÷ {fmt_number(count.value)} = {fmt_number(round(value, 2))}"
    return computed("ratio", report, value, total.unit, quote, [total, count], rounded=True, nums=[total], den=count,
                    per=True)


# "每篇文章平均", "平均每场": an average per item counted in the unit named
_PER_ITEM = re.compile(r"每(?:一)?([篇件条个项份场期])(?!月|季|年|天|日|周|工作日)[^，,。？?]{0,12}?平均|"
                       r"平均(?:到|下来)?每(?:一)?([篇件条个项份场期])(?!月|季|年|天|日|周|工作日)")
_AVERAGE_ASKED = re.compile(r"平均|均摊|每(?:一)?[篇件个条项次份人]")
_COUNT_UNITS = frozenset({"件", "条", "个", "项", "篇", "次", "人次", "期", "场", "份", "人", "批次"})


def _main_words_unsaid(q: Question, cand: Candidate) -> bool:
    """Whether a prose figure's own label and sentence leave out a thing the question names: a word of
    the glossary that names a figure of the tables (申请 of "收到的申请里，网上提交的"), or one of full
    weight that only its paragraph says."""
    if cand.kind != "text" or cand.figure is None:
        return False
    own = _slots_said(q, cand.label + " " + (cand.figure.sentence or ""))
    around = _slots_said(q, cand.context2)
    return any(s.from_glossary and s.text not in own and (s.key or (s.weight >= 3.0 and s.text in around))
               for s in q.slots)


# what is running (运维, 运营, 开设) and what was shut (关停, 注销): a count of the one is none of the other
_RUNNING = re.compile(r"运维|运营|运行|在用|开设|开通|正常更新|\b(?:running|operating|active|in operation)\b", re.I)
_SHUT = re.compile(r"关停|注销|关闭|停更|停用|撤销|下线|整合|\b(?:shut|closed|deregistered)\b", re.I)


def _opposite_state(q: Question, cand: Candidate) -> bool:
    """Whether a prose figure counts things shut while the question asks for those running (or the other
    way round), by the words of its own clause."""
    if cand.kind != "text" or cand.figure is None:
        return False
    sentence, raw = cand.figure.sentence or "", cand.figure.raw or ""
    at = sentence.find(raw)
    if at < 0:
        return False
    start = max(sentence.rfind(p, 0, at) for p in "，,；;。") + 1
    ends = [e for e in (sentence.find(p, at) for p in "，,；;。") if e >= 0]
    clause = sentence[start:min(ends) if ends else len(sentence)]
    asked = " ".join(s.text for s in q.slots) + " " + q.text
    for this, that in ((_RUNNING, _SHUT), (_SHUT, _RUNNING)):
        if this.search(asked) and not that.search(asked) and that.search(clause) and not this.search(clause):
            return True
    return False


def _weighty_unsaid(q: Question, cand: Candidate) -> bool:
    """Whether a noun of the glossary the question names with full weight (培训) is nowhere in the figure's words."""
    said = _slots_said(q, cand.context)
    return any(s.from_glossary and s.weight >= 3.0 and s.text not in said for s in q.slots)


def _sibling_said(q: Question, cand: Candidate) -> bool:
    """Whether a prose figure's own label and sentence leave out a thing of the tables the question names
    (行政诉讼), only the words around it saying that, and name instead another thing of the same table
    (行政复议): a sibling's figure, not the one asked."""
    if cand.kind != "text" or cand.figure is None:
        return False
    text = cand.label + " " + (cand.figure.sentence or "")
    said, around = _slots_said(q, text), _slots_said(q, cand.context + " " + cand.context2)
    missing = [s.key.split(".") for s in q.slots if s.from_glossary and s.key and s.weight >= 3.0
               and s.text not in said and s.text in around]
    named = [t.key.split(".") for t in metric_slots(text) if t.key]
    return any(m[0] == k[0] and m[1] != k[1] for m in missing for k in named)


def _slots_said(q: Question, text: Optional[str]) -> set[str]:
    """The question's words (slot texts) that ``text`` says in one of their wordings."""
    return {s.text for s in q.slots if any(a in (text or "") for a in s.alternatives)}


def prefer_table(top: Pick, unit: Optional[str] = None) -> Pick:
    """The table figure with the same meaning as a chosen prose figure, when the report has one:
    a figure comes from a table fact when one holds it, and the prose then corroborates it (or, where
    they disagree, the check shows both). A table figure in another unit than the one asked (the
    prose's 177条 asked in 条, the table's 件) does not replace it."""
    if top.cand.kind != "text" or not top.cand.key:
        return top
    for fit, cand in top.ranked:
        if cand.kind != "text" and cand.key == top.cand.key and not cand.unreadable \
                and (unit is None or cand.unit in (None, unit) or cand.unit == top.cand.unit):
            return Pick(fit, cand, top.ranked)
    return top


def found(report, chosen: Pick, guessed_report: bool = False) -> Result:
    """The result for one chosen candidate: answered, blank (not reported) or unreadable."""
    cand = chosen.cand
    if cand.blank:
        return Result("not_reported", "blank", report=report, cand=cand, confidence=0.8)
    if cand.unreadable or cand.value is None:
        return Result("not_found", "unreadable", report=report, cand=cand, confidence=0.5)
    fit = chosen.fit
    confidence = 0.35 + 0.4 * min(1.0, fit.recall) + 0.25 * fit.precision
    if cand.kind == "text":
        confidence *= 0.85
    if guessed_report:  # the report was found by search, not named
        confidence = min(confidence, 0.7)
    fixed = getattr(cand.fact, "corrected", "") if cand.fact is not None else ""
    # a cell a correction notice set right: the answer says so (原表为12，更正为21（…）)
    notes = {"corrections": [f"据报告所附更正说明：{fixed}"]} if fixed else {}
    return Result("answered", "value", report=report, cand=cand, value=cand.value, unit=cand.unit,
                  confidence=confidence, detail={"pick": chosen, **notes})


# ---------------------------------------------------------------- computed figures


def added_up(report, cands: list[Candidate], language: str = "zh") -> Candidate:
    """Figures of one report added up, as one computed candidate (its label the parts' names joined by +)."""
    value = sum(c.value for c in cands)
    name = " + ".join(describe(c, language) for c in cands)
    arithmetic = " + ".join(fmt_number(c.value) for c in cands) + f" = {fmt_number(value)}"
    return Candidate(kind="computed", report_id=report.id, agency=report.agency, year=report.year, value=value,
                     unit=cands[0].unit, label=name, pieces=((name, 1.0),), context=name,
                     inputs=tuple(c.fact for c in cands if c.fact is not None), arithmetic=arithmetic)


def computed(reason: str, report, value: float, unit: Optional[str], quote: str, used: list, *,
              rounded: bool = False, candidates=(), points=(), top_n=None, **detail) -> Result:
    return Result("answered", reason, report=report, value=round(value, 6), unit=unit, quote=quote,
                  used=tuple(used), rounded=rounded, candidates=tuple(candidates), points=tuple(points),
                  top_n=top_n, confidence=0.75, detail=detail)


def gap(q: Question, st: State, report) -> Result:
    """How much one metric of a report exceeds another ("行政规范性文件制发数比废止数多多少"). The
    second side is read, where it can be, in the first side's row or column (废止 of the same
    行政规范性文件 row, not of 规章)."""
    money = "元" if q.unit == "元" else None  # "还有多少元没有实际收到": both sides the amounts, not the counts
    first = answerable(st, report.id, q.parts[0], money)
    second = answerable(st, report.id, q.parts[1], money)
    if first is None or second is None:
        return nothing(report)
    if len(q.parts) > 2:
        return _less(q, st, report, first)
    a = first.cand
    row, column = (tuple(a.fact.row), tuple(a.fact.column)) if a.fact is not None else ((), ())
    beside = [(f, c) for f, c in second.ranked[:20] if c is not a and c.fact is not None
              and (tuple(c.fact.row) == row or (column and tuple(c.fact.column) == column))]
    b = second.cand
    # a row under the first's, in its column ("对申请的答复数 › 3.否决公开答复数"): a part of that whole
    under = [c for f, c in beside if len(c.fact.row) > len(row) and tuple(c.fact.row[:len(row)]) == row
             and tuple(c.fact.column) == column and f.recall >= second.fit.recall - 1e-9]
    if row and under:
        b = under[0]
    elif beside and beside[0][0].score >= second.fit.score - 0.05:
        b = beside[0][1]
    if not comparable(a, b):  # "432条公文类信息里，不是依申请公开的": the part in the whole's unit (311条, not 件)
        b = alike(a, second).cand
    if b is a or (a.fact is not None and b.fact is a.fact):
        return nothing(report)  # both sides read as one figure: no gap the report gives
    if q.whole_less and left_out_already(b, a):
        return found(report, first)  # "法人或其他组织，不算自然人的": what is left out is no part of it already
    for c in (a, b):
        if c.blank or c.value is None:
            return blank(report, c)
    if not comparable(a, b):
        return mixed_units(report, [a, b])
    first, then = (b, a) if falling(q.text) else (a, b)  # "A比B少几件": B less A, as asked
    value = first.value - then.value
    if PERCENT_GAP.search(q.text) and b.value:  # "A比B多百分之多少": the gap over B, as a percentage
        value = value / b.value * 100
        quote = f"({fmt_number(a.value)} − {fmt_number(b.value)}) ÷ {fmt_number(b.value)} × 100% = {value:.2f}%"
        return computed("gap", report, value, "%", quote, [a, b], a=a, b=b)
    quote = f"{fmt_number(first.value)} − {fmt_number(then.value)} = {fmt_number(value)}"
    if UNDIRECTED.search(q.text):
        value = abs(value)
        quote = f"|{fmt_number(a.value)} − {fmt_number(b.value)}| = {fmt_number(value)}"
    return computed("gap", report, value, a.unit, quote, [a, b], a=a, b=b)


def _less(q: Question, st: State, report, first: Pick) -> Result:
    """A whole less several things named ("除了予以公开和部分公开，其余结果共多少件"): each read on its own."""
    taken = [answerable(st, report.id, slots) for slots in q.parts[1:]]
    if any(p is None for p in taken):
        return nothing(report)
    cands = [first.cand] + [c for c in (alike(first.cand, prefer_table(p)).cand for p in taken)
                            if not (q.whole_less and left_out_already(c, first.cand))]
    if len(cands) == 1:
        return found(report, first)  # nothing left out is a part of the whole: the whole as asked
    if len({id(c) for c in cands}) < len(cands):
        return nothing(report)
    for c in cands:
        if c.blank or c.value is None:
            return blank(report, c)
    if not all(comparable(cands[0], c) for c in cands[1:]):
        return mixed_units(report, cands)
    value = cands[0].value - sum(c.value for c in cands[1:])
    quote = " − ".join(fmt_number(c.value) for c in cands) + f" = {fmt_number(value)}"
    rest = Candidate(kind="computed", report_id=report.id, agency=cands[0].agency, year=cands[0].year,
                     value=sum(c.value for c in cands[1:]), unit=cands[0].unit,
                     label="、".join(describe(c) for c in cands[1:]), inputs=tuple(cands[1:]))
    return computed("gap", report, value, cands[0].unit, quote, cands, a=cands[0], b=rest)


def left_out_already(part: Candidate, whole: Candidate) -> bool:
    """Whether a figure is another column of the whole's own row that the whole's column does not hold
    (自然人 beside 法人或其他组织 in 本年新收): what the question says is left out, the whole leaves out already."""
    if not part.key or not whole.key or part.key == whole.key:
        return False
    (row, column), (whole_row, whole_column) = part.key.rsplit(".", 1), whole.key.rsplit(".", 1)
    if row != whole_row or whole_column == "total":
        return False
    return column not in column_groups().get(whole_column, ())


def in_one_row(picks: list[Pick], used: list) -> list:
    """Addends of one table where all but a few share a row (新收 商业企业 … 法律服务机构, and a 其他 read
    as 其他处理's): each of the few replaced by its nearly as good figure in that row."""
    rows = Counter(_key_parts(c.key)[1] for c in used if c.kind != "text" and c.key)
    if not rows:
        return used
    row, n = rows.most_common(1)[0]
    if n * 2 <= len(used):
        return used
    return read_in_row(picks, used, row)


def read_in_row(picks: list[Pick], used: list, row: str) -> list:
    """Each addend in ``row``: as found when it is there, else its nearly as good figure there."""
    return [c if c.key and _key_parts(c.key)[1] == row
            else nearly_as_good(p, lambda o: bool(o.key) and _key_parts(o.key)[1] == row).cand
            for p, c in zip(picks, used)]


def alike(anchor: Candidate, p: Pick) -> Pick:
    """``p``'s figure, or when it cannot be set against ``anchor`` (another unit, prose beside a table)
    its nearly as good figure that can (the prose's 同意公开427件 beside its 答复766件)."""
    if comparable(anchor, p.cand):
        return p
    return nearly_as_good(p, lambda c: comparable(anchor, c) and c is not anchor)


def nearly_as_good(p: Pick, wanted) -> Pick:
    """The first figure of ``p``'s ranking that is ``wanted`` and still says the question's wording,
    nearly as well as ``p``'s own (within 0.4); ``p`` when there is none."""
    alt = next(((f, c) for f, c in p.ranked[:30] if wanted(c) and f.recall >= MIN_RECALL
                and f.score >= p.fit.score - 0.4), None)
    return Pick(alt[0], alt[1], p.ranked) if alt else p


def mixed_units(report, cands: list, reports: Optional[list] = None) -> Result:
    """Figures in different units that cannot be added or compared; ``reports`` gives each
    figure's report when they come from several."""
    return Result("not_found", "mixed_units", report=report, confidence=0.8,
                  candidates=tuple(candidate_entry(r, c) for r, c in zip(reports or [report] * len(cands), cands)))


_COUNTS = frozenset({"件", "条", "个", "项", "份"})


def kind_class(cand: Candidate) -> str:
    return "text" if cand.kind == "text" else "table"


def comparable(a: Candidate, b: Candidate) -> bool:
    """Whether two figures may be added or ranked together: the same unit, or counts of a table
    (件 and 条 of one table's rows) of the same kind; never a prose figure with a table's, money
    with counts, or a percentage with anything else."""
    if a.unit == b.unit:
        return True
    return a.unit in _COUNTS and b.unit in _COUNTS and kind_class(a) == kind_class(b) == "table"
