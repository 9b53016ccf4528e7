"""The accounts store: argon2 password hashes, keys kept hashed, the append-only audit log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from langnghe.errors import InputError
from langnghe.stores.accounts import AccountStore


@pytest.fixture()
def store(tmp_path: Path) -> AccountStore:
    return AccountStore(tmp_path / "accounts.sqlite3")


def test_passwords_are_kept_as_argon2id_hashes(store: AccountStore, tmp_path: Path) -> None:
    store.add_user("lan", "mat-khau-cua-lan", "analyst")
    with sqlite3.connect(tmp_path / "accounts.sqlite3") as db:
        (stored,) = db.execute("SELECT password_hash FROM users").fetchone()
    assert stored.startswith("$argon2id$") and "mat-khau-cua-lan" not in stored
    assert store.authenticate("LAN", "mat-khau-cua-lan") is not None
    assert store.authenticate("lan", "mat-khau-sai-roi") is None
    assert store.authenticate("khong-co", "mat-khau-cua-lan") is None


def test_bad_accounts_are_refused_in_one_vietnamese_line(store: AccountStore) -> None:
    with pytest.raises(InputError, match="ít nhất 10 ký tự"):
        store.add_user("lan", "ngan", "analyst")
    with pytest.raises(InputError, match="vai trò"):
        store.add_user("lan", "mat-khau-cua-lan", "boss")
    store.add_user("lan", "mat-khau-cua-lan", "analyst")
    with pytest.raises(InputError, match="đã có"):
        store.add_user("Lan", "mat-khau-khac-nua", "viewer")


def test_a_key_is_stored_hashed_with_only_its_prefix_in_clear(store: AccountStore, tmp_path: Path) -> None:
    user = store.add_user("lan", "mat-khau-cua-lan", "analyst")
    record, key = store.create_key(user.id, "máy chủ báo cáo")
    with sqlite3.connect(tmp_path / "accounts.sqlite3") as db:
        rows = db.execute("SELECT prefix, key_hash FROM api_keys").fetchall()
    assert rows == [(key[:12], rows[0][1])] and key not in rows[0][1] and record.prefix == key[:12]
    assert store.user_for_key(key)[0].username == "lan"  # type: ignore[index]
    assert store.user_for_key(key[:12] + "x" * 20) is None
    store.revoke_key(record.prefix)
    assert store.user_for_key(key) is None


def test_a_new_password_or_role_ends_the_old_sessions(store: AccountStore) -> None:
    user = store.add_user("lan", "mat-khau-cua-lan", "analyst")
    store.set_password(user.id, "mat-khau-moi-hon")
    store.set_role(user.id, "viewer")
    changed = store.user(user.id)
    assert changed is not None and changed.session_epoch == user.session_epoch + 2 and changed.role == "viewer"
    assert store.authenticate("lan", "mat-khau-cua-lan") is None


def test_the_audit_log_only_grows(store: AccountStore, tmp_path: Path) -> None:
    store.audit("login", "", username="lan", user_id=1, address="127.0.0.1")
    store.audit("export", "csv, 12 tin", username="lan", user_id=1, address="127.0.0.1")
    assert [entry.action for entry in store.audit_log()] == ["export", "login"]
    assert [entry.action for entry in store.audit_log(action="login")] == ["login"]
    with sqlite3.connect(tmp_path / "accounts.sqlite3") as db:
        for statement in ("UPDATE audit SET detail = 'x'", "DELETE FROM audit"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                db.execute(statement)
    assert len(store.audit_log()) == 2
