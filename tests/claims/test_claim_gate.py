"""The claims step's skips are lossless, over the development sets (not the blind test set) and
over retellings of the demo's claims written here: the pre-filter's bound (:mod:`langnghe.claims.gate`)
is never below a text's true coverage and the stage links the same claims with the same stances
with it and without it; the re-ranker's pruning, which counts the part features a claim alone
decides as known, keeps every pair that matches."""

from __future__ import annotations

import json
from datetime import date
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from langnghe.claims.compare import FEATURES, claim_part_features
from langnghe.claims.gate import MARGIN
from langnghe.claims.matcher import Reading
from langnghe.claims.model import Claim
from langnghe.claims.parts import may_read_as, spelled_before_folding
from langnghe.claims.rerank import ClaimReranker, RerankConfig, read_canonical
from langnghe.claims.stage import ClaimStage
from langnghe.claims.store import ClaimStore
from langnghe.claims.text import fold, words
from langnghe.claims.weights import background_idf
from langnghe.demo import build_site
from langnghe.demo.claim_base import claim_base
from langnghe.item import Item
from langnghe.testing import build_item

BENCH = Path(__file__).parents[2] / "bench"
DEVS = [BENCH / "data" / name for name in ("claims_dev", "claims_dev2", "claims_dev3")]  # never claims_blind

# Retellings of the demo's claims and posts near them, written for this test (fictional).
DEMO_POSTS = (
    "Nghe bảo nước máy ở Cần Thơ nhiễm Clorin-T gấp ba mươi lần mức cho phép, sắp cúp nước cả thành phố một tuần",
    "nuoc may tp can tho nhiem clorin vuot muc 30 lan, cat nuoc 7 ngay toan tp do ae",
    "Sự thật về tin nước máy Cần Thơ nhiễm độc: thông tin sai sự thật, nước vẫn an toàn",
    "Mẹ tôi bảo sáng nào cũng uống chanh nóng là hết ung thư giai đoạn cuối, có thật không mọi người?",
    "Từ mùng 1 tháng sau cấm tiệt xe máy đi vào nội đô mấy thành phố lớn, ai đi làm bằng xe máy tính sao",
    "Tờ polymer 500k sắp bị thu hồi, không lưu hành nữa trong tháng này, ai còn thì tiêu nhanh",
    "Nửa triệu polymer hết giá trị, ngừng lưu hành, ngân hàng thu hồi hết",
    "Chích ngừa sởi cho bé dưới năm tuổi sau này bị vô sinh, các mẹ cẩn thận",
    "UBND TP Cần Thơ thông báo lịch cắt nước bảo trì đường ống quận Ninh Kiều",
    "Giá xăng hôm nay giảm nhẹ, người dân đổ xăng đông ở các cây xăng",
    "CCCD gắn chip có cần đổi không các bác",
)


def _jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _dev_base_and_posts() -> tuple[list[Claim], list[str]]:
    claims = [Claim(id=f"{folder.name}-{row['id']}", claim=row["claim"]) for folder in DEVS
              for row in _jsonl(folder / "claims.jsonl")]  # fmt: skip
    return claims, [row["text"] for folder in DEVS for row in _jsonl(folder / "posts.jsonl")]


def _demo_base_and_posts() -> tuple[list[Claim], list[str]]:
    site = build_site(date(2026, 11, 20))
    claims = [Claim(**entry) for entry in claim_base(site, lambda item: f"https://demo.example{item.path}")]
    texts = ["\n".join([demo.title, *demo.paragraphs, *(reply.text for reply in demo.replies)]) for demo in site.items]
    return claims, [*DEMO_POSTS, *texts]


CASES = {"dev": _dev_base_and_posts, "demo": _demo_base_and_posts}
SCREENED_OUT = {"dev": 10, "demo": 5}  # at least (23 and 11 when written): most posts cover 0.15 of some claim


