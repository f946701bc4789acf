"""A record's current state as compact JSON, and back to the very domain draft it came from.

The county server decodes what a device sent into the same draft class the form used and runs
the same ``draft.validated(today)``: server-side validation is the client's, not a copy of it.
Villages travel by uuid (local ids mean nothing on another machine), enums as their Chinese
values, dates ISO, money as a decimal string. A field equal to its default is left out, which
keeps a typical record small before compression. Fields added later (follow-ups, satisfaction,
the aid center's decision, the documents' fields and investigation records) are additive: a
payload without them decodes to their defaults.
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Mapping
from datetime import date, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Union, get_args, get_origin, get_type_hints

from station_app.domain import (
    consultation,
    duty_log,
    legal_aid_review,
    mediation_case,
    organisation,
    publicity_event,
)
from station_app.domain.errors import FieldError, ValidationError
from station_app.domain.ledgers import LEDGER_BY_ENTITY
from station_app.domain.masks import MASKS

#: Entities whose records carry a village (``village_id`` in the draft, ``village`` uuid here).
VILLAGE_FIELD = "village_id"
VILLAGE_KEY = "village"

#: Ledger entities (the five ledgers) and the organisation entities that also travel.
LEDGER_ENTITIES: tuple[str, ...] = tuple(LEDGER_BY_ENTITY)
ORGANISATION_ENTITIES: tuple[str, ...] = ("station", "village", "lawyer")
ENTITIES: tuple[str, ...] = ORGANISATION_ENTITIES + LEDGER_ENTITIES

DRAFT_TYPES: dict[str, type[Any]] = {
    "station": organisation.StationDraft,
    "village": organisation.VillageDraft,
    "lawyer": organisation.LawyerDraft,
    **{entity: ledger.draft_type for entity, ledger in LEDGER_BY_ENTITY.items()},
}

_LABELS: dict[type[Any], dict[str, str]] = {
    consultation.ConsultationDraft: consultation.LABELS,
    mediation_case.MediationCaseDraft: mediation_case.LABELS,
    mediation_case.PartyDraft: mediation_case.PARTY_LABELS,
    mediation_case.SessionDraft: mediation_case.SESSION_LABELS,
    mediation_case.FollowUpDraft: mediation_case.FOLLOW_UP_LABELS,
    mediation_case.InvestigationDraft: mediation_case.INVESTIGATION_LABELS,
    duty_log.DutyLogDraft: duty_log.LABELS,
    duty_log.ServiceItemDraft: duty_log.ITEM_LABELS,
    publicity_event.PublicityEventDraft: publicity_event.LABELS,
    legal_aid_review.LegalAidReviewDraft: legal_aid_review.LABELS,
    organisation.StationDraft: organisation.STATION_LABELS,
    organisation.VillageDraft: organisation.VILLAGE_LABELS,
    organisation.LawyerDraft: organisation.LAWYER_LABELS,
}

#: Fields a station payload carries besides the draft's (the draft's village list does not travel).
STATION_EXTRA = ("case_prefix",)
MAX_TEXT_CHARS = 20_000  # far above any domain limit: a longer string is hostile, not a typo
MAX_LIST_ITEMS = 200


class PayloadError(ValidationError):
    """A payload that cannot even be read as a draft: wrong type, unknown field, bad date."""


def labels_of(draft_type: type[Any]) -> dict[str, str]:
    return _LABELS.get(draft_type, {})


# -- encoding ------------------------------------------------------------------------------


def encode_draft(draft: Any, village_uuids: Mapping[int, str]) -> dict[str, Any]:
    """The draft's fields that differ from their defaults, as JSON values."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(draft):
        value = getattr(draft, f.name)
        if f.name == VILLAGE_FIELD:
            if value is not None:
                out[VILLAGE_KEY] = village_uuids[value]
            continue
        if isinstance(draft, organisation.StationDraft) and f.name == "villages":
            continue
        if _is_default(f, value):
            continue
        out[f.name] = _encode_value(value)
    return out


