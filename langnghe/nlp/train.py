"""Train and evaluate the linear classifiers (``section``, ``sentiment``, ``emotion``, ``toxicity``, ``misinfo``).

``train_signal`` reads the shared datasets (the caller passes the folder, normally
``../shared/datasets``), builds TF-IDF syllable n-gram features, fits a few
candidate models, keeps the one with the best dev macro-F1, calibrates it and writes
``<signal>-v<N>.npz`` + ``.json`` (see :mod:`langnghe.nlp.linear`). Dev scores are
computed with the numpy inference path on the float16 weights that ship, so they are
the scores of the artifact, not of the scikit-learn object.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, TypeAlias

import numpy as np
import sklearn
from scipy import optimize, sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from langnghe.errors import InputError
from langnghe.nlp.corpora import SOURCES, Corpus, load_corpora, read_jsonl
from langnghe.nlp.evaluation import classification_report
from langnghe.nlp.features import FeatureConfig, classifier_text, make_analyzer
from langnghe.nlp.linear import LinearTextModel, from_sklearn, softmax
from langnghe.nlp.normalize import normalize
from langnghe.nlp.registry import DEFAULT_MODEL_DIR, clear_models, get_model
from langnghe.nlp.social import strip_diacritics
from langnghe.nlp.tone_data import TONE_MAX_CHARS, register_corpora, tone_corpora

Progress = Callable[[str], None]
LinearClassifier: TypeAlias = LinearSVC | LogisticRegression


@dataclass(frozen=True)
class Candidate:
    """One model configuration tried on dev."""

    kind: Literal["svc", "lr"]
    C: float
    class_weight: str | None = None

    def build(self) -> LinearClassifier:
        if self.kind == "svc":
            return LinearSVC(C=self.C, class_weight=self.class_weight, random_state=0)
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=300, random_state=0)

    def __str__(self) -> str:
        weight = f", class_weight={self.class_weight}" if self.class_weight else ""
        return f"{self.kind}(C={self.C}{weight})"


@dataclass(frozen=True)
class SignalSpec:
    """Everything that defines how a signal's model is trained."""

    version: str
    features: FeatureConfig
    min_df: int
    max_features: int | None
    candidates: tuple[Candidate, ...]
    # Train on every text twice, as written and without diacritics, so that comments typed
    # without them ("khong on chut nao") are read as well as the others (social signals).
    unaccented_copies: bool = False


# Grids chosen from a wider search on dev (see models/MODEL_CARD.md): character
# n-grams and syllable trigrams did not help; 100k features lose nothing on VNTC.
SPECS: dict[str, SignalSpec] = {
    "section": SignalSpec(
        version="section-v2",
        features=FeatureConfig(ngram_max=2),
        min_df=2,
        max_features=150_000,
        unaccented_copies=True,
        candidates=(Candidate("svc", 0.5), Candidate("svc", 1.0), Candidate("lr", 30.0)),
    ),
    "sentiment": SignalSpec(
        version="sentiment-v2",
        unaccented_copies=True,
        features=FeatureConfig(ngram_max=2),
        min_df=2,
        max_features=None,
        candidates=(
            Candidate("svc", 0.3, "balanced"),
            Candidate("svc", 1.0, "balanced"),
            Candidate("lr", 10.0, "balanced"),
        ),
    ),
    # Social text: emoji/emoticon features (symbols=1) add ~4 points of macro-F1 on
    # UIT-VSMEC dev; balanced weights matter for the rare classes (fear, surprise, anger).
    "emotion": SignalSpec(
        version="emotion-v2",
        unaccented_copies=True,
        features=FeatureConfig(ngram_max=2, symbols=1),
        min_df=2,
        max_features=None,
        candidates=(
            Candidate("svc", 0.3, "balanced"),
            Candidate("svc", 0.5, "balanced"),
            Candidate("lr", 10.0, "balanced"),
        ),
    ),
    # Character 1-5-grams inside syllables help on insults typed with missing
    # diacritics, teencode and deliberate misspellings (+2 points macro-F1 on ViHSD dev).
    "toxicity": SignalSpec(
        version="toxicity-v2",
        unaccented_copies=True,
        # Comment-length input: character n-grams over whole articles would cost 4x for no gain.
        features=FeatureConfig(ngram_max=2, char_min=1, char_max=5, symbols=1, max_chars=1000),
        min_df=2,
        max_features=150_000,
        candidates=(Candidate("svc", 0.1, "balanced"), Candidate("svc", 0.3, "balanced")),
    ),
    "misinfo": SignalSpec(
        version="misinfo-v2",
        unaccented_copies=True,
        features=FeatureConfig(ngram_max=2, symbols=1),
        min_df=2,
        max_features=None,
        candidates=(
            Candidate("svc", 0.1, "balanced"),
            Candidate("svc", 0.3, "balanced"),
            Candidate("lr", 10.0, "balanced"),
        ),
    ),
    # News tone (issue 15): the headline and lead of a news item, labelled by two annotation
    # passes (langnghe.nlp.tone_data); the model reads the head of an article only, as the
    # annotators did. Its blind test part is scored once, after the choice, never used to choose.
    "tone": SignalSpec(
        version="tone-v1",
        unaccented_copies=True,
        features=FeatureConfig(ngram_max=2, max_chars=TONE_MAX_CHARS),
        min_df=1,
        max_features=None,
        candidates=(Candidate("svc", 0.3, "balanced"), Candidate("svc", 1.0, "balanced"), Candidate("lr", 30.0, "balanced")),
    ),
    # Register: is a text a news item (article) or a post/comment? Decides whether its
    # sentiment is a news tone or a writer's attitude when the caller does not say (classify).
    "register": SignalSpec(
        version="register-v1",
        unaccented_copies=True,
        features=FeatureConfig(ngram_max=2, symbols=1, max_chars=TONE_MAX_CHARS),
        min_df=2,
        max_features=100_000,
        candidates=(Candidate("lr", 3.0), Candidate("lr", 10.0)),
    ),
}


