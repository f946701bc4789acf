"""Who the CLI acts as: ``--user`` (or STATION_USER) and a password, checked like the window's.

The password comes from STATION_PASSWORD (scripts, scheduled tasks) or is asked for on the
terminal; it is never a command-line argument, which other users of the PC could read.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from station_app.cli.errors import UsageError
from station_app.services.station_services import StationServices

USER_ENV = "STATION_USER"
PASSWORD_ENV = "STATION_PASSWORD"
NEW_PASSWORD_ENV = "STATION_NEW_PASSWORD"


class CredentialsMissing(UsageError):
    """No user name or no way to ask for the password: a usage error."""


def secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    """From ``env``, else asked on the terminal (twice when ``confirm``)."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise CredentialsMissing(f"请在终端中运行，或设置环境变量 {env} / set {env}")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("再输入一次 / again: ") != value:
        raise CredentialsMissing("两次输入的密码不一致 / passwords differ")
    return value


def username(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None) or os.environ.get(USER_ENV)
    if not name:
        raise CredentialsMissing(f"请用 --user 指定账户（或设置 {USER_ENV}）/ --user is required")
    return str(name)


def sign_in(services: StationServices, args: argparse.Namespace) -> None:
    """Sign ``services`` in as the named account, or raise (SignInError, CredentialsMissing).

    A store from before sign-in has a head without a password: the head's first sign-in
    sets it, as the window's first sign-in does.
    """
    name = username(args)
    password = secret(PASSWORD_ENV, f"{name} 的密码 / password: ")
    accounts = services.accounts
    if accounts.needs_first_password():
        accounts.set_first_password(name, password)
        print("已为站长账户设置密码 / head password set", file=sys.stderr)
    signed = accounts.sign_in(name, password)
    if signed.must_change_password and args.command != "password":
        raise CredentialsMissing(
            "这是站长设置的临时密码，请先修改：station password / change your temporary password"
        )
