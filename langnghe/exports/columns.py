"""The columns of the CSV and XLSX exports: one list, here, documented in ``docs/export-columns.md``.

That page is generated from :data:`COLUMNS` (``python -m langnghe.exports >
docs/export-columns.md``) and a test keeps the two equal. The JSON Lines export is
not tabular: it writes whole Items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from langnghe.item import Item, Prediction
from langnghe.labels import EMOTION_VI, ITEM_KIND_VI, PLATFORM_VI, SECTION_VI, SENTIMENT_VI, TOXICITY_VI
from langnghe.pseudonym import PREFIX as PSEUDONYM_PREFIX

Cell = str | int | float | bool | datetime | None
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    get: Callable[[Item, ZoneInfo], Cell]
    width: float = 14  # XLSX column width, in characters


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


def _slugs(table: dict[str, str]) -> str:
    """The values a column holds, each with the name the reports give it (langnghe.labels).

    >>> _slugs({"clean": "Bình thường", "hate": "Thù ghét"})
    '`clean` (Bình thường) or `hate` (Thù ghét)'
    """
    shown = [f"`{slug}` ({name})" for slug, name in table.items()]
    return ", ".join(shown[:-1]) + " or " + shown[-1]


COLUMNS: tuple[Column, ...] = (
    Column("id", "Stable item id (hash of platform + native id, or of the canonical URL).", lambda i, z: i.id, 34),
    Column("published_at_local", "Publication time in the display time zone (`LANGNGHE_TIMEZONE`); "
           "blank when the source gave none.", lambda i, z: _local(i.published_at, z), 20),
    Column("published_at_utc", "Publication time in UTC.", lambda i, z: i.published_at, 20),
    Column("fetched_at_utc", "When langnghe collected the item, in UTC.", lambda i, z: i.fetched_at, 20),
    Column("source", "Source id from `config/sources.yaml`.", lambda i, z: i.source),
    Column("platform", f"{_slugs(PLATFORM_VI)}; another platform a source names shows as it is.",
           lambda i, z: i.platform, 10),
    Column("kind", f"{_slugs(ITEM_KIND_VI)}.", lambda i, z: i.kind, 9),
    Column("url", "Canonical URL, else the URL where the item was found.", lambda i, z: i.canonical_url or i.url, 40),
    Column("title", "Title (NFC).", lambda i, z: i.title, 40),
    Column("text", "Full text (NFC); in XLSX cut to Excel's 32,767 characters per cell, ending in `…`.",
           lambda i, z: i.text, 60),
    Column("author", "Author pseudonym (`u_…`, keyed HMAC); blank for raw handles, which are never exported.",
           lambda i, z: _author(i), 20),
    Column("section", f"Section label: {_slugs(SECTION_VI)}.", lambda i, z: _nlp(i, lambda n: _label(n.section)), 16),
    Column("sentiment", f"{_slugs(SENTIMENT_VI)}.", lambda i, z: _nlp(i, lambda n: _label(n.sentiment)), 10),
    Column("sentiment_score", "Calibrated probability of the sentiment label (0-1).",
           lambda i, z: _nlp(i, lambda n: _score(n.sentiment)), 10),
    Column("emotion", f"Emotion label (UIT-VSMEC's seven): {_slugs(EMOTION_VI)}.",
           lambda i, z: _nlp(i, lambda n: _label(n.emotion)), 10),
    Column("toxicity", f"{_slugs(TOXICITY_VI)}.", lambda i, z: _nlp(i, lambda n: _label(n.toxicity)), 10),
    Column("misinfo_score", "Probability that the item is unreliable (0-1).",
           lambda i, z: _nlp(i, lambda n: round(n.misinfo.score, 4) if n.misinfo else None), 10),
    Column("concerns", "Concern ids the text matches, separated by `; `.",
           lambda i, z: _nlp(i, lambda n: _joined(n.concerns)), 24),
    Column("provinces", "Provinces (the 34 units since 1 July 2025), separated by `; `.",
           lambda i, z: _nlp(i, lambda n: _joined(n.provinces)), 24),
    Column("watch_topics", "Watch-list ids (`config/topics.yaml`) that match, separated by `; `.",
           lambda i, z: _joined(i.watch_topics), 20),
    Column("story_id", "The story (event) the item belongs to.", lambda i, z: i.story_id, 20),
    Column("false_info", "`true` when flagged as false information, `false` when checked and not, blank when "
           "never checked.", lambda i, z: i.false_info.flagged if i.false_info else None, 9),
    Column("false_info_score", "Score of the false-information flag (0-1).",
           lambda i, z: round(i.false_info.score, 4) if i.false_info else None, 10),
    Column("claim_ids", "Claim-base ids the item repeats (spreading or refuting), separated by `; `.",
           lambda i, z: _joined([claim.claim_id for claim in i.claims]), 20),
    Column("near_dup_key", "Items sharing this key are near-duplicates of one text.",
           lambda i, z: _nlp(i, lambda n: n.near_dup_key), 20),
    Column("parent_id", "For a comment: the id of its post or article.", lambda i, z: i.parent_id, 34),
    Column("likes", "Likes at fetch time, where the platform shows them.", lambda i, z: i.engagement.likes, 8),
    Column("shares", "Shares at fetch time.", lambda i, z: i.engagement.shares, 8),
    Column("comments", "Comments at fetch time.", lambda i, z: i.engagement.comments, 8),
    Column("views", "Views at fetch time.", lambda i, z: i.engagement.views, 8),
    Column("content_from", "`page`, `native`, or `feed_summary` when the article page could not be used.",
           lambda i, z: i.content_from, 12),
)

HEADER: tuple[str, ...] = tuple(column.name for column in COLUMNS)


def row(item: Item, zone: ZoneInfo) -> list[Cell]:
    return [column.get(item, zone) for column in COLUMNS]


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
        "- CSV: UTF-8 with a byte-order mark (so Excel reads Vietnamese), RFC 4180 quoting, CRLF line ends;",
        "  times in ISO 8601 with their offset; `true`/`false`; lists joined by `; `. A text cell that",
        "  begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so that a",
        "  spreadsheet does not run it as a formula.",
        "- XLSX: header row bold and frozen; times are Excel date-times (local or UTC, as the column says);",
        "  URLs are hyperlinks (the first 65,530 of a sheet, Excel's limit); text over 32,767 characters is",
        "  cut; characters XML cannot hold are dropped; over 1,048,575 items continue on a new sheet.",
        "",
        "| column | meaning |",
        "|---|---|",
        *(f"| `{column.name}` | {column.description} |" for column in COLUMNS),
        "",
    ]
    return "\n".join(lines)
