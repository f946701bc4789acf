"""人民调解: a case with its parties, sessions and follow-ups, edited and synced as one record.

The case's 回访日期 (``follow_up_on``) is the date of its latest follow-up: ``validated``
derives it from ``follow_ups`` (a draft's own value is only checked, then replaced, so taking
every follow-up off a stored case clears it). A case from before follow-ups existed (an old
workbook's 回访日期 column, an old device's payload) carries only the date: where such a case
comes in, ``with_legacy_follow_up`` makes it one follow-up of method 其他 whose satisfaction
is not recorded (None).

The fields the printed documents need (issue 17; names in docs/dev/document-fields.md): per
party 民族 and 职业或职务 (单位或住址 is ``address``), per case the applicant's requests and the
agreement's terms (numbered lists, one item per entry), the facts in dispute, how/where/by when
the agreement is performed, the copies, the recorder and the closing of the file (立卷), per
session its 事由, 参加人 and 记录, and the case's investigation records (调查记录).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from station_app.domain.case_number import CaseNumber
from station_app.domain.choices import (
    AgreementForm,
    DisputeSource,
    FollowUpMethod,
    Gender,
    JudicialConfirmation,
    MediationResult,
    PartyRole,
    Performance,
    RetentionPeriod,
    Satisfaction,
)
from station_app.domain.errors import FieldError
from station_app.domain.rules import MAX_LONG_TEXT, Checker, revised

#: At most this many items in a numbered list (申请事项, 协议内容), and copies of an agreement.
MAX_LIST_ITEMS = 50
MAX_COPIES = 20

LABELS = {
    "case_number": "案号",
    "accepted_on": "受理日期",
    "village_id": "村(居)",
    "source": "纠纷来源",
    "dispute_type": "纠纷类型",
    "summary": "纠纷简要情况",
    "requests": "当事人申请事项",
    "dispute_facts": "纠纷主要事实、争议事项",
    "mediators": "调解员",
    "parties": "当事人",
    "sessions": "调解记录",
    "follow_ups": "回访记录",
    "investigations": "调查记录",
    "result": "调解结果",
    "closed_on": "结案日期",
    "agreement_form": "协议形式",
    "agreement_terms": "协议内容",
    "performance_method": "履行方式",
    "performance_place": "履行地点",
    "performance_due": "履行期限",
    "copies": "协议份数",
    "recorder": "记录人",
    "amount": "涉及金额(元)",
    "persons_involved": "涉及人数",
    "performance": "履行情况",
    "follow_up_on": "回访日期",
    "judicial_confirmation": "司法确认",
    "filed_by": "立卷人",
    "filed_on": "立卷日期",
    "retention": "保管期限",
    "note": "备注",
}

PARTY_LABELS = {
    "role": "角色",
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "age": "年龄",
    "occupation": "职业或职务",
    "phone": "联系电话",
    "id_number": "身份证号",
    "address": "住址",
}

SESSION_LABELS = {
    "held_on": "调解日期",
    "place": "地点",
    "mediators": "调解员",
    "subject": "事由",
    "attendees": "参加人",
    "record": "记录",
    "notes": "调解情况",
}

INVESTIGATION_LABELS = {
    "investigated_on": "调查日期",
    "place": "地点",
    "attendees": "参加人",
    "interviewee": "被调查人",
    "record": "记录",
}

FOLLOW_UP_LABELS = {
    "followed_up_on": "回访日期",
    "method": "回访方式",
    "followed_up_by": "回访人",
    "performance": "履行情况",
    "satisfaction": "满意度",
    "verification": "核实情况",
}


@dataclass(frozen=True)
class PartyDraft:
    role: PartyRole | None = None
    name: str | None = None
    gender: Gender | None = None
    age: int | None = None
    phone: str | None = None
    id_number: str | None = None
    address: str | None = None  # 单位或住址 on the documents
    # Added for the documents (issue 17), after the others: drafts are built positionally too.
    ethnicity: str | None = None  # 民族, as typed (汉族, 土家族 …)
    occupation: str | None = None  # 职业或职务


@dataclass(frozen=True)
class SessionDraft:
    held_on: date | None = None
    place: str | None = None
    mediators: str | None = None
    notes: str | None = None  # 调解情况: the session's outcome in a line (调解结果 on paper)
    # Added for the documents (issue 17), after the others: drafts are built positionally too.
    subject: str | None = None  # 事由 of this session
    attendees: str | None = None  # 参加人: invited helpers (not mediators, parties, recorder)
    record: str | None = None  # 记录: what was said and agreed


@dataclass(frozen=True)
class InvestigationDraft:
    """One investigation (人民调解调查记录): who was questioned where, and what was said."""

    investigated_on: date | None = None
    place: str | None = None
    attendees: str | None = None  # 参加人
    interviewee: str | None = None  # 被调查人
    record: str | None = None


@dataclass(frozen=True)
class FollowUpDraft:
    """One follow-up (回访) on how the agreement is performed and whether the person is satisfied.

    ``satisfaction`` None means not rated (the person gave none, or the follow-up predates
    the field); ``verification`` is what was checked or put right, above all after 不满意.
    """

    followed_up_on: date | None = None
    method: FollowUpMethod | None = None
    followed_up_by: str | None = None  # who followed up, a name as typed (like 接待人)
    performance: Performance | None = None  # 履行情况 as found at this follow-up
    satisfaction: Satisfaction | None = None
    verification: str | None = None


@dataclass(frozen=True)
class MediationCaseDraft:
    case_number: str | None = None  # None: the service numbers the case
    accepted_on: date | None = None
    village_id: int | None = None
    source: DisputeSource | None = None
    dispute_type: str | None = None  # code from the county's dispute-type list, e.g. "01"
    summary: str | None = None
    mediators: tuple[str, ...] = ()
    parties: tuple[PartyDraft, ...] = ()
    sessions: tuple[SessionDraft, ...] = ()
    follow_ups: tuple[FollowUpDraft, ...] = ()
    result: MediationResult | None = MediationResult.IN_PROGRESS
    closed_on: date | None = None
    agreement_form: AgreementForm | None = None
    amount: Decimal | None = None
    persons_involved: int | None = None
    performance: Performance | None = None
    follow_up_on: date | None = None  # derived: the latest follow-up's date
    judicial_confirmation: JudicialConfirmation = JudicialConfirmation.NOT_APPLIED
    note: str | None = None
    # Added for the documents (issue 17), after the others: drafts are built positionally too.
    requests: tuple[str, ...] = ()  # 当事人申请事项, numbered on paper in this order
    dispute_facts: str | None = None  # 纠纷主要事实、争议事项 (协议书)
    investigations: tuple[InvestigationDraft, ...] = ()
    agreement_terms: tuple[str, ...] = ()  # the agreement's terms, numbered in this order
    performance_method: str | None = None  # 履行方式
    performance_place: str | None = None  # 履行地点
    performance_due: str | None = None  # 履行期限, as agreed ("2026年5月1日前", "分三期")
    copies: int | None = None  # 协议一式几份; None: one per party plus the committee's
    recorder: str | None = None  # 记录人
    filed_by: str | None = None  # 立卷人, when the file is closed
    filed_on: date | None = None  # 立卷日期
    retention: RetentionPeriod | None = None  # 保管期限

    @property
    def copies_to_print(self) -> int:
        """协议一式<n>份: as entered, else one per party and one for the committee."""
        return self.copies if self.copies is not None else len(self.parties) + 1

    @property
    def is_closed(self) -> bool:
        return self.result not in (None, MediationResult.IN_PROGRESS)

    def validated(self, today: date) -> MediationCaseDraft:
        c = Checker(LABELS, today)
        number = None
        if self.case_number and self.case_number.strip():
            try:
                number = str(CaseNumber.parse(self.case_number))
            except ValueError as exc:
                c.fail("case_number", str(exc))
        accepted = c.day("accepted_on", self.accepted_on, required=True)
        result = c.choice("result", self.result, required=True)
        closed = c.day("closed_on", self.closed_on)
        if result is not None and result is not MediationResult.IN_PROGRESS and closed is None:
            c.fail("closed_on", "调解结果不是“调解中”时必填")
        if result is MediationResult.IN_PROGRESS and closed is not None:
            c.fail("closed_on", "案件仍在调解中，不应填写结案日期")
        c.not_before("closed_on", closed, "accepted_on", accepted)
        form = self.agreement_form
        if result is MediationResult.SUCCESS and form is None:
            c.fail("agreement_form", "调解成功时必填")
        if result is not MediationResult.SUCCESS and form is not None:
            c.fail("agreement_form", "仅调解成功的案件填写协议形式")
        if (
            self.judicial_confirmation is not JudicialConfirmation.NOT_APPLIED
            and result is not MediationResult.SUCCESS
        ):
            c.fail("judicial_confirmation", "仅调解成功的案件可申请司法确认")
        agreement = self._validated_agreement(c, result)
        filing = self._validated_filing(c, result, closed)
        parties = tuple(self._validated_parties(c, today))
        roles = {p.role for p in parties}
        if PartyRole.APPLICANT not in roles or PartyRole.RESPONDENT not in roles:
            c.fail("parties", "至少需要一名申请人和一名被申请人")
        sessions = tuple(self._validated_sessions(c, today, accepted))
        investigations = tuple(self._validated_investigations(c, today, accepted))
        follow_ups = tuple(self._validated_follow_ups(c, today, accepted))
        if not follow_ups:  # a bare 回访日期 is still checked, as it always was
            bare = c.day("follow_up_on", self.follow_up_on)
            c.not_before("follow_up_on", bare, "accepted_on", accepted)
        dates = [f.followed_up_on for f in follow_ups if f.followed_up_on is not None]
        cleaned = revised(
            self,
            case_number=number,
            accepted_on=accepted,
            source=c.choice("source", self.source, required=True),
            dispute_type=c.text("dispute_type", self.dispute_type, required=True),
            summary=c.text("summary", self.summary, required=True, max_len=MAX_LONG_TEXT),
            requests=_numbered(c, "requests", self.requests),
            dispute_facts=c.text("dispute_facts", self.dispute_facts, max_len=MAX_LONG_TEXT),
            recorder=c.text("recorder", self.recorder),
            mediators=c.names("mediators", self.mediators, required=True),
            parties=parties,
            sessions=sessions,
            follow_ups=follow_ups,
            investigations=investigations,
            result=result,
            closed_on=closed,
            amount=c.amount("amount", self.amount),
            persons_involved=c.integer("persons_involved", self.persons_involved, lo=2),
            follow_up_on=max(dates, default=None),
            note=c.text("note", self.note, max_len=MAX_LONG_TEXT),
            **agreement,
            **filing,
        )
        c.raise_if_any()
        return cleaned

    def _validated_agreement(self, c: Checker, result: MediationResult | None) -> dict[str, Any]:
        """The agreement's terms and performance: typed while the case is in progress or once
        it succeeded, never on a case that ended without agreement."""
        values: dict[str, Any] = {
            "agreement_terms": _numbered(c, "agreement_terms", self.agreement_terms),
            "performance_method": c.text("performance_method", self.performance_method),
            "performance_place": c.text("performance_place", self.performance_place),
            "performance_due": c.text("performance_due", self.performance_due),
            "copies": c.integer("copies", self.copies, lo=2, hi=MAX_COPIES),
        }
        if result in (MediationResult.FAILED, MediationResult.TERMINATED):
            for name, value in values.items():
                if value:
                    c.fail(name, f"“{result.value}”的案件没有调解协议，不应填写")
        return values

    def _validated_filing(
        self, c: Checker, result: MediationResult | None, closed: date | None
    ) -> dict[str, Any]:
        """立卷: who closed the file, when, and for how long it is kept; all three together,
        only on a closed case, and not before it was closed."""
        values: dict[str, Any] = {
            "filed_by": c.text("filed_by", self.filed_by),
            "filed_on": c.day("filed_on", self.filed_on),
            "retention": c.choice("retention", self.retention),
        }
        if not any(v is not None for v in values.values()):
            return values
        if result is None or result is MediationResult.IN_PROGRESS:
            for name, value in values.items():
                if value is not None:
                    c.fail(name, "案件结案后才能立卷")
            return values
        for name, value in values.items():
            if value is None:
                c.fail(name, "立卷时必填（立卷人、立卷日期、保管期限）")
        c.not_before("filed_on", values["filed_on"], "closed_on", closed)
        return values

    def _validated_parties(self, c: Checker, today: date) -> list[PartyDraft]:
        out = []
        for i, party in enumerate(self.parties, start=1):
            pc = Checker(PARTY_LABELS, today)
            cleaned = revised(
                party,
                role=pc.choice("role", party.role, required=True),
                name=pc.text("name", party.name, required=True),
                ethnicity=pc.text("ethnicity", party.ethnicity, max_len=20),
                occupation=pc.text("occupation", party.occupation),
                age=pc.integer("age", party.age, lo=0, hi=120),
                phone=pc.phone("phone", party.phone),
                id_number=pc.resident_id("id_number", party.id_number),
                address=pc.text("address", party.address, max_len=200),
            )
            _nest(c, f"parties.{i - 1}", f"当事人{i}", pc.errors)
            out.append(cleaned)
        return out

    def _validated_sessions(
        self, c: Checker, today: date, accepted: date | None
    ) -> list[SessionDraft]:
        out = []
        for i, session in enumerate(self.sessions, start=1):
            sc = Checker({**SESSION_LABELS, "accepted_on": "受理日期"}, today)
            held = sc.day("held_on", session.held_on, required=True)
            sc.not_before("held_on", held, "accepted_on", accepted)
            cleaned = revised(
                session,
                held_on=held,
                place=sc.text("place", session.place),
                mediators=sc.text("mediators", session.mediators),
                subject=sc.text("subject", session.subject, max_len=200),
                attendees=sc.text("attendees", session.attendees, max_len=200),
                record=sc.text("record", session.record, max_len=MAX_LONG_TEXT),
                notes=sc.text("notes", session.notes, max_len=MAX_LONG_TEXT),
            )
            _nest(c, f"sessions.{i - 1}", f"第{i}次调解", sc.errors)
            out.append(cleaned)
        return out

    def _validated_investigations(
        self, c: Checker, today: date, accepted: date | None
    ) -> list[InvestigationDraft]:
        out = []
        for i, item in enumerate(self.investigations, start=1):
            ic = Checker({**INVESTIGATION_LABELS, "accepted_on": "受理日期"}, today)
            on = ic.day("investigated_on", item.investigated_on, required=True)
            ic.not_before("investigated_on", on, "accepted_on", accepted)
            cleaned = revised(
                item,
                investigated_on=on,
                place=ic.text("place", item.place),
                attendees=ic.text("attendees", item.attendees, max_len=200),
                interviewee=ic.text("interviewee", item.interviewee, required=True),
                record=ic.text("record", item.record, max_len=MAX_LONG_TEXT),
            )
            _nest(c, f"investigations.{i - 1}", f"第{i}次调查", ic.errors)
            out.append(cleaned)
        return out

    def _validated_follow_ups(
        self, c: Checker, today: date, accepted: date | None
    ) -> list[FollowUpDraft]:
        out = []
        for i, follow_up in enumerate(self.follow_ups, start=1):
            fc = Checker({**FOLLOW_UP_LABELS, "accepted_on": "受理日期"}, today)
            on = fc.day("followed_up_on", follow_up.followed_up_on, required=True)
            fc.not_before("followed_up_on", on, "accepted_on", accepted)
            cleaned = revised(
                follow_up,
                followed_up_on=on,
                method=fc.choice("method", follow_up.method, required=True),
                followed_up_by=fc.text("followed_up_by", follow_up.followed_up_by),
                verification=fc.text("verification", follow_up.verification, max_len=MAX_LONG_TEXT),
            )
            _nest(c, f"follow_ups.{i - 1}", f"第{i}次回访", fc.errors)
            out.append(cleaned)
        return out


#: A number a clerk typed before a list item: 1. 1、 1) （1） 一、 (but not the 1. of 1.5万元).
_ITEM_NUMBER = re.compile(
    r"^\s*(?:[（(]\s*[0-9０-９一二三四五六七八九十]+\s*[）)]|[0-9０-９]+\s*(?:[、)）]|[.．](?![0-9]))"
    r"|[一二三四五六七八九十]+\s*、)\s*"
)


def without_item_number(item: str) -> str:
    """A list item without the number typed before it: the documents number items themselves."""
    return _ITEM_NUMBER.sub("", item, count=1).strip()


def _numbered(c: Checker, field: str, items: tuple[str, ...]) -> tuple[str, ...]:
    """A numbered list (申请事项, 协议内容): items trimmed and unnumbered, empty ones dropped,
    order kept."""
    out = tuple(t for t in (without_item_number(item or "") for item in items) if t)
    if len(out) > MAX_LIST_ITEMS:
        c.fail(field, f"不能超过{MAX_LIST_ITEMS}项")
    for n, item in enumerate(out, start=1):
        if len(item) > MAX_LONG_TEXT:
            c.fail(field, f"第{n}项不能超过{MAX_LONG_TEXT}个字")
    return out


def with_legacy_follow_up(draft: MediationCaseDraft) -> MediationCaseDraft:
    """A case that has a 回访日期 but no follow-ups (an old workbook or an old device's payload)
    with that date as one follow-up of method 其他, satisfaction not recorded."""
    if draft.follow_ups or draft.follow_up_on is None:
        return draft
    legacy = FollowUpDraft(followed_up_on=draft.follow_up_on, method=FollowUpMethod.OTHER)
    return revised(draft, follow_ups=(legacy,))


def _nest(c: Checker, field: str, prefix: str, errors: list[FieldError]) -> None:
    """Child-row errors keep their field name under the row's path, e.g. ``parties.0.id_number``,
    and their label names the row with 的: 当事人2的身份证号 (without it a word may double)."""
    for e in errors:
        c.errors.append(FieldError(f"{field}.{e.field}", f"{prefix}的{e.label}", e.message))
