"""``langnghe export``: the filtered items of the index, streamed into one file.

Items are read page by page from :meth:`IndexBackend.scan` (oldest first) and written
as they come, so an export of the whole index holds one page in memory. The file is
written under a temporary name and renamed when complete: an interrupted export
leaves no half file behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from langnghe.errors import InputError
from langnghe.exports.options import ExportRequest, Format
from langnghe.exports.writers import WRITERS
from langnghe.index import open_index
from langnghe.item import Item
from langnghe.progress import SILENT, Progress
from langnghe.reports.names import load_names
from langnghe.settings import Settings

PAGE = 500


@dataclass(frozen=True)
class ExportReport:
    path: Path
    format: Format
    items: int

    def line(self) -> str:
        return f"đã xuất {self.items} tin ra {self.path} ({self.format})"


def export_items(
    settings: Settings, request: ExportRequest, fmt: Format, output: Path, *, progress: Progress = SILENT
) -> ExportReport:
    """Write the items matching ``request`` to ``output`` in ``fmt``, reporting progress."""
    zone = ZoneInfo(settings.timezone)
    names = load_names(settings)  # before the index: a broken config fails before any work
    index = open_index(settings)
    try:
        filters = request.filters()
        items = index.scan(filters, batch=PAGE)
        with progress.task("export", total=index.count(filters)) as task:
            counted = _counting(items, task.advance)
            written = _write_replacing(output, lambda path: WRITERS[fmt](counted, path, zone, names))
    finally:
        index.close()
    return ExportReport(output, fmt, written)


def _counting(items: Iterable[Item], advance: Callable[[], None]) -> Iterator[Item]:
    for item in items:
        yield item
        advance()


def _write_replacing(output: Path, write: Callable[[Path], int]) -> int:
    # Not mkstemp: its 0600 mode would stick to the export; this name takes the umask's.
    temporary = output.with_name(f".{output.name}.{os.getpid()}.part")
    try:
        written = write(temporary)
        os.replace(temporary, output)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(f"-o/--output: cannot write {output}: {exc.strerror or exc}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return written
