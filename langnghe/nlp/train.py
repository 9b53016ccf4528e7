"""Train and evaluate the linear classifiers (``section``, ``sentiment``, ``emotion``, ``toxicity``, ``misinfo``).

``train_signal`` reads the shared datasets (the caller passes the folder, normally
``../shared/datasets``), builds TF-IDF syllable n-gram features, fits a few
candidate models, keeps the one with the best dev macro-F1 among those not below the plain
baseline on any dev set (:mod:`langnghe.nlp.candidates`, :mod:`langnghe.nlp.baseline`),
calibrates it and writes
``<signal>-v<N>.npz`` + ``.json`` (see :mod:`langnghe.nlp.linear`). Dev scores are
computed with the numpy inference path on the float16 weights that ship, so they are
the scores of the artifact, not of the scikit-learn object.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from langnghe.errors import InputError
from langnghe.nlp.baseline import DESCRIPTION as BASELINE
from langnghe.nlp.baseline import Baseline, dev_report, fit_baseline, report_sets, score_probabilities, summary
from langnghe.nlp.candidates import Candidate, DevMatrices, LinearClassifier, Progress, out_of_fold_temperature, select
from langnghe.nlp.corpora import SOURCES, Corpus, load_corpora, load_cross_sources, read_jsonl
from langnghe.nlp.evaluation import classification_report
from langnghe.nlp.features import FeatureConfig, classifier_text, make_analyzer
from langnghe.nlp.linear import LinearTextModel, from_sklearn
from langnghe.nlp.normalize import normalize
from langnghe.nlp.registry import DEFAULT_MODEL_DIR, clear_models, find_artifact, get_model
from langnghe.nlp.social import strip_diacritics
from langnghe.nlp.tone_data import TONE_MAX_CHARS, register_corpora, tone_corpora



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
        version="sentiment-v3",
        unaccented_copies=True,
        features=FeatureConfig(ngram_max=2),
        min_df=2,
        max_features=None,
        # Balanced weights cost accuracy on AIVIVN (two labels, no neutral) against the plain
        # baseline; square-root weights keep neutral's recall and that accuracy.
        candidates=(
            Candidate("svc", 0.3, "balanced"),
            Candidate("svc", 0.3, "sqrt"),
            Candidate("lr", 10.0, "balanced"),
            Candidate("lr", 10.0, "sqrt"),
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
        version="toxicity-v3",
        unaccented_copies=True,
        # Comment-length input: character n-grams over whole articles would cost 4x for no gain.
        features=FeatureConfig(ngram_max=2, char_min=1, char_max=5, symbols=1, max_chars=1000),
        min_df=2,
        max_features=150_000,
        # Balanced weights lose accuracy on VLSP 2019 HSD (91% clean) against the plain baseline.
        candidates=(Candidate("svc", 0.1, "balanced"), Candidate("svc", 0.1, "sqrt"), Candidate("svc", 0.3, "sqrt")),
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
    counter: CountVectorizer
    weighting: TfidfTransformer

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF rows of more texts over the fitted vocabulary."""
        return sparse.csr_matrix(self.weighting.transform(self.counter.transform(texts)))


def vectorize(spec: SignalSpec, train: Sequence[str], dev: Sequence[str]) -> Features:
    counter = CountVectorizer(
        analyzer=make_analyzer(spec.features), min_df=spec.min_df, max_features=spec.max_features, dtype=np.float32
    )
    weighting = TfidfTransformer(sublinear_tf=True)
    train_matrix = weighting.fit_transform(counter.fit_transform(train))
    dev_matrix = weighting.transform(counter.transform(dev))
    vocabulary = {term: int(index) for term, index in counter.vocabulary_.items()}
    return Features(vocabulary, weighting.idf_, train_matrix, dev_matrix, counter, weighting)


def _report(model: LinearTextModel, gold: Sequence[str], probabilities: np.ndarray) -> dict[str, Any]:
    return score_probabilities(model.labels, gold, probabilities)


