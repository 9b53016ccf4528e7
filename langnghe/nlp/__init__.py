"""The NLP stage: verb functions over Vietnamese text (docs: README.md, "The Item").

Each document is annotated once: :func:`annotate_texts` normalises each text once,
segments it once (the fast lexicon segmenter, :mod:`langnghe.nlp.segment`) and hands
the same words to keywords and entities; the classifiers read one shared feature
pass and are scored together (:mod:`langnghe.nlp.stack`). The string-in helpers
(:func:`normalize`, :func:`segment`, :func:`find_provinces`) are for one-off use.

Limits, for speed: classifiers read the first 4,000 characters of the normalised
text (``features.CLASSIFY_MAX_CHARS``; toxicity 1,000) with social forms expanded
(:mod:`langnghe.nlp.social`), segmentation, tokens, keywords and entities the first
3,000 (``segment.SEGMENT_MAX_CHARS``); provinces and the near-duplicate key use the
whole text. Models load lazily from ``model_dir`` (default: the shipped
``langnghe/nlp/models``); nothing heavy happens at import. Concerns and watch topics
are matched by the pipeline (``langnghe.index.watch``) from the tokens found here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from langnghe.errors import ModelMissingError
from langnghe.item import Item, Kind, MisinfoSignal, NlpResult, Prediction, SentimentBasis
from langnghe.nlp.duplicates import near_dup_key
from langnghe.nlp.entities import EntityMethod, find_entities, find_entities_crf
from langnghe.nlp.gazetteer import find_provinces
from langnghe.nlp.keywords import extract_keywords
from langnghe.nlp.misinfo import misinfo_cues
from langnghe.nlp.normalize import normalize
from langnghe.nlp.pool import AnnotatePool
from langnghe.nlp.features import SharedFeatures
from langnghe.nlp.linear import LinearTextModel
from langnghe.nlp.registry import get_model
from langnghe.nlp.segment import is_word, segment_words
from langnghe.nlp.social import lacks_diacritics, normalize_social
from langnghe.nlp.stack import stacks_for

__all__ = [
    "SIGNALS",
    "annotate_texts",
    "enrich_items",
    "extract_keywords",
    "find_entities",
    "find_provinces",
    "misinfo_cues",
    "near_dup_key",
    "normalize",
    "normalize_social",
    "segment",
]

SIGNALS: tuple[str, ...] = ("section", "sentiment", "emotion", "toxicity", "misinfo")


def segment(text: str) -> list[str]:
    """Words of ``text`` (normalised first), syllables joined by ``_``, punctuation dropped.

    >>> segment("Ô nhiễm không khí ở Hà Nội")
    ['Ô_nhiễm', 'không_khí', 'ở', 'Hà_Nội']
    """
    return [token for token in segment_words(normalize(text)) if is_word(token)]


def _classify_all(texts: list[str], model_dir: Path | None, family: str) -> dict[str, tuple[list[Prediction], str]]:
    """Every signal's predictions for ``texts`` (normalised), with the model version."""
    models = [get_model(signal, model_dir, family) for signal in SIGNALS]
    linear = [model for model in models if isinstance(model, LinearTextModel)]
    probabilities: dict[str, np.ndarray] = {}
    if linear:
        shared = SharedFeatures(texts)
        for stack in stacks_for(linear):
            probabilities.update(stack.predict(shared))
    for model in models:
        if model.signal not in probabilities:
            probabilities[model.signal] = model.predict_proba(model.prepare(texts))
    return {
        model.signal: ([model.to_prediction(row) for row in probabilities[model.signal]], model.version)
        for model in models
    }


def _linear(signal: str, model_dir: Path | None) -> LinearTextModel:
    """The linear ``tone`` or ``register`` model of ``model_dir``, else the shipped one: both
    are linear only, and a folder of other models (a transformer family's) need not hold them."""
    try:
        return get_model(signal, model_dir)
    except ModelMissingError:
        if model_dir is None:
            raise
        return get_model(signal)


def _bases(texts: list[str], kinds: Sequence[Kind | None], model_dir: Path | None) -> list[SentimentBasis]:
    """Whose sentiment each text carries: an article's is its news tone, a post's or comment's
    its writer's attitude; a text of unknown kind is judged by the register model."""
    unknown = [i for i, kind in enumerate(kinds) if kind is None]
    guessed: dict[int, str] = {}
    if unknown:
        model = _linear("register", model_dir)
        found = model.predict_proba(model.prepare([texts[i] for i in unknown]))
        guessed = {i: model.labels[int(row.argmax())] for i, row in zip(unknown, found)}
    return ["tone" if (kinds[i] or guessed.get(i)) == "article" else "attitude" for i in range(len(texts))]


def _tones(texts: list[str], model_dir: Path | None) -> tuple[list[Prediction], str]:
    """News tone of ``texts`` (normalised articles: headline first), with the model version."""
    model = _linear("tone", model_dir)
    found = model.predict_proba(model.prepare(texts))
    return [model.to_prediction(row) for row in found], model.version


def _has_content(text: str) -> bool:
    return any(char.isalnum() for char in text)


