"""Lock-out for guessing: wrong enrollment codes and wrong tokens, counted per client address
and per code in a sliding window, in memory (one process; restarts forget, which is fine for
slowing a guesser from ~170 tries a second to a few a minute).

Failures are logged with the address only, never the code or token tried.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

#: Environment settings, so ``serve --workers N`` processes share the same limits.
MAX_FAILURES_ENV = "COUNTY_AUTH_MAX_FAILURES"
WINDOW_ENV = "COUNTY_AUTH_WINDOW_SECONDS"
DEFAULT_MAX_FAILURES = 20
DEFAULT_WINDOW = 300.0
MAX_KEYS = 100_000  # a flood of addresses cannot grow the table without bound


@dataclass
class FailureWindow:
    """Failures per key in the last ``window`` seconds; a key at ``max_failures`` is locked."""

    max_failures: int = DEFAULT_MAX_FAILURES
    window: float = DEFAULT_WINDOW
    clock: Callable[[], float] = time.monotonic
    _seen: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_env(cls) -> FailureWindow:
        return cls(
            max_failures=max(1, int(os.environ.get(MAX_FAILURES_ENV, DEFAULT_MAX_FAILURES))),
            window=max(1.0, float(os.environ.get(WINDOW_ENV, DEFAULT_WINDOW))),
        )

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._seen.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._seen[key]
        return times

    def locked(self, *keys: str) -> bool:
        now = self.clock()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.max_failures for k in keys)

    def fail(self, *keys: str) -> int:
        """Count one failure against each key; returns the most any key now has."""
        now = self.clock()
        worst = 0
        with self._lock:
            if len(self._seen) > MAX_KEYS:
                for k in list(self._seen):
                    self._recent(k, now)
                if len(self._seen) > MAX_KEYS:
                    self._seen.clear()
            for key in keys:
                times = self._recent(key, now)
                if not times:
                    self._seen[key] = times
                times.append(now)
                worst = max(worst, len(times))
        return worst
