"""HTTP to the county server: gzip bodies, bounded timeouts, and failures sorted by what to do.

Every answer must be the county server's own protocol object; anything else (a captive portal's
login page, a proxy's error page, a half-delivered body) is a ``TransportFailure`` to retry, never
a success. Given a ``cancelled`` callable, a request can be given up within a moment: it runs on a
helper thread and, once cancelled, is abandoned, its answer never read (nothing is applied).
"""

from __future__ import annotations

import ipaddress
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from station_app.domain.errors import DomainError
from sync.protocol import ProtocolError, check_protocol, decode_body, encode_body

if TYPE_CHECKING:
    # requests (with urllib3, charset_normalizer: ~0.2 s) loads with the first Transport, not
    # at start-up: failure messages and the sync page name its failures without it.
    import requests

CONNECT_TIMEOUT = 5.0  # a county that answers at all connects within this
READ_TIMEOUT = 60.0  # a big batch on a slow line may take this long to be answered
#: How often a request in flight looks whether the clerk cancelled it.
CANCEL_POLL = 0.1


class FailureKind(StrEnum):
    NETWORK = "network"  # no connection, reset, timeout, body cut off: retry
    BUSY = "busy"  # 5xx / 429, maybe with Retry-After: retry
    NOT_THE_SERVER = "not_the_server"  # a 200 that is not our protocol (captive portal): retry
    UNAUTHORIZED = "unauthorized"  # no valid token: enroll again
    REVOKED = "revoked"  # the county revoked this device
    REFUSED = "refused"  # a 4xx for what was sent: retrying the same will not help
    TOO_LARGE = "too_large"  # 413: send less at once
    CERTIFICATE = "certificate"  # TLS certificate not trusted: maybe not the county at all


RETRYABLE = {FailureKind.NETWORK, FailureKind.BUSY, FailureKind.NOT_THE_SERVER}


@dataclass
class TransportFailure(Exception):
    kind: FailureKind
    detail: str = ""
    retry_after: float | None = None
    server_message: str | None = None  # the county's Chinese message, when it sent one

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.detail}"

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


@dataclass(frozen=True)
class Exchange:
    body: Any
    sent_bytes: int
    received_bytes: int


