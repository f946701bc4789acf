"""法治宣传: lectures, campaigns and other publicity; a village needs one a quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.domain.choices import PublicityForm
from station_app.domain.rules import MAX_LONG_TEXT, Checker, revised

LABELS = {
    "held_on": "日期",
    "village_id": "村(居)",
    "form": "活动形式",
    "topic": "主题",
    "speaker": "主讲人",
    "attendees": "参加人数",
    "materials": "发放资料(份)",
    "note": "备注",
}


@dataclass(frozen=True)
class PublicityEventDraft:
    held_on: date | None = None
    village_id: int | None = None
    form: PublicityForm | None = None
    topic: str | None = None
    speaker: str | None = None
    attendees: int | None = None
    materials: int | None = None
    note: str | None = None

    def validated(self, today: date) -> PublicityEventDraft:
        c = Checker(LABELS, today)
        cleaned = revised(
            self,
            held_on=c.day("held_on", self.held_on, required=True),
            form=c.choice("form", self.form, required=True),
            topic=c.text("topic", self.topic, required=True, max_len=200),
            speaker=c.text("speaker", self.speaker),
            attendees=c.integer("attendees", self.attendees, lo=0, required=True),
            materials=c.integer("materials", self.materials, lo=0),
            note=c.text("note", self.note, max_len=MAX_LONG_TEXT),
        )
        c.raise_if_any()
        return cleaned
