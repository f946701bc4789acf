"""`station` subcommands. Errors are one line, Chinese then English, and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from station_app import __version__
from station_app.app_logging import setup_logging
from station_app.cli import account_commands, session
from station_app.cli.errors import UsageError
from station_app.domain.access import Right
from station_app.domain.choices import Role, UnitKind
from station_app.domain.errors import DomainError
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.domain.quarter import Quarter
from station_app.importer.error_report import write_error_report
from station_app.importer.workbook_import import WorkbookImporter
from station_app.reports import api as reports
from station_app.reports.quarterly_table import RowKind
from station_app.services.demo_data import fill_demo
from station_app.services.station_services import StationServices
from station_app.settings import DATA_DIR_ENV, default_data_dir
from station_app.storage import backup as backups
from station_app.storage.data_key import DataKeyError
from station_app.storage.migrate import current_revision, head_revision
from station_app.storage.store import BACKUP_DIRNAME, DB_FILENAME
from station_app.storage.store_check import DamagedStoreError

log = logging.getLogger("station.cli")

EXIT_USAGE = 2
EXIT_FAILED = 1
EXIT_INTERNAL = 70


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _open(
    args: argparse.Namespace, *, must_exist: bool = True, signed_in: bool = True
) -> StationServices:
    """The services, signed in as ``--user`` unless ``signed_in`` is False (init, check)."""
    data_dir: Path = args.data_dir
    if must_exist and not (data_dir / DB_FILENAME).exists():
        raise UsageError(f"数据目录中还没有台账，请先运行 station init / no store in {data_dir}")
    try:
        services = StationServices.open(data_dir)
    except DamagedStoreError as exc:
        raise DomainError(f"{exc}；{_restore_advice(data_dir)}") from exc
    if signed_in:
        try:
            session.sign_in(services, args)
        except BaseException:
            services.close()
            raise
    return services


def _restore_advice(data_dir: Path) -> str:
    """Where a damaged store's user goes next: the newest good backup and the command."""
    good = backups.newest_good_backup(data_dir / BACKUP_DIRNAME)
    if good is None:
        return f"备份目录 {data_dir / BACKUP_DIRNAME} 中没有完好的备份，请联系技术支持"
    return (
        f"最新的完好备份：{good.path.name}（{good.local_time():%Y-%m-%d %H:%M}），"
        f'恢复请运行：station restore "{good.path}"'
    )


def _counts_line(counts: dict[str, int]) -> str:
    return "，".join(f"{label} {n} 条" for label, n in counts.items())


