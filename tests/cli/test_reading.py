"""``langnghe item ID`` and ``langnghe story ID``: from a spike, a story or a claim to its posts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from langnghe.app import App
from langnghe.claims.model import Claim
from langnghe.cli import app
from langnghe.item import ClaimMatch, FalseInfo, Item, MisinfoSignal
from langnghe.jobs.core import run_stories
from langnghe.settings import Settings
from langnghe.testing import build_item, build_nlp, prediction
from langnghe.testing_stories import build_cases

PUBLISHED = datetime(2026, 11, 19, 17, 5, tzinfo=timezone.utc)  # 00:05 on the 20th in Vietnam
SOURCES_YAML = """sources:
  - {id: bao-a, kind: rss, name: Báo Ánh Sáng, url: "https://a.example/rss", platform: news}
  - {id: bao-b, kind: rss, name: Báo Bình Minh, url: "https://b.example/rss", platform: news}
"""
TOPICS_YAML = """topics:
  - {id: nuoc-may, name: Nước máy Cần Thơ, query: '"nước máy"'}
"""


def _rumour() -> Item:
    return build_item(
        id="tin-don-nuoc-may-01", source="bao-a", platform="news", url="https://a.example/nuoc-may",
        title="Nước máy nhiễm độc, người dân đổ xô mua nước đóng chai", text="Tin đồn nước máy nhiễm độc lan nhanh.",
        published_at=PUBLISHED, watch_topics=["nuoc-may"],
        nlp=build_nlp(section="health", sentiment=prediction("negative", 0.87), emotion=prediction("fear", 0.66),
                      toxicity="clean", provinces=["Cần Thơ"], keywords=["nước máy", "nhiễm độc"],
                      concerns=["pollution_environment"],
                      misinfo=MisinfoSignal(score=0.72, cues=["no_source", "urges_sharing: 'hãy chia sẻ'"])),
        claims=[ClaimMatch(claim_id="nuoc-may-doc", similarity=0.91, method="retrieval", stance="spreads")],
        false_info=FalseInfo(flagged=True, score=0.8, explanation="Lặp lại một tin đã bị bác bỏ"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("reading")
    config = root / "config"
    config.mkdir()
    (config / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    (config / "topics.yaml").write_text(TOPICS_YAML, encoding="utf-8")
    settings = Settings(data_dir=root / "data", config_dir=config)
    with App(settings) as application:
        application.index.upsert([item for _, item in build_cases()] + [_rumour()])
        application.claims.upsert_claims([Claim(id="nuoc-may-doc", claim="Nước máy Cần Thơ nhiễm độc",
                                                verdict="sai sự thật", source="Trung tâm Xử lý tin giả")], origin="test")
    run_stories(settings)
    return settings


def _invoke(settings: Settings, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--data-dir", str(settings.data_dir), "--config-dir",
                                      str(settings.config_dir)])  # fmt: skip
    return result.exit_code, result.output


def _largest_story(settings: Settings) -> dict[str, object]:
    result = CliRunner().invoke(app, ["stories", "--json", "--limit", "1", "--data-dir", str(settings.data_dir)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["stories"][0]


def test_an_item_shows_its_signals_in_vietnamese_with_scores_and_local_time(settings: Settings) -> None:
    code, output = _invoke(settings, "item", "tin-don-nuoc-may-01")
    assert code == 0, output
    for shown in ("Báo Ánh Sáng", "20/11/2026 00:05", "Sức khỏe", "Tiêu cực", "0,87", "Sợ hãi", "0,66",
                  "Ô nhiễm, môi trường", "Nước máy Cần Thơ", "Cần Thơ", "không nêu nguồn", "kêu gọi chia sẻ",
                  "Nước máy Cần Thơ nhiễm độc", "sai sự thật", "Lan truyền", "0,91", "Lặp lại một tin đã bị bác bỏ",
                  "Tin đồn nước máy nhiễm độc lan nhanh."):  # fmt: skip
        assert shown in output, shown
    for slug in ("pollution_environment", "nuoc-may-doc", "negative", "no_source", "health"):
        assert slug not in output, slug


def test_an_item_as_json_carries_its_story_claims_and_names(settings: Settings) -> None:
    story = _largest_story(settings)
    member = story["item_ids"][0]
    code, output = _invoke(settings, "item", member, "--json")
    assert code == 0, output
    found = json.loads(output)
    assert found["item"]["id"] == member and found["story"]["id"] == story["id"]
    code, output = _invoke(settings, "item", "tin-don-nuoc-may-01", "--json")
    rumour = json.loads(output)
    assert rumour["source_name"] == "Báo Ánh Sáng" and rumour["concern_names"] == {
        "pollution_environment": "Ô nhiễm, môi trường"}
    assert rumour["claims"] == [{"claim_id": "nuoc-may-doc", "claim": "Nước máy Cần Thơ nhiễm độc",
                                 "verdict": "sai sự thật", "similarity": 0.91, "method": "retrieval",
                                 "stance": "spreads"}]  # fmt: skip


def test_a_story_lists_its_items_newest_or_oldest_first(settings: Settings) -> None:
    story = _largest_story(settings)
    code, output = _invoke(settings, "story", str(story["id"]), "--json", "--limit", "2")
    assert code == 0, output
    newest = json.loads(output)
    code, output = _invoke(settings, "story", str(story["id"]), "--json", "--oldest", "--limit", "50")
    oldest = json.loads(output)
    times = [item["published_at"] for item in oldest["items"]]
    assert times == sorted(times) and len(oldest["items"]) == story["size"]
    assert [item["id"] for item in newest["items"]] == [item["id"] for item in reversed(oldest["items"])][:2]
    assert (newest["order"], oldest["order"], newest["story"]["size"]) == ("newest", "oldest", story["size"])
    code, output = _invoke(settings, "story", str(story["id"]), "--limit", "3")
    assert code == 0, output
    assert str(story["title"]) in output and "3 tin, mới nhất trước" in output and "Báo Ánh Sáng" in output
    assert f"Số tin: {story['size']}" in output and "Báo điện tử" in output


@pytest.mark.parametrize(("command", "what"), [("item", "tin, bài"), ("story", "sự việc")])
def test_an_unknown_id_is_one_vietnamese_line_and_exit_1(settings: Settings, command: str, what: str) -> None:
    code, output = _invoke(settings, command, "khong-co-ma-nay")
    assert code == 1
    assert output.strip() == f"Không tìm thấy {what} có mã “khong-co-ma-nay”."


@pytest.mark.parametrize("command", ["item", "story"])
def test_every_reading_command_has_help(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--json" in result.output and "ID" in result.output


def test_status_reads_jobs_outbox_and_alerts_through_the_service(tmp_path: Path) -> None:
    from langnghe.delivery.message import Message
    from langnghe.stores.alerts import Alert
    from langnghe.stores.runs import JobRun

    settings = Settings(data_dir=tmp_path / "data", config_dir=tmp_path)
    now = datetime.now(timezone.utc)
    with App(settings) as application:
        application.runs.record(JobRun("detect", now - timedelta(minutes=5), 1.25, "ok", "3 spikes"))
        application.outbox.start(Message(key="digest:x", subject="Bản tin", text="…"), "file", now, now)
        application.alerts.admit([Alert(rule_id="tin-gia", kind="claim_spread", subject="claim:c1",
                                        title="Tin sai lan truyền: 3 tin", detail="", value=3, at=now)],
                                 {"tin-gia": timedelta(hours=1)}, now, lambda alerts: alerts)  # fmt: skip
    before = sorted(path.name for path in settings.data_dir.iterdir())
    result = CliRunner().invoke(app, ["status", "--data-dir", str(settings.data_dir), "--config-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Phát hiện" in result.output and "3 spikes" in result.output
    assert "1.2 giây" in result.output
    assert "Hộp thư đi: 1 chờ gửi, 0 lỗi, 0 đã gửi" in result.output
    assert "Cảnh báo trong 24 giờ qua: 1" in result.output and "Tin sai lan truyền: 3 tin" in result.output
    assert sorted(path.name for path in settings.data_dir.iterdir() if path.name in before) == before


def test_status_on_a_fresh_folder_says_nothing_ran(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["status", "--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Bộ lập lịch chưa chạy" in result.output and "Hộp thư đi: 0 chờ gửi, 0 lỗi, 0 đã gửi" in result.output
    assert "Cảnh báo trong 24 giờ qua" not in result.output
    assert not {"alerts.sqlite3", "outbox.sqlite3", "scheduler.sqlite3"} & {p.name for p in (tmp_path / "data").iterdir()}
