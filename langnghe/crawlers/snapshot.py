"""Snapshot records of ``langnghe extract``: a saved page and the JSON of what it should give.

Each layout under ``tests/crawlers/snapshots/`` is a page (``<layout>.html``, written for the
test, fictional text) and its expected record (``<layout>.json``): the inputs (``url``,
``saved_at``, which anchors "hôm qua" and "2 giờ trước") and what extraction gives (title,
publication time in UTC and in Hà Nội time, where the time came from, the first words of the
text, author, language, canonical URL). ``python -m scripts.regenerate_extract_snapshots``
rewrites the expected part from the current extractor, so a change shows as a diff in review.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from langnghe.crawlers.extract import DEFAULT_TZ, extract_article
from langnghe.crawlers.decoding import decode_page

BODY_START_CHARS = 120


@dataclass(frozen=True)
class ExtractSnapshot:
    """What ``langnghe extract`` gives for one saved page, in the fields a reviewer checks."""

    url: str  # the page's address (input)
    saved_at: str  # ISO time the page was saved (input): "now" for relative dates
    title: str
    published_at: str | None  # UTC, ISO
    published_local: str | None  # the same moment in Asia/Ho_Chi_Minh, for the reader of the diff
    time_from: str | None  # which part of the page gave the time (PageExtract.time_from)
    metadata_off_by_h: int | None  # metadata and the visible byline disagreed by these whole hours
    body_start: str  # the text's first characters, whitespace squashed
    author: str | None
    lang: str | None
    canonical_url: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"


def snapshot_of(html_path: Path, url: str, saved_at: str) -> ExtractSnapshot:
    """Extract ``html_path`` as the crawler would (saved at ``saved_at``) and keep the checked fields."""
    page = extract_article(decode_page(html_path.read_bytes()), url, now=datetime.fromisoformat(saved_at))
    when = page.published_at
    return ExtractSnapshot(
        url=url, saved_at=saved_at, title=page.title,
        published_at=when.isoformat() if when else None,
        published_local=when.astimezone(ZoneInfo(DEFAULT_TZ)).isoformat() if when else None,
        time_from=page.time_from, metadata_off_by_h=page.metadata_off_by_h,
        body_start=" ".join(page.text.split())[:BODY_START_CHARS], author=page.author, lang=page.lang,
        canonical_url=page.canonical_url,
    )  # fmt: skip


def read_snapshot(json_path: Path) -> ExtractSnapshot:
    return ExtractSnapshot(**json.loads(json_path.read_text(encoding="utf-8")))


def snapshot_inputs(json_path: Path) -> tuple[str, str]:
    """``url`` and ``saved_at`` of a layout's JSON (a new layout's may hold only these two)."""
    data = json.loads(json_path.read_text(encoding="utf-8"))
    return str(data["url"]), str(data["saved_at"])


def regenerate(folder: Path) -> list[Path]:
    """Rewrite every ``<layout>.json`` under ``folder`` from the current extractor; the files changed."""
    changed = []
    for json_path in sorted(folder.glob("*.json")):
        url, saved_at = snapshot_inputs(json_path)
        new = snapshot_of(json_path.with_suffix(".html"), url, saved_at).to_json()
        if new != json_path.read_text(encoding="utf-8"):
            json_path.write_text(new, encoding="utf-8")
            changed.append(json_path)
    return changed
