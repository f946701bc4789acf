"""The lawyer roster as the console shows and edits it: the same rows `lawyers import` writes
(reference items of kind ``lawyer``), checked with the station's own lawyer rules."""

from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.domain.identifiers import mask_phone
from station_app.domain.organisation import LawyerDraft
from sync.server.models import ReferenceItemRow
from sync.server.reference import LAWYER, LAWYER_NAMESPACE, utcnow


@dataclass(frozen=True)
class LawyerLine:
    key: str
    name: str
    law_firm: str
    license_no: str
    phone_masked: str  # never the clear number: the console shows no phone number in clear
    villages: str


def lawyers(session: Session) -> list[LawyerLine]:
    rows = session.scalars(
        select(ReferenceItemRow)
        .where(ReferenceItemRow.kind == LAWYER)
        .order_by(ReferenceItemRow.position, ReferenceItemRow.key)
    )
    found = []
    for row in rows:
        body = json.loads(row.value)
        phone = body.get("phone") or ""
        found.append(
            LawyerLine(
                row.key,
                body.get("name") or "",
                body.get("law_firm") or "",
                body.get("license_no") or "",
                mask_phone(phone) if phone else "",
                "、".join(body.get("villages") or []),
            )
        )
    return found


def save_lawyer(
    session: Session, key: str | None, draft: LawyerDraft, villages_text: str, today: date
) -> str:
    """Add a lawyer (key None) or change one; a blank phone keeps the one on file. Returns the
    lawyer's name for the audit trail. ValidationError names the field, never the value."""
    existing = session.get(ReferenceItemRow, (LAWYER, key)) if key else None
    if key and existing is None:
        raise LookupError(key)
    if existing is not None and not draft.phone:
        draft = LawyerDraft(
            draft.name, draft.law_firm, draft.license_no, json.loads(existing.value).get("phone")
        )
    clean = draft.validated(today)
    villages = [
        v.strip()
        for v in villages_text.replace(",", "、").replace("，", "、").split("、")
        if v.strip()
    ]
    body = json.dumps({**asdict(clean), "villages": villages}, ensure_ascii=False)
    if existing is not None:
        existing.value, existing.updated_at = body, utcnow()
        return clean.name or ""
    identity = clean.license_no or f"{clean.name}|{clean.law_firm}"
    new_key = str(uuidlib.uuid5(LAWYER_NAMESPACE, identity))
    last = session.scalar(
        select(func.max(ReferenceItemRow.position)).where(ReferenceItemRow.kind == LAWYER)
    )
    session.merge(
        ReferenceItemRow(
            kind=LAWYER, key=new_key, value=body, position=(last or 0) + 1, updated_at=utcnow()
        )
    )
    return clean.name or ""
