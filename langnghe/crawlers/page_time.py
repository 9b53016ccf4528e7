"""When an article page says it was published: the metadata's time, or the byline's a reader sees.

Candidates, each named by where it came from (:data:`TimeSource`):

- ``metadata``: ``<meta>`` tags (``article:published_time``...), JSON-LD ``datePublished``,
  ``<time datetime>``;
- ``tooltip``: a date element's ``title``/``data-time``/``data-timestamp`` (a date, or Unix
  seconds or milliseconds), whose text may only say "10 năm trước";
- ``byline``: the visible date line by the headline (:func:`article_parts.headline_node`), in
  page order: date elements before it, but only those inside the headline's own block (a
  site's "today" strip above the headline sits outside it, and a line that says "hôm nay"
  beside a written date is that strip wherever it is), then the date elements and the text
  after it;
- ``script``: a date written in by an inline script next to the headline
  (``document.write(vnDate('2014-05-20 16:20:00'))``, a Unix time).

The rule (:func:`choose_time`): the metadata's time, unless the byline's differs from it by
whole hours (a zone written wrong: "+08:00" on a GMT+7 site, UTC's clock labelled +07:00); then
the byline's, and ``metadata_off_by_h`` says by how much (source health counts those pages).
Without a visible time, metadata in a zone near the site's but not its own ("+08:00") is read
as the site's local clock. A page that writes its numeric dates month first ("03-15-2012") has
its ambiguous ones ("04-03-14") read month first too (:func:`dates.numeric_date_order`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from datetime import datetime, timedelta, timezone
from typing import Any, Literal
from zoneinfo import ZoneInfo

from lxml import etree
from parsel import Selector

from langnghe.crawlers.article_parts import headline_node
from langnghe.crawlers.dates import DateOrder, from_timestamp, has_numeric_date, numeric_date_order, parse_vietnamese_date

TimeSource = Literal["metadata", "byline", "tooltip", "script", "trafilatura"]

_META_DATE_NAMES = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "dc.date.issued", "dcterms.created", "date",
)
_LOWER = "translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_DATE_WORDS = ("date", "time", "publish", "ngay", "thoigian", "thoi-gian")
_DATE_ATTRIBUTES = ("data-time", "data-timestamp", "data-utime")
_DATE_CLASS = " or ".join(f"contains({_LOWER},'{word}')" for word in _DATE_WORDS) + " or " + " or ".join(
    f"@{name}" for name in _DATE_ATTRIBUTES
)
_TOOLTIPS = ("data-time", "data-timestamp", "data-utime", "data-date", "data-datetime", "data-original-title", "title", "datetime")
_AFTER, _BEFORE, _TEXTS_AFTER = 5, 3, 15  # date elements looked at after the headline and before it; text nodes after
_NO_TEXT = ("script", "style")
_SCRIPTS_AFTER = "following::script[not(@type='application/ld+json')][position() <= 3]"
_WITHOUT_HEADLINE = f"(//body//*[{_DATE_CLASS}])[position() <= 5]"
_MAX_DATE_LINE = 120
_BLOCK_CHARS = 500  # the headline's block: its nearest ancestor that also holds the article's text
_TODAY = re.compile(r"\b(hôm nay|today)\b", re.IGNORECASE)
_QUOTED = re.compile(r"""(['"])([^'"\n]{6,40})\1|\b(\d{13}|\d{10})\b""")
_WHOLE_HOUR_SLACK_S = 90
_MAX_OFF_H = 14
_NEAR_ZONE_H = 3


@dataclass(frozen=True)
class Candidate:
    text: str
    source: TimeSource


@dataclass(frozen=True)
class Found:
    when: datetime  # UTC
    source: TimeSource
    timed: bool  # a time of day, not only a day


@dataclass(frozen=True)
class PageTime:
    when: datetime | None  # UTC
    source: TimeSource | None
    metadata_off_by_h: int | None = None


def page_time(sel: Selector, *, now: datetime, tz: str) -> PageTime:
    """The page's publication time, where it came from, and the metadata's whole-hour error if any."""
    order = _PageOrder(sel)
    meta = _up_to_first_timed(metadata_candidates(sel), now, tz, order)
    seen = _up_to_first_timed(visible_candidates(sel), now, tz, order)
    return choose_time(meta, seen, ZoneInfo(tz))


class _PageOrder:
    """The page's numeric date order, read from its text the first time a candidate needs it."""

    def __init__(self, sel: Selector) -> None:
        self._sel = sel
        self._order: DateOrder | None = None

    def of(self, text: str) -> DateOrder:
        if not has_numeric_date(text):
            return "dmy"  # no numeric date in it: the order does not matter
        if self._order is None:
            self._order = numeric_date_order(self._sel.xpath("string(//body)").get() or "")
        return self._order


def _up_to_first_timed(candidates: Iterator[Candidate], now: datetime, tz: str, order: _PageOrder) -> list[Found]:
    """The candidates that parse, in order, up to the first with a time of day (the rest are never read)."""
    found: list[Found] = []
    for candidate in candidates:
        if (one := _read(candidate, now, tz, order)) is not None:
            found.append(one)
            if one.timed:
                break
    return found


def choose_time(meta: list[Found], seen: list[Found], local: ZoneInfo) -> PageTime:
    """The rule in the module's docstring, on parsed candidates in page order."""
    meta_timed = next((f for f in meta if f.timed), None)
    seen_timed = next((f for f in seen if f.timed), None)
    if meta_timed and seen_timed:
        off = _whole_hours(seen_timed.when - meta_timed.when)
        if off:
            return PageTime(_utc(seen_timed.when), seen_timed.source, abs(off))
        return PageTime(_utc(meta_timed.when), "metadata")
    if meta_timed:
        return PageTime(_utc(_local_clock_if_near_zone(meta_timed.when, local)), "metadata")
    best = seen_timed or next(iter(meta), None) or next(iter(seen), None)
    return PageTime(_utc(best.when), best.source) if best else PageTime(None, None)


def _utc(when: datetime) -> datetime:
    try:
        return when.astimezone(timezone.utc)
    except OverflowError:  # 31/12/9999 west of Greenwich: the Item takes it as far ahead
        return when


def _whole_hours(gap: timedelta) -> int:
    """The gap in hours when it is a whole, non-zero number of them (within a minute and a half), else 0."""
    seconds = gap.total_seconds()
    hours = round(seconds / 3600)
    exact = abs(seconds - hours * 3600) <= _WHOLE_HOUR_SLACK_S
    return hours if exact and 0 < abs(hours) <= _MAX_OFF_H else 0


def _local_clock_if_near_zone(when: datetime, local: ZoneInfo) -> datetime:
    """Metadata written in a zone near the site's but not its own nor UTC ("+08:00" on a GMT+7
    site) holds the site's local clock under a wrong label: read the clock as local."""
    offset = when.utcoffset()
    site = local.utcoffset(when.replace(tzinfo=None))
    if offset is None or site is None or offset in (timedelta(0), site) or abs(offset - site) > timedelta(hours=_NEAR_ZONE_H):
        return when
    return when.replace(tzinfo=local)


def _read(candidate: Candidate, now: datetime, tz: str, order: _PageOrder) -> Found | None:
    text = candidate.text
    when = from_timestamp(text) or parse_vietnamese_date(text, now=now, tz=tz, order=order.of(text))
    if when is None:
        return None
    timed = when.astimezone(ZoneInfo(tz)).time() != datetime.min.time()
    return Found(_keep_offset(candidate, when), candidate.source, timed)


def _keep_offset(candidate: Candidate, when: datetime) -> datetime:
    """Metadata keeps the offset it was written with (for :func:`_local_clock_if_near_zone`)."""
    if candidate.source != "metadata":
        return when
    found = re.search(r"[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*([+-]\d{2}):?(\d{2})\b", candidate.text)
    if found is None:
        return when
    hours, minutes = int(found[1]), int(found[2])
    offset = timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes)
    return when.astimezone(timezone(offset))


