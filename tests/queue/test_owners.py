"""Lease owners (langnghe.queue.owners): a process is told apart from a later one given its pid."""

from __future__ import annotations

import os
import socket
import subprocess

from langnghe.queue.owners import owner_is_gone, owner_name

HOST = socket.gethostname()


def test_a_live_process_owns_its_leases_and_a_reaped_one_is_gone() -> None:
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        name = owner_name(sleeper.pid)
        assert name.startswith(f"{HOST}:{sleeper.pid}.") and not owner_is_gone(name, HOST)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert owner_is_gone(name, HOST)
    assert owner_is_gone(f"{HOST}:{sleeper.pid}", HOST)  # a token of an earlier version: the pid alone


def test_a_pid_now_held_by_another_process_is_not_the_owner() -> None:
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        pid, start, boot = owner_name(sleeper.pid).rpartition(":")[2].split(".")
        assert owner_is_gone(f"{HOST}:{pid}.{int(start) - 1}.{boot}", HOST)  # started at another moment
        assert owner_is_gone(f"{HOST}:{pid}.{start}.00000000", HOST)  # before a reboot
    finally:
        sleeper.kill()
        sleeper.wait()


def test_this_process_and_other_hosts_are_never_judged_gone() -> None:
    assert not owner_is_gone(owner_name(), HOST)
    assert not owner_is_gone(f"{HOST}:{os.getpid()}.1.00000000", HOST)
    assert not owner_is_gone("elsewhere:1.2.3", HOST)
