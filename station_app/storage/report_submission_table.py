"""Quarters whose statistics table was sent to the county (已上报), and as of which change.

``change_seq`` is the outbox sequence the submitted table was computed at: any change to a
record with a higher sequence came later and is a late amendment (补报/更正). The sequence is
the store's own counter, so a wrong PC clock cannot hide or invent a late change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from station_app.storage.base import Base


class ReportSubmissionRow(Base):
    __tablename__ = "report_submission"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter: Mapped[str] = mapped_column(String(7), index=True)  # 2026Q3
    change_seq: Mapped[int] = mapped_column(Integer)
    submitted_on: Mapped[date] = mapped_column(Date)  # the local calendar day, as printed
    submitted_at: Mapped[datetime] = mapped_column(DateTime)  # UTC; informative only
    submitted_by: Mapped[str | None] = mapped_column(String(36))
