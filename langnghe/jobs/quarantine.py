"""Giving quarantined items another go: ``langnghe queue retry`` and the admin's quarantine page."""

from __future__ import annotations

from collections.abc import Sequence

from langnghe.app import App


def retry_quarantined(app: App, ids: Sequence[str] | None = None, reason: str | None = None) -> int:
    """Give quarantined items (all, ``ids``, or those whose reason contains ``reason``) a fresh set
    of attempts, back in the stream for the enrich stage; returns how many came back."""
    return app.queue.release(list(ids) if ids else None, reason)
