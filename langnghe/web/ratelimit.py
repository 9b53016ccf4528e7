"""A sliding-window counter per key (an API key's prefix, a login's address), in memory.

One web process keeps its own counts; behind several processes each enforces its share. Old
entries are dropped as they age, so memory stays bounded by the live keys.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window_s, self._clock = limit, window_s, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _live(self, key: str, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        return hits

    def blocked(self, key: str) -> bool:
        """Whether ``key`` has used up its window (nothing is counted)."""
        with self._lock:
            now = self._clock()
            hits = self._live(key, now)
            if not hits:
                self._hits.pop(key, None)
            return len(hits) >= self.limit

    def hit(self, key: str) -> bool:
        """Count one use of ``key``; ``False`` when that use is over the limit (it is not counted)."""
        with self._lock:
            now = self._clock()
            hits = self._live(key, now)
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def clear(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` has room again."""
        with self._lock:
            hits = self._hits.get(key)
            return 0 if not hits else max(1, int(hits[0] + self.window_s - self._clock()) + 1)
