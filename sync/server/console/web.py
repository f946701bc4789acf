"""The console's plumbing: who is signed in, role checks, CSRF, forms, templates, cookies."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from sync.server import accounts
from sync.server.accounts import Role, Signed
from sync.server.db import CountyDatabase

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

#: The zone the console shows times in (an IANA name such as Asia/Shanghai). Without it, China
#: Standard Time: the county's clerks read their own clock, whatever zone the server's OS (often
#: a UTC container) runs in. The database keeps UTC.
ZONE_ENV = "COUNTY_CONSOLE_TZ"
CHINA = "Asia/Shanghai"


@cache
def console_zone() -> tzinfo:
    name = os.environ.get(ZONE_ENV, "").strip() or CHINA
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # No time-zone database (a bare Windows Python): China has one zone and no summer time.
        return timezone(timedelta(hours=8), CHINA) if name == CHINA else UTC


def zone_label() -> str:
    """How the pages name the zone their times are in."""
    name = str(console_zone())
    return "北京时间" if name == CHINA else name


def local_time(value: datetime | None, seconds: bool = False) -> str:
    """A stored time (naive UTC, as the county database keeps it) on the county's clock,
    2026-11-30 17:05; every page's times go through this (the ``local`` filter)."""
    if value is None:
        return ""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(console_zone()).strftime(
        "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    )


templates.env.filters["local"] = local_time
templates.env.globals["zone_label"] = zone_label

SESSION_COOKIE = "county_console"
LOGIN_CSRF_COOKIE = "county_console_login"
MAX_FORM_BYTES = 64 * 1024


class Redirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class Refused(Exception):
    """A request the server refuses whatever the page showed: wrong role, no CSRF token."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def secure(request: Request) -> bool:
    """Served over TLS (uvicorn's own): the session cookie is then sent over TLS only."""
    return request.scope.get("scheme") == "https"


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=secure(request),
        path="/console",
    )


async def form(request: Request) -> dict[str, str]:
    """The URL-encoded form body, capped (the console's forms are small)."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_FORM_BYTES:
            raise Refused(413, "提交的内容过大")
    parsed = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in parsed.items()}


async def signed_in(
    db: CountyDatabase,
    request: Request,
    need: Role = Role.VIEWER,
    *,
    allow_must_change: bool = False,
) -> Signed:
    """The signed-in user with at least the role ``need``: otherwise to the sign-in page, or
    refused (403) for too low a role. A temporary password sends everyone to change it."""
    token = request.cookies.get(SESSION_COOKIE)

    def work() -> Signed | None:
        with db.write() as session:
            return accounts.resume(session, token)

    signed = await run_in_threadpool(work) if token else None
    if signed is None:
        raise Redirect("/console/login")
    if signed.must_change and not allow_must_change:
        raise Redirect("/console/password")
    if signed.role.rank < need.rank:
        raise Refused(403, "您的账号没有这项操作的权限")
    return signed


async def checked_form(
    db: CountyDatabase, request: Request, need: Role, *, allow_must_change: bool = False
) -> tuple[Signed, dict[str, str]]:
    """A POST's signed-in user (role checked) and its form, refused without the CSRF token."""
    signed = await signed_in(db, request, need, allow_must_change=allow_must_change)
    data = await form(request)
    if not accounts.csrf_matches(signed.csrf, data.get("csrf")):
        raise Refused(403, "页面已过期或请求来源不明（缺少校验码），请刷新页面后重试")
    return signed, data


def page(
    request: Request, name: str, signed: Signed | None, status: int = 200, **context: Any
) -> HTMLResponse:
    response = templates.TemplateResponse(
        request, name, {"me": signed, "Role": Role, **context}, status_code=status
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
    )
    return response


def redirect(location: str) -> RedirectResponse:
    return RedirectResponse(location, status_code=303)


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)
