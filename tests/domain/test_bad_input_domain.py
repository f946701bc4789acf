"""Property tests of every domain validator on hostile input: only ValidationError (or the
identifier's own IdentifierError) comes out, worded in Chinese without the value; valid IDs and
phones pass and normalise idempotently.

Drafts are typed (mypy strict holds every in-process caller to it), so fields here get hostile
values *of their own type*; untyped data enters only through the sync payload decoder and the
workbook cell readers, which tests/sync/test_bad_input_sync.py and test_bad_input_import.py feed
arbitrary types.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from station_app.domain.case_number import CaseNumber
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyConfirmation, DutyLogDraft
from station_app.domain.errors import ValidationError
from station_app.domain.identifiers import (
    IdentifierError,
    mask_phone,
    mask_resident_id,
    normalize_phone,
    normalize_resident_id,
    normalize_uscc,
)
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import MediationCaseDraft
from station_app.domain.organisation import LawyerDraft, StationDraft, UserDraft, VillageDraft
from station_app.domain.publicity_event import PublicityEventDraft
from station_app.domain.rules import Checker
from tests.bad_input import (
    TODAY,
    any_date,
    assert_clear,
    draft_strategy,
    huge_decimals,
    huge_ints,
    landlines,
    leaks,
    mobiles,
    nasty_text,
    resident_ids,
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DRAFTS = settings(
    max_examples=60,
    deadline=None,
    # Drafts are nested dataclasses of long strings: generating them is slow by nature.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ETHIOPIC_ID = "፩" * 15  # Ethiopic digits: str.isdigit() is True, int() refuses them
ARABIC_INDIC_PHONE = "13" + "٠" * 9  # \d matches any script's digits unless re.ASCII


# -- identifiers --------------------------------------------------------------------------


@FAST
@given(raw=nasty_text, today=any_date)
@example(raw=ETHIOPIC_ID, today=TODAY)
@example(raw="፩" * 18, today=TODAY)
@example(raw="١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", today=TODAY)
def test_resident_id_normaliser_refuses_junk_with_a_chinese_rule(raw: str, today: date) -> None:
    try:
        number = normalize_resident_id(raw, today=today)
    except IdentifierError as exc:
        assert_clear_message(str(exc), raw)
    else:
        assert len(number) == 18 and number.isascii()
        assert number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")


@FAST
@given(number=resident_ids(), spaced=st.booleans(), fullwidth=st.booleans(), lower=st.booleans())
def test_valid_resident_ids_pass_and_normalise_idempotently(
    number: str, spaced: bool, fullwidth: bool, lower: bool
) -> None:
    typed = number.lower() if lower else number
    if fullwidth:
        typed = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in typed)
    if spaced:
        typed = f" {typed[:6]} {typed[6:14]} {typed[14:]} "
    once = normalize_resident_id(typed, today=TODAY)
    assert once == number
    assert normalize_resident_id(once, today=TODAY) == once
    masked = mask_resident_id(once)
    assert masked[:6] == once[:6] and masked[-4:] == once[-4:] and once[6:14] not in masked


@FAST
@given(number=resident_ids())
def test_a_legacy_15_digit_id_becomes_the_18_digit_one(number: str) -> None:
    if not "1900" <= number[6:10] <= "1999":
        return
    legacy = number[:6] + number[8:17]
    assert normalize_resident_id(legacy, today=TODAY) == number


@FAST
@given(raw=nasty_text)
@example(raw=ARABIC_INDIC_PHONE)
@example(raw="0２3-6２000000")
def test_phone_normaliser_refuses_junk_and_keeps_only_ascii_digits(raw: str) -> None:
    try:
        number = normalize_phone(raw)
    except IdentifierError as exc:
        assert_clear_message(str(exc), raw)
    else:
        assert number.isascii()
        assert normalize_phone(number) == number


@FAST
@given(number=mobiles | landlines, spaced=st.booleans())
def test_valid_phones_pass_and_normalise_idempotently(number: str, spaced: bool) -> None:
    typed = f" {number[:3]} {number[3:]}" if spaced else number
    once = normalize_phone(typed)
    assert once == number
    assert normalize_phone(once) == once
    assert mask_phone(once).endswith(once[-4:]) and "****" in mask_phone(once)


@FAST
@given(raw=nasty_text)
@example(raw="91350100M000100Y43")
def test_uscc_normaliser_refuses_junk_with_a_chinese_rule(raw: str) -> None:
    try:
        code = normalize_uscc(raw)
    except IdentifierError as exc:
        assert_clear_message(str(exc), raw)
    else:
        assert normalize_uscc(code) == code


@FAST
@given(text=nasty_text)
@example(text="（2026）龙兴调字第0001号")
def test_case_numbers_parse_or_say_the_form_in_chinese(text: str) -> None:
    try:
        number = CaseNumber.parse(text)
    except ValueError as exc:
        assert_clear_message(str(exc), text)
    else:
        assert CaseNumber.parse(str(number)) == number


def assert_clear_message(message: str, value: str) -> None:
    assert any("\u4e00" <= c <= "\u9fff" for c in message), message
    assert not leaks(message, value)


# -- the checker, one method at a time ----------------------------------------------------


@FAST
@given(
    text=st.none() | nasty_text,
    number=st.none() | huge_ints,
    amount=st.none() | huge_decimals,
    day=st.none() | any_date,
    start=st.none() | st.times(),
    end=st.none() | st.times(),
    names=st.lists(nasty_text, max_size=4).map(tuple),
    today=any_date,
)
@example(
    text=None,
    number=10**30,
    amount=Decimal("1e30"),
    day=None,
    start=None,
    end=None,
    names=(),
    today=TODAY,
)
@example(
    text=None,
    number=None,
    amount=Decimal("1e999999"),
    day=None,
    start=None,
    end=None,
    names=(),
    today=TODAY,
)
def test_every_checker_method_only_records_field_errors(
    text: str | None,
    number: int | None,
    amount: Decimal | None,
    day: date | None,
    start: time | None,
    end: time | None,
    names: tuple[str, ...],
    today: date,
) -> None:
    labels = {f: f"字段{f}" for f in ("t", "n", "m", "a", "d", "s", "e", "names", "id", "p")}
    c = Checker(labels, today)
    c.text("t", text, required=True)
    c.integer("n", number, lo=0, hi=120)
    c.integer("m", number, lo=0)
    c.amount("a", amount)
    c.day("d", day, required=True)
    c.not_before("d", day, "s", today)
    c.time_span("s", start, "e", end)
    c.names("names", names, required=True)
    c.resident_id("id", text)
    c.phone("p", text)
    if c.errors:
        assert_clear(c.errors, text, *names)
        with pytest.raises(ValidationError):
            c.raise_if_any()
    # Whatever a checker lets through must fit the store: SQLite integers are 64-bit.
    if c.ok("m") and number is not None:
        assert -(2**63) <= number < 2**63
    if c.ok("a") and amount is not None:
        assert amount.is_finite() and amount == amount.quantize(Decimal("0.01"))
        assert amount * 100 < 2**63  # amounts are held as integer fen


# -- whole drafts -------------------------------------------------------------------------

LEDGER_DRAFTS: list[type[Any]] = [
    ConsultationDraft,
    MediationCaseDraft,
    DutyLogDraft,
    PublicityEventDraft,
    LegalAidReviewDraft,
    StationDraft,
    VillageDraft,
    LawyerDraft,
    UserDraft,
]


@pytest.mark.parametrize("draft_type", LEDGER_DRAFTS, ids=lambda t: t.__name__)
def test_a_draft_of_hostile_values_validates_or_raises_validation_error(
    draft_type: type[Any],
) -> None:
    @DRAFTS
    @given(draft=draft_strategy(draft_type), today=any_date)
    def check(draft: Any, today: date) -> None:
        try:
            cleaned = draft.validated(today)
        except ValidationError as exc:
            assert_clear(exc.errors, *_strings(draft))
        else:
            assert cleaned.validated(today) == cleaned  # validation is idempotent

    check()


@DRAFTS
@given(by=st.none() | nasty_text, on=st.none() | any_date, duty_on=st.none() | any_date)
def test_a_confirmation_validates_or_raises_validation_error(
    by: str | None, on: date | None, duty_on: date | None
) -> None:
    try:
        DutyConfirmation(by, on).validated(TODAY, duty_on)
    except ValidationError as exc:
        assert_clear(exc.errors, by)


def _strings(value: Any) -> list[str]:
    """Every string inside a draft, for the 'message never holds the value' check."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [s for v in value for s in _strings(v)]
    if hasattr(value, "__dataclass_fields__"):
        return [s for name in value.__dataclass_fields__ for s in _strings(getattr(value, name))]
    return []
