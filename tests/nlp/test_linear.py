from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from langnghe.errors import ModelMissingError
from langnghe.nlp.features import FeatureConfig, make_analyzer
from langnghe.nlp.linear import LinearTextModel, from_sklearn

CONFIG = FeatureConfig(ngram_max=2, char_min=2, char_max=3)
UNSEEN = [
    "trận đấu bóng đá kết thúc với tỷ số hòa",
    "bác sĩ bệnh viện tỉnh cứu sống bệnh nhân",
    "công an điều tra vụ lừa đảo qua mạng",
    "một câu hoàn toàn mới xyz 2024",
    "",
]


def _fit(texts: list[str], labels: list[str], classifier: LogisticRegression | LinearSVC):
    vectorizer = TfidfVectorizer(analyzer=make_analyzer(CONFIG), sublinear_tf=True)
    classifier.fit(vectorizer.fit_transform(texts), labels)
    model = from_sklearn(
        signal="demo", version="demo-v1", vocabulary=vectorizer.vocabulary_, idf=vectorizer.idf_,
        classes=classifier.classes_, coef=classifier.coef_, intercept=classifier.intercept_, features=CONFIG,
    )
    return vectorizer, classifier, model


def test_npz_inference_equals_sklearn_logistic_regression(tiny_corpus, tmp_path: Path) -> None:
    texts, labels = zip(*tiny_corpus)
    vectorizer, classifier, model = _fit(list(texts), list(labels), LogisticRegression(C=10))
    loaded = LinearTextModel.load(model.save(tmp_path, coef_dtype="float32"))
    expected = classifier.predict_proba(vectorizer.transform(UNSEEN))
    np.testing.assert_allclose(loaded.predict_proba(UNSEEN), expected, atol=1e-5)
    assert [p.label for p in loaded.predict(UNSEEN[:3])] == ["sports", "health", "law"]


def test_npz_inference_equals_sklearn_linear_svc(tiny_corpus, tmp_path: Path) -> None:
    texts, labels = zip(*tiny_corpus)
    vectorizer, classifier, model = _fit(list(texts), list(labels), LinearSVC(C=1.0))
    loaded = LinearTextModel.load(model.save(tmp_path, coef_dtype="float32"))
    expected = classifier.decision_function(vectorizer.transform(UNSEEN))
    np.testing.assert_allclose(loaded.decision_function(UNSEEN), expected, atol=1e-5)


def test_binary_model_matches_sklearn(tiny_corpus, tmp_path: Path) -> None:
    rows = [(text, label) for text, label in tiny_corpus if label != "law"]
    texts, labels = zip(*rows)
    vectorizer, classifier, model = _fit(list(texts), list(labels), LogisticRegression(C=10))
    loaded = LinearTextModel.load(model.save(tmp_path, coef_dtype="float32"))
    expected = classifier.predict_proba(vectorizer.transform(UNSEEN))
    np.testing.assert_allclose(loaded.predict_proba(UNSEEN), expected, atol=1e-5)


def test_float16_weights_keep_the_predictions(tiny_corpus, tmp_path: Path) -> None:
    texts, labels = zip(*tiny_corpus)
    vectorizer, classifier, model = _fit(list(texts), list(labels), LogisticRegression(C=10))
    loaded = LinearTextModel.load(model.save(tmp_path))
    expected = classifier.predict_proba(vectorizer.transform(UNSEEN))
    np.testing.assert_allclose(loaded.predict_proba(UNSEEN), expected, atol=1e-2)
    assert list(loaded.predict_proba(UNSEEN).argmax(axis=1)) == list(expected.argmax(axis=1))


def test_artifact_is_plain_arrays_and_json(tiny_corpus, tmp_path: Path) -> None:
    texts, labels = zip(*tiny_corpus)
    _, _, model = _fit(list(texts), list(labels), LogisticRegression())
    path = model.save(tmp_path)
    with np.load(path, allow_pickle=False) as arrays:
        assert set(arrays.files) == {"vocabulary", "idf", "weights", "intercept"}
        assert all(arrays[name].dtype != object for name in arrays.files)
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["labels"] == ["health", "law", "sports"]
    assert meta["features"] == CONFIG.to_dict()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo-v1.json", "demo-v1.npz"]


def test_prediction_carries_all_scores(tiny_corpus) -> None:
    texts, labels = zip(*tiny_corpus)
    _, _, model = _fit(list(texts), list(labels), LogisticRegression(C=10))
    prediction = model.predict(["cầu thủ ghi bàn"])[0]
    assert prediction.label == "sports"
    assert set(prediction.scores) == {"health", "law", "sports"}
    assert prediction.score == pytest.approx(max(prediction.scores.values()), abs=1e-3)
    assert sum(prediction.scores.values()) == pytest.approx(1.0, abs=1e-3)


def test_loading_a_missing_artifact_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="langnghe train"):
        LinearTextModel.load(tmp_path / "section-v1.npz")
