"""The claim matcher: paraphrases, quotes, no diacritics, near-duplicates; unrelated text stays out."""

from __future__ import annotations

import pytest

from langnghe.claims.matcher import ClaimMatcher, Reading
from langnghe.claims.testing import BANK_FEE, EXAMPLE_BASE, LEMON, TAP_WATER
from langnghe.claims.text import claim_core, fold, syllables
from langnghe.claims.weights import background_idf


@pytest.fixture(scope="module")
def matcher() -> ClaimMatcher:
    return ClaimMatcher(EXAMPLE_BASE, background_idf())


def _best(matcher: ClaimMatcher, text: str) -> tuple[str, float, str] | None:
    found = matcher.match_texts([text])[0]
    return (found[0].claim_id, found[0].similarity, found[0].method) if found else None


@pytest.mark.parametrize(
    ("text", "claim_id"),
    [
        ("KHẨN: Nước máy Cần Thơ nhiễm hóa chất, sắp cắt nước toàn thành phố 7 ngày, trữ nước ngay!!!", TAP_WATER.id),
        ("Nghe nói Cần Thơ sắp cắt nước 7 ngày vì nước máy nhiễm hóa chất, thật không mọi người?", TAP_WATER.id),
        ("nuoc may tp can tho nhiem hoa chat, sap cat nuoc toan thanh pho 7 ngay, mn tru nuoc di", TAP_WATER.id),
        ("Bà nội cứ bắt cả nhà uống nước chanh nóng mỗi sáng vì tin là chữa khỏi ung thư giai đoạn cuối.", LEMON.id),
        ("ngan hang thu phi 50k moi lan chuyen khoan tu thang toi, rut tien ra het di", BANK_FEE.id),
    ],
)
def test_repeats_are_matched_to_their_claim(matcher: ClaimMatcher, text: str, claim_id: str) -> None:
    best = _best(matcher, text)
    assert best is not None and best[0] == claim_id, best


@pytest.mark.parametrize(
    "text",
    [
        "Cần Thơ: mưa lớn làm ngập nhiều tuyến đường, người dân phải lội nước về nhà.",
        "Công ty cấp nước thông báo tạm ngừng cấp nước vài giờ ở phường An Hòa để sửa đường ống.",
        "Bệnh viện tiếp nhận thêm máy xạ trị, giảm thời gian chờ cho bệnh nhân ung thư.",
        "Hướng dẫn chuyển khoản bằng mã QR cho tiểu thương ở chợ, không mất phí.",
        "Đội tuyển thắng 2-0, cổ động viên ăn mừng trên phố.",
        "",
    ],
)
def test_unrelated_text_is_not_matched(matcher: ClaimMatcher, text: str) -> None:
    assert _best(matcher, text) is None


def test_a_long_article_does_not_add_up_scattered_words(matcher: ClaimMatcher) -> None:
    filler = " ".join(["Người dân trong khu phố sinh hoạt bình thường, chợ vẫn họp đông vui."] * 6)
    scattered = (f"Nước máy ở nhiều nơi đã được kiểm tra. {filler} Thành phố Cần Thơ có mưa. {filler} "
                 f"Một số hóa chất bị thu giữ. {filler} Lịch cắt điện 7 ngày tới đã công bố. {filler} Toàn thành phố.")
    whole = matcher.retrieval_scores([Reading.of(scattered)])
    assert _best(matcher, scattered) is None
    assert whole.nnz  # it shares words with the claim, only not in one passage


def test_a_verbatim_reshare_of_a_matched_post_is_a_near_duplicate(matcher: ClaimMatcher) -> None:
    local = ClaimMatcher([TAP_WATER], background_idf())
    rumour = ("Người nhà làm trong nhà máy nước cho biết công ty phát hiện chất độc Clorin-T trong đường ống, "
              "từ thứ Hai sẽ cắt nước 7 ngày để súc rửa, ai ở Cần Thơ nhớ trữ nước, không cho trẻ uống nước máy")
    reshare = "Copy từ nhóm Zalo: " + rumour.replace("chất độc", "chat doc") + " !!!"
    assert _best(local, reshare) is None  # too far from the claim's own wording
    assert local.add_exemplar(TAP_WATER.id, "item-1", local.signature(Reading.of(rumour)))
    best = _best(local, reshare)
    assert best is not None and best[0] == TAP_WATER.id and best[2] == "near_duplicate" and best[1] >= 0.5


def test_debunk_wording_in_a_claim_entry_is_ignored() -> None:
    assert claim_core(fold("Thông tin nước máy Cần Thơ nhiễm độc là sai sự thật")) == "thong tin nuoc may can tho nhiem doc"
    assert syllables(fold("Thịt heo 50.000 đồng")) == ["thit", "lon", "50", "nghin", "dong"]


def test_batches_give_the_same_answers_as_single_texts(matcher: ClaimMatcher) -> None:
    texts = ["nuoc may can tho nhiem hoa chat sap cat nuoc 7 ngay", "Đội tuyển thắng 2-0",
             "uống nước chanh nóng chữa khỏi ung thư giai đoạn cuối"]  # fmt: skip
    together = matcher.match_texts(texts)
    assert together == [matcher.match_texts([text])[0] for text in texts]
    assert ClaimMatcher([]).match_texts(texts) == [[], [], []]


def test_batch_signatures_equal_datasketch_minhash() -> None:
    import numpy as np
    from datasketch import MinHash

    from langnghe.claims.neardup import _crc32, minhash_batch
    from langnghe.claims.text import shingles

    texts = [["nuoc", "may", "can", "tho", "nhiem"], [], ["mot"], "a b c d e f g h".split()]
    for tokens, signature in zip(texts, minhash_batch(texts, 64)):
        reference = MinHash(num_perm=64, seed=1, hashfunc=_crc32)
        reference.update_batch(sorted(shingles(tokens)))
        assert np.array_equal(reference.hashvalues, signature.hashvalues)