def _is_default(f: dataclasses.Field[Any], value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(value == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return False


def _encode_value(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M") if value.second == 0 else value.strftime("%H:%M:%S")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_encode_value(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _encode_value(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not _is_default(f, getattr(value, f.name))
        }
    raise TypeError(f"cannot encode {type(value).__name__}")


def masked_for_county(entity: str, data: dict[str, Any]) -> dict[str, Any]:
    """A ledger payload with its resident ID and phone numbers masked (mediation parties
    included): what the county ledger needs. Organisation entities (a lawyer's office phone)
    travel as they are."""
    if entity not in LEDGER_ENTITIES:
        return data
    return {key: _masked(key, value) for key, value in data.items()}


def _masked(key: str, value: Any) -> Any:
    if isinstance(value, list):
        return [_masked(key, item) for item in value]
    if isinstance(value, dict):
        return {k: _masked(k, v) for k, v in value.items()}
    mask = MASKS.get(key)
    return mask(value) if mask is not None and isinstance(value, str) and value else value


# -- decoding ------------------------------------------------------------------------------


def decode_draft(entity: str, data: object, village_ids: Mapping[str, int] | None = None) -> Any:
    """The draft the payload describes (not yet validated), or PayloadError naming the fields.

    ``village_ids`` maps village uuids to the reader's own village ids; a uuid it lacks is
    "not a village of this station".
    """
    draft_type = DRAFT_TYPES.get(entity)
    if draft_type is None:
        raise PayloadError([FieldError("entity", "记录类型", "不是可同步的记录类型")])
    if not isinstance(data, dict):
        raise PayloadError([FieldError("data", "记录内容", "格式不正确")])
    labels = labels_of(draft_type)
    errors: list[FieldError] = []
    values = _decode_fields(draft_type, data, labels, errors, "")
    if VILLAGE_KEY in data:
        if not any(f.name == VILLAGE_FIELD for f in dataclasses.fields(draft_type)):
            errors.append(FieldError(VILLAGE_KEY, VILLAGE_KEY, "不是该记录的字段"))
        else:
            raw = data[VILLAGE_KEY]
            label = labels.get(VILLAGE_FIELD, "村(居)")
            if raw is None:
                values[VILLAGE_FIELD] = None
            elif not isinstance(raw, str) or village_ids is None or raw not in village_ids:
                errors.append(FieldError(VILLAGE_FIELD, label, "不是本站的村(居)"))
            else:
                values[VILLAGE_FIELD] = village_ids[raw]
    if errors:
        raise PayloadError(errors)
    draft = draft_type(**values)
    if isinstance(draft, mediation_case.MediationCaseDraft):
        # An app from before follow-ups sends only the case's 回访日期.
        draft = mediation_case.with_legacy_follow_up(draft)
    return draft


def station_extras(data: Mapping[str, Any]) -> dict[str, str]:
    """The station payload's fields outside StationDraft (its case-number prefix)."""
    out = {}
    for key in STATION_EXTRA:
        value = data.get(key)
        if isinstance(value, str) and 0 < len(value) <= 30:
            out[key] = value
    return out


def _decode_fields(
    draft_type: type[Any],
    data: dict[str, Any],
    labels: Mapping[str, str],
    errors: list[FieldError],
    prefix: str,
) -> dict[str, Any]:
    hints, known = draft_shape(draft_type)  # type: ignore[arg-type]
    allowed = known | {VILLAGE_KEY}
    if draft_type is organisation.StationDraft:
        allowed |= set(STATION_EXTRA)
    for key in data:
        if key not in allowed or key == VILLAGE_FIELD:
            errors.append(FieldError(f"{prefix}{key}", str(key)[:40], "不是该记录的字段"))
    values: dict[str, Any] = {}
    for name in known:
        if name == VILLAGE_FIELD or name not in data:
            continue
        label = labels.get(name, name)
        try:
            values[name] = decode_value(hints[name], data[name], f"{prefix}{name}", errors)
        except BadValue:
            errors.append(FieldError(f"{prefix}{name}", label, "格式不正确"))
    return values


@functools.cache
def draft_shape(draft_type: type[Any]) -> tuple[dict[str, Any], frozenset[str]]:
    """A draft class's field types and names, worked out once (get_type_hints is slow)."""
    return get_type_hints(draft_type), frozenset(f.name for f in dataclasses.fields(draft_type))


class BadValue(Exception):
    """A value not of its field's type (the field is then reported, not the value)."""


@functools.cache
def _kind(hint: Any) -> tuple[str, Any]:
    """What a field's type hint asks for, worked out once per hint (typing calls are slow)."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return ("optional", options[0]) if len(options) == 1 else ("unsupported", None)
    if origin is tuple:
        return "tuple", get_args(hint)[0]
    if dataclasses.is_dataclass(hint):
        return "dataclass", hint
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return "enum", hint
    return "plain", hint


def decode_value(hint: Any, raw: Any, path: str, errors: list[FieldError]) -> Any:
    """One field's wire value as its type hint asks; raises BadValue. Shared with the county's
    statistics, which decode only the fields they count."""
    kind, arg = _kind(hint)
    if kind == "optional":
        return None if raw is None else decode_value(arg, raw, path, errors)
    if kind == "tuple":
        if not isinstance(raw, list) or len(raw) > MAX_LIST_ITEMS:
            raise BadValue
        return tuple(decode_value(arg, item, f"{path}.{i}", errors) for i, item in enumerate(raw))
    if kind == "dataclass":
        if not isinstance(raw, dict):
            raise BadValue
        return arg(**_decode_fields(arg, raw, labels_of(arg), errors, f"{path}."))
    if kind == "enum":
        if not isinstance(raw, str):
            raise BadValue
        try:
            return arg(raw)
        except ValueError as exc:
            raise BadValue from exc
    if kind == "unsupported":
        raise BadValue
    if hint is bool:
        if not isinstance(raw, bool):
            raise BadValue
        return raw
    if hint is int:
        # bool is an int in Python; JSON true is not a number of people.
        if isinstance(raw, bool) or not isinstance(raw, int) or abs(raw) > 10**9:
            raise BadValue
        return raw
    if hint is str:
        if not isinstance(raw, str) or len(raw) > MAX_TEXT_CHARS:
            raise BadValue
        return raw
    if hint is date:
        return _parse(date.fromisoformat, raw, 10)
    if hint is time:
        parsed = _parse(time.fromisoformat, raw, 8)
        if parsed.tzinfo is not None:  # "08:00Z": a wall-clock time on a duty log has no zone
            raise BadValue
        return parsed
    if hint is Decimal:
        if not isinstance(raw, str) or len(raw) > 20:
            raise BadValue
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise BadValue from exc
        if not value.is_finite():
            raise BadValue
        return value
    raise BadValue


def _parse(parser: Any, raw: Any, max_len: int) -> Any:
    if not isinstance(raw, str) or len(raw) > max_len:
        raise BadValue
    try:
        return parser(raw)
    except ValueError as exc:
        raise BadValue from exc
