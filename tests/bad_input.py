"""Hypothesis strategies for hostile input, shared by the tests/*/test_bad_input_*.py suites.

Text here is what a clerk's paste, a damaged workbook or a forged payload can hold: control
characters, NUL, emoji, lone surrogates, full-width and non-ASCII digits, very long strings.
"""

from __future__ import annotations

import dataclasses
import re
import types
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any, Union, get_args, get_origin, get_type_hints

from hypothesis import strategies as st
from stdnum.cn import ric

from station_app.domain.errors import FieldError

TODAY = date(2026, 11, 25)

#: Characters a validator must survive: controls, NUL, BOM, RTL mark, full-width and
#: non-ASCII digits (Arabic-Indic, Ethiopic, Devanagari), emoji, a lone surrogate, CJK.
NASTY_CHARS = (
    "\x00\x01\x1f\x7f\t\r\n\u200b\u200e\ufeff\u3000０１２３４５６７８９ＸｘX"
    "٠١٢٣٤٥٦٧٨٩፩፪፫१२३①²😀👨‍👩‍👧\ud800\udfff张三龙兴镇-－—/ "
)

nasty_text = st.one_of(
    st.text(alphabet=st.sampled_from(NASTY_CHARS) | st.characters(), max_size=40),
    st.text(st.sampled_from("0123456789xX ٠١٢٣٤٥٦٧٨٩፩０１２-"), min_size=10, max_size=20),
    st.builds(lambda c, n: c * n, st.sampled_from(["字", "a", "\x00", "😀"]), st.integers(1, 9000)),
)

huge_ints = st.one_of(
    st.integers(-(10**6), 10**6), st.integers(), st.just(2**63), st.just(-(2**63) - 1)
)

any_date = st.dates(min_value=date.min, max_value=date.max)
any_time = st.times()

huge_decimals = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(places=2, min_value=0, max_value=10**9),
    st.sampled_from([Decimal("1e30"), Decimal("1e999999"), Decimal("-0"), Decimal("0.001")]),
)

# Arbitrary JSON, as hypothesis' docs build it: what a forged or damaged payload may hold.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | nasty_text,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    """A valid 18-character resident ID: a real birth date no later than TODAY, right check."""
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    area = draw(st.integers(110000, 659999))
    seq = draw(st.integers(0, 999))
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}",
    st.sampled_from("3456789"),
    st.integers(0, 10**9 - 1),
)
landlines = st.builds(
    lambda area, digits: f"0{area}-{digits}",
    st.from_regex(r"[0-9]{2,3}", fullmatch=True),
    st.from_regex(r"[0-9]{7,8}", fullmatch=True),
)


def draft_strategy(draft_type: type[Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Any instance of a draft class, each field filled by a hostile value of its own type."""
    hints = get_type_hints(draft_type)
    fields = {
        f.name: value_of(hints[f.name], depth) for f in dataclasses.fields(draft_type) if f.init
    }
    return st.builds(draft_type, **fields)


def value_of(hint: Any, depth: int) -> st.SearchStrategy[Any]:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return st.none() | st.one_of(*(value_of(o, depth) for o in options))
    if origin is tuple:
        inner = get_args(hint)[0]
        return st.lists(value_of(inner, depth + 1), max_size=4 if depth == 0 else 2).map(tuple)
    if dataclasses.is_dataclass(hint):
        return draft_strategy(hint, depth + 1)  # type: ignore[arg-type]
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return st.sampled_from(list(hint))
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: nasty_text | resident_ids() | mobiles,
        int: huge_ints,
        bool: st.booleans(),
        date: any_date,
        time: any_time,
        datetime: st.datetimes(),
        Decimal: huge_decimals,
    }
    return simple[hint]


_CJK = re.compile(r"[\u4e00-\u9fff]")


#: Characters no fixed message holds: a value with one of them found in a message leaked there.
#: (Hypothesis also draws strings from the code's own constants, so a value can legitimately
#: *be* part of a message's fixed wording; those are not leaks.)
_NEVER_IN_MESSAGES = re.compile(r"[a-z\U00010000-\U0010ffff\x00]")


def leaks(message: str, value: object) -> bool:
    if not isinstance(value, str):
        return False
    value = value.strip()
    return len(value) >= 6 and bool(_NEVER_IN_MESSAGES.search(value)) and value in message


def assert_clear(
    errors: list[FieldError] | tuple[FieldError, ...], *values: object, labels: bool = True
) -> None:
    """Every message is Chinese and names no input value (values may be personal data)."""
    assert errors
    for e in errors:
        assert _CJK.search(e.message), e.message
        if labels:
            assert _CJK.search(e.label), e.label
        for value in values:
            assert not leaks(e.message, value), e.field
