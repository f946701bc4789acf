"""`county-server users …`: the console's accounts, managed from the county server's shell.

A password given here is used as is (the person at the shell chose it); the console's own
reset makes a temporary one instead. The password comes from COUNTY_NEW_PASSWORD or is asked
for twice on the terminal, never from the command line (it would sit in the shell history).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from sqlalchemy import select

from station_app.domain.errors import DomainError
from sync.server import accounts
from sync.server.accounts import Role
from sync.server.db import CountyDatabase
from sync.server.models import CountyUserRow
from sync.server.reference import utcnow

PASSWORD_ENV = "COUNTY_NEW_PASSWORD"


def _password() -> str:
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise DomainError(f"请在终端输入密码，或设置环境变量 {PASSWORD_ENV}")
    first = getpass.getpass("新密码 / new password: ")
    if first != getpass.getpass("再输一次 / again: "):
        raise DomainError("两次输入的密码不一致 / the passwords differ")
    return first


def _user(session: Any, username: str) -> CountyUserRow:
    user = accounts.find_user(session, username)
    if user is None:
        raise DomainError("没有这个用户 / no such user")
    return user


def cmd_users_add(args: argparse.Namespace) -> int:
    password = _password()
    db = CountyDatabase.open(args.db)
    try:
        with db.write() as session:
            accounts.add_user(session, args.username, args.name, Role(args.role), password)
            accounts.audit(session, "(命令行)", "user_added", f"{args.username}（{args.role}）")
    finally:
        db.close()
    print(f"已添加用户 {args.username}（{Role(args.role).label}）/ user added")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    db = CountyDatabase.open(args.db)
    try:
        with db.read() as session:
            users = list(session.scalars(select(CountyUserRow).order_by(CountyUserRow.username)))
    finally:
        db.close()
    now = utcnow()
    for u in users:
        state = (
            "已停用"
            if u.disabled
            else "已锁定"
            if u.locked_until and u.locked_until > now
            else "正常"
        )
        print(f"{u.username}\t{u.name}\t{Role(u.role).label}\t{state}")
    return 0


def cmd_users_reset(args: argparse.Namespace) -> int:
    password = _password()
    db = CountyDatabase.open(args.db)
    try:
        with db.write() as session:
            accounts.set_password(session, _user(session, args.username), password, temporary=False)
            accounts.audit(session, "(命令行)", "password_reset", args.username)
    finally:
        db.close()
    print(f"已重设 {args.username} 的密码 / password reset")
    return 0


def cmd_users_unlock(args: argparse.Namespace) -> int:
    db = CountyDatabase.open(args.db)
    try:
        with db.write() as session:
            accounts.unlock(_user(session, args.username))
            accounts.audit(session, "(命令行)", "user_unlocked", args.username)
    finally:
        db.close()
    print(f"已解锁 {args.username} / unlocked")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    db = CountyDatabase.open(args.db)
    try:
        with db.write() as session:
            accounts.disable(session, _user(session, args.username))
            accounts.audit(session, "(命令行)", "user_disabled", args.username)
    finally:
        db.close()
    print(f"已停用 {args.username} / disabled")
    return 0


def add_user_commands(sub: Any) -> None:
    p = sub.add_parser("users", help="县中心网页控制台的账号")
    users = p.add_subparsers(dest="users_command", required=True, parser_class=type(p))
    q = users.add_parser("add", help=f"添加账号（密码取自 {PASSWORD_ENV} 或终端输入）")
    q.add_argument("username")
    q.add_argument("--name", required=True, help="姓名")
    q.add_argument("--role", required=True, choices=[r.value for r in Role])
    q.set_defaults(func=cmd_users_add)
    q = users.add_parser("list", help="列出账号")
    q.set_defaults(func=cmd_users_list)
    q = users.add_parser("reset-password", help="重设密码")
    q.add_argument("username")
    q.set_defaults(func=cmd_users_reset)
    q = users.add_parser("unlock", help="解除锁定")
    q.add_argument("username")
    q.set_defaults(func=cmd_users_unlock)
    q = users.add_parser("disable", help="停用账号")
    q.add_argument("username")
    q.set_defaults(func=cmd_users_disable)
