"""Runs of figures printed together: every well-formed reading of a run, and the provable one.

A crawler's one-line body runs a table row's figures together (``801000081``) or separates them
by spaces that are not cell boundaries (``200 000121``). ``split_run`` lists every way to read
such a run as a row of well-formed numbers, keeping only readings whose groups add up to their
totals (the row rules); ``provable_rows`` keeps a reading only where it is the one possible, or
the one left once the table's own sums (its column identities) rule the others out. Any other
cell is ``None`` (unreadable), never a guess.
"""
from __future__ import annotations

import re
from decimal import Decimal
from itertools import product
from math import prod
from typing import Optional

Cell = Optional[str]

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元|%)?")
_MAX_CANDIDATES = 64


def _number(cell: Cell) -> Optional[Decimal]:
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)(?:万元|元|%)?", (cell or "").strip())
    return Decimal(m.group(1)) if m else None


def _adds_up(cells: list[str]) -> bool:
    """Whether the first cells of a group add up to its last (its total)."""
    nums = [_number(c) for c in cells]
    return None not in nums and sum(nums[:-1]) == nums[-1]


def split_run(run: str, k: int, group: Optional[int] = None) -> list[list[str]]:
    """Every way to read a run of digits as ``k`` well-formed numbers (no leading zeros;
    whitespace in the run is a cell boundary), keeping only splits where each ``group`` of
    cells adds up to its last cell. Returns at most 65 readings (more means: not provable)."""
    chunks = run.split()
    if not chunks or len(chunks) > k or sum(map(len, chunks)) > 96:
        return []
    if group == k and k > 1 and all(c.isdigit() for c in chunks):
        return _split_with_total(chunks, k)
    out: list[list[str]] = []
    parts: list[str] = []
    budget = [100_000]

    def walk(ci: int, pos: int) -> None:
        budget[0] -= 1
        if budget[0] < 0 or len(out) > _MAX_CANDIDATES:
            return
        if ci == len(chunks):
            if len(parts) == k:
                out.append(list(parts))
            return
        chunk = chunks[ci]
        if pos == len(chunk):
            return walk(ci + 1, 0)
        if len(parts) + len(chunks) - ci > k:
            return
        if group and len(parts) % group == group - 1:
            # the group's last cell is its total: only the sum of the others can come next
            members = parts[len(parts) - group + 1:]
            if all(p.lstrip("-").isdigit() for p in members):
                total = str(sum(int(p) for p in members))
                if chunk.startswith(total, pos):
                    parts.append(total)
                    walk(ci, pos + len(total))
                    parts.pop()
                return
        for end in range(pos + 1, len(chunk) + 1):
            piece = chunk[pos:end]
            if not _NUMBER.fullmatch(piece):
                continue
            parts.append(piece)
            if not (group and len(parts) % group == 0 and not _adds_up(parts[-group:])):
                walk(ci, end)
            parts.pop()

    walk(0, 0)
    return out if budget[0] >= 0 else out + [[]] * (_MAX_CANDIDATES + 1)


def _split_with_total(chunks: list[str], k: int) -> list[list[str]]:
    """``split_run`` for one row of whole numbers ending in its total: try each well-formed
    suffix as the total, then split the rest into ``k - 1`` parts that add up to it."""
    out: list[list[str]] = []
    last = chunks[-1]
    for start in range(len(last)):
        total = last[start:]
        head = chunks[:-1] + ([last[:start]] if start else [])
        if not head or not _NUMBER.fullmatch(total):
            continue
        out.extend(parts + [total] for parts in _parts_adding_to(head, k - 1, int(total)))
        if len(out) > _MAX_CANDIDATES:
            break
    return out


def _parts_adding_to(chunks: list[str], n: int, target: int) -> list[list[str]]:
    """Every split of digit chunks into ``n`` whole numbers (no leading zeros) adding to ``target``."""
    out: list[list[str]] = []
    parts: list[str] = []
    after = [sum(map(len, chunks[i + 1:])) for i in range(len(chunks))]

    def walk(ci: int, pos: int, acc: int) -> None:
        if len(out) > _MAX_CANDIDATES:
            return
        if ci == len(chunks):
            if len(parts) == n and acc == target:
                out.append(list(parts))
            return
        chunk = chunks[ci]
        if pos == len(chunk):
            return walk(ci + 1, 0, acc)
        for end in range(pos + 1, len(chunk) + 1):
            piece = chunk[pos:end]
            if (len(piece) > 1 and piece[0] == "0") or acc + int(piece) > target:
                break  # a longer piece is malformed or larger still
            parts_left, digits_left = n - len(parts) - 1, len(chunk) - end + after[ci]
            if digits_left < parts_left:
                break  # too few digits left for the parts still to come
            if parts_left < len(chunks) - ci - 1 + (end < len(chunk)):
                continue  # too few parts left for the digits still to come
            room = target - acc - int(piece)
            if parts_left:
                most = 10 ** (digits_left - parts_left + 1) - 1 + 9 * (parts_left - 1)
                widest = -(-digits_left // parts_left)  # some part has at least this many digits
                if not (10 ** (widest - 1) if widest > 1 else 0) <= room <= most:
                    continue  # the digits left cannot make up what is left of the total
            parts.append(piece)
            walk(ci, end, acc + int(piece))
            parts.pop()

    walk(0, 0, 0)
    return out


def provable_rows(candidates: list[list[list[str]]], identities: list[list[tuple[int, int]]],
                  width: int) -> list[list[Cell]]:
    """Pick each row's reading: the only one, or the only one left once the table's identities
    (signed sums of rows that must be 0 in every column) rule the others out; else ``None`` cells."""
    fixed = {n: list(c[0]) for n, c in enumerate(candidates) if len(c) == 1}
    open_rows = {n for n, c in enumerate(candidates) if 1 < len(c) <= _MAX_CANDIDATES}
    usable = [ident for ident in identities
              if all(n in fixed or n in open_rows for n, _ in ident)
              and any(n in open_rows for n, _ in ident)
              and all(_number(v) is not None for n, _ in ident if n in fixed for v in fixed[n])]
    involved = sorted({n for ident in usable for n, _ in ident if n in open_rows})
    if involved and prod(len(candidates[n]) for n in involved) <= 50_000:
        survivors = []
        for combo in product(*(candidates[n] for n in involved)):
            rows = {**fixed, **dict(zip(involved, combo))}
            if all(sum(sign * _number(rows[n][j]) for n, sign in ident) == 0
                   for ident in usable for j in range(width)):
                survivors.append(combo)
        for j, n in enumerate(involved):
            readings = {tuple(s[j]) for s in survivors}
            if len(readings) == 1:
                fixed[n] = list(readings.pop())
    return [fixed.get(n, [None] * width) for n in range(len(candidates))]
