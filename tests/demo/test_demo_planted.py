"""The planted issue grows in one province; the false claim precedes its correction."""

from __future__ import annotations

from langnghe.demo import DemoSite, planted_events
from langnghe.demo.site import slugify


def test_issue_starts_small_on_day_three_and_peaks_at_the_end(site: DemoSite) -> None:
    issue = planted_events(site)["issue"]
    days = site.days()
    counts = list(issue.daily_counts(site).values())
    assert issue.province == "Hưng Yên" and issue.start_day == days[2]
    assert counts[:2] == [0, 0] and counts[2] == 1
    assert all(b >= a for a, b in zip(counts[2:], counts[3:]))
    assert max(counts) == counts[-1] and sum(counts[11:]) > sum(counts[:11]) / 2
    assert issue.peak_days == tuple(days[11:])


def test_issue_begins_on_the_forum_and_reaches_the_provincial_paper_on_day_eight(site: DemoSite) -> None:
    issue = planted_events(site)["issue"]
    items = sorted((site.item(i) for i in issue.item_ids), key=lambda i: i.published)
    assert items[0].outlet == "phophuong"
    first_news = next(i for i in items if i.outlet != "phophuong")
    assert first_news.outlet == "hungyen" and first_news.local_day == site.days()[7]
    outlets_at_peak = {i.outlet for i in items if i.local_day in issue.peak_days}
    assert len(outlets_at_peak) >= 5
    for item in items:
        # Some forum posts are typed without diacritics: compare the slugs.
        text = slugify(f"{item.title} {item.summary} {item.text}", limit=100_000)
        assert item.province == "Hưng Yên" and item.sentiment in ("negative", "neutral")
        assert any(k in text for k in ("dong-phuoc", "lach-vang", "ca-chet", "mui-hoi")), item.id


def test_false_claim_spreads_then_is_corrected(site: DemoSite) -> None:
    claim = planted_events(site)["claim"]
    claims = [site.item(i) for i in claim.item_ids]
    corrections = [site.item(i) for i in claim.correction_ids]
    assert claim.province == "Cần Thơ" and claim.kind == "false_claim"
    assert len({i.local_day for i in claims}) == 3 and len(claims) >= 8
    assert all(i.outlet == "phophuong" for i in claims)
    assert max(i.published for i in claims) < min(i.published for i in corrections)
    assert claim.correction_day == min(i.local_day for i in corrections)
    news = [i for i in corrections if i.outlet != "phophuong"]
    assert len({i.outlet for i in news}) >= 3
    assert any("sai sự thật" in i.title + i.text for i in news)
    assert any("Trung tâm Xử lý tin giả" in i.title + i.text for i in news)
    assert all("Clorin-T" in i.title + i.text for i in claims)


def test_planted_items_do_not_leak_into_ordinary_ones(site: DemoSite) -> None:
    events = planted_events(site)
    planted = set(events["issue"].item_ids) | set(events["claim"].item_ids) | set(events["claim"].correction_ids)
    for item in site.items:
        if item.id not in planted:
            assert "Đông Phước" not in item.text and "Clorin-T" not in item.text
