"""``kind: reddit``: posts of a Reddit listing, and their comments, from Reddit's public JSON.

The source ``url`` is a listing, such as ``https://www.reddit.com/r/VietNam/new.json``
(``.json`` is added when the URL lacks it). No key or token: these are the public JSON
endpoints, asked with the crawl's User-Agent and ``Accept: application/json``. Reddit
rate-limits anonymous clients hard, so keep the interval long and ``max_entries`` small.

Options: ``comments`` (read each post's comments), ``max_comments`` (per post),
``max_pages`` (listing pages, following ``after``), ``max_entries`` (posts per crawl).

Requests (``raw_json=1`` on each: without it Reddit writes ``&``, ``<``, ``>`` as HTML entities):

- ``<listing>.json?raw_json=1``, conditional, then ``...&after=<name>`` for the next pages;
- per post, ``https://<host><permalink>.json?limit=<max_comments>&sort=new&raw_json=1``: an
  array ``[post listing, comment listing]``; comments nest in ``replies``; ``more`` stubs
  (comments Reddit did not send) are not fetched.

Posts are kind ``post`` (native id ``t3_...``: the title is the title, the text the self
text, or the linked URL); comments are kind ``comment`` whose parent is their
``parent_id`` (the post, or the comment they answer). Deleted and removed comments are skipped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from langnghe.config import SourceConfig
from langnghe.crawlers.connectors.base import Connector, ParseError, describe_json, json_int, json_text, read_json
from langnghe.crawlers.options import CommonOptions, RedditOptions
from langnghe.crawlers.item_pipeline import CrawledItem
from langnghe.item import Item

Thing = dict[str, Any]  # the ``data`` of one Reddit thing (t3 post, t1 comment)

JSON_HEADERS = {"Accept": "application/json"}
GONE = frozenset({"[deleted]", "[removed]"})


class RedditConnector(Connector):
    kind = "reddit"
    default_kind = "post"
    options: RedditOptions

    def __init__(self, source: SourceConfig, options: CommonOptions, spider: Any) -> None:
        super().__init__(source, options, spider)
        self._posts = 0  # posts taken this crawl, over all listing pages

    def start(self) -> Iterator[scrapy.Request]:
        for url in self.source.start_urls:
            yield self._listing_request(listing_json_url(url), page=1)

    def _listing_request(self, url: str, page: int) -> scrapy.Request:
        return self.request(url, self.parse_listing, conditional=True, cb_kwargs={"page": page}, headers=JSON_HEADERS)

    def _room(self) -> int:
        cap = self.options.max_entries
        return max(cap - self._posts, 0) if cap is not None else 1 << 30

    def parse_listing(self, response: Response, page: int) -> Iterator[Any]:
        children, after = listing_children(read_json(response))
        posts = list(things_of(children, "t3"))[: self._room()]
        self.emit("feed", url=response.url, entries=len(posts), known=0)
        self._posts += len(posts)
        origin = origin_of(response.url)
        skipped = 0
        for post in posts:
            item = self._post_item(post, origin)
            skipped += item is None
            if item is not None:
                yield CrawledItem(item=item)
                yield from self._comments_request(post, origin)
        if skipped:
            reason = f"bỏ qua {skipped} bài: không có id, hoặc không có cả tiêu đề lẫn nội dung"
            self.emit("source_warning", url=response.url, reason=reason)
        if after and page < self.options.max_pages and self._room() > 0:
            yield self._listing_request(page_url(response.url, after), page + 1)

    def _post_item(self, post: Thing, origin: str) -> Item | None:
        name = thing_name(post, "t3")
        title = _clean(post.get("title"))
        permalink = json_text(post.get("permalink"))
        url = origin + permalink if permalink else json_text(post.get("url")) or None
        text = _body(post.get("selftext")) or ("" if is_self_post(post) else json_text(post.get("url")))
        if name is None or not (title or text):
            return None
        return self.native_item(
            name, kind="post", title=title, text=text, url=url, published_at=utc_of(post.get("created_utc")),
            author=author_of(post),
            engagement={"likes": _count(post.get("score")), "comments": _count(post.get("num_comments"))},
        )

    def _comments_request(self, post: Thing, origin: str) -> Iterator[scrapy.Request]:
        permalink = json_text(post.get("permalink"))
        if not (self.options.comments and self.options.max_comments > 0 and permalink):
            return
        if post.get("num_comments") == 0:
            return  # Reddit rate-limits anonymous readers: spare the request
        url = comments_url(origin, permalink, self.options.max_comments)
        # Below the listings: every listing page is read before the comment pages it led to.
        yield self.request(url, self.parse_comments, cb_kwargs={"post": thing_name(post, "t3")},
                           headers=JSON_HEADERS, priority=0, conditional=True)

    def parse_comments(self, response: Response, post: str) -> Iterator[CrawledItem]:
        origin = origin_of(response.url)
        kept = 0
        for comment in comment_things(read_json(response)):
            if kept >= self.options.max_comments:
                return
            item = self._comment_item(comment, post, origin)
            if item is not None:
                kept += 1
                yield CrawledItem(item=item)

    def _comment_item(self, comment: Thing, post: str, origin: str) -> Item | None:
        name, text = thing_name(comment, "t1"), _body(comment.get("body"))
        if name is None or not text:
            return None
        permalink = json_text(comment.get("permalink"))
        return self.native_item(
            name, kind="comment", text=text, url=origin + permalink if permalink else None,
            parent_native_id=json_text(comment.get("parent_id")) or post, published_at=utc_of(comment.get("created_utc")),
            author=author_of(comment), engagement={"likes": _count(comment.get("score"))},
        )


# -- Reddit's JSON, as pure functions ------------------------------------------------------


def listing_json_url(url: str) -> str:
    """The listing's JSON URL: ``.json`` added to the path, and ``raw_json=1``.

    >>> listing_json_url("https://www.reddit.com/r/VietNam/new/?limit=25")
    'https://www.reddit.com/r/VietNam/new.json?limit=25&raw_json=1'
    """
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    if not path.endswith(".json"):
        path += ".json"
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not any(key == "raw_json" for key, _ in query):
        query.append(("raw_json", "1"))
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


def page_url(url: str, after: str) -> str:
    """The same listing from ``after`` on (any earlier ``after`` replaced)."""
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "after"]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode([*query, ("after", after)]), ""))


def comments_url(origin: str, permalink: str, limit: int) -> str:
    return f"{origin}{permalink.rstrip('/')}.json?" + urlencode({"limit": limit, "sort": "new", "raw_json": 1})


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def listing_children(data: Any) -> tuple[list[Any], str | None]:
    """A Listing's children and its ``after`` cursor; ParseError for anything else."""
    if not (isinstance(data, dict) and data.get("kind") == "Listing" and isinstance(data.get("data"), dict)):
        raise ParseError(f"cần một Listing của Reddit, nhận {describe_json(data)}")
    children = data["data"].get("children")
    if not isinstance(children, list):
        raise ParseError("Listing của Reddit không có data.children")
    after = data["data"].get("after")
    return children, after if isinstance(after, str) and after else None


