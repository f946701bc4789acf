"""What an import tells the clerk: every problem with its place, and counts per sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "错误"  # the workbook is refused until it is fixed
    WARNING = "提示"  # noted and ignored (an unknown sheet, an extra column)


@dataclass(frozen=True)
class Problem:
    """``sheet, row, column: message`` — row is Excel's row number, column the header text."""

    sheet: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = Severity.ERROR
    column_index: int | None = None  # 0-based position in the source sheet, for highlighting

    def __str__(self) -> str:
        where = [self.sheet]
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(self.column)
        return f"{'，'.join(where)}：{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass
class SheetSummary:
    """Counts for one sheet. ``records`` differs from ``rows`` on 律师值班 (a visit holds
    several rows) and is 0 on 调解当事人 (its rows become parts of cases)."""

    sheet: str
    rows: int = 0  # non-blank data rows read
    added_rows: int = 0
    added_records: int = 0
    present_rows: int = 0  # rows matching a record already in the store, skipped
    error_rows: int = 0


#: An import stops checking at this many errors: the workbook is refused whatever follows, and a
#: file of a million bad rows must be refused in seconds with flat memory, not listed whole.
MAX_ERRORS = 1000
TOO_MANY_ERRORS = f"错误已达 {MAX_ERRORS} 个，其余的行未再检查：请先改正以上错误再重新检查"


@dataclass
class ImportResult:
    path: Path
    dry_run: bool
    sheets: list[SheetSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: bool = False  # records were committed to the store
    cancelled: bool = False
    #: The check stopped at MAX_ERRORS errors: the rest of the workbook was not read.
    stopped_early: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """The workbook is acceptable: imported, or (dry run) would be."""
        return not self.cancelled and not self.errors

    @property
    def present_rows(self) -> int:
        return sum(s.present_rows for s in self.sheets)

    @property
    def added_records(self) -> int:
        return sum(s.added_records for s in self.sheets)

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.sheets)

    def summary_lines(self) -> list[str]:
        """The outcome in Chinese, a line per sheet, then the problems, then the verdict."""
        if self.dry_run:
            verb = "可导入"
        elif self.errors or self.cancelled:
            verb = "检查无误"  # nothing was imported; these rows are fine as they are
        else:
            verb = "导入"
        lines = []
        for s in self.sheets:
            parts = [f"读取 {s.rows} 行"]
            if s.sheet == "调解当事人":
                parts.append(f"随案件{verb} {s.added_rows} 行")
            elif s.added_records != s.added_rows:
                parts.append(f"{verb} {s.added_rows} 行（{s.added_records} 条记录）")
            else:
                parts.append(f"{verb} {s.added_rows} 行")
            parts.append(f"已存在 {s.present_rows} 行（跳过）")
            if s.error_rows:
                parts.append(f"有错误 {s.error_rows} 行")
            lines.append(f"{s.sheet}：{'，'.join(parts)}")
        if self.errors:
            lines.append(f"发现 {len(self.errors)} 个错误：")
            lines.extend(f"  {p}" for p in self.errors)
        if self.stopped_early:
            lines.append(TOO_MANY_ERRORS)
        if self.warnings:
            lines.append(f"提示 {len(self.warnings)} 条（已忽略）：")
            lines.extend(f"  {p}" for p in self.warnings)
        lines.append(self.verdict())
        return lines

    def verdict(self) -> str:
        present = f"已存在 {self.present_rows} 行，已跳过"
        if self.cancelled:
            return "已取消：未写入任何记录 / cancelled, nothing written"
        if self.errors:
            return "未导入任何记录：请按上面的错误修改工作簿后重新导入 / nothing imported"
        if self.dry_run:
            added = self.added_records
            return f"检查通过（试运行，未写入）：可新增 {added} 条记录；{present} / dry run ok"
        if self.added_records == 0:
            return f"没有新记录需要导入；{present} / nothing new"
        return f"导入完成：新增 {self.added_records} 条记录；{present} / imported"
