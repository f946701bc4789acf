"""Appending to the audit trail and verifying its hash chain.

Each entry's hash is an HMAC (keyed by the data key, which lives outside the database) of the
previous hash and the entry's content: whoever edits, inserts or deletes a row in the file
cannot recompute the chain without the key. What a keyed chain cannot show from inside the file
is a trail erased whole or cut back to an older end (the anchor copied from an older backup):
``guard_problems`` checks that the append-only triggers are in place and that a store with
accounts or records has a trail at all, and the chain's end is also kept outside the file
(storage.audit_mark).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import column, func, literal, select, table
from sqlalchemy.orm import Session

from station_app.domain.settings_schema import AUDIT_ANCHOR, AuditAnchor
from station_app.security.field_sealer import FieldSealer
from station_app.storage.audit_table import AuditRow
from station_app.storage.bulk_insert import insert_rows, table_of
from station_app.storage.column_types import sealer_of
from station_app.storage.setting_values import get, put


@dataclass(frozen=True)
class AuditEntry:
    action: str
    actor_uuid: str | None
    actor_name: str
    entity: str | None = None
    record_uuid: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditFault:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"审计日志第 {self.seq} 条{self.problem}"


@dataclass(frozen=True)
class ChainHead:
    """The chain's newest entry: its number and its hash."""

    seq: int
    hash: str


#: ``Session.info`` key: the chain's end after this transaction's appends (a ChainHead), for
#: the outside mark to follow once the transaction has committed (storage.store).
CHAIN_HEAD = "audit_chain_head"

_CHAINED = ("seq", "at", "actor_uuid", "actor_name", "action", "entity", "record_uuid", "detail")


def _content(values: dict[str, Any]) -> bytes:
    parts = [values[name] for name in _CHAINED]
    parts[1] = parts[1].isoformat(timespec="microseconds")
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _sealer(session: Session) -> FieldSealer:
    return sealer_of(session.get_bind().dialect)


def _mac(sealer: FieldSealer, prev_hash: str, values: dict[str, Any]) -> str:
    return sealer.audit_mac(prev_hash.encode("ascii") + b"\n" + _content(values))


_MASTER = table("sqlite_master", column("type"), column("name"), column("tbl_name"), column("sql"))

#: Core, not ORM: every save reads the chain's end, and the ORM's overhead was most of it.
_CHAIN_END = (
    select(table_of(AuditRow).c.seq, table_of(AuditRow).c.hash)
    .order_by(table_of(AuditRow).c.seq.desc())
    .limit(1)
)


def append(session: Session, entries: list[AuditEntry], now: datetime) -> None:
    """Add entries at the end of the chain, in the caller's (write) transaction; an import's
    thousands of entries go in one statement."""
    if not entries:
        return
    session.flush()  # entries appended earlier in this transaction count as the chain's end
    last = session.connection().execute(_CHAIN_END).first()
    seq, prev_hash = (0, "") if last is None else (last.seq, last.hash)
    sealer = _sealer(session)
    # A batch shares its time and mostly its actor, action and entity: each distinct text is
    # encoded for the chain once (_batch_content writes exactly what _content does).
    at = now.isoformat(timespec="microseconds")
    encoded: dict[str | None, str] = {}
    rows = []
    for entry in entries:
        seq += 1
        detail = (
            json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else "{}"
        )
        values: dict[str, Any] = {
            "seq": seq,
            "at": now,
            "actor_uuid": entry.actor_uuid,
            "actor_name": entry.actor_name,
            "action": entry.action,
            "entity": entry.entity,
            "record_uuid": entry.record_uuid,
            "detail": detail,
            "prev_hash": prev_hash,
        }
        content = _batch_content(seq, at, entry, detail, encoded)
        values["hash"] = prev_hash = sealer.audit_mac(
            prev_hash.encode("ascii") + b"\n" + content.encode("utf-8")
        )
        rows.append(values)
    insert_rows(session, table_of(AuditRow), rows)
    put(session, AUDIT_ANCHOR, _anchor(sealer, seq, prev_hash))
    session.info[CHAIN_HEAD] = ChainHead(seq, prev_hash)


def _batch_content(
    seq: int, at: str, entry: AuditEntry, detail: str, encoded: dict[str | None, str]
) -> str:
    """``_content`` of one entry of a batch, its repeated texts encoded once: a JSON array's
    compact text is its items' own JSON texts joined by commas."""
    parts = [str(seq), _encoded(at, encoded)]
    for text in (
        entry.actor_uuid,
        entry.actor_name,
        entry.action,
        entry.entity,
        entry.record_uuid,
    ):
        parts.append(_encoded(text, encoded))
    parts.append(encode_basestring(detail))
    return "[" + ",".join(parts) + "]"


