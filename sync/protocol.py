"""The wire shapes between a station device and the county server, versioned and checked.

A push is a *batch* of *changes*, each the current state of one record at one revision plus the
revision this device last knew the county held (``base``). The server answers with a *receipt
envelope*: ``receipts[i]`` answers ``changes[i]``. Only a body that parses as that envelope, names
this protocol and version and echoes the batch key counts as an answer: a captive portal's 200
page or a proxy's error page is not a receipt, so nothing is marked sent on it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from station_app.domain.errors import FieldError
from station_app.domain.outbox import OutboxOp
from sync.payload import ENTITIES

_Item = TypeVar("_Item")

PROTOCOL = "station-ledger-sync"
VERSION = 1

#: Limits both sides agree on; the server refuses anything larger with 413.
MAX_BATCH_CHANGES = 500
MAX_BODY_BYTES = 2 * 1024 * 1024  # compressed, on the wire
MAX_INFLATED_BYTES = 16 * 1024 * 1024  # after gunzip: a zip bomb stops here
MAX_UUID_LEN = 36
MAX_TEXT = 400


class ProtocolError(ValueError):
    """A body that is not what the protocol says: reported as one line, never half-applied."""


class ReceiptStatus(StrEnum):
    ACCEPTED = "accepted"  # stored as the county's current version
    ALREADY_HAD = "already_had"  # the county had this revision already (a replay)
    CONFLICT = "conflict"  # another device changed the record from the same base revision
    REJECTED = "rejected"  # invalid, or outside this device's station or village

    @property
    def delivered(self) -> bool:
        return self in (ReceiptStatus.ACCEPTED, ReceiptStatus.ALREADY_HAD)


@dataclass(frozen=True)
class Change:
    """One record's state at ``revision``; ``data`` is ``sync.payload.encode_draft``'s output."""

    entity: str
    uuid: str
    revision: int
    op: str
    data: dict[str, Any]
    origin: str
    base: int = 0  # the revision this device knew the county held; 0: none
    voided_at: str | None = None
    void_reason: str | None = None
    confirmed_by: str | None = None
    confirmed_on: str | None = None
    created_at: str | None = None  # device clocks: kept for information, never for ordering
    updated_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entity": self.entity,
            "uuid": self.uuid,
            "rev": self.revision,
            "op": self.op,
            "data": self.data,
            "origin": self.origin,
        }
        if self.base:
            out["base"] = self.base
        optional = {
            "voided_at": self.voided_at,
            "void_reason": self.void_reason,
            "confirmed_by": self.confirmed_by,
            "confirmed_on": self.confirmed_on,
            "created": self.created_at,
            "updated": self.updated_at,
        }
        out.update({k: v for k, v in optional.items() if v is not None})
        return out

    @classmethod
    def from_json(cls, raw: object) -> Change:
        if not isinstance(raw, dict):
            raise ProtocolError("change is not an object")
        entity = _str(raw, "entity", 40)
        if entity not in ENTITIES:
            raise ProtocolError("unknown entity")
        op = _str(raw, "op", 20)
        if op not in {o.value for o in OutboxOp}:
            raise ProtocolError("unknown op")
        data = raw.get("data")
        if not isinstance(data, dict):
            raise ProtocolError("data is not an object")
        revision = _int(raw, "rev")
        base = _int(raw, "base", default=0)
        if revision < 1 or base < 0 or base >= revision:
            raise ProtocolError("revision out of range")
        return cls(
            entity=entity,
            uuid=_uuid(raw, "uuid"),
            revision=revision,
            op=op,
            data=data,
            origin=_uuid(raw, "origin"),
            base=base,
            voided_at=_opt_str(raw, "voided_at", 40),
            void_reason=_opt_str(raw, "void_reason", MAX_TEXT),
            confirmed_by=_opt_str(raw, "confirmed_by", MAX_TEXT),
            confirmed_on=_opt_str(raw, "confirmed_on", 10),
            created_at=_opt_str(raw, "created", 40),
            updated_at=_opt_str(raw, "updated", 40),
        )


@dataclass(frozen=True)
class Batch:
    key: str
    device: str
    sent_at: str
    changes: tuple[Change, ...]

    @classmethod
    def make(cls, device: str, sent_at: str, changes: list[Change]) -> Batch:
        return cls(batch_key(device, changes), device, sent_at, tuple(changes))

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "version": VERSION,
            "batch": self.key,
            "device": self.device,
            "sent_at": self.sent_at,
            "changes": [c.to_json() for c in self.changes],
        }

    @classmethod
    def from_json(cls, raw: object) -> Batch:
        _check_envelope(raw)
        assert isinstance(raw, dict)
        return cls(
            key=_str(raw, "batch", 64),
            device=_uuid(raw, "device"),
            sent_at=_str(raw, "sent_at", 40),
            changes=_distinct_list(
                raw, "changes", MAX_BATCH_CHANGES, Change.from_json, lambda c: c.uuid
            ),
        )


@dataclass(frozen=True)
class AuditHead:
    """Where the device's audit trail ends, sent after each sync (``POST /v1/audit-head``):
    its newest entry's number and keyed mark (opaque to the county, which has no data key).
    The county keeps the latest per device and flags one whose trail goes backwards, a store
    put back in time. Optional both ways: an older client never sends it, and a client
    carries on when an older county server does not know the path."""

    device: str
    seq: int
    mark: str

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "version": VERSION,
            "device": self.device,
            "seq": self.seq,
            "mark": self.mark,
        }

    @classmethod
    def from_json(cls, raw: object) -> AuditHead:
        _check_envelope(raw)
        assert isinstance(raw, dict)
        mark = _str(raw, "mark", 64)
        if len(mark) != 64 or not all(c in "0123456789abcdef" for c in mark):
            raise ProtocolError("mark is not a hex digest")
        seq = _int(raw, "seq")
        if seq < 1:
            raise ProtocolError("seq is not a number")
        return cls(device=_uuid(raw, "device"), seq=seq, mark=mark)


#: Quarters one ``ReportSubmissions`` message may carry (thirty years of quarters).
MAX_SUBMITTED_QUARTERS = 120
_QUARTER_KEY = re.compile(r"20[0-9]{2}Q[1-4]")
_DAY = re.compile(r"20[0-9]{2}-[01][0-9]-[0-3][0-9]")


@dataclass(frozen=True)
class SubmittedQuarter:
    """A quarter the station marked 已上报: when it was first marked (what on time is judged
    by) and when last (a station that re-marks after late amendments). ``*_on`` is the
    station's calendar day, ``*_at`` the UTC time; who marked it stays at the station."""

    quarter: str  # 2026Q3
    first_on: date
    first_at: datetime
    latest_on: date
    latest_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter,
            "first_on": self.first_on.isoformat(),
            "first_at": self.first_at.isoformat(timespec="seconds"),
            "on": self.latest_on.isoformat(),
            "at": self.latest_at.isoformat(timespec="seconds"),
        }

    @classmethod
    def from_json(cls, raw: object) -> SubmittedQuarter:
        if not isinstance(raw, dict):
            raise ProtocolError("submitted quarter is not an object")
        quarter = _str(raw, "quarter", 6)
        if not _QUARTER_KEY.fullmatch(quarter):
            raise ProtocolError("quarter is not like 2026Q3")
        first_on, latest_on = _day(raw, "first_on"), _day(raw, "on")
        if first_on > latest_on:
            raise ProtocolError("first mark is after the latest")
        return cls(quarter, first_on, _utc_time(raw, "first_at"), latest_on, _utc_time(raw, "at"))


