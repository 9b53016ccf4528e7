"""The claims step's matches do not depend on where batches are cut (a crash cuts them elsewhere)."""

from __future__ import annotations

from pathlib import Path

from langnghe.claims.matcher import MatcherConfig
from langnghe.claims.stage import ClaimStage, build_matcher
from langnghe.claims.store import ClaimStore
from langnghe.claims.testing import TAP_WATER
from langnghe.item import ClaimMatch
from langnghe.testing import build_item

RUMOUR_BODY = ("Người nhà làm trong nhà máy nước cho biết công ty phát hiện chất độc Clorin-T trong đường ống, từ thứ "
               "Hai sẽ cắt nước để súc rửa, ai ở Cần Thơ nhớ trữ nước, không cho trẻ uống nước máy, chia sẻ gấp cho người thân")
RUMOUR = build_item(id="tin-don-goc", platform="forum", title="KHẨN!!!",
                    text="Nước máy TP Cần Thơ nhiễm hóa chất, sắp cắt nước toàn thành phố 7 ngày!!! " + RUMOUR_BODY)
# Its body alone, re-shared: too far from the claim's words, a near-duplicate of the rumour.
RESHARE = build_item(id="tin-don-chia-se", platform="forum", title="Copy từ nhóm Zalo", text=RUMOUR_BODY + " !!!")


def _stage(path: Path) -> ClaimStage:
    store = ClaimStore(path)
    store.upsert_claims([TAP_WATER], "import")
    return ClaimStage(build_matcher(store.claims(), store), store)


def _annotate(stage: ClaimStage, items: list[Item]) -> list[Item]:
    """Match and record at once, as the enrich stage does once the index took every item."""
    found = stage.match(items)
    stage.record(found, [item.id for item in items])
    return found.items


def _claims_of_reshare(stage: ClaimStage, batches: list[list[str]]) -> list[ClaimMatch]:
    items = {RUMOUR.id: RUMOUR, RESHARE.id: RESHARE}
    found: dict[str, list[ClaimMatch]] = {}
    for batch in batches:
        found.update((item.id, item.claims) for item in _annotate(stage, [items[i] for i in batch]))
    stage.close()
    return found[RESHARE.id]


def test_an_item_sees_the_wording_of_an_earlier_item_of_its_own_batch(tmp_path: Path) -> None:
    alone = _claims_of_reshare(_stage(tmp_path / "a.sqlite3"), [[RUMOUR.id], [RESHARE.id]])
    together = _claims_of_reshare(_stage(tmp_path / "b.sqlite3"), [[RUMOUR.id, RESHARE.id]])
    assert [(m.claim_id, m.method) for m in alone] == [(TAP_WATER.id, "near_duplicate")]
    assert together == alone


OTHER_RUMOUR = build_item(
    id="tin-don-khac", platform="forum", title="Tin khẩn",
    text="Nước máy TP Cần Thơ nhiễm hóa chất, sắp cắt nước toàn thành phố 7 ngày. Hàng xóm nhà tôi kể lại "
         "rằng đội xe bồn đã chở nước sạch vào các phường trung tâm từ tối qua, siêu thị thì hết sạch nước đóng chai.",
)  # fmt: skip


def test_a_restarted_stage_knows_the_exemplars_the_stopped_one_used(tmp_path: Path) -> None:
    # At most one exemplar per claim (besides its own text): the first rumour is kept, the second
    # is not; the stage started again from the store must keep the same one, whatever their keys.
    small = MatcherConfig(max_exemplars=1)
    store = ClaimStore(tmp_path / "claims.sqlite3")
    store.upsert_claims([TAP_WATER], "import")
    live = ClaimStage(build_matcher(store.claims(), store, config=small), store)
    _annotate(live, [OTHER_RUMOUR])  # its key sorts after the second rumour's
    _annotate(live, [RUMOUR])
    while_running = _annotate(live, [RESHARE])[0].claims
    restarted = ClaimStage(build_matcher(store.claims(), store, config=small), store)
    assert _annotate(restarted, [RESHARE])[0].claims == while_running == []
    store.close()
