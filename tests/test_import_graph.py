"""The answering path is a straight line: no module of ``qa/`` imports, directly or through
others, a module that imports it back (imports inside functions count too; imports only for type
checkers, under ``if TYPE_CHECKING:``, do not run and do not count), and the sentence is written
in one place (``qa.phrasing`` is imported by ``qa.answering`` alone)."""
from __future__ import annotations

import ast

from tests.conftest import ROOT

QA = ROOT / "qa"


def import_graph() -> dict[str, set[str]]:
    """``{module: {qa modules it imports anywhere in its source}}`` for every ``qa/*.py``."""
    modules = {p.stem for p in QA.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in QA.glob("*.py"):
        deps: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(block.test) for n in ast.walk(block)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "qa" and len(parts) > 1 and parts[1] in modules:
                    deps.add(parts[1])
        deps.discard(path.stem)
        graph[path.stem] = deps
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path of module names, or [] when there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_the_cycle_finder_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_import_cycles_inside_qa():
    graph = import_graph()
    assert {"answering", "plan", "operations", "shapes", "metrics", "totals", "evidence", "phrasing"} <= set(graph)
    assert cycle(graph) == [], " → ".join(cycle(graph))


def test_the_answering_path_runs_one_way():
    graph = import_graph()
    # understand → plan → compute → check → phrase: no stage imports a later one
    order = ["question", "metrics", "plan", "operations", "shapes", "evidence", "phrasing", "answering"]
    for i, module in enumerate(order):
        later = set(order[i + 1:])
        assert not graph[module] & later, f"qa.{module} imports {graph[module] & later}"
    assert "metrics" not in graph["totals"]


def test_phrasing_is_used_by_answering_alone():
    users = {m for m, deps in import_graph().items() if "phrasing" in deps}
    assert users == {"answering"}
