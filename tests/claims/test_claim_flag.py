"""The false-information flag: claim evidence, the misinfo model and cues, refutations never flagged."""

from __future__ import annotations

from langnghe.claims.flag import ClaimHit, false_info, story_false_info
from langnghe.claims.matcher import Found
from langnghe.claims.stance import StanceReading
from langnghe.claims.testing import TAP_WATER, TRUE_ONE
from langnghe.item import FalseInfo, MisinfoSignal
from langnghe.testing import build_item

SPREADS, REFUTES = StanceReading("spreads"), StanceReading("refutes", ("sai sự thật",))


def _hit(similarity: float, stance: StanceReading = SPREADS, claim=TAP_WATER) -> ClaimHit:  # type: ignore[no-untyped-def]
    return ClaimHit(claim, Found(claim.id, similarity, "retrieval", similarity, 0.0), stance)


def test_spreading_a_debunked_claim_is_flagged_with_figures() -> None:
    info = false_info([_hit(0.87)], MisinfoSignal(score=0.72, cues=["no_source: a long post", "urges_sharing: 'chia sẻ ngay'"]))
    assert info.flagged and info.score > 0.87
    assert info.explanation.startswith("Trùng khớp 0,87 với tin đã bị bác bỏ “Nước máy TP Cần Thơ")
    assert "(Trung tâm Xử lý tin giả (ví dụ), 12/11/2026: sai sự thật)" in info.explanation
    assert "mô hình đánh giá 72% khả năng không đáng tin; dấu hiệu: không nêu nguồn, kêu gọi chia sẻ" in info.explanation


def test_a_correction_is_never_flagged_even_when_the_model_is_sure() -> None:
    info = false_info([_hit(0.81, REFUTES)], MisinfoSignal(score=0.99, cues=["many_exclamations: 5", "all_caps: 9"]))
    assert not info.flagged and info.score < 0.6
    assert info.explanation.startswith("Bác bỏ, đính chính tin “Nước máy TP Cần Thơ")
    assert "khớp 0,81; dấu hiệu bác bỏ: sai sự thật" in info.explanation


def test_the_model_alone_needs_a_rumour_cue() -> None:
    assert not false_info([], MisinfoSignal(score=0.97, cues=["no_source: a long post"])).flagged
    assert not false_info([], MisinfoSignal(score=0.99, cues=[])).flagged
    flagged = false_info([], MisinfoSignal(score=0.9, cues=["urges_sharing: 'chia sẻ gấp'"]))
    assert flagged.flagged and flagged.explanation == "mô hình đánh giá 90% khả năng không đáng tin; dấu hiệu: kêu gọi chia sẻ"
    assert false_info([], None) == FalseInfo(flagged=False, score=0.0, explanation="")


def test_a_claim_ruled_true_is_not_false_information() -> None:
    info = false_info([_hit(0.9, claim=TRUE_ONE)], MisinfoSignal(score=0.1, cues=[]))
    assert not info.flagged and "được kết luận là đúng" in info.explanation


def test_a_story_is_flagged_when_one_of_its_items_spreads_a_claim() -> None:
    spreading = build_item(claims=[{"claim_id": TAP_WATER.id, "similarity": 0.8}],
                           false_info=FalseInfo(flagged=True, score=0.9, explanation="..."))  # fmt: skip
    plain = build_item(false_info=FalseInfo(flagged=False, score=0.1, explanation=""))
    info = story_false_info([spreading, plain, plain], {TAP_WATER.id: TAP_WATER})
    assert info.flagged and info.score == 0.9
    assert info.explanation.startswith("1/3 mục bị gắn cờ tin sai; 1 mục trùng khớp với tin đã bị bác bỏ “Nước máy")
    assert not story_false_info([plain, plain]).flagged
