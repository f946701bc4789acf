"""`station document` and `station casefile`: a mediation case's documents, typed once;
`station duty-sheet`: a village's month of lawyer visits as the sheet its officer signs.

``document`` writes one document (.docx to edit, .pdf to print); ``casefile`` the whole
卷宗 as one PDF. ``--reveal`` prints full ID and phone numbers: only for an account with the
reveal right, and each such printout is audited as a reveal.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from station_app.cli.errors import UsageError
from station_app.cli.opening import open_services
from station_app.reports.documents.kinds import DocumentKind

#: ``documents`` (docxtpl, reportlab) and the duty sheet (openpyxl) are imported by the commands
#: that write them: every other `station` command starts without them.

KINDS = "|".join(k.value for k in DocumentKind)


def _kind(text: str) -> DocumentKind:
    for kind in DocumentKind:
        if text.strip() in (kind.value, kind.form_title):
            return kind
    raise UsageError(f"--kind 应为 {KINDS} 之一 / unknown document kind")


def cmd_document(args: argparse.Namespace) -> int:
    from station_app.reports.documents import api as documents

    kind = _kind(args.kind)
    if args.out.suffix.lower() not in documents.DOCUMENT_FORMATS:
        raise UsageError("--out 扩展名应为 .docx 或 .pdf / --out must end in .docx or .pdf")
    services = open_services(args)
    try:
        documents.write_document(services, args.case, kind, args.out, reveal=args.reveal)
    finally:
        services.close()
    shown = "（含完整号码，已记入审计日志）" if args.reveal else ""
    print(f"已生成{kind.form_title}：{args.out}{shown}")
    return 0


def cmd_casefile(args: argparse.Namespace) -> int:
    from station_app.reports.documents import api as documents

    if args.out.suffix.lower() != ".pdf":
        raise UsageError("--out 扩展名应为 .pdf / --out must end in .pdf")
    services = open_services(args)
    try:
        documents.write_casefile(services, args.case, args.out, reveal=args.reveal)
    finally:
        services.close()
    print(f"已生成调解卷宗：{args.out}")
    return 0


def cmd_duty_sheet(args: argparse.Namespace) -> int:
    from station_app.reports.duty_sheet import write_duty_sheet

    if args.out.suffix.lower() != ".pdf":
        raise UsageError("--out 扩展名应为 .pdf / --out must end in .pdf")
    services = open_services(args)
    try:
        visits = write_duty_sheet(services, args.village, args.month, args.out)
    finally:
        services.close()
    print(f"已生成律师值班签到表：{args.out}（{visits}次值班）")
    return 0


def add_document_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "document", parents=[common], help="打印调解文书（Word 或 PDF）/ a mediation document"
    )
    p.add_argument(
        "--case", required=True, metavar="CASE", help="案号，如（2026）青石调字第0001号，或记录编号"
    )
    p.add_argument("--kind", required=True, metavar="KIND", help=f"文书种类：{KINDS}")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="输出文件 .docx 或 .pdf")
    p.add_argument(
        "--reveal",
        action="store_true",
        help="打印完整的身份证号和电话号码（需相应权限，记入审计日志）",
    )
    p.set_defaults(func=cmd_document)
    c = sub.add_parser("casefile", parents=[common], help="打印整本调解卷宗（PDF）/ the case file")
    c.add_argument("--case", required=True, metavar="CASE", help="案号或记录编号")
    c.add_argument("--out", required=True, type=Path, metavar="FILE", help="输出文件 .pdf")
    c.add_argument(
        "--reveal",
        action="store_true",
        help="打印完整的身份证号和电话号码（需相应权限，记入审计日志）",
    )
    c.set_defaults(func=cmd_casefile)
    d = sub.add_parser(
        "duty-sheet", parents=[common], help="律师值班签到表（一村一月，PDF）/ duty signing sheet"
    )
    d.add_argument("--village", required=True, metavar="NAME", help="村(居)名称，或 本站")
    d.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2026-11")
    d.add_argument("--out", required=True, type=Path, metavar="FILE", help="输出文件 .pdf")
    d.set_defaults(func=cmd_duty_sheet)
