"""Chinese identifiers: resident ID (GB 11643), unified social credit code (GB 32100), phones.

The check-digit arithmetic comes from ``python-stdnum``; what is ours is the normalisation the
ledgers need (full-width digits, lowercase x, 15-digit legacy numbers) and Chinese messages.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength


class IdentifierError(ValueError):
    """Carries a Chinese message that names the rule broken (never the value)."""


#: The full-width forms of ASCII (U+FF01-FF5E) and the ideographic space, each to the one
#: character its compatibility decomposition is.
_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_FULL_WIDTH_CHAR = re.compile("[\uff01-\uff5e\u3000]")


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and spaces (common in WPS sheets) become ASCII.

    NFKC. The full-width forms are swapped for their decompositions first, which leaves the
    NFKC form as it was (NFKC composes the NFKD form, and each swap is a character's own
    NFKD): a Chinese text with a full-width comma then passes NFKC's quick check instead of
    being decomposed and recomposed whole, half the cost of a record's search text.
    """
    # A text holds a few of them: a search and a call each beats str.translate over all of it.
    swapped = _FULL_WIDTH_CHAR.sub(_half_width_of, text)
    return unicodedata.normalize("NFKC", swapped)


def _half_width_of(match: re.Match[str]) -> str:
    return _FULL_WIDTH[match[0]]


def normalize_resident_id(raw: str, *, today: date) -> str:
    """Return the 18-character resident ID, or raise IdentifierError.

    Accepts lowercase x and a 15-digit legacy number (converted by inserting 19 after the
    area code and computing the check character). The birth date must be real and not later
    than ``today``.
    """
    number = to_halfwidth(raw).strip().replace(" ", "").upper()
    # ASCII only: str.isdigit() also accepts Arabic-Indic or Ethiopic digits, which int()
    # reads or refuses inconsistently and which no ID card carries.
    if not number.isascii():
        raise IdentifierError("前17位应为数字，末位为数字或X")
    if len(number) == 15 and number.isdigit():
        first17 = number[:6] + "19" + number[6:]
        number = first17 + ric.calc_check_digit(first17 + "0")
    if len(number) != 18:
        raise IdentifierError("应为18位")
    if not (number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
        raise IdentifierError("前17位应为数字，末位为数字或X")
    # The area code is not checked against a list: codes change, and a clerk must never be
    # blocked because an old list lacks a real person's birthplace.
    if ric.calc_check_digit(number) != number[17]:
        raise IdentifierError("校验位不正确，请核对号码")
    # What ric.get_birth_date reads, without its character-by-character clean-up of a number
    # already clean here (that clean-up was a third of a bulk insert's validation).
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise IdentifierError("出生日期无效") from exc
    if birth > today:
        raise IdentifierError("出生日期晚于今天")
    return str(number)


def normalize_uscc(raw: str) -> str:
    """Return the 18-character unified social credit code, or raise IdentifierError."""
    code = to_halfwidth(raw).strip().replace(" ", "").upper()
    try:
        return str(uscc.validate(code))
    except InvalidChecksum as exc:
        raise IdentifierError("校验位不正确") from exc
    except (InvalidComponent, InvalidFormat, InvalidLength) as exc:
        raise IdentifierError("应为18位，且只含数字和规定字母") from exc


# re.ASCII: without it \d also matches other scripts' digits (٠١٢…), which are not phone numbers.
_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_LANDLINE = re.compile(r"0\d{2,3}-\d{7,8}", re.ASCII)


def normalize_phone(raw: str) -> str:
    """Return a mobile (11 digits, 1[3-9]…) or landline (区号-号码), or raise IdentifierError."""
    number = to_halfwidth(raw).strip().replace(" ", "").replace("—", "-").replace("－", "-")
    if _MOBILE.fullmatch(number) or _LANDLINE.fullmatch(number):
        return number
    raise IdentifierError("应为11位手机号（1开头）或“区号-号码”形式的座机号")


def mask_resident_id(number: str) -> str:
    return number[:6] + "*" * 8 + number[14:] if len(number) == 18 else "*" * len(number)


def mask_phone(number: str) -> str:
    if is_masked_phone(number):  # recorded on another device: already as masked as it gets
        return number
    if len(number) == 11 and number.isdigit():
        return number[:3] + "****" + number[7:]
    return number[: max(0, len(number) - 4)].rstrip("0123456789") + "****" + number[-4:]


# What the masks above make of valid numbers. A masked value stands for a number recorded on
# another device (the county receives only masks): it is accepted where a number is expected.
_MASKED_RESIDENT_ID = re.compile(r"\d{6}\*{8}\d{3}[\dX]")
_MASKED_MOBILE = re.compile(r"1[3-9]\d\*{4}\d{4}")
_MASKED_LANDLINE = re.compile(r"0\d{2,3}-\*{4}\d{4}")


def is_masked_resident_id(value: str) -> bool:
    return _MASKED_RESIDENT_ID.fullmatch(value) is not None


def is_masked_phone(value: str) -> bool:
    return (
        _MASKED_MOBILE.fullmatch(value) is not None or _MASKED_LANDLINE.fullmatch(value) is not None
    )
