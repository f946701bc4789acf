"""The county server's HTTP API (FastAPI): enroll, push, pull, digest, inventory, health.

Bodies are JSON, gzip-compressed when the client says so. Anything malformed, oversized or
hostile gets a 4xx with a protocol error body and changes nothing; database work runs in the
thread pool so one slow push never stalls the event loop.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sync.payload import LEDGER_ENTITIES
from sync.protocol import (
    MAX_BODY_BYTES,
    MAX_INFLATED_BYTES,
    PROTOCOL,
    VERSION,
    AuditHead,
    Batch,
    ProtocolError,
    ReportSubmissions,
)
from sync.server import feed
from sync.server.audit_heads import record_head
from sync.server.bodies import MAX_ENROLL_INFLATED, BodyTooLarge, decode_off_loop
from sync.server.console.routes import mount_console
from sync.server.console.warm import keep_counted
from sync.server.db import DB_URL_ENV, DEFAULT_URL, CountyDatabase
from sync.server.enrollment import (
    AuthError,
    EnrollmentError,
    authenticate,
    hash_secret,
    normalise_code,
    redeem,
)
from sync.server.ingest import DeviceMismatchError, earlier_receipts, ingest
from sync.server.limits import FailureWindow
from sync.server.models import DeviceRow, VillageRow
from sync.server.reference import snapshot, utcnow
from sync.server.report_submissions import MAX_SUBMISSIONS_INFLATED, record_marks

log = logging.getLogger("county.api")


class _AboutDevice(Protocol):
    """A message a device sends about itself (its audit head, its 已上报 marks)."""

    @property
    def device(self) -> str: ...


_Own = TypeVar("_Own", bound=_AboutDevice)


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, *, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.retry_after = retry_after


def _now() -> str:
    return utcnow().isoformat(timespec="milliseconds") + "Z"


def _reply(
    request: Request,
    body: dict[str, Any],
    status: int = 200,
    extra_headers: dict[str, str] | None = None,
) -> Response:
    payload = {"protocol": PROTOCOL, "version": VERSION, "server_time": _now(), **body}
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {"Cache-Control": "no-store", **(extra_headers or {})}
    if "gzip" in request.headers.get("accept-encoding", "") and len(raw) > 200:
        raw = gzip.compress(raw, compresslevel=6, mtime=0)
        headers["Content-Encoding"] = "gzip"
    return Response(raw, status_code=status, media_type="application/json", headers=headers)


def ascii_number(text: str, *, max_digits: int = 18) -> int | None:
    """A non-negative decimal in ASCII digits, or None: ``'²'.isdigit()`` is true in Python."""
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


async def _body(request: Request, limit: int = MAX_INFLATED_BYTES) -> Any:
    """The JSON body: the wire size, inflated size and item count capped, parsed in a thread."""
    declared = request.headers.get("content-length")
    if declared is not None:
        length = ascii_number(declared.strip())
        if length is None:
            raise ApiError(400, "malformed", "请求长度不正确")
        if length > MAX_BODY_BYTES:
            raise ApiError(413, "too_large", "请求过大")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError(413, "too_large", "请求过大")
        chunks.append(chunk)
    gzipped = request.headers.get("content-encoding", "").lower() == "gzip"
    try:
        return await decode_off_loop(b"".join(chunks), gzipped=gzipped, limit=limit)
    except BodyTooLarge as exc:
        raise ApiError(413, "too_large", "请求过大") from exc
    except ProtocolError as exc:
        raise ApiError(400, "malformed", f"请求格式不正确：{exc}") from exc


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def create_app(db: CountyDatabase) -> FastAPI:
    app = FastAPI(title="县公共法律服务中心 同步服务 / county sync server", version=str(VERSION))

    failures = FailureWindow.from_env()

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        wait = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return _reply(request, {"error": exc.code, "message": exc.message}, exc.status, wait)

    @app.exception_handler(RequestValidationError)
    async def _bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        return _reply(request, {"error": "malformed", "message": "请求参数格式不正确"}, 400)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s: %s", request.url.path, type(exc).__name__)
        return _reply(request, {"error": "internal", "message": "县中心内部错误，请稍后重试"}, 500)

    def _refuse_if_locked(*keys: str) -> None:
        if failures.locked(*keys):
            raise ApiError(
                429,
                "too_many_failures",
                "失败次数过多，请稍后再试",
                retry_after=int(failures.window),
            )

    def _device(request: Request) -> DeviceRow:
        address = _address(request)
        _refuse_if_locked(f"addr:{address}")
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        with db.read() as session:  # a read: the push itself records when the device was seen
            try:
                device = authenticate(session, token)
            except AuthError as exc:
                if token and not exc.revoked:
                    count = failures.fail(f"addr:{address}")
                    log.warning("wrong device token from %s (%d in window)", address, count)
                raise ApiError(401, "revoked" if exc.revoked else "unauthorized", str(exc)) from exc
            session.expunge(device)
            return device

    @app.get("/v1/health")
    async def health(request: Request) -> Response:
        return _reply(request, {"status": "ok"})

    @app.post("/v1/enroll")
    async def enroll(request: Request) -> Response:
        address = _address(request)
        _refuse_if_locked(f"addr:{address}")
        body = await _body(request, MAX_ENROLL_INFLATED)
        if not isinstance(body, dict) or body.get("protocol") != PROTOCOL:
            raise ApiError(400, "malformed", "请求格式不正确")
        if body.get("version") != VERSION:
            raise ApiError(400, "version", "协议版本不受支持，请升级台账程序")
        code, store = body.get("code"), body.get("device")
        # The client's enrollment secret: its hash on the first try, the secret on a retry.
        proof_hash, proof = body.get("proof_hash"), body.get("proof")
        villages = body.get("villages", [])
        if not isinstance(code, str) or not isinstance(store, str) or len(store) != 36:
            raise ApiError(400, "malformed", "请求格式不正确")
        if not isinstance(villages, list) or not all(isinstance(v, dict) for v in villages):
            raise ApiError(400, "malformed", "村(居)列表格式不正确")

        code_key = "code:" + hash_secret(normalise_code(code[:40]))[:16]
        _refuse_if_locked(code_key)

        def work() -> dict[str, Any]:
            with db.write() as session:
                try:
                    device, token = redeem(
                        session,
                        code[:40],
                        store,
                        villages,
                        secret_hash=proof_hash if isinstance(proof_hash, str) else None,
                        secret=proof if isinstance(proof, str) and 0 < len(proof) <= 200 else None,
                    )
                except EnrollmentError as exc:
                    count = failures.fail(f"addr:{address}", code_key)
                    log.warning("enrollment code refused from %s (%d in window)", address, count)
                    raise ApiError(403, "bad_code", str(exc)) from exc
                village = session.get(VillageRow, device.village_id) if device.village_id else None
                return {
                    "token": token,
                    "device_id": device.uuid,
                    "scope_village": village.uuid if village else None,
                    "reference": snapshot(session, device),
                }

        return _reply(request, await run_in_threadpool(work))

    @app.post("/v1/push")
    async def push(request: Request) -> Response:
        device = await run_in_threadpool(_device, request)
        raw = await _body(request)
        try:
            batch = Batch.from_json(raw)
        except ProtocolError as exc:
            raise ApiError(400, "malformed", f"请求格式不正确：{exc}") from exc
        try:
            envelope = await run_in_threadpool(ingest, db, device.id, batch)
        except DeviceMismatchError as exc:
            raise ApiError(403, "wrong_device", "设备令牌与本机台账不符，请重新登记") from exc
        body = envelope.to_json()
        body.pop("server_time")
        return _reply(request, body)

    async def _own_message(
        request: Request, limit: int, parse: Callable[[object], _Own]
    ) -> tuple[DeviceRow, _Own]:
        """The calling device and its message about itself: 400 when malformed, 403 when the
        body names another device than the token's."""
        device = await run_in_threadpool(_device, request)
        raw = await _body(request, limit=limit)
        try:
            message = parse(raw)
        except ProtocolError as exc:
            raise ApiError(400, "malformed", f"请求格式不正确：{exc}") from exc
        if message.device != device.store_uuid:
            raise ApiError(403, "wrong_device", "设备令牌与本机台账不符，请重新登记")
        return device, message

    async def _write_for(
        request: Request, device: DeviceRow, act: Callable[[Session, DeviceRow], dict[str, Any]]
    ) -> Response:
        def work() -> dict[str, Any]:
            with db.write() as session:
                row = session.get(DeviceRow, device.id)
                assert row is not None
                return act(session, row)

        return _reply(request, await run_in_threadpool(work))

    @app.post("/v1/audit-head")
    async def audit_head(request: Request) -> Response:
        """Where the device's audit trail ends now; a trail gone backwards is flagged
        (sync.server.audit_heads), never refused."""
        device, head = await _own_message(request, 4096, AuditHead.from_json)
        return await _write_for(
            request, device, lambda s, row: {"rewound": record_head(s, row, head, utcnow())}
        )

    @app.post("/v1/report-submissions")
    async def report_submissions(request: Request) -> Response:
        """The quarters the station marked 已上报 (sync.server.report_submissions)."""
        device, marks = await _own_message(
            request, MAX_SUBMISSIONS_INFLATED, ReportSubmissions.from_json
        )
        return await _write_for(
            request, device, lambda s, row: {"kept": record_marks(s, row, marks, utcnow())}
        )

    @app.get("/v1/receipts")
    async def receipts(request: Request, batch: str = "") -> Response:
        """The answer to a batch whose answer was lost: asked before sending it all again."""
        device = await run_in_threadpool(_device, request)
        if not 0 < len(batch) <= 64:
            raise ApiError(400, "malformed", "批次编号格式不正确")

        def work() -> dict[str, Any]:
            with db.read() as session:
                found = earlier_receipts(session, device.id, batch)
            if found is None:
                raise ApiError(404, "unknown_batch", "县中心没有收到这一批")
            body = found.to_json()
            body.pop("server_time")
            return body

        return _reply(request, await run_in_threadpool(work))

    @app.get("/v1/pull")
    async def pull(
        request: Request, cursor: str = "", etag: str = "", limit: str = "500"
    ) -> Response:
        device = await run_in_threadpool(_device, request)
        try:
            since = feed.parse_cursor(cursor)
        except feed.CursorError as exc:
            raise ApiError(400, "malformed", "同步游标格式不正确") from exc
        page = ascii_number(limit, max_digits=9)
        if page is None or len(etag) > 200:
            raise ApiError(400, "malformed", "请求参数格式不正确")

        def work() -> dict[str, Any]:
            with db.read() as session:
                return feed.pull(session, device, since, etag or None, page)

        return _reply(request, await run_in_threadpool(work))

    @app.get("/v1/digest")
    async def digest(request: Request) -> Response:
        device = await run_in_threadpool(_device, request)

        def work() -> dict[str, Any]:
            with db.read() as session:
                return feed.digest(session, device)

        return _reply(request, await run_in_threadpool(work))

    @app.get("/v1/record")
    async def record(request: Request, uuid: str = "") -> Response:
        device = await run_in_threadpool(_device, request)
        if len(uuid) != 36 or not all(c in "0123456789abcdef-" for c in uuid):
            raise ApiError(400, "malformed", "记录编号格式不正确")

        def work() -> dict[str, Any]:
            with db.read() as session:
                found = feed.one_record(session, device, uuid)
            if found is None:
                raise ApiError(404, "not_found", "县中心没有这条记录")
            return {"record": found}

        return _reply(request, await run_in_threadpool(work))

    @app.get("/v1/inventory")
    async def inventory(request: Request, entity: str = "") -> Response:
        device = await run_in_threadpool(_device, request)
        if entity not in LEDGER_ENTITIES:
            raise ApiError(400, "malformed", "台账类型不正确")

        def work() -> dict[str, Any]:
            with db.read() as session:
                return {"entity": entity, "pairs": feed.scope_pairs(session, device, entity)}

        return _reply(request, await run_in_threadpool(work))

    app.state.console_counts = mount_console(app, db)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory`` with several workers: the database URL comes from the env."""
    db = CountyDatabase.open(os.environ.get(DB_URL_ENV, DEFAULT_URL), upgrade=False)
    app = create_app(db)
    keep_counted(db, app.state.console_counts)
    return app
