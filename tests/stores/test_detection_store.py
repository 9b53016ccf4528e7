"""The detection store keeps figures, renders the same sentences from them, and upgrades the
files of the previous version (JSON bodies) in place."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.detection.emerging import EmergingIssue, IssueSignals, explain_issue
from langnghe.detection.trends import detect_spikes, explain_spike
from langnghe.detection.voices import Voices
from langnghe.index.trends import RollupRow, SQLiteTrendStore
from langnghe.stores.detections import DetectionStore
from langnghe.testing import DbTarget

HOUR = timedelta(hours=1)
T0 = datetime(2026, 11, 1, 0, tzinfo=timezone.utc)
BURST = T0 + timedelta(days=10, hours=7)  # 14:00 in Vietnam
DAY_END = datetime(2026, 11, 20, 17, tzinfo=timezone.utc)

# What the previous version (JSON bodies) said and stored for the burst below and for one issue.
OLD_SPIKE_SENTENCE = (
    "Tỉnh/thành “Hưng Yên”: 11 tin trong giờ 14:00 ngày 11/11/2026 (giờ Việt Nam), gấp 10,2 lần mức trung bình 0,1 "
    "của 12 giờ trước đó; vượt mức nền 0 hơn 3 độ lệch chuẩn (cùng khung giờ các kỳ trước); xác suất ngẫu nhiên "
    "(Poisson) dưới một phần triệu."
)
OLD_SPIKE_BODY = {
    "dimension": "province", "value": "Hưng Yên", "granularity": "hour", "start": "2026-11-11T07:00:00+00:00",
    "observed": 11, "expected": 0.2, "score": 15.369, "methods": ["window", "sigma", "poisson"],
    "explanation": OLD_SPIKE_SENTENCE, "item_ids": ["i1"], "keywords": [], "provinces": [],
    "first_seen": "2026-11-01T00:00:00+00:00", "name": "Hưng Yên", "title": "Tỉnh/thành: Hưng Yên",
}  # fmt: skip
OLD_ISSUE_SENTENCE = (
    "6 tin trong 48 giờ qua so với 2 tin trong 5 ngày trước đó (nhịp tăng gấp 3,9 lần, tăng liên tiếp 2 ngày); "
    "50% tin tiêu cực hoặc bức xúc; 3 nguồn, 5 tài khoản/tác giả khác nhau (một tài khoản chiếm 50%); xuất hiện "
    "trên diễn đàn/mạng xã hội từ 19/11, báo chí đưa tin từ 19/11."
)
OLD_ISSUE_BODY = {
    "kind": "story", "key": "st-ca", "title": "Cá chết trên sông Lạch Vàng", "score": 2.345,
    "signals": {"recent": 6, "earlier": 2, "daily": [0, 1, 0, 1, 0, 2, 4], "negative_share": 0.5, "sources": 3,
                "authors": 5, "top_author_share": 0.5, "first_social": "2026-11-18T20:00:00+00:00",
                "first_news": "2026-11-19T09:00:00+00:00", "growth": 3.889, "rising_days": 2, "social_first": True},
    "explanation": OLD_ISSUE_SENTENCE, "keywords": ["cá chết"], "provinces": ["Hưng Yên"],
    "first_seen": "2026-11-14T01:00:00+00:00", "item_ids": ["a", "b"],
}  # fmt: skip
OLD_DDL = (
    """CREATE TABLE IF NOT EXISTS spikes (
        dimension TEXT NOT NULL, value TEXT NOT NULL, granularity TEXT NOT NULL, start INTEGER NOT NULL,
        score REAL NOT NULL, body TEXT NOT NULL, PRIMARY KEY (dimension, value, granularity, start))""",
    "CREATE INDEX IF NOT EXISTS spikes_start ON spikes(start)",
    """CREATE TABLE IF NOT EXISTS emerging (
        at INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, rank INTEGER NOT NULL,
        score REAL NOT NULL, body TEXT NOT NULL, PRIMARY KEY (at, kind, key))""",
)


def _burst_store(path: Path) -> SQLiteTrendStore:
    backend = SQLiteTrendStore(path)
    rows = []
    for hour in range(10 * 24 + 12):
        moment = T0 + hour * HOUR
        rows.append(RollupRow(moment, "province", "Hà Nội", 3 if moment.hour % 24 in (1, 2, 3) else 1))
        if moment == BURST:
            rows.append(RollupRow(moment, "province", "Hưng Yên", 11))
        elif hour % 17 == 0:
            rows.append(RollupRow(moment, "province", "Hưng Yên", 1))
    backend.replace_hours([T0 + h * HOUR for h in range(10 * 24 + 12)], rows)
    return backend


def _issue() -> EmergingIssue:
    """The issue of :data:`OLD_ISSUE_BODY` as a record."""
    return EmergingIssue(
        kind="story", key="st-ca", title="Cá chết trên sông Lạch Vàng", score=2.345,
        signals=IssueSignals(recent=6, earlier=2, daily=(0, 1, 0, 1, 0, 2, 4), negative_share=0.5, sources=3,
                             authors=5, top_author_share=0.5, first_social=datetime(2026, 11, 18, 20, tzinfo=timezone.utc),
                             first_news=datetime(2026, 11, 19, 9, tzinfo=timezone.utc)),
        keywords=["cá chết"], provinces=["Hưng Yên"], first_seen=datetime(2026, 11, 14, 1, tzinfo=timezone.utc),
        item_ids=["a", "b"],
    )  # fmt: skip


def test_a_stored_spike_reads_back_whole_and_renders_the_sentence_of_before(db_target: DbTarget, tmp_path: Path) -> None:
    spike = detect_spikes(_burst_store(tmp_path / "t.sqlite3"), BURST + HOUR, dimensions=("province",)).spikes[0]
    with_items = replace(spike, item_ids=("i1", "i2"), keywords=("cá chết",))
    store = DetectionStore(db_target("detections"))
    assert store.save_spikes([with_items]) == 1
    (read,) = store.spikes(BURST, BURST + HOUR)
    store.close()
    assert read == with_items and len(read.checks) == 3 and read.stored_explanation is None
    assert explain_spike(read) == OLD_SPIKE_SENTENCE
    assert "trong giờ 07:00 ngày 11/11/2026" in explain_spike(read, "UTC")  # rendered when shown, for its zone
    assert read.to_dict()["explanation"] == OLD_SPIKE_SENTENCE and read.to_dict()["checks"][0]["method"] == "window"


def test_saving_a_spike_again_replaces_it_with_its_checks(db_target: DbTarget, tmp_path: Path) -> None:
    spike = detect_spikes(_burst_store(tmp_path / "t.sqlite3"), BURST + HOUR, dimensions=("province",)).spikes[0]
    store = DetectionStore(db_target("detections"))
    store.save_spikes([spike])
    fewer = replace(spike, methods=("window",), checks=spike.checks[:1], score=spike.checks[0].score)
    store.save_spikes([fewer])
    assert store.spikes(BURST, BURST + HOUR) == [fewer]
    assert store.spikes(BURST + HOUR, BURST + 2 * HOUR) == []
    store.close()


def test_an_emerging_ranking_is_replaced_by_moment_and_the_latest_is_the_default(db_target: DbTarget, tmp_path: Path) -> None:
    issue = _issue()
    other = replace(issue, key="st-khac", title="Chuyện khác", score=1.0)
    with DetectionStore(db_target("detections")) as store:
        assert store.emerging() == []
        store.save_emerging(DAY_END - timedelta(days=1), [other])
        store.save_emerging(DAY_END, [other, issue])
        store.save_emerging(DAY_END, [issue, other])
        assert store.emerging() == [issue, other]
        assert store.emerging(DAY_END - timedelta(days=1)) == [other]
        assert explain_issue(store.emerging()[0]) == OLD_ISSUE_SENTENCE


def test_a_file_of_the_previous_version_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "detections.sqlite3"
    old = sqlite3.connect(path)
    for statement in OLD_DDL:
        old.execute(statement)
    old.execute("INSERT INTO spikes VALUES (?, ?, ?, ?, ?, ?)", ("province", "Hưng Yên", "hour",
                int(BURST.timestamp()), 15.369, json.dumps(OLD_SPIKE_BODY, ensure_ascii=False)))  # fmt: skip
    old.execute("INSERT INTO emerging VALUES (?, ?, ?, ?, ?, ?)", (int(DAY_END.timestamp()), "story", "st-ca", 1,
                2.345, json.dumps(OLD_ISSUE_BODY, ensure_ascii=False)))  # fmt: skip
    old.commit()
    old.close()
    with DetectionStore(path) as store:
        (spike,) = store.spikes(BURST, BURST + HOUR)
        assert (spike.value, spike.observed, spike.expected, spike.score, spike.item_ids) == (
            "Hưng Yên", 11, 0.2, 15.369, ("i1",))
        assert spike.start == BURST and spike.first_seen == T0 and spike.methods == ("window", "sigma", "poisson")
        assert explain_spike(spike) == OLD_SPIKE_SENTENCE  # kept: the old row has no per-rule figures
        assert store.emerging() == [_issue()] and explain_issue(store.emerging()[0]) == OLD_ISSUE_SENTENCE
    with DetectionStore(path) as store:  # opening again migrates nothing and loses nothing
        assert len(store.spikes(BURST, BURST + HOUR)) == 1 and len(store.emerging(DAY_END)) == 1



def test_voices_and_copy_floods_are_stored_with_the_ranking_and_the_spike(db_target: DbTarget, tmp_path: Path) -> None:
    counted = replace(_issue().signals, voices_daily=(0, 1, 0, 1, 0, 2, 1), voices_recent=3, voices_earlier=2,
                      accounts_recent=2, copies_recent=3, flood_items=4, flood_accounts=1)  # fmt: skip
    issue = replace(_issue(), signals=counted)
    flood = replace(issue, key="st-sao-chep", score=0.0)
    spike = detect_spikes(_burst_store(tmp_path / "t.sqlite3"), BURST + HOUR, dimensions=("province",)).spikes[0]
    spike = replace(spike, voices=Voices(items=11, accounts=9, voices=8, copies=3, independent=8))
    with DetectionStore(db_target("detections")) as store:
        store.save_emerging(DAY_END, [issue], [flood])
        store.save_spikes([spike])
        assert store.emerging() == [issue] and store.floods() == [flood] and store.floods(DAY_END - HOUR) == []
        assert store.spikes(BURST, BURST + HOUR) == [spike]
    assert "4 tin, 1 tài khoản" in explain_issue(flood) and "11 tin, 9 tài khoản (tính 8 tin" in explain_spike(spike)