def annotate_texts(
    texts: Sequence[str],
    *,
    model_dir: Path | None = None,
    family: str = "linear",
    entities: EntityMethod = "fast",
    kinds: Sequence[Kind | None] | None = None,
) -> list[NlpResult]:
    """Annotate a batch: tokens, every classifier in :data:`SIGNALS`, provinces, keywords,
    entities, near-duplicate key and whether the text lacks diacritics.

    ``misinfo`` is filled as a :class:`~langnghe.item.MisinfoSignal`: the model's
    probability that the text is unreliable, with the surface cues that fired.
    ``entities="crf"`` finds entities with underthesea's NER instead of the fast rules
    (see :mod:`langnghe.nlp.entities`; about 5 texts/s).

    ``sentiment`` is the news tone for an article and the writer's attitude for a post or a
    comment (``sentiment_basis`` says which): ``kinds`` gives each text's kind (``article``,
    ``post``, ``comment``); a text without one (``None``, or no ``kinds``) is judged by the
    register model. An article's text starts with its headline.

    A text without letters or digits gets an empty result (no predictions). A missing
    model raises :class:`~langnghe.errors.ModelMissingError`.

    >>> result = annotate_texts(["Đội tuyển Việt Nam thắng 3-0, cổ động viên ở Hà Nội vui mừng."])[0]
    >>> result.section.label, result.provinces
    ('sports', ['Hà Nội'])
    """
    normalized = [normalize(text) for text in texts]
    present = [index for index, text in enumerate(normalized) if _has_content(text)]
    has_content = set(present)
    predictions: dict[str, dict[int, Prediction]] = {}
    versions: dict[str, str] = {}
    bases: dict[int, SentimentBasis] = {}
    if present:
        chosen = [normalized[i] for i in present]
        classified = _classify_all(chosen, model_dir, family)
        for signal, (found, versions[signal]) in classified.items():
            predictions[signal] = dict(zip(present, found))
        given = [kinds[i] for i in present] if kinds is not None else [None] * len(present)
        bases = dict(zip(present, _bases(chosen, given, model_dir)))
        articles = [i for i in present if bases[i] == "tone"]
        if articles:
            tones, versions["tone"] = _tones([normalized[i] for i in articles], model_dir)
            predictions["sentiment"].update(zip(articles, tones))
    return [
        _result(text, predictions, versions, index, entities, bases[index]) if index in has_content else NlpResult()
        for index, text in enumerate(normalized)
    ]


def _result(
    text: str,
    predictions: dict[str, dict[int, Prediction]],
    versions: dict[str, str],
    index: int,
    entity_method: EntityMethod,
    basis: SentimentBasis,
) -> NlpResult:
    words = segment_words(text)
    return NlpResult(
        tokens=[token for token in words if is_word(token)],
        section=predictions["section"][index],
        sentiment=predictions["sentiment"][index],
        sentiment_basis=basis,
        emotion=predictions["emotion"][index],
        toxicity=predictions["toxicity"][index],
        misinfo=_misinfo(text, predictions["misinfo"][index]),
        provinces=find_provinces(text, normalized=True),
        keywords=extract_keywords(words),
        entities=find_entities(words) if entity_method == "fast" else find_entities_crf(text),
        no_diacritics=lacks_diacritics(text),
        near_dup_key=near_dup_key(text, normalized=True),
        models={signal: version for signal, version in versions.items() if signal != "tone" or basis == "tone"},
    )


def _misinfo(text: str, prediction: Prediction) -> MisinfoSignal:
    return MisinfoSignal(score=prediction.scores.get("unreliable", 0.0), cues=misinfo_cues(text))


def enrich_items(items: list[Item], *, model_dir: Path | None = None, pool: AnnotatePool | None = None) -> list[Item]:
    """Copies of ``items`` with ``nlp`` filled from ``title + "\\n" + text``; with ``pool``,
    annotated in its worker processes (the same results, see :mod:`langnghe.nlp.pool`).

    >>> from langnghe.item import utcnow
    >>> item = Item(id="a1b2c3d4e5", source="demo", platform="news", fetched_at=utcnow(),
    ...             title="Bệnh viện Bạch Mai tiếp nhận nhiều ca sốt xuất huyết",
    ...             text="Các bác sĩ khuyến cáo người dân diệt muỗi, phòng bệnh.")
    >>> enrich_items([item])[0].nlp.section.label
    'health'
    """
    texts = [f"{item.title}\n{item.text}" if item.title else item.text for item in items]
    kinds: list[Kind | None] = [item.kind for item in items]
    results = pool.annotate(texts, kinds) if pool is not None else annotate_texts(texts, model_dir=model_dir, kinds=kinds)
    # Shallow copies: the items' own fields are not changed, and each result is new.
    return [item.model_copy(update={"nlp": _keep_crawl_key(item, result)}) for item, result in zip(items, results)]


def _keep_crawl_key(item: Item, result: NlpResult) -> NlpResult:
    """The crawler's syndication key (MinHash over outlets, langnghe.crawlers.syndication) beats the exact-text one."""
    key = item.nlp.near_dup_key if item.nlp is not None else None
    return result.model_copy(update={"near_dup_key": key}) if key else result
