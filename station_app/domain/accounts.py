"""Account rules that need no store: what a new password must be, and the lock-out policy."""

from __future__ import annotations

from dataclasses import dataclass

from station_app.domain.errors import FieldError, ValidationError

MIN_PASSWORD = 8
MAX_PASSWORD = 64


@dataclass(frozen=True)
class AccountPolicy:
    """How many wrong passwords lock an account, for how long, and the idle lock."""

    max_failed_sign_ins: int = 5
    lock_minutes: int = 15
    idle_lock_minutes: int = 10

    def validated(self) -> AccountPolicy:
        errors = []
        if not 3 <= self.max_failed_sign_ins <= 20:
            errors.append(FieldError("max_failed_sign_ins", "连续输错次数", "应在3到20之间"))
        if not 1 <= self.lock_minutes <= 24 * 60:
            errors.append(FieldError("lock_minutes", "锁定时长", "应在1到1440分钟之间"))
        if not 1 <= self.idle_lock_minutes <= 240:
            errors.append(FieldError("idle_lock_minutes", "无操作自动锁定", "应在1到240分钟之间"))
        if errors:
            raise ValidationError(errors)
        return self


def check_new_password(password: str, username: str | None = None) -> None:
    """Raises ValidationError (the rule broken, never the password) for a weak password."""
    problem = None
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problem = f"应为{MIN_PASSWORD}到{MAX_PASSWORD}个字符"
    elif not any(ch.isdigit() for ch in password) or not any(ch.isalpha() for ch in password):
        problem = "须同时包含字母和数字"
    elif username and username.casefold() in password.casefold():
        problem = "不能包含用户名"
    elif any(ord(ch) < 32 for ch in password):
        problem = "不能包含控制字符"
    if problem:
        raise ValidationError([FieldError("password", "密码", problem)])
