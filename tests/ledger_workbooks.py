"""Ledger workbooks built by the tests with openpyxl: valid rows per sheet, and a writer that
lays them out the way stations' own files do (title rows, any column order, hidden columns).

Names and numbers are made up; the ID numbers carry correct check digits.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from stdnum.cn import ric

from station_app.domain.workbook_layout import SHEET_BY_NAME

Row = dict[str, Any]


def resident_id(birth: date, seq: int = 123) -> str:
    first17 = f"500112{birth:%Y%m%d}{seq:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


GOOD_ID = resident_id(date(1980, 5, 17))
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")


def consultation(**changes: Any) -> Row:
    return {
        "日期": date(2026, 3, 5),
        "村(居)": "青石村",
        "咨询方式": "来访",
        "咨询人姓名": "张三",
        "性别": "男",
        "年龄": 45,
        "联系电话": "13800001111",
        "身份证号": GOOD_ID,
        "特殊群体": "",
        "问题类别": "婚姻家庭",
        "咨询内容": "离婚后孩子抚养费怎么计算",
        "解答内容": "已告知相关规定",
        "接待人": "李专干",
        "处理结果": "当场解答",
        **changes,
    }


def mediation(**changes: Any) -> Row:
    return {
        "受理日期": date(2026, 3, 1),
        "村(居)": "青石村",
        "纠纷来源": "当事人申请",
        "纠纷类型": "邻里纠纷",
        "申请人": "王大",
        "被申请人": "赵二",
        "纠纷简要情况": "排水沟堵塞引发争吵",
        "调解员": "陈调解",
        "调解日期": date(2026, 3, 3),
        "调解结果": "调解成功",
        "结案日期": date(2026, 3, 4),
        "协议形式": "书面",
        "涉及金额(元)": 1200.5,
        "涉及人数": 2,
        **changes,
    }


def party(**changes: Any) -> Row:
    return {"案号": "（2026）龙兴调字第0001号", "角色": "申请人", "姓名": "王大", **changes}


def duty(**changes: Any) -> Row:
    return {
        "日期": date(2026, 3, 10),
        "地点": "青石村",
        "律师姓名": "周律师",
        "律师事务所": "重庆渝北律师事务所",
        "开始时间": time(9, 0),
        "结束时间": time(11, 30),
        "服务类型": "法律咨询",
        "服务对象": "村民甲",
        "服务内容": "解答土地承包问题",
        **changes,
    }


def publicity(**changes: Any) -> Row:
    return {
        "日期": date(2026, 4, 1),
        "村(居)": "滨江社区",
        "活动形式": "法治讲座",
        "主题": "民法典进社区",
        "主讲人": "周律师",
        "参加人数": 45,
        "发放资料(份)": 100,
        **changes,
    }


def legal_aid(**changes: Any) -> Row:
    return {
        "申请日期": date(2026, 4, 2),
        "村(居)": "本站",
        "申请人姓名": "钱七",
        "性别": "女",
        "年龄": 52,
        "事项类型": "追索劳动报酬",
        "经济困难依据": "追索劳动报酬免审",
        "初审意见": "符合条件转送",
        "转送日期": date(2026, 4, 3),
        **changes,
    }


def write_workbook(
    path: Path,
    sheets: Mapping[str, Iterable[Row]],
    *,
    headers: Mapping[str, Sequence[str]] | None = None,
    title_rows: int = 0,
    hidden: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """One sheet per entry, columns in the layout's order unless ``headers`` says otherwise.

    ``title_rows`` merged title rows (and a blank row) go above the header, as stations'
    printed ledgers have them; ``hidden`` names columns to hide per sheet.
    """
    book = Workbook(write_only=False)
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        columns = list((headers or {}).get(name) or _layout_headers(name))
        for i in range(title_rows):
            ws.cell(
                row=i + 1, column=1, value=f"龙兴镇公共法律服务工作站{name}台账" if i == 0 else None
            )
            ws.merge_cells(start_row=i + 1, start_column=1, end_row=i + 1, end_column=len(columns))
        ws.append(columns)
        for row in rows:
            ws.append([row.get(c) for c in columns])
        for header in (hidden or {}).get(name, ()):
            letter = ws.cell(row=title_rows + 1, column=columns.index(header) + 1).column_letter
            ws.column_dimensions[letter].hidden = True
    book.save(path)
    return path


def _layout_headers(name: str) -> Sequence[str]:
    layout = SHEET_BY_NAME.get(name)
    return layout.headers if layout is not None else ("列一", "列二")


def big_workbook(path: Path, rows: int, *, seed: int = 7, today: date = date(2026, 11, 25)) -> Path:
    """About ``rows`` valid data rows over all five ledgers plus the party sheet.

    Written with XlsxWriter, whose files are laid out as Excel's and WPS's are (shared string
    table, declared dimensions, date and time formats), unlike openpyxl's inline strings.
    """
    import xlsxwriter

    rng = random.Random(seed)
    share = {
        "法律咨询": 0.4,
        "人民调解": 0.1,
        "调解当事人": 0.15,
        "律师值班": 0.2,
        "法治宣传": 0.075,
    }
    counts = {name: int(rows * s) for name, s in share.items()}
    counts["法律援助初审"] = rows - sum(counts.values())
    first = today - timedelta(days=700)

    def day() -> date:
        return first + timedelta(days=rng.randrange(690))

    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    time_format = book.add_format({"num_format": "hh:mm"})
    sheets = {name: book.add_worksheet(name) for name in SHEET_BY_NAME}
    next_row = dict.fromkeys(sheets, 1)
    for name, ws in sheets.items():
        ws.write_row(0, 0, list(SHEET_BY_NAME[name].headers))

    def put(name: str, row: Row) -> None:
        ws, r = sheets[name], next_row[name]
        for c, header in enumerate(SHEET_BY_NAME[name].headers):
            value = row.get(header)
            if isinstance(value, date):
                ws.write_datetime(r, c, value, date_format)
            elif isinstance(value, time):
                ws.write_datetime(r, c, value, time_format)
            elif value is not None:
                ws.write(r, c, value)
        next_row[name] = r + 1

    for i in range(counts["法律咨询"]):
        birth = date(1950 + i % 50, 1 + i % 12, 1 + i % 28)
        put(
            "法律咨询",
            consultation(
                日期=day(), 咨询人姓名=f"咨询人{i}", 身份证号=resident_id(birth, i % 1000)
            ),
        )
    parties_left = counts["调解当事人"]
    for i in range(counts["人民调解"]):
        accepted = day()
        number = f"（{accepted.year}）龙兴调字第{i + 1:04d}号"
        put(
            "人民调解",
            mediation(
                案号=number,
                受理日期=accepted,
                调解日期=accepted,
                结案日期=accepted,
                申请人=f"申请人{i}",
                被申请人=f"被申请人{i}",
            ),
        )
        for role, name in (("申请人", f"申请人{i}"), ("被申请人", f"被申请人{i}")):
            if parties_left > 0 and (role == "申请人" or i % 2 == 0):
                put("调解当事人", party(案号=number, 角色=role, 姓名=name, 年龄=40))
                parties_left -= 1
    visits = written = 0
    while written < counts["律师值班"]:
        when = day()
        for m in range(min(1 + visits % 3, counts["律师值班"] - written)):
            lawyer = f"律师{visits % 50}"
            put(
                "律师值班",
                duty(日期=when, 律师姓名=lawyer, 服务对象=f"对象{written}", 服务内容=f"事项{m}"),
            )
            written += 1
        visits += 1
    for _ in range(counts["法治宣传"]):
        put("法治宣传", publicity(日期=day()))
    for i in range(counts["法律援助初审"]):
        applied = day()
        put("法律援助初审", legal_aid(申请日期=applied, 转送日期=applied, 申请人姓名=f"申请人{i}"))
    book.close()
    return path
