"""The county console's pages under /console/: sign-in, 概览, 季度统计, 达标情况, 上报情况,
设备与登记, 记录, 审计日志 and 账号. Every role check and CSRF check is made here, on the server."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from station_app.domain.errors import DomainError
from station_app.domain.ledgers import LEDGER_BY_ENTITY
from station_app.domain.organisation import LawyerDraft
from station_app.domain.quarter import Quarter
from station_app.domain.settings_schema import SettingValueError
from station_app.reports.columns import COLUMNS, format_value, header_groups
from station_app.reports.quarterly_output import write_quarterly_report
from station_app.reports.quarterly_table import QuarterlyTable
from sync.server import accounts
from sync.server.accounts import Role
from sync.server.console import queries, roster, settings_form
from sync.server.console.shown import (
    RELOAD_SECONDS,
    CountedTables,
    CountyView,
    Shown,
    Standing,
    county_view,
    reload_after,
    station_view,
)
from sync.server.console.warm import EVERY_SECONDS
from sync.server.console.web import (
    HERE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Redirect,
    Refused,
    address,
    checked_form,
    form,
    local_time,
    new_login_csrf,
    page,
    redirect,
    set_cookie,
    signed_in,
    zone_label,
)
from sync.server.county_report import county_table
from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code, issue_village_code, revoke
from sync.server.models import CountyUserRow, StationRow
from sync.server.reference import import_lawyers, seed_defaults, utcnow

MAX_ROSTER_BYTES = 5 * 1024 * 1024
NO_STATIONS = "还没有工作站的数据：在“设备与登记”中为工作站签发登记码，工作站登记并同步后即可查看。"

T = TypeVar("T")


def _quarter(text: str | None) -> Quarter:
    if text:
        try:
            return Quarter.parse(text)
        except ValueError as exc:
            raise Refused(400, "季度格式应为 2026Q3") from exc
    return Quarter.of(date.today())


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (names typed at sign-in included)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def freshness(lines: list[Shown]) -> dict[str, Any]:
    """What a page with counted tables says about rows not current: how many are being
    updated or counted, and (while any is) that it reloads itself and when to reload by hand."""
    updating = sum(1 for line in lines if line.standing is Standing.UPDATING)
    counting = sum(1 for line in lines if line.standing is Standing.COUNTING)
    failed = [line for line in lines if line.standing is Standing.FAILED]
    return {
        "updating": updating,
        "counting": counting,
        # 统计失败: with the last count (in 合计) or without any (left out of it)
        "failed_shown": sum(1 for line in failed if line.table is not None),
        "failed_blank": sum(1 for line in failed if line.table is None),
        "retry_minutes": round(EVERY_SECONDS / 60),  # the counter's full pass tries it again
        "reload": RELOAD_SECONDS if updating or counting else None,
        "reload_after": reload_after(lines),
        "Standing": Standing,
    }


def mount_console(app: FastAPI, db: CountyDatabase) -> CountedTables:
    """Serve the console from the sync server's own app (same process, same TLS); the cache
    of counted station tables it returns is the one ``keep_counted`` can keep warm."""
    counted = CountedTables()
    accounts.dummy_hash()  # made now, so the first unknown name takes as long as the next
    app.mount("/console/static", StaticFiles(directory=str(HERE / "static")), name="console-static")
    app.include_router(_router(db, counted))

    @app.exception_handler(Redirect)
    async def _to(request: Request, exc: Redirect) -> Response:
        return redirect(exc.location)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        return page(request, "refused.html", None, exc.status, message=exc.message)

    return counted


def _router(db: CountyDatabase, counted: CountedTables) -> APIRouter:
    router = APIRouter(prefix="/console")

    def read(work: Callable[[Session], T]) -> Awaitable[T]:
        def run() -> T:
            with db.read() as session:
                return work(session)

        return run_in_threadpool(run)

    def write(work: Callable[[Session], T]) -> Awaitable[T]:
        def run() -> T:
            with db.write() as session:
                return work(session)

        return run_in_threadpool(run)

    # -- signing in and out ---------------------------------------------------------------

    @router.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> Response:
        await signed_in(db, request)
        return redirect("/console/overview")

    @router.get("/login", response_class=HTMLResponse)
    async def login_page(request: Request) -> Response:
        token = new_login_csrf()
        response = page(request, "login.html", None, csrf=token, message="")
        set_cookie(request, response, LOGIN_CSRF_COOKIE, token)
        return response

    @router.post("/login", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        data = await form(request)
        expected = request.cookies.get(LOGIN_CSRF_COOKIE)
        if not expected or not accounts.csrf_matches(expected, data.get("csrf")):
            raise Refused(403, "页面已过期或请求来源不明（缺少校验码），请刷新页面后重试")
        username, password = data.get("username", "")[:50], data.get("password", "")[:200]
        where = address(request)

        def work(session: Session) -> tuple[str, accounts.NewSession | None]:
            result = accounts.sign_in(session, username, password, where)
            if result.user is None:
                return result.message, None
            return "", accounts.open_session(session, result.user)

        message, opened = await write(work)
        if opened is None:
            token = new_login_csrf()
            response = page(
                request, "login.html", None, 401, csrf=token, message=message, username=username
            )
            set_cookie(request, response, LOGIN_CSRF_COOKIE, token)
            return response
        done = redirect("/console/overview")
        set_cookie(request, done, SESSION_COOKIE, opened.token)
        done.delete_cookie(LOGIN_CSRF_COOKIE, path="/console", samesite="strict")
        return done

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        signed, _ = await checked_form(db, request, Role.VIEWER, allow_must_change=True)
        await write(lambda s: accounts.close_session(s, signed.session_id))
        response = redirect("/console/login")
        response.delete_cookie(SESSION_COOKIE, path="/console")
        return response

    @router.get("/password", response_class=HTMLResponse)
    async def password_page(request: Request) -> Response:
        signed = await signed_in(db, request, allow_must_change=True)
        return page(request, "password.html", signed, message="")

    @router.post("/password", response_class=HTMLResponse)
    async def password(request: Request) -> Response:
        signed, data = await checked_form(db, request, Role.VIEWER, allow_must_change=True)
        old, new, again = data.get("old", ""), data.get("new", ""), data.get("again", "")

        def work(session: Session) -> str:
            user = session.get(CountyUserRow, signed.user_id)
            assert user is not None
            if not accounts._verify(user.password_hash, old):
                return "原密码不正确"
            if new != again:
                return "两次输入的新密码不一致"
            if new == old:
                return "新密码不能与原密码相同"
            try:
                accounts.set_password(session, user, new, temporary=False)
            except accounts.AccountError as exc:
                return str(exc)
            accounts.audit(session, user.username, "password_changed", "", address(request))
            return ""

        message = await write(work)
        if message:
            return page(request, "password.html", signed, 400, message=message)
        response = redirect("/console/login")
        response.delete_cookie(SESSION_COOKIE, path="/console")
        return response

    # -- 概览 and the quarterly table ------------------------------------------------------

    @router.get("/overview", response_class=HTMLResponse)
    async def overview(request: Request, quarter: str | None = None) -> Response:
        signed = await signed_in(db, request)
        q = _quarter(quarter)
        lines = await read(lambda s: queries.overview(s, q, utcnow()))
        last = q.previous
        marks = await read(lambda s: queries.submission_marks(s, [q, last]))
        return page(
            request,
            "overview.html",
            signed,
            quarter=q,
            lines=lines,
            ledgers=list(LEDGER_BY_ENTITY.items()),
            silent_days=queries.SILENT_AFTER.days,
            last_quarter=last,
            marks=marks,
        )

    @router.get("/submissions", response_class=HTMLResponse)
    async def submissions(request: Request, quarter: str | None = None) -> Response:
        """上报情况: which stations marked each quarter's table 已上报, when, and on time."""
        signed = await signed_in(db, request)
        q, today = _quarter(quarter), date.today()
        table = await read(lambda s: queries.submissions(s, q, today))
        return page(request, "submissions.html", signed, quarter=q, table=table, today=today)

    async def view_for(quarter: Quarter) -> CountyView | None:
        """The county table of the quarter as last counted (rows not current marked, never
        waited for); None while no station has enrolled."""
        return await run_in_threadpool(lambda: county_view(db, quarter, date.today(), counted))

    async def table_for(quarter: Quarter) -> QuarterlyTable | None:
        """The county table of the quarter, every row current (waits for the stations being
        counted): for the Excel and PDF files, which go to the bureau without the page's
        正在更新 marks, so they never mix a station's old count in silently. None while no
        station has enrolled."""
        try:
            return await run_in_threadpool(
                lambda: county_table(db, quarter, today=date.today(), cache=counted)
            )
        except ValueError:
            return None

    def no_stations(request: Request, signed: accounts.Signed, title: str) -> Response:
        return page(request, "empty.html", signed, title=title, message=NO_STATIONS)

    @router.get("/reports/quarterly", response_class=HTMLResponse)
    async def quarterly(request: Request, quarter: str | None = None) -> Response:
        signed = await signed_in(db, request)
        q = _quarter(quarter)
        view = await view_for(q)
        if view is None:
            return no_stations(request, signed, "季度统计")
        table = view.table
        rows = [[format_value(row.value(c.key), c.kind) for c in COLUMNS] for row in table.rows]
        for cells, line in zip(rows, view.lines, strict=False):
            if line.table is None:  # no figure until it is counted
                cells[1:] = [""] * (len(cells) - 1)
        return page(
            request,
            "quarterly.html",
            signed,
            quarter=q,
            table=table,
            rows=rows,
            lines=view.lines,
            columns=COLUMNS,
            groups=header_groups(),
            **freshness(view.lines),
        )

    @router.get("/reports/quarterly.{suffix}")
    async def quarterly_file(request: Request, suffix: str, quarter: str | None = None) -> Response:
        await signed_in(db, request)
        if suffix not in ("xlsx", "pdf"):
            raise Refused(404, "只提供 Excel 与 PDF")
        q = _quarter(quarter)
        table = await table_for(q)
        if table is None:
            raise Refused(404, NO_STATIONS)

        def render() -> bytes:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"table.{suffix}"
                write_quarterly_report(table, path)
                return path.read_bytes()

        body = await run_in_threadpool(render)
        media = (
            "application/pdf"
            if suffix == "pdf"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"county-{q}.{suffix}"
        return Response(
            body,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @router.get("/reports/compliance", response_class=HTMLResponse)
    async def compliance(
        request: Request, quarter: str | None = None, station: str = "", lawyer: str = ""
    ) -> Response:
        """Every village × month (and week for street communities): by station, by lawyer
        (the villages the roster assigns to that lawyer)."""
        signed = await signed_in(db, request)
        q = _quarter(quarter)
        view = await view_for(q)
        if view is None:
            return no_stations(request, signed, "达标情况")
        table = view.table
        lawyers = await read(roster.lawyers)
        chosen = next((one for one in lawyers if one.key == lawyer), None)
        assigned = set(chosen.villages.split("、")) if chosen else None
        villages = [
            v
            for v in table.compliance
            if (not station or v.village.startswith(station + " "))
            and (assigned is None or v.village.rsplit(" ", 1)[-1] in assigned)
        ]
        names = [row.unit for row in table.rows[:-1]]
        return page(
            request,
            "compliance.html",
            signed,
            quarter=q,
            table=table,
            villages=villages,
            stations=names,
            station=station,
            lawyers=lawyers,
            lawyer=lawyer,
            standing={line.name: line for line in view.lines},
            counting_rows=[  # never counted: no village of theirs is known yet
                line
                for line in view.lines
                if line.table is None and (not station or line.name == station)
            ],
            **freshness(view.lines),
        )

    @router.get("/reports/station", response_class=HTMLResponse)
    async def station_table(
        request: Request, station: str = "", quarter: str | None = None
    ) -> Response:
        """A station's own table (one row per village), as the station's report has it."""
        signed = await signed_in(db, request)
        q = _quarter(quarter)

        def work(session: Session) -> Shown | None:
            row = session.scalars(select(StationRow).where(StationRow.name == station)).first()
            if row is None:
                return None
            return station_view(session, row, q, date.today(), counted)

        shown = await read(work)
        if shown is None:
            raise Refused(404, "没有这个工作站")
        built = shown.table.rows if shown.table is not None else ()
        rows = [[format_value(r.value(c.key), c.kind) for c in COLUMNS] for r in built]
        return page(
            request,
            "station.html",
            signed,
            quarter=q,
            station=station,
            rows=rows,
            columns=COLUMNS,
            groups=header_groups(),
            line=shown,
            **freshness([shown]),
        )

    # -- 律师名册 ---------------------------------------------------------------------------

    async def lawyers_page(
        request: Request,
        signed: accounts.Signed,
        status: int = 200,
        message: str = "",
        saved: bool = False,
        edit: str = "",
    ) -> Response:
        lines = await read(roster.lawyers)
        editing = next((line for line in lines if line.key == edit), None)
        return page(
            request,
            "lawyers.html",
            signed,
            status,
            lawyers=lines,
            editing=editing,
            message=message,
            saved=saved,
        )

    @router.get("/lawyers", response_class=HTMLResponse)
    async def lawyers(request: Request, edit: str = "") -> Response:
        return await lawyers_page(request, await signed_in(db, request), edit=edit[:36])

    @router.post("/lawyers", response_class=HTMLResponse)
    async def save_lawyer(request: Request) -> Response:
        signed, data = await checked_form(db, request, Role.STAFF)
        draft = LawyerDraft(
            data.get("name") or None,
            data.get("law_firm") or None,
            data.get("license_no") or None,
            data.get("phone") or None,
        )
        key = data.get("key", "")[:36] or None

        def work(session: Session) -> str:
            name = roster.save_lawyer(session, key, draft, data.get("villages", ""), date.today())
            action = "修改" if key else "添加"
            accounts.audit(
                session, signed.username, "roster_changed", f"{action}律师 {name}", address(request)
            )
            return f"已{action}律师 {name}，各工作站下次同步时收到"

        try:
            message = await write(work)
        except (DomainError, LookupError) as exc:
            text = str(exc) if isinstance(exc, DomainError) else "没有这位律师"
            return await lawyers_page(request, signed, 400, text, edit=key or "")
        return await lawyers_page(request, signed, message=message, saved=True)

    @router.post("/lawyers/import", response_class=HTMLResponse)
    async def import_roster(request: Request) -> Response:
        signed = await signed_in(db, request, Role.STAFF)
        declared = request.headers.get("content-length", "")
        if not declared.isascii() or not declared.isdigit() or int(declared) > MAX_ROSTER_BYTES:
            raise Refused(413, "名册文件过大")
        async with request.form(max_files=1, max_fields=4) as data:
            sent = data.get("csrf")
            if not isinstance(sent, str) or not accounts.csrf_matches(signed.csrf, sent):
                raise Refused(403, "页面已过期或请求来源不明（缺少校验码），请刷新页面后重试")
            upload = data.get("file")
            if upload is None or isinstance(upload, str):
                return await lawyers_page(request, signed, 400, "请选择名册文件")
            content = await upload.read()

        def work(session: Session) -> int:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "roster.xlsx"
                path.write_bytes(content)
                count = import_lawyers(session, path)
            accounts.audit(
                session, signed.username, "roster_changed", f"导入律师 {count} 名", address(request)
            )
            return count

        try:
            count = await write(work)
        except DomainError as exc:
            return await lawyers_page(request, signed, 400, str(exc))
        return await lawyers_page(
            request, signed, message=f"已导入律师 {count} 名，各工作站下次同步时收到", saved=True
        )

    # -- 参数 -------------------------------------------------------------------------------

    @router.get("/settings", response_class=HTMLResponse)
    async def settings(request: Request) -> Response:
        signed = await signed_in(db, request)
        groups = await read(settings_form.current)
        return page(request, "settings.html", signed, groups=groups, message="", saved=False)

    @router.post("/settings", response_class=HTMLResponse)
    async def save_settings(request: Request) -> Response:
        signed, data = await checked_form(db, request, Role.ADMIN)

        def work(session: Session) -> tuple[str, bool]:
            try:
                changed = settings_form.save(session, data)
            except SettingValueError as exc:
                return str(exc), False
            for key in changed:
                accounts.audit(session, signed.username, "setting_changed", key, address(request))
            return ("已保存，各工作站下次同步时收到" if changed else "没有改动"), True

        message, saved = await write(work)
        groups = await read(settings_form.current)
        status = 200 if saved else 400
        return page(
            request, "settings.html", signed, status, groups=groups, message=message, saved=saved
        )

    # -- 设备与登记 -------------------------------------------------------------------------

    async def devices_page(
        request: Request,
        signed: accounts.Signed,
        issued: object = None,
        message: str = "",
        status: int = 200,
    ) -> Response:
        devices, stations, villages = await read(
            lambda s: (queries.devices(s), queries.stations(s), queries.villages_by_station(s))
        )
        return page(
            request,
            "devices.html",
            signed,
            status,
            devices=devices,
            stations=[name for _, name in stations],
            villages=villages,
            issued=issued,
            message=message,
        )

    @router.get("/devices", response_class=HTMLResponse)
    async def devices(request: Request) -> Response:
        return await devices_page(request, await signed_in(db, request))

    @router.post("/devices/code", response_class=HTMLResponse)
    async def new_code(request: Request) -> Response:
        signed, data = await checked_form(db, request, Role.STAFF)
        station = data.get("station", "").strip()[:100]
        village = data.get("village", "").strip()[:12]
        kind = "street" if data.get("kind") == "street" else "town"
        if not station:
            return await devices_page(request, signed, message="请填写工作站名称", status=400)
        if village and not (village.isascii() and village.isdigit()):
            return await devices_page(request, signed, message="请从列表中选择村(居)", status=400)

        def work(session: Session) -> object:
            seed_defaults(session)
            if village:  # a village's own device: one of the station's villages, checked
                issued = issue_village_code(session, station, int(village))
            else:
                county = data.get("county", "").strip()[:100]
                issued = issue_code(session, station, None, county=county, kind=kind)
            scope = f"{issued.station} {issued.village or '全站'}"
            accounts.audit(session, signed.username, "code_issued", scope, address(request))
            return issued

        try:
            issued = await write(work)
        except DomainError as exc:
            return await devices_page(request, signed, message=str(exc), status=400)
        return await devices_page(request, signed, issued=issued)

    @router.post("/devices/revoke", response_class=HTMLResponse)
    async def revoke_device(request: Request) -> Response:
        signed, data = await checked_form(db, request, Role.STAFF)
        device = data.get("device", "")[:36]

        def work(session: Session) -> bool:
            found = revoke(session, device)
            if found:
                accounts.audit(session, signed.username, "device_revoked", device, address(request))
            return found

        found = await write(work)
        if not found:
            return await devices_page(request, signed, message="没有这台设备")
        return redirect("/console/devices")

    # -- 记录 -------------------------------------------------------------------------------

    @router.get("/records", response_class=HTMLResponse)
    async def records(
        request: Request, station: str = "", ledger: str = "consultation", q: str = ""
    ) -> Response:
        signed = await signed_in(db, request)
        if ledger not in LEDGER_BY_ENTITY:
            ledger = "consultation"
        station_id = int(station) if station.isascii() and station.isdigit() else None
        search = q.strip()[:50]

        def work(session: Session) -> tuple[list[tuple[int, str]], list[queries.RecordLine]]:
            names = queries.stations(session)
            chosen = station_id if station_id is not None else (names[0][0] if names else None)
            found = [] if chosen is None else queries.records(session, chosen, ledger, search)
            return names, found

        names, lines = await read(work)
        chosen = station_id if station_id is not None else (names[0][0] if names else None)
        return page(
            request,
            "records.html",
            signed,
            stations=names,
            station=chosen,
            ledgers=list(LEDGER_BY_ENTITY.items()),
            ledger=ledger,
            q=search,
            lines=lines,
        )

    # -- 审计日志 and 账号 (admins) ---------------------------------------------------------

    @router.get("/audit", response_class=HTMLResponse)
    async def audit(request: Request) -> Response:
        signed = await signed_in(db, request, Role.ADMIN)
        lines = await read(queries.audit_lines)
        return page(request, "audit.html", signed, lines=lines)

    @router.get("/audit.csv")
    async def audit_csv(request: Request) -> Response:
        await signed_in(db, request, Role.ADMIN)
        lines = await read(lambda s: queries.audit_lines(s, 100_000))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([f"时间（{zone_label()}）", "账号", "操作", "内容", "地址"])
        for line in lines:
            writer.writerow(
                [
                    local_time(line.at, seconds=True),
                    *(_cell(v) for v in (line.username, line.action, line.detail, line.address)),
                ]
            )
        return Response(
            "\ufeff" + out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="county-audit.csv"'},
        )

    async def users_page(
        request: Request, signed: accounts.Signed, message: str = "", shown: str = ""
    ) -> Response:
        users = await read(queries.users)
        return page(
            request, "users.html", signed, users=users, message=message, shown=shown, now=utcnow()
        )

    @router.get("/users", response_class=HTMLResponse)
    async def users(request: Request) -> Response:
        return await users_page(request, await signed_in(db, request, Role.ADMIN))

    @router.post("/users", response_class=HTMLResponse)
    async def users_action(request: Request) -> Response:
        signed, data = await checked_form(db, request, Role.ADMIN)
        action, username = data.get("action", ""), data.get("username", "").strip()[:50]
        where = address(request)

        def work(session: Session) -> tuple[str, str]:
            if action == "add":
                role = data.get("role", "")
                if role not in {r.value for r in Role}:
                    return "角色不正确", ""
                temporary = accounts.temporary_password()
                added = accounts.add_user(
                    session, username, data.get("name", ""), Role(role), temporary
                )
                added.must_change = True
                accounts.audit(
                    session, signed.username, "user_added", f"{username}（{role}）", where
                )
                return f"已添加 {username}，临时密码（仅显示一次，首次登录须修改）：", temporary
            user = accounts.find_user(session, username)
            if user is None:
                return "没有这个用户", ""
            if action == "reset":
                temporary = accounts.temporary_password()
                accounts.set_password(session, user, temporary, temporary=True)
                accounts.audit(session, signed.username, "password_reset", username, where)
                return f"{username} 的临时密码（仅显示一次，下次登录须修改）：", temporary
            if action == "unlock":
                accounts.unlock(user)
                accounts.audit(session, signed.username, "user_unlocked", username, where)
                return f"已解锁 {username}", ""
            if action == "disable":
                if user.id == signed.user_id:
                    return "不能停用自己的账号", ""
                accounts.disable(session, user)
                accounts.audit(session, signed.username, "user_disabled", username, where)
                return f"已停用 {username}", ""
            return "未知操作", ""

        try:
            message, shown = await write(work)
        except accounts.AccountError as exc:
            message, shown = str(exc), ""
        return await users_page(request, signed, message, shown)

    return router
