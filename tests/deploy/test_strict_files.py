"""Every YAML and NDJSON file under deploy/ loads strictly: a key given twice is an error (issue
16: the compose file once gave one service ``restart:`` twice, which compose silently accepts)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .strict import load_json, load_ndjson, load_yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
FILES = sorted(p for p in DEPLOY.rglob("*") if p.suffix in {".yml", ".yaml", ".ndjson"})


def test_the_compose_file_and_the_kibana_objects_are_among_the_files() -> None:
    assert {p.relative_to(DEPLOY).as_posix() for p in FILES} >= {"docker-compose.yml", "kibana/langnghe.ndjson"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(DEPLOY).as_posix())
def test_every_deploy_file_loads_strictly(path: Path) -> None:
    if path.suffix == ".ndjson":
        assert load_ndjson(path)
    else:
        assert isinstance(load_yaml(path.read_text(encoding="utf-8")), dict)


def test_a_key_given_twice_is_refused_in_yaml_and_in_json() -> None:
    twice = "services:\n  langnghe:\n    restart: unless-stopped\n    image: x\n    restart: unless-stopped\n"
    assert yaml.safe_load(twice)["services"]["langnghe"]["restart"] == "unless-stopped"  # the lenient load
    with pytest.raises(yaml.constructor.ConstructorError, match="restart"):
        load_yaml(twice)
    with pytest.raises(ValueError, match="title"):
        load_json('{"type": "dashboard", "attributes": {"title": "a", "title": "b"}}')
    assert load_yaml("x: &a 1\ny: *a\n") == {"x": 1, "y": 1}  # anchors stay fine
