"""Read commands that open one thing an analyst found (a spike's, a story's or a claim's items):
``langnghe item ID`` and ``langnghe story ID``, answered by the query service."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from langnghe.cli import AtOption, ConfigDir, DataDir, JsonOption, _parse_at, _print_json, _service, _settings, console, out
from langnghe.labels import DIMENSION_VI, in_sentence


def _not_found(what: str, wanted: str) -> typer.Exit:
    """One Vietnamese line on stderr; the command exits 1."""
    console.print(f"Không tìm thấy {what} có mã “{wanted}”.", style="bold red", highlight=False, markup=False)
    return typer.Exit(1)


def item(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Mã tin (như search, stories, trends và claims --json liệt kê).")],
    as_json: JsonOption = False,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """One item: its text, source, time (local), every signal with its score, its story and the claims it matches."""
    from langnghe.cli.render_items import print_item

    settings = _settings(data_dir, config_dir)
    with _service(settings) as service:
        found = service.item(item_id)
    if found is None:
        raise _not_found("tin, bài", item_id)
    if as_json:
        _print_json(found)
    else:
        print_item(out, found, tz=settings.timezone)


def story(
    story_id: Annotated[str, typer.Argument(metavar="ID", help="Mã sự kiện (như `stories` và `trends` liệt kê).")],
    limit: Annotated[int, typer.Option(min=1, help="Số tin của sự kiện liệt kê.")] = 20,
    oldest: Annotated[bool, typer.Option("--oldest", help="Tin cũ nhất trước (mặc định: mới nhất trước).")] = False,
    at: AtOption = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """One story: its figures (items, first and last seen, sources, provinces, tone) and its items."""
    from langnghe.cli.render_items import print_story

    settings = _settings(data_dir, config_dir)
    moment = _parse_at(at, settings.timezone) if at else None
    with _service(settings) as service:
        found = service.story(story_id, at=moment, items=limit, order="oldest" if oldest else "newest")
    if found is None:
        raise _not_found(in_sentence(DIMENSION_VI["story"]), story_id)
    if as_json:
        _print_json(found)
    else:
        print_story(out, found, tz=settings.timezone)
