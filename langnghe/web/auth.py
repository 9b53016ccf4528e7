"""Who may do what: permissions, the roles that hold them, and the principal of a request.

Routes name the permission they need (:func:`langnghe.web.deps.page_user`,
:func:`langnghe.web.deps.api_user`); a role is only a set of permissions, so a route never
tests a role by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from langnghe.labels import PERMISSION_VI, ROLE_VI
from langnghe.stores.accounts import Role, User

__all__ = ["PERMISSION_VI", "ROLE_VI", "ROLE_PERMISSIONS", "Permission", "Principal"]

Permission = Literal["search", "dashboards", "saved", "export", "reports", "field_report", "admin"]
SEARCH: Permission = "search"  # search, items, facets
DASHBOARDS: Permission = "dashboards"  # trends, emerging issues, stories, claims, sources
SAVED: Permission = "saved"  # saved searches and watch-lists
EXPORT: Permission = "export"  # exports of any search
REPORTS: Permission = "reports"  # digests and monthly reports (reading and downloading)
FIELD_REPORT: Permission = "field_report"  # filing field reports
ADMIN: Permission = "admin"  # users, keys, sources, quarantine, audit log

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    "admin": frozenset({SEARCH, DASHBOARDS, SAVED, EXPORT, REPORTS, FIELD_REPORT, ADMIN}),
    "analyst": frozenset({SEARCH, DASHBOARDS, SAVED, EXPORT, REPORTS}),
    "viewer": frozenset({DASHBOARDS, REPORTS}),
    "collaborator": frozenset({FIELD_REPORT}),
}


@dataclass(frozen=True)
class Principal:
    """The user behind a request, and how they came: a session cookie or an API key."""

    user_id: int
    username: str
    display_name: str
    role: Role
    via: Literal["session", "key"]
    key_prefix: str | None = None

    @classmethod
    def of(cls, user: User, via: Literal["session", "key"], key_prefix: str | None = None) -> Principal:
        return cls(user.id, user.username, user.display_name, user.role, via, key_prefix)

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def role_name(self) -> str:
        return ROLE_VI[self.role]
