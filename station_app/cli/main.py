"""`station` subcommands. Errors are one line, Chinese then English, and a non-zero exit.

The commands live by subject: store_commands (init, check, backup, restore, key),
ledger_commands (demo, stats, import, export-ledger), report_commands, sync_commands (enroll,
sync), account_commands (users, password, list, audit) and todo_commands (todo); this
module assembles the parser and turns errors into exit statuses.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from station_app import __version__
from station_app.app_logging import log_failure, setup_logging
from station_app.cli import (
    account_commands,
    document_commands,
    ledger_commands,
    report_commands,
    session,
    store_commands,
    sync_commands,
    todo_commands,
)
from station_app.cli.arguments import Parser
from station_app.cli.errors import EXIT_FAILED, EXIT_INTERNAL, EXIT_USAGE, UsageError
from station_app.cli.opening import open_services
from station_app.domain.errors import DomainError
from station_app.failure_text import describe_failure, is_expected
from station_app.settings import DATA_DIR_ENV, default_data_dir, keep_files_private

log = logging.getLogger("station.cli")

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
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
    parser = Parser(prog="station", description="公共法律服务工作站台账 命令行")
    parser.add_argument("--version", action="version", version=f"station {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    # In the order `station --help` has always listed them.
    store_commands.add_init_parser(sub, common)
    ledger_commands.add_demo_and_stats_parsers(sub, common)
    ledger_commands.add_import_parser(sub, common)
    report_commands.add_report_parser(sub, common)
    document_commands.add_document_parsers(sub, common)
    ledger_commands.add_export_parser(sub, common)
    store_commands.add_check_parser(sub, common)
    sync_commands.add_sync_parsers(sub, common)
    store_commands.add_backup_parsers(sub, common)
    account_commands.add_parsers(sub, common, open_services)
    store_commands.add_key_parser(sub, common)
    todo_commands.add_todo_parser(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    keep_files_private()
    parser = build_parser()
    command = "?"
    try:
        args = parser.parse_args(argv)
        command = args.command
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
    except Exception as exc:  # the clerk gets one line; the traceback goes to the log
        log_failure(log, f"command {command}", exc)
        print(f"错误 / error: {describe_failure(exc)}", file=sys.stderr)
        # A full disk or a lost connection is the machine's state, not a bug in the program.
        return EXIT_FAILED if is_expected(exc) else EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
