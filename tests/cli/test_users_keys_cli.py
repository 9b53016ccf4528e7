"""``langnghe users`` and ``langnghe keys``: accounts made from the command line, each change in
the web app's audit log under "dòng lệnh"."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.stores.accounts import AccountStore

runner = CliRunner()


def test_users_and_keys_from_the_command_line_are_audited(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path)]
    added = runner.invoke(app, ["users", "add", "lan", "--role", "analyst", "--name", "Nguyễn Lan",
                                "--password-stdin", *data], input="mat-khau-cua-lan\n")  # fmt: skip
    assert added.exit_code == 0 and "Đã thêm lan (Nguyễn Lan), vai trò Phân tích viên." in added.stdout
    created = runner.invoke(app, ["keys", "create", "lan", *data])
    key = created.stdout.strip().splitlines()[-1]
    assert created.exit_code == 0 and key.startswith("lnk_")
    assert runner.invoke(app, ["keys", "revoke", key[:12], *data]).exit_code == 0
    assert runner.invoke(app, ["users", "disable", "lan", *data]).exit_code == 0
    listed = runner.invoke(app, ["users", "list", *data])
    assert listed.stdout.split() == ["lan", "Nguyễn", "Lan", "Phân", "tích", "viên", "đã", "khóa"]
    with AccountStore(tmp_path / "accounts.sqlite3") as store:
        assert store.user_for_key(key) is None
        entries = [(entry.action, entry.username, entry.address) for entry in reversed(store.audit_log())]
    assert entries == [("user_change", "dòng lệnh", "cli"), ("api_key", "dòng lệnh", "cli"),
                       ("api_key", "dòng lệnh", "cli"), ("user_change", "dòng lệnh", "cli")]  # fmt: skip


def test_an_unknown_user_is_one_vietnamese_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["users", "disable", "khong-co", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and result.stderr.strip() == "lỗi: không có người dùng 'khong-co'"
