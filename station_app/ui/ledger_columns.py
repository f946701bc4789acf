"""What each ledger's table shows: header, how to render a record, which column sorts it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from station_app.domain.choices import PartyRole
from station_app.domain.records import Stored
from station_app.services.organisation_service import StationInfo
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr

#: How wide each kind of column starts, in CJK characters of the table's font (a date is
#: 2026-11-28; a name two to four characters). CONTENT columns share what is left.
WIDTHS: dict[str, float] = {
    "date": 6.0,
    "village": 5.0,
    "person": 6.0,
    "choice": 6.5,  # 道路交通事故, 符合条件转送
    "long_choice": 9.5,  # 赡养费抚养费扶养费
    "number": 3.5,
    "time": 6.5,
    "case": 12.0,
    "state": 8.0,
}
CONTENT = "content"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Stored[Any], StationInfo, dict[str, str]], str]
    sort_field: str | None = None
    numeric: bool = False
    #: A key of WIDTHS, or CONTENT (free text: stretches to fill the table's width).
    kind: str = "choice"


def _date(field: str) -> Callable[[Stored[Any], StationInfo, dict[str, str]], str]:
    def render(r: Stored[Any], _s: StationInfo, _d: dict[str, str]) -> str:
        value = getattr(r.data, field)
        return value.isoformat() if value is not None else ""

    return render


def _text(field: str, limit: int = 40) -> Callable[[Stored[Any], StationInfo, dict[str, str]], str]:
    def render(r: Stored[Any], _s: StationInfo, _d: dict[str, str]) -> str:
        value = getattr(r.data, field)
        text = "" if value is None else str(value)
        return text if len(text) <= limit else text[: limit - 1] + "…"

    return render


def _village(r: Stored[Any], station: StationInfo, _d: dict[str, str]) -> str:
    return station.village_name(r.data.village_id)


def _parties(role: PartyRole) -> Callable[[Stored[Any], StationInfo, dict[str, str]], str]:
    def render(r: Stored[Any], _s: StationInfo, _d: dict[str, str]) -> str:
        return "、".join(p.name or "" for p in r.data.parties if p.role is role)

    return render


def _consultant(r: Stored[Any], _s: StationInfo, _d: dict[str, str]) -> str:
    return r.data.name or (tr("（拒绝提供）") if r.data.declined_identity else "")


def _duty_time(r: Stored[Any], _s: StationInfo, _d: dict[str, str]) -> str:
    start, end = r.data.start_time, r.data.end_time
    return f"{start:%H:%M}–{end:%H:%M}" if start and end else ""


def _duty_state(r: Stored[Any], _s: StationInfo, _d: dict[str, str]) -> str:
    return (
        tr("已确认（{0}）").format(r.confirmation.confirmed_by) if r.confirmation else tr("待确认")
    )


COLUMNS: dict[str, tuple[Column, ...]] = {
    "consultation": (
        Column(QT_TRANSLATE_NOOP("", "日期"), _date("consulted_on"), "consulted_on", kind="date"),
        Column(QT_TRANSLATE_NOOP("", "村(居)"), _village, "village_id", kind="village"),
        Column(QT_TRANSLATE_NOOP("", "咨询方式"), _text("channel"), "channel"),
        Column(QT_TRANSLATE_NOOP("", "咨询人"), _consultant, "name", kind="person"),
        Column(QT_TRANSLATE_NOOP("", "问题类别"), _text("category"), "category"),
        Column(QT_TRANSLATE_NOOP("", "咨询内容"), _text("question"), kind="content"),
        Column(QT_TRANSLATE_NOOP("", "处理结果"), _text("outcome"), "outcome"),
        Column(QT_TRANSLATE_NOOP("", "接待人"), _text("receiver"), "receiver", kind="person"),
    ),
    "mediation_case": (
        Column(QT_TRANSLATE_NOOP("", "案号"), _text("case_number"), "case_number", kind="case"),
        Column(QT_TRANSLATE_NOOP("", "受理日期"), _date("accepted_on"), "accepted_on", kind="date"),
        Column(QT_TRANSLATE_NOOP("", "村(居)"), _village, "village_id", kind="village"),
        Column(
            QT_TRANSLATE_NOOP("", "纠纷类型"),
            lambda r, _s, d: d.get(r.data.dispute_type, r.data.dispute_type),
            "dispute_type",
        ),
        Column(QT_TRANSLATE_NOOP("", "申请人"), _parties(PartyRole.APPLICANT), kind="content"),
        Column(QT_TRANSLATE_NOOP("", "被申请人"), _parties(PartyRole.RESPONDENT), kind="content"),
        Column(QT_TRANSLATE_NOOP("", "调解结果"), _text("result"), "result"),
        Column(QT_TRANSLATE_NOOP("", "结案日期"), _date("closed_on"), "closed_on", kind="date"),
    ),
    "duty_log": (
        Column(QT_TRANSLATE_NOOP("", "日期"), _date("duty_on"), "duty_on", kind="date"),
        Column(QT_TRANSLATE_NOOP("", "地点"), _village, "village_id", kind="village"),
        Column(QT_TRANSLATE_NOOP("", "律师"), _text("lawyer_name"), "lawyer_name", kind="person"),
        Column(QT_TRANSLATE_NOOP("", "律师事务所"), _text("law_firm"), "law_firm", kind="content"),
        Column(QT_TRANSLATE_NOOP("", "时间"), _duty_time, "start_time", kind="time"),
        Column(
            QT_TRANSLATE_NOOP("", "时长(小时)"),
            lambda r, _s, _d: f"{r.data.hours:.1f}",
            numeric=True,
            kind="number",
        ),
        Column(
            QT_TRANSLATE_NOOP("", "服务事项"),
            lambda r, _s, _d: str(len(r.data.items)),
            numeric=True,
            kind="number",
        ),
        Column(QT_TRANSLATE_NOOP("", "确认"), _duty_state, "confirmed_on", kind="state"),
    ),
    "publicity_event": (
        Column(QT_TRANSLATE_NOOP("", "日期"), _date("held_on"), "held_on", kind="date"),
        Column(QT_TRANSLATE_NOOP("", "村(居)"), _village, "village_id", kind="village"),
        Column(QT_TRANSLATE_NOOP("", "活动形式"), _text("form"), "form"),
        Column(QT_TRANSLATE_NOOP("", "主题"), _text("topic"), "topic", kind="content"),
        Column(QT_TRANSLATE_NOOP("", "主讲人"), _text("speaker"), "speaker", kind="person"),
        Column(
            QT_TRANSLATE_NOOP("", "参加人数"),
            _text("attendees"),
            "attendees",
            numeric=True,
            kind="number",
        ),
    ),
    "legal_aid_review": (
        Column(QT_TRANSLATE_NOOP("", "申请日期"), _date("applied_on"), "applied_on", kind="date"),
        Column(QT_TRANSLATE_NOOP("", "村(居)"), _village, "village_id", kind="village"),
        Column(QT_TRANSLATE_NOOP("", "申请人"), _text("name"), "name", kind="person"),
        Column(QT_TRANSLATE_NOOP("", "事项类型"), _text("matter"), "matter", kind="long_choice"),
        Column(
            QT_TRANSLATE_NOOP("", "经济困难依据"),
            _text("hardship_basis"),
            "hardship_basis",
            kind="content",
        ),
        Column(QT_TRANSLATE_NOOP("", "初审意见"), _text("opinion"), "opinion"),
        Column(
            QT_TRANSLATE_NOOP("", "转送日期"), _date("forwarded_on"), "forwarded_on", kind="date"
        ),
    ),
}
