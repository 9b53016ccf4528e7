"""The columns of the CSV and XLSX exports: one list, here, documented in ``docs/export-columns.md``.

That page is generated from :data:`COLUMNS` (``python -m langnghe.exports >
docs/export-columns.md``) and a test keeps the two equal. The JSON Lines export is
not tabular: it writes whole Items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from langnghe.item import Item, NlpResult, Prediction
from langnghe.labels import (
    EMOTION_VI, ITEM_KIND_VI, PLATFORM_VI, SECTION_VI, SENTIMENT_BASIS_VI, SENTIMENT_VI, TOXICITY_VI,
)
from langnghe.pseudonym import PREFIX as PSEUDONYM_PREFIX
from langnghe.reports.names import Names

Cell = str | int | float | bool | datetime | None
LIST_SEPARATOR = "; "
FILTER_BUTTON = 3  # characters an XLSX auto-filter's drop-down button covers in the header cell


@dataclass(frozen=True)
class RowContext:
    """What a row needs beside its item: the display time zone and the config's names
    (sources, concerns, watch topics; an id the config does not name shows as it is)."""

    zone: ZoneInfo
    names: Names = field(default_factory=Names)


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    get: Callable[[Item, RowContext], Cell]
    width: float = 14  # XLSX column width, in characters, before the header's own length is counted

    @property
    def shown_width(self) -> float:
        """The XLSX width: at least the header and its filter button."""
        return max(self.width, len(self.name) + FILTER_BUTTON)


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return moment.astimezone(zone) if moment is not None else None


def _label(prediction: Prediction | None) -> str | None:
    return prediction.label if prediction is not None else None


def _score(prediction: Prediction | None) -> float | None:
    return round(prediction.score, 4) if prediction is not None else None


def _joined(values: list[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _author(item: Item) -> str | None:
    # Raw handles are kept only where an installation asked for it; exports never carry them.
    return item.author if item.author and item.author.startswith(PSEUDONYM_PREFIX) else None


def _nlp(item: Item, get: Callable[..., Cell]) -> Cell:
    return get(item.nlp) if item.nlp is not None else None


def _named(names: Names, field_name: str, slug: str | None) -> str | None:
    """The Vietnamese name of a value of ``field_name``; blank where the item has none."""
    return names.of(field_name, slug) if slug else None


def _named_list(names: Names, field_name: str, slugs: list[str]) -> str:
    return _joined([names.of(field_name, slug) for slug in slugs])


def _basis(item: Item) -> str | None:
    """What the sentiment judges: as stored, else by kind (an article's tone, a post's or comment's
    attitude, as ``SENTIMENT_BASIS_NOTE`` says); blank without a sentiment."""
    nlp = item.nlp
    if nlp is None or nlp.sentiment is None:
        return None
    return nlp.sentiment_basis or ("tone" if item.kind == "article" else "attitude")


def _prediction_name(
    item: Item, names: Names, field_name: str, get: Callable[[NlpResult], Prediction | None]
) -> Cell:
    return _nlp(item, lambda n: _named(names, field_name, _label(get(n))))


def _basis_name(item: Item) -> str | None:
    basis = _basis(item)
    return SENTIMENT_BASIS_VI.get(basis, basis) if basis else None


def _label_of(code: str) -> str:
    return f"Vietnamese name of `{code}` (`langnghe/labels.py`); blank where `{code}` is."


def _slugs(table: dict[str, str]) -> str:
    """The values a column holds, each with the name the reports give it (langnghe.labels).

    >>> _slugs({"clean": "Bình thường", "hate": "Thù ghét"})
    '`clean` (Bình thường) or `hate` (Thù ghét)'
    """
    shown = [f"`{slug}` ({name})" for slug, name in table.items()]
    return ", ".join(shown[:-1]) + " or " + shown[-1]


COLUMNS: tuple[Column, ...] = (
    Column("id", "Stable item id (hash of platform + native id, or of the canonical URL).", lambda i, c: i.id, 34),
    Column("published_at_local", "Publication time in the display time zone (`LANGNGHE_TIMEZONE`); "
           "blank when the source gave none.", lambda i, c: _local(i.published_at, c.zone), 20),
    Column("published_at_utc", "Publication time in UTC.", lambda i, c: i.published_at, 20),
    Column("fetched_at_utc", "When langnghe collected the item, in UTC.", lambda i, c: i.fetched_at, 20),
    Column("source", "Source id from `config/sources.yaml`.", lambda i, c: i.source, 20),
    Column("source_name", "The source's `name` in `config/sources.yaml`; its id when the configuration no longer "
           "names it.", lambda i, c: c.names.of("source", i.source), 28),
    Column("platform", f"{_slugs(PLATFORM_VI)}; another platform a source names shows as it is.",
           lambda i, c: i.platform, 10),
    Column("platform_name", _label_of("platform"), lambda i, c: c.names.of("platform", i.platform), 14),
    Column("kind", f"{_slugs(ITEM_KIND_VI)}.", lambda i, c: i.kind, 9),
    Column("kind_name", _label_of("kind"), lambda i, c: c.names.of("kind", i.kind), 11),
    Column("url", "Canonical URL, else the URL where the item was found.", lambda i, c: i.canonical_url or i.url, 40),
    Column("title", "Title (NFC).", lambda i, c: i.title, 40),
    Column("text", "Full text (NFC); in XLSX cut to Excel's 32,767 characters per cell, ending in `…`.",
           lambda i, c: i.text, 60),
    Column("author", "Author pseudonym (`u_…`, keyed HMAC); blank for raw handles, which are never exported.",
           lambda i, c: _author(i), 20),
    Column("section", f"Section label: {_slugs(SECTION_VI)}.", lambda i, c: _nlp(i, lambda n: _label(n.section)), 16),
    Column("section_name", _label_of("section"),
           lambda i, c: _prediction_name(i, c.names, "section", lambda n: n.section), 20),
    Column("sentiment", f"{_slugs(SENTIMENT_VI)}.", lambda i, c: _nlp(i, lambda n: _label(n.sentiment)), 10),
    Column("sentiment_name", _label_of("sentiment"),
           lambda i, c: _prediction_name(i, c.names, "sentiment", lambda n: n.sentiment), 12),
    Column("sentiment_score", "Calibrated probability of the sentiment label (0-1).",
           lambda i, c: _nlp(i, lambda n: _score(n.sentiment)), 10),
    Column("sentiment_basis", f"What the sentiment judges: {_slugs(SENTIMENT_BASIS_VI)}; as the classifier "
           "stored it, else by kind (articles: tone, posts and comments: attitude); blank without a sentiment.",
           lambda i, c: _basis(i), 12),
    Column("sentiment_basis_name", _label_of("sentiment_basis"), lambda i, c: _basis_name(i), 18),
    Column("emotion", f"Emotion label (UIT-VSMEC's seven): {_slugs(EMOTION_VI)}.",
           lambda i, c: _nlp(i, lambda n: _label(n.emotion)), 10),
    Column("emotion_name", _label_of("emotion"),
           lambda i, c: _prediction_name(i, c.names, "emotion", lambda n: n.emotion), 12),
    Column("toxicity", f"{_slugs(TOXICITY_VI)}.", lambda i, c: _nlp(i, lambda n: _label(n.toxicity)), 10),
    Column("toxicity_name", _label_of("toxicity"),
           lambda i, c: _prediction_name(i, c.names, "toxicity", lambda n: n.toxicity), 16),
    Column("misinfo_score", "Probability that the item is unreliable (0-1).",
           lambda i, c: _nlp(i, lambda n: round(n.misinfo.score, 4) if n.misinfo else None), 10),
    Column("concerns", "Concern ids the text matches, separated by `; `.",
           lambda i, c: _nlp(i, lambda n: _joined(n.concerns)), 24),
    Column("concern_names", "Their names in `config/topics.yaml` (or the shipped concerns), in the same order.",
           lambda i, c: _nlp(i, lambda n: _named_list(c.names, "concern", n.concerns)), 30),
    Column("provinces", "Province names (the 34 units since 1 July 2025, as the reports write them), "
           "separated by `; `.", lambda i, c: _nlp(i, lambda n: _joined(n.provinces)), 24),
    Column("watch_topics", "Watch-list ids (`config/topics.yaml`) that match, separated by `; `.",
           lambda i, c: _joined(i.watch_topics), 20),
    Column("watch_topic_names", "Their names in `config/topics.yaml`, in the same order.",
           lambda i, c: _named_list(c.names, "watch_topic", i.watch_topics), 28),
    Column("story_id", "The story (event) the item belongs to.", lambda i, c: i.story_id, 20),
    Column("false_info", "`true` when flagged as false information, `false` when checked and not, blank when "
           "never checked.", lambda i, c: i.false_info.flagged if i.false_info else None, 9),
    Column("false_info_score", "Score of the false-information flag (0-1).",
           lambda i, c: round(i.false_info.score, 4) if i.false_info else None, 10),
    Column("claim_ids", "Claim-base ids the item repeats (spreading or refuting), separated by `; `.",
           lambda i, c: _joined([claim.claim_id for claim in i.claims]), 20),
    Column("near_dup_key", "Items sharing this key are near-duplicates of one text.",
           lambda i, c: _nlp(i, lambda n: n.near_dup_key), 20),
    Column("parent_id", "For a comment: the id of its post or article.", lambda i, c: i.parent_id, 34),
    Column("likes", "Likes at fetch time, where the platform shows them.", lambda i, c: i.engagement.likes, 8),
    Column("shares", "Shares at fetch time.", lambda i, c: i.engagement.shares, 8),
    Column("comments", "Comments at fetch time.", lambda i, c: i.engagement.comments, 8),
    Column("views", "Views at fetch time.", lambda i, c: i.engagement.views, 8),
    Column("content_from", "`page`, `native`, or `feed_summary` when the article page could not be used.",
           lambda i, c: i.content_from, 12),
)

HEADER: tuple[str, ...] = tuple(column.name for column in COLUMNS)


def row(item: Item, context: RowContext) -> list[Cell]:
    return [column.get(item, context) for column in COLUMNS]


def columns_markdown() -> str:
    """The text of ``docs/export-columns.md``."""
    lines = [
        "# Export columns",
        "",
        "<!-- Generated from langnghe/exports/columns.py: python -m langnghe.exports > docs/export-columns.md -->",
        "",
        "`langnghe export --format csv|xlsx` writes one row per item with these columns, in this order.",
        "`--format jsonl` writes whole Items instead, one JSON object a line, as `langnghe ingest` reads them.",
        "",
        "Each code (source, platform, kind, section, sentiment, emotion, toxicity, concerns, watch topics) has",
        "its Vietnamese name in the `…_name` column right after it, as the digest and the reports write it;",
        "provinces are stored by their names.",
        "",
        "- CSV: UTF-8 with a byte-order mark (so Excel reads Vietnamese), RFC 4180 quoting, CRLF line ends;",
        "  times in ISO 8601 with their offset; `true`/`false`; lists joined by `; `. A text cell that",
        "  begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so that a",
        "  spreadsheet does not run it as a formula.",
        "- XLSX: header row bold, frozen and with an auto-filter (a drop-down on every column), columns at",
        "  least as wide as their header; times are Excel date-times (local or UTC, as the column says);",
        "  URLs are hyperlinks (the first 65,530 of a sheet, Excel's limit); text over 32,767 characters is",
        "  cut; characters XML cannot hold are dropped; over 1,048,575 items continue on a new sheet.",
        "",
        "| column | meaning |",
        "|---|---|",
        *(f"| `{column.name}` | {column.description} |" for column in COLUMNS),
        "",
    ]
    return "\n".join(lines)
