"""The claim store and the spread report: matches over time, per day, first and last seen, --at."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.claims.spread import spread_report
from langnghe.claims.store import ClaimStore, MatchRecord
from langnghe.claims.testing import LEMON, TAP_WATER
from langnghe.testing import DbTarget

T0 = datetime(2026, 11, 15, 1, 0, tzinfo=timezone.utc)  # 08:00 in Vietnam


def _record(item: str, hours: float, stance: str = "spreads", claim: str = TAP_WATER.id, **extra: object) -> MatchRecord:
    return MatchRecord(
        claim_id=claim, item_id=item, similarity=0.7, method="retrieval", stance=stance,  # type: ignore[arg-type]
        published_at=T0 + timedelta(hours=hours), source=extra.pop("source", "forum-a"),  # type: ignore[arg-type]
        platform="forum", title=f"Bài {item}", provinces=("Cần Thơ",), keywords=("nước máy", "thành viên"),
        **extra,  # type: ignore[arg-type]
    )


def test_rerecording_an_item_replaces_its_matches(db_target: DbTarget, tmp_path: Path) -> None:
    with ClaimStore(db_target("claims")) as store:
        store.record(["a", "b"], [_record("a", 0), _record("a", 0, claim=LEMON.id), _record("b", 1)])
        store.record(["a"], [_record("a", 0)])  # re-enriched: no longer matches LEMON
        assert sorted((r.item_id, r.claim_id) for r in store.matches()) == [("a", TAP_WATER.id), ("b", TAP_WATER.id)]
        store.record(["b"], [])
        assert [r.item_id for r in store.matches()] == ["a"]


def test_config_sync_adds_updates_and_drops_only_config_claims(db_target: DbTarget, tmp_path: Path) -> None:
    with ClaimStore(db_target("claims")) as store:
        store.upsert_claims([LEMON], "import")
        first = store.sync_config([TAP_WATER])
        assert (first.new, first.removed) == (1, 0)
        assert store.sync_config([TAP_WATER]).unchanged == 1
        assert store.sync_config([]).removed == 1
        assert [claim.id for claim in store.claims()] == [LEMON.id]
        assert store.claim(LEMON.id) == LEMON


def test_spread_per_day_first_last_seen_and_corrections(db_target: DbTarget, tmp_path: Path) -> None:
    with ClaimStore(db_target("claims")) as store:
        store.upsert_claims([TAP_WATER, LEMON], "import")
        store.record(["a", "b", "c", "d", "e"], [
            _record("a", 0), _record("b", 20, source="forum-b"), _record("c", 26), _record("d", 30),
            _record("e", 75, stance="refutes", source="news-a"),
        ])  # fmt: skip
        report = spread_report(store.claims(), store.matches())
        then = spread_report(store.claims(), store.matches(before=T0 + timedelta(hours=21)), at=T0 + timedelta(hours=21))
    assert [spread.claim.id for spread in report] == [TAP_WATER.id]  # LEMON matched nothing
    spread = report[0]
    assert len(spread.spreading) == 4 and len(spread.refuting) == 1 and spread.sources == ["forum-a", "forum-b"]
    assert [(day.isoformat(), n) for day, n in spread.per_day().items()] == [("2026-11-15", 1), ("2026-11-16", 3)]
    assert spread.first_seen == T0 and spread.last_seen == T0 + timedelta(hours=30)
    assert spread.keywords() == ["nước máy"]  # page furniture ("thành viên") is not a word of the claim
    data = spread.to_dict()
    assert {"score", "title", "keywords", "provinces", "first_seen", "explanation", "item_ids"} <= set(data)
    assert data["first_seen"] == T0.isoformat() and data["refuting_item_ids"] == ["e"] and data["score"] == 2.8
    assert "lan truyền trong 4 mục từ 2 nguồn (diễn đàn), lần đầu 08:00 15/11/2026" in spread.explanation()
    assert "nhiều nhất 3 mục ngày 16/11" in spread.explanation() and "1 bài bác bỏ, đính chính" in spread.explanation()
    assert [len(s.spreading) for s in then] == [2] and not then[0].refuting
    assert "kết luận công bố sau thời điểm xem" not in then[0].explanation()  # verdict of 12/11, before


def test_claims_rank_by_spread(tmp_path: Path) -> None:
    records = [_record("a", 0), _record("b", 1, claim=LEMON.id), _record("c", 2, claim=LEMON.id)]
    assert [s.claim.id for s in spread_report([TAP_WATER, LEMON], records)] == [LEMON.id, TAP_WATER.id]


# The schema of the plain-sqlite3 claim store, as files made before langnghe.db hold it.
OLD_CLAIM_DDL = (
    """CREATE TABLE IF NOT EXISTS claims (
        id TEXT PRIMARY KEY, claim TEXT NOT NULL, verdict TEXT NOT NULL, published TEXT,
        source TEXT NOT NULL, url TEXT, origin TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS claim_matches (
        claim_id TEXT NOT NULL, item_id TEXT NOT NULL, similarity REAL NOT NULL, method TEXT NOT NULL,
        stance TEXT NOT NULL, cues TEXT NOT NULL, ts INTEGER NOT NULL, published_at TEXT NOT NULL,
        source TEXT NOT NULL, platform TEXT NOT NULL, title TEXT NOT NULL, url TEXT,
        provinces TEXT NOT NULL, keywords TEXT NOT NULL, matched_at TEXT NOT NULL,
        PRIMARY KEY (claim_id, item_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS claim_matches_item ON claim_matches(item_id)",
    "CREATE INDEX IF NOT EXISTS claim_matches_ts ON claim_matches(ts)",
    """CREATE TABLE IF NOT EXISTS claim_exemplars (
        claim_id TEXT NOT NULL, exemplar TEXT NOT NULL, signature BLOB NOT NULL,
        PRIMARY KEY (claim_id, exemplar)) WITHOUT ROWID""",
)


def test_a_store_of_the_previous_version_is_upgraded_in_place(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "claims.sqlite3"
    old = sqlite3.connect(path)
    for statement in OLD_CLAIM_DDL:
        old.execute(statement)
    assert LEMON.published is not None
    old.execute("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, 'import', ?)", (
        LEMON.id, LEMON.claim, LEMON.verdict, LEMON.published.isoformat(), LEMON.source, LEMON.url, T0.isoformat()))
    old.execute(
        "INSERT INTO claim_matches VALUES (?, 'a', 0.8, 'retrieval', 'spreads', '[\"chia sẻ ngay\"]', ?, ?, 'forum-a',"
        " 'forum', 'Bài a', NULL, '[\"Cần Thơ\"]', '[\"chanh\"]', ?)",
        (LEMON.id, int(T0.timestamp() * 1_000_000), T0.isoformat(), T0.isoformat()),
    )
    old.execute("INSERT INTO claim_exemplars VALUES (?, 'a', ?)", (LEMON.id, b"\x01\x02"))
    old.commit()
    old.close()
    with ClaimStore(path) as store:
        assert store.claims() == [LEMON] and store.count_matches() == 1
        (match,) = store.matches(before=T0 + timedelta(seconds=1))
        assert (match.item_id, match.similarity, match.cues, match.published_at) == ("a", 0.8, ("chia sẻ ngay",), T0)
        assert list(store.exemplars()) == [(LEMON.id, "a", b"\x01\x02")]
        assert store.upsert_claims([LEMON], "import").unchanged == 1  # the stored row reads as the same claim
