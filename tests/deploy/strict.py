"""Strict readers of deployment files: a key given twice is an error, in YAML as in JSON (compose
and Kibana would silently keep the last one)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml


class StrictLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    twice = {key for key in keys if keys.count(key) > 1}
    if twice:
        raise yaml.constructor.ConstructorError(None, None, f"key given twice: {sorted(twice)}", node.start_mark)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=StrictLoader)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise ValueError(f"key given twice: {twice}")
    return dict(pairs)


def load_json(text: str) -> Any:
    """JSON that refuses a key given twice (and NaN, which is not JSON)."""

    def no_constant(name: str) -> Any:
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, object_pairs_hook=_pairs, parse_constant=no_constant)


def load_ndjson(path: Path) -> list[dict[str, Any]]:
    """One JSON object per line, no blank lines in between."""
    lines = path.read_text(encoding="utf-8").splitlines()
    objects = [load_json(line) for line in lines]
    bad = [n for n, obj in enumerate(objects, start=1) if not isinstance(obj, dict)]
    if bad or not objects:
        raise ValueError(f"{path}: lines {bad} are not JSON objects" if bad else f"{path}: empty")
    return objects
