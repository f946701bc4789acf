"""Device enrollment: a one-time code becomes a long-lived device token; tokens can be revoked.

Only hashes of codes and tokens are stored, so a copy of the county database lets nobody push.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid as uuidlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.errors import DomainError
from sync.server.models import DeviceRow, EnrollmentCodeRow, StationRow, VillageRow
from sync.server.reference import ensure_station, ensure_village, utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
CODE_LIFETIME = timedelta(days=14)


class EnrollmentError(DomainError):
    pass


class AuthError(DomainError):
    """No valid token: 401. ``revoked`` tells the clerk to ask the county for a new code."""

    def __init__(self, message: str, *, revoked: bool = False) -> None:
        super().__init__(message)
        self.revoked = revoked


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class IssuedCode:
    code: str
    station: str
    village: str | None


def issue_code(
    session: Session,
    station_name: str,
    village_name: str | None = None,
    *,
    county: str = "",
    kind: str = "town",
) -> IssuedCode:
    """Register the station (and village) if new, and a one-time code for one more device."""
    station = ensure_station(session, station_name, county=county, kind=kind)
    village = ensure_village(session, station, village_name) if village_name else None
    code = new_code()
    now = utcnow()
    session.add(
        EnrollmentCodeRow(
            code_hash=hash_secret(normalise_code(code)),
            station_id=station.id,
            village_id=village.id if village else None,
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    )
    return IssuedCode(code, station.name, village.name if village else None)


def issue_village_code(session: Session, station_name: str, village_id: int) -> IssuedCode:
    """A code for one village's own device. The village is picked from the station's list, and
    the server checks it is that station's (a stale or forged form must not register a new
    village, nor tie a device to another station's village)."""
    station = session.scalars(select(StationRow).where(StationRow.name == station_name)).first()
    village = session.get(VillageRow, village_id)
    if station is None or village is None or village.station_id != station.id or village.voided:
        raise EnrollmentError("所选村(居)不是该工作站的村(居)，请重新选择")
    return issue_code(session, station.name, village.name)


def is_secret_hash(value: object) -> bool:
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


def redeem(
    session: Session,
    code: str,
    store_uuid: str,
    villages: list[dict[str, Any]],
    *,
    secret_hash: str | None = None,
    secret: str | None = None,
) -> tuple[DeviceRow, str]:
    """Turn a code into a device and its token; a station device registers its villages.

    A code is used once. The client sends the hash of a secret it made up with its first try
    and the secret itself with a retry: if the answer to the first try was lost, the retry gets
    a fresh token for the same device, but only with that secret and while the code is valid.
    Anyone else holding the code (or the store uuid, which is not secret) gets nothing.
    """
    row = session.scalars(
        select(EnrollmentCodeRow).where(
            EnrollmentCodeRow.code_hash == hash_secret(normalise_code(code))
        )
    ).first()
    now = utcnow()
    refused = EnrollmentError("登记码无效、已过期或已被使用，请向县中心索取新的登记码")
    if row is None or row.expires_at < now:
        raise refused
    if row.used_at is not None:
        earlier = session.get(DeviceRow, row.device_id) if row.device_id is not None else None
        proven = (
            secret is not None
            and row.secret_hash is not None
            and hmac.compare_digest(hash_secret(secret), row.secret_hash)
        )
        if (
            not proven
            or earlier is None
            or earlier.store_uuid != store_uuid
            or earlier.revoked_at is not None
        ):
            raise refused
        token = secrets.token_urlsafe(32)
        earlier.token_hash = hash_secret(token)
        return earlier, token
    station = session.get(StationRow, row.station_id)
    assert station is not None
    if row.village_id is None:
        for v in villages[:200]:
            name, kind, vid = v.get("name"), v.get("kind"), v.get("uuid")
            if isinstance(name, str) and 0 < len(name) <= 50 and kind in ("town", "street"):
                ensure_village(
                    session,
                    station,
                    name,
                    kind=kind,
                    village_uuid=vid if isinstance(vid, str) else None,
                )
    token = secrets.token_urlsafe(32)
    device = DeviceRow(
        uuid=str(uuidlib.uuid4()),
        station_id=station.id,
        village_id=row.village_id,
        store_uuid=store_uuid,
        token_hash=hash_secret(token),
        enrolled_at=now,
    )
    session.add(device)
    session.flush()
    row.used_at = now
    row.device_id = device.id
    if secret is not None:  # the first try was lost before it arrived: this one counts
        row.secret_hash = hash_secret(secret)
    elif secret_hash is not None and is_secret_hash(secret_hash):
        row.secret_hash = secret_hash
    return device, token


def authenticate(session: Session, token: str | None) -> DeviceRow:
    if not token:
        raise AuthError("缺少设备令牌，请先登记本机")
    device = session.scalars(
        select(DeviceRow).where(DeviceRow.token_hash == hash_secret(token))
    ).first()
    if device is None:
        raise AuthError("设备令牌无效，请重新登记本机")
    if device.revoked_at is not None:
        raise AuthError("本机的同步授权已被县中心撤销，请联系县中心", revoked=True)
    return device


def revoke(session: Session, device_uuid: str) -> bool:
    device = session.scalars(select(DeviceRow).where(DeviceRow.uuid == device_uuid)).first()
    if device is None:
        return False
    device.revoked_at = device.revoked_at or utcnow()
    return True


def device_village(session: Session, device: DeviceRow) -> VillageRow | None:
    return None if device.village_id is None else session.get(VillageRow, device.village_id)