def default_model_dir() -> Path:
    """Where trained models go unless told otherwise: the package's shipped folder."""
    return DEFAULT_MODEL_DIR


def _spec(signal: str) -> SignalSpec:
    if signal not in SPECS:
        raise InputError(f"unknown signal {signal!r}; known: {', '.join(sorted(SPECS))}")
    return SPECS[signal]


@dataclass
class Features:
    """Fitted vocabulary and idf, with the train/dev matrices they produced."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    train: sparse.csr_matrix
    dev: sparse.csr_matrix


def vectorize(spec: SignalSpec, train: Sequence[str], dev: Sequence[str]) -> Features:
    counter = CountVectorizer(
        analyzer=make_analyzer(spec.features), min_df=spec.min_df, max_features=spec.max_features, dtype=np.float32
    )
    weighting = TfidfTransformer(sublinear_tf=True)
    train_matrix = weighting.fit_transform(counter.fit_transform(train))
    dev_matrix = weighting.transform(counter.transform(dev))
    vocabulary = {term: int(index) for term, index in counter.vocabulary_.items()}
    return Features(vocabulary, weighting.idf_, train_matrix, dev_matrix)


def _fit(candidate: Candidate, matrix: sparse.csr_matrix, labels: Sequence[str]) -> LinearClassifier:
    with warnings.catch_warnings():
        # A few lbfgs iterations short of tolerance do not change dev scores here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return candidate.build().fit(matrix, labels)


def fit_temperature(scores: np.ndarray, gold_index: np.ndarray) -> float:
    """Temperature T minimising the log-loss of ``softmax(scores / T)``."""

    def loss(log_t: float) -> float:
        probabilities = softmax(scores.copy(), float(np.exp(log_t)))
        return float(-np.mean(np.log(probabilities[np.arange(len(gold_index)), gold_index] + 1e-12)))

    result = optimize.minimize_scalar(loss, bounds=(-4.0, 3.0), method="bounded")
    return round(float(np.exp(result.x)), 6)


def _out_of_fold_temperature(candidate: Candidate, matrix: sparse.csr_matrix, labels: np.ndarray) -> float:
    classes = np.unique(labels)
    scores = np.zeros((len(labels), len(classes)))
    for fit_rows, held_rows in StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(matrix, labels):
        model = _fit(candidate, matrix[fit_rows], labels[fit_rows])
        decision = model.decision_function(matrix[held_rows])
        scores[held_rows] = decision if decision.ndim == 2 else np.column_stack([-decision / 2, decision / 2])
    return fit_temperature(scores, np.searchsorted(classes, labels))


def _select(
    spec: SignalSpec, features: Features, train: Corpus, dev: Corpus, say: Progress
) -> tuple[Candidate, LinearClassifier, list[dict[str, Any]]]:
    tried: list[dict[str, Any]] = []
    best: tuple[float, Candidate, LinearClassifier] | None = None
    for candidate in spec.candidates:
        started = time.monotonic()
        model = _fit(candidate, features.train, train.labels)
        score = classification_report(dev.labels, list(model.predict(features.dev)), model.classes_, detail=False)
        tried.append({"model": str(candidate), "dev_macro_f1": score["macro_f1"], "dev_accuracy": score["accuracy"]})
        say(f"  {candidate}: dev macro-F1 {score['macro_f1']:.4f}, accuracy {score['accuracy']:.4f} "
            f"({time.monotonic() - started:.0f}s)")
        if best is None or score["macro_f1"] > best[0]:
            best = (score["macro_f1"], candidate, model)
    assert best is not None
    return best[1], best[2], tried


def roc_auc(model: LinearTextModel, gold: Sequence[str], probabilities: np.ndarray) -> float | None:
    """ROC AUC of a two-label model's second label (``unreliable`` for misinfo); None otherwise."""
    if len(model.labels) != 2 or len(set(gold)) != 2:
        return None
    positive = [label == model.labels[1] for label in gold]
    return round(float(roc_auc_score(positive, probabilities[:, 1])), 4)


