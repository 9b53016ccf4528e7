"""Who filed which field report (``data_dir/field_reports.sqlite3`` by default; any database
:mod:`langnghe.db` opens, the ``field_reports`` Alembic branch).

A collaborator's report travels as an ordinary Item (``platform: collaborator``) through the
queue, the enrich stage and the index, its ``author`` a pseudonym like every author. Who filed
it stays here, beside the item's id, and nowhere else: the collaborator's own list and the
admins' views read this table; nothing a search, an export or an analyst's page shows does.
Filing the same report again keeps its first filing (``filed_at``, ``user_id``) and refreshes
what it says (:meth:`FieldReportStore.record`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa

from langnghe.db import Database, Store
from langnghe.db.sql import upsert
from langnghe.db.times import from_micros, from_micros_or_none, to_micros, to_micros_or_none

Via = Literal["form", "upload", "api"]

metadata = sa.MetaData()
field_reports = sa.Table(
    "field_reports", metadata,
    sa.Column("item_id", sa.Text, primary_key=True), sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("filed_at", sa.BigInteger, nullable=False), sa.Column("via", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False), sa.Column("place", sa.Text, nullable=False),
    sa.Column("province", sa.Text), sa.Column("reported_at", sa.BigInteger),
    sa.Index("field_reports_user", "user_id", "filed_at"),
    sa.Index("field_reports_filed", "filed_at"),
)  # fmt: skip


@dataclass(frozen=True)
class FiledReport:
    """One report as filed: the item it became, who filed it, when and how, and what it said."""

    item_id: str
    user_id: str
    filed_at: datetime  # UTC; the first filing's
    via: Via
    text: str
    place: str = ""
    province: str | None = None  # the current provincial unit the place names, when the gazetteer knows it
    reported_at: datetime | None = None  # when it happened, as the collaborator said (UTC)


def _row(report: FiledReport) -> dict[str, Any]:
    return {
        "item_id": report.item_id, "user_id": report.user_id, "filed_at": to_micros(report.filed_at),
        "via": report.via, "text": report.text, "place": report.place, "province": report.province,
        "reported_at": to_micros_or_none(report.reported_at),
    }  # fmt: skip


def _report(row: Any) -> FiledReport:
    return FiledReport(
        item_id=row.item_id, user_id=row.user_id, filed_at=from_micros(row.filed_at), via=row.via, text=row.text,
        place=row.place, province=row.province, reported_at=from_micros_or_none(row.reported_at),
    )  # fmt: skip


class FieldReportStore(Store):
    """Filed reports by item id; shareable by threads."""

    def __init__(self, target: str | Path) -> None:
        self._db = Database(target, "field_reports")

    def record(self, reports: Sequence[FiledReport]) -> None:
        """Add reports; one filed before keeps its filer and first filing time, its content is refreshed."""
        def refresh(insert: Any) -> dict[str, Any]:
            return {name: insert.excluded[name] for name in ("text", "place", "province", "reported_at")}

        with self._db.write() as db:
            upsert(db, field_reports, [_row(report) for report in reports], updates=refresh)

    def get(self, item_ids: Sequence[str]) -> dict[str, FiledReport]:
        """The reports among ``item_ids`` (an item that is no field report is left out)."""
        if not item_ids:
            return {}
        query = field_reports.select().where(field_reports.c.item_id.in_(list(item_ids)))
        with self._db.read() as db:
            return {row.item_id: _report(row) for row in db.execute(query)}

    def latest(self, *, user_id: str | None = None, limit: int = 50) -> list[FiledReport]:
        """The latest filed reports, newest first; ``user_id``: only that user's."""
        query = field_reports.select().order_by(field_reports.c.filed_at.desc(), field_reports.c.item_id)
        if user_id is not None:
            query = query.where(field_reports.c.user_id == user_id)
        with self._db.read() as db:
            return [_report(row) for row in db.execute(query.limit(limit))]
