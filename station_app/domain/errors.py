"""Errors the domain raises, worded for a station clerk.

Messages name the field and the rule, never the value: values are often personal data
(names, ID and phone numbers) and error text ends up in logs and dialogs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}：{self.message}"


class DomainError(Exception):
    """Base of every error a user can cause and fix; carries a Chinese message."""


class ValidationError(DomainError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("；".join(str(e) for e in self.errors))

    def for_field(self, field: str) -> list[FieldError]:
        return [e for e in self.errors if e.field == field]


class NotFoundError(DomainError):
    pass


class ConflictError(DomainError):
    """The record changed since the caller read it (another window, or a sync)."""


class LockedError(DomainError):
    """The record may no longer be changed (a confirmed duty log, a voided record)."""


class AccessDeniedError(DomainError):
    """The signed-in account may not do this (another village's volume, confirming one's own
    duty log, managing accounts without being the station head)."""


class SignInError(DomainError):
    """A wrong user name or password, or an account locked after too many tries."""
