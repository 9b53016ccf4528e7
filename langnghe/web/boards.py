"""What the dashboards read from their address: the filters of "Xu hướng" and the ``at`` picker.

Filters go through :class:`~langnghe.service.filters.FilterRequest` (names, ids or either
without diacritics) and times through :mod:`langnghe.times` (``dd/mm/yyyy HH:MM`` or ISO),
as the CLI's options do; what is typed is kept as typed for the drill-down links.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo

from langnghe.errors import InputError
from langnghe.index.base import Filters
from langnghe.service import QueryService
from langnghe.service.filters import FilterRequest
from langnghe.service.latest import Bucket, default_moment
from langnghe.times import parse_local_time
from langnghe.web.links import SearchLink

Interval = Literal["hour", "day"]
DEFAULT_DAYS = 30  # the dashboard's range when none is typed: these days up to the newest item's
HOURLY_UP_TO = timedelta(days=4)  # a range this short is charted by the hour, a longer one by the day
AT_FIELD = "Thời điểm"


def typed(value: str | None) -> str | None:
    """A form field as typed; an empty one is absent."""
    return value.strip() or None if value is not None else None


def typed_all(values: list[str]) -> tuple[str, ...]:
    return tuple(value.strip() for value in values if value.strip())


@dataclass(frozen=True)
class BoardForm:
    """The filters of the "Xu hướng" page (and ``/api/v1/dashboard``), as typed."""

    q: str = ""
    since: str | None = None
    until: str | None = None
    section: tuple[str, ...] = ()
    concern: tuple[str, ...] = ()
    province: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    sentiment: tuple[str, ...] = ()
    interval: str | None = None  # hour, day, or chosen from the range

    def request(self) -> FilterRequest:
        return FilterRequest(since=self.since, until=self.until, sections=self.section, sentiments=self.sentiment,
                             concerns=self.concern, provinces=self.province, sources=self.source)  # fmt: skip

    def link(self, allowed: bool = True) -> SearchLink:
        """The search these filters make, before a click narrows it (``allowed``: see :class:`SearchLink`)."""
        fields = (("section", self.section), ("concern", self.concern), ("province", self.province),
                  ("source", self.source), ("sentiment", self.sentiment))  # fmt: skip
        terms = tuple((name, value) for name, values in fields for value in values)
        return SearchLink(query=self.q, since=self.since, until=self.until, terms=terms, allowed=allowed)


# The CLI's option names in the shared resolver's messages, as the form labels and the API's parameters say them.
FORM_LABELS: dict[str, str] = {
    "--since": "Từ", "--until": "Đến", "--section": "Lĩnh vực", "--concern": "Mối quan tâm",
    "--province": "Tỉnh/thành", "--source": "Nguồn", "--sentiment": "Sắc thái",
}  # fmt: skip


def form_message(error: InputError, *, api: bool = False) -> str:
    """The resolver's one-line message naming the form field (or, for the API, the parameter)."""
    text = str(error)
    for option, label in FORM_LABELS.items():
        text = text.replace(option, option.removeprefix("--") if api else f"“{label}”")
    return text


def with_default_range(form: BoardForm, newest: datetime | None, tz: str) -> BoardForm:
    """The page's form, its range the :data:`DEFAULT_DAYS` local days up to the newest item's when
    none was typed (written into the form, so the address and every drill-down carry it)."""
    if form.since or form.until or newest is None:
        return form
    last = newest.astimezone(ZoneInfo(tz)).date()
    return replace(form, since=f"{last - timedelta(days=DEFAULT_DAYS - 1):%d/%m/%Y}", until=f"{last:%d/%m/%Y}")


def chosen_interval(form: BoardForm, filters: Filters, newest: datetime | None) -> Interval:
    """The asked bucket, else hours for a range of up to four days and days for a longer one."""
    if form.interval in ("hour", "day"):
        return "hour" if form.interval == "hour" else "day"
    end = filters.until or newest
    if filters.since is not None and end is not None and end - filters.since <= HOURLY_UP_TO:
        return "hour"
    return "day"


def parse_at(text: str | None, tz: str) -> datetime | None:
    """The ``at`` picker's moment (``dd/mm/yyyy HH:MM`` in the app's zone, or ISO); None when empty."""
    value = typed(text)
    return None if value is None else parse_local_time(value, tz, option=AT_FIELD)


def moment_or_default(text: str | None, queries: QueryService, bucket: Bucket) -> datetime:
    """The picked moment, else now, or the end of the newest item's hour or day when data
    stopped before (as ``langnghe trends|emerging`` choose without ``--at``)."""
    picked = parse_at(text, queries.tz)
    if picked is not None:
        return picked
    return default_moment(datetime.now(timezone.utc), queries.newest(), bucket, queries.tz)
