"""The job a crawl child reads on stdin: sources, settings and scrapy overrides as JSON.

Kept apart from :mod:`langnghe.crawlers.child` so the parent can build a job without
importing the module the child runs as ``__main__``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from langnghe.config import SourceConfig
from langnghe.settings import Settings

EXIT_BAD_JOB = 2
EXIT_QUEUE_FAILED = 3


def job_to_json(sources: list[SourceConfig], settings: Settings, scrapy: Mapping[str, Any] | None = None) -> str:
    """The job for the child; the author key travels on the pipe, never on the command line."""
    data = settings.model_dump(mode="json")
    if settings.author_key is not None:
        data["author_key"] = settings.author_key.get_secret_value()
    return json.dumps(
        {"sources": [_source_json(s) for s in sources], "settings": data, "scrapy": dict(scrapy or {})},
        ensure_ascii=False,
        default=str,
    )


def _source_json(source: SourceConfig) -> dict[str, Any]:
    data = source.model_dump(mode="json")
    data["interval"] = int(source.interval / timedelta(seconds=1))  # config reads seconds, not ISO 8601
    return data


def job_from_json(text: str) -> tuple[list[SourceConfig], Settings, dict[str, Any]]:
    data = json.loads(text)
    sources = [SourceConfig.model_validate(s) for s in data["sources"]]
    return sources, Settings(**data["settings"]), dict(data.get("scrapy") or {})


