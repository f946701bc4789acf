"""`station todo`: the work queue (待办) of the signed-in account, as the 工作台 lists it.

Plain: the items grouped by kind, overdue kinds first. ``--json``: one object per line with
exactly the spec's fields (kind, village, date, ref, text), for scripts and checks.
"""

from __future__ import annotations

import argparse
import json
from itertools import groupby
from typing import Any

from station_app.cli.arguments import day
from station_app.cli.opening import open_services


def cmd_todo(args: argparse.Namespace) -> int:
    today = day(args.today, "--today") if args.today is not None else None
    services = open_services(args)
    try:
        queue = services.work_queue.queue(today, args.village)
        who = services.ctx.principal.display_name
    finally:
        services.close()
    if args.json:
        for item in queue.items:
            print(json.dumps(item.as_json(), ensure_ascii=False))
        return 0
    print(f"待办 {queue.count} 项（{queue.today.isoformat()}，{who}）")
    for kind, items in groupby(queue.items, key=lambda i: i.kind):
        lines = list(items)
        print(f"\n{kind.label}（{len(lines)}）")
        for item in lines:
            print(f"  {item.date.isoformat()}  {item.text}")
    return 0


def add_todo_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "todo", parents=[common], help="待办：超期、待确认、值班不足、待上报… / the work queue"
    )
    p.add_argument("--today", metavar="DATE", help="按哪一天计算（YYYY-MM-DD，默认今天）")
    p.add_argument("--village", metavar="NAME", help="只列一个村(居)，或 本站")
    p.add_argument("--json", action="store_true", help="每行一个 JSON 对象")
    p.set_defaults(func=cmd_todo)
