"""Story clustering on hand-written Vietnamese items (langnghe.testing_stories), policy only."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from langnghe.item import Item
from langnghe.detection.stories import Assignment, StoryClusterer, StoryParams, story_id_for
from langnghe.detection.story_records import cluster_scores
from langnghe.detection.story_signals import item_signals, place_keys, shingle_hashes
from langnghe.testing import build_item
from langnghe.testing_stories import T0, build_cases

Cases = list[tuple[str, Item]]


@pytest.fixture(scope="module")
def cases() -> Cases:
    return build_cases()


def _cluster(pairs: Cases, params: StoryParams | None = None) -> dict[str, Assignment]:
    params = params or StoryParams()
    clusterer = StoryClusterer(params)
    return {item.id: clusterer.assign(item_signals(item, params)) for _, item in pairs}


def _stories_of(pairs: Cases, assigned: dict[str, Assignment], event: str) -> set[str]:
    return {assigned[item.id].story_id for key, item in pairs if key == event}


def test_one_event_told_by_three_outlets_and_a_forum_is_one_story(cases: Cases) -> None:
    assigned = _cluster(cases)
    landslide = [item for key, item in cases if key == "sat-lo"]
    assert {item.platform for item in landslide} == {"news", "forum"} and len({i.source for i in landslide}) == 4
    assert len(_stories_of(cases, assigned, "sat-lo")) == 1
    assert len(_stories_of(cases, assigned, "ngo-doc")) == 1
    # the story is named after its first item, so it is the same on every rerun
    founder = min(landslide, key=lambda item: item.published_at or T0)
    assert _stories_of(cases, assigned, "sat-lo") == {story_id_for(founder.id)}
    assert assigned[founder.id].method == "new"


def test_unrelated_items_and_look_alike_events_stay_apart(cases: Cases) -> None:
    assigned = _cluster(cases)
    story_of_event = {key: _stories_of(cases, assigned, key) for key, _ in cases}
    assert all(len(stories) == 1 for stories in story_of_event.values())
    # no two events share a story: another landslide the same morning, two fires the same night
    assert len({next(iter(s)) for s in story_of_event.values()}) == len(story_of_event)
    scores = cluster_scores({item.id: key for key, item in cases}, {i: a.story_id for i, a in assigned.items()})
    assert scores.purity == scores.inverse_purity == scores.bcubed_f1 == 1.0


def test_the_threshold_has_a_margin_on_the_hand_written_set(cases: Cases) -> None:
    for threshold in (0.15, 0.4):  # the default is 0.25
        assigned = _cluster(cases, StoryParams(threshold=threshold))
        scores = cluster_scores({item.id: key for key, item in cases}, {i: a.story_id for i, a in assigned.items()})
        assert scores.bcubed_f1 == 1.0, threshold


def test_a_near_duplicate_repost_joins_its_original(cases: Cases) -> None:
    assigned = _cluster(cases)
    repost = next(item for key, item in cases if key == "ngo-doc" and "(chia sẻ)" in item.title)
    original = next(item for key, item in cases if item.title == repost.title.removesuffix(" (chia sẻ)"))
    assert assigned[repost.id].method == "duplicate" and assigned[repost.id].similarity >= 0.7
    assert assigned[repost.id].story_id == assigned[original.id].story_id


def test_the_time_window_is_respected(cases: Cases) -> None:
    landslide = [(key, item) for key, item in cases if key == "sat-lo"]
    later = [(key, item.model_copy(update={"id": item.id + "-sau"})) for key, item in build_cases(shift=timedelta(days=10))
             if key == "sat-lo"]  # fmt: skip
    assigned = _cluster(landslide + later)
    assert len({assigned[item.id].story_id for _, item in landslide}) == 1
    assert len({assigned[item.id].story_id for _, item in later}) == 1
    assert {assigned[item.id].story_id for _, item in landslide}.isdisjoint(assigned[i.id].story_id for _, i in later)
    # with a window of 12 days the same items make one story
    wide = _cluster(landslide + later, StoryParams(window=timedelta(days=12)))
    assert len({a.story_id for a in wide.values()}) == 1


def test_a_comment_joins_its_posts_story() -> None:
    post = build_item(id="bai-dang-goc", title="Mất điện cả khu phố Tân Định", text="Cả khu phố mất điện từ sáng.")
    comment = build_item(id="binh-luan-01", kind="comment", parent_id=post.id, title="", text="Nhà mình cũng vậy, nóng quá.")
    assigned = _cluster([("a", post), ("a", comment)])
    assert assigned[comment.id].method == "parent" and assigned[comment.id].story_id == assigned[post.id].story_id


def test_the_same_items_give_the_same_stories_and_exhaustive_search_agrees(cases: Cases) -> None:
    first, again = _cluster(cases), _cluster(cases)
    assert {i: a.story_id for i, a in first.items()} == {i: a.story_id for i, a in again.items()}
    brute = _cluster(cases, StoryParams(retrieval="exhaustive"))
    assert {i: a.story_id for i, a in first.items()} == {i: a.story_id for i, a in brute.items()}


def test_an_item_is_clustered_once() -> None:
    item = build_item(id="chi-mot-lan", title="Khánh thành cầu mới", text="Cây cầu nối hai bờ sông vừa được khánh thành.")
    clusterer, params = StoryClusterer(), StoryParams()
    clusterer.assign(item_signals(item, params))
    with pytest.raises(ValueError, match="chi-mot-lan"):
        clusterer.assign(item_signals(item, params))


def test_signals_shingles_and_places() -> None:
    assert len(shingle_hashes("một hai ba".split(), 4)) == 0
    words = "cá chết trắng sông lạch vàng cá chết trắng sông".split()
    assert len(shingle_hashes(words, 4)) == 6  # 7 runs, the first one repeated at the end
    item = build_item(provinces=["Hưng Yên"], nlp={"entities": [{"text": "Lạch Vàng Theo", "label": "LOC"}]})
    assert place_keys(item) == {"hưng yên", "lạch vàng", "vàng theo"}
    assert place_keys(build_item()) == frozenset()


def test_cluster_scores() -> None:
    truth = {"a": "x", "b": "x", "c": "y", "d": "y"}
    perfect = cluster_scores(truth, {"a": "1", "b": "1", "c": "2", "d": "2"})
    assert perfect.purity == perfect.bcubed_recall == 1.0
    lumped = cluster_scores(truth, dict.fromkeys(truth, "1"))
    assert lumped.purity == 0.5 and lumped.inverse_purity == 1.0 and lumped.bcubed_precision == 0.5
    split = cluster_scores(truth, {k: k for k in truth})
    assert split.purity == 1.0 and split.bcubed_recall == 0.5
    assert Counter(cluster_scores({}, {}).__dict__.values()) == Counter({0.0: 4})
