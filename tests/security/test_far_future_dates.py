"""Far-future dates (issue 14, point 2): a date later than the fetch time plus a day is unknown.

A feed on a loopback server, an ``ingest`` line and a collaborator's field report each carry a
publication date in 9999: the items are kept without a date, flagged, and counted in each
source's health; then ``summary``, ``export``, ``rollup --all`` and ``stories`` run, and a
later ordinary item is still clustered. An index and a story store written before the fix,
holding a 9999 date already, are read without a crash.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from pydantic import SecretStr
from typer.testing import CliRunner

from langnghe.app import App
from langnghe.cli import app
from langnghe.config import SourceConfig
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite
from langnghe.index import open_index
from langnghe.index.es import ElasticsearchIndex, Names, ensure_templates
from langnghe.index.es.documents import to_document
from langnghe.index.es.setup import drop
from langnghe.item import FUTURE_TOLERANCE, Item
from langnghe.jobs.core import crawl_sources, ingest_file, run_enrich
from langnghe.labels import HEALTH_VI
from langnghe.service.summary import summarize
from langnghe.settings import Settings
from langnghe.stores.health import SourceHealthStore
from langnghe.stores.stories import StoryStore
from langnghe.testing import TEST_AUTHOR_KEY, build_item

REPO = Path(__file__).resolve().parents[2]
UTC = timezone.utc
FAR = datetime(9999, 12, 31, tzinfo=UTC)
TEXT = "Người dân phản ánh nước thải từ khu công nghiệp gây ô nhiễm kênh Xáng ở Cần Thơ, cá chết hàng loạt."
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Báo Tương Lai</title><link>{base}/</link><description>thử</description>
<item><title>Tin đăng ngày 31/12/9999</title><link>{base}/tin/tuong-lai.html</link>
<guid>{base}/tin/tuong-lai.html</guid><pubDate>Fri, 31 Dec 9999 00:00:00 +0700</pubDate>
<description>""" + TEXT + """</description></item>
<item><title>Tin đăng hôm qua</title><link>{base}/tin/hom-qua.html</link>
<guid>{base}/tin/hom-qua.html</guid><pubDate>{yesterday}</pubDate>
<description>Mưa lớn kéo dài gây ngập sâu nhiều tuyến phố ở Huế.</description></item>
</channel></rss>"""


def test_the_item_boundary_makes_a_far_future_date_unknown_and_flags_it() -> None:
    fetched = datetime(2026, 11, 20, 3, tzinfo=UTC)
    far = build_item(published_at=FAR, fetched_at=fetched)
    assert (far.published_at, far.future_date) == (None, True)
    near = build_item(published_at=fetched + FUTURE_TOLERANCE, fetched_at=fetched)  # clocks and zones: kept
    assert (near.published_at, near.future_date) == (fetched + FUTURE_TOLERANCE, False)
    # 9999-12-31 23:00 at UTC-5 is past the last moment Python can hold in UTC: unknown too, no OverflowError
    raw = json.loads(near.to_json()) | {"published_at": "9999-12-31T23:00:00-05:00"}
    assert Item.model_validate(raw).published_at is None
    near.published_at = FAR
    assert (near.published_at, near.future_date) == (None, True)
    assert build_item(published_at=FAR, fetched_at=FAR).published_at == FAR  # fetched then: no OverflowError
    assert Item.from_json(far.to_json()) == far


