"""法律咨询: one entry per person received, with how it was handled or where it was referred."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.domain.choices import (
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    Gender,
    Satisfaction,
    SpecialGroup,
)
from station_app.domain.rules import MAX_LONG_TEXT, Checker, revised

LABELS = {
    "consulted_on": "日期",
    "village_id": "村(居)",
    "channel": "咨询方式",
    "name": "咨询人姓名",
    "gender": "性别",
    "age": "年龄",
    "phone": "联系电话",
    "id_number": "身份证号",
    "declined_identity": "拒绝提供身份信息",
    "special_groups": "特殊群体",
    "category": "问题类别",
    "question": "咨询内容",
    "answer": "解答内容",
    "receiver": "接待人",
    "outcome": "处理结果",
    "satisfaction": "满意度",
    "verification": "核实情况",
    "note": "备注",
}


@dataclass(frozen=True)
class ConsultationDraft:
    consulted_on: date | None = None
    village_id: int | None = None  # None: the station itself (本站)
    channel: ConsultChannel | None = None
    name: str | None = None
    gender: Gender | None = None
    age: int | None = None
    phone: str | None = None
    id_number: str | None = None
    declined_identity: bool = False
    special_groups: tuple[SpecialGroup, ...] = ()
    category: ConsultCategory | None = None
    question: str | None = None
    answer: str | None = None
    receiver: str | None = None
    outcome: ConsultOutcome | None = None
    satisfaction: Satisfaction | None = None  # None: not rated
    verification: str | None = None  # 核实情况: what was checked or put right after 不满意
    note: str | None = None

    @property
    def is_referral(self) -> bool:
        return self.outcome is not None and self.outcome is not ConsultOutcome.ANSWERED

    def validated(self, today: date) -> ConsultationDraft:
        c = Checker(LABELS, today)
        declined = self.declined_identity
        cleaned = revised(
            self,
            consulted_on=c.day("consulted_on", self.consulted_on, required=True),
            channel=c.choice("channel", self.channel, required=True),
            # A person may decline to give their identity; that is recorded, not an error.
            name=c.text("name", self.name, required=not declined),
            age=c.integer("age", self.age, lo=0, hi=120),
            phone=c.phone("phone", self.phone),
            id_number=c.resident_id("id_number", self.id_number),
            special_groups=tuple(dict.fromkeys(self.special_groups)),
            category=c.choice("category", self.category, required=True),
            question=c.text("question", self.question, required=True, max_len=MAX_LONG_TEXT),
            answer=c.text("answer", self.answer, max_len=MAX_LONG_TEXT),
            receiver=c.text("receiver", self.receiver, required=True),
            outcome=c.choice("outcome", self.outcome, required=True),
            verification=c.text("verification", self.verification, max_len=MAX_LONG_TEXT),
            note=c.text("note", self.note, max_len=MAX_LONG_TEXT),
        )
        if declined and cleaned.id_number:
            c.fail("id_number", "已选择拒绝提供身份信息，不应再填写身份证号")
        c.raise_if_any()
        return cleaned
