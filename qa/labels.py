"""What a candidate figure counts, in words: the glossary's label of its canonical key, else the
row and column headers it stands under, else the noun of a prose figure."""
from __future__ import annotations

from qa.metrics import Candidate, _key_parts, clean_label, is_neutral
from qa.question import glossary


def describe(cand: Candidate, lang: str = "zh") -> str:
    """The label of a candidate in ``lang`` (zh or en): 行政复议（结果纠正）, “受理申请总数”."""
    if cand.key:
        table, row, column = _key_parts(cand.key)
        keys, columns = glossary()["keys"], glossary()["columns"].get(table, {})
        if row in keys:
            entry = keys[row]
            parent = entry.get("parent") or row.rpartition(".")[0]
            if parent in (table, "requests.result"):
                parent = None
            col = columns.get(column)
            if lang == "en":
                text = entry["en"]
                if col and not col.get("neutral"):
                    text += f" ({col['en']})"
                return text
            text = (keys[parent]["zh"][0] + "（" + entry["zh"][0] + "）") if parent in keys else entry["zh"][0]
            if col and not col.get("neutral"):
                text += "（" + col["zh"][0] + "）"
            return text
    if cand.kind == "text":
        return cand.label
    if cand.fact is not None:
        rows = [clean_label(r) for r in cand.fact.row if r]
        cols = [clean_label(c) for c in cand.fact.column if c and not is_neutral(c)]
        return "“" + " › ".join(rows[-2:] + cols[-1:]) + "”"
    return cand.label
