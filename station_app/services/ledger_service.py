"""Create, change, void, read and list records of one ledger.

Each write validates the draft in the domain, then writes the row, its search text, its
outbox row and its audit entry in one IMMEDIATE transaction: all of it lands or none of it
does. Every read and write is held to the acting account's share of the ledger
(domain.access), and ID and phone numbers leave masked unless revealed (personal_data).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from station_app.domain.access import Right, denied_message
from station_app.domain.errors import (
    AccessDeniedError,
    ConflictError,
    FieldError,
    LockedError,
    NotFoundError,
    ValidationError,
)
from station_app.domain.ledger_query import LedgerQuery
from station_app.domain.masks import masked, personal_fields, unmasked
from station_app.domain.outbox import OutboxOp
from station_app.domain.records import Page, Stored
from station_app.services.context import ServiceContext
from station_app.services.personal_data import changed_fields
from station_app.storage.base import SyncedRecord
from station_app.storage.ledger_repository import LedgerRepository, NewRecord
from station_app.storage.ledger_specs import LedgerSpec
from station_app.storage.outbox import ChangeStamp
from station_app.storage.reference_data import References

D = TypeVar("D")

MAX_PAGE = 1000
MAX_VOID_REASON = 200


def batched(items: Iterable[D], size: int) -> Iterator[list[D]]:
    """itertools.batched, which arrives only in Python 3.12."""
    it = iter(items)
    while part := list(islice(it, size)):
        yield part


class LedgerService(Generic[D]):
    def __init__(self, ctx: ServiceContext, spec: LedgerSpec) -> None:
        self.ctx = ctx
        self.spec = spec

    @property
    def label(self) -> str:
        return self.spec.label

    # -- writes ---------------------------------------------------------------------------

    def create(self, draft: D) -> Stored[D]:
        stamp = self.ctx.stamp()
        clean = self._validated(draft)
        self._check_draft(clean)
        with self.ctx.store.write() as session:
            repo = LedgerRepository(session, self.spec)
            refs = References.load(session)
            clean = self._prepare_new(session, refs, clean)
            self._check_references(refs, clean)
            stored: Stored[D] = repo.add(clean, stamp)
            self.ctx.audit(session, "create", entity=self.spec.entity, record_uuid=stored.meta.uuid)
            return replace(stored, data=masked(stored.data))

    def create_many(self, drafts: Iterable[D], *, chunk: int = 500) -> int:
        """All or nothing, in one transaction: for the demo data and bulk callers."""
        stamp = self.ctx.stamp()
        with self.ctx.store.write() as session:
            writer = self.writer(session, References.load(session), stamp, chunk=chunk)
            for draft in drafts:
                writer.add(writer.check(draft))
            writer.flush()
            return writer.added

    def writer(
        self, session: Session, refs: References, stamp: ChangeStamp, *, chunk: int = 500
    ) -> LedgerWriter[D]:
        """This ledger's create steps inside a caller's transaction (see LedgerWriter)."""
        return LedgerWriter(self, session, refs, stamp, chunk=chunk)

    def update(self, record_id: int, draft: D, *, expected_revision: int) -> Stored[D]:
        """A draft may carry numbers still masked (from ``get``): they stay as stored."""
        stamp = self.ctx.stamp()
        with self.ctx.store.write() as session:
            repo = LedgerRepository(session, self.spec)
            row = self._editable(repo, record_id, expected_revision)
            current: D = repo.to_stored(row).data
            clean = self._validated(unmasked(draft, current))
            self._check_draft(clean)
            refs = References.load(session)
            clean = self._prepare_update(session, refs, row, clean)
            self._check_references(refs, clean)
            changed = changed_fields(current, clean)
            repo.replace(row, clean, stamp)
            self.ctx.audit(
                session, "update", entity=self.spec.entity, record_uuid=row.uuid, fields=changed
            )
            return self._stored(repo, row)

    def void(
        self, record_id: int, reason: str, *, expected_revision: int | None = None
    ) -> Stored[D]:
        """作废: the record stays as a tombstone, out of lists and counts, and still syncs."""
        reason = (reason or "").strip()
        if not reason or len(reason) > MAX_VOID_REASON:
            message = "必填" if not reason else f"不能超过{MAX_VOID_REASON}个字"
            raise ValidationError([FieldError("void_reason", "作废原因", message)])
        stamp = self.ctx.stamp()
        with self.ctx.store.write() as session:
            repo = LedgerRepository(session, self.spec)
            row = self._row(repo, record_id)
            if row.voided_at is not None:
                raise LockedError("该记录已作废")
            if self._is_confirmed(row):
                self.ctx.require(Right.VOID_CONFIRMED, "已确认的记录只有站长可以作废")
            if expected_revision is not None and row.revision != expected_revision:
                raise ConflictError("该记录已被他人修改，请刷新后重试")
            row.voided_at = stamp.now
            row.void_reason = reason
            repo.touch(row, OutboxOp.VOID, stamp)
            self.ctx.audit(
                session, "void", entity=self.spec.entity, record_uuid=row.uuid, reason=reason
            )
            return self._stored(repo, row)

    def reveal(self, record_id: int) -> Stored[D]:
        """The record with its ID and phone numbers in clear; each reveal is audited."""
        self.ctx.require(Right.REVEAL, "当前账户无权查看完整的身份证号和电话号码")
        with self.ctx.store.write() as session:
            repo = LedgerRepository(session, self.spec)
            row = self._row(repo, record_id)
            stored: Stored[D] = repo.to_stored(row)
            self.ctx.audit(
                session,
                "reveal",
                entity=self.spec.entity,
                record_uuid=row.uuid,
                fields=personal_fields(stored.data),
            )
            return stored

    # -- reads ----------------------------------------------------------------------------

    def get(self, record_id: int) -> Stored[D]:
        with self.ctx.store.read() as session:
            repo = LedgerRepository(session, self.spec)
            return self._stored(repo, self._row(repo, record_id))

    def get_by_uuid(self, uuid: str) -> Stored[D]:
        with self.ctx.store.read() as session:
            repo = LedgerRepository(session, self.spec)
            row = repo.get_by_uuid(uuid)
            if row is None:
                raise NotFoundError(f"{self.label}记录不存在")
            self._check_row(row)
            return self._stored(repo, row)

    def page(
        self, query: LedgerQuery | None = None, *, offset: int = 0, limit: int = 100
    ) -> Page[D]:
        query = self._scoped(query)
        limit = max(1, min(limit, MAX_PAGE))
        with self.ctx.store.read() as session:
            repo = LedgerRepository(session, self.spec)
            items = [self._stored(repo, r) for r in repo.read_rows(query, offset, limit)]
            return Page(items=items, total=repo.count(query), offset=offset, limit=limit)

    def count(self, query: LedgerQuery | None = None) -> int:
        with self.ctx.store.read() as session:
            return LedgerRepository(session, self.spec).count(self._scoped(query))

    def counts_by_village(self, query: LedgerQuery | None = None) -> dict[int | None, int]:
        """Matching records per village, within the acting account's share."""
        with self.ctx.store.read() as session:
            return LedgerRepository(session, self.spec).counts_by_village(self._scoped(query))

    def ids(
        self,
        query: LedgerQuery | None = None,
        *,
        limit: int | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[int]:
        """Matching ids in display order (a few bytes each, even at 200,000 rows); a read
        whose ``cancelled`` turns true stops part-way with ``QueryCancelled``."""
        with self.ctx.store.read() as session:
            repo = LedgerRepository(session, self.spec)
            return repo.ids(self._scoped(query), limit=limit, cancelled=cancelled)

    def get_many(self, ids: list[int]) -> list[Stored[D]]:
        with self.ctx.store.read() as session:
            repo = LedgerRepository(session, self.spec)
            return [self._stored(repo, r) for r in repo.read_by_ids(ids) if self._may_touch(r)]

    # -- hooks for ledgers with rules of their own ----------------------------------------

    def _prepare_new(self, session: Session, refs: References, draft: D) -> D:
        return draft

    def _prepare_update(self, session: Session, refs: References, row: Any, draft: D) -> D:
        return draft

    def _check_editable(self, row: Any) -> None:
        if row.voided_at is not None:
            raise LockedError("该记录已作废，不能修改")

    def _is_confirmed(self, row: Any) -> bool:
        return False

    # -- the acting account's share -------------------------------------------------------

    def _scoped(self, query: LedgerQuery | None) -> LedgerQuery:
        """``query`` narrowed to what the acting account may see."""
        query = query or LedgerQuery()
        principal = self.ctx.principal
        if not principal.uses_ledger(self.spec.entity):
            raise AccessDeniedError(f"当前账户无权使用{self.label}台账")
        villages = principal.village_scope()
        if villages is not None:
            wanted = villages if query.villages is None else query.villages & villages
            query = replace(query, villages=wanted)
        own = principal.lawyer_scope(self.spec.entity)
        if own is not None:
            query = replace(query, lawyer_name=own)
        return query

    def _may_touch(self, row_or_draft: Any) -> bool:
        return self.ctx.principal.may_touch(
            self.spec.entity,
            getattr(row_or_draft, "village_id", None),
            getattr(row_or_draft, "lawyer_name", None),
        )

    def _check_row(self, row: Any) -> None:
        if not self._may_touch(row):
            raise AccessDeniedError(denied_message(self.label))

    def _check_draft(self, draft: Any) -> None:
        """A record may only be written into the acting account's share."""
        if self._may_touch(draft):
            return
        principal = self.ctx.principal
        if not principal.uses_ledger(self.spec.entity):
            raise AccessDeniedError(f"当前账户无权使用{self.label}台账")
        if principal.lawyer_scope(self.spec.entity) is not None:
            raise ValidationError([FieldError("lawyer_name", "律师姓名", "只能填写本人的值班日志")])
        label = "地点" if self.spec.entity == "duty_log" else "村(居)"
        raise ValidationError([FieldError("village_id", label, "只能填写本账户负责的村(居)")])

    # -- shared steps ---------------------------------------------------------------------

    def _validated(self, draft: D) -> D:
        validated: D = draft.validated(self.ctx.clock.today())  # type: ignore[attr-defined]
        return validated

    def _check_references(self, refs: References, draft: D) -> None:
        village_id = getattr(draft, "village_id", None)
        if village_id is not None and village_id not in refs.village_ids:
            label = "地点" if self.spec.entity == "duty_log" else "村(居)"
            raise ValidationError([FieldError("village_id", label, "不是本站的村(居)")])

    def _row(self, repo: LedgerRepository, record_id: int) -> Any:
        row = repo.get(record_id)
        if row is None:
            raise NotFoundError(f"{self.label}记录不存在")
        self._check_row(row)
        return row

    def _editable(self, repo: LedgerRepository, record_id: int, expected_revision: int) -> Any:
        row = self._row(repo, record_id)
        self._check_editable(row)
        if row.revision != expected_revision:
            raise ConflictError("该记录已被他人修改，请刷新后重试")
        return row

    def _stored(self, repo: LedgerRepository, row: SyncedRecord) -> Stored[D]:
        """What callers see: ID and phone numbers masked (``reveal`` gives them in clear)."""
        stored: Stored[D] = repo.to_stored(row)
        return replace(stored, data=masked(stored.data))


class LedgerWriter(Generic[D]):
    """Creates records of one ledger inside a transaction someone else holds, in batches.

    The same steps as ``LedgerService.create``, split so a caller can check a draft, decide
    (an import skips rows already present), and add it; several writers may share one
    session, which is how an import writes five ledgers all or nothing. Rows are inserted
    ``chunk`` at a time, then the session is cleared, so memory stays flat.
    """

    def __init__(
        self,
        service: LedgerService[D],
        session: Session,
        refs: References,
        stamp: ChangeStamp,
        *,
        chunk: int = 500,
    ) -> None:
        self.service = service
        self.session = session
        self.refs = refs
        self.stamp = stamp
        self.chunk = chunk
        self.repo = LedgerRepository(session, service.spec)
        # Asked once per writer, not once per draft: the day a draft may not be later than
        # (the clock's local day costs a system call), and whether the acting account's share
        # is the whole ledger, which makes the per-draft share check a no-op.
        self._today = service.ctx.clock.today()
        principal, entity = service.ctx.principal, service.spec.entity
        self._whole_ledger = (
            principal.uses_ledger(entity)
            and principal.village_scope() is None
            and principal.lawyer_scope(entity) is None
        )
        self.added = 0
        self._pending: list[D] = []
        self._extras: list[object] = []

    def check(self, draft: D) -> D:
        """The domain's validation, the account's share and the store's reference checks;
        raises ValidationError."""
        clean: D = draft.validated(self._today)  # type: ignore[attr-defined]
        if not self._whole_ledger:
            self.service._check_draft(clean)
        self.service._check_references(self.refs, clean)
        return clean

    def add(self, clean: D, extra: object = None) -> D:
        """Queue a checked draft; numbering (case numbers) happens now, so it may still raise
        ValidationError (a case number already taken). Returns the draft as it will be stored.
        ``extra`` travels with the row to ``_after_insert``."""
        prepared = self.service._prepare_new(self.session, self.refs, clean)
        self._pending.append(prepared)
        self._extras.append(extra)
        if len(self._pending) >= self.chunk:
            self.flush()
        return prepared

    def flush(self) -> None:
        if self._pending:
            records = self.repo.insert_many(self._pending, self.stamp)
            self.service.ctx.audit_records(
                self.session, "create", self.service.spec.entity, [r.uuid for r in records]
            )
            self._after_insert(records, self._extras)
            self.added += len(self._pending)
            self._pending, self._extras = [], []
        self.session.flush()
        self.session.expunge_all()  # memory stays flat however large the batch

    def _after_insert(self, records: list[NewRecord], extras: list[object]) -> None:
        """Hook: work on the records just inserted (with their ``extra``), same transaction."""