class Transport:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        ca_file: str | None = None,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.base_url = checked_server_url(base_url)
        self.token = token
        self.timeout = timeout
        self.cancelled = cancelled
        import requests

        self.session = requests.Session()
        self.session.trust_env = False  # the county is reached directly, not via env proxies
        # A county with its own certificate authority gives its CA file at enrollment; without
        # one the usual trust store applies.
        self.ca_file = ca_file
        self.session.verify = ca_file or True
        self.bytes_sent = 0  # every attempt, for the wire figures

    def close(self) -> None:
        self.session.close()

    def _headers(self) -> dict[str, str]:
        headers = {"Accept-Encoding": "gzip", "User-Agent": "station-ledger-sync/1"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def get(self, path: str, params: dict[str, str] | None = None) -> Exchange:
        return self._call("GET", path, params=params)

    def post(self, path: str, body: object) -> Exchange:
        return self._call("POST", path, body=encode_body(body))

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Exchange:
        import requests  # loaded by __init__ already

        if self.ca_file is not None and not os.path.isfile(self.ca_file):
            raise TransportFailure(FailureKind.CERTIFICATE, "county CA file missing")
        headers = self._headers()
        self.bytes_sent += len(body or b"")
        if body is not None:
            headers["Content-Encoding"] = "gzip"
            headers["Content-Type"] = "application/json"

        def request() -> tuple[requests.Response, bytes]:
            response = self.session.request(
                method,
                self.base_url + path,
                params=params,
                data=body,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,  # a portal redirect is not the county server
                stream=True,
            )
            raw = response.raw.read(decode_content=False)  # exact bytes, for the wire figures
            response.close()
            return response, raw

        try:
            response, raw = self._interruptible(request)
        except TransportFailure:
            raise
        except requests.exceptions.SSLError as exc:
            raise TransportFailure(FailureKind.CERTIFICATE, "certificate not trusted") from exc
        except requests.RequestException as exc:
            raise TransportFailure(FailureKind.NETWORK, type(exc).__name__) from exc
        except Exception as exc:  # urllib3 raises its own types for a body cut half-way
            raise TransportFailure(FailureKind.NETWORK, type(exc).__name__) from exc
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) != len(raw):
            raise TransportFailure(FailureKind.NETWORK, "body cut off")
        gzipped = response.headers.get("content-encoding", "").lower() == "gzip"
        problem = ""
        try:
            parsed = decode_body(raw, gzipped=gzipped)
            check_protocol(parsed)
        except ProtocolError as exc:
            parsed = None
            problem = str(exc)
        sent = len(body or b"")
        status = response.status_code
        if status == 200 and parsed is not None:
            return Exchange(parsed, sent, len(raw))
        message = parsed.get("message") if isinstance(parsed, dict) else None
        retry_after = _retry_after(response.headers.get("retry-after"))
        if status == 200 or (300 <= status < 400):
            raise TransportFailure(FailureKind.NOT_THE_SERVER, f"HTTP {status}: {problem}")
        if status == 401 and parsed is not None:
            kind = (
                FailureKind.REVOKED
                if parsed.get("error") == "revoked"
                else FailureKind.UNAUTHORIZED
            )
            raise TransportFailure(kind, f"HTTP {status}", server_message=message)
        if status == 413:
            raise TransportFailure(FailureKind.TOO_LARGE, "HTTP 413", server_message=message)
        if status in (408, 425, 429) or status >= 500 or parsed is None:
            raise TransportFailure(FailureKind.BUSY, f"HTTP {status}", retry_after=retry_after)
        raise TransportFailure(FailureKind.REFUSED, f"HTTP {status}", server_message=message)

    def _interruptible(
        self, request: Callable[[], tuple[requests.Response, bytes]]
    ) -> tuple[requests.Response, bytes]:
        """Run ``request`` so that a cancel ends the wait within ``CANCEL_POLL``: the request
        goes on alone until its own timeout, and whatever it gets back is thrown away."""
        cancelled = self.cancelled
        if cancelled is None:
            return request()
        outcome: list[tuple[requests.Response, bytes]] = []
        error: list[BaseException] = []
        finished = threading.Event()

        def run() -> None:
            try:
                outcome.append(request())
            except BaseException as exc:  # handed to the waiting thread below
                error.append(exc)
            finally:
                finished.set()

        threading.Thread(target=run, name="sync-request", daemon=True).start()
        while not finished.wait(CANCEL_POLL):
            if cancelled():
                raise TransportFailure(FailureKind.NETWORK, "cancelled")
        if error:
            raise error[0]
        return outcome[0]


class ServerUrlError(DomainError):
    pass


def is_loopback(host: str) -> bool:
    """This machine: localhost, 127.0.0.0/8 or ::1 (a name like ``127.example.org`` is not)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_server_url(url: str) -> str:
    """HTTPS only: records carry personal data. Plain HTTP is allowed to this machine alone,
    for tests and a county server run on the same PC. Checked before any connection."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 -- a bad port raises here, not in the middle of a sync
    except ValueError as exc:
        raise ServerUrlError("县中心地址格式不正确，应形如 https://县中心地址:端口") from exc
    if parts.scheme not in ("https", "http") or not host:
        raise ServerUrlError("县中心地址格式不正确，应形如 https://县中心地址:端口")
    if parts.scheme == "http" and not is_loopback(host):
        raise ServerUrlError(
            "县中心地址必须以 https:// 开头：记录含个人信息，须加密传输；"
            "明文 http:// 只能连接本机（127.0.0.1）"
        )
    return url.strip().rstrip("/")


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None  # an HTTP date: ignored, the backoff applies
    return seconds if 0 <= seconds < 3600 else None
