"""Cut a report into searchable chunks: slices of each section's prose, and one chunk per table row.

A prose chunk never spans two sections, stays within ``MAX_CHARS`` characters (the embedding
model reads about 512 tokens; 300 Chinese characters fit), is cut at sentence ends and repeats
the last short sentence(s) of the chunk before it (``OVERLAP_CHARS``) so that a figure and its
context are not separated by a cut. A table row becomes one line of text: the table's title,
the row's header path and every column with its value (blank cells read 未填报).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from corpus.records import Fact, Report, Section, Table
from index.records import Chunk

MAX_CHARS = 300
OVERLAP_CHARS = 60
BLANK = "未填报"  # a blank cell: the agency reported nothing there (not 0)
UNREADABLE = "无法读取"  # a cell the file format lost
CHUNKING = {"version": 1, "max_chars": MAX_CHARS, "overlap_chars": OVERLAP_CHARS, "table_rows": "one chunk per row"}

# A sentence: text up to an end mark (plus closing quotes/brackets), or a trailing run without one.
_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;]+[”’」』）)]*|[^。！？；!?;\n]+")
_CLAUSE = re.compile(r"[^，,、：:]*[，,、：:]+|[^，,、：:]+")


@dataclass(frozen=True)
class _Piece:
    text: str
    passage: int  # index of the passage it comes from (pieces of one passage join without a break)
    page: Optional[int]


def make_chunks(report: Report, max_chars: int = MAX_CHARS, overlap: int = OVERLAP_CHARS) -> list[Chunk]:
    """Every chunk of ``report``: its sections' prose slices in order, then one chunk per table row.

    Chunk ids are ``f"{report.id}:{n}"``, stable for the same report and settings.
    """
    chunks: list[Chunk] = []

    def add(**fields) -> None:
        chunks.append(Chunk(id=f"{report.id}:{len(chunks)}", report_id=report.id, agency=report.agency,
                            year=report.year, **fields))

    for section in report.sections:
        for text, page in section_slices(section, max_chars, overlap):
            add(section=section.path, text=text, kind="passage", page=page)
    cell_facts = {(f.table, f.row, f.column): f for f in report.facts}
    for table in report.tables:
        for r, row in enumerate(table.rows):
            add(section=table.section, text=row_text(table, r, cell_facts), kind="row", table=table.id,
                row=row, page=table.where.page)
    return chunks


def section_slices(section: Section, max_chars: int = MAX_CHARS,
                   overlap: int = OVERLAP_CHARS) -> list[tuple[str, Optional[int]]]:
    """The prose of one section cut into (text, page) slices of at most ``max_chars`` characters."""
    pieces = [piece for i, passage in enumerate(section.passages)
              for piece in _pieces(passage.text, i, passage.where.page, max_chars)]
    slices: list[list[_Piece]] = []
    current: list[_Piece] = []
    for piece in pieces:
        if current and len(_join(current + [piece])) > max_chars:
            slices.append(current)
            current = _overlap_tail(current, piece, max_chars, overlap)
        current.append(piece)
    if current:
        slices.append(current)
    return [(_join(s), s[0].page) for s in slices]


def _pieces(text: str, passage: int, page: Optional[int], max_chars: int) -> Iterable[_Piece]:
    """Sentences of one passage; a sentence longer than ``max_chars`` is cut at clauses, then hard."""
    for sentence in _SENTENCE.findall(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        if len(sentence) <= max_chars:
            yield _Piece(sentence, passage, page)
            continue
        part = ""
        for clause in _CLAUSE.findall(sentence):
            while len(clause) > max_chars:  # no clause mark for too long: cut hard
                if part:
                    yield _Piece(part, passage, page)
                    part = ""
                yield _Piece(clause[:max_chars], passage, page)
                clause = clause[max_chars:]
            if len(part) + len(clause) > max_chars:
                yield _Piece(part, passage, page)
                part = ""
            part += clause
        if part.strip():
            yield _Piece(part, passage, page)


def _overlap_tail(previous: list[_Piece], following: _Piece, max_chars: int, overlap: int) -> list[_Piece]:
    """The last pieces of ``previous`` (at most ``overlap`` characters) to repeat before ``following``."""
    tail: list[_Piece] = []
    for piece in reversed(previous[1:]):  # never the whole previous slice again
        candidate = [piece] + tail
        if len(_join(candidate)) > overlap or len(_join(candidate + [following])) > max_chars:
            break
        tail = candidate
    return tail


def _join(pieces: list[_Piece]) -> str:
    out = ""
    for i, piece in enumerate(pieces):
        if i and piece.passage != pieces[i - 1].passage:
            out += "\n"
        out += piece.text
    return out


# ---------------------------------------------------------------- table rows


def row_text(table: Table, r: int, cell_facts: dict[tuple, Fact]) -> str:
    """Row ``r`` of ``table`` as one line: ``title｜row path｜column：value；…`` (columns grouped by parent)."""
    title = table.title or (table.section[-1] if table.section else f"表{table.id}")
    row = table.rows[r]
    shared = _shared_prefix(table.columns)  # a header over every column (申请人情况) says nothing per cell
    groups: list[tuple[tuple[str, ...], list[str]]] = []
    for c, column in enumerate(table.columns):
        value = cell_text(table.cells[r][c], cell_facts.get((table.id, row, column)))
        column = tuple(column[shared:])
        parent, leaf = column[:-1], (column[-1] if column else "")
        item = f"{leaf} {value}" if leaf else value
        if groups and groups[-1][0] == parent and parent:
            groups[-1][1].append(item)
        else:
            groups.append((parent, [item]))
    rendered = []
    for parent, items in groups:
        if parent:
            rendered.append(f"{' › '.join(parent)}：{'，'.join(items)}")
        else:
            rendered.extend(item.replace(" ", "：", 1) if " " in item else item for item in items)
    return "｜".join(part for part in (title, " › ".join(p for p in row if p), "；".join(rendered)) if part)


def _shared_prefix(columns: tuple[tuple[str, ...], ...]) -> int:
    """How many leading header levels every column shares (leaving each column its last level)."""
    if len(columns) < 2:
        return 0
    n = min(len(c) for c in columns) - 1
    for i in range(max(n, 0)):
        if len({c[i] for c in columns}) > 1:
            return i
    return max(n, 0)


def cell_text(raw: Optional[str], fact: Optional[Fact]) -> str:
    """A cell as shown in a row chunk: the printed value with its unit, 未填报 if blank, 无法读取 if lost."""
    if raw is None or (fact is not None and fact.unreadable):
        return UNREADABLE
    text = " ".join(raw.split())
    if not text or (fact is not None and fact.blank):
        return BLANK
    if fact is not None and fact.unit and fact.value is not None and _plain_number(text) == fact.value:
        return f"{text}{fact.unit}"  # printed in base units: the unit can be added safely
    return text


def _plain_number(text: str) -> Optional[float]:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def index_text(chunk: Chunk) -> str:
    """The text that is indexed for ``chunk`` (BM25 and embeddings): agency, year and section path, then the text.

    The header lets a question naming the agency, year or section find the chunk.
    """
    head = " ".join(part for part in (chunk.agency, f"{chunk.year}年" if chunk.year else "") if part)
    path = " › ".join(chunk.section)
    if chunk.kind == "row" and path and chunk.text.startswith(chunk.section[-1]):
        path = " › ".join(chunk.section[:-1])  # the table title repeats the section heading
    return "｜".join(part for part in (head, path) if part) + "\n" + chunk.text