def dev_scores(model: LinearTextModel, dev: Corpus) -> dict[str, Any]:
    """Dev report of a model: all rows (with per-class detail), the same rows typed without
    diacritics, and each source dataset (ROC AUC where two labels)."""
    probabilities = model.predict_proba(model.prepare(dev.texts))
    plain = model.predict_proba(model.prepare([strip_diacritics(text) for text in dev.texts]))
    scores = report_sets(model.labels, dev, probabilities, plain)
    scores["combined"] = _report(model, dev.labels, probabilities)
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
    plain_train = train
    if spec.unaccented_copies:
        train = with_unaccented_copies(train)
    features = vectorize(spec, _prepare(train, spec), _prepare(dev, spec))
    say(f"{signal}: {len(features.vocabulary)} features; fitting the plain baseline on {len(plain_train)} train rows")
    plain = fit_baseline(plain_train, sorted(set(train.labels)))
    baseline: dict[str, Any] = {"model": BASELINE, "train_rows": len(plain_train), "dev": dev_report(plain, dev)}
    dev_matrices = DevMatrices(features.dev, features.transform(_prepare(dev, spec, unaccented=True)), dev)
    candidate, fitted, tried = select(spec.candidates, features.train, train.labels, dev_matrices, baseline["dev"], say)
    temperature = 1.0
    if candidate.kind == "svc":
        temperature = out_of_fold_temperature(candidate, features.train, np.asarray(train.labels))
    say(f"{signal}: chose {candidate}, temperature {temperature}")
    model = _to_model(spec, signal, features, fitted, temperature)
    model.weights = model.weights.astype(np.float16).astype(np.float32)  # score exactly what ships
    scores = dev_scores(model, dev)
    _add_cross_sources(signal, data_dir, spec, model, plain, scores, baseline["dev"])
    model.meta = _meta(spec, candidate, tried, train, dev, scores, time.monotonic() - started)
    model.meta["baseline"] = baseline
    if test is not None:  # the blind part: scored once, after the choice
        model.meta["test"] = blind_scores(model, test, train)
    path = model.save(out_dir)
    clear_models()  # a process that trained into a folder must serve the new model from it
    say(f"{signal}: wrote {path} (dev macro-F1 {scores['combined']['macro_f1']:.4f})")
    by_dataset = {name: report for name, report in scores.items() if name not in ("combined", "unaccented")}
    return {"signal": signal, "version": spec.version, "artifact": str(path), "model": str(candidate),
            "temperature": temperature, **scores["combined"], "by_dataset": by_dataset,
            "unaccented": scores["unaccented"], "candidates": tried, "baseline": model.meta["baseline"],
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


def _prepare(corpus: Corpus, spec: SignalSpec, *, unaccented: bool = False) -> list[str]:
    texts = [strip_diacritics(text) for text in corpus.texts] if unaccented else corpus.texts
    return [classifier_text(text, spec.features.max_chars) for text in texts]


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


def _gold_label(signal: str, raw: object, path: Path, labels: Sequence[str] = ()) -> str:
    """Our label for a file's ``raw`` label: a dataset's name for it, or one of the model's ``labels``."""
    if raw in labels:
        return str(raw)
    for _, label_map in SOURCES.get(signal, []):
        if raw in label_map:
            return label_map[str(raw)]
        if raw in label_map.values():
            return str(raw)
    raise InputError(f"{path}: label {raw!r} is not a {signal} label")


def evaluate(
    signal: str, jsonl_path: Path, model_dir: Path | None = None, *, data_dir: Path | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Score the ``signal`` model on a labelled ``.jsonl``/``.jsonl.xz`` file (fields text, label).

    With ``data_dir`` (the shared datasets folder) the plain baseline is fitted on the
    signal's train split, in this run, and scored on the same rows (``baseline`` part).
    """
    spec = _spec(signal)
    model = get_model(signal, model_dir)
    texts: list[str] = []
    gold: list[str] = []
    for row in read_jsonl(jsonl_path):
        gold.append(_gold_label(signal, row.get("label"), jsonl_path, model.labels))
        texts.append(normalize(row["text"][: model.features.max_chars + 500]))
    probabilities = model.predict_proba(model.prepare(texts))
    report = {"signal": signal, "model": model.version, "file": str(jsonl_path), **_report(model, gold, probabilities)}
    if data_dir is not None:
        say: Progress = progress or (lambda message: None)
        train, _, _ = _corpora(signal, data_dir, spec, say)
        say(f"{signal}: fitting the plain baseline on {len(train)} train rows")
        baseline = fit_baseline(train, model.labels)
        report["baseline"] = {"model": BASELINE, "train_rows": len(train), "train_data": str(data_dir),
                              **baseline.report(texts, gold, detail=True)}
    return report


def record_baseline(signal: str, data_dir: Path, model_dir: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Score an already-trained artifact and the plain baseline (fitted now, on the artifact's train
    split) on the same dev sets, and write both into the artifact's metadata (``dev``, ``baseline``).
    The weights are untouched; for models trained before the baseline was part of ``train``."""
    say: Progress = progress or (lambda message: None)
    spec = _spec(signal)
    path = find_artifact(model_dir, signal)
    model = LinearTextModel.load(path)
    train, dev, _ = _corpora(signal, data_dir, spec, say)
    say(f"{signal}: fitting the plain baseline on {len(train)} train rows")
    baseline = fit_baseline(train, model.labels)
    scores, baseline_scores = dev_scores(model, dev), dev_report(baseline, dev)
    _add_cross_sources(signal, data_dir, spec, model, baseline, scores, baseline_scores)
    model.meta.update(dev=scores, baseline={"model": BASELINE, "train_rows": len(train), "dev": baseline_scores,
                                            "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    # Only the metadata changes: the .npz (weights, vocabulary) is left byte for byte as it was.
    path.with_suffix(".json").write_text(json.dumps(model.meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return model.meta


def _add_cross_sources(
    signal: str, data_dir: Path, spec: SignalSpec, model: LinearTextModel, baseline: Baseline,
    scores: dict[str, Any], baseline_scores: dict[str, Any],
) -> None:
    """Score the model and the baseline on the signal's other sources (``cross:<dataset>``), in place."""
    for name, corpus in load_cross_sources(signal, data_dir, spec.features.max_chars).items():
        probabilities = model.predict_proba(model.prepare(corpus.texts))
        scores[name] = summary(score_probabilities(model.labels, corpus.labels, probabilities, detail=False))
        baseline_scores[name] = summary(baseline.report(corpus.texts, corpus.labels))
