"""Default dispute-type list (纠纷类型) with its statistics codes.

Seeded into the store as reference data; the county may extend it, so nothing else hard-wires it.
"""

from __future__ import annotations

DEFAULT_DISPUTE_TYPES: tuple[tuple[str, str], ...] = (
    ("01", "婚姻家庭"),
    ("02", "邻里"),
    ("03", "房屋宅基地"),
    ("04", "合同"),
    ("05", "生产经营"),
    ("06", "损害赔偿"),
    ("07", "山林土地"),
    ("08", "征地拆迁"),
    ("09", "环境污染"),
    ("10", "劳动争议"),
    ("11", "旅游"),
    ("12", "消费"),
    ("13", "医疗"),
    ("14", "道路交通事故"),
    ("15", "物业"),
    ("16", "知识产权"),
    ("17", "互联网"),
    ("99", "其他"),
)


def canonical_dispute_name(name: str) -> str:
    """The spec accepts a type with or without the suffix 纠纷."""
    name = name.strip()
    return name[: -len("纠纷")] if name.endswith("纠纷") and len(name) > 2 else name
