"""Builders of valid test objects, shared by every area's tests (and handy in a REPL).

>>> item = build_item(title="Mưa lớn ở Huế", sentiment="negative", provinces=["Thừa Thiên Huế"])
>>> item.nlp.sentiment.label, item.nlp.provinces
('negative', ['Thừa Thiên Huế'])
"""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from langnghe.item import Item, NlpResult, Prediction, make_item_id

DEFAULT_PUBLISHED = datetime(2024, 5, 1, 3, 0, tzinfo=timezone.utc)  # 10:00 in Hà Nội
# An author key strong enough for langnghe.pseudonym (32 random bytes as hex); for tests only.
TEST_AUTHOR_KEY = "6d1f0c9a4b7e28d35a90c1f7e46b2d8813c5f09a7e24b6d18f3a5c7e90b2d4f6"
_NLP_SHORTCUTS = (
    "tokens", "section", "sentiment", "emotion", "toxicity", "provinces", "keywords", "near_dup_key", "concerns"
)
_serial = itertools.count(1)

# The ``db_target`` fixture (tests/conftest.py): where a typed store named by the argument opens,
# an SQLite file or a fresh PostgreSQL database.
DbTarget = Callable[[str], "str | Path"]


def prediction(label: str, score: float = 0.9) -> Prediction:
    """A classifier answer with ``label`` as the top score."""
    return Prediction(label=label, score=score, scores={label: score})


def build_nlp(**fields: Any) -> NlpResult:
    """An :class:`NlpResult`; ``section``/``sentiment``/``emotion``/``toxicity`` may be given as plain labels.

    >>> build_nlp(tokens=["ô_nhiễm", "không_khí"], section="xa-hoi").section.label
    'xa-hoi'
    """
    for name in ("section", "sentiment", "emotion", "toxicity"):
        if isinstance(fields.get(name), str):
            fields[name] = prediction(fields[name])
    return NlpResult(**fields)


def build_item(**overrides: Any) -> Item:
    """A valid :class:`Item`; any Item field may be overridden.

    Without ``id`` one is made from ``canonical_url`` (or ``url``) when given, else from a
    fresh serial number, so two calls give two items. ``published_at`` defaults to
    :data:`DEFAULT_PUBLISHED` and ``fetched_at`` to ten minutes after it. NLP shortcuts
    (``tokens``, ``section``, ``sentiment``, ``emotion``, ``toxicity``, ``provinces``, ``keywords``,
    ``near_dup_key``, ``concerns``) build ``item.nlp`` (on top of an ``nlp=`` given too); without them
    and without ``nlp=`` the item is not enriched (``nlp is None``).
    """
    nlp_fields = {name: overrides.pop(name) for name in _NLP_SHORTCUTS if name in overrides}
    base_nlp = overrides.pop("nlp", None)
    if nlp_fields:
        merged = base_nlp.model_dump() if isinstance(base_nlp, NlpResult) else dict(base_nlp or {})
        base_nlp = build_nlp(**{**merged, **nlp_fields})
    platform = overrides.get("platform", "news")
    published = overrides.get("published_at", DEFAULT_PUBLISHED)
    fields: dict[str, Any] = {
        "source": "nguon-thu",
        "platform": platform,
        "title": "Người dân phản ánh tình trạng ngập nước",
        "text": "Sau cơn mưa chiều qua, nhiều tuyến phố bị ngập sâu khiến việc đi lại gặp khó khăn.",
        "published_at": published,
        "fetched_at": (published or DEFAULT_PUBLISHED) + timedelta(minutes=10),
        "nlp": base_nlp,
        **overrides,
    }
    if "id" not in fields:
        url = fields.get("canonical_url") or fields.get("url")
        fields["id"] = (
            make_item_id(platform, canonical_url=url) if url else make_item_id(platform, native_id=f"t{next(_serial)}")
        )
    return Item(**fields)


@contextmanager
def read_only_files(paths: Iterable[Path]) -> Iterator[list[Path]]:
    """Make files truly read-only for the block, as a full or read-only disk makes them: mode
    0444 and, when running as root (which ignores the mode), the immutable attribute too.
    Skips the calling test where neither can take effect (root without ``chattr`` rights)."""
    import pytest  # only tests call this

    chosen = [path for path in paths if path.is_file()]
    modes = {path: path.stat().st_mode for path in chosen}
    immutable: list[Path] = []
    try:
        for path in chosen:
            path.chmod(0o444)
            if os.geteuid() == 0:
                done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
                if done.returncode != 0:
                    pytest.skip(f"cannot make {path} read-only as root: chattr: {done.stderr.strip()}")
                immutable.append(path)
        yield chosen
    finally:
        for path in immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        for path, mode in modes.items():
            path.chmod(mode)
