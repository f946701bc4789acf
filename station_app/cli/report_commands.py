"""`station report`: the quarterly statistics table, and marking a quarter as submitted."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from station_app.cli.arguments import check_output, quarter
from station_app.cli.errors import UsageError
from station_app.cli.opening import open_services


def cmd_report(args: argparse.Namespace) -> int:
    # the report writers (openpyxl, reportlab) load only for this command
    from station_app.reports import api as reports
    from station_app.reports.quarterly_table import RowKind

    period = quarter(args.quarter)
    if args.out is None and not args.mark_submitted:
        raise UsageError("请用 --out 指定输出文件（.xlsx 或 .pdf）/ --out FILE is required")
    if args.mark_submitted and args.village:
        raise UsageError("只有全站的统计表可以标记为已上报 / --mark-submitted is for the station")
    if args.out is not None:
        check_output(args.out)
    services = open_services(args)
    try:
        table = None
        if args.out is not None:
            table = reports.quarterly_table(services, period, args.village)
            reports.write_quarterly_report(table, args.out)
            units = sum(1 for r in table.rows if r.kind is not RowKind.TOTAL)
            print(f"已生成统计表：{args.out}（{period.label}，{units}行）")
            if table.submitted_on is not None:
                print(f"上报后补录、更正的记录 {len(table.late_amendments)} 条，已列在表下")
        if args.mark_submitted:
            reports.mark_submitted(services, period, table)
            print(f"{period.label}统计表已标记为已上报；此后补录或更正的记录将列在下次生成的表下")
    finally:
        services.close()
    return 0


def add_report_parser(sub: Any, common: argparse.ArgumentParser) -> None:
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
