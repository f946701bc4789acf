"""Reading the command line: a parser whose errors are usage errors, and the values
(quarters, days, output files) several commands take."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import NoReturn

from station_app.cli.errors import UsageError
from station_app.domain.quarter import Quarter
from station_app.reports.file_output import UnsupportedFormatError, output_format


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UsageError(f"{option} 应为日期 YYYY-MM-DD / {option} must be a date") from exc


def check_output(path: Path) -> None:
    try:
        output_format(path)
    except UnsupportedFormatError as exc:
        raise UsageError(str(exc)) from exc
