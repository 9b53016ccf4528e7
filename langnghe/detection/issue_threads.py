"""Emerging issues by event thread: one entry per thread, not one per fragment (docs: README,
"Stories").

:func:`~langnghe.detection.emerging.rank_emerging` scores stories; a developing event is
several stories (the incident, the denial, the fine), and two of them may grow in the same
week. :func:`by_thread` keeps, in rank order, the best-ranked story of each thread and
gives it the thread's id and timeline; concerns, and stories no thread was found for, are
kept as they are. Policy only: the threads come from a
:data:`~langnghe.detection.threads.ThreadLookup` (the story store).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from langnghe.detection.emerging import EmergingIssue
from langnghe.detection.threads import Thread


def by_thread(issues: Sequence[EmergingIssue], threads: Mapping[str, Thread]) -> list[EmergingIssue]:
    """``issues`` (best first) with the later stories of a thread already listed left out;
    each story kept carries its thread's id and timeline."""
    shown: set[str] = set()
    kept: list[EmergingIssue] = []
    for issue in issues:
        thread = threads.get(issue.key) if issue.kind == "story" else None
        if thread is None:
            kept.append(issue)
        elif thread.id not in shown:
            shown.add(thread.id)
            kept.append(replace(issue, thread_id=thread.id, timeline=list(thread.timeline)))
    return kept
