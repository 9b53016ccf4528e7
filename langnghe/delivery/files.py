"""The file channel: each message as files an analyst can open, or a web server can publish.

Layout, under the channel's ``dir`` (relative to the data folder)::

    alerts/2026-11-20/digest_2026-11-20.txt      always
    alerts/2026-11-20/digest_2026-11-20.html     when the message has HTML; cid: links point into _files/
    alerts/2026-11-20/digest_2026-11-20.md       when it has Markdown
    alerts/2026-11-20/digest_2026-11-20_files/   the images (<cid>.png) and the attachments

The day is the one on which the key was first delivered, so a rerun with the same
key rewrites the same files (and drops the forms and files it no longer has) rather
than adding copies. Every file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import threading
import unicodedata
from datetime import date
from pathlib import Path

from langnghe.delivery.config import FileChannel
from langnghe.delivery.errors import PermanentError, TransientError
from langnghe.delivery.message import Message

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CID = re.compile(r"cid:([^\"'\s)>]+)")
_MAX_NAME = 100
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}  # space may come back; a permission will not


def safe_name(key: str) -> str:
    """A file name for ``key``: ASCII letters, digits, ``._-``; the ``:`` of keys becomes ``_``, and a
    short hash is added when anything else had to change, so two keys never share files.

    >>> safe_name("digest:2026-11-20")
    'digest_2026-11-20'
    >>> safe_name("alert:spike:Thừa Thiên Huế")
    'alert_spike_Thua_Thien_Hue-bcd9d7'
    """
    readable = key.replace(":", "_")
    folded = unicodedata.normalize("NFKD", readable.replace("đ", "d").replace("Đ", "D"))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    name = _UNSAFE.sub("_", ascii_only).strip("._-")[:_MAX_NAME] or "message"
    if name == readable:
        return name
    return f"{name}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:6]}"


def _temporary(path: Path) -> Path:
    # Not mkstemp/mkdtemp: their 0600/0700 modes would stick to files a web server may publish.
    return path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = _temporary(path)
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _attachment_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name  # no folder of its own: it stays in ours
    return name if name not in ("", ".", "..") else "attachment"


def _link_images(html: str, folder: str) -> str:
    return _CID.sub(lambda m: f"{folder}/{safe_name(m.group(1))}.png", html)


class FileSender:
    def __init__(self, name: str, channel: FileChannel, *, data_dir: Path, day: date) -> None:
        self.name = name
        self.folder = data_dir / channel.dir / day.isoformat()

    def send(self, message: Message) -> str:
        stem = safe_name(message.key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write_assets(message, self.folder / f"{stem}_files")
            html = _link_images(message.html, f"{stem}_files") if message.html is not None else None
            for suffix, content in ((".html", html), (".md", message.markdown), (".txt", message.text)):
                path = self.folder / f"{stem}{suffix}"
                if content is None:
                    path.unlink(missing_ok=True)  # a rewrite without this form drops the old one
                else:
                    _write_atomic(path, content.encode("utf-8"))
        except OSError as exc:
            kind = TransientError if exc.errno in _DISK_FULL else PermanentError
            raise kind(f"không ghi được vào {self.folder} ({exc.strerror or exc})") from None
        return f"đã ghi {self.folder / stem}.*"

    def _write_assets(self, message: Message, folder: Path) -> None:
        """Images and attachments into a fresh folder that then replaces the old one whole."""
        if not message.images and not message.attachments:
            shutil.rmtree(folder, ignore_errors=True)
            return
        fresh = _temporary(folder)
        shutil.rmtree(fresh, ignore_errors=True)  # left by a crash of this same process id
        fresh.mkdir()
        try:
            for image in message.images:
                (fresh / f"{safe_name(image.cid)}.png").write_bytes(image.png)
            for attachment in message.attachments:
                (fresh / _attachment_name(attachment.filename)).write_bytes(attachment.content)
            old = fresh.with_name(f"{fresh.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            if folder.exists():
                folder.rename(old)
            fresh.rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