def metadata_candidates(sel: Selector) -> Iterator[Candidate]:
    for meta in sel.xpath("//meta"):
        key = (meta.attrib.get("property") or meta.attrib.get("name") or meta.attrib.get("itemprop") or "").lower()
        if key in _META_DATE_NAMES and meta.attrib.get("content"):
            yield Candidate(meta.attrib["content"], "metadata")
    for text in _json_ld_dates(sel):
        yield Candidate(text, "metadata")
    for text in sel.xpath("//time/@datetime").getall():
        yield Candidate(text, "metadata")


def visible_candidates(sel: Selector) -> Iterator[Candidate]:
    """Date elements after the headline, the text after it, date elements before it in its block."""
    node = headline_node(sel)
    if node is None:
        for element in sel.xpath(_WITHOUT_HEADLINE):
            yield from _element_candidates(element)
        return
    block = _block(node)
    before = [e for e in islice(filter(_is_dated, _preceding(node.root)), _BEFORE) if block is not None and _inside(e, block)]
    for element in reversed(before):  # page order
        yield from _element_candidates(Selector(root=element, type="html"))
    yield from _after(node.root)
    for script in node.xpath(_SCRIPTS_AFTER):
        yield from _script_dates(script)


def _is_dated(element: Any) -> bool:
    """A date element: its class names a date or time ("date", "DateTime", "ngaydang"), or it keeps one."""
    css = (element.get("class") or "").lower()
    return any(word in css for word in _DATE_WORDS) or any(name in element.attrib for name in _DATE_ATTRIBUTES)


