"""Event threads: stories that continue one another linked, distractors left apart."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from langnghe.detection.stories import StoryClusterer, StoryParams, StoryState
from langnghe.detection.story_records import cluster_scores
from langnghe.detection.story_signals import item_signals
from langnghe.detection.threads import ThreadParams, link_threads, sketch_of, thread_id_for
from langnghe.testing_threads import Planted, planted_stream

DAY_US = 86_400_000_000


def _story(story_id: str, day: float, terms: dict[str, float], places: tuple[str, ...], days: float = 0.5) -> StoryState:
    centroid = {**terms, **{"@" + p.replace(" ", "_"): 2.0 for p in places}, **{p.replace(" ", "_"): 1.0 for p in places}}
    start = int(day * DAY_US)
    return StoryState(story_id, story_id, start, start + int(days * DAY_US), 4, centroid, {p: 4 for p in places})


HERE = ("tân phú", "hưng yên")
INCIDENT = _story("st_su_co", 0, {"phúc_hưng": 3.0, "cá_chết": 2.0, "xả_thải": 2.0, "lạch_vàng": 2.0, "mùi_hôi": 1.0}, HERE)
DENIAL = _story("st_bac_bo", 3, {"phúc_hưng": 3.0, "bác_bỏ": 2.0, "xả_thải": 1.5, "lạch_vàng": 1.0}, HERE)
FINE = _story("st_xu_phat", 7, {"phúc_hưng": 3.0, "xử_phạt": 2.0, "nước_thải": 1.5, "lạch_vàng": 1.0}, HERE)
FESTIVAL = _story("st_le_hoi", 4, {"lễ_hội": 3.0, "du_khách": 2.0, "kéo_co": 2.0}, HERE)  # the same commune only
ELSEWHERE = _story("st_noi_khac", 5, {"phúc_hưng": 3.0, "bác_bỏ": 2.0, "xả_thải": 1.5}, ("an lạc", "cà mau"))


def test_a_developing_event_is_one_thread_and_a_story_sharing_only_its_place_is_not() -> None:
    threads = link_threads(sketch_of(s) for s in (FESTIVAL, FINE, ELSEWHERE, DENIAL, INCIDENT))
    assert threads["st_su_co"] == threads["st_bac_bo"] == threads["st_xu_phat"] == thread_id_for("st_su_co")
    assert threads["st_le_hoi"] == thread_id_for("st_le_hoi")
    assert threads["st_noi_khac"] == thread_id_for("st_noi_khac")  # the same words in another place


def test_the_place_is_no_part_of_the_content() -> None:
    sketch = sketch_of(FESTIVAL)
    assert set(sketch.content) == {"lễ_hội", "du_khách", "kéo_co"} and sketch.places == frozenset(HERE)


def test_a_thread_only_goes_forward_within_its_gap() -> None:
    late = _story("st_boi_thuong", 20, {"phúc_hưng": 3.0, "xả_thải": 2.0, "lạch_vàng": 2.0}, HERE)
    threads = link_threads(sketch_of(s) for s in (INCIDENT, late))
    assert threads["st_boi_thuong"] != threads["st_su_co"]  # 19.5 days after: another event
    wide = link_threads((sketch_of(s) for s in (INCIDENT, late)), ThreadParams(max_gap=timedelta(days=30)))
    assert wide["st_boi_thuong"] == wide["st_su_co"]


def _clustered(stream: list[Planted]) -> tuple[dict[str, str], list[StoryState]]:
    params = StoryParams()
    clusterer = StoryClusterer(params)
    assigned = {p.item.id: clusterer.assign(item_signals(p.item, params)).story_id for p in stream}
    return assigned, clusterer.take_changes().stories


@pytest.fixture(scope="module")
def planted() -> tuple[list[Planted], dict[str, str], dict[str, str]]:
    stream = planted_stream(12, seed=5)
    stories, states = _clustered(stream)
    threads = link_threads(sketch_of(state) for state in states)
    return stream, stories, {item_id: threads[story_id] for item_id, story_id in stories.items()}


def test_on_a_planted_stream_the_chains_are_linked(planted: tuple[list[Planted], dict[str, str], dict[str, str]]) -> None:
    stream, stories, threads = planted
    chains: dict[str, Counter[str]] = {}
    for p in stream:
        if p.role == "chain":
            chains.setdefault(p.truth, Counter())[threads[p.item.id]] += 1
    linked = sum(counts.most_common(1)[0][1] for counts in chains.values()) / sum(sum(counts.values()) for counts in chains.values())
    assert linked >= 0.95  # items of a chain in its main thread
    stories_per_chain = [len({stories[p.item.id] for p in stream if p.truth == chain}) for chain in chains]
    assert sum(stories_per_chain) > len(chains)  # the chains were fragments before
    truth = {p.item.id: p.truth for p in stream}
    assert cluster_scores(truth, threads).bcubed_f1 > cluster_scores(truth, stories).bcubed_f1


def test_on_a_planted_stream_a_story_sharing_only_a_place_joins_no_chain(
    planted: tuple[list[Planted], dict[str, str], dict[str, str]],
) -> None:
    stream, stories, threads = planted
    chain_threads = {threads[p.item.id] for p in stream if p.role == "chain"}
    alone = [p for p in stream if p.role == "place-only"]
    assert alone
    own_story = {p.item.id for p in alone if all(q.truth == p.truth for q in stream if stories[q.item.id] == stories[p.item.id])}
    assert own_story  # distractors the clusterer kept apart: threading must keep them apart too
    assert not {threads[item_id] for item_id in own_story} & chain_threads


def test_the_planted_stream_is_the_same_for_a_seed() -> None:
    first, again = planted_stream(3, seed=9), planted_stream(3, seed=9)
    assert [(p.truth, p.item.id, p.item.title) for p in first] == [(p.truth, p.item.id, p.item.title) for p in again]
    roles = Counter(p.role for p in first)
    assert roles["chain"] > roles["place-only"] > 0 and roles["words-elsewhere"] > 0


def test_one_place_shared_by_chance_among_many_is_not_the_same_place() -> None:
    many = ("an phú", "bình thạnh", "hòa thuận", "lạng sơn", "quảng trị")
    others = ("bình phước", "hòa thuận", "nghệ an", "ngọc lâm", "đồng nai")
    first = _story("st_mot", 0, {"homestay": 3.0, "du_khách": 2.0, "mạng_xã_hội": 2.0}, many)
    second = _story("st_hai", 4, {"homestay": 3.0, "du_khách": 2.0, "lượt_khách": 2.0}, others)
    assert len(set(link_threads(sketch_of(s) for s in (first, second)).values())) == 2
    near = _story("st_ba", 4, {"homestay": 3.0, "du_khách": 2.0, "lượt_khách": 2.0}, many[:2])
    assert len(set(link_threads(sketch_of(s) for s in (first, near)).values())) == 1


def test_stories_naming_no_place_need_more_alike_words() -> None:
    chat = _story("st_chat", 0, {"tiết_kiệm": 2.0, "mua_vàng": 2.0, "lãi_suất": 1.0}, ())
    alike = _story("st_chat_2", 3, {"tiết_kiệm": 2.0, "thuê_nhà": 2.0, "lãi_suất": 1.0}, ())
    sketches = [sketch_of(s) for s in (chat, alike)]
    cosine = sum(sketches[0].content[t] * sketches[1].content.get(t, 0.0) for t in sketches[0].content)
    assert 0.4 <= cosine < 0.6  # enough with a shared place, not without one
    assert len(set(link_threads(sketches).values())) == 2
    assert len(set(link_threads(sketches, ThreadParams(unplaced_margin=0.0)).values())) == 1
