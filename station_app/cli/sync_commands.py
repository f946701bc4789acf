"""`station enroll | sync`: this PC and the county center (the sync client is station code)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from station_app.cli import session
from station_app.cli.errors import EXIT_FAILED, UsageError
from station_app.cli.opening import maintenance, open_services
from station_app.cli.store_commands import print_recovery_key


def cmd_enroll(args: argparse.Namespace) -> int:
    from station_app.sync_client.county_ca import CaFileError, read_ca
    from station_app.sync_client.enroll import enroll
    from station_app.sync_client.transport import ServerUrlError, checked_server_url

    try:
        checked_server_url(args.server)
    except ServerUrlError as exc:
        raise UsageError(str(exc)) from exc
    if args.ca is not None:
        try:
            read_ca(args.ca)
        except CaFileError as exc:
            raise UsageError(str(exc)) from exc
    # A store with accounts enrolls as one of them; an empty folder gets its head account
    # (named by --user) right after the county hands over the station.
    fresh = not maintenance(args).has_store()
    services = open_services(args, must_exist=False, signed_in=False)
    try:
        if not fresh and services.accounts.has_accounts():
            session.sign_in(services, args)
            password = None
        else:
            name = session.username(args)
            password = session.secret(
                session.PASSWORD_ENV, "本机站长账户的密码 / head password: ", confirm=True
            )
        result = enroll(services, args.server, args.code, ca_file=args.ca)
        if password is not None and not services.accounts.has_accounts():
            services.accounts.create_first_head(name, args.head or name, password)
            services.accounts.sign_in(name, password)
            print(f"已创建本机站长账户：{name}")
            print_recovery_key(services.keys.recovery_key())
    finally:
        services.close()
    scope = f"村(居) {result.village}" if result.village else "全站"
    print(f"已在县中心登记：{result.station}（{scope}），村(居) {result.villages} 个")
    where = "系统凭据库" if result.token_kept_in == "keyring" else result.token_kept_in
    print(f"设备令牌保存在：{where}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from station_app.sync_client.engine import SyncConfig, SyncEngine
    from station_app.sync_client.retry import RetryPolicy

    if args.max_batch < 1 or args.time_limit <= 0:
        raise UsageError("--max-batch 与 --time-limit 应为正数 / must be positive")
    services = open_services(args)
    try:
        maintenance(args).daily_backup()
        retry = RetryPolicy(deadline=args.time_limit, base=sync_backoff_base())
        engine = SyncEngine(
            services,
            server_url=args.server,
            config=SyncConfig(max_batch_records=args.max_batch, retry=retry),
        )
        report = engine.run(
            progress=lambda p: print(f"\r{p.phase} {p.done}/{p.total}", end="", file=sys.stderr)
        )
        print(file=sys.stderr)
    finally:
        services.close()
    print(report.summary())
    return 0 if report.clean else EXIT_FAILED


def sync_backoff_base() -> float:
    """First retry wait in seconds; tests shorten it with STATION_SYNC_BACKOFF."""
    try:
        return max(0.01, float(os.environ.get("STATION_SYNC_BACKOFF", "1.0")))
    except ValueError:
        return 1.0


def add_sync_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("enroll", parents=[common], help="在县中心登记本机（一次性登记码）")
    p.add_argument("--server", required=True, help="县中心地址，如 https://county.example:8765")
    p.add_argument("--code", required=True, help="县中心给的一次性登记码")
    p.add_argument(
        "--ca",
        "--ca-file",
        dest="ca",
        type=Path,
        metavar="FILE",
        help="县中心提供的根证书 ca.pem（县中心自建证书时）；本机保存副本，同步时据此验证县中心",
    )
    p.add_argument("--head", metavar="NAME", help="空目录登记时新建的站长账户姓名（默认同 --user）")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("sync", parents=[common], help="与县中心同步一次（上传并下载）")
    p.add_argument("--server", help="县中心地址（默认：登记时的地址）")
    p.add_argument("--max-batch", type=int, default=500, help="每批最多条数（默认500）")
    p.add_argument("--time-limit", type=float, default=900, help="本次同步最长秒数（默认900）")
    p.set_defaults(func=cmd_sync)
