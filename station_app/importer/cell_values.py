"""Reading one workbook cell as the value its column holds, forgiving the mess of real ledgers.

Old WPS/Excel ledgers hold dates as date cells, as text in three forms or as bare 1900 serials;
digits typed full-width; numbers stored as text; names and choices with trailing spaces. Each
reader here accepts all of that and raises ``CellError`` (a Chinese message naming the rule,
never the value) for anything it cannot read.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from openpyxl.utils.datetime import from_excel

from station_app.domain.workbook_layout import LIST_SEPARATORS_ACCEPTED, NO, YES

E = TypeVar("E", bound=StrEnum)

#: What a reader hands over for one cell: openpyxl/xlrd values, or None for an empty cell.
RawCell = str | int | float | bool | datetime | date | time | timedelta | None

#: A serial below this (1980-01-01) is not a ledger date: more likely a year or a count typed
#: into a date column, which must not silently become a day in 1905.
_FIRST_SERIAL = 29221
_LAST_SERIAL = 2958465  # 9999-12-31, Excel's last day

_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
)
# A text date exported by another system may carry a midnight time: 2026-03-05 00:00:00.
_TIME_TAIL = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_TIME_TEXT = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_SERIAL_TEXT = re.compile(r"\d{5}(\.0+)?")
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile("|".join(re.escape(s) for s in LIST_SEPARATORS_ACCEPTED))

DATE_FORM_HINT = "日期应为 YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日"


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message is Chinese, value-free."""


def halfwidth(text: str) -> str:
    """Full-width digits, letters, spaces and punctuation (１２、：、／) become ASCII."""
    return unicodedata.normalize("NFKC", text)


def cell_text(value: RawCell) -> str | None:
    """The cell as trimmed text, or None when empty; a number typed into a text column keeps
    its digits (13800001111, not 13800001111.0)."""
    if value is None:
        return None
    if isinstance(value, str):
        stripped = value.strip()  # str.strip also removes the full-width space U+3000
        return stripped or None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def compact(text: str) -> str:
    """The form choices and names are compared in: half-width, no spaces anywhere."""
    return _SPACES.sub("", halfwidth(text))


def read_date(value: RawCell) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(DATE_FORM_HINT)
    if isinstance(value, int | float):
        return _serial_date(float(value))
    if isinstance(value, str):
        text = _TIME_TAIL.sub("", halfwidth(value).strip()).replace(" ", "")
        for form in _DATE_FORMS:
            m = form.fullmatch(text)
            if m:
                try:
                    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError as exc:
                    raise CellError("不是有效日期（月或日超出范围）") from exc
        if _SERIAL_TEXT.fullmatch(text):
            return _serial_date(float(text))
    raise CellError(DATE_FORM_HINT)


def _serial_date(serial: float) -> date:
    if not _FIRST_SERIAL <= serial <= _LAST_SERIAL:
        raise CellError(DATE_FORM_HINT)
    converted = from_excel(serial)  # handles Excel's phantom 1900-02-29
    return converted.date() if isinstance(converted, datetime) else converted


def read_time(value: RawCell) -> time | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, timedelta) and timedelta(0) <= value < timedelta(days=1):
        return _from_minutes(round(value.total_seconds() / 60))
    if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        return _from_minutes(round(value * 24 * 60))  # an Excel time is a fraction of a day
    if isinstance(value, str):
        m = _TIME_TEXT.fullmatch(compact(value))
        if m:
            hours, minutes = int(m.group(1)), int(m.group(2))
            if hours < 24 and minutes < 60:
                return time(hours, minutes)
            raise CellError("不是有效时间")
    raise CellError("时间应为 HH:MM，如 09:30")


def _from_minutes(minutes: int) -> time:
    if minutes >= 24 * 60:
        raise CellError("不是有效时间")
    return time(minutes // 60, minutes % 60)


def read_int(value: RawCell) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError("应为整数")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError("应为整数")
    if isinstance(value, str):
        text = compact(value).replace(",", "")
        if re.fullmatch(r"[+-]?\d{1,18}(\.0+)?", text):  # 18 digits: int64 holds them all
            return int(text.partition(".")[0])
        if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            raise CellError("数值过大")
    raise CellError("应为整数")


def read_decimal(value: RawCell) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError("应为数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: 1234.5, not 1234.49999…
        return Decimal(repr(value))
    if isinstance(value, str):
        text = compact(value).replace(",", "").removeprefix("¥").removesuffix("元")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            pass
        else:
            if amount.is_finite():
                return amount
    raise CellError("应为数字（金额，单位元）")


def read_choice(value: RawCell, enum: type[E]) -> E | None:
    text = cell_text(value)
    if text is None:
        return None
    index = _choice_index(enum)
    found = index.get(text) or index.get(compact(text))  # exact first: the common case
    if found is None:
        allowed = "、".join(e.value for e in enum)
        raise CellError(f"不是可选值（可选：{allowed}）")
    return found


def read_choices(value: RawCell, enum: type[E]) -> tuple[E, ...]:
    text = cell_text(value)
    if text is None:
        return ()
    index = _choice_index(enum)
    out: list[E] = []
    for part in _SEPARATORS.split(text):
        if not part.strip():
            continue
        found = index.get(compact(part))
        if found is None:
            allowed = "、".join(e.value for e in enum)
            raise CellError(f"含有不可选的值（可选：{allowed}，多个用“、”分隔）")
        out.append(found)
    return tuple(dict.fromkeys(out))


def read_names(value: RawCell) -> tuple[str, ...]:
    text = cell_text(value)
    if text is None:
        return ()
    return tuple(n.strip() for n in _SEPARATORS.split(text) if n.strip())


def read_lines(value: RawCell) -> tuple[str, ...]:
    """A numbered list, one item a line (申请事项, 协议内容); the domain drops typed numbers."""
    text = cell_text(value)
    if text is None:
        return ()
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def read_yes_no(value: RawCell) -> bool | None:
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    if text is None:
        return None
    key = compact(text).upper()
    if key in (YES, "Y", "TRUE", "√"):
        return True
    if key in (NO, "N", "FALSE", "×"):
        return False
    raise CellError(f"应为“{YES}”或“{NO}”")


def read_identifier(value: RawCell) -> str | None:
    """ID and phone numbers: text; a long number Excel already rounded cannot be trusted."""
    if isinstance(value, float) and abs(value) >= 1e15:
        raise CellError("该单元格被存成了数字，末几位已丢失；请把该列设为文本格式后重新填写")
    text = cell_text(value)
    if text is None or (text.isascii() and " " not in text):
        return text
    return halfwidth(text).replace(" ", "")


_CHOICE_INDEXES: dict[type[StrEnum], dict[str, StrEnum]] = {}


def _choice_index(enum: type[E]) -> dict[str, E]:
    index = _CHOICE_INDEXES.get(enum)
    if index is None:
        index = {compact(e.value): e for e in enum}
        _CHOICE_INDEXES[enum] = index
    return index  # type: ignore[return-value]
