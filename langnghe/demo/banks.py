"""Load the hand-written content banks (``langnghe/demo/banks/*.yaml``).

A story is one kind of article (a traffic jam, an export record...) written once
with slots and inline alternatives (see :mod:`langnghe.demo.fill`); the generator
draws many different items from it. Banks load on first use, never at import.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from langnghe.demo.model import SECTIONS, Sentiment

_SENTIMENTS = ("positive", "neutral", "negative")


class BankError(ValueError):
    """A bank file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Story:
    key: str
    section: str
    sentiment: Sentiment
    titles: tuple[str, ...]
    sapos: tuple[str, ...]
    paras: tuple[tuple[str, ...], ...]
    regions: tuple[str, ...] = ()
    min_paras: int = 4
    title_sentiments: tuple[Sentiment | None, ...] = ()
    linked_sentiments: tuple[Sentiment, ...] = ()

    def tone(self, title_index: int, linked: int) -> Sentiment:
        """The intended news tone of an article drawn with this title and linked position.

        A title's own ``sentiment`` wins; then the story's ``linked_sentiments`` (the tone
        that goes with the position every ``[=a|b]`` group took: "giảm" and "tăng" of a price
        are good and bad news); then the story's ``sentiment``.
        """
        if title_index < len(self.title_sentiments) and self.title_sentiments[title_index]:
            return self.title_sentiments[title_index]  # type: ignore[return-value]
        if self.linked_sentiments:
            return self.linked_sentiments[linked % len(self.linked_sentiments)]
        return self.sentiment


@dataclass(frozen=True)
class ForumThread:
    key: str
    node: str
    section: str
    sentiment: Sentiment
    titles: tuple[str, ...]
    body: tuple[tuple[str, ...], ...]
    replies: tuple[str, ...]


def load_yaml(name: str) -> dict[str, Any]:
    text = resources.files("langnghe.demo").joinpath("banks", name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise BankError(f"banks/{name}: expected a mapping at the top level")
    return data


@functools.lru_cache(maxsize=None)
def news_stories() -> dict[str, tuple[Story, ...]]:
    """Section slug -> its stories, from ``banks/news_<section>.yaml``."""
    return {s: parse_stories(load_yaml(f"news_{s.replace('-', '_')}.yaml"), f"news_{s}", s) for s in SECTIONS}


def parse_stories(data: dict[str, Any], where: str, section: str) -> tuple[Story, ...]:
    stories = []
    for index, raw in enumerate(data.get("stories") or []):
        try:
            stories.append(_story(raw, section))
        except (KeyError, TypeError, ValueError) as exc:
            raise BankError(f"banks/{where}: stories[{index}]: {exc}") from None
    if not stories:
        raise BankError(f"banks/{where}: no stories")
    return tuple(stories)


def _story(raw: dict[str, Any], section: str) -> Story:
    sentiment = _sentiment(raw["sentiment"])
    paras = tuple(_alternatives(p) for p in raw["paras"])
    titles = raw["titles"]
    if not isinstance(titles, list) or not titles:
        raise ValueError("titles: expected a non-empty list")
    return Story(
        key=str(raw["key"]),
        section=str(raw.get("section", section)),
        sentiment=sentiment,
        titles=_texts([_title_text(t) for t in titles], "titles"),
        title_sentiments=tuple(_sentiment(t["sentiment"]) if isinstance(t, dict) else None for t in titles),
        linked_sentiments=tuple(_sentiment(s) for s in raw.get("linked_sentiments") or ()),
        sapos=_texts(raw["sapos"], "sapos"),
        paras=paras,
        regions=tuple(raw.get("regions") or ()),
        min_paras=min(int(raw.get("min_paras", 4)), len(paras)),
    )


def _sentiment(value: Any) -> Sentiment:
    if value not in _SENTIMENTS:
        raise ValueError(f"sentiment must be one of {_SENTIMENTS}, got {value!r}")
    return value  # type: ignore[no-any-return]


def _title_text(value: Any) -> Any:
    """A title is a template, or ``{text: template, sentiment: tone}`` when its tone differs."""
    if isinstance(value, dict):
        if set(value) != {"text", "sentiment"}:
            raise ValueError(f"titles: a title mapping has 'text' and 'sentiment', got {sorted(value)}")
        return value["text"]
    return value


def _texts(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key}: expected a non-empty list of strings")
    return tuple(value)


def _alternatives(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else _texts(value, "paras")


@functools.lru_cache(maxsize=None)
def forum_bank() -> dict[str, Any]:
    data = load_yaml("forum.yaml")
    threads = []
    for index, raw in enumerate(data["threads"]):
        try:
            threads.append(
                ForumThread(
                    key=raw["key"], node=raw["node"], section=raw["section"], sentiment=raw["sentiment"],
                    titles=_texts(raw["titles"], "titles"),
                    body=tuple(_alternatives(p) for p in raw["body"]),
                    replies=_texts(raw.get("replies") or ["👍"], "replies"),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BankError(f"banks/forum.yaml: threads[{index}]: {exc}") from None
    return {**data, "threads": tuple(threads)}


@functools.lru_cache(maxsize=None)
def planted_bank(name: str) -> dict[str, Any]:
    return load_yaml(f"{name}.yaml")
