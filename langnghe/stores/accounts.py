"""The web app's accounts (``data_dir/accounts.sqlite3`` by default; the ``accounts`` Alembic branch):
users with roles, API keys, and the append-only audit log.

- Passwords are kept as argon2id hashes (argon2-cffi); a hash made with older parameters is
  replaced at the next successful login.
- API keys are ``lnk_`` + ``secrets.token_urlsafe(32)``, shown once: the store keeps their
  SHA-256 (the key is random, so a slow hash adds nothing) and a visible prefix that names
  the key in lists and logs.
- Disabling a user or resetting a password bumps the user's ``session_epoch``: sessions signed
  with an older epoch no longer count.
- The audit log only grows: the store has no call that edits or deletes a row, and on SQLite
  triggers refuse both.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from langnghe.db import Database, Store
from langnghe.errors import InputError

Role = Literal["admin", "analyst", "viewer", "collaborator"]
ROLES: tuple[Role, ...] = ("admin", "analyst", "viewer", "collaborator")
KEY_PREFIX = "lnk_"
PREFIX_CHARS = 12  # "lnk_" + 8 characters of the key: unique enough to name it, useless to guess it
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

metadata = sa.MetaData()
users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.Text, nullable=False, unique=True),
    sa.Column("display_name", sa.Text, nullable=False), sa.Column("role", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.Text, nullable=False), sa.Column("updated_at", sa.Text, nullable=False),
)  # fmt: skip
api_keys = sa.Table(
    "api_keys", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("prefix", sa.Text, nullable=False, unique=True), sa.Column("key_hash", sa.Text, nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("name", sa.Text, nullable=False), sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("revoked_at", sa.Text), sa.Column("last_used_at", sa.Text),
)  # fmt: skip
audit = sa.Table(
    "audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), sa.Column("at", sa.Text, nullable=False),
    sa.Column("user_id", sa.Integer), sa.Column("username", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False), sa.Column("detail", sa.Text, nullable=False),
    sa.Column("address", sa.Text, nullable=False),
)  # fmt: skip


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    disabled: bool
    session_epoch: int
    created_at: datetime


@dataclass(frozen=True)
class ApiKey:
    id: int
    prefix: str  # shown in lists; the rest of the key is never stored
    user_id: int
    name: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user_id: int | None
    username: str  # who (kept as it was then, even if the user is renamed or removed)
    action: str  # login, login_failed, export, api_key_use, saved_search, user_change, retry...
    detail: str
    address: str  # from where (the client's address)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _user(row: Any) -> User:
    return User(row.id, row.username, row.display_name, row.role, bool(row.disabled), row.session_epoch,
                datetime.fromisoformat(row.created_at))


def _key(row: Any) -> ApiKey:
    return ApiKey(row.id, row.prefix, row.user_id, row.name, datetime.fromisoformat(row.created_at),
                  _time(row.revoked_at), _time(row.last_used_at))


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(row.id, datetime.fromisoformat(row.at), row.user_id, row.username, row.action, row.detail,
                      row.address)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def check_password(password: str) -> None:
    """A new password's one rule: at least :data:`MIN_PASSWORD` characters (NIST SP 800-63B)."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"mật khẩu: cần ít nhất {MIN_PASSWORD} ký tự")


def check_role(role: str) -> Role:
    if role not in ROLES:
        raise InputError(f"vai trò: {role!r} không có; chọn một trong {', '.join(ROLES)}")
    return role  # type: ignore[return-value]


