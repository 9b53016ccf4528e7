"""A saved search is a watch topic like a topics.yaml entry: the next enrich tags with it, the next
alert evaluation fires on it and the digest counts it, by its name."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml

from langnghe.alerts.job import run_alerts
from langnghe.app import App
from langnghe.jobs.core import open_enrich_stage, run_enrich
from langnghe.reports.digest import collect_digest
from langnghe.service import QueryService
from langnghe.settings import Settings
from langnghe.stores.saved_searches import check_draft
from langnghe.testing import build_item

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)  # 16:00 in Hà Nội
ANGRY = ("Người dân vô cùng bức xúc, phẫn nộ vì cá chết hàng loạt trên sông Bưởi, nước bốc mùi hôi thối "
         "kinh khủng, chính quyền làm ngơ, thật tồi tệ và đáng lên án.")


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "config"
    config.mkdir()
    (config / "alerts.yaml").write_text(yaml.safe_dump({"alerts": [
        {"id": "phan-ung", "kind": "sentiment_surge", "dimension": "watch_topic", "threshold": 2, "ratio": 1.0,
         "window": "1d"},
    ]}, allow_unicode=True), encoding="utf-8")
    return config


def _items(prefix: str, count: int) -> list:  # type: ignore[type-arg]
    return [build_item(id=f"{prefix}-tin-{n:04d}", title="Cá chết trắng sông Bưởi", text=ANGRY,
                       published_at=NOW - timedelta(hours=n + 1)) for n in range(count)]


def test_a_shared_saved_search_is_used_by_the_next_alert_evaluation_and_the_digest(tmp_path: Path) -> None:
    with App(Settings(data_dir=tmp_path / "data", config_dir=_config(tmp_path))) as app:
        app.queue.put(_items("truoc", 3))
        run_enrich(app)  # no saved search yet: nothing tagged, no alert
        assert run_alerts(app, NOW).fired == 0
        shared = app.saved_searches.create(check_draft("Cá chết sông Bưởi", '"cá chết"', shared=True), owner_id=1)
        private = app.saved_searches.create(check_draft("Của riêng tôi", '"cá chết"'), owner_id=2)
        app.queue.put(_items("sau", 3))
        run_enrich(app)
        assert app.index.get("sau-tin-0000").watch_topics == [shared.topic_id]  # type: ignore[union-attr]
        assert app.index.get("truoc-tin-0000").watch_topics == []  # type: ignore[union-attr]  # as a topics.yaml edit
        report = run_alerts(app, NOW)
        assert [alert.subject for alert in report.sent] == [f"watch_topic:{shared.topic_id}"]
        assert report.sent[0].title == "Phản ứng tiêu cực tăng - Cá chết sông Bưởi"
        digest = collect_digest(QueryService(app), date(2026, 11, 20), now=NOW)
        [row] = digest.overview.of("watch_topic")
        assert (row.key, row.label, row.current) == (shared.topic_id, "Cá chết sông Bưởi", 3)
        assert private.topic_id not in {count.key for count in digest.overview.of("watch_topic")}


def test_a_running_enrich_stage_picks_up_a_new_saved_search_at_its_next_batch(tmp_path: Path) -> None:
    with App(Settings(data_dir=tmp_path / "data", config_dir=_config(tmp_path))) as app:
        stage = open_enrich_stage(app)
        try:
            [before] = stage.annotate(_items("truoc", 1))
            saved = app.saved_searches.create(check_draft("Cá chết", '"cá chết"', shared=True), owner_id=1)
            [after] = stage.annotate(_items("sau", 1))
        finally:
            stage.close()
    assert (before.watch_topics, after.watch_topics) == ([], [saved.topic_id])
