"""``reportqa ask`` and ``reportqa chat``: the command-line question mode.

``ask "QUESTION"`` prints a readable answer (figure, source, evidence, checks) or, with
``--json``, the answer format of ``qa.records.Answer.to_dict()`` with ``source.cell`` on every
table source, as the HTTP API gives it. Without a question it reads one question a line from
stdin and writes one answer a line, in order, with the collection and models loaded once; a line
that cannot be answered gets an error object, not a crash, and the exit status is 1.
``chat`` is an interactive session whose follow-ups keep the agency, year and metric of the
question before ("那2023年呢？").
"""
from __future__ import annotations

import json
import sys
from typing import Optional, TextIO

from corpus.errors import ReportQAError
from qa.amounts import fmt_figure, fmt_value, in_wan
from qa.records import Answer, Source

_STATUS_ZH = {"answered": "已回答", "not_reported": "报告未填报", "not_found": "未找到", "ambiguous": "有歧义",
              "not_understood": "没看懂"}
_POINT_STATUS = {"not_reported": "(blank)", "not_found": "—"}


def _path(*parts: str) -> str:
    """Section, table, row and column as one path, a heading repeated by the next part said once."""
    pieces: list[str] = []
    for part in parts:
        for piece in part.split(" › ") if part else ():
            if not pieces or pieces[-1] != piece:
                pieces.append(piece)
    return " › ".join(pieces)


def _where_printed(source: Optional[Source]) -> tuple[str, ...]:
    """The headings a figure stands under and, for a table cell, its text: where a report says 万元."""
    if source is None:
        return ()
    return (source.table, source.row, source.column) + ((source.quote,) if source.kind == "table" else ())


def _figure(value: Optional[float], unit: Optional[str], source: Optional[Source] = None) -> tuple[str, str]:
    """A figure and its unit as people write them (``fmt_figure``): 3,985,760 件; a share to two
    decimals (27.16 %); a sum of money in 万元 where its table prints 万元."""
    return fmt_figure(value, unit, *_where_printed(source))


def _answer_figure(ans: Answer) -> tuple[str, str]:
    """The answer's figure as ``_figure`` prints it; a computed figure is in 万元 when every input is."""
    labels = _where_printed(ans.source)
    if ans.source is not None and ans.source.kind == "computed" and ans.inputs \
            and all(in_wan(i.unit, *_where_printed(i.source)) for i in ans.inputs):
        labels = ("万元",)
    return fmt_figure(ans.value, ans.unit, *labels)


def understood_line(ans: Answer) -> str:
    """How the question was read, on one line: agency, years, metric [key], operation/shape, corrections."""
    u = ans.understood
    if u is None:
        return ""
    parts = ["、".join(u.agencies) or "(no agency)", "、".join(str(y) for y in u.years) or "(no year)"]
    metric = u.metric or "(no metric)"
    if u.keys:
        metric += f" [{', '.join(u.keys[:3])}]"
    parts.append(metric)
    how = u.operation if u.shape in ("single", "") else f"{u.shape}" + (f" top {u.top_n}" if u.top_n else "")
    if u.shape != "single" and u.operation not in ("lookup", "rank"):
        how += f"/{u.operation}"
    parts.append(how)
    if u.carried:
        parts.append("carried: " + ", ".join(u.carried))
    if u.corrections:
        parts.append("; ".join(u.corrections))
    return " · ".join(parts)


def points_table(ans: Answer) -> list[str]:
    """A series, list or ranking as a small aligned table: label, figure, unit, where it stands."""
    if not ans.points:
        return []
    from corpus.summary import display_width

    head = {"series": "year", "list": "metric", "ranking": "agency"}.get(ans.shape, "label")
    rows = []
    for i, p in enumerate(ans.points, 1):
        label = f"{i}. {p.label}" if ans.shape == "ranking" else p.label
        value, unit = _figure(p.value, p.unit, p.source)
        if p.value is None:
            value = _POINT_STATUS.get(p.status, "—")
        where = ""
        if p.source is not None:
            where = _path(p.source.table, p.source.row, p.source.column) if p.source.kind != "text" else "text"
            if p.source.page:
                where += f" (p. {p.source.page})"
        if ans.shape != "series" and p.year and ans.shape != "list":
            where = f"{p.year} · {where}"
        rows.append((label, value, unit, where))
    width = max(display_width(head), *(display_width(r[0]) for r in rows))
    vwidth = max(5, *(len(r[1]) for r in rows))
    out = [f"  {head}{' ' * (width - display_width(head))}  {'value':>{vwidth}}  unit  source"]
    for label, value, unit, where in rows:
        out.append(f"  {label}{' ' * (width - display_width(label))}  {value:>{vwidth}}  "
                   f"{unit}{' ' * max(0, 4 - display_width(unit))}  {where}")
    return out


