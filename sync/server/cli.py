"""`county-server`: create the county database, enroll devices, serve the API, count records.

Errors are one line, Chinese then English, with exit 2 for bad usage and 1 for a refusal.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from sqlalchemy import func, select

from station_app.domain.errors import DomainError
from station_app.domain.ledgers import LEDGER_BY_ENTITY
from station_app.domain.quarter import Quarter
from sync.server.audit_heads import describe as describe_head
from sync.server.cli_users import add_user_commands
from sync.server.db import DB_URL_ENV, DEFAULT_URL, CountyDatabase
from sync.server.enrollment import issue_code, revoke
from sync.server.models import (
    DeviceAuditHeadRow,
    DeviceRow,
    RecordRow,
    StationRow,
    VillageRow,
)
from sync.server.reference import import_lawyers, seed_defaults, set_setting

log = logging.getLogger("county.cli")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _db(args: argparse.Namespace) -> CountyDatabase:
    return CountyDatabase.open(args.db)


def cmd_init(args: argparse.Namespace) -> int:
    db = _db(args)
    with db.write() as session:
        seed_defaults(session)
    db.close()
    print(f"县中心数据库已就绪 / county database ready: {_safe_url(args.db)}")
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    db = _db(args)
    with db.write() as session:
        seed_defaults(session)
        issued = issue_code(
            session, args.station.strip(), args.village, county=args.county or "", kind=args.type
        )
    db.close()
    scope = f"（村(居)：{issued.village}）" if issued.village else "（全站）"
    print(f"工作站：{issued.station}{scope}", file=sys.stderr)
    print("一次性登记码（仅可使用一次，14天内有效）/ one-time enrollment code:", file=sys.stderr)
    print(issued.code)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    _check_tls_files(args)
    if args.workers > 1:
        os.environ[DB_URL_ENV] = args.db
        _db(args).close()  # migrate once, before the workers start
        uvicorn.run(
            "sync.server.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
            ssl_certfile=args.certfile,
            ssl_keyfile=args.keyfile,
        )
        return 0
    from sync.server.app import create_app
    from sync.server.console.warm import keep_counted

    db = _db(args)
    app = create_app(db)
    keep_counted(db, app.state.console_counts)  # the console's 季度统计, counted ahead
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
    )
    db.close()
    return 0


def _check_tls_files(args: argparse.Namespace) -> None:
    """Both files or neither, and readable: a typo must not start a plain-HTTP server."""
    if (args.certfile is None) != (args.keyfile is None):
        raise UsageError("--certfile 与 --keyfile 须同时给出 / give both --certfile and --keyfile")
    for path in (args.certfile, args.keyfile):
        if path is not None and not Path(path).is_file():
            raise UsageError(f"找不到文件 / no such file: {path}")


def cmd_tls_cert(args: argparse.Namespace) -> int:
    """A private CA for the county and a server certificate for its address."""
    from sync.server.tls_cert import CA_CERT, issue

    issued = issue(args.host, args.out)
    ca_note = "沿用已有的" if issued.ca_reused else "新建"
    print(f"{ca_note}县中心根证书：{issued.ca_cert}（发给各工作站，登记时用 --ca）")
    print(f"  SHA-256 指纹：{issued.ca_fingerprint}")
    print(f"服务器证书：{issued.server_cert}（有效至 {issued.server_expires:%Y-%m-%d}）")
    print(f"服务器私钥：{issued.server_key}（仅本用户可读，勿外传）")
    print(
        f"启动：county-server serve --host 0.0.0.0 --certfile {issued.server_cert} "
        f"--keyfile {issued.server_key}"
    )
    host = f"[{args.host[0]}]" if ":" in args.host[0] else args.host[0]
    print(f"工作站登记：station enroll --server https://{host}:8765 --code 登记码 --ca {CA_CERT}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    try:
        quarter = Quarter.parse(args.quarter)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    db = _db(args)
    with db.read() as session:
        stations = session.scalars(select(StationRow).order_by(StationRow.id)).all()
        rows = session.execute(
            select(RecordRow.station_id, RecordRow.entity, func.count())
            .where(
                RecordRow.voided.is_(False),
                RecordRow.day.between(quarter.start, quarter.end),
                RecordRow.entity.in_(list(LEDGER_BY_ENTITY)),
            )
            .group_by(RecordRow.station_id, RecordRow.entity)
        ).all()
    db.close()
    counts: dict[int, dict[str, int]] = {}
    for station_id, entity, n in rows:
        counts.setdefault(station_id, {})[entity] = int(n)
    report = {
        "quarter": str(quarter),
        "period": {"start": quarter.start.isoformat(), "end": quarter.end.isoformat()},
        "stations": {
            s.name: {
                "ledgers": {
                    ledger.label: counts.get(s.id, {}).get(entity, 0)
                    for entity, ledger in LEDGER_BY_ENTITY.items()
                },
                "total": sum(counts.get(s.id, {}).values()),
            }
            for s in stations
        },
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The county-wide 统计表 (one row per station) as .xlsx or .pdf."""
    from station_app.reports.file_output import output_format
    from station_app.reports.quarterly_output import write_quarterly_report
    from sync.server.county_report import county_table

    try:
        quarter = Quarter.parse(args.quarter)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    output_format(args.out)  # an unsupported file type is refused before any work
    db = _db(args)
    try:
        table = county_table(db, quarter)
    finally:
        db.close()
    write_quarterly_report(table, args.out)
    print(f"已生成：{args.out}（{len(table.rows) - 1} 个工作站）")
    return 0


