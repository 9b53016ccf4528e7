"""Addresses of the search page for a drill-down: a chart's bar or point, a spike, a story.

A dashboard's filters, as typed, are kept; the clicked value is added to its field and the
clicked bucket replaces the time range. A reader who may not search (a viewer) gets no links. Times are written ``dd/mm/yyyy HH:MM`` in the app's
zone, as the search form shows them and :mod:`langnghe.times` reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

SEARCH_PATH = "/tim-kiem"
STEP: dict[str, timedelta] = {"hour": timedelta(hours=1), "day": timedelta(days=1)}  # a spike's bucket

# What a search can be narrowed by, as the search page's query parameters name them
# (a field of the index -> the parameter); a spike of another dimension drills down by time only.
PARAMETERS: dict[str, str] = {
    "section": "section", "concern": "concern", "province": "province", "source": "source",
    "sentiment": "sentiment", "story": "story",
}  # fmt: skip


@dataclass(frozen=True)
class SearchLink:
    """A search's state as the search page reads it from its address."""

    query: str = ""
    since: str | None = None
    until: str | None = None
    terms: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (parameter, value), in order
    allowed: bool = True  # whether the reader may search (a viewer may not: no link then)

    def url(self) -> str | None:
        """The search page's address; None for a reader without the search permission."""
        if not self.allowed:
            return None
        pairs = [("q", self.query)] if self.query else []
        pairs += [(name, value) for name, value in (("since", self.since), ("until", self.until)) if value]
        return f"{SEARCH_PATH}?{urlencode(pairs + list(self.terms))}" if pairs or self.terms else SEARCH_PATH

    def with_value(self, index_field: str, value: str) -> SearchLink:
        """Narrowed to ``value`` of ``index_field``: the field's other values are dropped, since
        the clicked bar is one of them; a field the search cannot filter by is left as it was."""
        parameter = PARAMETERS.get(index_field)
        if parameter is None:
            return self
        kept = tuple(pair for pair in self.terms if pair[0] != parameter)
        return replace(self, terms=(*kept, (parameter, value)))

    def within(self, since: datetime, until: datetime, tz: str) -> SearchLink:
        return replace(self, since=local_text(since, tz), until=local_text(until, tz))

    def bucket(self, start: datetime, interval: str, tz: str) -> SearchLink:
        """Narrowed to the hour or local day that starts at ``start``."""
        if interval == "day":
            zone = ZoneInfo(tz)
            return self.within(start, datetime.combine(start.astimezone(zone).date() + timedelta(days=1), time(), zone), tz)
        return self.within(start, start + STEP["hour"], tz)


def local_text(moment: datetime, tz: str) -> str:
    """``moment`` as ``dd/mm/yyyy HH:MM`` in ``tz``."""
    return moment.astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y %H:%M")
