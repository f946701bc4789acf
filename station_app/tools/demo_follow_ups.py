"""Demo data for follow-ups, satisfaction and the aid center's decision (issue 16).

Drawn from an RNG of their own, so the rest of a demo store is what it was before they existed
(a seed gives the same consultations, cases and visits as ever, now with these on top).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from station_app.domain.choices import (
    AidDecision,
    AidOpinion,
    FollowUpMethod,
    MediationResult,
    Satisfaction,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import FollowUpDraft, MediationCaseDraft
from station_app.domain.rules import revised

#: 满意, 基本满意, 不满意, not rated.
RATINGS: tuple[Satisfaction | None, ...] = (*Satisfaction, None)
RATING_WEIGHTS = (60, 25, 8, 7)
CHECKS = ("已电话回访说明情况", "已督促履行协议", "已转律师再次解答")


def _rating(rng: random.Random) -> tuple[Satisfaction | None, str | None]:
    rating = rng.choices(RATINGS, weights=RATING_WEIGHTS)[0]
    checked = rating is Satisfaction.DISSATISFIED and rng.random() < 0.7
    return rating, rng.choice(CHECKS) if checked else None


def rated_consultation(
    draft: ConsultationDraft, rng: random.Random, today: date
) -> ConsultationDraft:
    """About a third of consultations rated."""
    if rng.random() >= 0.35:
        return draft
    rating, checked = _rating(rng)
    return revised(draft, satisfaction=rating, verification=checked)


def followed_up_case(
    draft: MediationCaseDraft, rng: random.Random, today: date
) -> MediationCaseDraft:
    """Most settled cases a week or more old get one or two follow-ups."""
    closed = draft.closed_on
    if draft.result is not MediationResult.SUCCESS or closed is None:
        return draft
    if (today - closed).days < 7 or rng.random() >= 0.75:
        return draft
    follow_ups = []
    for _ in range(rng.choice((1, 1, 2))):
        day = closed + timedelta(days=rng.randrange(7, max(8, min(90, (today - closed).days + 1))))
        rating, checked = _rating(rng)
        follow_ups.append(
            FollowUpDraft(
                followed_up_on=min(day, today),
                method=rng.choices(list(FollowUpMethod), weights=(60, 25, 10, 5))[0],
                followed_up_by=draft.mediators[0] if draft.mediators else None,
                performance=draft.performance,
                satisfaction=rating,
                verification=checked,
            )
        )
    follow_ups.sort(key=lambda f: f.followed_up_on or closed)
    return revised(draft, follow_ups=tuple(follow_ups))


def decided_review(
    draft: LegalAidReviewDraft, rng: random.Random, today: date
) -> LegalAidReviewDraft:
    """Most forwarded applications a week or more old have the center's answer."""
    forwarded = draft.forwarded_on
    if draft.opinion is not AidOpinion.FORWARD or forwarded is None:
        return draft
    if (today - forwarded).days < 7 or rng.random() >= 0.85:
        return draft
    decision = rng.choices(list(AidDecision), weights=(75, 15, 10))[0]
    return revised(
        draft,
        aid_decision=decision,
        decided_on=min(today, forwarded + timedelta(days=rng.randrange(1, 8))),
    )
