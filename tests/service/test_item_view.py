"""QueryService.item as the item page reads it: every signal with its score and model, the claims
it repeats or refutes, its near-duplicates and a link out only when it is a web address."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from langnghe.app import App
from langnghe.item import ClaimMatch, FalseInfo, Item, MisinfoSignal, Prediction
from langnghe.service import QueryService
from langnghe.settings import Settings
from langnghe.testing import build_item, build_nlp

T0 = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
MODELS = {"section": "section-linear-v3", "sentiment": "sentiment-linear-v2", "tone": "tone-linear-v1",
          "emotion": "emotion-linear-v1", "toxicity": "toxicity-linear-v1", "misinfo": "misinfo-linear-v1"}


def _nlp(key: str) -> dict[str, object]:
    return {"nlp": build_nlp(
        section="health", sentiment=Prediction(label="negative", score=0.81), sentiment_basis="tone",
        emotion=Prediction(label="fear", score=0.64), toxicity=Prediction(label="clean", score=0.97),
        misinfo=MisinfoSignal(score=0.72, cues=["urges_sharing: chia sẻ ngay"]), near_dup_key=key, models=MODELS)}


def _items() -> list[Item]:
    rumour = build_item(id="tin-don-nuoc-may", title="Nước máy nhiễm độc, chia sẻ ngay", published_at=T0,
                        url="https://dien-dan.example/t/1", canonical_url="javascript:alert(1)", **_nlp("k-nuoc"),
                        claims=[ClaimMatch(claim_id="c-nuoc-may", similarity=0.88),
                                ClaimMatch(claim_id="c-khac", similarity=0.61, stance="refutes")],
                        false_info=FalseInfo(flagged=True, score=0.93, explanation="Trùng khớp với tin đã bị bác bỏ"))
    copies = [build_item(id=f"ban-sao-{n}", title="Nước máy nhiễm độc, chia sẻ ngay", **_nlp("k-nuoc"),
                         url=f"https://mxh.example/p/{n}", published_at=T0 + timedelta(hours=n)) for n in range(1, 4)]
    other = build_item(id="tin-khac", title="Giá rau tăng", **_nlp("k-rau"), url="ftp://x.example/a")
    return [rumour, *copies, other]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    chosen = Settings(data_dir=tmp_path_factory.mktemp("data"), config_dir=Path(__file__).resolve().parents[2] / "config")
    with App(chosen) as app:
        app.index.upsert(_items())
    return chosen


@pytest.fixture
def service(settings: Settings) -> Iterator[QueryService]:
    with App(settings) as app:
        yield QueryService(app)


def test_every_signal_comes_with_its_score_and_model(service: QueryService) -> None:
    found = service.item("tin-don-nuoc-may")
    assert found is not None
    signals = {signal.signal: signal for signal in found.signals}
    assert list(signals) == ["section", "sentiment", "emotion", "toxicity", "misinfo", "false_info"]
    assert (signals["sentiment"].label, signals["sentiment"].score, signals["sentiment"].model) == (
        "negative", 0.81, "tone-linear-v1")  # an article's tone comes from the tone model
    assert (signals["emotion"].label, signals["emotion"].model) == ("fear", "emotion-linear-v1")
    assert signals["misinfo"].cues == ["urges_sharing: chia sẻ ngay"] and signals["misinfo"].score == 0.72
    flag = signals["false_info"]
    assert (flag.label, flag.score, flag.model, flag.explanation) == (
        "true", 0.93, None, "Trùng khớp với tin đã bị bác bỏ")


def test_claims_repeated_and_refuted_are_told_apart(service: QueryService) -> None:
    found = service.item("tin-don-nuoc-may")
    assert found is not None
    assert [(claim.claim_id, claim.stance) for claim in found.claims] == [("c-nuoc-may", "spreads"),
                                                                         ("c-khac", "refutes")]


def test_near_duplicates_are_the_other_items_with_the_key_newest_first(service: QueryService) -> None:
    found = service.item("tin-don-nuoc-may", near_duplicates=2)
    assert found is not None
    assert [copy.id for copy in found.near_duplicates] == ["ban-sao-3", "ban-sao-2"]
    assert found.near_duplicates_total == 3 and found.near_duplicates[0].link == "https://mxh.example/p/3"
    alone = service.item("tin-khac")
    assert alone is not None and alone.near_duplicates == [] and alone.near_duplicates_total == 0


def test_the_link_out_is_a_web_address_or_none(service: QueryService) -> None:
    rumour, other = service.item("tin-don-nuoc-may"), service.item("tin-khac")
    assert rumour is not None and rumour.link == "https://dien-dan.example/t/1"  # the javascript: one is dropped
    assert other is not None and other.link is None
