"""The package's layers: a module never imports one of a higher layer (docs: README "How it works").

Lower layers know nothing of what is built on them, so the web app and the distributed mode can
reuse the stores, stages and query service without dragging the CLI or the reports along. Every
import counts, function-local and type-only ones included: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "langnghe"

# Lowest first. A top-level module or package of langnghe belongs to exactly one layer.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "addresses", "paths", "settings", "item", "labels", "storage", "db", "lines", "pseudonym", "data", "progress", "instance", "times", "folding", "filter_values", "validation"),
    ("config", "nlp", "index", "queue", "crawlers", "claims", "delivery", "testing", "testing_es", "testing_stories", "testing_voices", "testing_threads"),
    ("stores", "detection"),
    ("stages", "testing_outage"),
    ("service", "app"),
    ("jobs",),
    ("alerts", "reports", "exports", "scheduler"),
    ("cli", "demo", "web", "testing_kill"),
)


def _layer_of(name: str) -> int:
    top = name.split(".")[1] if name.startswith("langnghe.") else name
    for rank, members in enumerate(LAYERS):
        if top in members:
            return rank
    raise AssertionError(f"langnghe.{top} is in no layer of tests/architecture/test_layers.py: add it")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, module) of every langnghe import in ``source``, relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] if base == "langnghe" else [base]
            found += [(node.lineno, name) for name in names]
    return [(line, name) for line, name in found if name.startswith("langnghe.")]


def _upward(source: str, module: str, is_package: bool = False) -> list[str]:
    own = _layer_of(module)
    return [f"line {line}: {target}" for line, target in _imports(source, module, is_package)
            if _layer_of(target) > own]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_layer() -> None:
    for path in _modules():
        name = _module_name(path)
        if name != "langnghe":
            _layer_of(name)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_no_module_imports_a_higher_layer(path: Path) -> None:
    name = _module_name(path)
    if name == "langnghe":
        return
    upward = _upward(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    assert not upward, f"{name} (layer {_layer_of(name)}) imports higher layers: {'; '.join(upward)}"


def test_the_check_sees_a_violation() -> None:
    """The rule is not vacuous: an index module importing the CLI or a store, lazily or not, is caught."""
    source = "from langnghe.item import Item\ndef f():\n    from langnghe.cli import main\n    from ..stores import health\n"
    assert _upward(source, "langnghe.index.base") == ["line 3: langnghe.cli", "line 4: langnghe.stores"]
    assert _upward("from langnghe.index import base\n", "langnghe.stages.enrich") == []


# The terminal belongs to presentation: jobs report through langnghe.progress, and the layers
# the web app and the workers reuse never draw on a terminal.
TERMINAL_LIBRARIES = ("rich", "typer")
PRESENTATION = ("cli", "demo", "testing_kill")  # `status` is drawn in cli/render_status.py; testing_kill drives the CLI


def _terminal_imports(source: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.append((node.lineno, node.module or ""))
    return [f"line {line}: {name}" for line, name in found if name.split(".")[0] in TERMINAL_LIBRARIES]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_only_presentation_draws_on_the_terminal(path: Path) -> None:
    name = _module_name(path)
    if name == "langnghe" or name.split(".")[1] in PRESENTATION:
        return
    terminal = _terminal_imports(path.read_text(encoding="utf-8"))
    assert not terminal, f"{name} imports a terminal library (report through langnghe.progress): {'; '.join(terminal)}"


def test_the_terminal_check_sees_a_violation() -> None:
    assert _terminal_imports("import json\ndef f():\n    from rich.progress import Progress\n") == ["line 3: rich.progress"]
