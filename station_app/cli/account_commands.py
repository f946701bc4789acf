"""`station users | password | list | audit`: accounts, masked records and the audit trail,
each through the services as the signed-in account."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from station_app.cli.opening import Opener
from station_app.cli.session import NEW_PASSWORD_ENV, secret
from station_app.domain.choices import Role
from station_app.domain.errors import NotFoundError
from station_app.domain.ledger_query import LedgerQuery
from station_app.domain.organisation import UserDraft
from station_app.services.station_services import StationServices

ROLE_NAMES = {r.value: r for r in Role}


def _account_id(services: StationServices, username: str) -> int:
    found = next(
        (a for a in services.accounts.accounts(include_inactive=True) if a.username == username),
        None,
    )
    if found is None:
        raise NotFoundError("没有这个账户 / no such account")
    return found.id


def cmd_users(args: argparse.Namespace, open_services: Opener) -> int:
    services = open_services(args)
    try:
        accounts = services.accounts
        if args.action == "list":
            station = services.organisation.require_station()
            for a in accounts.accounts(include_inactive=True):
                state = "停用" if not a.active else ("已锁定" if a.locked_until else "正常")
                village = station.village_name(a.village_id) if a.village_id else ""
                print(f"{a.username}\t{a.display_name}\t{a.role.label}\t{village}\t{state}")
            return 0
        if args.action == "add":
            if not args.name or not args.role:
                raise NotFoundError("新增账户需要 --name 和 --role / --name and --role required")
            village_id = None
            if args.village:
                found = services.organisation.village_by_name(args.village)
                if found is None:
                    raise NotFoundError("所属村(居)：不是本站的村(居)")
                village_id = found.id
            password = secret(
                NEW_PASSWORD_ENV, "新账户的初始密码 / initial password: ", confirm=True
            )
            draft = UserDraft(args.username, args.name, ROLE_NAMES[args.role], village_id)
            info = accounts.add_account(draft, password)
            print(f"已新增账户：{info.username}（{info.role.label}），首次登录须修改密码")
        elif args.action == "reset-password":
            password = secret(NEW_PASSWORD_ENV, "临时密码 / temporary password: ", confirm=True)
            accounts.reset_password(_account_id(services, args.username), password)
            print(f"已重置 {args.username} 的密码并解锁，该用户下次登录须修改密码")
        elif args.action == "unlock":
            accounts.unlock(_account_id(services, args.username))
            print(f"已解锁账户 {args.username}")
        else:
            active = args.action == "enable"
            accounts.set_active(_account_id(services, args.username), active)
            print(f"已{'启用' if active else '停用'}账户 {args.username}")
        return 0
    finally:
        services.close()


def cmd_password(args: argparse.Namespace, open_services: Opener) -> int:
    services = open_services(args)
    try:
        from station_app.cli.session import PASSWORD_ENV

        old = secret(PASSWORD_ENV, "原密码 / current password: ")
        new = secret(NEW_PASSWORD_ENV, "新密码 / new password: ", confirm=True)
        services.accounts.change_password(old, new)
    finally:
        services.close()
    print("密码已修改 / password changed")
    return 0


def _json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | time | Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _json_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def cmd_list(args: argparse.Namespace, open_services: Opener) -> int:
    """Records as JSON lines, numbers masked; ``--reveal`` shows them (each one audited)."""
    services = open_services(args)
    try:
        service = services.ledger(args.ledger)
        villages = None
        if args.village:
            found = services.organisation.village_by_name(args.village)
            if found is None:
                raise NotFoundError("村(居)：不是本站的村(居)")
            villages = frozenset({found.id})
        query = LedgerQuery(text=args.search, villages=villages)
        for record_id in service.ids(query, limit=args.limit):
            stored = service.reveal(record_id) if args.reveal else service.get(record_id)
            line = {"id": stored.id, "uuid": stored.meta.uuid, **_json_value(stored.data)}
            print(json.dumps(line, ensure_ascii=False))
    finally:
        services.close()
    return 0


def cmd_audit(args: argparse.Namespace, open_services: Opener) -> int:
    services = open_services(args)
    try:
        if args.export is not None:
            count = services.audit.export(args.export)
            print(f"已导出审计日志 {count} 条：{args.export}")
            return 0
        for r in services.audit.page(0, args.limit):
            at = r.at.strftime("%Y-%m-%d %H:%M:%S")
            print(
                f"{r.seq}\t{at}\t{r.actor}\t{r.action_label}\t{r.entity_label}\t"
                f"{r.record_uuid or ''}\t{r.detail_text()}"
            )
    finally:
        services.close()
    return 0


def add_parsers(sub: Any, common: argparse.ArgumentParser, open_services: Opener) -> None:
    def bind(
        func: Callable[[argparse.Namespace, Opener], int],
    ) -> Callable[[argparse.Namespace], int]:
        return lambda args: func(args, open_services)

    p = sub.add_parser("users", parents=[common], help="账户管理（站长）/ accounts")
    p.add_argument(
        "action", choices=["list", "add", "reset-password", "unlock", "disable", "enable"]
    )
    p.add_argument("username", nargs="?", default="", help="账户用户名")
    p.add_argument("--name", help="姓名（新增时）")
    p.add_argument("--role", choices=list(ROLE_NAMES), help="角色（新增时）")
    p.add_argument("--village", metavar="NAME", help="综治专干所属村(居)")
    p.set_defaults(func=bind(cmd_users))

    p = sub.add_parser(
        "password",
        parents=[common],
        help="修改本人密码（新密码取自 STATION_NEW_PASSWORD 或终端输入）",
    )
    p.set_defaults(func=bind(cmd_password))

    p = sub.add_parser("list", parents=[common], help="列出台账记录（JSON，每行一条；号码打码）")
    p.add_argument("ledger", help="台账，如 法律咨询")
    p.add_argument("--search", help="搜索文字，或完整的身份证号/手机号")
    p.add_argument("--village", metavar="NAME", help="只列一个村(居)")
    p.add_argument("--limit", type=int, default=50, help="最多条数（默认50）")
    p.add_argument(
        "--reveal", action="store_true", help="显示完整号码（有权限者；每条记入审计日志）"
    )
    p.set_defaults(func=bind(cmd_list))

    p = sub.add_parser("audit", parents=[common], help="审计日志（站长）：查看或导出")
    p.add_argument("--limit", type=int, default=50, help="显示最近几条（默认50）")
    p.add_argument("--export", type=Path, metavar="FILE", help="导出为 .xlsx 或 .csv")
    p.set_defaults(func=bind(cmd_audit))
