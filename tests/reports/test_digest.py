"""The daily digest v2 on a small index with known items and every store filled by hand,
and on the demo's data: figures, sections, the three forms of the message, the files."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image as PILImage

from langnghe.claims.model import Claim
from langnghe.claims.store import ClaimStore, MatchRecord
from langnghe.crawlers.events import CrawlEvent, CrawlReport
from langnghe.delivery.message import Message
from langnghe.index import open_index
from langnghe.item import ClaimMatch, FalseInfo, Item
from langnghe.stores.detections import DetectionStore
from langnghe.detection.emerging import EmergingIssue, IssueSignals
from langnghe.stores.health import SourceHealthStore
from langnghe.service.summary import summarize
from langnghe.detection.spikes import SpikeCheck
from langnghe.detection.trends import Spike
from langnghe.app import App
from langnghe.reports.digest import Digest, DigestInputs, build_digest, collect_digest
from langnghe.reports.names import load_names
from langnghe.reports.periods import local_day
from langnghe.detection.issue_threads import by_thread
from langnghe.service import QueryService
from langnghe.stores.stories import StoryStore
from langnghe.reports.digest_render import build_digest_message, digest_message, write_digest
from langnghe.settings import Settings
from langnghe.testing import build_item, build_nlp, prediction

UTC = timezone.utc
DAY = date(2026, 11, 20)
DAY_START = datetime(2026, 11, 19, 17, 0, tzinfo=UTC)  # 00:00 on the 20th in Vietnam
DAY_END = DAY_START + timedelta(days=1)
NOW = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
POLLUTION, PRICES = "pollution_environment", "prices_livelihoods"
SOURCES_YAML = """sources:
  - {id: bao-a, kind: rss, name: Báo A, url: "https://a.example/rss", platform: news}
  - {id: bao-b, kind: rss, name: Báo B, url: "https://b.example/rss", platform: news}
  - {id: bao-c, kind: rss, name: Báo C, url: "https://c.example/rss", platform: news}
  - {id: dien-dan, kind: rss, name: Diễn đàn X, url: "https://x.example/rss", platform: forum}
