"""`station init | check | backup | restore | key`: the store as a whole, through the store
maintenance service (services/store_maintenance.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from station_app.cli import session
from station_app.cli.errors import EXIT_FAILED, UsageError
from station_app.cli.opening import maintenance, no_store, open_services
from station_app.domain.choices import Role, UnitKind
from station_app.domain.errors import NotFoundError
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.services.station_services import StationServices

RECOVERY_ENV = "STATION_RECOVERY_KEY"


def counts_line(counts: dict[str, int]) -> str:
    return "，".join(f"{label} {n} 条" for label, n in counts.items())


def print_recovery_key(text: str) -> None:
    print("恢复密钥（请抄写在纸上，由站长妥善保管；换电脑或重装系统后凭它恢复）：")
    print(text)


def cmd_init(args: argparse.Namespace) -> int:
    kind = UnitKind(args.type)
    try:
        villages = tuple(VillageDraft.parse(spec, kind) for spec in args.village or ())
    except ValueError as exc:
        raise UsageError("村(居)类型应为 town 或 street，如 青石村:town / village type") from exc
    head = UserDraft(args.head_username, args.head, Role.STATION_HEAD)
    password = session.secret(
        session.PASSWORD_ENV, "站长账户的密码 / head password: ", confirm=True
    )
    services = open_services(args, must_exist=False, signed_in=False)
    try:
        info = services.organisation.initialize(
            StationDraft(args.station, args.county, kind, villages), head, password
        )
        services.accounts.sign_in(args.head_username, password)
        recovery = services.keys.recovery_key()
    finally:
        services.close()
    print(
        f"已创建台账：{info.name}（{info.county}），村(居) {len(info.villages)} 个，"
        f"数据目录 {args.data_dir}"
    )
    print_recovery_key(recovery)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    store = maintenance(args)
    services = open_services(args, signed_in=False)
    try:
        report = store.health(services)
    finally:
        services.close()
    if not report.ok:
        for p in report.problems:
            print(f"问题：{p}")
        print(f"检查未通过，共 {len(report.problems)} 个问题 / check failed")
        return EXIT_FAILED
    print(
        f"完整性检查：通过；审计日志校验链：完整；数据库结构版本：{report.schema.revision}（最新）；"
        f"待上传记录：{report.unsent}"
    )
    print("一切正常 / all well")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    store = maintenance(args)
    if args.list:
        found = store.backups()
        if not found:
            print(f"备份目录中还没有备份：{store.backup_dir}")
            return 0
        print(f"备份目录：{store.backup_dir}")
        for b in found:
            print(
                f"{b.path.name}\t{b.local_time():%Y-%m-%d %H:%M:%S}\t"
                f"{b.size / 1_048_576:.1f} MB\t{b.reason.label}"
            )
        return 0
    if not store.has_store():
        raise no_store(args)
    made = store.back_up_now()
    print(f"已备份：{made.path}（{made.size / 1_048_576:.1f} MB，已通过完整性检查）")
    print(f"备份中的记录：{counts_line(store.record_counts(made.path))}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Only the station head restores over a store that still opens (the service checks)."""
    source: Path = args.file
    if not source.is_file():
        raise UsageError(f"找不到文件 {source} / file not found")
    store = maintenance(args)
    outcome = store.restore(source, lambda services: session.sign_in(services, args))
    print(f"已从备份恢复：{source}（数据库结构版本 {outcome.revision}）")
    print(f"恢复后的记录：{counts_line(store.record_counts())}")
    if outcome.kept_aside:
        print(f"原数据文件已保留：{outcome.kept_aside[0]}")
    return 0


def cmd_key(args: argparse.Namespace) -> int:
    if args.action == "export":
        services: StationServices = open_services(args)
        try:
            text = services.keys.recovery_key()
        finally:
            services.close()
        print_recovery_key(text)
        return 0
    store = maintenance(args)
    if not store.has_store():
        raise NotFoundError(f"数据目录中没有台账 / no store in {args.data_dir}")
    where = store.restore_key(session.secret(RECOVERY_ENV, "恢复密钥 / recovery key: "))
    place = "系统凭据库" if where == "keyring" else where
    print(f"数据密钥已恢复，保存在：{place} / data key restored")
    return 0


def add_init_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="创建本站台账")
    p.add_argument("--station", required=True, help="工作站名称，如 龙兴镇公共法律服务工作站")
    p.add_argument("--county", required=True, help="区县，如 渝北区")
    p.add_argument(
        "--type", required=True, choices=[k.value for k in UnitKind], help="镇 town / 街道 street"
    )
    p.add_argument(
        "--village",
        action="append",
        metavar="NAME[:town|street]",
        help="村(居)，可重复；类型默认同工作站",
    )
    p.add_argument("--head", metavar="NAME", default="站长", help="站长姓名（默认：站长）")
    p.add_argument("--head-username", default="admin", help="站长账号用户名（默认 admin）")
    p.set_defaults(func=cmd_init)


def add_check_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("check", parents=[common], help="完整性与数据库版本检查")
    p.set_defaults(func=cmd_check)


def add_backup_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[common], help="立即备份台账（或 --list 列出备份）")
    p.add_argument("--list", action="store_true", help="列出备份：文件、时间、大小、原因")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="从备份恢复台账（原数据文件保留）")
    p.add_argument("file", type=Path, metavar="FILE", help="备份文件（backups 目录中的 .db）")
    p.set_defaults(func=cmd_restore)


def add_key_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "key", parents=[common], help="数据密钥：导出恢复密钥（站长）或用恢复密钥恢复"
    )
    p.add_argument("action", choices=["export", "restore"])
    p.set_defaults(func=cmd_key)
