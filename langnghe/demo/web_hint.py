"""What the demo prints at its end about the web app: how to make the first admin (a command,
never a default password) and how to serve the app on the demo's data."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from langnghe.app import App
from langnghe.settings import Settings


def _command() -> str:
    """How this run was started: ``.venv/bin/langnghe`` after ``make demo``, else ``langnghe``."""
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("langnghe")
    if started.name == "langnghe" and started.parent != Path(""):
        try:
            return shlex.quote(str(started.resolve().relative_to(Path.cwd().resolve())))
        except ValueError:
            return shlex.quote(str(started))
    return "langnghe"


def web_app_lines(settings: Settings, port: int = 8000) -> list[str]:
    command = _command()
    folder = "" if settings.data_dir == Path("langnghe-data") else f" --data-dir {shlex.quote(str(settings.data_dir))}"
    with App(settings) as app:
        has_users = bool(app.accounts.users())
    lines = ["Xem kết quả trong ứng dụng web:"]
    if not has_users:
        lines.append(f"  {command} users add quantri --role admin{folder}   (tạo quản trị viên đầu tiên; lệnh hỏi mật khẩu)")
    lines.append(f"  {command} serve{folder}   rồi mở http://127.0.0.1:{port}/ và đăng nhập")
    return lines