def things_of(children: list[Any], kind: str) -> Iterator[Thing]:
    """The ``data`` of each child of that kind (``more`` stubs and other kinds are left out)."""
    for child in children:
        if isinstance(child, dict) and child.get("kind") == kind and isinstance(child.get("data"), dict):
            yield child["data"]


def comment_things(data: Any) -> Iterator[Thing]:
    """Every comment of a ``[post, comments]`` answer, depth first (a reply after its parent)."""
    if not (isinstance(data, list) and len(data) == 2):
        raise ParseError(f"cần cặp Listing [bài, bình luận] của Reddit, nhận {describe_json(data)}")
    children, _ = listing_children(data[1])
    yield from _walk(children)


def _walk(children: list[Any]) -> Iterator[Thing]:
    for comment in things_of(children, "t1"):
        yield comment
        replies = comment.get("replies")  # a Listing, or "" when there are none
        if isinstance(replies, dict) and isinstance(replies.get("data"), dict):
            nested = replies["data"].get("children")
            yield from _walk(nested if isinstance(nested, list) else [])


def thing_name(thing: Thing, prefix: str) -> str | None:
    """The fullname (``t3_abc``): unique on Reddit, and what ``parent_id`` points at."""
    name = json_text(thing.get("name"))
    if name:
        return name
    ident = json_text(thing.get("id"))
    return f"{prefix}_{ident}" if ident else None


def is_self_post(post: Thing) -> bool:
    """A text post: its ``url`` is its own page, so it is no link worth keeping as text."""
    if post.get("is_self") is True:
        return True
    permalink = json_text(post.get("permalink")).rstrip("/")
    return bool(permalink) and urlsplit(json_text(post.get("url"))).path.rstrip("/") == permalink


def utc_of(value: Any) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, timezone.utc)
    return None


def author_of(thing: Thing) -> str | None:
    author = json_text(thing.get("author"))
    return author if author and author not in GONE else None


def _body(value: Any) -> str:
    text = _clean(value)
    return "" if text in GONE else text


def _clean(value: Any) -> str:
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else ""


def _count(value: Any) -> int | None:
    """Engagement counts are not negative; a post voted below zero has no likes to speak of."""
    number = json_int(value)
    return max(number, 0) if number is not None else None