def _after(headline: Any) -> Iterator[Candidate]:
    """The date elements and the text after the headline, in page order, until five of the one
    and fifteen of the other were seen (walked in Python: XPath would filter the whole page first)."""
    dated = texts = 0
    for event, element in _following_events(headline):
        if event == "start" and _is_dated(element):
            dated += 1
            if dated <= _AFTER:
                yield from _element_candidates(Selector(root=element, type="html"))
        text = element.text if event == "start" else element.tail
        if text and text.strip() and not (event == "start" and element.tag in _NO_TEXT):
            texts += 1
            if texts <= _TEXTS_AFTER:
                yield from _line(text, "byline")
        if dated >= _AFTER and texts >= _TEXTS_AFTER:
            return


def _following_events(element: Any) -> Iterator[tuple[str, Any]]:
    """("start", e) and ("end", e) for the elements after ``element`` in page order (XPath's
    following::*), the tail of each arriving with its "end"."""
    if element.tail:
        yield "end", element  # the text right after the headline
    for start in (element, *element.iterancestors()):
        for sibling in start.itersiblings():
            if not isinstance(sibling.tag, str):  # a comment or processing instruction: only its tail counts
                if sibling.tail:
                    yield "end", sibling
                continue
            for event, found in etree.iterwalk(sibling, events=("start", "end")):
                if isinstance(found.tag, str):
                    yield event, found
        if start is not element and start.tail:
            yield "end", start


def _preceding(element: Any) -> Iterator[Any]:
    """The elements before ``element``, nearest first, its ancestors left out (XPath's preceding::*)."""
    for start in (element, *element.iterancestors()):
        for sibling in start.itersiblings(preceding=True):
            yield from (e for e in reversed(list(sibling.iter())) if isinstance(e.tag, str))


def _element_candidates(element: Selector) -> Iterator[Candidate]:
    for name in _TOOLTIPS:
        value = element.attrib.get(name)
        if value and value.strip():
            yield Candidate(value.strip(), "tooltip")
    yield from _line(" ".join(element.xpath(".//text()[not(ancestor::script)]").getall()), "byline")
    for script in element.xpath(".//script"):
        yield from _script_dates(script)


def _line(raw: str, source: TimeSource) -> Iterator[Candidate]:
    line = " ".join(raw.split())
    if 0 < len(line) <= _MAX_DATE_LINE and not (_TODAY.search(line) and re.search(r"\d{4}", line)):
        yield Candidate(line, source)


def _script_dates(script: Selector) -> Iterator[Candidate]:
    for found in _QUOTED.finditer(script.xpath("string()").get() or ""):
        yield Candidate(found[2] or found[3], "script")


def _block(node: Selector) -> Any:
    """The headline's nearest ancestor that holds the article's text too."""
    for ancestor in node.root.iterancestors():
        if len("".join(ancestor.xpath(".//text()[not(ancestor::script or ancestor::style)]"))) >= _BLOCK_CHARS:
            return ancestor
    return None


def _inside(element: Any, block: Any) -> bool:
    return any(ancestor is block for ancestor in element.iterancestors())


def _json_ld_dates(sel: Selector) -> Iterator[str]:
    for block in sel.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(block)
        except ValueError:
            continue  # sites often ship broken JSON-LD; the other candidates remain
        yield from _find_key(data, "datePublished")


def _find_key(data: Any, key: str) -> Iterator[str]:
    if isinstance(data, dict):
        if isinstance(data.get(key), str):
            yield data[key]
        for value in data.values():
            yield from _find_key(value, key)
    elif isinstance(data, list):
        for value in data:
            yield from _find_key(value, key)
