"""County console accounts: argon2 passwords, lock-out, server-side sessions, the audit trail.

Sessions live in the county database (not in the process), so a console served by several
workers signs a user in once; the cookie holds a random token and the database only its hash.
"""

from __future__ import annotations

import functools
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from station_app.domain.errors import DomainError
from sync.server.enrollment import hash_secret
from sync.server.models import ConsoleSessionRow, CountyAuditRow, CountyUserRow
from sync.server.reference import utcnow

#: Wrong passwords in a row before the account is locked, and for how long.
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
#: A session unused this long is signed out (COUNTY_CONSOLE_IDLE_MINUTES overrides).
IDLE_ENV = "COUNTY_CONSOLE_IDLE_MINUTES"
DEFAULT_IDLE = timedelta(minutes=30)
MIN_PASSWORD = 10
UNKNOWN_USER = "（未知用户）"

_hasher = PasswordHasher()  # argon2id, memory-hard


@functools.cache
def dummy_hash() -> str:
    """Verified against when the username is unknown, so both cases take the same time. Made at
    the first use, not at import: every county-server command would pay an argon2 hash."""
    return _hasher.hash("not a real password")


class Role(StrEnum):
    VIEWER = "viewer"
    STAFF = "staff"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return (Role.VIEWER, Role.STAFF, Role.ADMIN).index(self)

    @property
    def label(self) -> str:
        return {"viewer": "只读", "staff": "工作人员", "admin": "管理员"}[self.value]


class AccountError(DomainError):
    pass


def idle_limit() -> timedelta:
    raw = os.environ.get(IDLE_ENV, "")
    if raw.isascii() and raw.isdigit() and int(raw) > 0:
        return timedelta(minutes=int(raw))
    return DEFAULT_IDLE


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 位 / at least {MIN_PASSWORD} characters")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def audit(
    session: Session, username: str, action: str, detail: str = "", address: str = ""
) -> None:
    """One line in the county's audit trail (no personal data: names of accounts only)."""
    session.add(
        CountyAuditRow(
            at=utcnow(), username=username[:50], action=action, detail=detail, address=address[:64]
        )
    )


def find_user(session: Session, username: str) -> CountyUserRow | None:
    return session.scalars(
        select(CountyUserRow).where(CountyUserRow.username == username.strip())
    ).first()


def add_user(
    session: Session, username: str, name: str, role: Role, password: str
) -> CountyUserRow:
    username = username.strip()
    if not username or len(username) > 50 or not username.isprintable():
        raise AccountError("用户名不正确 / invalid username")
    if find_user(session, username) is not None:
        raise AccountError("用户名已存在 / username already exists")
    check_password_rules(password)
    user = CountyUserRow(
        username=username,
        name=name.strip()[:100] or username,
        role=role.value,
        password_hash=hash_password(password),
        must_change=False,
        failed_count=0,
        disabled=False,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: CountyUserRow, password: str, *, temporary: bool) -> None:
    """A new password; a temporary one (an admin's reset) must be changed at next sign-in."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.must_change = temporary
    user.failed_count, user.locked_until = 0, None
    end_sessions(session, user)


def temporary_password() -> str:
    return secrets.token_urlsafe(9)


def unlock(user: CountyUserRow) -> None:
    user.failed_count, user.locked_until = 0, None


def disable(session: Session, user: CountyUserRow) -> None:
    user.disabled = True
    end_sessions(session, user)


def end_sessions(session: Session, user: CountyUserRow) -> None:
    session.execute(delete(ConsoleSessionRow).where(ConsoleSessionRow.user_id == user.id))


@dataclass(frozen=True)
class SignIn:
    user: CountyUserRow | None
    message: str  # why not, for the sign-in page; '' when signed in


def sign_in(session: Session, username: str, password: str, address: str) -> SignIn:
    """Check a password, counting failures: the account locks after MAX_FAILURES in a row."""
    now = utcnow()
    refused = "用户名或密码不正确"
    user = find_user(session, username[:50]) if username else None
    if user is None:
        _verify(dummy_hash(), password)
        # Not the name typed: a password typed into the wrong box would sit in the trail.
        audit(session, UNKNOWN_USER, "sign_in_failed", "无此用户", address)
        return SignIn(None, refused)
    if user.disabled:
        audit(session, user.username, "sign_in_failed", "账号已停用", address)
        return SignIn(None, "该账号已停用，请联系管理员")
    if user.locked_until is not None and user.locked_until > now:
        audit(session, user.username, "sign_in_failed", "账号已锁定", address)
        return SignIn(None, "密码错误次数过多，账号已锁定，请稍后再试或联系管理员解锁")
    if not _verify(user.password_hash, password):
        user.failed_count += 1
        detail = f"密码错误（连续 {user.failed_count} 次）"
        if user.failed_count >= MAX_FAILURES:
            user.locked_until = now + LOCK_FOR
            detail += "，账号锁定"
        audit(session, user.username, "sign_in_failed", detail, address)
        if user.locked_until is not None and user.locked_until > now:
            return SignIn(None, "密码错误次数过多，账号已锁定，请稍后再试或联系管理员解锁")
        return SignIn(None, refused)
    user.failed_count, user.locked_until = 0, None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit(session, user.username, "sign_in", "", address)
    return SignIn(user, "")


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class NewSession:
    token: str
    csrf: str


def open_session(session: Session, user: CountyUserRow) -> NewSession:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        ConsoleSessionRow(
            token_hash=hash_secret(token),
            user_id=user.id,
            csrf=csrf,
            created_at=now,
            last_seen_at=now,
        )
    )
    return NewSession(token, csrf)


@dataclass(frozen=True)
class Signed:
    """Who is signed in on this request (detached from the database session)."""

    user_id: int
    username: str
    name: str
    role: Role
    must_change: bool
    csrf: str
    session_id: int


def resume(session: Session, token: str | None, now: datetime | None = None) -> Signed | None:
    """The signed-in user of a cookie token, or None (unknown, idle too long, disabled)."""
    if not token or len(token) > 100:
        return None
    now = now or utcnow()
    row = session.scalars(
        select(ConsoleSessionRow).where(ConsoleSessionRow.token_hash == hash_secret(token))
    ).first()
    if row is None:
        return None
    user = session.get(CountyUserRow, row.user_id)
    if user is None or user.disabled or now - row.last_seen_at > idle_limit():
        session.delete(row)
        return None
    row.last_seen_at = now
    return Signed(
        user.id, user.username, user.name, Role(user.role), user.must_change, row.csrf, row.id
    )


def csrf_matches(signed_csrf: str, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(signed_csrf.encode(), sent.encode())


def close_session(session: Session, session_id: int) -> None:
    session.execute(delete(ConsoleSessionRow).where(ConsoleSessionRow.id == session_id))
