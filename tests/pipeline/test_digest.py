from datetime import date, datetime, timezone
from pathlib import Path

from langnghe.index.sqlite import SQLiteIndex
from langnghe.pipeline.digest import build_digest, write_digest
from langnghe.pipeline.summary import summarize
from langnghe.testing import build_item

UTC = timezone.utc


def _index(tmp_path: Path) -> SQLiteIndex:
    index = SQLiteIndex(tmp_path / "i.sqlite3")
    index.upsert(
        [
            # 20/11 in Vietnam: 17:30 UTC on the 19th is 00:30 local on the 20th.
            build_item(source="a", title="Cá chết hàng loạt", sentiment="negative", provinces=["Hưng Yên"],
                       published_at=datetime(2026, 11, 19, 17, 30, tzinfo=UTC)),
            build_item(source="a", title="Nước sông đổi màu", sentiment="negative", provinces=["Hưng Yên"],
                       published_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC)),
            build_item(source="b", title="Khánh thành cầu mới", sentiment="positive", provinces=["Cần Thơ"],
                       published_at=datetime(2026, 11, 20, 3, 0, tzinfo=UTC)),
            # 19/11 local (16:59 UTC is 23:59 local)
            build_item(source="c", title="Hội chợ nông sản", sentiment="positive", provinces=["Hưng Yên"],
                       published_at=datetime(2026, 11, 19, 16, 59, tzinfo=UTC)),
        ]
    )
    return index


def test_days_are_cut_in_vietnam_time_and_changes_counted(tmp_path: Path) -> None:
    with _index(tmp_path) as index:
        digest = build_digest(index, date(2026, 11, 20))
    assert (digest.total.today, digest.total.yesterday) == (3, 1)
    provinces = {c.label: (c.today, c.yesterday) for c in digest.provinces}
    assert provinces == {"Hưng Yên": (2, 1), "Cần Thơ": (1, 0)}
    assert [c.label for c in digest.rising_provinces] == ["Cần Thơ", "Hưng Yên"]
    sentiments = {c.label: c.today for c in digest.sentiments}
    assert sentiments == {"Tiêu cực": 2, "Tích cực": 1}
    assert {it.title for it in digest.negative_items} == {"Cá chết hàng loạt", "Nước sông đổi màu"}
    assert digest.silent_sources == ["c"]
    assert digest.day_label == "Thứ sáu, 20/11/2026"


def test_written_digest_is_vietnamese_html_and_escaped(tmp_path: Path) -> None:
    with _index(tmp_path) as index:
        index.upsert([build_item(source="a", title="<script>x</script> Tin", sentiment="negative",
                                 published_at=datetime(2026, 11, 20, 5, 0, tzinfo=UTC))])
        path = write_digest(index, tmp_path / "out", date(2026, 11, 20))
        again = write_digest(index, tmp_path / "out", date(2026, 11, 20))
    html = path.read_text(encoding="utf-8")
    assert path == again and path.name == "ban-tin-2026-11-20.html"
    assert '<html lang="vi">' in html and "Bản tin dư luận xã hội" in html
    assert "&lt;script&gt;" in html and "<script>x" not in html


def test_summary_counts_and_busiest_days(tmp_path: Path) -> None:
    with _index(tmp_path) as index:
        summary = summarize(index)
    assert summary.total == 4
    assert summary.busiest_days[0] == (date(2026, 11, 20), 3)
    assert (summary.first_day, summary.last_day) == (date(2026, 11, 19), date(2026, 11, 20))
    assert summary.by_province[0].value == "Hưng Yên" and summary.by_province[0].count == 3
