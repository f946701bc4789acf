"""describe_failure: the clerk reads what to do, never a Python error, never a typed value."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from station_app.domain.errors import FieldError, ValidationError
from station_app.failure_text import DISK_FULL, describe_failure, is_expected
from station_app.sync_client.messages import OFFLINE
from station_app.sync_client.transport import FailureKind, Transport, TransportFailure
from tests.sync_support import free_port


def _raised(call: object) -> BaseException:
    with pytest.raises(BaseException) as caught:
        call()  # type: ignore[operator]
    return caught.value


def test_a_refusal_says_what_the_domain_said() -> None:
    exc = ValidationError([FieldError("id_number", "身份证号", "校验位不正确")])
    assert describe_failure(exc) == "身份证号：校验位不正确"
    assert is_expected(exc)


def test_a_county_that_cannot_be_reached_keeps_the_records_here() -> None:
    transport = Transport(f"http://127.0.0.1:{free_port()}")
    failure = _raised(lambda: transport.get("/v1/health"))
    assert isinstance(failure, TransportFailure) and failure.kind is FailureKind.NETWORK
    assert describe_failure(failure) == OFFLINE
    plain = _raised(lambda: requests.get(f"http://127.0.0.1:{free_port()}", timeout=2))
    assert describe_failure(plain) == OFFLINE and is_expected(plain)


def test_a_full_disk_is_named(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'small.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (v BLOB)"))

    def fill() -> None:
        with engine.begin() as conn:
            conn.execute(text("PRAGMA max_page_count = 8"))  # a disk with no room left
            conn.execute(text("INSERT INTO t VALUES (zeroblob(1000000))"))

    full = _raised(fill)
    engine.dispose()
    assert describe_failure(full) == DISK_FULL
    assert describe_failure(OSError(errno.ENOSPC, "No space left on device")) == DISK_FULL


def test_anything_else_says_where_the_log_is_and_not_what_it_held() -> None:
    message = describe_failure(KeyError("王秀英"))
    assert "日志" in message and "logs" in message
    assert "王秀英" not in message and "KeyError" not in message
    assert not is_expected(KeyError("王秀英"))
