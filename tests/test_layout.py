"""The floor plan: stage packages in one direction, no import circles, each library in one place.

Read from the source with `ast` (nothing is imported), so a lazy import inside a function counts
as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "secsearch"

# Stages in the order data flows; a module may import only from its own layer or earlier ones.
LAYERS: dict[str, int] = {
    "__init__": 0,
    "models": 0,
    "errors": 0,
    "domain": 0,
    "config": 0,
    "policy": 0,
    "extract": 1,
    "structure": 2,
    "tag": 3,
    "index": 4,
    "workers": 5,
    "pipeline": 5,
    "ingest": 5,
    "query": 6,
    "export": 7,
    "render": 7,
    "render_lifecycle": 7,
    "cli": 8,
    "serve": 8,
    "__main__": 9,
}

# Third-party libraries and the only package (or module) allowed to import each.
OWNERS: dict[str, tuple[str, ...]] = {
    "pdfplumber": ("secsearch.extract.plumber",),
    "pdfminer": ("secsearch.extract.plumber",),
    "pypdfium2": ("secsearch.extract.pdfium",),
    "pytesseract": ("secsearch.extract.ocr",),
    "spacy": ("secsearch.tag",),
    "whoosh": ("secsearch.index",),
    "tantivy": ("secsearch.index",),
    "click": ("secsearch.cli",),
    "fastapi": ("secsearch.serve",),
    "starlette": ("secsearch.serve",),
    "jinja2": ("secsearch.serve",),
    "uvicorn": ("secsearch.serve",),
    "reportlab": (),
    "fpdf": (),
}
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Every module name `name` imports, relative imports resolved, anywhere in its source."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from . import query` imports a module, not a name
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES)
    return found


def internal_imports(name: str) -> set[str]:
    out: set[str] = set()
    for imported in imports_of(name):
        # "secsearch.index.store" counts as that module; a package import as the package
        while imported and imported not in MODULES:
            imported = imported.rpartition(".")[0]
        if imported and imported != name and imported.startswith("secsearch"):
            out.add(imported)
    return out


def layer(name: str) -> int:
    top = name.split(".")[1] if "." in name else "__init__"
    return LAYERS[top]


def test_every_module_has_a_layer() -> None:
    unknown = {n for n in MODULES if "." in n and n.split(".")[1] not in LAYERS}
    assert not unknown


def test_data_flows_one_way() -> None:
    backwards = [
        f"{name} (layer {layer(name)}) imports {other} (layer {layer(other)})"
        for name in MODULES
        for other in internal_imports(name)
        if layer(other) > layer(name) and other != "secsearch"
    ]
    assert backwards == []


def test_no_import_circles() -> None:
    graph = {name: internal_imports(name) - {"secsearch"} for name in MODULES}
    # A package's __init__ re-exporting its modules is not a circle with them.
    for name in graph:
        graph[name] = {o for o in graph[name] if not name.startswith(o + ".")}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("library", sorted(OWNERS))
def test_each_library_is_imported_in_one_place(library: str) -> None:
    owners = OWNERS[library]
    importers = {
        name
        for name in MODULES
        if any(i == library or i.startswith(library + ".") for i in imports_of(name))
    }
    outside = {n for n in importers if not any(n == o or n.startswith(o + ".") for o in owners)}
    assert outside == set()


def test_modules_stay_small_and_packages_say_what_flows() -> None:
    too_long = {n: len(p.read_text().splitlines()) for n, p in MODULES.items()}
    assert {n: lines for n, lines in too_long.items() if lines > MAX_LINES} == {}
    packages = [p for p in MODULES.values() if p.name == "__init__.py"]
    undocumented = [str(p) for p in packages if not ast.get_docstring(ast.parse(p.read_text()))]
    assert undocumented == []
