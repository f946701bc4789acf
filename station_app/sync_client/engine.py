"""One sync run: push the outbox, pull the county's state, check both sides agree.

UI-free: ``SyncEngine.run(progress, cancelled)`` is what the CLI calls and what the app's
background worker will call. Every step commits before the next begins, so a run killed at any
moment resumes where it stopped: a batch the server applied but whose receipt was lost is sent
again with the same idempotency key and answered from the server's record of it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from station_app.domain.access import SYNC_DENIED, Right
from station_app.domain.errors import ValidationError
from station_app.domain.ledgers import LEDGER_BY_ENTITY
from station_app.domain.outbox import OutboxState
from station_app.domain.replication import OutboxStatus, OutgoingRecord, QuarantinedChange
from station_app.domain.settings_schema import (
    SYNC_CA_FILE,
    SYNC_CLOCK_OFFSET,
    SYNC_CURSOR,
    SYNC_LAST_SUCCESS,
    SYNC_REFERENCE_ETAG,
    SYNC_SCOPE_VILLAGE,
    SYNC_SERVER,
)
from station_app.services.station_services import StationServices
from station_app.sync_client.codec import county_reference, remote_record, to_change
from station_app.sync_client.county_ca import ca_path
from station_app.sync_client.messages import OFFLINE, clerk_message, clock_note
from station_app.sync_client.retry import RetryPolicy
from station_app.sync_client.token_store import TokenStore
from station_app.sync_client.transport import (
    FailureKind,
    ServerUrlError,
    Transport,
    TransportFailure,
)
from sync.payload import LEDGER_ENTITIES
from sync.protocol import (
    MAX_BATCH_CHANGES,
    MAX_SUBMITTED_QUARTERS,
    AuditHead,
    Batch,
    Change,
    ProtocolError,
    Receipt,
    ReceiptEnvelope,
    ReceiptStatus,
    ReportSubmissions,
    SubmittedQuarter,
    digest_of,
    encode_body,
)

log = logging.getLogger("station.sync")

MAX_PULL_PAGES = 10_000
#: Where the station's 已上报 marks go after a sync (an older county server answers 404).
REPORT_SUBMISSIONS_PATH = "/v1/report-submissions"
MAX_PUSH_BATCHES = 100_000
MAX_CHECK_ROUNDS = 3
#: Seconds the reachability probe waits to connect, and then for the answer.
PROBE_TIMEOUT = 2.0


@dataclass
class SyncConfig:
    # Large batches: each request costs headers and a round trip, and on a slow line that
    # overhead, not the records, is what a small batch spends its time on.
    max_batch_records: int = 500
    max_batch_bytes: int = 512 * 1024  # JSON before compression
    pull_page: int = 500
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # "连接" / "上传" / "下载" / "核对"
    done: int
    total: int


@dataclass
class SyncReport:
    completed: bool = False
    accepted: int = 0
    already_had: int = 0
    rejected: int = 0
    conflicts: int = 0
    pulled: int = 0
    kept_local: int = 0
    requeued: int = 0
    pull_problems: list[str] = field(default_factory=list)
    clock_offset_seconds: float | None = None
    failure: str | None = None
    failure_kind: FailureKind | None = None
    bytes_sent: int = 0  # every attempt, retries included
    payload_bytes: int = 0  # compressed batches the county acknowledged, each counted once
    recovered_receipts: int = 0  # lost answers fetched instead of re-sending the batch
    bytes_received: int = 0
    requests: int = 0
    status: OutboxStatus = field(default_factory=lambda: OutboxStatus(0, 0, 0))
    quarantined: list[QuarantinedChange] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Exit 0: the run finished, nothing waits to be sent and nothing is quarantined."""
        return self.completed and self.status.clean

    def summary(self) -> str:
        lines = []
        if self.failure:
            lines.append(self.failure)
        elif self.completed:
            lines.append(f"同步完成：本次上传 {self.accepted} 条，下载 {self.pulled} 条。")
        if self.status.pending:
            lines.append(f"尚有 {self.status.pending} 条记录未上传到县中心。")
        if self.status.rejected:
            lines.append(f"被县中心退回 {self.status.rejected} 条，请修改后重新保存：")
        if self.status.conflicts:
            lines.append(f"冲突 {self.status.conflicts} 条（另一台设备也修改了同一记录），请核对：")
        for q in self.quarantined[:20]:
            label = LEDGER_BY_ENTITY[q.entity].label if q.entity in LEDGER_BY_ENTITY else q.entity
            kind = "退回" if q.state is OutboxState.REJECTED else "冲突"
            lines.append(f"  - [{kind}] {label} 记录 {q.uuid[:8]}：{q.reason}")
        if len(self.quarantined) > 20:
            lines.append(f"  …… 另有 {len(self.quarantined) - 20} 条")
        if self.kept_local:
            lines.append(f"{self.kept_local} 条记录本机有未上传的修改，暂未用县中心的版本覆盖。")
        lines.extend(self.pull_problems[:10])
        if self.clock_offset_seconds is not None:
            note = clock_note(self.clock_offset_seconds)
            if note:
                lines.append(note)
        if self.completed and self.status.clean:
            lines.append("本机与县中心记录一致。")
        return "\n".join(lines)


