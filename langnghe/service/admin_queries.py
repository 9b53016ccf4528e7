"""The query service's reads of the web app's own stores: users, API keys and the audit log
(admins), and the field reports as filed (a collaborator's own, or every one with who filed it
for admins). Mixed into :class:`~langnghe.service.queries.QueryService`; queries never write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from langnghe.service.accounts import (
    ApiKeyView,
    AuditFilter,
    AuditLogResponse,
    UserView,
    audit_view,
    key_view,
    user_view,
)
from langnghe.service.field_reports import FieldReportsResponse, FieldReportView, FilerView, field_report_view, report_state

if TYPE_CHECKING:
    from langnghe.app import App
    from langnghe.stores.field_reports import FiledReport


class AdminQueries:
    app: App

    # -- accounts -----------------------------------------------------------------------

    def users(self) -> list[UserView]:
        """Every user of the web app, by username."""
        return [user_view(user) for user in self.app.accounts.users()]

    def api_keys(self) -> list[ApiKeyView]:
        """Every API key (its prefix, never the key), the newest first, with its user's name."""
        names = {user.id: user.username for user in self.app.accounts.users()}
        return [key_view(key, names) for key in self.app.accounts.keys()]

    def audit_log(self, chosen: AuditFilter, *, limit: int = 100, before_id: int | None = None) -> AuditLogResponse:
        """Audit entries newest first; ``before_id`` of the answer pages back to older ones."""
        found = self.app.accounts.audit_log(limit=limit + 1, before_id=before_id, username=chosen.username,
                                            action=chosen.action, since=chosen.since, until=chosen.until)  # fmt: skip
        entries = [audit_view(entry) for entry in found[:limit]]
        return AuditLogResponse(entries=entries, before_id=entries[-1].id if len(found) > limit else None)

    # -- field reports ------------------------------------------------------------------

    def field_reports(self, *, user_id: str | None = None, limit: int = 50, show_filer: bool = False) -> FieldReportsResponse:
        """The latest filed field reports (``user_id``: only that user's), each with its state in the
        pipeline; who filed each only with ``show_filer`` (admins' views)."""
        if not self.app.settings.store_exists("field_reports"):
            return FieldReportsResponse(reports=[])
        filed = self.app.field_reports.latest(user_id=user_id, limit=limit)
        filers = self._filers({report.user_id for report in filed}) if show_filer else {}
        return FieldReportsResponse(reports=[self._report_view(report, filers) for report in filed])

    def field_report(self, item_id: str, *, show_filer: bool = False) -> FieldReportView | None:
        """The field report an item was filed as (None: the item is no field report)."""
        if not self.app.settings.store_exists("field_reports"):
            return None
        found = self.app.field_reports.get([item_id]).get(item_id)
        if found is None:
            return None
        return self._report_view(found, self._filers({found.user_id}) if show_filer else {})

    def _filers(self, user_ids: set[str]) -> dict[str, FilerView]:
        users = {str(user.id): user for user in self.app.accounts.users()}
        return {uid: FilerView(user_id=uid, username=users[uid].username, display_name=users[uid].display_name)
                if uid in users else FilerView(user_id=uid) for uid in user_ids}  # fmt: skip

    def _report_view(self, report: FiledReport, filers: dict[str, FilerView]) -> FieldReportView:
        state = report_state(self.app.queue.state(report.item_id))
        return field_report_view(report, state, filers.get(report.user_id))