def render(ans: Answer) -> str:
    """An answer for people: the sentence, how the question was understood, the table of a series,
    list or ranking, then figure, report, source, inputs, the report's other figures for the same thing
    (where it contradicts itself), evidence, checks."""
    lines = [ans.answer, ""]
    if ans.understood is not None:
        lines.append(f"  understood {understood_line(ans)}")
    table = points_table(ans)
    if table:
        lines += table + [""]
    for example in ans.examples:
        lines.append(f"  example   {example}")
    if ans.value is not None:
        value, unit = _answer_figure(ans)
        lines.append(f"  figure    {value}{' ' + unit if unit else ''}{' (approximate)' if ans.approximate else ''}")
    if ans.report:
        r = ans.report
        lines.append(f"  report    {r.title} ({r.agency}, {r.year}; id {r.id})")
    if ans.source:
        s = ans.source
        where = _path(s.section, s.table, s.row, s.column)
        page = f" (page {s.page})" if s.page else ""
        lines.append(f"  source    {s.kind}: {where}{page}")
        if s.quote:
            lines.append(f"            “{s.quote}”")
    for i in ans.inputs:
        where = _path(i.source.table, i.source.row, i.source.column)
        lines.append(f"  input     {' '.join(_figure(i.value, i.unit, i.source))}  {i.report.agency} {i.report.year}: {where}"
                     if i.value is not None else f"  input     (blank)  {i.report.agency} {i.report.year}: {where}")
    for d in ans.disagreeing:  # the report contradicts itself: its other figure for the same thing
        where = _path(d.source.section, d.source.table, d.source.row, d.source.column) if d.source else ""
        lines.append(f"  other     {' '.join(_figure(d.value, d.unit, d.source))}  {d.label}: {d.source.kind if d.source else ''}"
                     f" {where}".rstrip())
    for e in ans.evidence:
        lines.append(f"  evidence  [{e.score:.2f}] {e.section}: {e.text}")
    for c in ans.checks:
        lines.append(f"  check     {'✓' if c.ok else '✗ FAILED'} {c.name}: {c.detail}")
    for c in ans.candidates if not ans.points else ():  # a ranking's table above lists them
        if "label" in c:
            r = c["report"]
            value = "" if c.get("value") is None else f" = {fmt_value(c['value'], c.get('unit'))}"
            lines.append(f"  candidate {r['agency']} {r['year']}: {c['label']}{value}")
    lines.append(f"  status    {ans.status} ({_STATUS_ZH[ans.status]}), confidence {ans.confidence:.2f}")
    return "\n".join(lines)


def _too_long(question: str, settings) -> Optional[str]:
    limit = getattr(settings, "max_question_chars", 500)
    if len(question) > limit:
        return f"question too long ({len(question)} characters; at most {limit})"
    return None


def _open(settings):
    from index.collection import open_collection

    return open_collection(settings)


class _Cited:
    """A collection seen through the reports an answer cites: its cells are found without reading
    every report (fact ids and coordinates are per report, so they are the same as the API's)."""

    def __init__(self, collection, report_ids: set[str]) -> None:
        self.collection = collection
        self.report_ids = report_ids

    def reports(self):
        return [r for r in self.collection.reports() if r.id in self.report_ids]

    def report(self, report_id: str):
        return self.collection.report(report_id)


