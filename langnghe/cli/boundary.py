"""The CLI's one error boundary (docs: README "Security and privacy").

Every command runs inside :class:`BoundaryGroup`, however the app is started (``langnghe``,
``python -m langnghe.cli``, typer's test runner). A failure that is the user's or the
environment's becomes one line on stderr and exit status 2; its traceback goes to the log
(shown with ``--verbose``). A failure is one of those when its chain (``__cause__``,
``__context__``, SQLAlchemy's ``orig``) holds a full disk, a denied permission, a read-only
file system or database, an unreachable backend, or a :class:`~langnghe.errors.LangngheError`.
A sub-command's bad argument (click's usage error) is one line too. Anything else is a bug
and keeps its traceback. :func:`explain` is the policy, pure; the group is the thin shell
around it.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import ssl
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import typer
from typer._click.core import Context  # typer vendors click: its context and usage error
from typer._click.exceptions import UsageError

from langnghe.cli.usage import usage_problem
from langnghe.cli.chrome import Group
from langnghe.errors import BackendProblem, BackendUnavailable, LangngheError
from langnghe.scheduler.logs import StderrHandler

if TYPE_CHECKING:
    from langnghe.settings import Settings

log = logging.getLogger(__name__)

# The running command's settings (set by ``_settings``), to name the data folder and the cluster.
_settings: ContextVar[Settings | None] = ContextVar("langnghe_cli_settings", default=None)

_PROBLEM_VI: dict[str, str] = {
    "unreachable": "không kết nối được",
    "timeout": "không trả lời kịp",
    "unavailable": "tạm thời không dùng được",
    "tls": "chứng chỉ TLS không được tin (kiểm tra LANGNGHE_ES_CA_CERTS)",
    "denied": "từ chối đăng nhập (kiểm tra LANGNGHE_ES_USERNAME và LANGNGHE_ES_PASSWORD, hoặc LANGNGHE_ES_API_KEY)",
}
_FULL = {errno.ENOSPC, errno.EDQUOT}
_DENIED = {errno.EACCES, errno.EPERM}
# SQLite primary result codes (the low byte of an extended one)
_SQLITE_FULL = 13
_SQLITE_NO_WRITE = {3, 8, 14}  # PERM, READONLY, CANTOPEN


@dataclass(frozen=True)
class Where:
    """What the boundary knows of the command's surroundings, to name the place that failed."""

    data_dir: str | None = None
    es_url: str | None = None


@dataclass(frozen=True)
class Failure:
    """What the user is told: one Vietnamese line, and the exit status."""

    line: str
    code: int = 2


def backend_line(backend: str, where: str | None, problem: BackendProblem) -> str:
    """``Elasticsearch: không kết nối được (http://127.0.0.1:9200)``: a backend that is down."""
    return f"{backend}: {_PROBLEM_VI[problem]}" + (f" ({where})" if where else "")


def explain(exc: BaseException, where: Where) -> Failure | None:
    """The line for a user's or an environment's failure; ``None`` for a bug."""
    chain = list(_chain(exc))
    for rule in (_disk_full, _no_write, _backend_down, _transport_down):
        line = rule(chain, where)
        if line is not None:
            return Failure(f"lỗi: {line}")
    if isinstance(exc, LangngheError):
        return Failure(f"lỗi: {exc}")  # the messages of errors.py: "file: key: problem, value", in Vietnamese
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception it came from, outermost first, each once."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        origin = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's error
        current = origin if isinstance(origin, BaseException) else (current.__cause__ or current.__context__)


def _place(chain: list[BaseException], where: Where) -> str:
    """The file or folder a storage failure concerns: the error's own, else the data folder."""
    for link in chain:
        failed = _file_error(link)
        if failed is not None and failed.filename:
            return str(failed.filename)
        if isinstance(link, BackendUnavailable) and link.where and link.backend == "SQLite":
            return link.where
    return where.data_dir or "thư mục dữ liệu"


def _file_error(link: BaseException) -> OSError | None:
    """An OSError of the file system; TLS and network errors are OSErrors too, but belong to backends."""
    if isinstance(link, OSError) and not isinstance(link, (ssl.SSLError, ConnectionError, TimeoutError)):
        return link
    return None


def _errno(link: BaseException) -> int | None:
    failed = _file_error(link)
    return failed.errno if failed is not None else None