def cmd_backup(args: argparse.Namespace) -> int:
    folder = args.data_dir / BACKUP_DIRNAME
    if args.list:
        found = backups.list_backups(folder)
        if not found:
            print(f"备份目录中还没有备份：{folder}")
            return 0
        print(f"备份目录：{folder}")
        for b in found:
            print(
                f"{b.path.name}\t{b.local_time():%Y-%m-%d %H:%M:%S}\t"
                f"{b.size / 1_048_576:.1f} MB\t{b.reason.label}"
            )
        return 0
    if not (args.data_dir / DB_FILENAME).exists():
        raise UsageError(
            f"数据目录中还没有台账，请先运行 station init / no store in {args.data_dir}"
        )
    made = backups.manual_backup(args.data_dir)
    print(f"已备份：{made.path}（{made.size / 1_048_576:.1f} MB，已通过完整性检查）")
    print(f"备份中的记录：{_counts_line(backups.record_counts(made.path))}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Only the station head restores over a store that still opens; a damaged (or keyless)
    store cannot check anyone's password, so then access to the PC is what counts."""
    source: Path = args.file
    if not source.is_file():
        raise UsageError(f"找不到文件 {source} / file not found")
    head = _restoring_head(args)
    outcome = backups.restore(args.data_dir, source)
    if head is not None:
        _note_restore(args.data_dir, head, source.name)
    print(f"已从备份恢复：{source}（数据库结构版本 {outcome.revision}）")
    print(f"恢复后的记录：{_counts_line(backups.record_counts(args.data_dir / DB_FILENAME))}")
    if outcome.kept_aside:
        print(f"原数据文件已保留：{outcome.kept_aside[0]}")
    return 0


def _restoring_head(args: argparse.Namespace) -> str | None:
    """The signed-in head's user name, or None when the current store cannot be opened."""
    if not (args.data_dir / DB_FILENAME).exists():
        return None
    try:
        services = StationServices.open(args.data_dir)
    except (DamagedStoreError, DataKeyError):
        return None
    try:
        session.sign_in(services, args)
        services.ctx.require(Right.RESTORE, "只有站长可以从备份恢复台账")
        return services.ctx.principal.username
    finally:
        services.close()


def _note_restore(data_dir: Path, username: str, source: str) -> None:
    """The restored store's trail says who brought it back, and from which file."""
    services = StationServices.open(data_dir)
    try:
        services.ctx.principal = services.accounts.principal(username)
        services.audit.note("restore", backup=source)
    except DomainError:
        log.warning("restored store has no matching head account; restore not audited")
    finally:
        services.close()


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
    services = _open(args, must_exist=False, signed_in=False)
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
    account_commands.print_recovery_key(recovery)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    if args.records < 1:
        raise UsageError("--records 应为正整数 / --records must be positive")
    services = _open(args)
    try:

        def progress(done: int, total: int) -> None:
            print(f"\r已生成 {done}/{total}", end="", file=sys.stderr, flush=True)

        counts = fill_demo(services, args.records, seed=args.seed, progress=progress)
        print(file=sys.stderr)
    finally:
        services.close()
    print(json.dumps(counts, ensure_ascii=False))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    try:
        quarter = Quarter.parse(args.quarter)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    services = _open(args)
    try:
        station = services.organisation.require_station()
        counts = services.stats.quarter_counts(quarter)
        unsent = services.stats.unsent_count()
    finally:
        services.close()
    report = {
        "station": station.name,
        "quarter": str(quarter),
        "period": {"start": quarter.start.isoformat(), "end": quarter.end.isoformat()},
        "ledgers": {c.ledger: {"total": c.total, "by_village": c.by_unit} for c in counts},
        "unsent_records": unsent,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _check_output(path: Path) -> None:
    try:
        reports.output_format(path)
    except reports.UnsupportedFormatError as exc:
        raise UsageError(str(exc)) from exc


def cmd_report(args: argparse.Namespace) -> int:
    quarter = _quarter(args.quarter)
    if args.out is None and not args.mark_submitted:
        raise UsageError("请用 --out 指定输出文件（.xlsx 或 .pdf）/ --out FILE is required")
    if args.mark_submitted and args.village:
        raise UsageError("只有全站的统计表可以标记为已上报 / --mark-submitted is for the station")
    if args.out is not None:
        _check_output(args.out)
    services = _open(args)
    try:
        table = None
        if args.out is not None:
            table = reports.quarterly_table(services, quarter, args.village)
            reports.write_quarterly_report(table, args.out)
            units = sum(1 for r in table.rows if r.kind is not RowKind.TOTAL)
            print(f"已生成统计表：{args.out}（{quarter.label}，{units}行）")
            if table.submitted_on is not None:
                print(f"上报后补录、更正的记录 {len(table.late_amendments)} 条，已列在表下")
        if args.mark_submitted:
            reports.mark_submitted(services, quarter, table)
            print(f"{quarter.label}统计表已标记为已上报；此后补录或更正的记录将列在下次生成的表下")
    finally:
        services.close()
    return 0


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UsageError(f"{option} 应为日期 YYYY-MM-DD / {option} must be a date") from exc


def cmd_export_ledger(args: argparse.Namespace) -> int:
    selection = reports.LedgerSelection(
        ledger=args.ledger,
        date_from=_day(args.date_from, "--from"),
        date_to=_day(args.date_to, "--to"),
        village=args.village,
    )
    if selection.date_from > selection.date_to:
        raise UsageError("--from 不能晚于 --to / --from is after --to")
    _check_output(args.out)
    services = _open(args)
    try:
        count = reports.export_ledger(services, selection, args.out)
    finally:
        services.close()
    print(f"已导出{selection.ledger}台账 {count} 条：{args.out}（{selection.period}）")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    services = _open(args, signed_in=False)
    try:
        problems = services.store.integrity_problems()
        problems += [str(fault) for fault in services.audit.verify()]
        revision = current_revision(services.store.engine)
        initialized = services.organisation.is_initialized()
        unsent = services.stats.unsent_count()
    finally:
        services.close()
    head = head_revision()
    if revision != head:
        problems.append(f"数据库结构版本 {revision}，应为 {head}")
    if not initialized:
        problems.append("台账尚未初始化（没有工作站信息）")
    if problems:
        for p in problems:
            print(f"问题：{p}")
        print(f"检查未通过，共 {len(problems)} 个问题 / check failed")
        return EXIT_FAILED
    print(
        f"完整性检查：通过；审计日志校验链：完整；数据库结构版本：{revision}（最新）；"
        f"待上传记录：{unsent}"
    )
    print("一切正常 / all well")
    return 0


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
    fresh = not (args.data_dir / DB_FILENAME).exists()
    services = _open(args, must_exist=False, signed_in=False)
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
            account_commands.print_recovery_key(services.keys.recovery_key())
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
    services = _open(args)
    try:
        backups.ensure_daily_backup(args.data_dir)
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
    import os

    try:
        return max(0.01, float(os.environ.get("STATION_SYNC_BACKOFF", "1.0")))
    except ValueError:
        return 1.0


def cmd_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        raise UsageError(f"找不到文件 {path} / file not found")
    services = _open(args)
    try:
        if not args.dry_run:
            backups.ensure_daily_backup(args.data_dir)

        def progress(done: int, total: int) -> None:
            print(f"\r已读取 {done}/{total} 行", end="", file=sys.stderr, flush=True)

        result = WorkbookImporter(services).run(
            path, progress if sys.stderr.isatty() else None, dry_run=args.dry_run
        )
        if sys.stderr.isatty():
            print(file=sys.stderr)
    finally:
        services.close()
    for line in result.summary_lines():
        print(line)
    if args.report_out is not None:
        if result.problems:
            write_error_report(result, args.report_out)
            print(f"错误报告已保存：{args.report_out}（有问题的单元格已标红并附批注）")
        else:
            print("没有发现问题，未生成错误报告")
    return 0 if result.ok else EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--user",
        metavar="NAME",
        help=f"以哪个账户操作（默认 {session.USER_ENV}）；密码取自 {session.PASSWORD_ENV} 或终端",
    )
    common.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"数据目录（默认：环境变量 {DATA_DIR_ENV} 或本用户的应用数据目录）",
    )
    parser = _Parser(prog="station", description="公共法律服务工作站台账 命令行")
    parser.add_argument("--version", action="version", version=f"station {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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

    p = sub.add_parser("demo", parents=[common], help="填入演示数据")
    p.add_argument("--records", type=int, required=True, help="记录条数")
    p.add_argument("--seed", type=int, default=2026, help="随机种子")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("stats", parents=[common], help="按季度统计各台账记录数（JSON）")
    p.add_argument("--quarter", required=True, help="季度，如 2026Q3")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("import", parents=[common], help="导入旧台账工作簿（全部导入或全部不导入）")
    p.add_argument("file", type=Path, metavar="FILE.xlsx", help="台账工作簿（.xlsx 或 .xls）")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
    p.add_argument(
        "--report-out",
        type=Path,
        metavar="ERRORS.xlsx",
        help="把问题保存为标注了错误单元格的工作簿",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "report", parents=[common], help="季度统计表（Excel 或 PDF）/ quarterly statistics table"
    )
    p.add_argument("--quarter", required=True, help="季度，如 2026Q3")
    p.add_argument("--village", metavar="NAME", help="只统计一个村(居)")
    p.add_argument("--out", type=Path, metavar="FILE", help="输出文件 .xlsx 或 .pdf")
    p.add_argument(
        "--mark-submitted",
        action="store_true",
        help="标记该季度统计表为已上报（与 --out 同用时以所生成的表为准）",
    )
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "export-ledger", parents=[common], help="导出台账（Excel 台账工作簿或 PDF 一村一卷）"
    )
    p.add_argument("--ledger", required=True, choices=list(reports.LEDGER_LABELS), help="台账")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="开始日期")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="结束日期（含）")
    p.add_argument("--village", metavar="NAME", help="只导出一个村(居)，或 本站")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="输出文件 .xlsx 或 .pdf")
    p.set_defaults(func=cmd_export_ledger)

    p = sub.add_parser("check", parents=[common], help="完整性与数据库版本检查")
    p.set_defaults(func=cmd_check)

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

    p = sub.add_parser("backup", parents=[common], help="立即备份台账（或 --list 列出备份）")
    p.add_argument("--list", action="store_true", help="列出备份：文件、时间、大小、原因")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="从备份恢复台账（原数据文件保留）")
    p.add_argument("file", type=Path, metavar="FILE", help="备份文件（backups 目录中的 .db）")
    p.set_defaults(func=cmd_restore)

    account_commands.add_parsers(sub, common, _open)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.data_dir is None:
            args.data_dir = default_data_dir()
        setup_logging(args.data_dir)
        func: Callable[[argparse.Namespace], int] = args.func
        return func(args)
    except UsageError as exc:
        print(f"参数错误 / usage error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DomainError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception:  # the clerk gets one line; the traceback goes to the log
        log.exception("internal error in command")
        print(
            "内部错误，详情见日志 / internal error, see the log in the data folder", file=sys.stderr
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
