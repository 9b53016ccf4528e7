"""A command typed wrongly, said in Vietnamese (docs: README "The `langnghe` command").

typer (its vendored click) words a usage error in English ("No such option: --x", "Missing
argument 'FILE'."). The exception says which kind it is and carries the option, the parameter
and, for a value typer could not convert, pydantic's error: the sentence is built here from
those. A message of a kind not listed is kept as typer words it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import ValidationError
from typer._click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption, UsageError

from langnghe.validation import problem

_PARAM_VI = {"argument": "đối số", "option": "tùy chọn"}
_PATH_VI = {"file": "tệp", "directory": "thư mục", "path": "đường dẫn"}

# typer's own messages (no exception of their own) -> Vietnamese, from the parts they name
_MESSAGES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^No such command '(.*)'\.$"), lambda m: f"không có lệnh '{m[1]}' (xem langnghe --help)"),
    (re.compile(r"^Got unexpected extra arguments? ?\(s?\)? ?\((.*)\)$"), lambda m: f"thừa đối số ({m[1]})"),
    (re.compile(r"^Missing command\.$"), lambda m: "thiếu lệnh (xem langnghe --help)"),
    (re.compile(r"^Option '(.*)' requires (?:an argument|(\d+) arguments)\.$"),
     lambda m: f"tùy chọn '{m[1]}' cần {m[2] or 'một'} giá trị"),
    (re.compile(r"^Option '(.*)' does not take a value\.$"), lambda m: f"tùy chọn '{m[1]}' không nhận giá trị"),
    (re.compile(r"^Value (.*) is not a valid (.*)\.$"), lambda m: f"cần {m[2]}, nhận {m[1]}"),
    (re.compile(r"^(.*) is not one of (.*)\.$"),
     lambda m: f"cần một trong {m[2].replace(' or ', ' hoặc ')}, nhận {m[1]}"),
    (re.compile(r"^((?i:file|directory|path)) (.*) does not exist\.$"),
     lambda m: f"không có {_PATH_VI[m[1].lower()]} {m[2]}"),
    (re.compile(r"^((?i:file|directory|path)) (.*) is a file\.$"), lambda m: f"{m[2]} là một tệp, cần thư mục"),
    (re.compile(r"^((?i:file|directory|path)) (.*) is a directory\.$"), lambda m: f"{m[2]} là một thư mục, cần tệp"),
    (re.compile(r"^((?i:file|directory|path)) (.*) is not readable\.$"), lambda m: f"không đọc được {m[2]}"),
    (re.compile(r"^((?i:file|directory|path)) (.*) is not writable\.$"), lambda m: f"không ghi được vào {m[2]}"),
)


def usage_problem(exc: UsageError) -> str:
    """What is wrong with the command line, in Vietnamese.

    >>> usage_problem(NoSuchOption("--nhanh", possibilities=["--nhan"]))
    'không có tùy chọn --nhanh (có thể là: --nhan)'
    """
    if isinstance(exc, NoSuchOption):
        maybe = f" (có thể là: {', '.join(sorted(exc.possibilities))})" if exc.possibilities else ""
        return f"không có tùy chọn {exc.option_name}{maybe}"
    if isinstance(exc, MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        return f"thiếu {_PARAM_VI.get(kind, 'tham số')} {_hint(exc)}".rstrip()
    if isinstance(exc, BadParameter):
        return f"giá trị sai cho {_hint(exc)}: {_bad_value(exc)}"
    if isinstance(exc, BadOptionUsage):
        return _said(exc.message) or exc.format_message()
    return _said(exc.message) or exc.format_message()


def _hint(exc: BadParameter) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(repr(part) for part in hint)
    return exc.param.get_error_hint() if exc.param is not None else ""


def _bad_value(exc: BadParameter) -> str:
    cause = exc.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        return problem(cause.errors()[0])
    return _said(exc.message) or exc.message


def _said(message: str) -> str | None:
    for pattern, build in _MESSAGES:
        found = pattern.match(message.strip())
        if found:
            return build(found)
    return None