SOURCES_YAML = """sources:
  - {id: bao-tuong-lai, kind: rss, url: "https://tuong-lai.example/rss.xml"}
  - {id: ctv-tuong-lai, kind: collaborator, url: "/khong-dung"}
  - {id: nhap-tay, kind: rss, url: "https://nhap-tay.example/rss.xml"}
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    config = tmp_path / "config"
    shutil.copytree(REPO / "config", config)
    (config / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    return Settings(data_dir=tmp_path / "data", config_dir=config, download_delay=0.01,
                    author_key=SecretStr(TEST_AUTHOR_KEY), enrich_workers=1, allow_private_hosts=MOCK_SITE_HOSTS)


def _crawl_feed_and_field_report(settings: Settings, tmp_path: Path) -> None:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    folder = tmp_path / "ctv"
    folder.mkdir()
    (folder / "bao-cao.json").write_text(json.dumps([
        {"id": "r1", "text": TEXT, "title": "Báo cáo từ tương lai", "reported_at": "9999-12-31T08:00:00+07:00"},
        {"id": "r2", "text": "Đường ngập sâu sau mưa ở Huế.", "reported_at": "20/11/2026 08:15"},
        {"id": "r3", "text": TEXT + " Viết theo kiểu Việt Nam.", "reported_at": "31/12/9999 08:00"},
    ], ensure_ascii=False), encoding="utf-8")
    with MockSite() as site:
        site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        site.add("/rss.xml", RSS.replace("{yesterday}", yesterday), content_type="application/rss+xml")
        sources = [SourceConfig(id="bao-tuong-lai", kind="rss", url=site.url("/rss.xml"), follow_links=False),
                   SourceConfig(id="ctv-tuong-lai", kind="collaborator", url=folder.as_uri())]
        report = crawl_sources(sources, settings)
    assert report.items == 5 and report.items_future_dated == 3, report.summary_line()
    assert "3 tin ghi ngày trong tương lai, đã bỏ ngày" in report.summary_line()


def _ingest_line(settings: Settings, tmp_path: Path) -> Path:
    path = tmp_path / "dong.jsonl"
    far = build_item(id="nhap-tuong-lai-1", source="nhap-tay", published_at=FAR,
                     fetched_at=datetime(2026, 11, 20, 3, tzinfo=UTC), text=TEXT)
    line = far.to_json().replace('"published_at":null', '"published_at":"9999-12-31T00:00:00Z"')
    assert "9999" in line
    path.write_text(line + "\n", encoding="utf-8")
    return path


def _cli(settings: Settings, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"LANGNGHE_DATA_DIR": str(settings.data_dir),
                                                     "LANGNGHE_CONFIG_DIR": str(settings.config_dir),
                                                     "COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    return result.stdout  # --json on stdout; notes such as the config in use go to stderr


def _read_commands_run(settings: Settings, tmp_path: Path) -> None:
    _cli(settings, "summary")
    _cli(settings, "summary", "--json")
    for fmt in ("csv", "xlsx", "jsonl"):
        _cli(settings, "export", "--format", fmt, "-o", str(tmp_path / f"ra.{fmt}"))
    _cli(settings, "rollup", "--all")
    _cli(settings, "stories")


def _later_item_is_clustered(settings: Settings, tmp_path: Path, name: str) -> None:
    later = build_item(id=f"sau-do-{name}", source="nhap-tay", text=TEXT + " Người dân tiếp tục phản ánh.",
                       published_at=datetime.now(UTC) - timedelta(hours=1), fetched_at=datetime.now(UTC))
    path = tmp_path / f"{name}.jsonl"
    path.write_text(later.to_json() + "\n", encoding="utf-8")
    outcome = ingest_file(settings, path)
    assert outcome.enrich.done == 1
    index = open_index(settings)
    try:
        stored = index.get(later.id)
    finally:
        index.close()
    assert stored is not None and stored.story_id is not None, "a later item was not clustered"


def test_far_future_dates_from_a_feed_a_field_report_and_an_ingest_line(settings: Settings, tmp_path: Path) -> None:
    _crawl_feed_and_field_report(settings, tmp_path)
    with App(settings) as application:
        run_enrich(application)
    ingested = ingest_file(settings, _ingest_line(settings, tmp_path))
    assert ingested.enrich.done == 1 and ingested.ingest.future_dated == {"nhap-tay": 1}
    index = open_index(settings)
    try:
        flagged = [item for item in index.scan() if item.future_date]
    finally:
        index.close()
    assert sorted(item.source for item in flagged) == ["bao-tuong-lai", "ctv-tuong-lai", "ctv-tuong-lai", "nhap-tay"]
    assert all(item.published_at is None for item in flagged)
    health = SourceHealthStore(settings.paths.health)
    try:
        counted = {source: h.future_dated_total for source, h in health.all().items()}
    finally:
        health.close()
    assert counted == {"bao-tuong-lai": 1, "ctv-tuong-lai": 2, "nhap-tay": 1}
    listed = json.loads(_cli(settings, "sources", "--json"))["sources"]
    assert {s["id"]: s["health"]["future_dated_total"] for s in listed} == counted
    assert HEALTH_VI["future_dated"] in _cli(settings, "sources")
    _read_commands_run(settings, tmp_path)
    _later_item_is_clustered(settings, tmp_path, "lan-1")


def _written_before_the_fix(settings: Settings, item_id: str) -> None:
    """Put a 9999 date into the index and the story store as the previous version stored it."""
    far_us = int((FAR - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() * 1_000_000)
    with sqlite3.connect(settings.paths.index) as conn:
        (doc,) = conn.execute("SELECT doc FROM docs JOIN items USING (rid) WHERE id = ?", (item_id,)).fetchone()
        old = json.loads(doc)
        old.pop("future_date", None)
        old["published_at"] = "9999-12-31T00:00:00Z"
        conn.execute("UPDATE docs SET doc = ? WHERE rid = (SELECT rid FROM items WHERE id = ?)",
                     (json.dumps(old), item_id))
        conn.execute("UPDATE items SET ts = ?, published_at = ? WHERE id = ?", (far_us, old["published_at"], item_id))
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    with sqlite3.connect(settings.paths.stories) as conn:
        changed = conn.execute("UPDATE members SET ts = ? WHERE item_id = ?", (far_us, item_id)).rowcount
    assert changed == 1


def test_a_far_future_date_already_stored_crashes_nothing(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "cu.jsonl"
    old = build_item(id="da-luu-tu-truoc", source="nhap-tay", text=TEXT,
                     published_at=datetime.now(UTC) - timedelta(days=2), fetched_at=datetime.now(UTC) - timedelta(days=2))
    path.write_text(old.to_json() + "\n", encoding="utf-8")
    ingest_file(settings, path)
    _written_before_the_fix(settings, old.id)
    _read_commands_run(settings, tmp_path)
    index = open_index(settings)
    try:
        stored = index.get(old.id)
    finally:
        index.close()
    assert stored is not None and stored.published_at is None and stored.future_date
    store = StoryStore(settings.paths.stories)
    try:
        frontier = store.frontier()
    finally:
        store.close()
    assert frontier is None or frontier.year < 9999
    _later_item_is_clustered(settings, tmp_path, "lan-2")


def test_elasticsearch_makes_a_far_future_date_stored_earlier_undated(es_client: Elasticsearch, es_prefix: str) -> None:
    old = build_item(id="es-da-luu-tu-truoc", source="nhap-tay", text=TEXT)
    doc = to_document(old)
    doc["@timestamp"] = doc["published_at"] = doc["item"]["published_at"] = "9999-12-31T00:00:00+00:00"
    doc["item"].pop("future_date")  # as the previous version wrote it
    names = Names(es_prefix)
    ensure_templates(es_client, names)
    es_client.index(index=names.monthly_index(FAR), id=old.id, document=doc, refresh=True)
    ordinary = build_item(id="es-tin-thuong", source="nhap-tay", text=TEXT)
    es_client.index(index=names.monthly_index(ordinary.fetched_at), id=ordinary.id, document=to_document(ordinary),
                    refresh=True)
    index = ElasticsearchIndex(es_client, prefix=es_prefix, refresh="true")  # repairs on opening
    try:
        # Without the repair: a histogram from 2024 to 9999, millions of days (refused, or an OverflowError).
        summary = summarize(index)
        assert summary.total == 2 and summary.last_day == summary.first_day == ordinary.fetched_at.date()
        stored = index.get(old.id)
        assert stored is not None and stored.published_at is None and stored.future_date
        assert index.drop_future_dates() == 0  # nothing left: the next open costs one empty search
    finally:
        drop(es_client, index.names)
        index.close()
