"""Source kinds: ``kind`` in ``config/sources.yaml`` -> the connector that crawls it.

Classes are named as ``module:Class`` and imported on first use, so a kind's
dependencies load only when a source of that kind is crawled.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langnghe.crawlers.connectors.base import Connector

CONNECTORS: dict[str, str] = {
    "rss": "langnghe.crawlers.connectors.rss:RssConnector",
    "sitemap": "langnghe.crawlers.connectors.sitemap:SitemapConnector",
    "html": "langnghe.crawlers.connectors.listing:ListingConnector",
    "xenforo": "langnghe.crawlers.connectors.xenforo:XenforoConnector",
    "reddit": "langnghe.crawlers.connectors.reddit:RedditConnector",
    "youtube": "langnghe.crawlers.connectors.youtube:YoutubeConnector",
    "mastodon": "langnghe.crawlers.connectors.mastodon:MastodonConnector",
    "telegram": "langnghe.crawlers.connectors.telegram:TelegramConnector",
    "facebook": "langnghe.crawlers.connectors.facebook:FacebookConnector",
    "collaborator": "langnghe.crawlers.connectors.collaborator:CollaboratorConnector",
}


def connector_class(kind: str) -> type[Connector]:
    try:
        target = CONNECTORS[kind]
    except KeyError:
        raise ValueError(f"không có loại nguồn {kind!r} (các loại: {', '.join(CONNECTORS)})") from None
    module, _, name = target.partition(":")
    cls: type[Connector] = getattr(import_module(module), name)
    return cls
