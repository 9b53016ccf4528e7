"""Errors a user meets are Vietnamese (issue 16, "no English sentence in any user-facing output"):
typical bad inputs run through the CLI as a user types them, and the one line that comes back
starts with ``lỗi: `` and holds none of the English words our messages used to be made of."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from langnghe.cli import app

ENGLISH = re.compile(
    r"\b(expected|got|must|invalid|unknown|not|failed|missing|required|should|input|such|requires|argument|command)\b",
    re.IGNORECASE,
)

GOOD_SOURCE = "  - {id: tin-a, kind: rss, url: 'https://a.example/rss'}\n"


def _config(folder: Path, sources: str) -> Path:
    folder.mkdir()
    (folder / "sources.yaml").write_text("sources:\n" + sources, encoding="utf-8")
    return folder


def _case(tmp: Path, case: str) -> tuple[list[str], dict[str, str]]:
    """The arguments (and environment) of one typical mistake."""
    data = ["--data-dir", str(tmp / "data")]
    if case == "unknown key":
        config = _config(tmp / "c", "  - {id: tin-a, kind: rss, url: 'https://a.example/rss', intervall: 1h}\n")
        return ["check-config", "--config-dir", str(config)], {}
    if case == "bad duration":
        config = _config(tmp / "c", "  - {id: tin-a, kind: rss, url: 'https://a.example/rss', interval: often}\n")
        return ["crawl", "--config-dir", str(config), *data], {}
    if case == "bad boolean":
        config = _config(tmp / "c", "  - {id: tin-a, kind: rss, url: 'https://a.example/rss', enabled: maybe}\n")
        return ["check-config", "--config-dir", str(config)], {}
    if case == "missing key":
        config = _config(tmp / "c", "  - {id: tin-a, kind: rss}\n")
        return ["check-config", "--config-dir", str(config)], {}
    if case == "bad url":
        config = _config(tmp / "c", "  - {id: tin-a, kind: rss, url: 'ftp://a.example/rss'}\n")
        return ["check-config", "--config-dir", str(config)], {}
    if case == "duplicate id":
        config = _config(tmp / "c", GOOD_SOURCE + GOOD_SOURCE)
        return ["check-config", "--config-dir", str(config)], {}
    if case == "unknown source":
        config = _config(tmp / "c", GOOD_SOURCE)
        return ["crawl", "--source", "khong-co", "--config-dir", str(config), *data], {}
    if case == "bad schedule":
        config = _config(tmp / "c", GOOD_SOURCE)
        (config / "schedule.yaml").write_text("digest: {at: 7h}\n", encoding="utf-8")
        return ["check-config", "--config-dir", str(config)], {}
    if case == "bad yaml":
        config = _config(tmp / "c", GOOD_SOURCE + "  - {id: b, kind: rss, url: [x\n")
        return ["check-config", "--config-dir", str(config)], {}
    if case == "unknown alert channel":
        config = _config(tmp / "c", GOOD_SOURCE)
        (config / "alerts.yaml").write_text("alerts:\n  - {id: a, kind: spike, channels: [mail]}\n", encoding="utf-8")
        return ["check-config", "--config-dir", str(config)], {}
    if case == "bad allow-list":
        return ["sources", *data], {"LANGNGHE_ALLOW_PRIVATE_HOSTS": "khong-phai-dia-chi:xx"}
    if case in USAGE:
        return USAGE[case], {}
    if case == "bad setting":
        return ["sources", *data], {"LANGNGHE_BATCH_SIZE": "0"}
    if case == "bad export format":
        return ["export", "--format", "pdf", "-o", str(tmp / "x.pdf"), *data], {}
    if case == "not a json feed":
        (tmp / "feed.json").write_text('{"items": []}', encoding="utf-8")
        return ["extract", str(tmp / "feed.json")], {}
    assert case == "broken feed"
    (tmp / "feed.xml").write_text("<?xml version='1.0'?><rss><channel><title>Tin</titl", encoding="utf-8")
    return ["extract", str(tmp / "feed.xml")], {}


# A command typed wrongly: typer's own messages are English
USAGE = {
    "unknown option": ["sources", "--khong-co"],
    "missing argument": ["extract"],
    "not a number": ["search", "cá chết", "--limit", "nhiều"],
    "extra argument": ["sources", "thua"],
    "unknown command": ["khong-co-lenh"],
    "option without value": ["sources", "--data-dir"],
}
CASES = [*USAGE, "unknown key", "bad duration", "bad boolean", "missing key", "bad url", "duplicate id", "unknown source",
         "bad schedule", "bad yaml", "unknown alert channel", "bad allow-list", "bad setting", "bad export format",
         "not a json feed", "broken feed"]


@pytest.mark.parametrize("case", CASES)
def test_a_users_mistake_is_one_vietnamese_line(tmp_path: Path, case: str) -> None:
    args, env = _case(tmp_path, case)
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lỗi: "), result.stderr
    said = lines[0].replace(str(tmp_path), "")  # the folder's name is pytest's, not ours
    assert not ENGLISH.search(said), said


def test_the_line_still_says_where_what_and_the_value(tmp_path: Path) -> None:
    """The shape "file: key: problem, value" survives the translation."""
    args, env = _case(tmp_path, "bad duration")
    line = CliRunner().invoke(app, args, env=env).stderr.strip()
    assert line.startswith(f"lỗi: {tmp_path / 'c' / 'sources.yaml'}: sources[0].interval: ")
    assert "'often'" in line and "'30m'" in line
    (tmp_path / "other").mkdir()
    args, env = _case(tmp_path / "other", "unknown source")
    line = CliRunner().invoke(app, args, env=env).stderr.strip()
    assert "'khong-co'" in line and "tin-a" in line
