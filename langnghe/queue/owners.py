"""Who holds a lease, and whether that process is gone: the queue releases a dead owner's
leases at once instead of waiting for the lease timeout.

An owner is named ``host:pid.start.boot`` (the start is the process's start time in clock
ticks since boot, ``/proc/PID/stat`` field 22; the boot is the first 8 characters of the boot
id), so a pid handed to another process since (a restart after a power loss, a busy host)
does not keep a dead worker's items leased: the pid is alive but it is not the owner. Owners
named ``host:pid`` (tokens of earlier versions, systems without ``/proc``) are judged by the
pid alone. Owners on other hosts are never judged here; their leases expire.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def owner_name(pid: int | None = None) -> str:
    """``host:pid.start.boot`` of this process (or ``pid``), ``host:pid`` where /proc is missing."""
    pid = os.getpid() if pid is None else pid
    start = _start_ticks(pid)
    boot = _boot()
    return f"{socket.gethostname()}:{pid}" + (f".{start}.{boot}" if start is not None and boot else "")


def owner_is_gone(owner: str, host: str) -> bool:
    """True when ``owner`` (:func:`owner_name`'s form) names a process of ``host`` that has exited,
    or whose pid now belongs to another process; never for this process or another host."""
    name, _, process = owner.rpartition(":")
    pid_text, *identity = process.split(".")
    if name != host or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by another user: still compare its identity
        pass
    if _is_zombie(pid):
        return True
    return len(identity) == 2 and (identity[1] != _boot() or identity[0] != str(_start_ticks(pid)))


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name (state first), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()


def _start_ticks(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[19]) if fields is not None and len(fields) > 19 else None  # field 22 of the whole line


def _is_zombie(pid: int) -> bool:
    """A killed child not yet reaped by its parent still answers kill(0); on Linux, ask /proc."""
    fields = _stat_fields(pid)
    return fields is not None and bool(fields) and fields[0] == "Z"


def _boot() -> str:
    try:
        return _BOOT_ID.read_text().strip().replace("-", "")[:8]
    except OSError:
        return ""
