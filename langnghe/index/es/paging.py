"""Deep paging on Elasticsearch: ``search_after`` on a point in time (PIT).

``from``/``size`` stops at ``index.max_result_window`` (10,000). A search that pages on
from the sort values of the previous page's last hit has no such limit; the point in
time makes every page read the same snapshot of the monthly indices, so a write or a
refresh between two pages neither repeats nor skips a hit. The sort key ends in ``id``
(unique), so hits published at the same millisecond keep one order.

The second page opens the PIT (kept :data:`KEEP_ALIVE` between pages) and the last one
closes it; the first page reads the alias, so the many searches of which only one page is
ever read hold no search context on the cluster. A cursor without a PIT, or whose PIT has
expired (an analyst who came back an hour later), goes on against a new one: the sort key
alone still neither repeats nor skips an item that was there on both reads.
"""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch, NotFoundError

from langnghe.errors import InputError
from langnghe.index.base import Cursor, SearchHit, SearchPage, SearchSort, check_page
from langnghe.index.es.documents import item_of
from langnghe.index.es.dsl import Query
from langnghe.index.es.writes import unavailable

KEEP_ALIVE = "5m"
BY_TIME: list[Any] = [{"@timestamp": "desc"}, {"id": "desc"}]


class PointInTimePager:
    """Pages of a search through ``search_after`` and a point in time on ``alias``."""

    def __init__(self, client: Elasticsearch, alias: str) -> None:
        self.client = client
        self.alias = alias

    def page(
        self, query: Query, scored: bool, *, size: int, after: Cursor | None, sort: SearchSort,
        count_up_to: int | None = None,
    ) -> SearchPage:
        check_page(size, after, sort, count_up_to)
        by_score = scored and sort == "relevance"
        order = ["_score", *BY_TIME] if by_score else BY_TIME
        if after is not None and len(after.after) != len(order):
            raise InputError("search: the cursor was made by another index or for another query")
        body: dict[str, Any] = {"query": query, "size": size + 1, "sort": order,
                                "track_total_hits": True if count_up_to is None else count_up_to,
                                "track_scores": by_score}
        if after is None:
            response, pit = self._first(body), ""
        else:
            opened = after.pit or self._open()
            if opened is None:  # the indices were dropped meanwhile
                return SearchPage(total=0, hits=[], next=None)
            body["search_after"] = list(after.after)
            response, pit = self._search(body, opened)
        found = response["hits"]["hits"]
        hits = [SearchHit(item_of(hit["_source"]), float(hit["_score"] or 0.0) if by_score else 0.0)
                for hit in found[:size]]  # fmt: skip
        following = None
        if len(found) > size:  # the key without the PIT's implicit tiebreaker: it is unique already
            following = Cursor(sort, tuple(found[size - 1]["sort"][: len(order)]), pit)
        else:
            self._close(pit)
        total = response["hits"]["total"]
        return SearchPage(total=int(total["value"]), hits=hits, next=following,
                          total_exact=total.get("relation", "eq") == "eq")

    def _first(self, body: dict[str, Any]) -> dict[str, Any]:
        # ignore_unavailable: before the first write there is no alias, and reads are empty, not 404
        with unavailable("search"):
            response = self.client.search(index=self.alias, ignore_unavailable=True, allow_no_indices=True, **body)
        return dict(response.body)

    def _search(self, body: dict[str, Any], pit: str) -> tuple[dict[str, Any], str]:
        """The response and the PIT id to go on with (Elasticsearch may hand out a new one)."""
        try:
            with unavailable("search"):
                response = self.client.search(pit={"id": pit, "keep_alive": KEEP_ALIVE}, **body)
        except NotFoundError:  # the PIT expired: the same key on a fresh snapshot
            fresh = self._open()
            if fresh is None:
                return {"hits": {"hits": [], "total": {"value": 0}}}, ""
            with unavailable("search"):
                response = self.client.search(pit={"id": fresh, "keep_alive": KEEP_ALIVE}, **body)
        return dict(response.body), str(response.body.get("pit_id", pit))

    def _open(self) -> str | None:
        with unavailable("open point in time"):
            if not self.client.indices.exists_alias(name=self.alias):
                return None
            response = self.client.open_point_in_time(index=self.alias, keep_alive=KEEP_ALIVE)
        return str(response["id"])

    def _close(self, pit: str) -> None:
        if not pit:
            return
        try:
            with unavailable("close point in time"):
                self.client.close_point_in_time(id=pit)
        except NotFoundError:  # expired meanwhile: nothing to free
            pass
