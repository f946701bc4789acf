"""Create, change, void, read and list records of one ledger.

Each write validates the draft in the domain, then writes the row, its search text and its
outbox row in one IMMEDIATE transaction: all of it lands or none of it does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from station_app.domain.errors import (
    ConflictError,
    FieldError,
    LockedError,
    NotFoundError,
    ValidationError,
)
from station_app.services.context import ServiceContext
from station_app.storage.base import SyncedRecord
from station_app.storage.ledger_repository import LedgerQuery, LedgerRepository
from station_app.storage.ledger_specs import LedgerSpec
from station_app.storage.outbox_table import OutboxOp
from station_app.storage.records import Page, Stored
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
        with self.ctx.store.write() as session:
            repo = LedgerRepository(session, self.spec)
            refs = References.load(session)
            clean = self._prepare_new(session, refs, clean)
            self._check_references(refs, clean)
            row = repo.add_all([clean], stamp)[0]
            return self._stored(repo, row)

    def create_many(self, drafts: Iterable[D], *, chunk: int = 500) -> int:
        """All or nothing, in one transaction: for the import and the demo data."""
        stamp = self.ctx.stamp()
        count = 0
        with self.ctx.store.write() as session:
            repo = LedgerRepository(session, self.spec)
            refs = References.load(session)
            for part in batched(drafts, chunk):
                clean = [self._prepare_new(session, refs, self._validated(d)) for d in part]
                for draft in clean:
                    self._check_references(refs, draft)
                repo.add_all(clean, stamp)
                count += len(clean)
                session.expunge_all()  # memory stays flat however large the batch
        return count

    def update(self, record_id: int, draft: D, *, expected_revision: int) -> Stored[D]:
        stamp = self.ctx.stamp()
        clean = self._validated(draft)
        with self.ctx.store.write() as session:
            repo = LedgerRepository(session, self.spec)
            row = self._editable(repo, record_id, expected_revision)
            refs = References.load(session)
            clean = self._prepare_update(session, refs, row, clean)
            self._check_references(refs, clean)
            repo.replace(row, clean, stamp)
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
            if expected_revision is not None and row.revision != expected_revision:
                raise ConflictError("该记录已被他人修改，请刷新后重试")
            row.voided_at = stamp.now
            row.void_reason = reason
            repo.touch(row, OutboxOp.VOID, stamp)
            return self._stored(repo, row)

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
            return self._stored(repo, row)

    def page(
        self, query: LedgerQuery | None = None, *, offset: int = 0, limit: int = 100
    ) -> Page[D]:
        query = query or LedgerQuery()
        limit = max(1, min(limit, MAX_PAGE))
        with self.ctx.store.read() as session:
            repo = LedgerRepository(session, self.spec)
            items = [self._stored(repo, r) for r in repo.rows(query, offset, limit)]
            return Page(items=items, total=repo.count(query), offset=offset, limit=limit)

    def count(self, query: LedgerQuery | None = None) -> int:
        with self.ctx.store.read() as session:
            return LedgerRepository(session, self.spec).count(query or LedgerQuery())

    def ids(self, query: LedgerQuery | None = None, *, limit: int | None = None) -> list[int]:
        """Matching ids in display order (a few bytes each, even at 200,000 rows)."""
        with self.ctx.store.read() as session:
            return LedgerRepository(session, self.spec).ids(query or LedgerQuery(), limit=limit)

    def get_many(self, ids: list[int]) -> list[Stored[D]]:
        with self.ctx.store.read() as session:
            repo = LedgerRepository(session, self.spec)
            return [self._stored(repo, r) for r in repo.rows_by_ids(ids)]

    # -- hooks for ledgers with rules of their own ----------------------------------------

    def _prepare_new(self, session: Session, refs: References, draft: D) -> D:
        return draft

    def _prepare_update(self, session: Session, refs: References, row: Any, draft: D) -> D:
        return draft

    def _check_editable(self, row: Any) -> None:
        if row.voided_at is not None:
            raise LockedError("该记录已作废，不能修改")

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
        return row

    def _editable(self, repo: LedgerRepository, record_id: int, expected_revision: int) -> Any:
        row = self._row(repo, record_id)
        self._check_editable(row)
        if row.revision != expected_revision:
            raise ConflictError("该记录已被他人修改，请刷新后重试")
        return row

    def _stored(self, repo: LedgerRepository, row: SyncedRecord) -> Stored[D]:
        stored: Stored[D] = repo.to_stored(row)
        return stored
