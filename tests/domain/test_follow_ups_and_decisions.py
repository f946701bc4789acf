"""Follow-ups (回访) of a mediation case, a consultation's satisfaction and the aid center's
decision: their rules, worded in Chinese like every other field (issue 16)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from station_app.domain.choices import (
    AidDecision,
    AidOpinion,
    FollowUpMethod,
    Performance,
    Satisfaction,
)
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import FollowUpDraft, with_legacy_follow_up
from tests.domain.test_domain_rules import (
    TODAY,
    TOMORROW,
    aid,
    closed_case,
    consultation,
    errors_of,
    labels_of,
    only_field,
)


def visit(**changes: object) -> FollowUpDraft:
    base = FollowUpDraft(
        followed_up_on=date(2026, 11, 10),
        method=FollowUpMethod.PHONE,
        followed_up_by="  陈调解 ",
        performance=Performance.DONE,
        satisfaction=Satisfaction.SATISFIED,
    )
    return replace(base, **changes)


class TestFollowUps:
    def test_the_cases_follow_up_date_is_its_latest_follow_ups(self) -> None:
        clean = closed_case(
            follow_ups=(
                visit(followed_up_on=date(2026, 11, 20)),
                visit(followed_up_on=date(2026, 10, 25), satisfaction=None),
            ),
            follow_up_on=date(2026, 10, 21),  # whatever the draft said: derived
        ).validated(TODAY)
        assert clean.follow_up_on == date(2026, 11, 20)
        assert clean.follow_ups[0].followed_up_by == "陈调解"
        assert clean.follow_ups[1].satisfaction is None  # not rated is allowed
        assert closed_case().validated(TODAY).follow_up_on is None

    def test_an_old_cases_follow_up_date_becomes_one_follow_up_of_method_other(self) -> None:
        old = with_legacy_follow_up(closed_case(follow_up_on=date(2026, 11, 1)))
        clean = old.validated(TODAY)
        assert clean.follow_ups == (
            FollowUpDraft(followed_up_on=date(2026, 11, 1), method=FollowUpMethod.OTHER),
        )
        assert clean.follow_up_on == date(2026, 11, 1)
        assert with_legacy_follow_up(clean) == clean  # once only

    def test_taking_every_follow_up_off_clears_the_follow_up_date(self) -> None:
        followed = closed_case(follow_ups=(visit(),)).validated(TODAY)
        cleared = replace(followed, follow_ups=()).validated(TODAY)
        assert (cleared.follow_ups, cleared.follow_up_on) == ((), None)

    def test_each_follow_up_needs_a_date_and_a_method(self) -> None:
        found = errors_of(closed_case(follow_ups=(visit(), FollowUpDraft())))
        assert found == {
            "follow_ups.1.followed_up_on": ["必填"],
            "follow_ups.1.method": ["必填"],
        }
        labels = labels_of(closed_case(follow_ups=(visit(), FollowUpDraft())))
        assert labels["follow_ups.1.followed_up_on"] == "第2次回访的回访日期"
        assert labels["follow_ups.1.method"] == "第2次回访的回访方式"

    def test_a_follow_up_lies_between_acceptance_and_today(self) -> None:
        early = closed_case(follow_ups=(visit(followed_up_on=date(2026, 10, 1)),))
        assert only_field(early, "follow_ups.0.followed_up_on") == ["不能早于受理日期"]
        late = closed_case(follow_ups=(visit(followed_up_on=TOMORROW),))
        assert only_field(late, "follow_ups.0.followed_up_on") == ["不能晚于今天"]

    def test_what_was_checked_after_a_complaint_has_a_length_limit(self) -> None:
        long = closed_case(follow_ups=(visit(verification="核" * 4001),))
        assert only_field(long, "follow_ups.0.verification") == ["不能超过4000个字"]


class TestConsultationSatisfaction:
    def test_satisfaction_and_verification_are_optional_and_kept(self) -> None:
        assert consultation().validated(TODAY).satisfaction is None
        clean = consultation(
            satisfaction=Satisfaction.DISSATISFIED, verification="  已电话回访，重新解答 "
        ).validated(TODAY)
        assert clean.satisfaction is Satisfaction.DISSATISFIED
        assert clean.verification == "已电话回访，重新解答"

    def test_verification_has_a_length_limit(self) -> None:
        found = only_field(consultation(verification="核" * 4001), "verification")
        assert found == ["不能超过4000个字"]


class TestAidDecision:
    def forwarded(self, **changes: object) -> LegalAidReviewDraft:
        return aid(opinion=AidOpinion.FORWARD, forwarded_on=date(2026, 11, 3), **changes)

    def test_the_centers_answer_is_recorded_with_its_date(self) -> None:
        clean = self.forwarded(
            aid_decision=AidDecision.GRANTED, decided_on=date(2026, 11, 12)
        ).validated(TODAY)
        assert (clean.aid_decision, clean.decided_on) == (AidDecision.GRANTED, date(2026, 11, 12))
        assert aid().validated(TODAY).aid_decision is None

    def test_only_a_forwarded_application_gets_a_decision(self) -> None:
        draft = aid(aid_decision=AidDecision.REFUSED, decided_on=date(2026, 11, 12))
        assert only_field(draft, "aid_decision") == ["仅“符合条件转送”的申请填写法援中心决定"]

    def test_decision_and_date_go_together(self) -> None:
        no_date = self.forwarded(aid_decision=AidDecision.WITHDRAWN)
        assert only_field(no_date, "decided_on") == ["填写了法援中心决定时必填"]
        no_decision = self.forwarded(decided_on=date(2026, 11, 12))
        assert only_field(no_decision, "aid_decision") == ["填写了决定日期时必填"]

    def test_the_decision_comes_after_forwarding_and_not_after_today(self) -> None:
        early = self.forwarded(aid_decision=AidDecision.GRANTED, decided_on=date(2026, 11, 2))
        assert only_field(early, "decided_on") == ["不能早于转送日期"]
        late = self.forwarded(aid_decision=AidDecision.GRANTED, decided_on=TOMORROW)
        assert only_field(late, "decided_on") == ["不能晚于今天"]
        assert labels_of(late)["decided_on"] == "决定日期"