def _report(model: LinearTextModel, gold: Sequence[str], probabilities: np.ndarray) -> dict[str, Any]:
    predicted = [model.labels[i] for i in probabilities.argmax(axis=1)] if len(gold) else []
    report = classification_report(gold, predicted, model.labels)
    auc = roc_auc(model, gold, probabilities)
    return report if auc is None else {**report, "roc_auc": auc}


def dev_scores(model: LinearTextModel, dev: Corpus) -> dict[str, Any]:
    """Dev report of a model, combined and per source dataset (with ROC AUC for two labels)."""
    probabilities = model.predict_proba(model.prepare(dev.texts))
    predicted = [model.labels[i] for i in probabilities.argmax(axis=1)]
    scores: dict[str, Any] = {"combined": _report(model, dev.labels, probabilities)}
    # The same dev rows typed without diacritics: how robust the model is to such comments.
    plain = model.predict_proba(model.prepare([strip_diacritics(text) for text in dev.texts]))
    summary = ("n", "accuracy", "macro_f1", "weighted_f1", "roc_auc")
    scores["unaccented"] = {k: v for k, v in _report(model, dev.labels, plain).items() if k in summary}
    datasets = sorted(set(dev.datasets))
    if len(datasets) > 1:
        for dataset in datasets:
            rows = [i for i, name in enumerate(dev.datasets) if name == dataset]
            gold, guess = [dev.labels[i] for i in rows], [predicted[i] for i in rows]
            scores[dataset] = classification_report(gold, guess, model.labels, detail=False)
    return scores


