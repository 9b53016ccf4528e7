"""A forum thread page holds the opening post and its replies: the claim and its stance are read on the
passage that matches, not on replies elsewhere in the thread (all texts fictional)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from langnghe.claims.stage import ClaimStage, build_matcher
from langnghe.claims.store import ClaimStore
from langnghe.claims.testing import EXAMPLE_BASE, TAP_WATER
from langnghe.testing import build_item

RUMOUR = ("Người nhà mình làm ở nhà máy nước nói nước máy TP Cần Thơ đang nhiễm hóa chất, sắp cắt nước toàn thành "
          "phố 7 ngày. Mọi người trữ nước gấp, chia sẻ ngay cho người thân!!!")  # fmt: skip
SCEPTICAL_REPLIES = ("trời ơi thật không vậy", "Đừng share tin chưa kiểm chứng nha mọi người", "Đi mua nước liền đây")
CHATTER = (
    "Nhà mình ở Ninh Kiều mà chưa thấy ai nói gì", "Hôm qua mưa to quá, đường Nguyễn Văn Cừ ngập hết",
    "Chợ Xuân Khánh sáng nay rau lên giá, 20 nghìn một bó", "Ai biết chỗ sửa xe máy uy tín ở Cái Răng không",
    "Mai mình về quê ăn đám cưới, chắc tuần sau mới lên", "Con mình sốt từ tối qua, đưa đi bệnh viện nhi rồi",
    "Giá xăng tuần này giảm 500 đồng một lít", "Cuối tuần này có ai đi Phú Quốc không, vé máy bay rẻ lắm",
    "Tiệm bánh mì đầu hẻm đóng cửa rồi, tiếc ghê", "Năm nay nước nổi về sớm, cá linh nhiều",
    "Nhà hàng xóm mới nuôi con chó, sủa cả đêm", "Tháng sau trường con mình họp phụ huynh ngày 15/12",
)  # fmt: skip


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClaimStage]:
    store = ClaimStore(Path(tmp_path_factory.mktemp("claims")) / "claims.sqlite3")
    store.upsert_claims(list(EXAMPLE_BASE), "import")
    stage = ClaimStage(build_matcher(store.claims(), store), store)
    yield stage
    stage.close()


def _thread(stage: ClaimStage, title: str, posts: tuple[str, ...]) -> list[tuple[str, str]]:
    item = build_item(id=f"chu-de-{abs(hash(posts))}", platform="forum", title=title, text="\n".join(posts))
    return [(match.claim_id, match.stance) for match in stage.match([item]).items[0].claims]


def test_a_sceptical_reply_does_not_turn_the_rumour_into_a_refutation(stage: ClaimStage) -> None:
    assert _thread(stage, "KHẨN: nước máy Cần Thơ có chất độc", (RUMOUR, *SCEPTICAL_REPLIES)) == [(TAP_WATER.id, "spreads")]


def test_a_long_thread_matches_when_its_opening_post_does(stage: ClaimStage) -> None:
    """Replies on other things (other amounts, dates, places) do not dilute the opening post."""
    assert _thread(stage, "Nghe nói Cần Thơ sắp cắt nước", (RUMOUR, *CHATTER, *CHATTER)) == [(TAP_WATER.id, "spreads")]


def test_a_correction_posted_in_a_thread_refutes(stage: ClaimStage) -> None:
    correction = ("Mấy hôm nay nhiều người share tin nước máy TP Cần Thơ nhiễm hóa chất, sắp cắt nước toàn thành phố "
                  "7 ngày. Công an thành phố đã xác minh, đây là tin sai sự thật.")  # fmt: skip
    assert _thread(stage, "Cập nhật cho mọi người", (correction, *SCEPTICAL_REPLIES)) == [(TAP_WATER.id, "refutes")]


def test_an_article_reads_its_debunk_anywhere_in_its_text(stage: ClaimStage) -> None:
    """A news article carries no replies: its verdict may come paragraphs after the claim it quotes."""
    text = ("Mấy ngày qua trên mạng xã hội lan truyền thông tin nước máy TP Cần Thơ nhiễm hóa chất, sắp cắt nước "
            "toàn thành phố 7 ngày.\n" + "\n".join(CHATTER[:4]) + "\nCông an thành phố bác bỏ thông tin trên.")  # fmt: skip
    item = build_item(id="bai-bao-dinh-chinh", platform="news", kind="article", title="Cần Thơ: nước máy an toàn",
                      text=text)  # fmt: skip
    assert [(m.claim_id, m.stance) for m in stage.match([item]).items[0].claims] == [(TAP_WATER.id, "refutes")]
