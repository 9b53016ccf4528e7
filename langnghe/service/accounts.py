"""Response models of the web app's accounts as admins read them: users, API keys (never the key
itself, only its visible prefix) and the audit log (README: "The web app")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from langnghe.service.types import IsoTime, Response

if TYPE_CHECKING:
    from langnghe.stores.accounts import ApiKey, AuditEntry, User


class UserView(Response):
    id: int
    username: str
    display_name: str
    role: str  # admin, analyst, viewer or collaborator
    disabled: bool
    created_at: IsoTime


class ApiKeyView(Response):
    prefix: str  # the visible start of the key, which names it
    name: str
    user_id: int
    username: str | None  # None: the user is gone
    created_at: IsoTime
    revoked_at: IsoTime | None
    last_used_at: IsoTime | None


class AuditEntryView(Response):
    id: int
    at: IsoTime  # UTC
    user_id: int | None
    username: str  # who, as they were named then
    action: str
    detail: str
    address: str  # from where


class AuditLogResponse(Response):
    """Entries newest first; ``before_id``: pass it back for the next (older) page, None on the last."""

    entries: list[AuditEntryView]
    before_id: int | None


@dataclass(frozen=True)
class AuditFilter:
    """Which entries: by whom (username), what (action), when ([since, until))."""

    username: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def user_view(user: User) -> UserView:
    return UserView(id=user.id, username=user.username, display_name=user.display_name, role=user.role,
                    disabled=user.disabled, created_at=user.created_at)  # fmt: skip


def key_view(key: ApiKey, names: dict[int, str]) -> ApiKeyView:
    return ApiKeyView(prefix=key.prefix, name=key.name, user_id=key.user_id, username=names.get(key.user_id),
                      created_at=key.created_at, revoked_at=key.revoked_at, last_used_at=key.last_used_at)  # fmt: skip


def audit_view(entry: AuditEntry) -> AuditEntryView:
    return AuditEntryView(id=entry.id, at=entry.at, user_id=entry.user_id, username=entry.username,
                          action=entry.action, detail=entry.detail, address=entry.address)  # fmt: skip
