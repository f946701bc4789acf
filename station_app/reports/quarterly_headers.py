"""Where a column header of the quarterly table may break: between words, never inside one.

Chinese has no spaces, so a renderer left to itself breaks a narrow header anywhere
(调解成功/率, 合同审查/及法律意/见). The words of each header are listed here once; the PDF
lays its header lines out from them and sizes its columns so that no word is cut.
"""

from __future__ import annotations

from collections.abc import Callable

#: The words of each header name (the part before its unit), where they differ from the
#: whole name. A unit such as ``(人次)`` is always a word of its own.
_WORDS: dict[str, tuple[str, ...]] = {
    "法律咨询": ("法律", "咨询"),
    "其中特殊群体": ("其中", "特殊群体"),
    "调解受理": ("调解", "受理"),
    "调解结案": ("调解", "结案"),
    "调解成功": ("调解", "成功"),
    "调解成功率": ("调解", "成功率"),
    "涉及金额": ("涉及", "金额"),
    "涉及人数": ("涉及", "人数"),
    "司法确认": ("司法", "确认"),
    "法治宣传": ("法治", "宣传"),
    "律师值班": ("律师", "值班"),
    "值班时长": ("值班", "时长"),
    "待确认值班": ("待确认", "值班"),
    "合同审查及法律意见": ("合同审查", "及法律意见"),
    "法律援助初审": ("法律援助", "初审"),
    "转送法援中心": ("转送", "法援中心"),
    "值班达标": ("值班", "达标"),
    "宣传达标": ("宣传", "达标"),
}


def header_words(header: str) -> tuple[str, ...]:
    """`待确认值班(次)` -> (`待确认`, `值班`, `(次)`): the pieces a line break may fall between."""
    name, bracket, unit = header.partition("(")
    words = _WORDS.get(name, (name,))
    return (*words, f"({unit}") if bracket else words


def header_lines(words: tuple[str, ...], fits: Callable[[str], bool]) -> list[str]:
    """Words joined greedily into lines, each as long as ``fits(line)`` allows; a word that is
    wider than a line on its own stands alone (the caller sizes columns so none is)."""
    lines: list[str] = []
    for word in words:
        if lines and fits(lines[-1] + word):
            lines[-1] += word
        else:
            lines.append(word)
    return lines
