"""langnghe/labels.py is the one table of Vietnamese names: no module keeps a copy of its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from langnghe import labels
from langnghe.nlp import corpora

PACKAGE = Path(__file__).resolve().parents[1] / "langnghe"
TABLES: dict[str, dict[str, str]] = {
    name: value for name, value in vars(labels).items()
    if name.endswith("_VI") and isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
}
KNOWN_SLUGS = frozenset(slug for table in TABLES.values() for slug in table)
_VIETNAMESE = re.compile(r"[^\x00-\x7f]")


def _text(node: ast.AST | None) -> str | None:
    """The string a node spells out, if it is a string literal."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def name_copies(source: str) -> list[tuple[int, str]]:
    """(line, slug) of each dict literal entry mapping a known slug to a Vietnamese string, and
    (line, "weekdays") of each list or tuple that spells the weekdays."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.List, ast.Tuple)):
            if set(labels.WEEKDAY_VI) <= {_text(element) for element in node.elts}:
                found.append((node.lineno, "weekdays"))
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                slug, name = _text(key), _text(value)
                if key is not None and slug in KNOWN_SLUGS and name is not None and _VIETNAMESE.search(name):
                    found.append((key.lineno, slug))
    return found


def test_the_scan_finds_a_copy() -> None:
    source = ('DIMENSION_NAMES = {\n    "province": "Tỉnh/thành", "story": "Sự kiện",\n}\nOTHER = {"h": "giờ"}\n'
              "DAYS = ('Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy', 'Chủ nhật')\n")
    assert sorted(name_copies(source)) == [(2, "province"), (2, "story"), (5, "weekdays")]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_no_module_keeps_its_own_names(path: Path) -> None:
    if path == PACKAGE / "labels.py":
        return
    copies = name_copies(path.read_text(encoding="utf-8"))
    assert not copies, f"{path.relative_to(PACKAGE.parent)}: " + "; ".join(
        f"line {line}: {slug!r} named here, take its name from langnghe/labels.py" for line, slug in copies)


def test_labels_imports_nothing_of_langnghe_but_errors() -> None:
    tree = ast.parse((PACKAGE / "labels.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert {name for name in imported if name and name.startswith("langnghe")} <= {"langnghe.errors"}


@pytest.mark.parametrize(("table", "signal"), [
    (labels.SECTION_VI, "section"), (labels.SENTIMENT_VI, "sentiment"), (labels.EMOTION_VI, "emotion"),
    (labels.TOXICITY_VI, "toxicity"),
])  # fmt: skip
def test_every_label_a_classifier_gives_has_a_name(table: dict[str, str], signal: str) -> None:
    given = {label for _, mapping in corpora.SOURCES[signal] for label in mapping.values()}
    assert set(table) == given


def test_every_rumour_cue_has_a_name() -> None:
    from langnghe.nlp import misinfo

    shouted = "KHẨN CẤP!!! MỌI NGƯỜI CHIA SẺ NGAY NƯỚC MÁY NHIỄM ĐỘC!!!"
    assert {misinfo.cue_slug(cue) for cue in misinfo.misinfo_cues(shouted)} <= set(labels.CUE_VI)


def test_one_name_per_thing() -> None:
    """No two slugs of one table share a name, and a name means one thing across tables."""
    for name, table in TABLES.items():
        assert len(set(table.values())) == len(table), name
    owner: dict[str, str] = {}
    for table in (labels.DIMENSION_VI, labels.SECTION_VI, labels.SENTIMENT_VI, labels.PLATFORM_VI,
                  labels.ITEM_KIND_VI, labels.STANCE_VI):
        for slug, shown in table.items():
            assert owner.setdefault(shown, slug) == slug, f"{shown!r} names both {owner[shown]!r} and {slug!r}"


def test_an_issue_kind_keeps_its_dimension_name() -> None:
    assert labels.ISSUE_KIND_VI == {"story": "Sự việc", "concern": "Mối quan tâm"}
    assert all(labels.DIMENSION_VI[kind] == shown for kind, shown in labels.ISSUE_KIND_VI.items())
