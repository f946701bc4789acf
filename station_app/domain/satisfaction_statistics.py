"""满意度: follow-ups (回访) and satisfaction ratings counted per unit for a quarter.

Shared by the station and the county, like ``quarter_statistics``: the station feeds it light
rows read from its store, the county the drafts its devices sent. A follow-up counts in the
quarter by its own 回访日期, in its case's 村(居); a consultation's rating by the consultation's
日期. A rating not recorded (None) is no rated service: it counts neither way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from station_app.domain.choices import Satisfaction
from station_app.domain.quarter import Quarter

VillageKey = int | None


class RatedConsultation(Protocol):
    @property
    def village_id(self) -> int | None: ...
    @property
    def consulted_on(self) -> date | None: ...
    @property
    def satisfaction(self) -> Satisfaction | None: ...


class FollowUp(Protocol):
    @property
    def followed_up_on(self) -> date | None: ...
    @property
    def satisfaction(self) -> Satisfaction | None: ...


class FollowedUpCase(Protocol):
    """A mediation case with its follow-ups (any of them; dates decide which count)."""

    @property
    def village_id(self) -> int | None: ...
    @property
    def follow_ups(self) -> Sequence[FollowUp]: ...


@dataclass(frozen=True)
class SatisfactionCounts:
    follow_ups: int = 0  # 回访(次)
    satisfied: int = 0
    fairly_satisfied: int = 0
    dissatisfied: int = 0

    @property
    def rated(self) -> int:
        """Services with a rating: consultations and follow-ups whose satisfaction is given."""
        return self.satisfied + self.fairly_satisfied + self.dissatisfied

    def __add__(self, other: SatisfactionCounts) -> SatisfactionCounts:
        return SatisfactionCounts(
            self.follow_ups + other.follow_ups,
            self.satisfied + other.satisfied,
            self.fairly_satisfied + other.fairly_satisfied,
            self.dissatisfied + other.dissatisfied,
        )


_SLOT = {
    Satisfaction.SATISFIED: 1,
    Satisfaction.FAIRLY_SATISFIED: 2,
    Satisfaction.DISSATISFIED: 3,
}


def count_satisfaction(
    quarter: Quarter,
    consultations: Iterable[RatedConsultation],
    cases: Iterable[FollowedUpCase],
) -> dict[VillageKey, SatisfactionCounts]:
    """Per village key: follow-ups in the quarter and the ratings given in it."""
    start, end = quarter.start, quarter.end
    counts: dict[VillageKey, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in consultations:
        day, rating = r.consulted_on, r.satisfaction
        if rating is not None and day is not None and start <= day <= end:
            counts[r.village_id][_SLOT[rating]] += 1
    for case in cases:
        for f in case.follow_ups:
            day = f.followed_up_on
            if day is None or not start <= day <= end:
                continue
            c = counts[case.village_id]
            c[0] += 1
            if f.satisfaction is not None:
                c[_SLOT[f.satisfaction]] += 1
    return {v: SatisfactionCounts(*c) for v, c in counts.items()}
