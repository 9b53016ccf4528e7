"""The Item: the one record every stage passes on (docs: README.md, "The Item").

Crawlers build Items, the queue carries them as JSON, the NLP stage fills
``item.nlp``, the index stores them. Field by field:

- ``id``: stable hash of ``platform`` + native id, or of the canonical URL
  (see :func:`make_item_id`); reruns produce the same id, so writes are upserts.
- ``source``: the source id from ``config/sources.yaml``.
- ``platform``: ``news``, ``forum``, a social platform name (``facebook``,
  ``youtube``, ``reddit``, ``mastodon``, ``telegram``...) or ``collaborator``.
- ``kind``: ``article``, ``post`` or ``comment``; comments carry ``parent_id``.
- ``published_at`` / ``fetched_at``: timezone-aware, always stored in UTC. A publication time
  later than ``fetched_at`` plus :data:`FUTURE_TOLERANCE` is wrong (a feed dated 9999 would
  hold the trends, the digests and the story frontier hostage): it is dropped, the item is
  undated and ``future_date`` says why, whoever built the item.
- ``author``: pseudonymised with a keyed HMAC (:mod:`langnghe.pseudonym`).
- ``url`` / ``canonical_url``: web addresses only (:func:`web_link`); any other address
  (``javascript:``, ``file:``, ``data:``) is stored as no link, the item itself is kept.
- ``title``: one line (:func:`one_line`), whoever built the item.
- ``content_from``: where ``text`` came from; ``feed_summary`` means the article
  page could not be used and ``fetch_error`` says why.
- ``nlp``: filled by the NLP stage; ``None`` until then.
- ``schema_version``: bumped on incompatible changes so stored items can be migrated.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = 1
# Sources stamp items a little ahead of the fetch (zones, clock skew); beyond this the date is wrong.
FUTURE_TOLERANCE = timedelta(days=1)
_BEYOND_UTC = datetime.max.replace(tzinfo=timezone.utc)  # a date Python cannot even hold in UTC

Kind = Literal["article", "post", "comment"]
SentimentBasis = Literal["tone", "attitude"]
ContentFrom = Literal["page", "feed_summary", "native"]


class Prediction(BaseModel):
    """One classifier's answer: the label, its calibrated probability, and all scores."""

    model_config = ConfigDict(extra="forbid")

    label: str
    score: float = Field(ge=0.0, le=1.0)
    scores: dict[str, float] = Field(default_factory=dict)


class MisinfoSignal(BaseModel):
    """Probability that an item is unreliable, with the cues that fired."""

    model_config = ConfigDict(extra="forbid")

    score: float = Field(ge=0.0, le=1.0)
    cues: list[str] = Field(default_factory=list)


EntityLabel = Literal["PER", "LOC", "ORG", "MISC"]


class Entity(BaseModel):
    """A named entity in the text: a person, place, organisation or other proper name."""

    model_config = ConfigDict(extra="forbid")

    text: str
    label: EntityLabel
    count: int = Field(1, ge=1, description="occurrences in the text")


class NlpResult(BaseModel):
    """What the NLP stage learned about an item. Tokens are underthesea words,
    syllables joined by ``_`` (``ô_nhiễm``), so a whitespace analyzer keeps them whole."""

    model_config = ConfigDict(extra="forbid")

    tokens: list[str] = Field(default_factory=list)
    section: Prediction | None = None
    sentiment: Prediction | None = None
    sentiment_basis: SentimentBasis | None = Field(
        None, description="tone: the news tone a reader takes from an article; attitude: the writer's, of a post or comment"
    )
    emotion: Prediction | None = None
    toxicity: Prediction | None = None
    provinces: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    near_dup_key: str | None = None
    misinfo: MisinfoSignal | None = None
    concerns: list[str] = Field(default_factory=list, description="ids of the concerns (topics.yaml) the text matches")
    entities: list[Entity] = Field(default_factory=list)
    no_diacritics: bool = Field(False, description="the text is Vietnamese typed without diacritics")
    models: dict[str, str] = Field(default_factory=dict, description="signal -> model version")


class Engagement(BaseModel):
    """Public engagement counts as the platform reported them at fetch time."""

    model_config = ConfigDict(extra="forbid")

    likes: int | None = Field(default=None, ge=0)
    shares: int | None = Field(default=None, ge=0)
    comments: int | None = Field(default=None, ge=0)
    views: int | None = Field(default=None, ge=0)


def _as_utc(value: datetime | None, field: str) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field} must be timezone-aware (got naive {value.isoformat()})")
    return value.astimezone(timezone.utc)


_LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})  # controls (tab, CR, LF, NUL...), line and paragraph separators


def one_line(text: str) -> str:
    """``text`` on one line: control characters and every Unicode line or paragraph separator become
    spaces, runs of whitespace one space, no space at either end. Titles are one line everywhere
    (a mail subject, a table cell, a chat message); a line break in one broke the mail alerts.

    >>> one_line("Ngập sâu\\r\\nở Cần Thơ\\u2028\\tđêm qua ")
    'Ngập sâu ở Cần Thơ đêm qua'
    """
    if text.isprintable() and " " * 2 not in text and text == text.strip():
        return text  # the common case, without rebuilding the string
    cleaned = "".join(" " if unicodedata.category(char) in _LINE_BREAKING else char for char in text)
    return " ".join(cleaned.split())


