"""Canonical URLs, from which article ids are made: the same article reached through a
tracking link, its AMP page or its mobile site must get one id."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that say how a reader arrived, not what they read (Zalo adds zarsrc/gidzl).
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "zarsrc", "gidzl", "amp", "outputtype", "_gl", "ref", "refer"})
# Hosts of the same site's mobile and AMP copies: m.vnexpress.net, amp.example.vn, mobile.example.vn.
_VARIANT_HOST = re.compile(r"^(m|mobile|amp|wap)\.(?=[^.]+\.[^.]+)", re.IGNORECASE)
# AMP paths: /amp/tin/a.html, /tin/a.html/amp, /tin/a.amp.html, /tin/a-amp.html is left alone (ambiguous).
_AMP_PREFIX = re.compile(r"^/amp(?=/)", re.IGNORECASE)
_AMP_SUFFIX = re.compile(r"/amp/?$", re.IGNORECASE)
_AMP_EXTENSION = re.compile(r"\.amp(\.html?)$", re.IGNORECASE)


def clean_url(url: str) -> str:
    """Drop the fragment, tracking parameters and AMP/mobile markers; sort the query (w3lib's canonical form).

    >>> clean_url("https://Bao.example/thoi-su/a.html?utm_source=rss&id=2#top")
    'https://bao.example/thoi-su/a.html?id=2'
    >>> clean_url("https://m.bao.example/amp/thoi-su/a.html")
    'https://bao.example/thoi-su/a.html'
    """
    keys = {key for key, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
    tracking = [key for key in keys if key.lower().startswith(TRACKING_PREFIXES) or key.lower() in TRACKING_PARAMS]
    if tracking:
        url = url_query_cleaner(url, tracking, remove=True, unique=False, keep_fragments=True)
    return canonicalize_url(_without_variants(url), keep_fragments=False)


def _without_variants(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return url
    host = _VARIANT_HOST.sub("", parts.netloc)
    path = _AMP_EXTENSION.sub(r"\1", _AMP_SUFFIX.sub("", _AMP_PREFIX.sub("", parts.path))) or "/"
    return urlunsplit((parts.scheme, host, path, parts.query, parts.fragment))


def canonical_url(page_url: str, rel_canonical: str | None = None) -> str:
    """The page's ``<link rel=canonical>`` (resolved against the page) when it can be trusted, else the page URL; cleaned.

    Not trusted: a canonical on another site (a reprint pointing at the original outlet: the copy
    is kept as its own item, tied to the original by ``near_dup_key``), and the site's home page
    given as the canonical of an article (a template mistake that would give every article one id).

    >>> canonical_url("https://bao.example/a.html", "https://other.example/a.html")
    'https://bao.example/a.html'
    """
    page = clean_url(page_url)
    if rel_canonical and rel_canonical.strip():
        resolved = urljoin(page_url, rel_canonical.strip())
        if urlsplit(resolved).scheme in ("http", "https"):
            canonical = clean_url(resolved)
            if _same_site(canonical, page) and not (_is_home(canonical) and not _is_home(page)):
                return canonical
    return page


def _same_site(a: str, b: str) -> bool:
    return _site(a) == _site(b)


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _is_home(url: str) -> bool:
    return urlsplit(url).path in ("", "/")
