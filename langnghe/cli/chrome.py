"""The words typer and click put around a command's help, in Vietnamese.

Every ``--help`` page reads in Vietnamese: the usage line ("Cách dùng:"), the help option's own
line, the panel titles ("Tùy chọn", "Tham số", "Lệnh") and the default/required marks. The
commands' own help texts are given as ``help=`` where they are declared (docstrings stay the
code's English documentation). Typer reads its panel titles from module constants of
``typer.rich_utils`` at render time; :func:`use_vietnamese` sets them once, before any help is shown.
"""

from __future__ import annotations

from typing import Any

import typer.rich_utils as rich_utils
from typer._click.core import Context, HelpFormatter
from typer.core import TyperCommand, TyperGroup

USAGE = "Cách dùng: "
HELP_OPTION = "Hiện hướng dẫn này rồi thoát."

_TITLES = {
    "ARGUMENTS_PANEL_TITLE": "Tham số",
    "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": "Lỗi",
    "DEFAULT_STRING": "[mặc định: {}]",
    "ENVVAR_STRING": "[biến môi trường: {}]",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
    "DEPRECATED_STRING": "(không dùng nữa) ",
    "ABORTED_TEXT": "Đã dừng.",
    "RICH_HELP": "Xem [blue]'{command_path} {help_option}'[/] để biết cách dùng.",
}


def use_vietnamese() -> None:
    """Typer's panel titles and marks in Vietnamese (idempotent)."""
    for name, text in _TITLES.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)


class _Vietnamese:
    """The usage line and the help option in Vietnamese, for a command or a group."""

    def format_usage(self: Any, ctx: Context, formatter: HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE)

    def get_help_option(self: Any, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION
        return option


class Command(_Vietnamese, TyperCommand):
    """A ``langnghe`` sub-command whose help page is Vietnamese throughout."""


class Group(_Vietnamese, TyperGroup):
    """A ``langnghe`` group (``claims``, ``queue``) whose help page is Vietnamese throughout."""


use_vietnamese()
