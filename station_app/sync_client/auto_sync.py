"""When the next automatic sync is due: every ten minutes while the county answers, and ever
more rarely while it does not (10, 20, 40 … minutes, capped), instead of a retry ladder inside
every run. Offline is a station's normal state; knocking on a dead line every ten minutes with
eight tries each time only keeps the PC busy.

UI-free and clock-driven (``clock`` returns seconds, monotonic), so tests step through hours.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Seconds between automatic runs while the county answers.
EVERY = 10 * 60.0
#: The longest wait between two automatic tries while it does not.
CAP = 2 * 60 * 60.0


@dataclass
class AutoSyncSchedule:
    every: float = EVERY
    cap: float = CAP
    clock: Callable[[], float] = time.monotonic
    #: Automatic runs in a row that found the county unreachable.
    misses: int = 0
    next_due: float = field(init=False)

    def __post_init__(self) -> None:
        self.next_due = self.clock() + self.every

    def due(self) -> bool:
        return self.clock() >= self.next_due

    def wait(self) -> float:
        """Seconds from one automatic try to the next, after ``misses`` misses."""
        return min(self.cap, self.every * 2.0**self.misses)

    def succeeded(self) -> None:
        """The county answered: back to every ten minutes."""
        self.misses = 0
        self.next_due = self.clock() + self.every

    def missed(self) -> None:
        """The county did not answer: wait twice as long as last time (up to the cap)."""
        self.misses += 1
        self.next_due = self.clock() + self.wait()

    def network_back(self) -> None:
        """The PC came online again: try at once, and from then on every ten minutes."""
        self.misses = 0
        self.next_due = self.clock()
