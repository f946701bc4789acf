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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import column, func, literal, select, table
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from station_app.domain.settings_schema import AUDIT_ANCHOR, AuditAnchor
from station_app.security.field_sealer import FieldSealer
from station_app.storage.audit_table import AuditRow
from station_app.storage.bulk_insert import driver, insert_values, sqlite_text, table_of
from station_app.storage.column_types import sealer_of
from station_app.storage.organisation_tables import SettingRow
from station_app.storage.setting_values import get


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


_CHAIN_END_SQL = sqlite_text(_CHAIN_END)
_AUDIT_KEYS = (*_CHAINED, "prev_hash", "hash")
_ANCHOR_UPSERT = (
    f"INSERT INTO {SettingRow.__tablename__} (key, value) VALUES (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def append(session: Session, entries: list[AuditEntry], now: datetime) -> None:
    """Add entries at the end of the chain, in the caller's (write) transaction; an import's
    thousands of entries go in one statement."""
    if not entries:
        return
    seq, prev_hash, mac = _chain_end(session)
    # What _content hashes, built as text: a JSON array's compact text is its items' JSON
    # texts joined by commas. A batch shares its time and mostly its actor, action and
    # entity, so that run of the array is encoded once per batch, not once per entry.
    at = encode_basestring(now.isoformat(timespec="microseconds"))
    middles: dict[tuple[str | None, ...], str] = {}
    values: list[list[Any]] = []
    for entry in entries:
        seq += 1
        detail = (
            json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else "{}"
        )
        shared = (entry.actor_uuid, entry.actor_name, entry.action, entry.entity)
        middle = middles.get(shared)
        if middle is None:
            middle = middles[shared] = ",".join(map(_json_text, shared))
        content = _chained_text(
            seq, at, middle, _json_text(entry.record_uuid), encode_basestring(detail)
        )
        entry_hash = mac(f"{prev_hash}\n{content}".encode())
        values.append([seq, now, *shared, entry.record_uuid, detail, prev_hash, entry_hash])
        prev_hash = entry_hash
    _end_chain(session, values, seq, prev_hash)


def append_for_records(
    session: Session, entry: AuditEntry, record_uuids: Sequence[str], now: datetime
) -> None:
    """``entry`` once for each record of ``record_uuids``, in order (a batch's creates): the
    same rows and chain as ``append`` of one entry per record, without building an entry
    and encoding its shared part for each."""
    if not record_uuids:
        return
    seq, prev_hash, mac = _chain_end(session)
    shared = (entry.actor_uuid, entry.actor_name, entry.action, entry.entity)
    detail = json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else "{}"
    middle = ",".join(map(_json_text, shared))
    at = encode_basestring(now.isoformat(timespec="microseconds"))
    detail_text = encode_basestring(detail)
    values: list[list[Any]] = []
    for record_uuid in record_uuids:
        seq += 1
        content = _chained_text(seq, at, middle, encode_basestring(record_uuid), detail_text)
        entry_hash = mac(f"{prev_hash}\n{content}".encode())
        values.append([seq, now, *shared, record_uuid, detail, prev_hash, entry_hash])
        prev_hash = entry_hash
    _end_chain(session, values, seq, prev_hash)


def _chained_text(seq: int, at: str, middle: str, record: str, detail: str) -> str:
    """What an entry's hash covers, as ``_content`` encodes it (a compact JSON array), from
    its parts already encoded as JSON: ``middle`` is actor, name, action and entity, which a
    batch shares, so ``append`` and ``append_for_records`` encode them once per batch."""
    return f"[{seq},{at},{middle},{record},{detail}]"


def _chain_end(session: Session) -> tuple[int, str, Callable[[bytes], str]]:
    """The chain's last number and hash as this transaction sees them, and the keyed MAC."""
    session.flush()  # entries appended earlier in this transaction count as the chain's end
    # The chain's end is read on every save: on the driver, no per-statement overhead.
    last = driver(session).execute(_CHAIN_END_SQL).fetchone()
    seq, prev_hash = (0, "") if last is None else (int(last[0]), str(last[1]))
    return seq, prev_hash, _sealer(session).audit_mac


def _end_chain(session: Session, values: list[list[Any]], seq: int, last_hash: str) -> None:
    """Insert the new entries' rows and move the anchor to the chain's new end."""
    insert_values(session, table_of(AuditRow), _AUDIT_KEYS, values)
    anchor = _anchor(_sealer(session), seq, last_hash)
    # What setting_values.put(AUDIT_ANCHOR, anchor) writes, without its declaration round
    # trip (asdict, parse, type hints), which cost a single save more than the insert.
    driver(session).execute(
        _ANCHOR_UPSERT,
        (AUDIT_ANCHOR.key, json.dumps({"seq": anchor.seq, "mac": anchor.mac}, ensure_ascii=False)),
    )
    held = session.identity_map.get(identity_key(SettingRow, AUDIT_ANCHOR.key))
    if held is not None:  # a row this session read earlier must not answer with the old value
        session.expire(held)
    session.info[CHAIN_HEAD] = ChainHead(seq, last_hash)


def _json_text(text: str | None) -> str:
    """A text (or None) as compact JSON writes it with ensure_ascii=False."""
    return "null" if text is None else encode_basestring(text)


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