def _sqlite_code(link: BaseException) -> int | None:
    code = getattr(link, "sqlite_errorcode", None) if isinstance(link, sqlite3.Error) else None
    return code & 0xFF if isinstance(code, int) else None


def _disk_full(chain: list[BaseException], where: Where) -> str | None:
    if any(_errno(x) in _FULL or _sqlite_code(x) == _SQLITE_FULL for x in chain):
        return f"hết chỗ trên đĩa khi ghi vào {_place(chain, where)}"
    return None


def _no_write(chain: list[BaseException], where: Where) -> str | None:
    for link in chain:
        failed = _file_error(link)
        if failed is not None and failed.errno in _DENIED:
            return f"không có quyền truy cập {_place(chain, where)}"
        if failed is not None and failed.errno == errno.EROFS:
            return f"không ghi được vào {_place(chain, where)}: hệ thống tệp chỉ đọc"
        if _sqlite_code(link) in _SQLITE_NO_WRITE:
            return f"không ghi được vào {_place(chain, where)} (SQLite: {link})"
    return None


def _backend_down(chain: list[BaseException], where: Where) -> str | None:
    for link in chain:
        if isinstance(link, BackendUnavailable) and link.backend:
            fallback = where.es_url if link.backend == "Elasticsearch" else None
            return backend_line(link.backend, link.where or fallback, link.problem)
    return None


def _transport_down(chain: list[BaseException], where: Where) -> str | None:
    """The Elasticsearch client's own errors of connection, TLS and credentials, where no caller
    wrapped them."""
    if "elastic_transport" not in sys.modules:
        return None
    from elastic_transport import ConnectionError as TransportConnectionError
    from elastic_transport import ConnectionTimeout, TlsError
    from elasticsearch import AuthenticationException, AuthorizationException

    kinds: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], BackendProblem], ...] = (
        (TlsError, "tls"), (ConnectionTimeout, "timeout"), (TransportConnectionError, "unreachable"),
        ((AuthenticationException, AuthorizationException), "denied"),
    )  # fmt: skip
    for link in chain:
        for kind, problem in kinds:
            if isinstance(link, kind):
                return backend_line("Elasticsearch", where.es_url, problem)
    return None


def remember(settings: Settings) -> None:
    """The command's settings, for the boundary to name what failed."""
    _settings.set(settings)


def _where() -> Where:
    settings = _settings.get()
    if settings is None:
        return Where()
    es_url = _public(settings.es_url) if settings.index_backend == "elasticsearch" and settings.es_url else None
    return Where(data_dir=str(settings.data_dir), es_url=es_url)


def _public(url: str) -> str:
    """A URL as it may be shown: without a user or password written into it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    return urlunsplit(parts._replace(netloc=netloc + (f":{parts.port}" if parts.port else "")))


class BoundaryGroup(Group):
    """The ``langnghe`` group: runs the chosen command inside the boundary."""

    def invoke(self, ctx: Context) -> Any:
        token = _settings.set(None)
        try:
            return super().invoke(ctx)
        except UsageError as exc:  # a sub-command's bad argument: one line, not a usage box
            command = exc.ctx.command_path if exc.ctx is not None else ctx.command_path
            typer.echo(f"lỗi: tham số không hợp lệ ({command}): {usage_problem(exc)}", err=True)
            raise typer.Exit(2) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as exc:
            failure = explain(exc, _where())
            if failure is None:
                raise
            log.debug("command failed", exc_info=exc)
            typer.echo(failure.line, err=True)
            raise typer.Exit(failure.code) from None
        finally:
            _settings.reset(token)


class OneLineFormatter(logging.Formatter):
    """Log lines without tracebacks: the terminal gets one line per record unless ``--verbose``."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        return ""

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return ""


def _quiet_client_retries(record: logging.LogRecord) -> bool:
    """The Elasticsearch client's retry warnings: the boundary says how the command ended."""
    return not (record.name.startswith("elastic_transport") and record.levelno < logging.ERROR)


def configure_logging(verbose: bool) -> None:
    """stderr logging for a command: everything with tracebacks when verbose, else warnings in one line."""
    handler = StderrHandler()
    form = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    handler.setFormatter(logging.Formatter(form) if verbose else OneLineFormatter(form))
    if not verbose:
        handler.addFilter(_quiet_client_retries)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler])
