"""``reportqa ask`` and ``reportqa chat``: the command-line question mode.

``ask "QUESTION"`` prints a readable answer (figure, source, evidence, checks) or, with
``--json``, the answer format of ``qa.records.Answer.to_dict()``. Without a question it reads
one question a line from stdin and writes one JSON object a line, in order, with the collection
and models loaded once; a line that cannot be answered gets an error object, not a crash.
``chat`` is an interactive session whose follow-ups keep the agency, year and metric of the
question before ("那2023年呢？").
"""
from __future__ import annotations

import json
import sys
from typing import Optional, TextIO

from corpus.errors import ReportQAError
from qa.records import Answer

_STATUS_ZH = {"answered": "已回答", "not_reported": "报告未填报", "not_found": "未找到", "ambiguous": "有歧义"}


def _path(*parts: str) -> str:
    """Section, table, row and column as one path, a heading repeated by the next part said once."""
    pieces: list[str] = []
    for part in parts:
        for piece in part.split(" › ") if part else ():
            if not pieces or pieces[-1] != piece:
                pieces.append(piece)
    return " › ".join(pieces)


def render(ans: Answer) -> str:
    """An answer for people: the sentence, then figure, report, source, inputs, evidence, checks."""
    lines = [ans.answer, ""]
    if ans.value is not None:
        unit = f" {ans.unit}" if ans.unit else ""
        lines.append(f"  figure    {ans.value:g}{unit}{' (approximate)' if ans.approximate else ''}")
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
        lines.append(f"  input     {i.value:g} {i.unit or ''}  {i.report.agency} {i.report.year}: {where}"
                     if i.value is not None else f"  input     (blank)  {i.report.agency} {i.report.year}: {where}")
    for e in ans.evidence:
        lines.append(f"  evidence  [{e.score:.2f}] {e.section}: {e.text}")
    for c in ans.checks:
        lines.append(f"  check     {'✓' if c.ok else '✗ FAILED'} {c.name}: {c.detail}")
    for c in ans.candidates:
        if "label" in c:
            r = c["report"]
            value = "" if c.get("value") is None else f" = {c['value']:g} {c.get('unit') or ''}"
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


def ask_command(question: Optional[str], settings, *, agency: Optional[str] = None, year: Optional[int] = None,
                as_json: bool = False, stdin: Optional[TextIO] = None, stdout: Optional[TextIO] = None) -> int:
    """Run ``reportqa ask``. Exit status 0 when answered (any status), 1 for an error a person
    must fix (no collection, question too long), 2 for a missing question."""
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
        print(json.dumps(ans.to_dict(), ensure_ascii=False) if as_json else render(ans), file=out)
        return 0
    source = stdin or sys.stdin
    for line in source:
        text = line.strip()
        if not text:
            continue
        problem = _too_long(text, settings)
        try:
            if problem:
                raise ValueError(problem)
            ans = answer(text, collection, agency=agency, year=year)
            result = ans.to_dict() if as_json else render(ans)
        except Exception as exc:  # one bad line must not stop the others
            result = {"question": text, "error": f"{type(exc).__name__}: {exc}"}
            if not as_json:
                result = f"{text}\n  error     {result['error']}"
        print(json.dumps(result, ensure_ascii=False) if as_json else result + "\n", file=out, flush=True)
    return 0


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
        if ans.status != "not_found" or understood.agencies:
            context = understood
        print(json.dumps(ans.to_dict(), ensure_ascii=False) if as_json else render(ans), file=out, flush=True)
        print(file=out)
