"""Alert rules: each kind fires on what its job stored, respects its target and threshold,
and one event gives one alert (grouping, cooldowns)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from langnghe.alerts.grouping import admit, group
from langnghe.alerts.model import Alert, Sample
from langnghe.alerts.render import alerts_message
from langnghe.alerts.rules import Sources, evaluate
from langnghe.claims.model import Claim
from langnghe.claims.store import MatchRecord
from langnghe.config import AlertRule, SourceConfig
from langnghe.detection.emerging import EmergingIssue, IssueSignals
from langnghe.detection.spikes import SpikeCheck
from langnghe.detection.trends import Spike
from langnghe.index.sqlite import SQLiteIndex
from langnghe.stores.alerts import AlertLedger
from langnghe.stores.health import SourceHealth
from langnghe.testing import build_item, build_nlp, prediction

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)  # 10:00 in Hà Nội


def _sources(**fields: object) -> Sources:
    base: dict[str, object] = dict(spikes=[], emerging=[], matches=[], claims={}, health={}, sources={}, index=None)
    base.update(fields)
    return Sources(**base)  # type: ignore[arg-type]


def _spike(dimension: str, value: str, observed: int, start: datetime, items: tuple[str, ...] = ()) -> Spike:
    check = SpikeCheck("window", observed, 1.0, observed / 2, True, "mean of the previous 12 hours")
    return Spike(dimension=dimension, value=value, granularity="hour", start=start, observed=observed, expected=1.0,
                 score=float(observed), methods=("window",), checks=(check,), item_ids=items)


def _issue(key: str, title: str, score: float, first_seen: datetime | None, items: list[str]) -> EmergingIssue:
    signals = IssueSignals(recent=6, earlier=1, daily=(0, 0, 0, 0, 1, 2, 4), negative_share=0.5, sources=3,
                           authors=4, top_author_share=0.25, first_social=None, first_news=None)
    return EmergingIssue(kind="story", key=key, title=title, score=score, signals=signals, first_seen=first_seen,
                         item_ids=items)


def test_spike_rule_matches_dimension_target_threshold_and_window() -> None:
    rule = AlertRule(id="o-nhiem", kind="spike", dimension="concern", target="o-nhiem", threshold=3,
                     window=timedelta(hours=2))
    spikes = [
        _spike("concern", "o-nhiem", 5, NOW - timedelta(hours=1)),  # fires
        _spike("concern", "o-nhiem", 2, NOW - timedelta(hours=1)),  # below threshold
        _spike("concern", "giao-thong", 9, NOW - timedelta(hours=1)),  # other target
        _spike("province", "o-nhiem", 9, NOW - timedelta(hours=1)),  # other dimension
        _spike("concern", "o-nhiem", 9, NOW - timedelta(hours=3)),  # before the window
    ]
    alerts = evaluate([rule], _sources(spikes=spikes), NOW)
    assert [(a.subject, a.value) for a in alerts] == [("concern:o-nhiem", 5.0)]
    assert alerts[0].title == "Tăng đột biến - Mối quan tâm: o-nhiem"
    assert alerts[0].detail.startswith("Mối quan tâm “o-nhiem”: 5 tin trong giờ 09:00 ngày 20/11/2026")


def test_emerging_rule_keeps_issues_above_the_score() -> None:
    rule = AlertRule(id="tiem-an", kind="emerging_issue", threshold=0.5, window=timedelta(days=1))
    ranking = [
        _issue("s1", "Mùi hôi ở khu dân cư", 0.71, NOW - timedelta(days=2), ["a"]),
        _issue("s2", "Chuyện nhỏ", 0.3, None, []),
        _issue("s3", "Chuyện cũ trở lại", 0.9, NOW - timedelta(days=20), ["b"]),  # an old issue: a spike's business
    ]
    alerts = evaluate([rule], _sources(emerging=ranking), NOW)
    assert [a.subject for a in alerts] == ["story:s1"]
    assert alerts[0].detail.startswith("6 tin trong 48 giờ qua so với 1 tin")  # rendered from the stored figures


def _match(claim_id: str, n: int, hours_ago: float, stance: str = "spreads") -> MatchRecord:
    return MatchRecord(claim_id=claim_id, item_id=f"{claim_id}-{n}-{stance}", similarity=0.8, method="text",
                       stance=stance, published_at=NOW - timedelta(hours=hours_ago), source=f"nguon-{n % 3}",
                       platform="forum", title=f"Bài {n}", url=f"http://127.0.0.1/{n}")  # type: ignore[arg-type]


def test_claim_spread_counts_spreading_items_in_the_window_only() -> None:
    rule = AlertRule(id="tin-gia", kind="claim_spread", threshold=3, window=timedelta(days=1))
    matches = [_match("c1", n, 2 + n) for n in range(3)] + [_match("c1", 9, 3, "refutes")]
    matches += [_match("c2", n, 2) for n in range(2)] + [_match("c2", 7, 40)]  # 2 recent, 1 too old
    claims = {"c1": Claim(id="c1", claim="Nước máy nhiễm độc", source="Sở Y tế")}
    alerts = evaluate([rule], _sources(matches=matches, claims=claims), NOW)
    assert [(a.subject, a.value) for a in alerts] == [("claim:c1", 3.0)]
    assert "Nước máy nhiễm độc" in alerts[0].title
    assert len(alerts[0].samples) == 3 and alerts[0].samples[0].url


def _health(source: str, failures: int, last_new: datetime | None) -> SourceHealth:
    return SourceHealth(source, 10, NOW, NOW if not failures else None, last_new, None, "timeout" if failures else None,
                        0, 0, failures)


def test_source_health_reports_failing_and_silent_sources_not_disabled_ones() -> None:
    rule = AlertRule(id="nguon", kind="source_health", threshold=3, window=timedelta(days=1))
    health = {
        "hong": _health("hong", 4, NOW - timedelta(hours=1)),
        "im-lang": _health("im-lang", 0, NOW - timedelta(days=3)),
        "khoe": _health("khoe", 0, NOW - timedelta(hours=2)),
        "tat": _health("tat", 5, None),
    }
    sources = {"tat": SourceConfig(id="tat", kind="rss", url="http://127.0.0.1/tat.rss", enabled=False)}
    alerts = evaluate([rule], _sources(health=health, sources=sources), NOW)
    assert {a.subject: a.value for a in alerts} == {"source:hong": 4.0, "source:im-lang": 72.0}


def test_a_source_tried_but_never_successful_is_failing_not_silent() -> None:
    """`langnghe run` on a network where no name resolves: after one try each source has no success
    and no item. It is not silent ("kể từ chưa bao giờ"); it alerts once it has failed `threshold`
    times in a row, with the reason `sources` shows."""
    rule = AlertRule(id="nguon", kind="source_health", threshold=3, window=timedelta(days=1))
    dns = "cannot fetch https://bao.example/rss: không phân giải được tên miền (DNS)"

    def tried(runs: int) -> SourceHealth:
        return SourceHealth("bao", runs, NOW, None, None, NOW, dns, 0, 0, runs)

    assert evaluate([rule], _sources(health={"bao": tried(1)}), NOW) == []
    assert evaluate([rule], _sources(health={"bao": tried(2)}), NOW + timedelta(days=2)) == []
    alerts = evaluate([rule], _sources(health={"bao": tried(3)}), NOW)
    assert [a.subject for a in alerts] == ["source:bao"]
    assert "chưa bao giờ" not in alerts[0].detail and "không phân giải được tên miền" in alerts[0].detail
    assert alerts[0].detail.startswith("3 lần thu thập liên tiếp thất bại")


def test_a_source_that_succeeded_without_new_items_is_silent_only_after_the_window() -> None:
    rule = AlertRule(id="nguon", kind="source_health", threshold=3, window=timedelta(days=1))
    fresh = SourceHealth("moi", 1, NOW, NOW - timedelta(hours=2), None, None, None, 0, 0, 0)
    old = replace(fresh, source="cu", last_success_at=NOW - timedelta(days=2))
    alerts = evaluate([rule], _sources(health={"moi": fresh, "cu": old}), NOW)
    assert [a.subject for a in alerts] == ["source:cu"]
    assert alerts[0].detail == "không có tin, bài mới kể từ 10:00 18/11"


def test_sentiment_surge_compares_with_the_days_before(tmp_path: object) -> None:
    from pathlib import Path

    index = SQLiteIndex(Path(str(tmp_path)) / "index.sqlite3")
    try:
        def item(hours_ago: float, sour: bool, concern: str = "giao-thong") -> object:
            nlp = build_nlp(concerns=[concern], sentiment="negative" if sour else "neutral", section="law")
            return build_item(nlp=nlp, published_at=NOW - timedelta(hours=hours_ago))

        quiet_days = [item(10 + h, sour=(h % 10 == 0)) for h in range(60)]  # 10% sour before
        angry_now = [item((h + 1) / 2, sour=True) for h in range(6)] + [item(1.5, sour=False)]
        calm_concern = [item(1, sour=False, concern="the-thao") for _ in range(8)]
        angry_only = build_item(nlp=build_nlp(concerns=["giao-thong"], emotion=prediction("anger")),
                                published_at=NOW - timedelta(hours=2))
        index.upsert([*quiet_days, *angry_now, *calm_concern, angry_only])  # type: ignore[list-item]
        rule = AlertRule(id="buc-xuc", kind="sentiment_surge", dimension="concern", threshold=5, ratio=2,
                         window=timedelta(hours=6))
        alerts = evaluate([rule], _sources(index=index, names={"concern": {"giao-thong": "Giao thông"}}), NOW)
        assert [a.subject for a in alerts] == ["concern:giao-thong"]
        assert alerts[0].value == 7.0, alerts[0].detail  # six negative plus the angry one
        assert "Giao thông" in alerts[0].title and "7/8" in alerts[0].detail
        by_section = evaluate([rule.model_copy(update={"dimension": "section"})], _sources(index=index), NOW)
        assert [a.title for a in by_section] == ["Phản ứng tiêu cực tăng - Pháp luật"]  # named by langnghe.labels
        stricter = rule.model_copy(update={"ratio": 9.0})
        assert evaluate([stricter], _sources(index=index), NOW) == []
    finally:
        index.close()


def _alert(rule: str, subject: str, items: tuple[str, ...], kind: str = "spike", value: float = 5) -> Alert:
    return Alert(rule_id=rule, kind=kind, subject=subject, title=f"{rule} {subject}", detail="", value=value,
                 at=NOW, item_ids=items)


def test_alerts_about_the_same_items_are_one_event() -> None:
    concern = _alert("r1", "concern:o-nhiem", ("a", "b", "c", "d"), value=6)
    province = _alert("r2", "province:Hưng Yên", ("a", "b", "c"), value=4)
    story = _alert("r3", "story:s1", ("b", "c", "x"), kind="emerging_issue", value=0.7)
    other = _alert("r1", "concern:giao-thong", ("p", "q"))
    groups = group([concern, province, story, other])
    assert [(head.subject, [m.subject for m in members]) for head, members in groups] == [
        ("story:s1", ["concern:o-nhiem", "province:Hưng Yên"]),
        ("concern:giao-thong", []),
    ]


def test_cooldown_keeps_an_event_to_one_alert(tmp_path: object) -> None:
    from pathlib import Path

    ledger = AlertLedger(Path(str(tmp_path)) / "alerts.sqlite3")
    try:
        cooldowns = {"r1": timedelta(hours=6), "r2": timedelta(hours=1)}
        sample = Sample("Tin a", "https://bao-a.example/a", "bao-a")
        first = [replace(_alert("r1", "concern:o-nhiem", ("a", "b")), samples=(sample,)),
                 _alert("r2", "province:Hưng Yên", ("a", "b"))]
        sent = admit(ledger, first, cooldowns, NOW)
        assert len(sent) == 1 and sent[0].also  # grouped, the other listed
        # the next evaluations find the same spike: quiet, for each rule's own cooldown
        assert admit(ledger, first, cooldowns, NOW + timedelta(minutes=10)) == []
        later = admit(ledger, first, cooldowns, NOW + timedelta(hours=2))
        assert [a.rule_id for a in later] == ["r2"]
        assert [a.rule_id for a in admit(ledger, first, cooldowns, NOW + timedelta(hours=7))] == ["r1"]
        assert ledger.count_since(NOW - timedelta(hours=1)) == 3
        assert [(a.rule_id, a.at) for a in ledger.recent(NOW + timedelta(hours=1))] == [
            ("r1", NOW + timedelta(hours=7)), ("r2", NOW + timedelta(hours=2))]
        assert ledger.recent(NOW)[-1] == replace(sent[0], at=NOW)  # every field read back
    finally:
        ledger.close()


def test_alert_message_carries_every_alert_in_three_forms() -> None:
    alerts = [_alert("r1", "concern:o-nhiem", ("a",)), _alert("r2", "claim:c1", ("b",), kind="claim_spread")]
    message = alerts_message(alerts, "Asia/Ho_Chi_Minh")
    assert message.subject.startswith("[Cảnh báo dư luận] 2 cảnh báo")
    assert "10:00 20/11/2026" in message.text
    for alert in alerts:
        assert alert.title in message.text and alert.title in (message.html or "")
    assert message.markdown and "r1 concern:o-nhiem" in message.markdown.replace("\\", "")
