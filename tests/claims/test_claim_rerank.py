"""Retold claims match (reordered, other words, only a part, typed without diacritics); a post that
only shares the topic does not; a correction is linked as refuting. Through the enrich stage's
claims step, against a base with neighbours on the same topics (all fictional)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from langnghe.claims.compare import TextView, pair_features
from langnghe.claims.matcher import Reading
from langnghe.claims.model import Claim
from langnghe.claims.parts import canonical, clauses, read_parts
from langnghe.claims.rerank import ClaimReranker, read_canonical
from langnghe.claims.stage import ClaimStage, build_matcher
from langnghe.claims.stance import read_stance
from langnghe.claims.store import ClaimStore
from langnghe.claims.text import syllables
from langnghe.claims.windows import sentence_windows
from langnghe.testing import build_item

BIRTH = Claim(
    id="khai-sinh-viet-tay",
    claim="Giấy khai sinh viết tay cấp trước năm 2000 sẽ vô hiệu từ ngày 1/10/2027, gia đình nào không cấp lại "
          "sẽ bị phạt 1.000.000 đồng",
)  # fmt: skip
COCONUT = Claim(id="nuoc-dua-luc-doi", claim="Uống nước dừa lúc đói gây suy thận cấp, đã có 3 người tử vong ở Bến Tre")
NEIGHBOURS = (
    Claim(id="khai-sinh-truc-tuyen", claim="Từ năm 2027 người dân có thể đăng ký khai sinh trực tuyến trên Cổng dịch vụ công"),
    Claim(id="gia-dua", claim="Giá dừa khô Bến Tre tăng mạnh nhờ xuất khẩu sang Trung Quốc"),
    Claim(id="ghep-than", claim="Bệnh viện tỉnh ghép thận thành công cho bệnh nhân 70 tuổi"),
)


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClaimStage]:
    store = ClaimStore(Path(tmp_path_factory.mktemp("claims")) / "claims.sqlite3")
    store.upsert_claims([BIRTH, COCONUT, *NEIGHBOURS], "import")
    stage = ClaimStage(build_matcher(store.claims(), store), store)
    yield stage
    stage.close()


def _links(stage: ClaimStage, text: str) -> list[tuple[str, str]]:
    item = build_item(id=f"bai-{abs(hash(text))}", platform="forum", title="", text=text)
    return [(match.claim_id, match.stance) for match in stage.match([item]).items[0].claims]


@pytest.mark.parametrize(
    ("kind", "text", "claim"),
    [
        ("reordered: the consequence first", "Bến Tre có 3 ca tử vong, bác sĩ bảo suy thận cấp, ai ngờ chỉ vì đói bụng "
                                             "uống dừa.", COCONUT),
        ("other words: hết hiệu lực, xử phạt, một triệu", "Khai sinh bản viết tay làm trước năm 2000 hết hiệu lực kể từ "
         "1/10/2027, nhà nào chưa làm lại là bị xử phạt một triệu đồng.", BIRTH),
        ("only the fine", "Chưa đi cấp lại khai sinh viết tay là ăn phạt 1 triệu đấy cả nhà ơi.", BIRTH),
        ("no diacritics, teencode", "ae oi giay khai sinh viet tay tu 1/10/2027 la het gia tri nha, ko cap lai la bi "
                                    "phat 1tr do", BIRTH),
    ],
)  # fmt: skip
def test_a_retelling_spreads_its_claim(stage: ClaimStage, kind: str, text: str, claim: Claim) -> None:
    assert _links(stage, text)[:1] == [(claim.id, "spreads")], kind


def test_a_post_on_the_topic_without_the_claim_matches_nothing(stage: ClaimStage) -> None:
    decoy = "Gia đình nào cần cấp lại giấy khai sinh viết tay cấp trước năm 2000 có thể nộp hồ sơ tại phường, lệ phí 8.000 đồng."
    assert _links(stage, decoy) == []


def test_a_correction_is_linked_as_refuting(stage: ClaimStage) -> None:
    correction = ("Bộ Tư pháp khẳng định giấy khai sinh viết tay vẫn có giá trị sử dụng, thông tin phải cấp lại trước "
                  "1/10/2027 kẻo bị phạt là sai sự thật.")  # fmt: skip
    assert _links(stage, correction)[:1] == [(BIRTH.id, "refutes")]


def test_the_parts_of_a_claim_read_the_same_however_written() -> None:
    written = [read_parts(canonical(text)) for text in ("phạt 500.000 đồng từ 1/7/2026", "phat 500k tu ngay 1 thang 7",
                                                         "bị xử phạt nửa triệu từ 1/7")]  # fmt: skip
    assert {part.numbers for part in written} == {frozenset({"500000"})}
    assert all((1, 7) in part.dates and "xphat" in part.predicates for part in written)
    assert canonical("CCCD hết hiệu lực") == canonical("căn cước công dân không còn giá trị") == "can cuoc cong dan xvohieu"
    assert len(clauses(canonical(BIRTH.claim))) == 2


def test_a_claim_retold_in_one_sentence_of_a_long_post_spreads_it(stage: ClaimStage) -> None:
    """An embedded retelling: the claim is one sentence among many about something else."""
    post = ("Cuối tuần rồi cả nhà mình về quê ngoại ăn giỗ, đường đông kinh khủng, đi mất gần năm tiếng mới tới nơi. "
            "Mấy đứa nhỏ say xe nên mệt lắm, tối đến mới ăn uống được chút cháo. Ngồi nói chuyện với mấy bác hàng "
            "xóm thì nghe bảo giấy khai sinh viết tay làm trước năm 2000 tới 1/10/2027 là thành giấy lộn, không đi "
            "cấp lại là bị phạt một triệu. Sáng hôm sau cả nhà đi chợ quê mua ít rau, gà, trứng vịt mang lên thành phố. "
            "Quê bây giờ khác nhiều, đường bê tông tới tận ngõ, nhà nào cũng xây lại khang trang, chỉ có cây đa đầu "
            "làng là vẫn như xưa.")  # fmt: skip
    assert _links(stage, post)[:1] == [(BIRTH.id, "spreads")]


def test_a_post_repeating_only_the_deadline_and_its_subject_spreads_the_claim(stage: ClaimStage) -> None:
    """A partial repetition: the subject and its deadline, neither the fine nor its amount."""
    post = "Mọi người ơi, khai sinh viết tay từ 1/10/2027 là không còn giá trị nữa đâu, kiểm tra lại giấy tờ cho con đi."
    assert _links(stage, post)[:1] == [(BIRTH.id, "spreads")]


def test_the_fast_features_equal_the_reference_ones_on_long_and_short_posts() -> None:
    """The matcher computes every window's words at once; :func:`pair_features` one by one."""
    matcher = ClaimReranker([BIRTH, COCONUT, *NEIGHBOURS])
    posts = [
        "Chưa đi cấp lại khai sinh viết tay là ăn phạt 1 triệu đấy cả nhà ơi.",
        "Hôm qua đi chợ. Giá dừa khô tăng mạnh! Nghe bảo uống nước dừa lúc đói là suy thận cấp, Bến Tre đã có 3 người "
        "tử vong. Thôi về nhà nấu cơm. Mai lại đi làm sớm, trời mưa to lắm, đường ngập hết cả.",
    ]  # fmt: skip
    readings = [read_canonical(post) for post in posts]
    candidates = matcher.candidates(readings)
    assert {c.row for c in candidates} == {0, 1}
    for candidate in candidates:
        reading, claim = readings[candidate.row], matcher._views[candidate.claim_id]
        windows = [TextView.of(Reading(text, syllables(text))) for text in sentence_windows(reading.folded)[1:]]
        debunk = read_stance(reading.folded, claim.folded).stance == "refutes"
        coverage, clause = candidate.features[:2]
        assert pair_features(TextView.of(reading), claim, coverage, clause, debunk, windows) == pytest.approx(candidate.features)
