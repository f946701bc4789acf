"""Properties of the security pieces, over inputs no one would think to type: password rules,
recovery keys, the sealer, and masking that a form's save must undo exactly."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from station_app.domain.accounts import AccountPolicy, check_new_password
from station_app.domain.choices import PartyRole
from station_app.domain.errors import ValidationError
from station_app.domain.masks import masked, unmasked
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft
from station_app.security.field_sealer import FieldSealer, KeyedSha256, SealError
from station_app.security.key_store import RecoveryKeyError, key_from_recovery_text, recovery_text
from station_app.security.passwords import hash_password, verify_password
from tests.drafts import mobile, resident_id

SEALER = FieldSealer(bytes(range(32)))
PASSWORD_RULES = {
    "密码：应为8到64个字符",
    "密码：须同时包含字母和数字",
    "密码：不能包含用户名",
    "密码：不能包含控制字符",
}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=20)))
@example("pass\x00word1", None)
@example("须同时包含字母和", None)  # hypothesis found the rule's own words
def test_a_password_is_accepted_or_refused_with_a_message_that_never_shows_it(
    password: str, username: str | None
) -> None:
    try:
        check_new_password(password, username)
    except ValidationError as refused:
        # One of the fixed rules, whatever was typed: the password cannot leak into it.
        assert str(refused) in PASSWORD_RULES


@settings(max_examples=200, deadline=None)
@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6))
def test_an_account_policy_is_valid_or_names_its_bad_fields(a: int, b: int, c: int) -> None:
    try:
        clean = AccountPolicy(a, b, c).validated()
    except ValidationError as refused:
        assert {e.field for e in refused.errors} <= {
            "max_failed_sign_ins",
            "lock_minutes",
            "idle_lock_minutes",
        }
    else:
        assert clean.max_failed_sign_ins >= 3 and clean.idle_lock_minutes >= 1


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_recovery_text_gives_back_the_key(key: bytes) -> None:
    assert key_from_recovery_text(recovery_text(key)) == key
    assert key_from_recovery_text(recovery_text(key).lower().replace("-", " ")) == key


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
@example("¹")  # a digit to str.isalnum, not to base32
def test_junk_is_never_taken_for_a_recovery_key(text: str) -> None:
    try:
        key = key_from_recovery_text(text)
    except RecoveryKeyError as refused:
        assert "恢复密钥" in str(refused)
    else:
        assert len(key) == 32


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["phone", "id_number"]))
def test_sealed_values_open_to_themselves_and_only_under_their_purpose(
    clear: str, purpose: str
) -> None:
    sealed = SEALER.seal(purpose, clear)
    assert SEALER.open(purpose, sealed) == clear
    assert SEALER.lookup(purpose, clear) == sealed[3:35]
    other = "id_number" if purpose == "phone" else "phone"
    with pytest.raises(SealError):
        SEALER.open(other, sealed)
    with pytest.raises(SealError):
        FieldSealer(bytes(32)).open(purpose, sealed)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=100), st.binary(max_size=300))
def test_the_keyed_digest_is_hmac_sha256_so_stored_lookups_and_chains_still_match(
    key: bytes, data: bytes
) -> None:
    """Lookups and audit links written before, by ``hmac.new``, must still match."""
    assert KeyedSha256(key).hexdigest(data) == hmac.new(key, data, hashlib.sha256).hexdigest()


def test_a_password_hash_checks_only_its_own_password() -> None:
    stored = hash_password("zhanzhang2026")
    assert verify_password("zhanzhang2026", stored)
    assert not verify_password("zhanzhang2027", stored)
    assert not verify_password("zhanzhang2026", stored.replace("scrypt", "md5"))
    assert not verify_password("zhanzhang2026", "scrypt$1$2$3$garbage$garbage")
    assert not verify_password("anything", None)


numbers = st.tuples(
    st.one_of(st.none(), st.integers(0, 999).map(resident_id)),
    st.one_of(st.none(), st.integers(0, 10**8).map(mobile)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(numbers, min_size=1, max_size=6), st.randoms())
def test_saving_masked_parties_in_any_order_restores_every_number(
    people: list[tuple[str | None, str | None]], rng: object
) -> None:
    parties = tuple(
        PartyDraft(PartyRole.APPLICANT, f"当事人{i}", id_number=n, phone=p)
        for i, (n, p) in enumerate(people)
    )
    stored = MediationCaseDraft(parties=parties)
    shown = list(masked(stored).parties)
    rng.shuffle(shown)  # type: ignore[attr-defined]
    saved = unmasked(MediationCaseDraft(parties=tuple(shown)), stored)
    by_name = {p.name: (p.id_number, p.phone) for p in saved.parties}
    assert by_name == {p.name: (p.id_number, p.phone) for p in parties}