# http(s)://, optional user info, then a host (a name, or an IPv6 address in brackets) that is not empty
_WEB = re.compile(r"https?://(?:[^/?#@]*@)?(?:\[[^\]/?#]+\]|[^/?#:@\[\]]+)(?=[/?#:]|$)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode's Cc category, as a character class


def web_link(url: str | None) -> str | None:
    """``url`` when it is a web address (http or https, with a host), else None. The only links
    langnghe stores (``Item.url``) or renders (digest, alerts, DOCX, XLSX): a ``javascript:`` link
    runs in the reader's browser, a ``file:`` one opens the reader's own files.

    >>> web_link("https://baomoi.example/a.html"), web_link("javascript:alert(1)"), web_link("file:///etc/passwd")
    ('https://baomoi.example/a.html', None, None)
    """
    text = (url or "").strip()
    if not text or (not text.isprintable() and _CONTROL.search(text)):
        return None  # a control character: browsers drop them, so "java\tscript:" would run
    return text if _WEB.match(text) else None


class ClaimMatch(BaseModel):
    """The item repeats a claim of the claim base (``config/claims.yaml``, ``langnghe claims import``)."""

    model_config = ConfigDict(extra="forbid")

    claim_id: str
    similarity: float = Field(ge=0.0, le=1.0)
    method: Literal["near_duplicate", "retrieval", "reranked"] = "retrieval"
    stance: Literal["spreads", "refutes"] = Field("spreads", description="refutes: a correction or the verdict")


class FalseInfo(BaseModel):
    """The false-information flag of an item: claim matches and the misinfo signal, explained."""

    model_config = ConfigDict(extra="forbid")

    flagged: bool
    score: float = Field(ge=0.0, le=1.0)
    explanation: str = Field("", description="for analysts, in Vietnamese")


class Item(BaseModel):
    """A collected piece of public text: article, post or comment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: int = SCHEMA_VERSION
    id: str = Field(min_length=8)
    source: str = Field(min_length=1)
    platform: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Kind = "article"
    url: str | None = None
    canonical_url: str | None = None
    parent_id: str | None = None
    title: str = ""
    text: str = ""
    lang: str = "vi"
    published_at: datetime | None = None
    fetched_at: datetime
    author: str | None = None
    engagement: Engagement = Field(default_factory=Engagement)
    content_from: ContentFrom = "page"
    fetch_error: str | None = None
    watch_topics: list[str] = Field(default_factory=list)
    nlp: NlpResult | None = None
    story_id: str | None = Field(None, description="the story (event) the item belongs to")
    claims: list[ClaimMatch] = Field(default_factory=list, description="claim-base entries the item repeats")
    false_info: FalseInfo | None = None
    future_date: bool = Field(
        False, description="the source dated it later than fetched_at plus FUTURE_TOLERANCE; published_at left unknown"
    )

    @field_validator("title")
    @classmethod
    def _title_one_line(cls, value: str) -> str:
        return one_line(value)

    @field_validator("url", "canonical_url")
    @classmethod
    def _web_links_only(cls, value: str | None) -> str | None:
        return web_link(value)  # a javascript: or file: address is kept as no link, never refused

    @field_validator("published_at")
    @classmethod
    def _published_utc(cls, value: datetime | None) -> datetime | None:
        try:
            return _as_utc(value, "published_at")
        except OverflowError:  # 9999-12-31T23:00-05:00: past what UTC can hold, so far in the future
            return _BEYOND_UTC

    @model_validator(mode="after")
    def _no_future_date(self) -> Item:
        if self.published_at is not None and _after_fetch(self.published_at, self.fetched_at):
            # Through __dict__: an assignment would validate again (validate_assignment) without end.
            self.__dict__["published_at"] = None
            self.__dict__["future_date"] = True
        return self

    @field_validator("fetched_at")
    @classmethod
    def _fetched_utc(cls, value: datetime) -> datetime:
        result = _as_utc(value, "fetched_at")
        assert result is not None
        return result

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=False)

    @classmethod
    def from_json(cls, data: str | bytes) -> Item:
        return cls.model_validate_json(data)

    def content_hash(self) -> str:
        """Hash of what the NLP stage reads: an unchanged re-crawl need not be re-enriched."""
        digest = hashlib.blake2b(digest_size=16)
        for part in (self.title, self.text, self.parent_id or "", str(self.published_at)):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()


def _after_fetch(published: datetime, fetched: datetime) -> bool:
    """Published later than the fetch allows (:data:`FUTURE_TOLERANCE`)."""
    try:
        return published > fetched + FUTURE_TOLERANCE
    except OverflowError:  # fetched on the last day Python knows: nothing can be later
        return False


def make_item_id(platform: str, *, native_id: str | None = None, canonical_url: str | None = None) -> str:
    """Stable id: hash of platform + native id when the platform has one, else of the canonical URL.

    >>> make_item_id("news", canonical_url="https://baomoi.example/a.html") == \\
    ...     make_item_id("news", canonical_url="https://baomoi.example/a.html")
    True
    """
    if native_id:
        key = f"{platform}\x00id\x00{native_id}"
    elif canonical_url:
        key = f"url\x00{canonical_url}"
    else:
        raise ValueError("an item id needs a native id or a canonical URL")
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
