"""Exponential backoff with jitter, Retry-After honoured, bounded in tries and time.

Jitter keeps thirty stations that lost the line in the same storm from all retrying in the
same second when it comes back.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from station_app.sync_client.transport import TransportFailure

T = TypeVar("T")


@dataclass
class RetryPolicy:
    base: float = 1.0  # seconds before the first retry (before jitter)
    cap: float = 60.0  # longest wait between two tries
    max_attempts: int = 8  # tries of one request before the run gives up
    deadline: float = 900.0  # seconds a whole sync run may take, waits included
    rng: random.Random = field(default_factory=random.Random)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.started = self.clock()

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Wait before try ``attempt + 1``: between half and all of base*2^attempt (jitter),
        and never less than the server's Retry-After."""
        ceiling = min(self.cap, self.base * (2**attempt))
        wait = self.rng.uniform(ceiling / 2, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.cap * 2))
        return wait

    def remaining(self) -> float:
        return self.deadline - (self.clock() - self.started)

    def call(
        self,
        operation: Callable[[], T],
        *,
        cancelled: Callable[[], bool] = lambda: False,
        on_retry: Callable[[TransportFailure, float], None] | None = None,
    ) -> T:
        """Run ``operation`` until it succeeds, fails for good, or tries/time run out."""
        attempt = 0
        while True:
            try:
                return operation()
            except TransportFailure as failure:
                attempt += 1
                if not failure.retryable or attempt >= self.max_attempts or cancelled():
                    raise
                wait = self.delay(attempt - 1, failure.retry_after)
                if wait > self.remaining():
                    raise
                if on_retry is not None:
                    on_retry(failure, wait)
                # Waited in short slices, so a clerk's cancel takes effect within a moment.
                waited = 0.0
                while waited < wait:
                    if cancelled():
                        raise failure
                    step = min(0.25, wait - waited)
                    self.sleep(step)
                    waited += step
