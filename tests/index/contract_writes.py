"""The write contract of IndexBackend (``write``, ``update_fields``, versions), as tests any
backend must pass: per-document outcomes, derived fields kept, version checks, and
concurrent writers that lose nothing.

A backend's test module provides the ``backend`` fixture of :mod:`tests.index.contract` and
a ``refused_item`` fixture: an Item that backend refuses for good, with a word of its reason.
It imports these tests with ``from .contract_writes import *``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest

from langnghe.errors import BackendUnavailable, InputError
from langnghe.index.base import FacetCount, FieldUpdate, Filters, IndexBackend, Version, WriteOutcome
from langnghe.item import ClaimMatch, FalseInfo, Item
from langnghe.testing import build_item

from .contract import T0, _corpus, _ids


# -- outcomes, derived fields, versions -------------------------------------------------

RefusedItem = tuple[Item, str]  # an item the backend refuses for good, and a word of its reason


def test_write_reports_each_document_and_writes_its_neighbours(
    backend: IndexBackend, refused_item: RefusedItem
) -> None:
    bad, word = refused_item
    before = build_item(id="hang-xom-truoc", title="Chợ nổi Cái Răng đông khách", text="Thuyền buôn tấp nập.")
    after = build_item(id="hang-xom-sau", title="Cầu Cần Thơ thông xe", text="Xe cộ đi lại bình thường.")
    outcomes = backend.write([before, bad, after])
    assert [(o.id, o.status) for o in outcomes] == [(before.id, "ok"), (bad.id, "refused"), (after.id, "ok")]
    assert word in outcomes[1].reason and "\n" not in outcomes[1].reason and not outcomes[1].ok
    assert _ids(backend, "thông xe OR tấp nập") == {before.id, after.id}
    assert backend.get(bad.id) is None and backend.count() == 2


def test_write_refuses_an_item_that_cannot_be_serialised(backend: IndexBackend) -> None:
    # a lone surrogate, as json.loads gives for "\ud800" in a crawled JSON page: UTF-8 cannot hold it
    broken = build_item(id="ky-tu-hong", title="Tiêu đề", text="Nội dung \ud800 hỏng")
    good = build_item(id="ky-tu-lanh", title="Tiêu đề lành", text="Nội dung lành")
    [refused, ok] = backend.write([broken, good])
    assert refused.status == "refused" and "surrogate" in refused.reason and ok == WriteOutcome(good.id, "ok")
    assert backend.get(broken.id) is None and backend.get(good.id) == good


def test_write_of_nothing_and_duplicate_ids(backend: IndexBackend) -> None:
    assert backend.write([]) == []
    draft = build_item(id="ban-nhap-trung", title="Bản nháp")
    final = draft.model_copy(update={"title": "Bản cuối"})
    assert [o.status for o in backend.write([draft, final])] == ["ok", "ok"]
    assert backend.count() == 1 and backend.get(draft.id) == final


def test_write_keeps_the_derived_fields_of_an_indexed_document(backend: IndexBackend) -> None:
    flag = FalseInfo(flagged=True, score=0.9, explanation="Trùng khớp tin đã bác bỏ")
    first = build_item(id="giu-truong-phai-sinh", title="Tin đồn cắt nước", text="Bản đầu tiên.", story_id="s-nuoc",
                       claims=[ClaimMatch(claim_id="c-nuoc", similarity=0.8)], false_info=flag)  # fmt: skip
    assert backend.write([first]) == [WriteOutcome(first.id, "ok")]
    assert backend.get(first.id) == first  # a new document takes them from the item
    recrawled = first.model_copy(update={"text": "Bản cập nhật sau khi thu thập lại.", "story_id": None, "claims": [],
                                         "false_info": None})  # fmt: skip
    assert backend.write([recrawled]) == [WriteOutcome(first.id, "ok")]
    stored = backend.get(first.id)
    assert stored == recrawled.model_copy(update={"story_id": "s-nuoc", "claims": first.claims, "false_info": flag})
    assert _ids(backend, "cập nhật") == {first.id} and _ids(backend, "đầu tiên") == set()
    assert backend.facets("story") == [FacetCount("s-nuoc", 1)] and backend.facets("claim") == [FacetCount("c-nuoc", 1)]
    backend.upsert([recrawled])  # upsert still replaces whole documents
    assert backend.get(first.id) == recrawled and backend.facets("story") == []


def test_write_keeps_only_the_fields_named_in_keep(backend: IndexBackend) -> None:
    # the enrich stage owns the claim matches it computes on the newest text; the story stays the job's
    old = build_item(id="giu-mot-phan", title="Tin đồn ngân hàng", text="Bản cũ.", story_id="s-ngan-hang",
                     claims=[ClaimMatch(claim_id="c-cu", similarity=0.7)])  # fmt: skip
    backend.write([old])
    rematched = old.model_copy(update={"text": "Bản mới.", "story_id": None,
                                       "claims": [ClaimMatch(claim_id="c-moi", similarity=0.9)]})  # fmt: skip
    assert backend.write([rematched], keep=("story_id",)) == [WriteOutcome(old.id, "ok")]
    assert backend.get(old.id) == rematched.model_copy(update={"story_id": "s-ngan-hang"})
    assert backend.facets("claim") == [FacetCount("c-moi", 1)] and backend.facets("story") == [FacetCount("s-ngan-hang", 1)]
    moved = rematched.model_copy(update={"published_at": T0 + timedelta(days=62), "fetched_at": T0 + timedelta(days=62),
                                          "claims": []})  # another month
    assert backend.write([moved], keep=("story_id",)) == [WriteOutcome(old.id, "ok")]
    assert backend.count() == 1 and backend.get(old.id) == moved.model_copy(update={"story_id": "s-ngan-hang"})
    assert backend.facets("claim") == []


def test_update_fields_sets_only_its_fields_and_their_facets(backend: IndexBackend) -> None:
    items = _corpus(backend)
    flood = backend.get_versioned([items["flood"].id])[items["flood"].id]
    claims = [ClaimMatch(claim_id="claim-lu", similarity=0.7), ClaimMatch(claim_id="claim-dap", similarity=0.6,
                                                                          stance="refutes")]  # fmt: skip
    outcome = backend.update_fields([FieldUpdate(flood.item.id, {"claims": claims}, flood.version)])
    assert outcome == [WriteOutcome(flood.item.id, "ok")]
    assert backend.get(flood.item.id) == items["flood"].model_copy(update={"claims": claims})
    assert backend.facets("claim") == [FacetCount("claim-lu", 1)]  # spreading claims only
    assert backend.facets("story") == [FacetCount("story-lu-mien-trung", 1)]  # untouched
    again = backend.get_versioned([flood.item.id])[flood.item.id]
    cleared = backend.update_fields([FieldUpdate(flood.item.id, {"story_id": None, "false_info": None}, again.version)])
    assert cleared[0].ok and backend.facets("story") == [] and backend.facets("claim") == [FacetCount("claim-lu", 1)]
    assert _ids(backend, "huế") == {flood.item.id} and backend.count(Filters(terms={"province": ("Đà Nẵng",)})) == 1


def test_update_fields_reports_conflict_and_missing(backend: IndexBackend) -> None:
    item = build_item(id="xung-dot-phien-ban", title="Giá điện tăng")
    backend.write([item])
    read = backend.get_versioned([item.id])[item.id].version
    backend.write([item.model_copy(update={"text": "Giá điện tăng 4,8% từ hôm nay."})])  # written since
    outcomes = backend.update_fields([
        FieldUpdate(item.id, {"story_id": "s-dien"}, read),
        FieldUpdate("khong-co-bai-nay", {"story_id": "s-dien"}, read),
        FieldUpdate("khong-co-bai-nay", {"story_id": "s-dien"}),
    ])  # fmt: skip
    assert [o.status for o in outcomes] == ["conflict", "missing", "missing"] and all(o.reason for o in outcomes)
    assert backend.get(item.id).story_id is None  # type: ignore[union-attr]
    assert backend.update_fields([FieldUpdate(item.id, {"story_id": "s-dien"})])[0].ok  # unconditional
    assert backend.get(item.id).story_id == "s-dien"  # type: ignore[union-attr]


def test_updates_of_one_id_apply_in_order(backend: IndexBackend) -> None:
    item = build_item(id="hai-lan-cap-nhat")
    backend.write([item])
    read = backend.get_versioned([item.id])[item.id].version
    first, second = backend.update_fields([
        FieldUpdate(item.id, {"story_id": "s-mot"}, read), FieldUpdate(item.id, {"story_id": "s-hai"}, read)
    ])  # fmt: skip
    assert (first.status, second.status) == ("ok", "conflict")
    assert backend.update_fields([FieldUpdate(item.id, {"story_id": "s-ba"}), FieldUpdate(item.id, {"story_id": "s-bon"})]) \
        == [WriteOutcome(item.id, "ok")] * 2
    assert backend.get(item.id).story_id == "s-bon"  # type: ignore[union-attr]


def test_update_fields_refuses_bad_values_and_rejects_other_fields(backend: IndexBackend) -> None:
    item = build_item(id="gia-tri-sai-kieu")
    backend.write([item])
    [outcome] = backend.update_fields([FieldUpdate(item.id, {"claims": [{"claim_id": "c", "similarity": 5.0}]})])
    assert outcome.status == "refused" and "similarity" in outcome.reason
    assert backend.get(item.id) == item
    with pytest.raises(InputError, match="title"):
        backend.update_fields([FieldUpdate(item.id, {"title": "Tiêu đề khác"})])  # type: ignore[dict-item]


def test_every_write_gives_a_new_version(backend: IndexBackend) -> None:
    item = build_item(id="phien-ban-moi", title="Phiên bản")
    seen: list[Version] = []

    def version() -> Version:
        current = backend.get_versioned([item.id])[item.id].version
        assert current not in seen
        seen.append(current)
        return current

    backend.write([item])
    version()
    backend.write([item])  # unchanged content: still a write
    version()
    backend.upsert([item])
    version()
    backend.update_fields([FieldUpdate(item.id, {"story_id": "s-1"}, seen[-1])])
    version()
    backend.update_fields([FieldUpdate(item.id, {"story_id": "s-1"}, seen[-1])])  # the same value again
    assert version() == next(entry.version for entry in backend.scan_versioned())
    assert backend.get_versioned(["khong-co-bai-nay"]) == {}


def test_scan_versioned_pages_like_scan(backend: IndexBackend) -> None:
    items = _corpus(backend)
    versioned = list(backend.scan_versioned(batch=2))
    assert [entry.item for entry in versioned] == list(backend.scan())
    current = backend.get_versioned([item.id for item in items.values()])
    assert {entry.item.id: entry.version for entry in versioned} == {i: v.version for i, v in current.items()}
    by_source = backend.scan_versioned(Filters(terms={"source": ("bao-a",)}), batch=1)
    assert [entry.item.id for entry in by_source] == [items["air"].id, items["flood"].id]


def test_a_moved_document_keeps_its_derived_fields(backend: IndexBackend) -> None:
    undated = build_item(id="chuyen-thang-giu-truong", published_at=None, fetched_at=T0 + timedelta(days=60),
                         title="Tin chưa rõ ngày")  # fmt: skip
    backend.write([undated])
    read = backend.get_versioned([undated.id])[undated.id].version
    assert backend.update_fields([FieldUpdate(undated.id, {"story_id": "s-chuyen"}, read)])[0].ok
    dated = undated.model_copy(update={"published_at": T0, "title": "Tin đã rõ ngày"})  # another month
    assert backend.write([dated]) == [WriteOutcome(dated.id, "ok")]
    assert backend.count() == 1 and backend.get(dated.id) == dated.model_copy(update={"story_id": "s-chuyen"})
    assert backend.update_fields([FieldUpdate(dated.id, {"story_id": "s-khac"}, read)])[0].status == "conflict"
    assert backend.facets("story") == [FacetCount("s-chuyen", 1)]


# -- concurrent writers -----------------------------------------------------------------

ROUNDS = 8
CONTENDED = ("dong-thoi-0001", "dong-thoi-0002", "dong-thoi-0003")


def _text(round_no: int) -> str:
    return f"Nội dung vòng {round_no} về giá xăng"


def _write_rounds(backend: IndexBackend) -> None:
    """The enrich stage: rewrites the same items with new text, retrying a batch the index could not take."""
    for round_no in range(1, ROUNDS + 1):
        batch = [build_item(id=item_id, title="Tin đồng thời", text=_text(round_no)) for item_id in CONTENDED]
        for _ in range(50):
            try:
                assert all(outcome.ok for outcome in backend.write(batch))
                break
            except BackendUnavailable:  # busy: the whole batch again, later
                time.sleep(0.05)
        else:
            raise AssertionError(f"round {round_no}: the index never took the batch")


def _update_rounds(backend: IndexBackend, field: str, value: Callable[[int], object]) -> None:
    """A later stage: sets ``field`` on every item per round, reading the version and retrying on conflict."""
    for round_no in range(1, ROUNDS + 1):
        pending = list(CONTENDED)
        for _ in range(200):
            current = backend.get_versioned(pending)
            updates = [FieldUpdate(i, {field: value(round_no)}, current[i].version) for i in pending]  # type: ignore[dict-item]
            outcomes = backend.update_fields(updates)
            assert all(outcome.status in ("ok", "conflict") for outcome in outcomes), outcomes
            pending = [outcome.id for outcome in outcomes if outcome.status == "conflict"]
            if not pending:
                break
        else:
            raise AssertionError(f"round {round_no}: {field} kept meeting conflicts")


def test_concurrent_writers_lose_nothing(backend: IndexBackend) -> None:
    backend.write([build_item(id=item_id, title="Tin đồng thời", text=_text(0)) for item_id in CONTENDED])
    errors: list[BaseException] = []

    def run(work: Callable[[], None]) -> None:
        try:
            work()
        except BaseException as exc:  # surfaced below: a thread's exception would vanish
            errors.append(exc)

    works: list[Callable[[], None]] = [
        lambda: _write_rounds(backend),
        lambda: _update_rounds(backend, "story_id", lambda n: f"s-vong-{n}"),
        lambda: _update_rounds(backend, "claims", lambda n: [ClaimMatch(claim_id=f"c-vong-{n}", similarity=0.5)]),
    ]
    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and not any(thread.is_alive() for thread in threads)
    for item_id in CONTENDED:
        item = backend.get(item_id)
        assert item is not None and item.text == _text(ROUNDS)
        assert item.story_id == f"s-vong-{ROUNDS}" and [m.claim_id for m in item.claims] == [f"c-vong-{ROUNDS}"]
    assert backend.facets("story") == [FacetCount(f"s-vong-{ROUNDS}", 3)]
    assert backend.facets("claim") == [FacetCount(f"c-vong-{ROUNDS}", 3)]
    assert _ids(backend, f"vòng {ROUNDS}") == set(CONTENDED) and _ids(backend, "vòng 1") == set()
