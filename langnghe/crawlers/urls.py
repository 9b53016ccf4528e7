"""Canonical URLs, from which article ids are made: the same article reached through two
tracking links must get one id."""

from __future__ import annotations

from urllib.parse import parse_qsl, urljoin, urlsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that say how a reader arrived, not what they read (Zalo adds zarsrc/gidzl).
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "zarsrc", "gidzl"})


def clean_url(url: str) -> str:
    """Drop the fragment and tracking parameters; sort the query (w3lib's canonical form).

    >>> clean_url("https://Bao.example/thoi-su/a.html?utm_source=rss&id=2#top")
    'https://bao.example/thoi-su/a.html?id=2'
    """
    keys = {key for key, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
    tracking = [key for key in keys if key.lower().startswith(TRACKING_PREFIXES) or key.lower() in TRACKING_PARAMS]
    if tracking:
        url = url_query_cleaner(url, tracking, remove=True, unique=False, keep_fragments=True)
    return canonicalize_url(url, keep_fragments=False)


def canonical_url(page_url: str, rel_canonical: str | None = None) -> str:
    """The page's ``<link rel=canonical>`` (resolved against the page) when it is a web URL, else the page URL; cleaned."""
    if rel_canonical and rel_canonical.strip():
        resolved = urljoin(page_url, rel_canonical.strip())
        if urlsplit(resolved).scheme in ("http", "https"):
            return clean_url(resolved)
    return clean_url(page_url)
