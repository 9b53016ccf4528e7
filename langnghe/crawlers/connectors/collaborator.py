"""``kind: collaborator``: field reports that collaborators drop as files in a folder.

The source's ``url`` is the folder: a path (relative to the current directory) or a
``file://`` URL. Files matching ``patterns`` are read: JSON (one report object or a list),
JSON Lines, CSV (UTF-8 with or without a BOM, a header row); the fields are
:class:`~langnghe.crawlers.connectors.field_reports.FieldReport`'s. Nothing is downloaded
and no key is needed: :meth:`CollaboratorConnector.start` yields the items itself.

- Each report is a ``post`` (a ``comment`` when it has ``parent_id``) with the native id
  ``<source id>:<report id>``: a file sent again with a corrected report updates it.
- A bad record is a ``source_warning`` naming the file, the row and the field
  ("bao-cao.csv: row 4: text: required"); the other records go on. A file that cannot be
  read (not UTF-8, not JSON) is a warning too and is tried again next crawl. A missing
  folder is the source's error.
- A file read whole is marked in the crawl state (:class:`FileRead`, once its items are
  committed): the next crawl skips it unless its content changed.
- ``move_done: true`` moves a file into ``done/`` beside it, but only once the crawl state
  says it is marked, i.e. its items are in the queue: at the end of the crawl, or, if the
  crawl died first, at the start of the next one. A file is never moved before its items
  are safe, so a crash loses nothing; at worst a file is read again (and upserts).

- Whoever can write into the folder must not make langnghe read outside it: a symbolic link
  is refused (and opened with ``O_NOFOLLOW``, so a link swapped in after the check is refused
  too), as is a file whose real path is outside the folder (under a linked folder), a hard
  link, anything but a regular file, and a file over ``max_file_kib``. Warnings name the file, the row and
  what was wrong, never what the file holds.

Options (:class:`~langnghe.crawlers.options.CollaboratorOptions`): ``patterns``,
``move_done``, ``max_entries`` (no new file is started once this many reports were read in
a crawl; a file is always read whole), ``max_file_kib`` (10240), ``timezone`` (of dates
written without one).
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from scrapy import signals

from langnghe.crawlers.connectors.base import Connector
from langnghe.crawlers.connectors.field_reports import DropFileError, FieldReport, read_drop_file
from langnghe.crawlers.options import CollaboratorOptions
from langnghe.crawlers.item_pipeline import CrawledItem, FileRead
from langnghe.crawlers.ledger import DropFile
from langnghe.item import Item, utcnow

log = logging.getLogger(__name__)

DONE_FOLDER = "done"


def drop_folder(url: str) -> Path:
    """The folder a source names: a path (relative to the current directory) or a ``file://`` URL."""
    if url.startswith("file:"):
        parsed = urlparse(url)
        if parsed.netloc not in ("", "localhost"):
            raise ValueError(f"{url}: chỉ đọc được thư mục trên máy này (file:///đường/dẫn)")
        path = Path(url2pathname(unquote(parsed.path)))
    else:
        path = Path(url).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


_NOFOLLOW = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # a FIFO must not block the crawl


