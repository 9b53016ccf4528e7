"""Emerging issues by event thread: one entry per thread, not one per fragment (docs: README,
"Stories").

:func:`~langnghe.detection.emerging.rank_emerging` scores stories; a developing event is
several stories (the incident, the denial, the fine), and two of them may grow in the same
week. :func:`by_thread` keeps, in rank order, the best-ranked story of each thread and
gives it the thread's id and timeline, and the story's own title (as ``langnghe stories``
and the timeline name it) with the item that title comes from cited first; concerns,
stories no thread was found for and threads of one story are kept as they are. Policy only: the threads come from a
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
        if thread is None or len(thread.timeline) < 2:
            kept.append(issue)
        elif thread.id not in shown:
            shown.add(thread.id)
            kept.append(_threaded(issue, thread))
    return kept


def _threaded(issue: EmergingIssue, thread: Thread) -> EmergingIssue:
    own = next((entry for entry in thread.timeline if entry.story_id == issue.key), None)
    if own is None or own.title_item_id is None:
        return replace(issue, thread_id=thread.id, timeline=list(thread.timeline))
    cited = [own.title_item_id, *(item_id for item_id in issue.item_ids if item_id != own.title_item_id)]
    return replace(issue, title=own.title, item_ids=cited[: max(len(issue.item_ids), 1)], thread_id=thread.id,
                   timeline=list(thread.timeline))  # fmt: skip
