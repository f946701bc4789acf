"""A small fault-injecting HTTP proxy on 127.0.0.1 between a station and the county server.

Per request, by a seeded random draw, it: drops the connection before the request reaches the
server, forwards it and then drops the answer (the server applied it, the client never hears),
cuts the answer half-way, delays it, answers 502/503 itself, or answers 200 with a captive
portal's login page. It can also throttle the link to a byte rate, hold one request's answer
until told to let go (to kill a client mid-batch), and refuse everything while "unplugged".
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

FAULTS = ("drop_before", "drop_after", "cut", "delay", "502", "503")
MAX_REQUEST = 8 * 1024 * 1024

PORTAL_PAGE = (
    b"<html><head><title>WiFi login</title></head><body>Please sign in to use the "
    b"network.</body></html>"
)


@dataclass
class ProxyPlan:
    seed: int = 0
    fault_rate: float = 0.0
    faults: tuple[str, ...] = FAULTS
    delay: tuple[float, float] = (0.05, 0.4)
    bytes_per_second: float | None = None  # throttle both directions
    hold_path: str | None = None  # hold the answer of the n-th request to this path...
    hold_nth: int = 0  # ...after the server has handled it


@dataclass
class ProxyStats:
    requests: Counter[str] = field(default_factory=Counter)  # by path
    faults: Counter[str] = field(default_factory=Counter)
    bytes_up: int = 0
    bytes_down: int = 0


class FaultProxy:
    def __init__(self, upstream_port: int, plan: ProxyPlan | None = None) -> None:
        self.upstream_port = upstream_port
        self.plan = plan or ProxyPlan()
        self.stats = ProxyStats()
        self._rng = random.Random(self.plan.seed)
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port: int = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self.held = threading.Event()  # set when the held request reached the server
        self.release = threading.Event()  # set to let the held answer go (or drop it)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.release.set()
        with contextlib.suppress(OSError):  # wake the accept() below so the thread ends
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        self._listener.close()
        self._thread.join(timeout=5)

    def set_fault_rate(self, rate: float) -> None:
        with self._lock:
            self.plan.fault_rate = rate

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _draw(self, path: str) -> str:
        with self._lock:
            self.stats.requests[path] += 1
            if (
                self.plan.hold_path is not None
                and path == self.plan.hold_path
                and self.stats.requests[path] == self.plan.hold_nth
            ):
                return "hold"
            if self._rng.random() < self.plan.fault_rate:
                fault = self._rng.choice(self.plan.faults)
                self.stats.faults[fault] += 1
                return fault
            return "none"

    def _throttle(self, size: int) -> None:
        rate = self.plan.bytes_per_second
        if rate:
            time.sleep(size / rate)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        try:
            request = _read_request(conn)
            if request is None:
                return
            path = request.split(b" ", 2)[1].split(b"?")[0].decode("latin-1")
            fault = self._draw(path)
            self._throttle(len(request))
            with self._lock:
                self.stats.bytes_up += len(request)
            if fault == "drop_before":
                return
            if fault in ("502", "503"):
                status = b"502 Bad Gateway" if fault == "502" else b"503 Service Unavailable"
                extra = b"Retry-After: 0\r\n" if fault == "503" else b""
                body = b"<html><body>gateway error</body></html>"
                conn.sendall(
                    b"HTTP/1.1 "
                    + status
                    + b"\r\nContent-Type: text/html\r\n"
                    + extra
                    + b"Content-Length: "
                    + str(len(body)).encode()
                    + b"\r\nConnection: close\r\n\r\n"
                    + body
                )
                return
            if fault == "portal":
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                    + str(len(PORTAL_PAGE)).encode()
                    + b"\r\nConnection: close\r\n\r\n"
                    + PORTAL_PAGE
                )
                return
            response = self._forward(request)
            if response is None or fault == "drop_after":
                return
            if fault == "hold":
                self.held.set()
                self.release.wait(timeout=60)
                return  # the client is gone by now; the answer is lost
            if fault == "cut":
                conn.sendall(response[: len(response) // 2])
                return
            if fault == "delay":
                time.sleep(self._rng.uniform(*self.plan.delay))
            self._send_throttled(conn, response)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def _send_throttled(self, conn: socket.socket, response: bytes) -> None:
        with self._lock:
            self.stats.bytes_down += len(response)
        if not self.plan.bytes_per_second:
            conn.sendall(response)
            return
        step = 1024
        for i in range(0, len(response), step):
            chunk = response[i : i + step]
            self._throttle(len(chunk))
            conn.sendall(chunk)

    def _forward(self, request: bytes) -> bytes | None:
        head, _, body = request.partition(b"\r\n\r\n")
        lines = [
            line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")
        ]
        lines.append(b"Connection: close")
        try:
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
                up.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
                chunks = []
                while True:
                    data = up.recv(65536)
                    if not data:
                        break
                    chunks.append(data)
            return b"".join(chunks) or None
        except OSError:
            return None  # server down (restarting): the client sees a dropped connection


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > MAX_REQUEST:
            return None
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return head + b"\r\n\r\n" + rest
