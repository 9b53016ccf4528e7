"""Every test module gets a name of its own under pytest's default import mode.

A test file in a folder without ``__init__.py`` is imported under its bare file name, so two such
files called ``test_accounts.py`` in ``tests/cli`` and ``tests/stores`` stop the whole collection
("import file mismatch"). A targeted run of one folder never sees it; the full run in CI does.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def pytest_module_name(path: Path) -> str:
    """The name pytest's "prepend" import mode gives ``path``: its packages up to the first folder without ``__init__``."""
    parts = [path.stem]
    folder = path.parent
    while (folder / "__init__.py").is_file():
        parts.append(folder.name)
        folder = folder.parent
    return ".".join(reversed(parts))


def clashes(root: Path) -> dict[str, list[str]]:
    by_name: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("test_*.py")):
        by_name[pytest_module_name(path)].append(str(path.relative_to(root)))
    return {name: paths for name, paths in by_name.items() if len(paths) > 1}


def test_the_rule_sees_a_clash_and_a_package(tmp_path: Path) -> None:
    for folder in ("cli", "stores", "web"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "test_accounts.py").write_text("")
    (tmp_path / "web" / "__init__.py").write_text("")
    assert clashes(tmp_path) == {"test_accounts": ["cli/test_accounts.py", "stores/test_accounts.py"]}


def test_no_two_test_modules_share_a_name() -> None:
    assert clashes(TESTS) == {}, "rename one of each pair (or give its folder an __init__.py)"
