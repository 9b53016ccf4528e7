"""The `langnghe` command as a user runs it: help, clear one-line errors, crawl then enrich."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from langnghe.crawlers.testing import MockSite

FIXTURES = Path(__file__).parents[1] / "crawlers" / "fixtures"


def _run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "langnghe.cli", *args], capture_output=True, text=True, timeout=300, check=False, cwd=cwd,
        env={**os.environ, **(env or {})},
    )


def test_help_lists_the_subcommands() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for command in ("demo", "crawl", "enrich", "classify", "train", "eval", "search", "summary", "digest", "status", "sources", "rollup"):
        assert command in result.stdout
    assert _run("classify", "--help").returncode == 0


def test_broken_config_is_one_line_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - id: tin-a\n    kind: rss\n    url: http://127.0.0.1:9/rss\n    interval: hourly\n", encoding="utf-8"
    )
    result = _run("crawl", "--config-dir", str(tmp_path), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{tmp_path / 'sources.yaml'}: sources[0].interval: cần một khoảng thời gian" in result.stderr.replace("\n", "")


def test_broken_feed_is_reported_and_the_good_one_still_lands(tmp_path: Path) -> None:
    with MockSite() as site:
        site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        site.add("/rss.xml", (FIXTURES / "rss.xml").read_text(encoding="utf-8"), content_type="application/rss+xml")
        site.add("/broken.xml", "<html><body>Trang đang bảo trì</body></html>", content_type="application/xml")
        for page in ("o-nhiem-ha-noi", "lu-mien-trung", "giao-thong"):
            site.add(f"/tin/{page}.html", (FIXTURES / f"{page}.html").read_text(encoding="utf-8"))
        config = tmp_path / "config"
        config.mkdir()
        (config / "sources.yaml").write_text(
            f"sources:\n  - {{id: tot, kind: rss, url: '{site.url('/rss.xml')}'}}\n"
            f"  - {{id: hong, kind: rss, url: '{site.url('/broken.xml')}'}}\n",
            encoding="utf-8",
        )
        data = tmp_path / "data"
        crawl = _run("crawl", "--config-dir", str(config), "--data-dir", str(data),
                     env={"LANGNGHE_ALLOW_PRIVATE_HOSTS": site.host_port})
    assert crawl.returncode == 1, crawl.stderr
    assert "cảnh báo: nguồn hong" in crawl.stderr and "broken.xml" in crawl.stderr
    assert "1 nguồn lỗi" in crawl.stdout
    health = _run("sources", "--config-dir", str(config), "--data-dir", str(data))
    assert health.returncode == 0, health.stderr
    rows = {line.split()[0]: line for line in health.stdout.splitlines() if line.split() and line.split()[0] in {"tot", "hong"}}
    assert "ổn" in rows["tot"] and "lỗi 1 lần" in rows["hong"]
    enrich = _run("enrich", "--data-dir", str(data))
    assert enrich.returncode == 0, enrich.stderr
    status = _run("status", "--data-dir", str(data))
    indexed = int(status.stdout.split("chỉ mục: ")[1].split()[0])
    assert indexed >= 2
    found = _run("search", "ô nhiễm", "--data-dir", str(data))
    assert found.returncode == 0 and "kết quả" in found.stdout


def test_classify_keeps_lines_and_names_bad_ones(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "text": "Đội tuyển bóng đá Việt Nam thắng 3-0 trong trận chung kết tối qua.", "extra": 1},
        "not json",
        {"id": "b", "text": "Sản phẩm quá tệ, giao hàng chậm, tôi rất thất vọng."},
        {"id": "c"},
    ]
    source.write_text("\n".join(json.dumps(x, ensure_ascii=False) if isinstance(x, dict) else x for x in lines) + "\n")
    target = tmp_path / "out.jsonl"
    result = _run("classify", str(source), "-o", str(target))
    assert result.returncode == 1
    assert f"{source}:2:" in result.stderr and f"{source}:4:" in result.stderr
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in out] == ["a", "b"]
    assert out[0]["extra"] == 1
    assert out[0]["nlp"]["section"]["label"] == "sports"
    assert out[1]["nlp"]["sentiment"]["label"] == "negative"