class NotEnrolledError(Exception):
    pass


class SyncEngine:
    def __init__(
        self,
        services: StationServices,
        *,
        server_url: str | None = None,
        token: str | None = None,
        config: SyncConfig | None = None,
    ) -> None:
        self.services = services
        self.access = services.replication
        self.config = config or SyncConfig()
        self.server_url = server_url or self.access.setting(SYNC_SERVER)
        self.token = token or TokenStore(services.store.data_dir).load()
        self.ca_file = ca_path(services.store.data_dir, self.access.setting(SYNC_CA_FILE))
        self.report = SyncReport()
        self._progress: Callable[[SyncProgress], None] = lambda p: None
        self._cancelled: Callable[[], bool] = lambda: False

    # -- the run --------------------------------------------------------------------------

    def run(
        self,
        progress: Callable[[SyncProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> SyncReport:
        self.services.ctx.require(Right.SYNC, SYNC_DENIED)
        self._progress = progress or (lambda p: None)
        self._cancelled = cancelled or (lambda: False)
        self.report = SyncReport()
        if not self.server_url or not self.token:
            self.report.failure = (
                "本机尚未在县中心登记：请向县中心索取登记码，然后运行 "
                "station enroll --server 地址 --code 登记码"
            )
            self.report.failure_kind = FailureKind.UNAUTHORIZED
            return self._finish()
        try:
            transport = Transport(
                self.server_url, self.token, ca_file=self.ca_file, cancelled=self._cancelled
            )
        except ServerUrlError as exc:
            self.report.failure = str(exc)
            self.report.failure_kind = FailureKind.REFUSED
            return self._finish()
        try:
            self._handshake(transport)
            self._push_all(transport)
            self._pull_all(transport)
            for _ in range(MAX_CHECK_ROUNDS):  # re-send what the county lacks, then look again
                if not self._check_divergence(transport):
                    break
                self._push_all(transport)
            self.report.completed = not self._cancelled()
            if self.report.completed:
                self.access.set_settings({SYNC_LAST_SUCCESS: self._now_text()})
                self._report_audit_head(transport)
                self._report_submissions(transport)
        except TransportFailure as failure:
            if self._cancelled():
                log.info("sync cancelled")
            else:
                log.warning("sync stopped: %s", failure)
            self.report.failure = clerk_message(failure)
            self.report.failure_kind = failure.kind
        except ProtocolError as exc:
            log.warning("sync stopped on a malformed answer: %s", exc)
            self.report.failure = OFFLINE
            self.report.failure_kind = FailureKind.NOT_THE_SERVER
        finally:
            transport.close()
        return self._finish()

    def county_answers(self, cancelled: Callable[[], bool] | None = None) -> bool:
        """A quick look whether the county answers at all (one GET /v1/health, a couple of
        seconds at most), so an automatic run does not start its retry ladder on a dead line.
        A county that answers with a refusal counts as reachable: the run will say why."""
        if not self.server_url or not self.token:
            return True  # the run itself explains what is missing
        try:
            transport = Transport(
                self.server_url,
                self.token,
                ca_file=self.ca_file,
                timeout=(PROBE_TIMEOUT, PROBE_TIMEOUT),
                cancelled=cancelled,
            )
        except ServerUrlError:
            return True
        try:
            transport.get("/v1/health")
        except TransportFailure as failure:
            log.info("county not reachable: %s", failure.kind.value)
            return not failure.retryable
        finally:
            transport.close()
        return True

    def _finish(self) -> SyncReport:
        self.report.status = self.access.status()
        self.report.quarantined = self.access.quarantined()
        r = self.report
        moved = {
            "sent": r.accepted,
            "received": r.pulled,
            "refused": r.rejected,
            "conflicts": r.conflicts,
        }
        if any(moved.values()):  # an idle sync every 10 minutes is not an act worth a line
            self.services.audit.note("sync", **moved)
        return self.report

    def _now_text(self) -> str:
        return self.services.ctx.clock.now().isoformat(timespec="seconds")

    def _call(self, operation: Callable[[], object]) -> object:
        def count_retry(failure: TransportFailure, wait: float) -> None:
            log.info("retrying in %.1fs after %s", wait, failure)

        return self.config.retry.call(operation, cancelled=self._cancelled, on_retry=count_retry)

    def _get(
        self, transport: Transport, path: str, params: dict[str, str] | None = None
    ) -> dict[str, object]:
        def op() -> dict[str, object]:
            self.report.requests += 1
            ex = transport.get(path, params)
            self.report.bytes_received += ex.received_bytes
            assert isinstance(ex.body, dict)
            return ex.body

        result = self._call(op)
        assert isinstance(result, dict)
        return result

    def _report_audit_head(self, transport: Transport) -> None:
        """Tell the county where this store's audit trail ends (and mark it beside the data
        key), so the county sees a store put back in time. One try, no retry ladder: a
        county server from before this message (404) or a line that drops now costs the
        sync nothing; the next sync tells it again."""
        head = self.services.audit.chain_head()
        if head is None:
            return
        seq, mark = head
        self.report.requests += 1
        try:
            ex = transport.post(
                "/v1/audit-head", AuditHead(self.services.ctx.device, seq, mark).to_json()
            )
        except TransportFailure as failure:
            log.info("audit head not reported: %s", failure.kind.value)
            return
        self.report.bytes_received += ex.received_bytes
        if isinstance(ex.body, dict) and ex.body.get("rewound") is True:
            log.warning("the county saw this store's audit trail go backwards")

    def _report_submissions(self, transport: Transport) -> None:
        """Tell the county which quarters' tables this station marked 已上报 and when (not
        who: the account stays here). Sent after every completed sync, since the county may
        have been restored or the mark made before enrolling; it is a few hundred bytes. Like
        the audit head: one try, and a county server from before this message (404) costs
        the sync nothing. A village's device has no station table to mark: it sends none."""
        if self.access.setting(SYNC_SCOPE_VILLAGE):
            return
        marks = self.services.reports.submitted_quarters()[-MAX_SUBMITTED_QUARTERS:]
        if not marks:
            return
        message = ReportSubmissions(
            self.services.ctx.device,
            tuple(
                SubmittedQuarter(
                    first.quarter,
                    first.submitted_on,
                    first.submitted_at,
                    latest.submitted_on,
                    latest.submitted_at,
                )
                for first, latest in marks
            ),
        )
        self.report.requests += 1
        try:
            ex = transport.post(REPORT_SUBMISSIONS_PATH, message.to_json())
        except TransportFailure as failure:
            log.info("report submissions not reported: %s", failure.kind.value)
            return
        self.report.bytes_received += ex.received_bytes

    # -- settling a conflict the clerk has looked at --------------------------------------

    def resolve_conflict(self, uuid: str, *, keep_mine: bool) -> None:
        """Keep this device's version (sent again on top of the county's) or take the county's.

        Raises TransportFailure when the county cannot be reached: nothing changes then.
        """
        if not self.server_url or not self.token:
            raise TransportFailure(FailureKind.UNAUTHORIZED, "not enrolled")
        transport = Transport(self.server_url, self.token, ca_file=self.ca_file)
        try:
            body = self._get(transport, "/v1/record", {"uuid": uuid})
        finally:
            transport.close()
        _, village_ids = self.access.village_maps()
        county = remote_record(body.get("record"), village_ids)
        if keep_mine:
            self.access.keep_mine(county.entity, uuid, county.history.revision)
        else:
            self.access.take_county(county)

    # -- handshake: is it the county, and how far off is this PC's clock? -----------------

    def _handshake(self, transport: Transport) -> None:
        self._progress(SyncProgress("连接", 0, 1))
        clock = self.services.ctx.clock
        before = clock.now()
        body = self._get(transport, "/v1/health")
        after = clock.now()
        server_time = body.get("server_time")
        if isinstance(server_time, str):
            try:
                server = datetime.fromisoformat(server_time.removesuffix("Z"))
            except ValueError:
                return
            middle = before + (after - before) / 2
            offset = (server - middle).total_seconds()
            self.report.clock_offset_seconds = offset
            self.access.set_settings({SYNC_CLOCK_OFFSET: offset})

    # -- push -----------------------------------------------------------------------------

    def _push_all(self, transport: Transport) -> None:
        """Batches go one at a time over the link; while one is on the wire the next is read
        from the store and encoded, so a slow line is never idle waiting for the PC."""
        village_uuids, _ = self.access.village_maps()
        device = self.services.ctx.device
        total = self.access.status().pending
        done = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-send") as sender:
            current = self._next_batch(village_uuids, frozenset())
            for _ in range(MAX_PUSH_BATCHES):
                if not current or self._cancelled():
                    return
                batch = Batch.make(device, self._now_text(), [c for _, c in current])
                future = sender.submit(self._transmit, transport, batch)
                busy = frozenset(record.uuid for record, _ in current)
                following = self._next_batch(village_uuids, busy)
                try:
                    envelope = future.result()
                except TransportFailure as failure:
                    self._refused(transport, device, current, failure)
                else:
                    self._settle(current, envelope)
                done += len(current)
                self._progress(SyncProgress("上传", done, max(total, done)))
                # Nothing read ahead: look again now that the batch is settled (a record
                # edited while it was on the wire has a newer change waiting).
                current = following or self._next_batch(village_uuids, frozenset())

    def _next_batch(
        self, village_uuids: dict[int, str], busy: frozenset[str]
    ) -> list[tuple[OutgoingRecord, Change]]:
        size = max(1, min(self.config.max_batch_records, MAX_BATCH_CHANGES))
        records = self.access.claim(size, exclude=busy)
        picked: list[tuple[OutgoingRecord, Change]] = []
        used = 0
        for record in records:
            change = to_change(record, village_uuids)
            n = len(json.dumps(change.to_json(), ensure_ascii=False).encode())
            if picked and used + n > self.config.max_batch_bytes:
                break  # the rest stay in flight and lead the next batch
            picked.append((record, change))
            used += n
        return picked

    def _transmit(self, transport: Transport, batch: Batch) -> ReceiptEnvelope:
        """Send one batch until the county's own receipt for it arrives (network only)."""

        tried = False

        def op() -> ReceiptEnvelope:
            nonlocal tried
            if tried:  # the last try may have reached the county: ask before re-sending it all
                found = self._earlier_receipts(transport, batch)
                if found is not None:
                    return found
            tried = True
            self.report.requests += 1
            try:
                ex = transport.post("/v1/push", batch.to_json())
            finally:
                self.report.bytes_sent = transport.bytes_sent
            self.report.bytes_received += ex.received_bytes
            try:
                envelope = ReceiptEnvelope.parse_for(ex.body, batch)
            except ProtocolError as exc:
                # Not the server's receipt for this batch: nothing is marked sent.
                raise TransportFailure(FailureKind.NOT_THE_SERVER, str(exc)) from exc
            self.report.payload_bytes += ex.sent_bytes
            return envelope

        envelope = self._call(op)
        assert isinstance(envelope, ReceiptEnvelope)
        return envelope

    def _earlier_receipts(self, transport: Transport, batch: Batch) -> ReceiptEnvelope | None:
        """The county's receipts for a batch it already applied, or None if it has not."""
        self.report.requests += 1
        try:
            ex = transport.get("/v1/receipts", {"batch": batch.key})
        except TransportFailure as failure:
            if failure.kind is FailureKind.REFUSED:  # 404: not applied, send it
                return None
            raise
        self.report.bytes_received += ex.received_bytes
        try:
            envelope = ReceiptEnvelope.parse_for(ex.body, batch)
        except ProtocolError as exc:
            raise TransportFailure(FailureKind.NOT_THE_SERVER, str(exc)) from exc
        self.report.payload_bytes += len(encode_body(batch.to_json()))
        self.report.recovered_receipts += 1
        return envelope

    def _send_now(
        self, transport: Transport, device: str, picked: list[tuple[OutgoingRecord, Change]]
    ) -> None:
        batch = Batch.make(device, self._now_text(), [c for _, c in picked])
        try:
            envelope = self._transmit(transport, batch)
        except TransportFailure as failure:
            self._refused(transport, device, picked, failure)
        else:
            self._settle(picked, envelope)

    def _refused(
        self,
        transport: Transport,
        device: str,
        picked: list[tuple[OutgoingRecord, Change]],
        failure: TransportFailure,
    ) -> None:
        """A batch the county would not take whole: halve it to find the one it cannot read."""
        if failure.kind in (FailureKind.TOO_LARGE, FailureKind.REFUSED):
            if len(picked) > 1:
                half = len(picked) // 2
                self._send_now(transport, device, picked[:half])
                self._send_now(transport, device, picked[half:])
                return
            if failure.kind is FailureKind.REFUSED and failure.server_message:
                reason = f"县中心无法读取这条记录：{failure.server_message}"
                self.access.settle([(picked[0][0], OutboxState.REJECTED, None, reason)])
                self.report.rejected += 1
                return
        raise failure

    def _settle(
        self, picked: list[tuple[OutgoingRecord, Change]], envelope: ReceiptEnvelope
    ) -> None:
        self.access.settle(
            [
                self._outcome(record, receipt)
                for (record, _), receipt in zip(picked, envelope.receipts, strict=True)
            ]
        )

    def _outcome(
        self, record: OutgoingRecord, receipt: Receipt
    ) -> tuple[OutgoingRecord, OutboxState, int | None, str | None]:
        if receipt.status is ReceiptStatus.ACCEPTED:
            self.report.accepted += 1
        elif receipt.status is ReceiptStatus.ALREADY_HAD:
            self.report.already_had += 1
        elif receipt.status is ReceiptStatus.CONFLICT:
            self.report.conflicts += 1
            return record, OutboxState.CONFLICT, receipt.revision, receipt.describe()
        else:
            self.report.rejected += 1
            return record, OutboxState.REJECTED, receipt.revision, receipt.describe()
        return record, OutboxState.ACKNOWLEDGED, receipt.revision, None

    # -- pull -----------------------------------------------------------------------------

    def _pull_all(self, transport: Transport) -> None:
        cursor = self.access.setting(SYNC_CURSOR)
        etag = self.access.setting(SYNC_REFERENCE_ETAG)
        for page in range(MAX_PULL_PAGES):
            if self._cancelled():
                return
            params = {"cursor": cursor, "etag": etag, "limit": str(self.config.pull_page)}
            body = self._get(transport, "/v1/pull", params)
            reference = body.get("reference")
            if reference is not None:
                self.access.apply_reference(county_reference(reference))
                assert isinstance(reference, dict)
                etag = str(reference.get("etag", ""))
            _, village_ids = self.access.village_maps()
            records = body.get("records")
            if not isinstance(records, list):
                raise ProtocolError("records is not a list")
            remote = []
            for raw in records:
                try:
                    remote.append(remote_record(raw, village_ids))
                except (ProtocolError, ValidationError):
                    self.report.pull_problems.append("县中心下发的一条记录无法读取，已跳过")
            outcome = self.access.apply_remote(remote)
            self.report.pulled += outcome.applied
            self.report.kept_local += outcome.kept_local
            self.report.pull_problems.extend(outcome.problems)
            new_cursor = body.get("cursor")
            if not isinstance(new_cursor, str) or not new_cursor.isdigit():
                raise ProtocolError("bad cursor")
            cursor = new_cursor
            self.access.set_settings({SYNC_CURSOR: cursor, SYNC_REFERENCE_ETAG: etag})
            self._progress(SyncProgress("下载", page + 1, page + 1 + int(bool(body.get("more")))))
            if not body.get("more"):
                return

    # -- divergence check -----------------------------------------------------------------

    def _check_divergence(self, transport: Transport) -> bool:
        """Compare counts and digests per ledger; queue again what the county lacks."""
        self._progress(SyncProgress("核对", 0, len(LEDGER_ENTITIES)))
        body = self._get(transport, "/v1/digest")
        ledgers = body.get("ledgers")
        if not isinstance(ledgers, dict):
            raise ProtocolError("digest is malformed")
        scope = self.access.setting(SYNC_SCOPE_VILLAGE)
        _, village_ids = self.access.village_maps()
        village_id = village_ids.get(scope) if isinstance(scope, str) else None
        requeued = 0
        for i, entity in enumerate(LEDGER_ENTITIES):
            local = self.access.ledger_inventory(entity, village_id, village_only=scope is not None)
            theirs = ledgers.get(entity)
            if (
                isinstance(theirs, dict)
                and theirs.get("count") == len(local)
                and theirs.get("digest") == digest_of(local)
            ):
                continue
            inv = self._get(transport, "/v1/inventory", {"entity": entity})
            pairs = inv.get("pairs")
            if not isinstance(pairs, list):
                raise ProtocolError("inventory is malformed")
            county = {str(p[0]): int(p[1]) for p in pairs if isinstance(p, list) and len(p) == 2}
            missing = {u: r for u, r in local if county.get(u, 0) < r}
            if missing:
                log.warning("county lacks %d %s records; queued again", len(missing), entity)
                requeued += self.access.requeue_missing(entity, missing)
            self._progress(SyncProgress("核对", i + 1, len(LEDGER_ENTITIES)))
        self.report.requeued += requeued
        return requeued > 0
