"""The shipped source catalogue (config/sources.yaml) and its page (docs/sources.md) against the
code: the catalogue loads with valid options, every source kind is documented with the options
and defaults its model has, the documented examples are valid, and check-config checks options."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined
from typer.testing import CliRunner

from langnghe.config import SourceConfig, check_source_options, load_config
from langnghe.crawlers.connectors import CONNECTORS
from langnghe.crawlers.connectors.field_reports import FieldReport
from langnghe.crawlers.options import OPTIONS, CommonOptions, source_options
from langnghe.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "sources.md").read_text(encoding="utf-8")
COMMON = set(CommonOptions.model_fields)


def shipped() -> list[SourceConfig]:
    return load_config(REPO / "config").sources


def section(title: str) -> str:
    """The text under a markdown heading, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", DOC, re.M)
    assert match, f"docs/sources.md has no section {title!r}"
    rest = DOC[match.end() :]
    stop = re.search(rf"^#{{1,{len(match.group(1))}}} ", rest, re.M)
    return rest[: stop.start()] if stop else rest


def kinds_table() -> dict[str, str]:
    """The rows of the kinds table and of the common options' table (before the first kind's section)."""
    return table_rows(section("Source kinds").split("\n### ")[0])


def table_rows(text: str) -> dict[str, str]:
    """Rows of the markdown tables in ``text`` by their first cell's code name (``| `rss` | ...``)."""
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| `([^`]+)`[^\n]*", text, re.M)}


def shown(field: Any) -> str:
    """A default as the page writes it: (2d), (none), (true), (*.json, *.jsonl, *.csv), (required)."""
    if field.is_required():
        return "required"
    value = field.default_factory() if field.default is PydanticUndefined else field.default
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
            if seconds % size == 0:
                return f"{seconds // size}{unit}"
        return f"{seconds}s"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def own_options(model: type[BaseModel]) -> dict[str, Any]:
    return {name: field for name, field in model.model_fields.items() if name not in COMMON}


# -- the catalogue ---------------------------------------------------------------------------


def test_the_catalogue_ships_forty_examples_with_unique_ids_and_valid_options() -> None:
    sources = shipped()
    assert len([s for s in sources if s.enabled or s.example]) >= 40
    assert all(s.example for s in sources)
    assert len({s.id for s in sources}) == len(sources)
    for source in sources:
        source_options(source)  # raises ConfigError naming the source and the option
    check_source_options(sources, REPO / "config" / "sources.yaml")


def test_the_catalogue_covers_every_kind_and_outlets_national_and_provincial() -> None:
    sources = shipped()
    assert {s.kind for s in sources} == set(CONNECTORS)
    enabled_news = [s for s in sources if s.enabled and s.platform == "news"]
    assert len(enabled_news) >= 35 and all(s.url.startswith("https://") for s in enabled_news)
    hosts = {re.sub(r"^https://(www\.)?", "", s.url).split("/")[0] for s in enabled_news}
    assert {"vnexpress.net", "tuoitre.vn", "vov.vn", "baodanang.vn", "baoquangninh.vn"} <= hosts


def test_sources_that_need_keys_or_rate_limit_hard_are_disabled() -> None:
    for source in shipped():
        if source.kind in ("reddit", "youtube", "facebook", "mastodon", "telegram"):
            assert not source.enabled, source.id


def test_keys_are_named_by_environment_variable_never_written() -> None:
    text = (REPO / "config" / "sources.yaml").read_text(encoding="utf-8")
    assert not re.search(r"(key|token|secret)\s*:", text, re.I)  # only api_key_env / token_env


# -- the page --------------------------------------------------------------------------------


def test_every_kind_has_a_row_and_no_row_names_an_unknown_kind() -> None:
    rows = kinds_table()
    kinds = {name for name in rows if name in OPTIONS or name in CONNECTORS}
    assert kinds == set(CONNECTORS) == set(OPTIONS)
    assert set(rows) - COMMON == set(CONNECTORS)  # the other rows are the common options


@pytest.mark.parametrize("kind", sorted(CONNECTORS))
def test_each_row_names_its_kinds_options_with_their_defaults(kind: str) -> None:
    row = kinds_table()[kind]
    options = own_options(OPTIONS[kind])
    for name, field in options.items():
        assert f"`{name}` ({shown(field)})" in row, f"docs/sources.md, row {kind}: `{name}` ({shown(field)})"
    named = set(re.findall(r"`([a-z_]+)` \(", row))
    assert named <= set(options), f"row {kind} names options the code does not have: {named - set(options)}"
    if not options:
        assert "none of its own" in row


def test_the_common_options_are_documented_with_their_defaults() -> None:
    rows = kinds_table()
    for name, field in CommonOptions.model_fields.items():
        assert name in rows and f"`{name}` ({shown(field)})" in rows[name]


def test_the_kinds_that_need_credentials_say_which_variable() -> None:
    rows = kinds_table()
    for kind, model in OPTIONS.items():
        for name in own_options(model):
            if name.endswith("_env"):
                assert "environment variable" in rows[kind].split("|")[3], kind


@pytest.mark.parametrize("kind", sorted(CONNECTORS))
def test_each_kind_has_a_valid_example_entry(kind: str) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", section(f"`{kind}`"), re.S)
    assert blocks, f"docs/sources.md: no yaml example for {kind}"
    for block in blocks:
        for entry in yaml.safe_load(block):
            source = SourceConfig.model_validate(entry)
            assert source.kind == kind
            source_options(source)


def test_the_collaborator_fields_are_documented() -> None:
    rows = table_rows(section("`collaborator`"))
    assert set(FieldReport.model_fields) <= set(rows)
    assert "required" in rows["id"] and "required" in rows["text"]


def test_the_page_explains_adding_a_site_with_extract() -> None:
    guide = section("Adding a site")
    assert "langnghe extract" in guide and "--url" in guide and "--json" in guide
    assert "langnghe check-config" in guide


# -- check-config ----------------------------------------------------------------------------


def test_check_config_rejects_a_bad_option_naming_file_source_and_option(tmp_path: Path) -> None:
    from langnghe.cli import app

    shipped_dir = REPO / "config"
    for name in ("topics.yaml", "alerts.yaml", "claims.yaml"):
        (tmp_path / name).write_text((shipped_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(
        "sources:\n"
        "  - {id: a, kind: rss, url: 'https://a.example/rss', options: {max_entrys: 5}}\n"
        "  - {id: b, kind: html, url: 'https://b.example/'}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["check-config", "--config-dir", str(tmp_path)])
    assert result.exit_code == 2  # the CLI's error boundary: one line, no traceback
    message = result.output
    assert message.startswith(f"lỗi: {tmp_path / 'sources.yaml'}: nguồn a: options.max_entrys: tùy chọn lạ")
    assert "(và 1 nguồn khác có tùy chọn sai)" in message


def test_check_config_passes_on_the_shipped_config() -> None:
    from langnghe.cli import app

    result = CliRunner().invoke(app, ["check-config", "--config-dir", str(REPO / "config")])
    assert result.exit_code == 0, result.output
    assert re.search(r"\d+ nguồn \(\d+ đang bật\)", result.output) and result.output.rstrip().endswith(": hợp lệ")


def test_check_config_loads_no_scrapy() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from langnghe.config import load_config, check_source_options; "
        f"p = Path({str(REPO / 'config')!r}); check_source_options(load_config(p).sources, p / 'sources.yaml'); "
        "assert not any(m == 'scrapy' or m.startswith(('scrapy.', 'twisted')) for m in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_check_source_options_names_the_file() -> None:
    source = SourceConfig(id="x", kind="xenforo", url="https://f.example/", options={"max_pages": 0})
    with pytest.raises(ConfigError, match=r"^sources\.yaml: nguồn x: options\.max_pages: cần từ 1 trở lên, nhận 0"):
        check_source_options([source], Path("sources.yaml"))


def test_the_readme_source_table_has_a_row_for_every_kind() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Sources\n")
    rows = table_rows(readme[start : readme.index("\n## ", start + 1)])
    assert set(rows) == set(CONNECTORS)
    for kind, option in (("youtube", "api_key_env"), ("facebook", "token_env")):
        assert option in OPTIONS[kind].model_fields and f"`{option}`" in rows[kind]
