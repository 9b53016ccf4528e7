"""The emotion, toxicity and misinfo signals: shipped models on obvious hand-written texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from langnghe.nlp import SIGNALS, annotate_texts
from langnghe.nlp.features import FeatureConfig, make_analyzer, symbols
from langnghe.nlp.misinfo import cue_slug, misinfo_cues
from langnghe.nlp.registry import DEFAULT_MODEL_DIR, get_model
from langnghe.nlp.train import SPECS, evaluate
from langnghe.jobs.classify import classify_file

HATE = "Lũ mọi rợ đó nên bị đuổi hết khỏi đất nước, đồ súc vật ngu như chó, chết hết đi!"
CLEAN = "Chúc mừng sinh nhật bạn nhé, chúc bạn luôn vui vẻ và hạnh phúc."
ANGER = "Tức điên người, bực mình quá, sao lại đối xử với người ta như thế hả, láo toét thật sự 😡😡"
ENJOYMENT = "Hôm nay vui quá, cả nhà đi chơi biển, cười suốt cả ngày, hạnh phúc ghê :))) ❤️"
RUMOUR = (
    "KHẨN CẤP!!! TIN MẬT TỪ NGƯỜI NHÀ LÀM Ở BỆNH VIỆN: Uống nước chanh nóng mỗi sáng sẽ diệt sạch virus, "
    "bệnh viện đang giấu mọi người!!! Ai cũng phải biết điều này trước khi quá muộn, các bác sĩ không bao giờ "
    "nói cho bạn biết sự thật này đâu. Mọi người chia sẻ ngay cho người thân và bạn bè của mình nhé!!!"
)
REPORT = (
    "Theo Bộ Y tế, trong ngày hôm qua cả nước ghi nhận 120 ca mắc mới, giảm 15 ca so với ngày trước đó. "
    "Bộ Y tế khuyến cáo người dân tiếp tục tiêm vắc xin theo lịch của địa phương. Chi tiết xem tại "
    "https://moh.gov.vn."
)


def test_toxicity_tells_hate_from_clean() -> None:
    hate, clean = (result.toxicity for result in annotate_texts([HATE, CLEAN]))
    assert hate is not None and clean is not None
    assert hate.label in {"hate", "offensive"}
    assert clean.label == "clean"
    assert clean.scores["clean"] > 0.5 > hate.scores["clean"]


def test_emotion_tells_anger_from_enjoyment() -> None:
    anger, enjoyment = (result.emotion for result in annotate_texts([ANGER, ENJOYMENT]))
    assert anger is not None and enjoyment is not None
    assert anger.label in {"anger", "disgust"}
    assert enjoyment.label == "enjoyment"
    assert enjoyment.scores["enjoyment"] > anger.scores["enjoyment"]


def test_misinfo_scores_rumour_above_sober_report() -> None:
    rumour, report = (result.misinfo for result in annotate_texts([RUMOUR, REPORT]))
    assert rumour is not None and report is not None
    assert rumour.score > 0.5 > report.score
    assert {"many_exclamations", "all_caps", "urges_sharing", "alarm_words"} <= {cue_slug(c) for c in rumour.cues}
    assert report.cues == []


def test_misinfo_cues_explain_what_fired() -> None:
    cues = misinfo_cues("Khẩn cấp!!! Hãy chia sẻ ngay cho mọi người")
    assert "urges_sharing: 'hãy chia sẻ ngay'" in cues
    assert "many_exclamations: 3 exclamation marks" in cues
    long_unsourced = "Người ta đồn rằng sắp có chuyện lớn xảy ra ở thành phố này. " * 5
    assert [cue_slug(c) for c in misinfo_cues(long_unsourced)] == ["no_source"]
    assert misinfo_cues(long_unsourced + " Nguồn: báo Nhân Dân.") == []
    assert misinfo_cues("Trời hôm nay đẹp.") == []


def test_symbol_features_squash_repeats_and_are_optional() -> None:
    assert symbols("vui quá :))) =(( 😡 <3 !!!") == ["sym::)", "sym:=(", "sym:😡", "sym:<3", "sym:!"]
    text = "vui quá :)))"
    assert "sym::)" in make_analyzer(FeatureConfig(symbols=1))(text)
    assert not any(f.startswith("sym:") for f in make_analyzer(FeatureConfig())(text))


def test_shipped_signal_models_have_fixed_labels_and_stay_small() -> None:
    assert set(get_model("emotion").labels) == {"enjoyment", "sadness", "anger", "fear", "disgust", "surprise", "other"}
    assert set(get_model("toxicity").labels) == {"clean", "offensive", "hate"}
    assert get_model("misinfo").labels == ("reliable", "unreliable")
    assert "roc_auc" in get_model("misinfo").meta["dev"]["combined"]
    assert set(get_model("toxicity").meta["dev"]) == {"combined", "unaccented", "vihsd", "vlsp2019_hsd"}
    # The budget for the shipped linear family (models and segmenter lexicon): 25 MB.
    total = sum(path.stat().st_size for path in DEFAULT_MODEL_DIR.glob("*-v*.*"))
    assert total < 25_000_000


def test_every_signal_is_filled_by_annotate_and_classify(tmp_path: Path) -> None:
    result = annotate_texts([ANGER])[0]
    assert set(result.models) == set(SIGNALS) >= {"emotion", "toxicity", "misinfo"}
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "1", "text": RUMOUR}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert classify_file(source, target, batch_size=4, workers=1).written == 1
    nlp = json.loads(target.read_text(encoding="utf-8"))["nlp"]
    for signal in ("section", "sentiment", "emotion", "toxicity"):
        assert nlp[signal]["label"] in nlp[signal]["scores"]
    assert 0.0 <= nlp["misinfo"]["score"] <= 1.0 and nlp["misinfo"]["cues"]


@pytest.mark.parametrize(("signal", "label"), [("toxicity", "HATE"), ("emotion", "Anger"), ("misinfo", "unreliable")])
def test_evaluate_accepts_dataset_labels(tmp_path: Path, signal: str, label: str) -> None:
    path = tmp_path / "gold.jsonl"
    text = {"toxicity": HATE, "emotion": ANGER, "misinfo": RUMOUR}[signal]
    path.write_text(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n", encoding="utf-8")
    report = evaluate(signal, path)
    assert report["n"] == 1 and report["model"] == SPECS[signal].version
