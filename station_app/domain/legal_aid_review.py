"""法律援助初审: the station's preliminary review, forwarding to the county aid center, and the
center's decision (recorded at the station when the center answers, within 7 working days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.domain.choices import (
    AidDecision,
    AidMatter,
    AidOpinion,
    Gender,
    HardshipBasis,
    SpecialGroup,
)
from station_app.domain.rules import MAX_LONG_TEXT, Checker, revised

LABELS = {
    "applied_on": "申请日期",
    "village_id": "村(居)",
    "name": "申请人姓名",
    "gender": "性别",
    "age": "年龄",
    "phone": "联系电话",
    "id_number": "身份证号",
    "special_groups": "特殊群体",
    "matter": "事项类型",
    "hardship_basis": "经济困难依据",
    "opinion": "初审意见",
    "forwarded_on": "转送日期",
    "aid_decision": "法援中心决定",
    "decided_on": "决定日期",
    "note": "备注",
}


@dataclass(frozen=True)
class LegalAidReviewDraft:
    applied_on: date | None = None
    village_id: int | None = None
    name: str | None = None
    gender: Gender | None = None
    age: int | None = None
    phone: str | None = None
    id_number: str | None = None
    special_groups: tuple[SpecialGroup, ...] = ()
    matter: AidMatter | None = None
    hardship_basis: HardshipBasis | None = None
    opinion: AidOpinion | None = None
    forwarded_on: date | None = None
    aid_decision: AidDecision | None = None  # None: the center has not answered yet
    decided_on: date | None = None
    note: str | None = None

    def validated(self, today: date) -> LegalAidReviewDraft:
        c = Checker(LABELS, today)
        applied = c.day("applied_on", self.applied_on, required=True)
        opinion = c.choice("opinion", self.opinion, required=True)
        forwarded = c.day("forwarded_on", self.forwarded_on)
        if opinion is AidOpinion.FORWARD and forwarded is None:
            c.fail("forwarded_on", "初审意见为“符合条件转送”时必填")
        if opinion is not AidOpinion.FORWARD and forwarded is not None:
            c.fail("forwarded_on", "仅“符合条件转送”的申请填写转送日期")
        c.not_before("forwarded_on", forwarded, "applied_on", applied)
        decision = c.choice("aid_decision", self.aid_decision)
        decided = c.day("decided_on", self.decided_on)
        if decision is not None and opinion is not AidOpinion.FORWARD:
            c.fail("aid_decision", "仅“符合条件转送”的申请填写法援中心决定")
        if decision is not None and decided is None:
            c.fail("decided_on", "填写了法援中心决定时必填")
        if decision is None and decided is not None:
            c.fail("aid_decision", "填写了决定日期时必填")
        c.not_before("decided_on", decided, "forwarded_on", forwarded)
        cleaned = revised(
            self,
            applied_on=applied,
            name=c.text("name", self.name, required=True),
            age=c.integer("age", self.age, lo=0, hi=120),
            phone=c.phone("phone", self.phone),
            id_number=c.resident_id("id_number", self.id_number),
            special_groups=tuple(dict.fromkeys(self.special_groups)),
            matter=c.choice("matter", self.matter, required=True),
            hardship_basis=c.choice("hardship_basis", self.hardship_basis, required=True),
            opinion=opinion,
            forwarded_on=forwarded,
            aid_decision=decision,
            decided_on=decided,
            note=c.text("note", self.note, max_len=MAX_LONG_TEXT),
        )
        c.raise_if_any()
        return cleaned