def cmd_lawyers_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.exists():
        raise UsageError(f"找不到文件 / no such file: {path}")
    db = _db(args)
    try:
        with db.write() as session:
            count = import_lawyers(session, path)
    finally:
        db.close()
    print(f"已导入律师 {count} 名，各工作站下次同步时收到 / {count} lawyers imported")
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    db = _db(args)
    with db.read() as session:
        rows = session.execute(
            select(DeviceRow, StationRow.name, VillageRow.name, DeviceAuditHeadRow)
            .join(StationRow, StationRow.id == DeviceRow.station_id)
            .outerjoin(VillageRow, VillageRow.id == DeviceRow.village_id)
            .outerjoin(DeviceAuditHeadRow, DeviceAuditHeadRow.device_id == DeviceRow.id)
            .order_by(DeviceRow.id)
        ).all()
    db.close()
    for device, station, village, head in rows:
        state = "已撤销" if device.revoked_at else "有效"
        print(f"{device.uuid}  {station}  {village or '全站'}  {state}  {describe_head(head)}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    db = _db(args)
    with db.write() as session:
        found = revoke(session, args.device)
    db.close()
    if not found:
        raise DomainError("没有这台设备 / no such device")
    print("已撤销该设备的同步授权 / device token revoked")
    return 0


def cmd_setting(args: argparse.Namespace) -> int:
    try:
        value = json.loads(args.value)
    except json.JSONDecodeError as exc:
        raise UsageError("设置值应为 JSON / the value must be JSON") from exc
    db = _db(args)
    with db.write() as session:
        set_setting(session, args.key, value)
    db.close()
    print("已保存，各工作站下次同步时收到 / saved")
    return 0


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="county-server", description="区县公共法律服务中心 同步服务器")
    parser.add_argument(
        "--db",
        default=os.environ.get(DB_URL_ENV, DEFAULT_URL),
        help=f"数据库 URL（默认 {DEFAULT_URL}，或环境变量 {DB_URL_ENV}）；"
        "生产用 postgresql+psycopg://user:pass@host/db",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("init", help="创建或升级县中心数据库")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("enroll", help="登记工作站（如新）并打印一台设备的一次性登记码")
    p.add_argument("--station", required=True, help="工作站名称")
    p.add_argument("--village", help="只限一个村(居)的设备（村居工作室）")
    p.add_argument("--county", help="区县（新工作站）")
    p.add_argument(
        "--type", default="town", choices=["town", "street"], help="镇 / 街道（新工作站）"
    )
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("serve", help="提供同步接口")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--workers", type=int, default=1, help="进程数（PostgreSQL 时可大于1）")
    p.add_argument(
        "--certfile",
        "--ssl-certfile",
        dest="certfile",
        help="TLS 服务器证书（PEM，见 tls-cert）；不给则为明文 HTTP，只能本机访问或前置 HTTPS 代理",
    )
    p.add_argument("--keyfile", "--ssl-keyfile", dest="keyfile", help="TLS 私钥（PEM）")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("tls-cert", help="生成县中心私有根证书（ca.pem）与本服务器的 TLS 证书")
    p.add_argument(
        "--host",
        required=True,
        action="append",
        help="工作站访问本服务器所用的 IP 地址或域名（可重复）",
    )
    p.add_argument(
        "--out", type=Path, default=Path("county-tls"), help="输出目录（默认 county-tls）"
    )
    p.set_defaults(func=cmd_tls_cert)

    p = sub.add_parser("stats", help="按季度统计各工作站记录数（JSON）")
    p.add_argument("--quarter", required=True, help="季度，如 2026Q3")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("report", help="全县季度统计表（每个工作站一行），导出 Excel 或 PDF")
    p.add_argument("--quarter", required=True, help="季度，如 2026Q3")
    p.add_argument("--out", required=True, type=Path, help="输出文件 .xlsx 或 .pdf")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("lawyers", help="律师名册")
    lawyers = p.add_subparsers(dest="lawyers_command", required=True, parser_class=_Parser)
    q = lawyers.add_parser(
        "import", help="导入律师名册 xlsx（姓名、律师事务所、执业证号、联系电话、对接村(居)）"
    )
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_lawyers_import)

    p = sub.add_parser("devices", help="列出已登记的设备")
    p.set_defaults(func=cmd_devices)

    p = sub.add_parser("revoke", help="撤销一台设备的同步授权")
    p.add_argument("--device", required=True, help="设备编号（见 devices）")
    p.set_defaults(func=cmd_revoke)

    add_user_commands(sub)

    p = sub.add_parser("setting", help="设置县级参数（JSON 值），如 duty_minimums")
    p.add_argument("key")
    p.add_argument("value")
    p.set_defaults(func=cmd_setting)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        args = build_parser().parse_args(argv)
        func: Callable[[argparse.Namespace], int] = args.func
        return func(args)
    except UsageError as exc:
        print(f"参数错误 / usage error: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 1
    except Exception:
        log.exception("internal error")
        print("内部错误 / internal error (see the log above)", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
