"""The NLP stage: verb functions over Vietnamese text (docs: README.md, "The Item").

Each document is annotated once: :func:`annotate_texts` normalises each text once,
segments it once and hands the same tokens to keywords, and classifies the whole
batch with one sparse-matrix product per model. The string-in helpers
(:func:`normalize`, :func:`segment`, :func:`find_provinces`) are for one-off use.

Limits, for speed: classifiers read the first 4,000 characters of the normalised
text (``features.CLASSIFY_MAX_CHARS``), segmentation, tokens and keywords the first
3,000 (``segment.SEGMENT_MAX_CHARS``); provinces and the near-duplicate key use the
whole text. Models load lazily from ``model_dir`` (default: the shipped
``langnghe/nlp/models``); nothing heavy happens at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from langnghe.item import Item, MisinfoSignal, NlpResult, Prediction
from langnghe.nlp.duplicates import near_dup_key
from langnghe.nlp.gazetteer import find_provinces
from langnghe.nlp.keywords import extract_keywords
from langnghe.nlp.misinfo import misinfo_cues
from langnghe.nlp.normalize import normalize
from langnghe.nlp.registry import get_model
from langnghe.nlp.segment import is_word, segment_words

__all__ = [
    "SIGNALS",
    "annotate_texts",
    "enrich_items",
    "extract_keywords",
    "find_provinces",
    "misinfo_cues",
    "near_dup_key",
    "normalize",
    "segment",
]

SIGNALS: tuple[str, ...] = ("section", "sentiment", "emotion", "toxicity", "misinfo")


def segment(text: str) -> list[str]:
    """Words of ``text`` (normalised first), syllables joined by ``_``, punctuation dropped.

    >>> segment("Ô nhiễm không khí ở Hà Nội")
    ['Ô_nhiễm', 'không_khí', 'ở', 'Hà_Nội']
    """
    return [token for token in segment_words(normalize(text)) if is_word(token)]


def _classify(
    signal: str, texts: list[str], model_dir: Path | None
) -> tuple[list[Prediction], str]:
    model = get_model(signal, model_dir)
    probabilities = model.predict_proba(model.prepare(texts))
    return [model.to_prediction(row) for row in probabilities], model.version


def _has_content(text: str) -> bool:
    return any(char.isalnum() for char in text)


def annotate_texts(texts: Sequence[str], *, model_dir: Path | None = None) -> list[NlpResult]:
    """Annotate a batch: tokens, every classifier in :data:`SIGNALS`, provinces, keywords, near-duplicate key.

    ``misinfo`` is filled as a :class:`~langnghe.item.MisinfoSignal`: the model's
    probability that the text is unreliable, with the surface cues that fired.

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
    if present:
        for signal in SIGNALS:
            found, versions[signal] = _classify(signal, [normalized[i] for i in present], model_dir)
            predictions[signal] = dict(zip(present, found))
    return [
        _result(text, predictions, versions, index) if index in has_content else NlpResult()
        for index, text in enumerate(normalized)
    ]


def _result(
    text: str, predictions: dict[str, dict[int, Prediction]], versions: dict[str, str], index: int
) -> NlpResult:
    words = segment_words(text)
    return NlpResult(
        tokens=[token for token in words if is_word(token)],
        section=predictions["section"][index],
        sentiment=predictions["sentiment"][index],
        emotion=predictions["emotion"][index],
        toxicity=predictions["toxicity"][index],
        misinfo=_misinfo(text, predictions["misinfo"][index]),
        provinces=find_provinces(text, normalized=True),
        keywords=extract_keywords(words),
        near_dup_key=near_dup_key(text, normalized=True),
        models=dict(versions),
    )


def _misinfo(text: str, prediction: Prediction) -> MisinfoSignal:
    return MisinfoSignal(score=prediction.scores.get("unreliable", 0.0), cues=misinfo_cues(text))


def enrich_items(items: list[Item], *, model_dir: Path | None = None) -> list[Item]:
    """Copies of ``items`` with ``nlp`` filled from ``title + "\\n" + text``.

    >>> from langnghe.item import utcnow
    >>> item = Item(id="a1b2c3d4e5", source="demo", platform="news", fetched_at=utcnow(),
    ...             title="Bệnh viện Bạch Mai tiếp nhận nhiều ca sốt xuất huyết",
    ...             text="Các bác sĩ khuyến cáo người dân diệt muỗi, phòng bệnh.")
    >>> enrich_items([item])[0].nlp.section.label
    'health'
    """
    texts = [f"{item.title}\n{item.text}" if item.title else item.text for item in items]
    results = annotate_texts(texts, model_dir=model_dir)
    return [item.model_copy(update={"nlp": result}, deep=True) for item, result in zip(items, results)]
