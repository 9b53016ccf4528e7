"""Pydantic's validation errors said in Vietnamese, for the one-line messages users read.

Pydantic words its errors in English ("Field required", "Input should be a valid boolean").
Each error carries a type code and the numbers behind it (``ctx``), so the sentence is built
here from those, in Vietnamese; a message we wrote ourselves (a ``ValueError`` raised in a
validator) is kept as it is. A type not listed gives its code, never pydantic's English.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

_Context = dict[str, Any]

# type code -> Vietnamese problem, from the error's ctx
_PROBLEMS: dict[str, Callable[[_Context], str]] = {
    "missing": lambda c: "thiếu khóa bắt buộc",
    "extra_forbidden": lambda c: "khóa lạ (kiểm tra chính tả)",
    "string_type": lambda c: "cần một chuỗi văn bản",
    "string_too_short": lambda c: f"cần ít nhất {c['min_length']} ký tự",
    "string_too_long": lambda c: f"dài quá {c['max_length']} ký tự",
    "string_pattern_mismatch": lambda c: f"không khớp mẫu {c['pattern']}",
    "int_type": lambda c: "cần một số nguyên",
    "int_parsing": lambda c: "cần một số nguyên",
    "int_from_float": lambda c: "cần một số nguyên",
    "float_type": lambda c: "cần một số",
    "float_parsing": lambda c: "cần một số",
    "bool_type": lambda c: "cần true hoặc false",
    "bool_parsing": lambda c: "cần true hoặc false",
    "greater_than": lambda c: f"cần lớn hơn {c['gt']}",
    "greater_than_equal": lambda c: f"cần từ {c['ge']} trở lên",
    "less_than": lambda c: f"cần nhỏ hơn {c['lt']}",
    "less_than_equal": lambda c: f"cần không quá {c['le']}",
    "literal_error": lambda c: f"cần một trong các giá trị {_choices(c['expected'])}",
    "enum": lambda c: f"cần một trong các giá trị {_choices(c['expected'])}",
    "union_tag_invalid": lambda c: (
        f"{_bare(c['discriminator'])}: cần một trong các giá trị {_choices(c['expected_tags'])}, nhận {shown(c['tag'])}"
    ),
    "union_tag_not_found": lambda c: f"thiếu khóa {_bare(c['discriminator'])}",
    "list_type": lambda c: "cần một danh sách",
    "tuple_type": lambda c: "cần một danh sách",
    "set_type": lambda c: "cần một danh sách",
    "too_short": lambda c: f"cần ít nhất {c['min_length']} phần tử",
    "too_long": lambda c: f"nhiều quá {c['max_length']} phần tử",
    "dict_type": lambda c: "cần một bảng khóa: giá trị",
    "model_type": lambda c: "cần một bảng khóa: giá trị",
    "model_attributes_type": lambda c: "cần một bảng khóa: giá trị",
    "date_type": lambda c: "cần một ngày",
    "date_parsing": lambda c: "cần một ngày (dd/mm/yyyy hoặc YYYY-MM-DD)",
    "date_from_datetime_parsing": lambda c: "cần một ngày (dd/mm/yyyy hoặc YYYY-MM-DD)",
    "datetime_type": lambda c: "cần một thời điểm",
    "datetime_parsing": lambda c: "cần một thời điểm (ISO 8601)",
    "datetime_from_date_parsing": lambda c: "cần một thời điểm (ISO 8601)",
    "timezone_aware": lambda c: "cần một thời điểm có múi giờ",
    "path_type": lambda c: "cần một đường dẫn",
    "none_required": lambda c: "cần để trống",
    "frozen_instance": lambda c: "không sửa được",
}
# Errors whose value the user need not be shown again: ours name it, the others have none.
_NO_VALUE = frozenset({"missing", "extra_forbidden", "value_error", "assertion_error", "union_tag_invalid",
                       "union_tag_not_found"})
_SHOWN = 80  # characters of a bad value shown


def problem(error: ErrorDetails) -> str:
    """What is wrong, in Vietnamese, with the value given when that helps.

    >>> problem({"type": "bool_parsing", "loc": ("enabled",), "msg": "…", "input": "maybe"})
    "cần true hoặc false, nhận 'maybe'"
    """
    kind = error["type"]
    if kind in ("value_error", "assertion_error"):
        return error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    build = _PROBLEMS.get(kind)
    try:
        said = build(dict(error.get("ctx") or {})) if build else f"giá trị không hợp lệ ({kind})"
    except KeyError:  # a pydantic version without the number we name
        said = f"giá trị không hợp lệ ({kind})"
    if kind in _NO_VALUE or "input" not in error:
        return said
    return f"{said}, nhận {shown(error['input'])}"


def describe(error: ValidationError, *, whole: str | None = "(cấp ngoài cùng)") -> str:
    """The first problem as ``key: problem, value``, and how many others there are; ``whole``
    names the record itself when the problem has no key (None: the problem alone)."""
    errors = error.errors()
    more = f" (và {len(errors) - 1} lỗi khác)" if len(errors) > 1 else ""
    key = key_of(errors[0]["loc"]) or whole
    return f"{key}: {problem(errors[0])}{more}" if key else f"{problem(errors[0])}{more}"


def shown(value: object) -> str:
    """A user's value as quoted in a message, cut short when long."""
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def key_of(loc: Sequence[int | str]) -> str:
    """``("sources", 2, "interval")`` -> ``sources[2].interval``."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


def _bare(name: object) -> str:
    return str(name).strip("'")


def _choices(expected: object) -> str:
    """Pydantic's "'rss', 'sitemap' or 'html'" as "'rss', 'sitemap' hoặc 'html'"."""
    text = str(expected)
    head, sep, last = text.rpartition(" or ")
    return f"{head} hoặc {last}" if sep else text