def answer_json(ans: Answer, collection) -> dict:
    """The answer format with ``cell`` (fact id, table id, row and column index, key, URLs) added to
    the answer's, its inputs' and its points' table sources, as ``GET /api/ask`` gives it."""
    from index.listing import FactTable, cite_answer

    data = ans.to_dict()
    refs = [data.get("report")] + [item.get("report") for item in [*data["inputs"], *data["points"]]]
    cited = {ref["id"] for ref in refs if ref}
    if not cited:
        return data
    view = _Cited(collection, cited)  # held here: the FactTable keeps only a weak reference to it
    return cite_answer(data, FactTable(view))


_OK = ("answered", "not_reported")  # statuses a script need not branch on


def ask_command(question: Optional[str], settings, *, agency: Optional[str] = None, year: Optional[int] = None,
                as_json: bool = False, stdin: Optional[TextIO] = None, stdout: Optional[TextIO] = None) -> int:
    """Run ``reportqa ask``. Exit status 0 when answered or not reported, 1 when a question is
    not found, not understood or ambiguous, or for an error a person must fix (no collection, question
    too long), 2 for a missing question. With questions from stdin: 1 when any line was not answered
    (not found, not understood, ambiguous or an error), else 0; every line is answered either way."""
    from qa.answering import answer

    out = stdout or sys.stdout
    if question is not None and not question.strip():
        print("reportqa ask: the question is empty", file=sys.stderr)
        return 2
    if question is not None and (problem := _too_long(question, settings)):
        print(f"reportqa ask: {problem}", file=sys.stderr)
        return 1
    try:
        collection = _open(settings)
    except ReportQAError as exc:
        print(f"reportqa ask: {exc}", file=sys.stderr)
        return 1
    if question is not None:
        ans = answer(question, collection, agency=agency, year=year)
        print(json.dumps(answer_json(ans, collection), ensure_ascii=False) if as_json else render(ans), file=out)
        return 0 if ans.status in _OK else 1  # scripts branch on not found
    source = stdin or sys.stdin
    status = 0
    for line in source:
        text = line.strip()
        if not text:
            continue
        problem = _too_long(text, settings)
        try:
            if problem:
                raise ValueError(problem)
            ans = answer(text, collection, agency=agency, year=year)
            result = answer_json(ans, collection) if as_json else render(ans)
            status = status if ans.status in _OK else 1
        except Exception as exc:  # one bad line must not stop the others
            status = 1
            result = {"question": text, "error": f"{type(exc).__name__}: {exc}"}
            if not as_json:
                result = f"{text}\n  error     {result['error']}"
        print(json.dumps(result, ensure_ascii=False) if as_json else result + "\n", file=out, flush=True)
    return status


_HELP = ("Ask about the reports in the collection, in Chinese or English. Follow-ups keep the agency, "
         "year and figure of the question before (\"那2023年呢？\"). Commands: /new forgets them, "
         "/json toggles JSON output, /quit leaves.")


def chat_command(settings, *, stdin: Optional[TextIO] = None, stdout: Optional[TextIO] = None) -> int:
    """Run ``reportqa chat``: a read-answer loop with line editing and history when the terminal
    has them."""
    from qa.answering import ask

    out = stdout or sys.stdout
    interactive = stdin is None and sys.stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass
    try:
        collection = _open(settings)
    except ReportQAError as exc:
        print(f"reportqa chat: {exc}", file=sys.stderr)
        return 1
    print(_HELP, file=out)
    context, as_json = None, False
    source = stdin or sys.stdin
    while True:
        if interactive:
            try:
                line = input("问> ")
            except (EOFError, KeyboardInterrupt):
                print(file=out)
                return 0
        else:
            line = source.readline()
            if not line:
                return 0
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit", "quit", "exit", "退出"):
            return 0
        if text == "/new":
            context = None
            print("(context cleared)", file=out)
            continue
        if text == "/json":
            as_json = not as_json
            continue
        if text in ("/help", "?", "help"):
            print(_HELP, file=out)
            continue
        if problem := _too_long(text, settings):
            print(problem, file=out)
            continue
        try:
            ans, understood = ask(text, collection, context=context)
        except ReportQAError as exc:
            print(f"error: {exc}", file=out)
            continue
        if ans.status not in ("not_found", "not_understood") or understood.agencies:
            context = understood
        print(json.dumps(ans.to_dict(), ensure_ascii=False) if as_json else render(ans), file=out, flush=True)
        print(file=out)