"""


def _collect(settings: Settings, day: date) -> Digest:
    with App(settings) as app:
        return collect_digest(QueryService(app), day, now=NOW)


def _item(key: str, source: str, published: datetime, concerns: list[str], province: str, sentiment: str,
          emotion: str = "other", **extra: object) -> Item:
    platform = "forum" if source == "dien-dan" else "news"
    return build_item(
        id=f"digest-test-{key}", source=source, platform=platform, title=f"Tin {key}: {province}",
        url=f"https://{source}.example/{key}", published_at=published, story_id=extra.pop("story_id", None),
        nlp=build_nlp(sentiment=sentiment, toxicity=extra.pop("toxicity", "clean"), emotion=prediction(emotion),
                      concerns=concerns, provinces=[province], section="politics_society"),
        **extra,
    )  # fmt: skip


ITEMS = [
    # The 20th in Vietnam: 17:30 UTC on the 19th is 00:30 local.
    _item("a", "bao-a", DAY_START + timedelta(minutes=30), [POLLUTION], "Hưng Yên", "negative", "anger",
          story_id="st-ca"),
    _item("b", "bao-a", DAY_START + timedelta(hours=16), [POLLUTION], "Hưng Yên", "negative", "disgust",
          story_id="st-ca"),
    _item("c", "bao-b", DAY_START + timedelta(hours=10), [PRICES], "Cần Thơ", "positive", "enjoyment"),
    _item("e", "dien-dan", DAY_START + timedelta(hours=12), [], "Cần Thơ", "negative", "fear", toxicity="hate",
          claims=[ClaimMatch(claim_id="nuoc-may", similarity=0.9)],
          false_info=FalseInfo(flagged=True, score=0.9, explanation="khớp tin đã bị bác bỏ")),
    # The 19th in Vietnam (23:59 local), and a week before.
    _item("d", "dien-dan", DAY_START - timedelta(minutes=1), [POLLUTION], "Hưng Yên", "positive"),
    _item("w", "bao-c", DAY_START - timedelta(days=3), [PRICES], "Hà Nội", "neutral"),
]
BY_KEY = {item.id.removeprefix("digest-test-"): item for item in ITEMS}


def _record(item: Item, stance: str) -> MatchRecord:
    assert item.published_at is not None
    return MatchRecord(claim_id="nuoc-may", item_id=item.id, similarity=0.9, method="retrieval",
                       stance=stance,  # type: ignore[arg-type]
                       published_at=item.published_at, source=item.source, platform=item.platform, title=item.title,
                       url=item.url, provinces=("Cần Thơ",))  # fmt: skip


def _fill_stores(settings: Settings) -> None:
    detections = DetectionStore(settings.paths.detections)
    detections.save_spikes([Spike(
        dimension="concern", value=POLLUTION, granularity="day", start=DAY_START, observed=3, expected=0.5, score=4.2,
        methods=("window",), checks=(SpikeCheck("window", 3, 0.5, 4.2, True, "mean of the previous 14 days"),),
        item_ids=(BY_KEY["b"].id, BY_KEY["a"].id),
    )])  # fmt: skip
    signals = IssueSignals(recent=2, earlier=0, daily=(0, 0, 0, 0, 0, 0, 2), negative_share=1.0, sources=1,
                           authors=2, top_author_share=0.5, first_social=None, first_news=DAY_START)  # fmt: skip
    detections.save_emerging(DAY_END, [EmergingIssue(
        kind="story", key="st-ca", title="Cá chết trên sông Lạch Vàng", score=5.5, signals=signals,
        provinces=["Hưng Yên"], item_ids=[BY_KEY["b"].id, BY_KEY["a"].id],
    )], [EmergingIssue(
        kind="concern", key="dat-dai", title="Đất đai", score=0.0, item_ids=[BY_KEY["c"].id],
        signals=replace(signals, recent=41, voices_daily=(0, 0, 0, 0, 0, 0, 2), voices_recent=2, voices_earlier=0,
                        accounts_recent=2, copies_recent=39, flood_items=40, flood_accounts=1),
    )])  # fmt: skip
    detections.close()
    with ClaimStore(settings.paths.claims) as claims:
        debunked = Claim(id="nuoc-may", claim="Nước máy Cần Thơ nhiễm độc, sắp cắt nước 7 ngày",
                         source="Trung tâm Xử lý tin giả", url="https://kiem-chung.example/nuoc-may")
        claims.upsert_claims([debunked], "import")
        claims.record([BY_KEY["e"].id], [_record(BY_KEY["e"], "spreads")])
    health = SourceHealthStore(settings.paths.health)
    for hour in range(3):
        report = CrawlReport.for_sources([("bao-a", ""), ("bao-c", "")])
        report.apply(CrawlEvent(kind="item", source="bao-a", new=True))
        report.apply(CrawlEvent(kind="source_error", source="bao-c", reason="HTTP 503 Service Unavailable"))
        health.record(report, at=NOW - timedelta(hours=3 - hour))
    health.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    config = tmp_path / "config"
    config.mkdir()
    (config / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", config_dir=config)
    index = open_index(settings)
    index.upsert(ITEMS)
    index.close()
    _fill_stores(settings)
    return settings


def test_days_are_cut_in_vietnam_time_and_changes_counted(settings: Settings) -> None:
    digest = _collect(settings, DAY)
    overview = digest.overview
    assert (overview.total.current, overview.total.previous) == (4, 1)
    counts = {field: {c.label: (c.current, c.previous) for c in overview.of(field)}
              for field in ("concern", "province", "source", "sentiment")}  # fmt: skip
    assert counts["concern"] == {"Ô nhiễm, môi trường": (2, 1), "Giá cả, đời sống, việc làm": (1, 0)}
    assert counts["province"] == {"Hưng Yên": (2, 1), "Cần Thơ": (2, 0)}
    assert counts["source"] == {"Báo A": (2, 0), "Báo B": (1, 0), "Diễn đàn X": (1, 1)}
    assert counts["sentiment"] == {"Tiêu cực": (3, 0), "Tích cực": (1, 1)}
    assert [c.label for c in digest.rising("province")] == ["Cần Thơ", "Hưng Yên"]
    pollution = next(mix for mix in overview.mixes if mix.key == POLLUTION)
    assert pollution.sentiment == {"negative": 2} and pollution.emotion == {"anger": 1, "disgust": 1}
    assert overview.flagged == 1 and overview.toxic == 1
    assert digest.quiet_today == ["Báo C"]
    assert {s.title for s in digest.negative} == {"Tin a: Hưng Yên", "Tin b: Hưng Yên", "Tin e: Cần Thơ"}
    assert digest.day_label == "Thứ sáu, 20/11/2026"


def test_sections_are_filled_from_the_stores(settings: Settings) -> None:
    digest = _collect(settings, DAY)
    assert not digest.emerging_computed
    (issue,) = digest.emerging
    assert (issue.title, issue.kind, issue.provinces) == ("Cá chết trên sông Lạch Vàng", "Sự việc", ("Hưng Yên",))
    assert [s.url for s in issue.samples] == ["https://bao-a.example/b", "https://bao-a.example/a"]
    (spike,) = digest.spikes
    assert spike.title == "Mối quan tâm: Ô nhiễm, môi trường" and spike.observed == 3 and spike.when == "cả ngày"
    assert "“Ô nhiễm, môi trường”" in spike.explanation and POLLUTION not in spike.explanation
    assert "3 tin trong ngày 20/11/2026 (giờ Việt Nam), gấp 4,2 lần mức trung bình 0,5" in spike.explanation
    assert issue.explanation.startswith("2 tin trong 48 giờ qua so với 0 tin")  # rendered from the stored signals
    (claim,) = digest.claims
    assert (claim.today, claim.total, claim.sources) == (1, 1, 1)
    assert claim.refuted_by == "Trung tâm Xử lý tin giả" and claim.refute_url == "https://kiem-chung.example/nuoc-may"
    assert [s.title for s in claim.samples] == ["Tin e: Cần Thơ"]
    assert [s.name for s in digest.failing] == ["Báo C"] and "HTTP 503" in digest.failing[0].detail
    assert digest.silent == [] and digest.health_known
    (flood,) = digest.floods  # held back from the ranking, shown as such
    assert flood.title == "Đất đai" and "40 tin, 1 tài khoản" in flood.explanation
    message = digest_message(digest)
    for text in (message.text, message.html or "", message.markdown or ""):
        assert "Tin sao chép hàng loạt (lan truyền có tổ chức?)" in text and "Đất đai" in text


def test_a_day_without_stored_ranking_or_matches_says_so(settings: Settings) -> None:
    digest = _collect(settings, DAY - timedelta(days=1))
    assert digest.emerging_computed and digest.emerging == []  # the index has no week of history
    assert digest.spikes == [] and digest.claims == []
    message = digest_message(digest)
    assert "Không có vấn đề nào đang nổi lên" in message.text and "Không có đột biến" in (message.markdown or "")
    assert "Không phát hiện tin sai sự thật" in (message.html or "")


def test_the_message_carries_html_markdown_text_and_valid_charts(settings: Settings) -> None:
    message = build_digest_message(settings, DAY, now=NOW)
    assert message.key == "digest:2026-11-20" and message.subject == "Bản tin dư luận ngày 20/11/2026"
    _check_images(message)
    markdown = message.markdown or ""
    assert "**4** tin, bài (+3 so với hôm trước)" in markdown
    assert "[Cá chết trên sông Lạch Vàng](https://bao-a.example/b)" in markdown
    assert "Ô nhiễm, môi trường: 3 tin" in markdown and "1 mục trong ngày" in markdown
    assert "(https://kiem-chung.example/nuoc-may)" in markdown and "1 nguồn lỗi (Báo C)" in markdown
    assert "<" not in markdown and "cid:" not in markdown
    text = message.text
    assert "Tổng số: 4 tin, bài (+3 so với hôm trước)" in text and "Hưng Yên: 2 / 1 / +1" in text
    assert "Lỗi: Báo C" in text and "https://kiem-chung.example/nuoc-may" in text


# Other names the outputs once gave a dimension ("Chuyên mục" and "Lĩnh vực" side by side).
OLD_SPELLINGS = {"section": "Chuyên mục", "province": "Địa phương", "story": "Sự kiện"}


def test_the_digest_names_each_dimension_one_way(settings: Settings) -> None:
    """Stored spikes from older detection runs carry an older spelling or a bare id: the digest
    names them as the rest of it does."""
    detections = DetectionStore(settings.paths.detections)
    detections.save_spikes([
        Spike(dimension="section", value="politics_society", granularity="hour", start=DAY_START + timedelta(hours=9),
              observed=6, expected=1.0, score=3.0, methods=("window",),
              stored_explanation="Chuyên mục “politics_society”: 6 tin trong giờ 16:00 ngày 20/11/2026 (giờ Việt Nam)."),
        Spike(dimension="province", value="Hưng Yên", granularity="day", start=DAY_START, observed=2, expected=0.2,
              score=2.0, methods=("window",),
              stored_explanation="Địa phương “Hưng Yên”: 2 tin trong ngày 20/11/2026 (giờ Việt Nam)."),
    ])  # fmt: skip
    detections.close()
    digest = _collect(settings, DAY)
    spikes = {spike.title: spike.explanation for spike in digest.spikes}
    assert spikes["Lĩnh vực: Chính trị - Xã hội"].startswith("Lĩnh vực “Chính trị - Xã hội”: 6 tin")
    assert spikes["Tỉnh/thành: Hưng Yên"].startswith("Tỉnh/thành “Hưng Yên”: 2 tin")
    message = digest_message(digest)
    for form, rendered in (("text", message.text), ("markdown", message.markdown or ""), ("html", message.html or "")):
        for dimension, old in OLD_SPELLINGS.items():
            assert old.lower() not in rendered.lower(), f"{form} calls {dimension} {old!r}"
        assert "tỉnh, thành phố" not in rendered.lower(), form
    assert "Sự việc được nhắc đến nhiều nhất" in (message.html or "") and "Theo tỉnh/thành" in (message.html or "")
    assert "Tỉnh/thành (hôm nay / hôm trước / thay đổi)" in message.text
    assert "Tỉnh/thành tăng: " in (message.markdown or "")
    for rendered in (message.text, message.html or ""):  # which sentiment is which, beside its charts
        assert "giọng của tin" in rendered and "thái độ của người viết" in rendered
    assert [image.alt for image in message.images][1:] == [
        "Tỉnh/thành được nhắc đến nhiều nhất", "Sắc thái theo mối quan tâm", "Cảm xúc theo mối quan tâm"]


def _check_images(message: Message) -> None:
    html = message.html or ""
    assert len(message.images) == 4
    referenced = re.findall(r'src="cid:([^"]+)"', html)
    assert sorted(referenced) == sorted(image.cid for image in message.images)
    for image in message.images:
        assert image.png.startswith(b"\x89PNG\r\n\x1a\n") and image.alt
        with PILImage.open(io.BytesIO(image.png)) as png:
            png.verify()


def test_charts_are_deterministic(settings: Settings) -> None:
    first = build_digest_message(settings, DAY, now=NOW)
    second = build_digest_message(settings, DAY, now=NOW)
    assert [image.png for image in first.images] == [image.png for image in second.images]


def test_written_digest_is_standalone_html_and_markdown(settings: Settings) -> None:
    index = open_index(settings)
    index.upsert([build_item(id="digest-test-x", source="bao-a", title="<script>x</script> Tin",
                             url="https://a.example/x", published_at=DAY_START + timedelta(hours=5),
                             sentiment="negative")])  # fmt: skip
    index.close()
    path = write_digest(settings, DAY, now=NOW)
    again = write_digest(settings, DAY, now=NOW)
    assert path == again == settings.paths.digests / "ban-tin-2026-11-20.html"
    html = path.read_text(encoding="utf-8")
    assert '<html lang="vi">' in html and "Bản tin dư luận xã hội" in html
    assert "&lt;script&gt;" in html and "<script>x" not in html
    assert "cid:" not in html and html.count('src="data:image/png;base64,') == 4
    markdown = path.with_suffix(".md").read_text(encoding="utf-8")
    assert markdown.startswith("**Bản tin dư luận ngày 20/11/2026**")
    assert sorted(p.name for p in path.parent.iterdir()) == ["ban-tin-2026-11-20.html", "ban-tin-2026-11-20.md"]


def test_a_fresh_data_folder_gives_a_digest_that_says_there_is_nothing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", config_dir=tmp_path / "no-config")
    message = build_digest_message(settings, DAY, now=NOW)
    assert message.images == () and "cid:" not in (message.html or "")
    assert "Tổng số: **0** tin, bài" in (message.markdown or "")
    assert "Chưa có thông tin về các lần thu thập" in message.text
    assert sorted(p.name for p in settings.data_dir.iterdir()) == ["index.sqlite3"]  # no store created


def test_demo_digest_reports_the_planted_claim_and_emerging_issues(demo_data: Settings) -> None:
    message = build_digest_message(demo_data, date(2026, 11, 16), now=NOW)
    _check_images(message)
    digest = _collect(demo_data, date(2026, 11, 16))
    assert not digest.emerging_computed and digest.emerging  # the ingest's detection jobs stored the ranking
    (claim,) = digest.claims
    assert claim.today >= 1 and "Clorin-T" in claim.claim and claim.refute_url
    assert "Clorin-T" in (message.markdown or "") and "Clorin-T" in message.text
    index = open_index(demo_data)
    try:
        day = digest.overview.period
        assert digest.overview.total.current == index.count(day.filters())
        province = digest.overview.of("province")[0]
        assert province.current == index.count(day.filters(province=(province.key,)))
    finally:
        index.close()


def _from_the_stores(settings: Settings, day: date) -> Digest:
    """The digest built from the stores opened one by one, as the reports did before the query service."""
    from langnghe.claims.spread import spread_report

    period = local_day(day, settings.timezone)
    detections, claims, health = (DetectionStore(settings.paths.detections), ClaimStore(settings.paths.claims),
                                  SourceHealthStore(settings.paths.health))
    stories = StoryStore(settings.paths.stories)
    index = open_index(settings)
    try:
        stored = detections.emerging(period.until)  # threads are not stored: linked as of the ranking's moment
        emerging = by_thread(stored, stories.threads_of([i.key for i in stored if i.kind == "story"], period.until))
        inputs = DigestInputs(
            spikes=detections.spikes(period.since, period.until), emerging=emerging or None,
            claims=spread_report(claims.claims(), claims.matches(before=period.until), tz=settings.timezone,
                                 at=period.until),
            health=health.all(), threads=stories.threads_of,
        )  # fmt: skip
        return build_digest(index, day, load_names(settings), inputs, tz=settings.timezone, now=NOW)
    finally:
        for opened in (index, detections, claims, health, stories):
            opened.close()


@pytest.mark.parametrize("day", [date(2026, 11, 12), date(2026, 11, 16), date(2026, 11, 20)])
def test_the_digest_read_through_the_service_is_the_one_the_stores_give(demo_data: Settings, day: date) -> None:
    through_service, direct = digest_message(_collect(demo_data, day)), digest_message(_from_the_stores(demo_data, day))
    assert through_service.markdown == direct.markdown and through_service.html == direct.html
    assert through_service.text == direct.text and through_service.images == direct.images


def test_summary_counts_and_busiest_days(settings: Settings) -> None:
    index = open_index(settings)
    try:
        summary = summarize(index)
    finally:
        index.close()
    assert summary.total == 6
    assert summary.busiest_days[0] == (date(2026, 11, 20), 4)
    assert (summary.first_day, summary.last_day) == (date(2026, 11, 17), date(2026, 11, 20))
    assert summary.by_province[0].value in {"Hưng Yên", "Cần Thơ"} and summary.by_province[0].count == 3


def test_an_issue_that_is_an_event_thread_shows_its_timeline(settings: Settings) -> None:
    from langnghe.detection.threads import ThreadEntry
    from langnghe.reports.digest_render import render_markdown, render_text

    signals = IssueSignals(recent=2, earlier=0, daily=(0, 0, 0, 0, 0, 0, 2), negative_share=1.0, sources=1,
                           authors=2, top_author_share=0.5, first_social=None, first_news=DAY_START)  # fmt: skip
    earlier = DAY_START - timedelta(days=3) + timedelta(hours=2)
    timeline = [ThreadEntry("st-dau", earlier, earlier, 4, "Cá chết trắng sông Lạch Vàng", None),
                ThreadEntry("st-ca", DAY_START, DAY_START, 2, "Công ty Phúc Hưng bác bỏ thông tin xả thải", None)]
    issue = EmergingIssue(kind="story", key="st-ca", title="Công ty Phúc Hưng bác bỏ thông tin xả thải", score=5.5,
                          signals=signals, item_ids=[BY_KEY["b"].id], thread_id="th_1", timeline=timeline)  # fmt: skip
    index = open_index(settings)
    try:
        digest = build_digest(index, DAY, load_names(settings), DigestInputs(emerging=[issue]), tz=settings.timezone,
                              now=NOW)  # fmt: skip
    finally:
        index.close()
    (line,) = digest.emerging
    assert line.timeline == ("17/11/2026: Cá chết trắng sông Lạch Vàng",
                             "20/11/2026: Công ty Phúc Hưng bác bỏ thông tin xả thải")  # fmt: skip
    assert "Diễn biến: 17/11/2026: Cá chết trắng sông Lạch Vàng; 20/11/2026: Công ty" in render_text(digest)
    assert "Diễn biến: 17/11/2026: Cá chết trắng sông Lạch Vàng" in render_markdown(digest)
