"""The demo ends by saying how to open its data in the web app."""

from __future__ import annotations

from pathlib import Path

from langnghe.app import App
from langnghe.demo.web_hint import web_app_lines
from langnghe.settings import Settings


def test_without_users_it_first_says_how_to_make_the_admin(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    lines = web_app_lines(settings)
    assert lines[0] == "Xem kết quả trong ứng dụng web:"
    assert "users add quantri --role admin --data-dir" in lines[1]
    assert "serve --data-dir" in lines[2] and "http://127.0.0.1:8000/" in lines[2]


def test_once_a_user_exists_it_only_says_how_to_serve(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with App(settings) as app:
        app.accounts.add_user("quantri", "mat-khau-quan-tri", "admin")
    lines = web_app_lines(settings)
    assert len(lines) == 2 and " serve" in lines[1] and "users add" not in lines[1]
