"""Structured logs for ``langnghe run``: one JSON object per line (journald, Loki and
Elasticsearch read them as they are), or text lines for a person. Fields given with ``extra=``
become keys of the JSON object, and ``key=value`` pairs after the text line's message, so that a
text line names its job, source or subject as the JSON one does."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import Any

# Attributes every LogRecord has; anything else came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update(_extras(record))
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def _extras(record: logging.LogRecord) -> dict[str, object]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD}


def _pair(key: str, value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    if not text or any(char.isspace() or char in '"=' for char in text):
        text = json.dumps(text, ensure_ascii=False)  # quoted, so the pairs can be split again
    return f"{key}={text}"


class TextFormatter(logging.Formatter):
    """``time LEVEL logger: message key=value ...``; a ``traceback`` field follows on its own lines."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = _extras(record)
        trace = fields.pop("traceback", None)
        fields.pop("event", None)  # the message says what happened
        if fields:
            head, sep, rest = line.partition("\n")  # an exception logged with exc_info stays below
            line = head + " " + " ".join(_pair(k, v) for k, v in fields.items()) + sep + rest
        return line + (f"\n{str(trace).rstrip()}" if trace else "")


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A handler writing to whatever ``sys.stderr`` is when a record comes, not the stream of
    the moment it was made: a caller that swaps stderr (a test runner invoking commands in
    process) and closes its stream must not leave a handler writing to a closed file."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def configure(fmt: str, level: int = logging.INFO) -> None:
    """Log to stderr as ``json`` or ``text``; replaces earlier handlers."""
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # its own lines repeat ours
