"""Chinese identifiers: resident ID (GB 11643), USCC (GB 32100), phone numbers, masking.

The expected check characters are computed here from the standard's weights, independently of
the app (which uses python-stdnum), so a wrong formula on either side shows up.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.identifiers import (
    IdentifierError,
    mask_phone,
    mask_resident_id,
    normalize_phone,
    normalize_resident_id,
    normalize_uscc,
    to_halfwidth,
)

TODAY = date(2026, 11, 25)

# GB 11643-1999: weights of positions 1-17 and the map from S mod 11 to the check character.
RID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RID_CHECK = "10X98765432"
CHECK_CHARS = "0123456789X"

# GB 32100-2015: alphabet (no I O S V Z) and weights of positions 1-17, check mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

CJK = re.compile(r"[\u4e00-\u9fff]")


def rid_check(first17: str) -> str:
    assert len(first17) == 17 and first17.isdigit()
    total = sum(int(d) * w for d, w in zip(first17, RID_WEIGHTS, strict=True))
    return RID_CHECK[total % 11]


def make_rid(area: str, birth: date, sequence: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + rid_check(first17)


def other_check(number: str) -> str:
    """The same number with its check character moved one step (a one-off check digit)."""
    i = CHECK_CHARS.index(number[17])
    return number[:17] + CHECK_CHARS[(i + 1) % len(CHECK_CHARS)]


def uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def assert_safe_message(exc: IdentifierError, raw: str) -> None:
    """Chinese text that never echoes the value (or any 4+ character piece of it)."""
    message = str(exc)
    assert CJK.search(message), message
    compact = to_halfwidth(raw).replace(" ", "")
    for piece in {raw, compact, compact.upper()}:
        for size in range(4, len(piece) + 1):
            for start in range(len(piece) - size + 1):
                assert piece[start : start + size] not in message


# -- our own check-digit helper agrees with the standard's published examples -----------------


def test_helper_reproduces_the_standard_example() -> None:
    assert rid_check("11010519491231002") == "X"
    assert make_rid("110105", date(1949, 12, 31), 2) == "11010519491231002X"
    assert uscc_check("91350100M000100Y4") == "3"


# -- resident ID --------------------------------------------------------------------------------


def test_valid_resident_id_is_returned_unchanged() -> None:
    assert normalize_resident_id("11010519491231002X", today=TODAY) == "11010519491231002X"


def test_lowercase_x_is_stored_as_uppercase() -> None:
    assert normalize_resident_id("11010519491231002x", today=TODAY) == "11010519491231002X"


def test_fullwidth_digits_and_x_are_accepted() -> None:
    fullwidth = "１１０１０５１９４９１２３１００２Ｘ"
    assert normalize_resident_id(fullwidth, today=TODAY) == "11010519491231002X"


def test_surrounding_and_inner_spaces_are_ignored() -> None:
    assert normalize_resident_id(" 110105 19491231 002X ", today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize(
    ("area", "birth", "sequence"),
    [
        ("500112", date(1985, 7, 3), 123),  # 渝北区, male
        ("500112", date(2000, 2, 29), 246),  # leap day, female
        ("440305", date(1972, 1, 1), 1),
        ("350102", date(2012, 10, 31), 999),
        ("110105", date(1949, 12, 31), 2),
        ("500112", TODAY, 17),  # born today is not "in the future"
        ("632801", date(1930, 6, 15), 58),
    ],
)
def test_real_format_ids_accepted_and_one_off_check_rejected(
    area: str, birth: date, sequence: int
) -> None:
    number = make_rid(area, birth, sequence)
    assert normalize_resident_id(number, today=TODAY) == number
    wrong = other_check(number)
    with pytest.raises(IdentifierError, match="校验位") as info:
        normalize_resident_id(wrong, today=TODAY)
    assert_safe_message(info.value, wrong)


def test_every_wrong_check_character_of_the_example_is_rejected() -> None:
    for ch in CHECK_CHARS.replace("X", ""):
        with pytest.raises(IdentifierError):
            normalize_resident_id("11010519491231002" + ch, today=TODAY)


@pytest.mark.parametrize(
    "birth_digits",
    ["19491331", "20230230", "20230229", "19490000", "19490132", "19490431", "00000101"],
    ids=["month13", "feb30", "feb29-non-leap", "zero-month-day", "jan32", "apr31", "year0"],
)
def test_impossible_birth_date_rejected(birth_digits: str) -> None:
    # A correct check character, so only the date can be at fault.
    first17 = "500112" + birth_digits + "123"
    number = first17 + rid_check(first17)
    with pytest.raises(IdentifierError, match="出生日期") as info:
        normalize_resident_id(number, today=TODAY)
    assert_safe_message(info.value, number)


def test_birth_date_in_the_future_rejected() -> None:
    number = make_rid("500112", TODAY + timedelta(days=1), 123)
    with pytest.raises(IdentifierError, match="出生日期") as info:
        normalize_resident_id(number, today=TODAY)
    assert_safe_message(info.value, number)
    # The same number is fine once that day has come.
    assert normalize_resident_id(number, today=TODAY + timedelta(days=1)) == number


@pytest.mark.parametrize(
    "legacy",
    ["110105491231002", "500112850703123", "440305720101001", "350102960229246"],
)
def test_fifteen_digit_legacy_number_is_converted(legacy: str) -> None:
    first17 = legacy[:6] + "19" + legacy[6:]
    expected = first17 + rid_check(first17)
    assert normalize_resident_id(legacy, today=TODAY) == expected


def test_fifteen_digit_example_gives_the_published_eighteen_digit_number() -> None:
    assert normalize_resident_id("110105491231002", today=TODAY) == "11010519491231002X"


def test_fifteen_digit_number_with_impossible_date_rejected() -> None:
    with pytest.raises(IdentifierError, match="出生日期"):
        normalize_resident_id("500112851332123", today=TODAY)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1101051949123100",  # 16
        "11010519491231002",  # 17
        "11010519491231002X1",  # 19
        "1101054912310021",  # 16 digits, not a legacy number
        "11010549123100X",  # 15 characters, not all digits
    ],
)
def test_wrong_length_rejected(raw: str) -> None:
    with pytest.raises(IdentifierError) as info:
        normalize_resident_id(raw, today=TODAY)
    assert_safe_message(info.value, raw)


@pytest.mark.parametrize(
    "raw",
    ["1101051949123100AX", "X1010519491231002X", "11010519491231002Y", "110105-9491231002X"],
)
def test_letters_or_symbols_in_the_number_rejected(raw: str) -> None:
    with pytest.raises(IdentifierError) as info:
        normalize_resident_id(raw, today=TODAY)
    assert_safe_message(info.value, raw)


@settings(max_examples=200, deadline=None)
@given(
    area=st.integers(min_value=0, max_value=999_999),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=999),
    shift=st.integers(min_value=1, max_value=10),
)
def test_property_valid_date_and_computed_check_is_accepted_other_checks_rejected(
    area: int, birth: date, sequence: int, shift: int
) -> None:
    first17 = f"{area:06d}{birth:%Y%m%d}{sequence:03d}"
    number = first17 + rid_check(first17)
    assert normalize_resident_id(number, today=TODAY) == number
    assert normalize_resident_id(number.lower(), today=TODAY) == number
    wrong = first17 + CHECK_CHARS[(CHECK_CHARS.index(number[17]) + shift) % 11]
    assert wrong != number
    with pytest.raises(IdentifierError) as info:
        normalize_resident_id(wrong, today=TODAY)
    assert_safe_message(info.value, wrong)


# -- unified social credit code -----------------------------------------------------------------


def test_valid_uscc_accepted() -> None:
    assert normalize_uscc("91350100M000100Y43") == "91350100M000100Y43"


def test_uscc_lowercase_and_fullwidth_normalised() -> None:
    assert normalize_uscc("91350100m000100y43") == "91350100M000100Y43"
    assert normalize_uscc("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


def test_uscc_built_with_our_check_is_accepted() -> None:
    first17 = "12500112MB1234567"
    code = first17 + uscc_check(first17)
    assert normalize_uscc(code) == code


@pytest.mark.parametrize(
    "raw",
    [
        "91350100M000100Y44",  # check character changed
        "91350100M000101Y43",  # a body character changed
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19 characters
        "91350100M0001O0Y43",  # letter O is not in the alphabet
        "91350100I000100Y43",  # letter I is not in the alphabet
    ],
)
def test_modified_uscc_rejected(raw: str) -> None:
    with pytest.raises(IdentifierError) as info:
        normalize_uscc(raw)
    assert_safe_message(info.value, raw)


# -- phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("19912345678", "19912345678"),
        ("15000000000", "15000000000"),
        ("138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("023-12345678", "023-12345678"),
        ("023-1234567", "023-1234567"),
        ("0755-12345678", "0755-12345678"),
        ("0755-1234567", "0755-1234567"),
        ("０２３－１２３４５６７８", "023-12345678"),
        ("023—12345678", "023-12345678"),
    ],
)
def test_good_phone_numbers_accepted_and_normalised(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "12812345678",  # second digit 2
        "11812345678",  # second digit 1
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "23812345678",  # does not start with 1
        "+8613812345678",
        "023-123456",  # 6-digit local number
        "023-123456789",  # 9-digit local number
        "23-12345678",  # area code without 0
        "02-12345678",  # area code too short
        "02345-1234567",  # area code too long
        "02312345678",  # landline without hyphen
        "(023)12345678",
        "1381234567a",
        "",
    ],
)
def test_bad_phone_numbers_rejected(raw: str) -> None:
    with pytest.raises(IdentifierError) as info:
        normalize_phone(raw)
    assert_safe_message(info.value, raw)


# -- masking ------------------------------------------------------------------------------------


def test_mask_resident_id_hides_birth_date() -> None:
    masked = mask_resident_id("11010519491231002X")
    assert masked == "110105********002X"
    assert "19491231" not in masked
    assert len(masked) == 18


def test_mask_resident_id_of_unexpected_length_hides_everything() -> None:
    assert mask_resident_id("110105491231002") == "*" * 15
    assert mask_resident_id("") == ""


def test_mask_mobile_keeps_prefix_and_last_four() -> None:
    masked = mask_phone("13812345678")
    assert masked == "138****5678"
    assert "1234" not in masked


@pytest.mark.parametrize(
    ("number", "expected"),
    [("023-12345678", "023-****5678"), ("0755-1234567", "0755-****4567")],
)
def test_mask_landline_keeps_area_code_and_last_four(number: str, expected: str) -> None:
    masked = mask_phone(number)
    assert masked == expected
    local = number.split("-")[1]
    assert local[:-4] not in masked


# Full-width forms, the ideographic space, combining marks that compose with ASCII letters
# (A + U+0301 = Á) or with < = > (U+0338), compatibility ideographs, circled digits, CJK.
_NFKC_ALPHABET = (
    "".join(chr(c) for c in range(0xFF01, 0xFF5F))
    + "\u3000 aA1<=>,\u0301\u0338\u0308\uf900\uf9dc\u2460\u00b2\ufb01张三借款。，、"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_NFKC_ALPHABET, max_size=30))
def test_to_halfwidth_is_exactly_nfkc(text: str) -> None:
    """to_halfwidth swaps full-width forms before NFKC to take NFKC's quick path: the result
    must be NFKC's own, whatever follows the swapped character."""
    import unicodedata

    assert to_halfwidth(text) == unicodedata.normalize("NFKC", text)