@dataclass(frozen=True)
class ReportSubmissions:
    """The quarters this station marked 已上报, sent after each sync (``POST
    /v1/report-submissions``) so the county sees which tables were sent and when. Optional
    both ways, like ``AuditHead``: a county server that does not know the path answers 404
    and the client carries on."""

    device: str
    quarters: tuple[SubmittedQuarter, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "version": VERSION,
            "device": self.device,
            "quarters": [q.to_json() for q in self.quarters],
        }

    @classmethod
    def from_json(cls, raw: object) -> ReportSubmissions:
        _check_envelope(raw)
        assert isinstance(raw, dict)
        quarters = _distinct_list(
            raw, "quarters", MAX_SUBMITTED_QUARTERS, SubmittedQuarter.from_json, lambda q: q.quarter
        )
        return cls(device=_uuid(raw, "device"), quarters=quarters)


def digest_of(pairs: Iterable[tuple[str, int]]) -> str:
    """What both sides sum a ledger's (uuid, revision) pairs to when checking they agree:
    sha256 over "uuid:revision" lines, in the order given (sorted by uuid)."""
    h = hashlib.sha256()
    for uuid, revision in pairs:
        h.update(f"{uuid}:{revision}\n".encode())
    return h.hexdigest()


def batch_key(device: str, changes: list[Change] | tuple[Change, ...]) -> str:
    """Same device and same changes give the same key, so a batch rebuilt after a crash is
    recognised as the one the server may already have applied."""
    body = json.dumps([c.to_json() for c in changes], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{device}\n{body}".encode()).hexdigest()[:40]


@dataclass(frozen=True)
class Receipt:
    status: ReceiptStatus
    revision: int | None = None  # the county's revision after this change
    reason: str | None = None  # Chinese, names fields, never values
    errors: tuple[FieldError, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"s": self.status.value}
        if self.revision is not None:
            out["r"] = self.revision
        if self.reason:
            out["why"] = self.reason
        if self.errors:
            out["errors"] = [[e.field, e.label, e.message] for e in self.errors]
        return out

    @classmethod
    def from_json(cls, raw: object) -> Receipt:
        if not isinstance(raw, dict):
            raise ProtocolError("receipt is not an object")
        try:
            status = ReceiptStatus(str(raw.get("s")))
        except ValueError as exc:
            raise ProtocolError("unknown receipt status") from exc
        errors_raw = raw.get("errors", [])
        if not isinstance(errors_raw, list):
            raise ProtocolError("errors is not a list")
        errors = []
        for e in errors_raw:
            if not (isinstance(e, list) and len(e) == 3 and all(isinstance(x, str) for x in e)):
                raise ProtocolError("field error is not [field, label, message]")
            errors.append(FieldError(e[0], e[1], e[2]))
        revision = raw.get("r")
        if revision is not None and (isinstance(revision, bool) or not isinstance(revision, int)):
            raise ProtocolError("receipt revision is not a number")
        reason = raw.get("why")
        if reason is not None and not isinstance(reason, str):
            raise ProtocolError("receipt reason is not text")
        return cls(status, revision, reason, tuple(errors))

    def describe(self) -> str:
        """What the clerk reads next to a quarantined record."""
        parts = [str(e) for e in self.errors]
        if self.reason and not parts:
            parts.append(self.reason)
        return "；".join(parts) or self.status.value


@dataclass(frozen=True)
class ReceiptEnvelope:
    batch: str
    server_time: str
    receipts: tuple[Receipt, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": PROTOCOL,
            "version": VERSION,
            "batch": self.batch,
            "server_time": self.server_time,
            "receipts": [r.to_json() for r in self.receipts],
        }

    @classmethod
    def parse_for(cls, raw: object, batch: Batch) -> ReceiptEnvelope:
        """The server's answer to ``batch``, or ProtocolError if this is anything else."""
        _check_envelope(raw)
        assert isinstance(raw, dict)
        if raw.get("batch") != batch.key:
            raise ProtocolError("receipt is for another batch")
        receipts = raw.get("receipts")
        if not isinstance(receipts, list) or len(receipts) != len(batch.changes):
            raise ProtocolError("receipt count does not match the batch")
        return cls(
            batch=batch.key,
            server_time=_str(raw, "server_time", 40),
            receipts=tuple(Receipt.from_json(r) for r in receipts),
        )


def check_protocol(raw: object) -> None:
    """Any answer of the county server carries the protocol name and version."""
    _check_envelope(raw)


def _check_envelope(raw: object) -> None:
    if not isinstance(raw, dict):
        raise ProtocolError("not a protocol object")
    if raw.get("protocol") != PROTOCOL:
        raise ProtocolError("not a station-ledger-sync message")
    if raw.get("version") != VERSION:
        raise ProtocolError("unsupported protocol version")


# -- bodies --------------------------------------------------------------------------------


def encode_body(obj: object) -> bytes:
    """Compact UTF-8 JSON (Chinese stays 3 bytes a character, not a 6-byte escape), gzipped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def decode_body(body: bytes, *, gzipped: bool) -> Any:
    """JSON from a (possibly gzipped) body, refusing bombs, deep nesting and bad UTF-8."""
    if len(body) > MAX_BODY_BYTES:
        raise ProtocolError("body too large")
    if gzipped:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, MAX_INFLATED_BYTES)
        except zlib.error as exc:
            raise ProtocolError("body is not valid gzip") from exc
        if inflater.unconsumed_tail:
            raise ProtocolError("body too large once decompressed")
    try:
        text = body.decode("utf-8")
        obj = json.loads(text)
        if "\\u" in text:
            # Only an escape can carry a lone surrogate ("\\ud800"): JSON allows it, but no
            # UTF-8 column can store it, so it would fail at the write instead of here.
            json.dumps(obj, ensure_ascii=False).encode("utf-8")
        return obj
    except (UnicodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ProtocolError("body is not valid JSON") from exc


# -- field readers -------------------------------------------------------------------------


def _str(raw: dict[str, Any], key: str, max_len: int) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value or len(value) > max_len:
        raise ProtocolError(f"{key} is missing or not text")
    return value


def _opt_str(raw: dict[str, Any], key: str, max_len: int) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > max_len:
        raise ProtocolError(f"{key} is not text")
    return value


def _int(raw: dict[str, Any], key: str, default: int | None = None) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise ProtocolError(f"{key} is not a number")
    return value


def _day(raw: dict[str, Any], key: str) -> date:
    text = _str(raw, key, 10)
    if not _DAY.fullmatch(text):
        raise ProtocolError(f"{key} is not a date")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ProtocolError(f"{key} is not a date") from exc


def _utc_time(raw: dict[str, Any], key: str) -> datetime:
    """A time as ISO text: naive (UTC, as the stores keep it) or with an offset (made UTC)."""
    text = _str(raw, key, 32)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ProtocolError(f"{key} is not a time") from exc
    if moment.tzinfo is not None:
        offset = moment.utcoffset() or timedelta(0)
        moment = (moment - offset).replace(tzinfo=None)
    if not 2000 <= moment.year <= 2099:
        raise ProtocolError(f"{key} is not a time")
    return moment


def _distinct_list(
    raw: dict[str, Any],
    key: str,
    limit: int,
    parse: Callable[[object], _Item],
    identity: Callable[[_Item], Hashable],
) -> tuple[_Item, ...]:
    """A bounded list of items, each parsed, no two with the same identity (a record twice in
    one batch, a quarter twice: one of them would silently win)."""
    items = raw.get(key)
    if not isinstance(items, list):
        raise ProtocolError(f"{key} is not a list")
    if len(items) > limit:
        raise ProtocolError(f"too many {key}")
    parsed = tuple(parse(item) for item in items)
    if len({identity(item) for item in parsed}) != len(parsed):
        raise ProtocolError(f"one of the {key} appears twice")
    return parsed


def _uuid(raw: dict[str, Any], key: str) -> str:
    value = _str(raw, key, MAX_UUID_LEN)
    if not all(c in "0123456789abcdef-" for c in value):
        raise ProtocolError(f"{key} is not a uuid")
    return value
