"""A mediation case as the documents print it: plain strings and lists, nothing to compute.

The templates (docx, edited by a county) only place values, so every rule lives here: the
dates in Chinese, the 卷名, the numbered terms, how many copies of the agreement. Fields the
store does not hold (an old store, a field left empty) print as empty, never as ``None``.
The case comes in as the caller may see it: ID and phone numbers masked unless it was read
through the audited reveal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from station_app.domain.choices import DisputeSource, MediationResult, PartyRole
from station_app.domain.dispute_types import canonical_dispute_name
from station_app.domain.mediation_case import (
    FollowUpDraft,
    InvestigationDraft,
    MediationCaseDraft,
    PartyDraft,
    SessionDraft,
)

#: 司法确认申请书 names the court: the case does not record it, so a line to write it on.
BLANK_COURT = "__________人民法院"
TICKED, UNTICKED = "■", "□"


@dataclass(frozen=True)
class Station:
    """What the documents say about who prints them."""

    committee: str  # 人民调解委员会的名称
    village: str  # the case's village (or the station itself)
    dispute_name: str  # the dispute type's name, without 纠纷


_STATION_TAILS = ("公共法律服务工作站", "司法所")


def town_of(station_name: str) -> str:
    """龙兴镇公共法律服务工作站 -> 龙兴镇: whose committee the documents name by default."""
    name = station_name.strip()
    for tail in _STATION_TAILS:
        if name.endswith(tail) and len(name) > len(tail):
            return name[: -len(tail)]
    return name


def cn_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day is not None else ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return cn_date(value)
    return str(value).strip()


_NUMBERING = re.compile(r"^\s*(?:[0-9０-９]+|[一二三四五六七八九十]+)\s*[、.．)）]\s*")


def numbered(value: Any) -> list[str]:
    """Terms or requests as a list without their typed numbers (the template numbers them)."""
    if value is None:
        return []
    items = value.splitlines() if isinstance(value, str) else [str(v) for v in value]
    return [_NUMBERING.sub("", item).strip() for item in items if item.strip()]


def _party(party: PartyDraft) -> dict[str, str]:
    return {
        "role": _text(party.role),
        "name": _text(party.name),
        "gender": _text(party.gender),
        "ethnicity": _text(party.ethnicity),
        "age": _text(party.age),
        "occupation": _text(party.occupation),
        "phone": _text(party.phone),
        "id_number": _text(party.id_number),
        "workplace": _text(party.address),  # 单位或住址
    }


def _names(parties: list[dict[str, str]]) -> str:
    return "、".join(p["name"] for p in parties if p["name"])


def _session(
    case: MediationCaseDraft, index: int, session: SessionDraft, party_names: str
) -> dict[str, str]:
    """The session's 调解情况 is its result; the last session of a closed case without one
    ends with the case's result."""
    last = index == len(case.sessions) - 1
    outcome = session.notes or (case.result if last and case.is_closed else "")
    return {
        "number": str(index + 1),
        "held_on": _text(session.held_on),
        "place": _text(session.place),
        "subject": _text(session.subject),
        "attendees": _text(session.attendees),
        "mediators": _text(session.mediators) or "、".join(case.mediators),
        "parties": party_names,
        "record": _text(session.record),
        "result": _text(outcome),
    }


def _follow_up(follow_up: FollowUpDraft, dispute: str) -> dict[str, str]:
    said = [
        f"回访方式：{_text(follow_up.method)}" if follow_up.method else "",
        f"履行情况：{_text(follow_up.performance)}" if follow_up.performance else "",
        f"满意度：{_text(follow_up.satisfaction)}" if follow_up.satisfaction else "",
        _text(follow_up.verification),
    ]
    return {
        "followed_up_on": _text(follow_up.followed_up_on),
        "method": _text(follow_up.method),
        "followed_up_by": _text(follow_up.followed_up_by),
        "performance": _text(follow_up.performance),
        "satisfaction": _text(follow_up.satisfaction),
        "situation": "；".join(s for s in said if s),
        "subject": dispute,
    }


def _investigation(item: InvestigationDraft) -> dict[str, str]:
    return {
        "held_on": _text(item.investigated_on),
        "place": _text(item.place),
        "attendees": _text(item.attendees),
        "person": _text(item.interviewee),
        "record": _text(item.record),
    }


def case_context(case: MediationCaseDraft, station: Station, today: date) -> dict[str, Any]:
    """Every value any document prints, by the names the templates use."""
    parties = [_party(p) for p in case.parties]
    applicants = [p for p in parties if p["role"] == PartyRole.APPLICANT]
    respondents = [p for p in parties if p["role"] == PartyRole.RESPONDENT]
    party_names = _names(parties)
    dispute = f"{canonical_dispute_name(station.dispute_name)}纠纷"
    first = applicants[0]["name"] if applicants else ""
    other = respondents[0]["name"] if respondents else ""
    copies = case.copies or len(parties) + 1
    settled = case.result is MediationResult.SUCCESS
    context: dict[str, Any] = {
        "committee": station.committee,
        "village": station.village,
        "case_number": _text(case.case_number),
        "file_name": f"{first} 与 {other} {dispute}",
        "dispute_type": dispute,
        "source": _text(case.source),
        "source_ticks": "  ".join(
            f"{TICKED if s is case.source else UNTICKED}{s}" for s in DisputeSource
        ),
        "summary": _text(case.summary),
        "requests": numbered(case.requests),
        "facts": _text(case.dispute_facts) or _text(case.summary),
        "terms": numbered(case.agreement_terms),
        "performance_way": _text(case.performance_method),
        "performance_place": _text(case.performance_place),
        "performance_deadline": _text(case.performance_due),
        "copies": str(copies),
        "recorder": _text(case.recorder),
        "mediators": "、".join(case.mediators),
        "accepted_on": cn_date(case.accepted_on),
        "closed_on": cn_date(case.closed_on),
        "agreed_on": cn_date(case.closed_on) if settled else "",
        "result": _text(case.result),
        "agreement_form": _text(case.agreement_form),
        "performance": _text(case.performance),
        "judicial_confirmation": _text(case.judicial_confirmation),
        "court": BLANK_COURT,
        "filed_by": _text(case.filed_by),
        "filed_on": _text(case.filed_on),
        "retention": _text(case.retention),
        "note": _text(case.note),
        "parties": parties,
        "applicants": applicants,
        "respondents": respondents,
        "others": [p for p in parties if p not in applicants and p not in respondents],
        "party_names": party_names,
        "sessions": [_session(case, i, s, party_names) for i, s in enumerate(case.sessions)],
        "follow_ups": [_follow_up(f, dispute) for f in case.follow_ups],
        "investigations": [_investigation(i) for i in case.investigations],
        "printed_on": cn_date(today),
    }
    return context