def read_drop(path: Path, folder: Path, max_bytes: int) -> tuple[bytes, DropFile]:
    """A drop file's bytes, only if it is a regular file of ``folder`` (its real path), reached
    without a symbolic link, and at most ``max_bytes`` long; else :class:`DropFileError`.
    ``OSError`` when it cannot be read."""
    if path.is_symlink():
        raise DropFileError("liên kết tượng trưng (symlink): không đọc (hãy thả tệp thật vào thư mục)")
    if folder.resolve() not in path.resolve().parents:
        raise DropFileError("nằm ngoài thư mục nhận tệp (qua liên kết tượng trưng): không đọc")
    try:
        fd = os.open(path, _NOFOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # became a link after the check above
            raise DropFileError("liên kết tượng trưng (symlink): không đọc (hãy thả tệp thật vào thư mục)") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DropFileError("không phải tệp thông thường: không đọc")
        if info.st_nlink > 1:  # a hard link can bring in any file its maker could reach
            raise DropFileError("tệp có nhiều tên (liên kết cứng): không đọc (hãy thả một bản sao)")
        data = handle.read(max_bytes + 1) if info.st_size <= max_bytes else b""
        if info.st_size > max_bytes or len(data) > max_bytes:
            raise DropFileError(f"lớn hơn giới hạn {max_bytes // 1024} KiB (options.max_file_kib): không đọc")
    drop = DropFile(path=str(path.resolve()), size=len(data), mtime=info.st_mtime, sha256=hashlib.sha256(data).hexdigest())
    return data, drop


class CollaboratorConnector(Connector):
    kind = "collaborator"
    default_kind = "post"
    options: CollaboratorOptions

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read: list[tuple[Path, DropFile]] = []  # files read whole this crawl, for move_done

    def start(self) -> Iterator[Any]:
        folder = drop_folder(self.source.url)
        if not folder.is_dir():
            what = "không phải thư mục" if folder.exists() else "không tồn tại"
            self.emit("source_error", url=str(folder), reason=f"thư mục nhận tệp {folder} {what}")
            return
        if self.options.move_done:
            # After the pipeline's last flush: every file marked by then has its items committed.
            self.spider.crawler.signals.connect(self._move_marked, signal=signals.spider_closed, weak=False)
        yield from self._read_folder(folder)

    def _read_folder(self, folder: Path) -> Iterator[Any]:
        known = reports = 0
        for path in self._files(folder):
            if self.options.max_entries is not None and reports >= self.options.max_entries:
                break  # the rest waits for the next crawl
            try:
                data, drop = read_drop(path, folder, self.options.max_file_kib * 1024)
            except DropFileError as exc:
                self._warn(path, str(exc))
                continue
            except OSError as exc:
                self._warn(path, f"không đọc được ({exc.strerror or type(exc).__name__})")
                continue
            if self.spider.job.state.file_done(self.source.id, drop):
                known += 1
                if self.options.move_done:
                    self._move(path, drop)  # marked by an earlier crawl that did not get to move it
                continue
            reports += (yield from self._read_file(path, data, drop)) or 0
        if known:
            self.emit("feed", url=str(folder), entries=0, known=known)

    def _files(self, folder: Path) -> list[Path]:
        done = folder / DONE_FOLDER
        found = {p for pattern in self.options.patterns for p in folder.glob(pattern)}
        # not is_file() alone: it follows links, and a link must be seen to be refused
        return sorted(p for p in found if (p.is_symlink() or p.is_file()) and done not in p.parents)

    def _read_file(self, path: Path, data: bytes, drop: DropFile) -> Generator[Any, None, int | None]:
        """The file's items, then its :class:`FileRead`; returns how many reports it held (None: unreadable)."""
        try:
            rows = read_drop_file(path.name, data, tz=self.options.tz, now=utcnow())
        except DropFileError as exc:
            self._warn(path, str(exc))
            return None
        good = [row for row in rows if row.report is not None]
        self.emit("feed", url=str(path), entries=len(good), known=0)
        for row in rows:
            if row.report is None:
                self._warn(path, f"{row.where}: {row.problem}" if row.where else str(row.problem))
            else:
                yield CrawledItem(item=self.report_item(row.report))
        yield FileRead(source=self.source.id, drop=drop, items=len(good))
        self._read.append((path, drop))
        return len(good)

    def report_item(self, report: FieldReport) -> Item:
        parent = f"{self.source.id}:{report.parent_id}" if report.parent_id else None
        return self.native_item(
            f"{self.source.id}:{report.id}",
            text=report.full_text(),
            kind="comment" if parent else "post",
            title=report.title,
            url=report.url,
            published_at=report.reported_at,
            author=report.reporter,
            parent_native_id=parent,
        )

    # -- move_done ------------------------------------------------------------------------

    def _move_marked(self) -> None:
        for path, drop in self._read:
            if self.spider.job.state.file_done(self.source.id, drop):
                self._move(path, drop)

    def _move(self, path: Path, drop: DropFile) -> None:
        target = path.parent / DONE_FOLDER / path.name
        if target.exists():  # a collaborator reused a file name: keep both
            target = target.with_name(f"{path.stem}-{drop.sha256[:8]}{path.suffix}")
        try:
            target.parent.mkdir(exist_ok=True)
            path.rename(target)
        except OSError as exc:
            self._warn(path, f"đã đọc nhưng không chuyển được vào {DONE_FOLDER}/ ({exc.strerror or exc})")

    def _warn(self, path: Path, reason: str) -> None:
        self.emit("source_warning", url=str(path), reason=f"{path.name}: {reason}")
