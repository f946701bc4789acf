"""`station demo | stats | import | export-ledger`: records in bulk, in and out of the ledgers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from station_app.cli.arguments import check_output, day, quarter
from station_app.cli.errors import EXIT_FAILED, UsageError
from station_app.cli.opening import maintenance, open_services
from station_app.domain.ledgers import LEDGER_BY_LABEL

# The importer, the report writers and the demo filler (openpyxl, reportlab) are imported by the
# commands that use them: `station list`, `stats` and the rest start without them.


def cmd_demo(args: argparse.Namespace) -> int:
    from station_app.tools.demo_data import fill_demo

    if args.records < 1:
        raise UsageError("--records 应为正整数 / --records must be positive")
    services = open_services(args)
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
    period = quarter(args.quarter)
    services = open_services(args)
    try:
        station = services.organisation.require_station()
        counts = services.stats.quarter_counts(period)
        unsent = services.stats.unsent_count()
    finally:
        services.close()
    report = {
        "station": station.name,
        "quarter": str(period),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "ledgers": {c.ledger: {"total": c.total, "by_village": c.by_unit} for c in counts},
        "unsent_records": unsent,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from station_app.importer.error_report import write_error_report
    from station_app.importer.workbook_import import WorkbookImporter

    path: Path = args.file
    if not path.is_file():
        raise UsageError(f"找不到文件 {path} / file not found")
    services = open_services(args)
    try:
        if not args.dry_run:
            maintenance(args).daily_backup()

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


def cmd_export_ledger(args: argparse.Namespace) -> int:
    from station_app.reports import api as reports

    selection = reports.LedgerSelection(
        ledger=args.ledger,
        date_from=day(args.date_from, "--from"),
        date_to=day(args.date_to, "--to"),
        village=args.village,
    )
    if selection.date_from > selection.date_to:
        raise UsageError("--from 不能晚于 --to / --from is after --to")
    check_output(args.out)
    services = open_services(args)
    try:
        count = reports.export_ledger(services, selection, args.out)
    finally:
        services.close()
    print(f"已导出{selection.ledger}台账 {count} 条：{args.out}（{selection.period}）")
    return 0


def add_demo_and_stats_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="填入演示数据")
    p.add_argument("--records", type=int, required=True, help="记录条数")
    p.add_argument("--seed", type=int, default=2026, help="随机种子")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("stats", parents=[common], help="按季度统计各台账记录数（JSON）")
    p.add_argument("--quarter", required=True, help="季度，如 2026Q3")
    p.set_defaults(func=cmd_stats)


def add_import_parser(sub: Any, common: argparse.ArgumentParser) -> None:
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


def add_export_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "export-ledger", parents=[common], help="导出台账（Excel 台账工作簿或 PDF 一村一卷）"
    )
    p.add_argument("--ledger", required=True, choices=list(LEDGER_BY_LABEL), help="台账")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="开始日期")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="结束日期（含）")
    p.add_argument("--village", metavar="NAME", help="只导出一个村(居)，或 本站")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="输出文件 .xlsx 或 .pdf")
    p.set_defaults(func=cmd_export_ledger)
