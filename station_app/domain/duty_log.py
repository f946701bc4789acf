"""律师值班/法律顾问工作日志: one entry per visit (一次一记) holding one item per matter (一事一记).

A visit confirmed by the village officer (综治专干签字确认) is locked: the service refuses edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from station_app.domain.choices import DutyServiceType
from station_app.domain.mediation_case import _nest
from station_app.domain.rules import MAX_LONG_TEXT, Checker, revised

LABELS = {
    "duty_on": "日期",
    "village_id": "地点",
    "lawyer_name": "律师姓名",
    "law_firm": "律师事务所",
    "start_time": "开始时间",
    "end_time": "结束时间",
    "items": "服务事项",
    "note": "备注",
    "confirmed_by": "确认人",
    "confirmed_on": "确认日期",
}

ITEM_LABELS = {
    "service_type": "服务类型",
    "served": "服务对象",
    "content": "服务内容",
    "result": "服务结果",
}


@dataclass(frozen=True)
class ServiceItemDraft:
    service_type: DutyServiceType | None = None
    served: str | None = None
    content: str | None = None
    result: str | None = None


@dataclass(frozen=True)
class DutyLogDraft:
    duty_on: date | None = None
    village_id: int | None = None  # 地点: a village, or None for the station itself
    lawyer_name: str | None = None
    law_firm: str | None = None
    start_time: time | None = None
    end_time: time | None = None
    items: tuple[ServiceItemDraft, ...] = ()
    note: str | None = None

    @property
    def hours(self) -> float:
        if self.start_time is None or self.end_time is None or self.end_time <= self.start_time:
            return 0.0
        day = date(2000, 1, 1)
        span = datetime.combine(day, self.end_time) - datetime.combine(day, self.start_time)
        return span.total_seconds() / 3600

    def validated(self, today: date) -> DutyLogDraft:
        c = Checker(LABELS, today)
        c.time_span("start_time", self.start_time, "end_time", self.end_time)
        if not self.items:
            c.fail("items", "至少填写一项服务")
        items = []
        for i, item in enumerate(self.items, start=1):
            ic = Checker(ITEM_LABELS, today)
            items.append(
                revised(
                    item,
                    service_type=ic.choice("service_type", item.service_type, required=True),
                    served=ic.text("served", item.served, required=True),
                    content=ic.text("content", item.content, required=True, max_len=MAX_LONG_TEXT),
                    result=ic.text("result", item.result, max_len=MAX_LONG_TEXT),
                )
            )
            _nest(c, f"items.{i - 1}", f"第{i}项服务", ic.errors)
        cleaned = revised(
            self,
            duty_on=c.day("duty_on", self.duty_on, required=True),
            lawyer_name=c.text("lawyer_name", self.lawyer_name, required=True),
            law_firm=c.text("law_firm", self.law_firm, required=True),
            items=tuple(items),
            note=c.text("note", self.note, max_len=MAX_LONG_TEXT),
        )
        c.raise_if_any()
        return cleaned


@dataclass(frozen=True)
class DutyConfirmation:
    """The officer's signature on a visit; once given, the visit is locked."""

    confirmed_by: str | None
    confirmed_on: date | None

    def validated(self, today: date, duty_on: date | None) -> DutyConfirmation:
        c = Checker(LABELS | {"duty_on": "值班日期"}, today)
        cleaned = DutyConfirmation(
            confirmed_by=c.text("confirmed_by", self.confirmed_by, required=True),
            confirmed_on=c.day("confirmed_on", self.confirmed_on, required=True),
        )
        c.not_before("confirmed_on", cleaned.confirmed_on, "duty_on", duty_on)
        c.raise_if_any()
        return cleaned
