"""Each device's audit trail end, as reported after each sync: a trail that goes backwards.

A station's store keeps a keyed hash chain of every act; a copy of an older store put back in
place (or a trail cut at its end) holds a shorter chain. The county cannot check the chain (it
has no data key) but it can see the number go down: such a device is flagged, not refused. Its
records still sync (refusing would keep the station's own, possibly newer, work from the
county too), the flag stays in ``county-server devices`` and the log, and the county asks
the station why. The station app's own restore goes back as well and is flagged the same way:
the station's trail names who restored and from which file.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from sync.protocol import AuditHead
from sync.server.models import DeviceAuditHeadRow, DeviceRow

log = logging.getLogger("county.audit")


def record_head(session: Session, device: DeviceRow, head: AuditHead, now: datetime) -> bool:
    """Keep ``head`` as the device's latest; True when it went backwards from the last one
    (shorter, or as long with another end)."""
    row = session.get(DeviceAuditHeadRow, device.id)
    if row is None:
        session.add(
            DeviceAuditHeadRow(device_id=device.id, seq=head.seq, mark=head.mark, reported_at=now)
        )
        return False
    rewound = head.seq < row.seq or (head.seq == row.seq and head.mark != row.mark)
    if rewound:
        log.warning(
            "device %s audit trail went back from entry %d to %d", device.uuid, row.seq, head.seq
        )
        row.rewound_at, row.rewound_from = now, row.seq
    row.seq, row.mark, row.reported_at = head.seq, head.mark, now
    return rewound


def describe(row: DeviceAuditHeadRow | None) -> str:
    """The ``devices`` listing's column: how far the trail reached, and any rewind."""
    if row is None:
        return "审计链未报告"
    text = f"审计链至第 {row.seq} 条"
    if row.rewound_at is not None:
        text += f"；⚠ 审计链回退（{row.rewound_at:%Y-%m-%d %H:%M} 由第 {row.rewound_from} 条退回）"
    return text
