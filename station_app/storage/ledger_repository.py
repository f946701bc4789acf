"""Generic reads and writes of one ledger inside a session: rows, children, outbox, search index.

Only services call this; it trusts that drafts are already validated.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable, Sequence
from datetime import date
from operator import attrgetter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    false,
    func,
    inspect,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from station_app.domain.identifiers import IdentifierError, normalize_phone, normalize_resident_id
from station_app.domain.ledger_query import STATION, LedgerQuery, QueryCancelled
from station_app.domain.outbox import OutboxOp
from station_app.domain.records import Confirmation, RecordMeta, Stored
from station_app.storage.base import SyncedRecord
from station_app.storage.bulk_insert import driver, insert_values, table_of
from station_app.storage.column_types import PHONE, RESIDENT_ID, lookup_of, sealer_of
from station_app.storage.ledger_specs import LedgerSpec
from station_app.storage.ledger_tables import DutyLogRow
from station_app.storage.outbox import ChangeStamp, creation_fields, record_changes
from station_app.storage.search_index import index_rows
from station_app.storage.search_text import match_query

#: Looking a search hit up costs about this many entries of a list's index read in order
#: (measured: 2.5 us against 0.13 us at 90,000 consultations, rounded down to be safe).
WALK_RATIO = 8
#: Ids read between two looks at whether a list read was superseded (a few ms' worth).
ID_CHUNK = 5000


class LedgerRepository:
    def __init__(self, session: Session, spec: LedgerSpec) -> None:
        self.session = session
        self.spec = spec

    # -- writes ---------------------------------------------------------------------------

    def add(self, draft: Any, stamp: ChangeStamp) -> Stored[Any]:
        """One new record (a form's save): the same Core statements as an import's batch,
        since the ORM's unit of work cost a single save more than SQLite's own work."""
        (record,) = self.insert_many([draft], stamp)
        meta = RecordMeta(
            id=record.id,
            uuid=record.uuid,
            revision=record.revision,
            created_at=stamp.now,
            updated_at=stamp.now,
            created_by=stamp.actor,
            updated_by=stamp.actor,
            voided_at=None,
            void_reason=None,
        )
        return Stored(meta=meta, data=draft, confirmation=None)

    def insert_many(self, drafts: Sequence[Any], stamp: ChangeStamp) -> list[NewRecord]:
        """Insert new records with Core statements: the same rows, children, search text and
        outbox rows as the ORM would write, at a fraction of the ORM's cost per row (an import, the
        demo data). The caller's transaction holds the write lock (BEGIN IMMEDIATE), so ids
        are handed out here, without a round trip per row to learn them.
        """
        if not drafts:
            return []
        spec = self.spec
        table = table_of(spec.row_type)
        (last_id,) = driver(self.session).execute(f"SELECT max(id) FROM {table.name}").fetchone()
        first_id = int(last_id or 0) + 1
        base = creation_fields(stamp)
        uuids = new_uuids(len(drafts))
        records: list[NewRecord] = []
        rows: list[list[Any]] = []
        child_rows: dict[str, list[list[Any]]] = {}
        shape = shapes = None
        for offset, draft in enumerate(drafts):
            if shapes is None or type(draft) is not shapes:
                shapes, shape = type(draft), _insert_shape(spec, type(draft))
            assert shape is not None
            record = NewRecord(first_id + offset, uuids[offset], 1, draft, table)
            records.append(record)
            # Each row's values as one list in the order of the shape's keys: no dict per row.
            rows.append([record.id, record.uuid, *base.values(), *shape.plain(draft)])
            for name, fields, _ in shape.nested:
                found = child_rows.setdefault(name, [])
                for position, item in enumerate(getattr(draft, name)):
                    found.append([record.id, position, *fields(item)])
        assert shape is not None
        insert_values(self.session, table, ("id", "uuid", *base, *shape.plain_keys), rows)
        for name, _, keys in shape.nested:
            if child_rows.get(name):
                child = shape.child_tables[name]
                insert_values(self.session, child, keys, child_rows[name])
        index_rows(self.session, spec, records, new=True)
        record_changes(self.session, spec.entity, records, OutboxOp.CREATE, stamp)
        return records

    def update_new(
        self,
        records: Sequence[NewRecord],
        values: Sequence[dict[str, Any]],
        op: OutboxOp,
        stamp: ChangeStamp,
    ) -> None:
        """A change to records made by ``insert_many`` in this transaction (an imported visit
        confirmed right after it is created): one more revision and outbox row each."""
        if not records:
            return
        table = table_of(self.spec.row_type)
        rows = []
        for record, changed in zip(records, values, strict=True):
            record.revision += 1
            record.set_values(changed)
            rows.append(
                {
                    "record_id": record.id,
                    "revision": record.revision,
                    "updated_at": stamp.now,
                    "updated_by": stamp.actor,
                    **changed,
                }
            )
        columns = [k for k in rows[0] if k != "record_id"]
        stmt = (
            update(table)
            .where(table.c.id == bindparam("record_id"))
            .values({c: bindparam(c) for c in columns})
        )
        self.session.execute(stmt, rows)
        index_rows(self.session, self.spec, records)
        record_changes(self.session, self.spec.entity, records, op, stamp)

    def replace(self, row: SyncedRecord, draft: Any, stamp: ChangeStamp) -> SyncedRecord:
        self._fill(row, draft)
        self.touch_all([row], OutboxOp.UPDATE, stamp)
        return row

    def touch(self, row: SyncedRecord, op: OutboxOp, stamp: ChangeStamp) -> None:
        """Record a change made directly on the row (void, confirm)."""
        self.touch_all([row], op, stamp)

    def touch_all(self, rows: Sequence[SyncedRecord], op: OutboxOp, stamp: ChangeStamp) -> None:
        """Record changes made on several rows at once (an import confirming its visits)."""
        for row in rows:
            row.revision += 1
            row.updated_at = stamp.now
            row.updated_by = stamp.actor
        self.session.flush()
        index_rows(self.session, self.spec, rows)
        record_changes(self.session, self.spec.entity, rows, op, stamp)

    def put_remote(self, uuid: str, draft: Any, history: dict[str, Any]) -> SyncedRecord:
        """Store another device's version as it is: no new revision and no outbox row, since
        the change came from the county and must not travel back."""
        row = self.get_by_uuid(uuid)
        if row is None:
            row = self.spec.row_type(uuid=uuid)  # type: ignore[call-arg]
            self.session.add(row)
        self._fill(row, draft)
        for name, value in history.items():
            setattr(row, name, value)
        self.session.flush()
        index_rows(self.session, self.spec, [row])
        return row

    def _fill(self, row: SyncedRecord, draft: Any) -> None:
        children = {c.field: c for c in self.spec.children}
        for f in dataclasses.fields(draft):
            value = getattr(draft, f.name)
            child = children.get(f.name)
            if child is None:
                setattr(row, f.name, value)
                continue
            # Children are part of the record: replaced whole, versioned with the parent.
            setattr(
                row,
                f.name,
                [
                    child.row_type(position=i, **dataclasses.asdict(item))
                    for i, item in enumerate(value)
                ],
            )

    # -- reads ----------------------------------------------------------------------------

    def get(self, record_id: int) -> SyncedRecord | None:
        return self.session.get(self.spec.row_type, record_id)

    def get_by_uuid(self, uuid: str) -> SyncedRecord | None:
        return self.session.scalars(
            select(self.spec.row_type).where(self.spec.row_type.uuid == uuid)
        ).first()

    def counts_by_village(self, q: LedgerQuery) -> dict[int | None, int]:
        """How many records match ``q`` in each village (None: the station's own)."""
        village = self.spec.column("village_id")
        stmt = self._filtered(select(village, func.count()).group_by(village), q)
        if stmt is None:
            return {}
        return {vid: int(n) for vid, n in self.session.execute(stmt)}

    def to_stored(self, row: Any) -> Stored[Any]:
        """A mapped row or a ``ReadRow`` as the domain's record."""
        plain, nested = _draft_shape(self.spec)
        values: dict[str, Any] = {name: getattr(row, name) for name in plain}
        for name, draft_type, names in nested:
            values[name] = tuple(
                draft_type(**{n: getattr(c, n) for n in names}) for c in getattr(row, name)
            )
        confirmation = None
        if self.spec.row_type is DutyLogRow and row.confirmed_on is not None and row.confirmed_by:
            confirmation = Confirmation(row.confirmed_by, row.confirmed_on)
        return Stored(
            meta=_meta(row), data=self.spec.draft_type(**values), confirmation=confirmation
        )

    def _filtered(
        self, stmt: Select[Any], q: LedgerQuery, first: int | None = None
    ) -> Select[Any] | None:
        """``stmt`` narrowed to ``q``'s records; ``first``: only that many are read, in the
        list's order (a page, the window's first screenful), which lets a search for a common
        word walk the list's index instead of sorting every hit (``_many_hits``)."""
        spec, row_type = self.spec, self.spec.row_type
        if not q.include_voided:
            stmt = stmt.where(row_type.voided_at.is_(None))
        if q.date_from is not None:
            stmt = stmt.where(spec.date_column >= q.date_from)
        if q.date_to is not None:
            stmt = stmt.where(spec.date_column <= q.date_to)
        if q.villages is not None:
            village = spec.column("village_id")
            ids = [v for v in q.villages if v is not None]
            clauses = [village.in_(ids)] if ids else []
            if STATION in q.villages:
                clauses.append(village.is_(None))
            if not clauses:
                return None
            stmt = stmt.where(clauses[0] if len(clauses) == 1 else clauses[0] | clauses[1])
        if q.lawyer_name is not None:
            stmt = stmt.where(spec.column("lawyer_name") == q.lawyer_name)
        if q.kind:
            stmt = stmt.where(spec.kind_clause(q.kind))
        if q.text and (number := _personal_number(q.text)) is not None:
            return stmt.where(self._number_clause(*number))
        if q.text and q.text.strip():
            match = match_query(q.text)
            if match is None:
                return None
            hits = text(
                f"SELECT rowid FROM {spec.fts_table} WHERE {spec.fts_table} MATCH :m"
            ).bindparams(m=match)
            record_id: Any = row_type.id
            if first is not None and q.sort is None and self._many_hits(match, first):
                # "+id": the hits are only tested, not looked up one by one (SQLite's way
                # of keeping a term from choosing the plan), so the list's index is read
                # in order until ``first`` hits have turned up.
                record_id = literal_column(f"+{spec.entity}.id")
            stmt = stmt.where(record_id.in_(hits))
        return stmt

    def _many_hits(self, match: str, first: int) -> bool:
        """Whether a search finds so many records that reading the list's date index in
        order, testing each entry against the hits, reaches the first ``first`` of them
        sooner than looking every hit up and sorting them all.

        Walking costs about ``first * rows / hits`` index entries, looking up ``hits`` rows
        at about ``WALK_RATIO`` entries' cost each (measured at 90,000 consultations: the
        two cross at some 1,000 hits for 100 rows, 1,700 for 300). Only that many hits are
        counted, so a rare word costs nothing and a common one ~1 ms."""
        spec = self.spec
        connection = self.session.connection()
        rows = connection.execute(select(func.max(table_of(spec.row_type).c.id))).scalar()
        enough = math.isqrt(first * int(rows or 0) // WALK_RATIO) + 1
        found = connection.execute(
            text(
                f"SELECT count(*) FROM (SELECT rowid FROM {spec.fts_table}"
                f" WHERE {spec.fts_table} MATCH :m LIMIT :n)"
            ),
            {"m": match, "n": enough},
        ).scalar()
        return int(found or 0) >= enough

    def _number_clause(self, purpose: str, clear: str) -> ColumnElement[bool]:
        """Records holding this exact ID or phone number, found by its keyed lookup."""
        lookup = sealer_of(self.session.get_bind().dialect).lookup(purpose, clear)
        row_type = self.spec.row_type
        clauses = []
        if hasattr(row_type, purpose):
            clauses.append(lookup_of(getattr(row_type, purpose)) == lookup)
        for child in self.spec.children:
            if hasattr(child.row_type, purpose):
                parent = getattr(child.row_type, _parent_key(self.spec, child.field))
                inner = select(parent).where(lookup_of(getattr(child.row_type, purpose)) == lookup)
                clauses.append(row_type.id.in_(inner))
        return or_(*clauses) if clauses else false()

    def ids(
        self,
        q: LedgerQuery,
        offset: int = 0,
        limit: int | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[int]:
        """Ids in display order: what a big table view holds instead of rows. ``cancelled``
        is asked every ``ID_CHUNK`` ids: a read superseded by a newer query stops there
        (``QueryCancelled``) instead of holding the store lane for the rest of 90,000."""
        first = None if limit is None else offset + limit
        stmt = self._filtered(select(self.spec.row_type.id), q, first)
        if stmt is None:
            return []
        stmt = stmt.order_by(*self._order(q)).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        # Core execution, and the driver's own rows (an id needs no result processing): at
        # 90,000 ids, half the time of building a SQLAlchemy Row for each.
        result = self.session.connection().execute(stmt)
        try:
            cursor = result.cursor
            if cancelled is None:
                return [row[0] for row in cursor.fetchall()]
            ids: list[int] = []
            while rows := cursor.fetchmany(ID_CHUNK):
                if cancelled():
                    raise QueryCancelled("查询已取消")
                ids.extend(row[0] for row in rows)
            return ids
        finally:
            result.close()

    def rows(self, q: LedgerQuery, offset: int, limit: int) -> Sequence[SyncedRecord]:
        stmt = self._filtered(select(self.spec.row_type), q)
        if stmt is None:
            return []
        return self.session.scalars(
            stmt.order_by(*self._order(q)).offset(offset).limit(limit)
        ).all()

    def read_rows(self, q: LedgerQuery, offset: int, limit: int) -> list[Any]:
        """``rows`` for display only: the same values, read with Core into plain objects (no
        ORM identity map or change tracking, which cost a mediation page most of its time)."""
        stmt = self._filtered(select(*self._attributes(self.spec.row_type)), q, offset + limit)
        if stmt is None:
            return []
        stmt = stmt.order_by(*self._order(q)).offset(offset).limit(limit)
        return self._with_children([ReadRow(r._mapping) for r in self.session.execute(stmt)])

    def read_by_ids(self, ids: Sequence[int]) -> list[Any]:
        """``rows_by_ids`` for display only (see ``read_rows``), in the order of ``ids``."""
        row_type = self.spec.row_type
        stmt = select(*self._attributes(row_type)).where(row_type.id.in_(ids))
        found = {r.id: r for r in (ReadRow(m._mapping) for m in self.session.execute(stmt))}
        return self._with_children([found[i] for i in ids if i in found])

    def _with_children(self, rows: list[ReadRow]) -> list[Any]:
        """Each child list in one query for all ``rows``, in position order (as the ORM's
        selectin loading would)."""
        if not rows or not self.spec.children:
            return rows
        by_id = {r.id: r for r in rows}
        for child in self.spec.children:
            parent = getattr(child.row_type, _parent_key(self.spec, child.field))
            position = table_of(child.row_type).c.position
            for r in rows:
                setattr(r, child.field, [])
            stmt = (
                select(*self._attributes(child.row_type))
                .where(parent.in_(list(by_id)))
                .order_by(parent, position)
            )
            for m in self.session.execute(stmt):
                item = ReadRow(m._mapping)
                getattr(by_id[getattr(item, parent.key)], child.field).append(item)
        return rows

    @staticmethod
    def _attributes(row_type: type[Any]) -> list[Any]:
        """Every column attribute of a mapped class, named as the class names it."""
        return [getattr(row_type, a.key) for a in inspect(row_type).mapper.column_attrs]

    def rows_by_ids(self, ids: Sequence[int]) -> list[SyncedRecord]:
        found = {
            r.id: r
            for r in self.session.scalars(
                select(self.spec.row_type).where(self.spec.row_type.id.in_(ids))
            )
        }
        return [found[i] for i in ids if i in found]

    def count(self, q: LedgerQuery) -> int:
        stmt = self._filtered(select(func.count()).select_from(self.spec.row_type), q)
        if stmt is None:
            return 0
        if q.date_from is None and not (q.text and q.text.strip()):
            # Every record is dated (NOT NULL), so this bound drops none: it lets SQLite count
            # through the list's partial index (live, 待确认, a kind's, a village's) without
            # reading a row. With statistics saying such an index holds (nearly) every row,
            # SQLite 3.40 costs a scan of it as one of the table, since it does not see that
            # the index's own WHERE covers the count, and reads the table: 90,000
            # consultations 4 ms -> 25 ms. A range on the index's date is costed cheaper.
            stmt = stmt.where(self.spec.date_column >= date.min)
        return int(self.session.scalar(stmt) or 0)

    def _order(self, q: LedgerQuery) -> list[Any]:
        column = self.spec.date_column
        if q.sort:
            candidate = getattr(self.spec.row_type, q.sort, None)
            if candidate is None or q.sort in {c.field for c in self.spec.children}:
                raise ValueError(f"cannot sort {self.spec.entity} by {q.sort!r}")
            column = candidate
        # The local id breaks ties: it follows entry order on this device, unlike any clock.
        row_id = self.spec.row_type.id
        return [column.desc(), row_id.desc()] if q.descending else [column.asc(), row_id.asc()]


class ReadRow:
    """A record or child row read for display: its column values as attributes, like the
    mapped class's (``read_rows``)."""

    def __init__(self, values: Any) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:  # only reached for a name not set
        raise AttributeError(name)


class NewRecord:
    """A record just inserted with Core: its id, uuid and revision, and its draft's values.

    Reads like a row for the search text and the outbox: a field of the draft, a value set
    since (``extra``), or None for a column the draft does not carry (confirmed_by). The
    draft's fields are copied in as plain attributes: found by the ordinary lookup, they cost
    the search text of a large batch no ``__getattr__`` call (and its AttributeError) each.
    """

    def __init__(self, record_id: int, uuid: str, revision: int, draft: Any, table: Any) -> None:
        self.__dict__.update(draft.__dict__)
        self.id = record_id
        self.uuid = uuid
        self.revision = revision
        self.draft = draft
        self.extra: dict[str, Any] = {}
        self._columns = table.c

    def set_values(self, changed: dict[str, Any]) -> None:
        """Values set since the insert (``update_new``): they read instead of the draft's."""
        self.extra.update(changed)
        self.__dict__.update(changed)

    def __getattr__(self, name: str) -> Any:  # only reached for a name not set above
        try:
            return getattr(self.draft, name)  # a property of the draft
        except AttributeError:
            if name in self._columns:
                return None
            raise


def new_uuids(n: int) -> list[str]:
    """``n`` random (version 4) UUIDs as text, like ``str(uuid.uuid4())`` each, from one read
    of the OS's randomness: a demo fill or an import makes hundreds of thousands."""
    raw = os.urandom(16 * n)
    found = []
    for start in range(0, 16 * n, 16):
        b = bytearray(raw[start : start + 16])
        b[6] = b[6] & 0x0F | 0x40  # version 4
        b[8] = b[8] & 0x3F | 0x80  # RFC 4122 variant
        h = b.hex()
        found.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return found


class _InsertShape:
    """How a draft type's fields become row values: plain fields straight into the record's
    row, child lists into their own tables (keys: parent id, position, then the child's
    fields), each read with one attrgetter call instead of a getattr per field."""

    def __init__(self, spec: LedgerSpec, draft_type: type[Any]) -> None:
        children = {c.field: c for c in spec.children}
        names = [f.name for f in dataclasses.fields(draft_type)]
        clash = set(names) & {"id", "uuid", "revision", "draft", "extra", "set_values"}
        if clash:  # NewRecord holds these itself
            raise ValueError(f"{draft_type.__name__}: field names {sorted(clash)} are reserved")
        self.plain_keys = tuple(n for n in names if n not in children)
        self.plain = _getter(self.plain_keys)
        self.nested: list[tuple[str, Callable[[Any], tuple[Any, ...]], tuple[str, ...]]] = []
        self.child_tables: dict[str, Any] = {}
        for name in names:
            if name not in children:
                continue
            child_fields = tuple(f.name for f in dataclasses.fields(children[name].draft_type))
            keys = (_parent_key(spec, name), "position", *child_fields)
            self.nested.append((name, _getter(child_fields), keys))
            self.child_tables[name] = table_of(children[name].row_type)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """attrgetter that returns a tuple whatever the number of names."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


_INSERT_SHAPES: dict[tuple[str, type[Any]], _InsertShape] = {}


def _insert_shape(spec: LedgerSpec, draft_type: type[Any]) -> _InsertShape:
    found = _INSERT_SHAPES.get((spec.entity, draft_type))
    if found is None:
        found = _INSERT_SHAPES[spec.entity, draft_type] = _InsertShape(spec, draft_type)
    return found


_Shape = tuple[tuple[str, ...], tuple[tuple[str, type[Any], tuple[str, ...]], ...]]
_SHAPES: dict[str, _Shape] = {}


def _draft_shape(spec: LedgerSpec) -> _Shape:
    """A ledger's draft fields (plain ones; children with their type and fields), worked out
    once: a page of 100 records asked dataclasses for them thousands of times."""
    found = _SHAPES.get(spec.entity)
    if found is None:
        children = {c.field: c for c in spec.children}
        names = [f.name for f in dataclasses.fields(spec.draft_type)]
        found = _SHAPES[spec.entity] = (
            tuple(n for n in names if n not in children),
            tuple(
                (
                    n,
                    children[n].draft_type,
                    tuple(f.name for f in dataclasses.fields(children[n].draft_type)),
                )
                for n in names
                if n in children
            ),
        )
    return found


def _personal_number(text: str) -> tuple[str, str] | None:
    """A search for a whole resident ID or phone number: (its column purpose, the number)."""
    try:
        return RESIDENT_ID, normalize_resident_id(text, today=date.max)
    except IdentifierError:
        pass
    try:
        return PHONE, normalize_phone(text)
    except IdentifierError:
        return None


def _parent_key(spec: LedgerSpec, field: str) -> str:
    """The child table's column that points at its record (case_id, duty_log_id)."""
    relationship = inspect(spec.row_type).relationships[field]
    ((_, child_column),) = relationship.local_remote_pairs
    return str(child_column.key)


def _meta(row: SyncedRecord) -> RecordMeta:
    return RecordMeta(
        id=row.id,
        uuid=row.uuid,
        revision=row.revision,
        created_at=row.created_at,
        updated_at=row.updated_at,
        created_by=row.created_by,
        updated_by=row.updated_by,
        voided_at=row.voided_at,
        void_reason=row.void_reason,
    )