@pytest.fixture(scope="module", params=list(CASES))
def case(request: pytest.FixtureRequest) -> tuple[str, list[Claim], list[str]]:
    return request.param, *CASES[request.param]()


def test_the_words_a_text_may_read_as_hold_its_canonical_words() -> None:
    found, _, numbers = may_read_as(set(words(fold("UBND phường: sổ đỏ cũ không còn giá trị, phạt ba mươi triệu"))))
    assert {"uy", "ban", "nhan", "dan", "xvohieu", "xphat"} <= found and numbers
    assert not may_read_as({"gia", "xang", "hom", "nay"})[2]


def test_the_bound_is_never_below_a_texts_best_coverage(case: tuple[str, list[Claim], list[str]]) -> None:
    _, claims, texts = case
    matcher = ClaimReranker(claims, background_idf(), rerank=RerankConfig(gate=True))
    assert matcher.gate is not None
    checked = [text for text in texts if not spelled_before_folding(text)]
    bounds = matcher.gate.bounds([fold(text) for text in checked])
    coverage = matcher.best_coverage([read_canonical(text) for text in checked])
    assert (bounds >= coverage - MARGIN).all(), [t for t, b, c in zip(checked, bounds, coverage) if b < c - MARGIN][:3]


def _items(texts: list[str]) -> list[Item]:
    return [build_item(id=f"bai-viet-{n:04d}", platform="forum" if n % 3 == 0 else "news", title="", text=text)
            for n, text in enumerate(texts)]  # fmt: skip


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[ClaimStore]:
    store = ClaimStore(tmp_path / "claims.sqlite3")
    yield store
    store.close()


def test_the_stage_links_the_same_with_the_gate_and_without(
    case: tuple[str, list[Claim], list[str]], store: ClaimStore,
) -> None:
    name, claims, texts = case
    items, idf = _items(texts), background_idf()
    outcome = {}
    for gate in (True, False):
        stage = ClaimStage(ClaimReranker(claims, idf, rerank=RerankConfig(gate=gate)), store)
        found = [stage.match(items[first : first + 64]) for first in range(0, len(items), 64)]
        outcome[gate] = [(item.id, item.claims, item.false_info) for batch in found for item in batch.items]
    assert outcome[True] == outcome[False]
    linked = sum(bool(claims) for _, claims, _ in outcome[True])
    screened = ClaimReranker(claims, idf, rerank=RerankConfig(gate=True)).screen(texts)
    assert linked >= 10 and sum(reading is None for reading in screened) >= SCREENED_OUT[name]


def _readings(matcher: ClaimReranker, texts: list[str]) -> list[Reading]:
    return [replace(matcher.read(text), threaded=n % 3 == 0) for n, text in enumerate(texts)]  # threads too


def test_the_parts_a_claim_alone_decides_are_those_its_pairs_get(case: tuple[str, list[Claim], list[str]]) -> None:
    _, claims, texts = case
    matcher = ClaimReranker(claims, background_idf())
    known = {claim.id: claim_part_features(matcher._views[claim.id]) for claim in claims}
    candidates = matcher.candidates(_readings(matcher, texts))
    assert len(candidates) >= 100
    for candidate in candidates:
        for name, value in known[candidate.claim_id].items():
            assert candidate.features[FEATURES.index(name)] == value, (candidate.claim_id, name)


def test_pruning_keeps_every_pair_that_matches(case: tuple[str, list[Claim], list[str]]) -> None:
    _, claims, texts = case
    matcher = ClaimReranker(claims, background_idf())
    readings = _readings(matcher, texts)
    candidates = matcher.candidates(readings)  # unpruned
    probability = matcher.model.probability(np.array([c.features for c in candidates]))
    expected = {(c.row, c.claim_id, round(float(p), 4)) for c, p in zip(candidates, probability)
                if p >= matcher.model.bar(c.features)}  # fmt: skip
    found = {(row, f.claim_id, f.similarity) for row, seen in enumerate(matcher._rerank(readings)) for f in seen.found}
    assert found == expected and len(found) >= 5
