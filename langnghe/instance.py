"""One process at a time per data folder for the jobs that send (``langnghe run``, ``run --once``).

An exclusive ``flock`` on a file of the data folder (:attr:`~langnghe.paths.DataPaths.run_lock`):
the kernel releases it when its holder exits or dies (``kill -9``, a power loss), so a lock is
never stale and nothing has to be cleaned up. The holder writes its pid into the file, for the
message the next one shows. Local file systems only: ``flock`` across NFS is not reliable.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from langnghe.errors import LangngheError


class AlreadyRunning(LangngheError):
    """Another process holds the data folder's lock; the message names it, in Vietnamese."""


class InstanceLock:
    """The lock of ``path``, taken by :meth:`acquire` (or ``with``), released by :meth:`release`."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what  # the command, for the message: "langnghe run"
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock now or raise :class:`AlreadyRunning`; never waits."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise AlreadyRunning(
                f"{self.what} đang chạy trên thư mục dữ liệu {self.path.parent} (tiến trình {holder}); "
                "hãy dừng tiến trình đó trước khi chạy lại"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        """Let the next process in (closing the file releases the lock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
