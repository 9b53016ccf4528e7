"""The response models print exactly the JSON the read commands always printed (shapes measured from outside)."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from langnghe.claims.spread import ClaimSpread
from langnghe.claims.stance import Stance
from langnghe.claims.store import MatchRecord
from langnghe.claims.testing import TAP_WATER
from langnghe.detection.emerging import EmergingIssue, IssueSignals
from langnghe.detection.story_records import Story
from langnghe.detection.spikes import SpikeCheck
from langnghe.detection.trends import Spike, SpikeScan
from langnghe.index.base import TermScore
from langnghe.service.detection_views import EmergingResponse, claim_view, issue_view, trends_view
from langnghe.service.views import story_view

START = datetime(2026, 11, 20, 7, 0, tzinfo=timezone.utc)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _text(data: BaseModel | dict[str, Any] | list[Any]) -> str:
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return json.dumps(payload, ensure_ascii=False, indent=1)


def test_trends_json_is_the_scan_as_trends_printed_it() -> None:
    spikes = [
        Spike(dimension="section", value="politics_society", granularity="hour", start=START, observed=9, expected=1,
              score=4.0, methods=("window", "poisson"), item_ids=("a", "b"),
              checks=(SpikeCheck("window", 9, 1.0, 4.0, True, "trung bình 24 giờ trước"),
                      SpikeCheck("poisson", 9, 1.2, 3.1, True, "mức nền Poisson")),
              keywords=("nước",), provinces=("Hà Nội",), first_seen=START + timedelta(minutes=5), name="Chính trị"),
        Spike(dimension="story", value="st-9", granularity="hour", start=START, observed=3, expected=0.25, score=2.5,
              methods=("window",), stored_explanation="3 tin so với 0,25 (lưu từ phiên bản trước)"),
    ]  # fmt: skip
    terms = [TermScore("cá chết", 1.25, 4, 2, 30, 900), TermScore("ngập", 0, 3, 40, 30, 900)]
    scan = SpikeScan(START, "hour", 12, spikes, terms)
    legacy = {"end": scan.end.isoformat(), "granularity": scan.granularity, "values_tested": scan.values_tested,
              "spikes": [spike.to_dict() for spike in scan.spikes],
              "terms": [dataclasses.asdict(term) for term in scan.terms]}  # what `trends --json` built itself
    printed = json.loads(_text(trends_view(scan, "Asia/Ho_Chi_Minh")))
    assert printed == json.loads(_text(legacy))
    first, stored = printed["spikes"]
    assert first["explanation"] and "9" in first["explanation"] and [c["method"] for c in first["checks"]] == ["window", "poisson"]
    assert stored["explanation"] == "3 tin so với 0,25 (lưu từ phiên bản trước)" and stored["checks"] == []


def test_emerging_json_is_the_ranking_as_emerging_printed_it() -> None:
    signals = IssueSignals(recent=4, earlier=0, daily=(0, 0, 0, 0, 0, 1, 3), negative_share=1, sources=2,
                           authors=3, top_author_share=0.3333, first_social=START - timedelta(days=1), first_news=None)
    issues = [EmergingIssue(kind="story", key="st-1", title="Cá chết trên sông", score=5.5, signals=signals,
                            keywords=["cá"], provinces=["Hưng Yên"], first_seen=START,
                            item_ids=["x1", "x2"])]  # fmt: skip
    at = datetime(2026, 11, 21, 8, 0, tzinfo=HCM)
    # the shape `emerging --json` printed, with the optional fields added since: the copy floods held back
    legacy = {"at": at.isoformat(), "issues": [{**issue.to_dict(), "flood": False} for issue in issues], "floods": []}
    printed = json.loads(_text(EmergingResponse(at=at, issues=[issue_view(issue, "Asia/Ho_Chi_Minh") for issue in issues])))
    assert printed == json.loads(_text(legacy)) and printed["issues"][0]["explanation"]


def _record(n: int, stance: Stance, **fields: Any) -> MatchRecord:
    return MatchRecord(claim_id=TAP_WATER.id, item_id=f"item-{n}", similarity=0.8 + n / 100, method="tfidf",
                       stance=stance, published_at=START + timedelta(hours=9 * n), source=f"nguon-{n % 2}",
                       platform="forum" if n % 2 else "news", title=f"Cắt nước {n}", provinces=("Cần Thơ",),
                       keywords=("cắt nước",), **fields)


def test_claims_json_is_the_spread_as_claims_printed_it() -> None:
    spreading = tuple(_record(n, "spreads") for n in range(4))
    refuting = (_record(9, "refutes"),)
    for at in (None, START + timedelta(days=3)):
        spread = ClaimSpread(TAP_WATER, spreading, refuting, tz="Asia/Ho_Chi_Minh", at=at)
        assert _text(claim_view(spread)) == _text(spread.to_dict())
    nothing = ClaimSpread(TAP_WATER, (), refuting)  # a claim only refuted: its score is the int 0
    assert _text(claim_view(nothing)) == _text(nothing.to_dict())


def test_story_json_is_the_story_as_stories_printed_it() -> None:
    story = Story(id="st-1", title="Ngập ở Cần Thơ", keywords=("ngập", "triều cường"), first_seen=START,
                  last_seen=START + timedelta(hours=5), size=60, item_ids=tuple(f"i{n:03d}" for n in range(60)),
                  sources={"bao-a": 40, "forum": 20}, platforms={"news": 40, "forum": 20}, provinces={"Cần Thơ": 60},
                  sentiment={"negative": 50}, emotion={})  # fmt: skip
    assert _text(story_view(story)) == _text({**story.to_json(max_items=50), "link": None, "thread_id": None,
                                              "timeline": []})  # fmt: skip
    linked = story_view(story, link="https://baoa.example/ngap.html").model_dump(mode="json")
    assert linked["link"] == "https://baoa.example/ngap.html"