class AccountStore(Store):
    """Users, API keys and the audit log; shareable by threads."""

    def __init__(self, target: str | Path) -> None:
        self._db = Database(target, "accounts")
        self._hasher = PasswordHasher()

    # -- users ----------------------------------------------------------------------------

    def add_user(self, username: str, password: str, role: str, display_name: str | None = None) -> User:
        """A new user; the username is lower-case letters, digits, ``.``, ``_`` or ``-``."""
        username = username.strip().lower()
        if not USERNAME.match(username):
            raise InputError(f"tên đăng nhập {username!r}: chỉ chữ thường không dấu, số, . _ -, từ 2 đến 40 ký tự")
        check_password(password)
        now = _now()
        with self._db.write() as db:
            if db.execute(sa.select(users.c.id).where(users.c.username == username)).first() is not None:
                raise InputError(f"tên đăng nhập {username!r} đã có")
            db.execute(users.insert().values(
                username=username, display_name=(display_name or username).strip(), role=check_role(role),
                password_hash=self._hasher.hash(password), created_at=now, updated_at=now))  # fmt: skip
        found = self.user_by_name(username)
        assert found is not None
        return found

    def users(self) -> list[User]:
        with self._db.read() as db:
            return [_user(row) for row in db.execute(users.select().order_by(users.c.username))]

    def user(self, user_id: int) -> User | None:
        with self._db.read() as db:
            row = db.execute(users.select().where(users.c.id == user_id)).first()
        return None if row is None else _user(row)

    def user_by_name(self, username: str) -> User | None:
        with self._db.read() as db:
            row = db.execute(users.select().where(users.c.username == username.strip().lower())).first()
        return None if row is None else _user(row)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the password is right and the account enabled; ``None`` otherwise (the
        same time is spent on an unknown name, so answers do not tell which names exist)."""
        with self._db.read() as db:
            row = db.execute(users.select().where(users.c.username == username.strip().lower())).first()
        if row is None:
            self._hasher.hash(password)  # spend the same work as a real check
            return None
        try:
            self._hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if row.disabled:
            return None
        if self._hasher.check_needs_rehash(row.password_hash):
            self._set(row.id, password_hash=self._hasher.hash(password))
        return _user(row)

    def set_password(self, user_id: int, password: str) -> None:
        """A new password; the user's open sessions end."""
        check_password(password)
        self._set(user_id, password_hash=self._hasher.hash(password), session_epoch=users.c.session_epoch + 1)

    def set_role(self, user_id: int, role: str) -> None:
        self._set(user_id, role=check_role(role), session_epoch=users.c.session_epoch + 1)

    def set_disabled(self, user_id: int, disabled: bool) -> None:
        """Disable (or enable again) an account: its sessions end and its API keys stop working."""
        self._set(user_id, disabled=disabled, session_epoch=users.c.session_epoch + 1)

    def _set(self, user_id: int, **values: object) -> None:
        with self._db.write() as db:
            done = db.execute(users.update().where(users.c.id == user_id).values(updated_at=_now(), **values))
        if done.rowcount == 0:
            raise InputError(f"không có người dùng số {user_id}")

    # -- API keys -------------------------------------------------------------------------

    def create_key(self, user_id: int, name: str) -> tuple[ApiKey, str]:
        """A new key for ``user_id``: the record and the key itself, which is never stored."""
        if self.user(user_id) is None:
            raise InputError(f"không có người dùng số {user_id}")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        with self._db.write() as db:
            db.execute(api_keys.insert().values(prefix=key[:PREFIX_CHARS], key_hash=key_digest(key), user_id=user_id,
                                                name=name.strip() or "khóa API", created_at=_now()))  # fmt: skip
            row = db.execute(api_keys.select().where(api_keys.c.prefix == key[:PREFIX_CHARS])).one()
        return _key(row), key

    def keys(self, user_id: int | None = None) -> list[ApiKey]:
        query = api_keys.select().order_by(api_keys.c.created_at.desc())
        if user_id is not None:
            query = query.where(api_keys.c.user_id == user_id)
        with self._db.read() as db:
            return [_key(row) for row in db.execute(query)]

    def revoke_key(self, prefix: str) -> ApiKey:
        """Revoke the key whose visible prefix is ``prefix`` (revoking twice keeps the first time)."""
        with self._db.write() as db:
            row = db.execute(api_keys.select().where(api_keys.c.prefix == prefix.strip())).first()
            if row is None:
                raise InputError(f"không có khóa API {prefix!r}")
            if row.revoked_at is None:
                db.execute(api_keys.update().where(api_keys.c.id == row.id).values(revoked_at=_now()))
            row = db.execute(api_keys.select().where(api_keys.c.id == row.id)).one()
        return _key(row)

    def user_for_key(self, key: str) -> tuple[User, ApiKey] | None:
        """The enabled user a live key belongs to, and the key; its last use is noted."""
        with self._db.read() as db:
            row = db.execute(api_keys.select().where(api_keys.c.prefix == key[:PREFIX_CHARS])).first()
        if row is None or row.revoked_at is not None or not hmac.compare_digest(row.key_hash, key_digest(key)):
            return None
        user = self.user(row.user_id)
        if user is None or user.disabled:
            return None
        with self._db.write() as db:
            db.execute(api_keys.update().where(api_keys.c.id == row.id).values(last_used_at=_now()))
        return user, _key(row)

    # -- audit ----------------------------------------------------------------------------

    def audit(self, action: str, detail: str, *, username: str, user_id: int | None, address: str) -> None:
        with self._db.write() as db:
            db.execute(audit.insert().values(at=_now(), user_id=user_id, username=username, action=action,
                                             detail=detail, address=address))  # fmt: skip

    def audit_log(
        self, *, limit: int = 200, before_id: int | None = None, username: str | None = None,
        action: str | None = None, since: datetime | None = None, until: datetime | None = None,
    ) -> list[AuditEntry]:
        """Entries newest first; ``before_id`` pages back from an entry (keyset paging)."""
        query = audit.select().order_by(audit.c.id.desc()).limit(limit)
        conditions = [
            audit.c.id < before_id if before_id is not None else None,
            audit.c.username == username if username else None,
            audit.c.action == action if action else None,
            audit.c.at >= since.astimezone(timezone.utc).isoformat() if since else None,
            audit.c.at < until.astimezone(timezone.utc).isoformat() if until else None,
        ]
        for condition in conditions:
            if condition is not None:
                query = query.where(condition)
        with self._db.read() as db:
            return [_entry(row) for row in db.execute(query)]