def _encoded(text: str | None, encoded: dict[str | None, str]) -> str:
    found = encoded.get(text)
    if found is None:
        found = encoded[text] = "null" if text is None else encode_basestring(text)
    return found


def _anchor(sealer: FieldSealer, seq: int, last_hash: str) -> AuditAnchor:
    """Where the chain ends, keyed: cutting off the newest entries cannot be made to look
    like the chain's true end without the key."""
    mark = f"anchor\n{seq}\n{last_hash}".encode("ascii")
    return AuditAnchor(seq=seq, mac=sealer.audit_mac(mark))


def verify(session: Session) -> list[AuditFault]:
    """Every break in the chain: an edited, inserted or removed entry shows up here."""
    faults: list[AuditFault] = []
    sealer = _sealer(session)
    prev_hash, expected_seq = "", 1
    for row in session.scalars(select(AuditRow).order_by(AuditRow.seq)).yield_per(2000):
        if row.seq != expected_seq:
            faults.append(AuditFault(row.seq, f"之前缺少 {row.seq - expected_seq} 条（被删除）"))
        if row.prev_hash != prev_hash:
            faults.append(AuditFault(row.seq, "与前一条不衔接（前面的记录被改动或删除）"))
        values = {name: getattr(row, name) for name in _CHAINED}
        if _mac(sealer, row.prev_hash, values) != row.hash:
            faults.append(AuditFault(row.seq, "内容与其校验值不符（被改动）"))
        prev_hash, expected_seq = row.hash, row.seq + 1
    last_seq = expected_seq - 1
    if get(session, AUDIT_ANCHOR) != (
        _anchor(sealer, last_seq, prev_hash) if last_seq else AUDIT_ANCHOR.default
    ):
        faults.append(AuditFault(last_seq + 1, "及之后的记录缺失（末尾被删除或改动）"))
    return faults


def head(session: Session) -> ChainHead | None:
    """The chain's newest entry, or None for an empty trail."""
    last = session.connection().execute(_CHAIN_END).first()
    return None if last is None else ChainHead(last.seq, last.hash)


def hash_at(session: Session, seq: int) -> str | None:
    """Entry ``seq``'s hash, or None when the trail has no such entry."""
    audit = table_of(AuditRow)
    found = session.connection().execute(select(audit.c.hash).where(audit.c.seq == seq)).first()
    return None if found is None else str(found.hash)


#: The triggers migration 0006 made: without them a row can be changed in place.
_GUARDS = {
    verb: (
        f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    for verb in ("UPDATE", "DELETE")
}


def _normal(sql: str) -> str:
    return " ".join(sql.replace(";", " ; ").split()).lower()


def guard_problems(session: Session) -> list[str]:
    """What the keyed chain cannot show: append-only triggers dropped or disarmed, and a
    trail emptied whole (rows and anchor) in a store that holds accounts or records."""
    from station_app.storage.ledger_specs import LEDGERS
    from station_app.storage.organisation_tables import UserAccountRow

    problems = []
    found_triggers = session.execute(
        select(_MASTER.c.name, _MASTER.c.sql).where(
            _MASTER.c.type == "trigger", _MASTER.c.tbl_name == "audit_log"
        )
    ).all()
    triggers = {str(name).lower(): str(sql) for name, sql in found_triggers}
    for verb, sql in _GUARDS.items():
        found = triggers.get(f"audit_log_no_{verb.lower()}")
        if found is None or _normal(found) != _normal(sql):
            problems.append(f"审计日志的防改写保护（{verb} 触发器）被删除或改动")
    if head(session) is None:
        held: list[type[Any]] = [UserAccountRow, *(spec.row_type for spec in LEDGERS)]
        if any(session.scalar(select(literal(1)).select_from(row).limit(1)) for row in held):
            problems.append("审计日志为空，但台账中已有账户或记录（审计日志被整个删除）")
    return problems


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)


def rows(session: Session, offset: int = 0, limit: int | None = None) -> Iterator[AuditRow]:
    """Newest first, as the head reads them."""
    stmt = select(AuditRow).order_by(AuditRow.seq.desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    yield from session.scalars(stmt)
