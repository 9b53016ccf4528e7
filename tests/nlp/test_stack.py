from __future__ import annotations

import numpy as np
import pytest

from langnghe.nlp import SIGNALS
from langnghe.nlp.features import FeatureConfig, SharedFeatures
from langnghe.nlp.linear import LinearTextModel
from langnghe.nlp.normalize import normalize
from langnghe.nlp.registry import get_model
from langnghe.nlp.stack import LinearStack, build_stacks, stacks_for

TEXTS = [
    "Đội tuyển Việt Nam thắng 3-0, cổ động viên vui mừng :))) 😍",
    "Người dân bức xúc vì nước thải bốc mùi suốt nhiều tháng!!!",
    "ko hiểu sao giá xăng lại tăng nữa, chán thật",
    "",
    "Bộ Y tế khuyến cáo tiêm vắc xin phòng cúm mùa. " * 300,  # longer than every model's max_chars
]


def _tiny(signal: str, terms: list[str], seed: int, **config: int) -> LinearTextModel:
    rng = np.random.default_rng(seed)
    return LinearTextModel(
        signal=signal, version=f"{signal}-v1", labels=("a", "b", "c"),
        vocabulary={term: index for index, term in enumerate(terms)},
        idf=rng.uniform(1, 3, len(terms)).astype(np.float32),
        weights=rng.normal(size=(len(terms), 3)).astype(np.float32),
        intercept=rng.normal(size=3), features=FeatureConfig(**config), temperature=0.7,
    )  # fmt: skip


def test_a_stack_scores_exactly_like_its_models_one_by_one() -> None:
    models = [
        _tiny("one", ["giá", "xăng", "giá xăng", "tăng"], 1),
        _tiny("two", ["xăng", "bốc", "bốc mùi", "sym::)", "tăng"], 2, symbols=1),
        _tiny("three", ["giá", " g", "iá ", "ăng", "mùi"], 3, char_min=1, char_max=3),
    ]
    texts = [normalize(text) for text in TEXTS]
    stacks = build_stacks(models)
    assert [len(stack.models) for stack in stacks] == [2, 1]  # character n-grams read differently
    found: dict[str, np.ndarray] = {}
    for stack in stacks:
        found.update(stack.predict(SharedFeatures(texts)))
    for model in models:
        expected = model.predict_proba(model.prepare(texts))
        np.testing.assert_allclose(found[model.signal], expected, rtol=1e-5, atol=1e-6)


def test_the_shipped_models_served_as_stacks_match_their_own_scores() -> None:
    models = [get_model(signal) for signal in SIGNALS]
    texts = [normalize(text) for text in TEXTS]
    shared = SharedFeatures(texts)
    found: dict[str, np.ndarray] = {}
    for stack in stacks_for(models):
        found.update(stack.predict(shared))
    for model in models:
        np.testing.assert_allclose(found[model.signal], model.predict_proba(model.prepare(texts)), atol=1e-5)


def test_stacks_are_built_once_per_set_of_models() -> None:
    models = [get_model("section"), get_model("sentiment")]
    assert stacks_for(models) is stacks_for(list(models))


def test_a_stack_refuses_models_that_read_text_differently() -> None:
    with pytest.raises(ValueError, match="same max_chars"):
        LinearStack([_tiny("one", ["a"], 1), _tiny("two", ["a"], 2, max_chars=10)])


def test_an_empty_batch_gives_empty_rows() -> None:
    stack = LinearStack([_tiny("one", ["giá"], 1)])
    assert stack.predict(SharedFeatures([]))["one"].shape == (0, 3)
