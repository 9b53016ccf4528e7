"""What the wheel holds: the package only, never the data a demo or a run leaves beside it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from setuptools import find_namespace_packages

REPO = Path(__file__).resolve().parents[1]


def test_the_package_list_leaves_out_the_data_folder_beside_it(tmp_path: Path) -> None:
    # `make demo` writes ./langnghe-data (with its config, digests and stores); include = "langnghe*"
    # packed it into every wheel built from that folder
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    for folder in ("langnghe/nlp", "langnghe-data/demo-config", "langnghe_data/digests"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "langnghe" / "__init__.py").write_text("")
    (tmp_path / "langnghe" / "nlp" / "__init__.py").write_text("")
    found = find_namespace_packages(where=str(tmp_path), include=config["packages"]["find"]["include"])
    assert sorted(found) == ["langnghe", "langnghe.nlp"]
    assert config["package-dir"] == {"": "."}  # flat layout said plainly: editable installs print no notice
