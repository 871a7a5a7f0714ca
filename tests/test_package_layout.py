"""The package's layout: sub-packages in the order data flows, no import cycle, small modules,
and a README tree that names every sub-package (issue 10)."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "extractor"
MAX_LINES = 450


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The extractor modules an import statement names (a relative one resolved)."""
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    return [f"{target}.{alias.name}" for alias in node.names] + [target]


def _edges(targets: list[str], modules: dict[str, Path]) -> set[str]:
    """``from pkg import module`` is an edge to the module; ``from pkg import name`` to pkg."""
    named = {t for t in targets[:-1] if t in modules}
    return named or ({targets[-1]} & set(modules))


def import_graph() -> dict[str, set[str]]:
    """Module -> the extractor modules it imports, anywhere in its body (lazy imports too)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                edges |= _edges(_resolve(name, path.name == "__init__.py", node), modules)
            elif isinstance(node, ast.Import):
                edges |= {alias.name for alias in node.names} & set(modules)
        edges.discard(name)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of imports, as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_itself_back():
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle)


def test_every_module_imports_on_its_own():
    names = [n for n in _modules() if not n.endswith("__main__")]
    code = "import importlib, sys\nfor n in sys.argv[1:]:\n    importlib.import_module(n)\n"
    done = subprocess.run([sys.executable, "-c", code, *names], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_no_module_is_longer_than_the_limit():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_the_readme_tree_names_every_sub_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tree = readme.split("## How it works", 1)[1].split("```\nextractor/", 1)[1].split("```", 1)[0]
    listed = re.findall(r"^  ([a-z_]+)/", tree, flags=re.M)
    present = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert sorted(listed) == present
    order = ["read", "analyse", "extract", "normalise", "store", "batch", "publish"]
    assert [p for p in listed if p in order] == order  # in the order data flows
    top = re.findall(r"^  ([a-z_]+\.py)", tree, flags=re.M)
    assert sorted(top) == sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__main__.py")


def test_the_package_docstring_names_every_sub_package():
    import extractor

    for package in PACKAGE.glob("*/__init__.py"):
        assert f"``{package.parent.name}/``" in extractor.__doc__
