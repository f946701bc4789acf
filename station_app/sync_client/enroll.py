"""Enrolling this device with the county: a one-time code in, a device token and the county's
reference data back.

On a fresh data folder the store is created from that reference data (no ``station init``);
on a store made by ``station init`` its villages are registered with the county, and villages
the county already knows are matched by name and take the county's identity.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from station_app.domain.access import SYNC_DENIED, Right
from station_app.domain.errors import DomainError
from station_app.domain.settings_schema import (
    SYNC_CA_FILE,
    SYNC_CURSOR,
    SYNC_DEVICE_ID,
    SYNC_REFERENCE_ETAG,
    SYNC_SCOPE_VILLAGE,
    SYNC_SERVER,
)
from station_app.services.station_services import StationServices
from station_app.sync_client.codec import county_reference
from station_app.sync_client.county_ca import keep_ca, read_ca
from station_app.sync_client.messages import clerk_message
from station_app.sync_client.retry import RetryPolicy
from station_app.sync_client.token_store import TokenStore
from station_app.sync_client.transport import FailureKind, Transport, TransportFailure
from sync.protocol import PROTOCOL, VERSION, ProtocolError


class EnrollError(DomainError):
    pass


@dataclass(frozen=True)
class EnrollResult:
    station: str
    village: str | None
    villages: int
    token_kept_in: str


def enroll(
    services: StationServices,
    server_url: str,
    code: str,
    *,
    ca_file: str | Path | None = None,
    retry: RetryPolicy | None = None,
) -> EnrollResult:
    """``ca_file``: the county's CA (``ca.pem``), checked before connecting and kept in the
    data folder; None: the usual trust store."""
    services.ctx.require(Right.SYNC, SYNC_DENIED)
    ca_pem = read_ca(Path(ca_file)) if ca_file is not None else None
    access = services.replication
    device = access.ensure_device()
    local = services.organisation.station() if access.has_station() else None
    villages = [
        {"uuid": v.uuid, "name": v.name, "kind": v.kind.value}
        for v in (local.villages if local else ())
    ]
    transport = Transport(server_url, ca_file=str(ca_file) if ca_file is not None else None)
    body = {
        "protocol": PROTOCOL,
        "version": VERSION,
        "code": code.strip(),
        "device": device,
        "villages": villages,
    }
    # A secret only this run knows: its hash goes with the first try, the secret itself with
    # a retry, so the county re-issues a lost answer to this client and nobody else.
    secret = secrets.token_urlsafe(32)
    tries = 0

    def attempt() -> object:
        nonlocal tries
        tries += 1
        proof = (
            {"proof_hash": hashlib.sha256(secret.encode()).hexdigest()}
            if tries == 1
            else {"proof": secret}
        )
        return transport.post("/v1/enroll", {**body, **proof}).body

    try:
        answer = (retry or RetryPolicy(max_attempts=4, deadline=120)).call(attempt)
    except TransportFailure as failure:
        if failure.kind is FailureKind.REFUSED and failure.server_message:
            raise EnrollError(failure.server_message) from failure
        raise EnrollError(clerk_message(failure)) from failure
    finally:
        transport.close()
    try:
        if not isinstance(answer, dict):
            raise ProtocolError("not an object")
        token, scope = answer.get("token"), answer.get("scope_village")
        if not isinstance(token, str) or not token:
            raise ProtocolError("no token")
        reference = county_reference(answer.get("reference"))
    except ProtocolError as exc:
        raise EnrollError("县中心的答复格式不正确，请稍后重试") from exc
    if local is not None and local.name != reference.station_name:
        raise EnrollError(
            f"本机台账属于“{local.name}”，登记码属于“{reference.station_name}”，请核对登记码"
        )
    access.apply_reference(reference)
    kept_in = TokenStore(services.store.data_dir).save(token)
    kept_ca = keep_ca(services.store.data_dir, ca_pem)
    access.set_settings(
        {
            SYNC_SERVER: server_url.rstrip("/"),
            SYNC_DEVICE_ID: answer.get("device_id"),
            SYNC_SCOPE_VILLAGE: scope if isinstance(scope, str) else None,
            SYNC_REFERENCE_ETAG: reference_etag(answer.get("reference")),
            SYNC_CURSOR: "",
            SYNC_CA_FILE: kept_ca,
        }
    )
    village_name = next((v.name for v in reference.villages if v.uuid == scope), None)
    return EnrollResult(reference.station_name, village_name, len(reference.villages), kept_in)


def reference_etag(raw: object) -> str:
    return str(raw.get("etag", "")) if isinstance(raw, dict) else ""
