"""Mediation case numbers: `（2026）龙兴调字第0001号`, unique per station and year."""

from __future__ import annotations

import re
from dataclasses import dataclass

from station_app.domain.identifiers import to_halfwidth

# Matched on the half-width form, so （）and () are both accepted.
_CASE_NUMBER = re.compile(r"\((\d{4})\)\s*(\S+?)调字第\s*(\d{1,6})\s*号")


@dataclass(frozen=True)
class CaseNumber:
    year: int
    prefix: str
    sequence: int

    def __str__(self) -> str:
        return f"（{self.year}）{self.prefix}调字第{self.sequence:04d}号"

    @classmethod
    def parse(cls, text: str) -> CaseNumber:
        m = _CASE_NUMBER.fullmatch(to_halfwidth(text).strip())
        if not m:
            raise ValueError("案号格式应为“（2026）××调字第0001号”")
        return cls(int(m.group(1)), m.group(2), int(m.group(3)))


def station_prefix(station_name: str) -> str:
    """龙兴镇公共法律服务工作站 -> 龙兴: the short name used in case numbers."""
    name = station_name.strip()
    for tail in ("公共法律服务工作站", "司法所"):
        if name.endswith(tail):
            name = name[: -len(tail)]
    if "区" in name[:-1]:  # 渝北区龙兴镇 -> 龙兴镇
        name = name[name.index("区") + 1 :]
    for tail in ("街道办事处", "街道", "镇", "乡", "街"):
        if name.endswith(tail) and len(name) > len(tail):
            return name[: -len(tail)]
    return name or "本站"
