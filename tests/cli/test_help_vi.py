"""Every ``--help`` page reads in Vietnamese: the commands' and options' own texts, and the words
typer puts around them (usage line, panel titles, the help option's line)."""

from __future__ import annotations

import re

import pytest
import typer
from typer._click.core import Command, Context
from typer.core import TyperGroup as Group
from typer.testing import CliRunner

from langnghe.cli import app

# letters only Vietnamese (of the languages in play) writes: a help text without one is English
_VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.IGNORECASE)
_CHROME_EN = ("Usage:", "Options", "Arguments", "Commands", "Show this message", "[default:", "[required]")


def _commands(group: Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Command]]:
    found: list[tuple[tuple[str, ...], Command]] = []
    with Context(group) as ctx:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None
            found.append(((*path, name), command))
            if isinstance(command, Group):
                found.extend(_commands(command, (*path, name)))
    return found


ROOT = typer.main.get_command(app)
assert isinstance(ROOT, Group)
COMMANDS = _commands(ROOT)


def test_every_command_is_found() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"demo", "search", "claims import", "queue retry", "worker", "item"} <= names


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(path) for path, _ in COMMANDS])
def test_a_command_and_its_options_are_described_in_vietnamese(path: tuple[str, ...], command: Command) -> None:
    assert command.help and _VIETNAMESE.search(command.help), f"{' '.join(path)}: {command.help!r}"
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            assert _VIETNAMESE.search(text), f"{' '.join(path)} {param.name}: {text!r}"


@pytest.mark.parametrize("args", [[], ["digest"], ["claims"], ["claims", "import"], ["queue", "retry"], ["export"]])
def test_the_help_page_around_the_texts_is_vietnamese(args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=100)
    assert result.exit_code == 0
    assert "Cách dùng:" in result.output and "Hiện hướng dẫn này rồi thoát." in result.output
    assert "Tùy chọn" in result.output
    for english in _CHROME_EN:
        assert english not in result.output, english