def train_signal(signal: str, data_dir: Path, out_dir: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Train ``signal`` on ``data_dir`` (the shared datasets folder), write the artifact to ``out_dir``.

    Returns the dev metrics of the written artifact: accuracy, macro_f1, weighted_f1,
    per_class and confusion on all dev rows, ``by_dataset`` scores, and what was tried.
    """
    say: Progress = progress or (lambda message: None)
    spec = _spec(signal)
    started = time.monotonic()
    train, dev, test = _corpora(signal, data_dir, spec, say)
    say(f"{signal}: {len(train)} train / {len(dev)} dev rows after dedup (dropped: {train.dropped}, {dev.dropped})")
    if spec.unaccented_copies:
        train = with_unaccented_copies(train)
    features = vectorize(spec, _prepare(train, spec), _prepare(dev, spec))
    say(f"{signal}: {len(features.vocabulary)} features")
    candidate, fitted, tried = _select(spec, features, train, dev, say)
    temperature = 1.0
    if candidate.kind == "svc":
        temperature = _out_of_fold_temperature(candidate, features.train, np.asarray(train.labels))
    say(f"{signal}: chose {candidate}, temperature {temperature}")
    model = _to_model(spec, signal, features, fitted, temperature)
    model.weights = model.weights.astype(np.float16).astype(np.float32)  # score exactly what ships
    scores = dev_scores(model, dev)
    model.meta = _meta(spec, candidate, tried, train, dev, scores, time.monotonic() - started)
    if test is not None:  # the blind part: scored once, after the choice
        model.meta["test"] = blind_scores(model, test, train)
    path = model.save(out_dir)
    clear_models()  # a process that trained into a folder must serve the new model from it
    say(f"{signal}: wrote {path} (dev macro-F1 {scores['combined']['macro_f1']:.4f})")
    by_dataset = {name: report for name, report in scores.items() if name not in ("combined", "unaccented")}
    return {"signal": signal, "version": spec.version, "artifact": str(path), "model": str(candidate),
            "temperature": temperature, **scores["combined"], "by_dataset": by_dataset,
            "unaccented": scores["unaccented"], "candidates": tried,
            **({"test": model.meta["test"]} if test is not None else {})}


def _corpora(signal: str, data_dir: Path, spec: SignalSpec, say: Progress) -> tuple[Corpus, Corpus, Corpus | None]:
    """(train, dev, blind test or None) of a signal, from the shared datasets folder."""
    if signal == "tone":
        say(f"tone: news items of {data_dir / 'corpus'} with the annotation passes' agreed labels")
        return tone_corpora(data_dir / "corpus")
    if signal == "register":
        say(f"register: news items and social texts of {data_dir}")
        train, dev = register_corpora(data_dir)
        return train, dev, None
    say(f"{signal}: reading {', '.join(name for name, _ in SOURCES[signal])} from {data_dir}")
    train, dev = load_corpora(signal, data_dir, spec.features.max_chars)
    return train, dev, None


def blind_scores(model: LinearTextModel, test: Corpus, train: Corpus) -> dict[str, Any]:
    """The model's scores on the blind part beside two plain baselines fitted on the same train
    part in the same run: the majority label, and TF-IDF + logistic regression."""
    probabilities = model.predict_proba(model.prepare(test.texts))
    majority = max(set(train.labels), key=train.labels.count)
    plain = make_pipeline(TfidfVectorizer(sublinear_tf=True), LogisticRegression(max_iter=1000)).fit(train.texts, train.labels)
    return {
        "model": _report(model, test.labels, probabilities),
        "baseline_majority": classification_report(test.labels, [majority] * len(test), model.labels, detail=False),
        "baseline_tfidf_lr": classification_report(test.labels, list(plain.predict(test.texts)), model.labels, detail=False),
    }


def with_unaccented_copies(corpus: Corpus) -> Corpus:
    """``corpus`` plus a copy of each text with its diacritics removed (same label)."""
    doubled = Corpus(dropped=dict(corpus.dropped))
    for text, label, dataset in zip(corpus.texts, corpus.labels, corpus.datasets):
        doubled.add(text, label, dataset)
        plain = strip_diacritics(text)
        if plain != text:
            doubled.add(plain, label, dataset)
    return doubled


def _prepare(corpus: Corpus, spec: SignalSpec) -> list[str]:
    return [classifier_text(text, spec.features.max_chars) for text in corpus.texts]


def _to_model(
    spec: SignalSpec, signal: str, features: Features, fitted: LinearClassifier, temperature: float
) -> LinearTextModel:
    return from_sklearn(
        signal=signal,
        version=spec.version,
        vocabulary=features.vocabulary,
        idf=features.idf,
        classes=list(fitted.classes_),
        coef=fitted.coef_,
        intercept=fitted.intercept_,
        features=spec.features,
        temperature=temperature,
    )


def _meta(
    spec: SignalSpec,
    candidate: Candidate,
    tried: list[dict[str, Any]],
    train: Corpus,
    dev: Corpus,
    scores: dict[str, Any],
    seconds: float,
) -> dict[str, Any]:
    return {
        "model": {**asdict(candidate), "description": str(candidate)},
        "calibration": "temperature-scaled softmax; T fitted on 3-fold out-of-fold train scores"
        if candidate.kind == "svc" else "softmax of multinomial logistic regression (T = 1)",
        "vectorizer": {"min_df": spec.min_df, "max_features": spec.max_features, "sublinear_tf": True},
        "unaccented_copies": spec.unaccented_copies,
        "data": {name: {"train": train.datasets.count(name), "dev": dev.datasets.count(name)}
                 for name in sorted(set(train.datasets))},
        "dropped": {"train": train.dropped, "dev": dev.dropped},
        "candidates": tried,
        "dev": scores,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "train_seconds": round(seconds, 1),
        "sklearn_version": sklearn.__version__,
    }


def _gold_label(signal: str, raw: object, path: Path) -> str:
    for _, label_map in SOURCES[signal]:
        if raw in label_map:
            return label_map[str(raw)]
        if raw in label_map.values():
            return str(raw)
    raise InputError(f"{path}: label {raw!r} is not a {signal} label")


def evaluate(signal: str, jsonl_path: Path, model_dir: Path | None = None) -> dict[str, Any]:
    """Score the ``signal`` model on a labelled ``.jsonl``/``.jsonl.xz`` file (fields text, label)."""
    _spec(signal)
    model = get_model(signal, model_dir)
    texts: list[str] = []
    gold: list[str] = []
    for row in read_jsonl(jsonl_path):
        gold.append(_gold_label(signal, row.get("label"), jsonl_path))
        texts.append(normalize(row["text"][: model.features.max_chars + 500]))
    probabilities = model.predict_proba(model.prepare(texts))
    return {"signal": signal, "model": model.version, "file": str(jsonl_path), **_report(model, gold, probabilities)}
