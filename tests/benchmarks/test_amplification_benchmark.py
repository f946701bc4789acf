"""Issue 13: eight concurrent gzip bombs (16 KB inflating to 16 MB of ``[{},{},…]``) sent to
``/v1/enroll`` without signing in, while ``/v1/health`` is timed. Target: health under 100 ms
throughout. Figures are printed, never asserted (run with -s -n0)."""

from __future__ import annotations

import gzip
import statistics
import threading
import time
from pathlib import Path

import requests

from tests.sync_support import CountyServer, county, sqlite_url

ATTACKERS = 8
ROUNDS = 5


def _bomb() -> bytes:
    inflated = 16 * 1024 * 1024 - 8
    return gzip.compress(b"[" + b"{}," * (inflated // 3 - 1) + b"{}]", compresslevel=9)


def test_health_stays_fast_under_eight_amplification_requests(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    assert county(url, "init").returncode == 0
    server = CountyServer(url, tmp_path).start()
    payload = _bomb()
    stop = threading.Event()
    statuses: list[int] = []

    def attack() -> None:
        with requests.Session() as session:
            while not stop.is_set():
                answer = session.post(
                    server.url + "/v1/enroll",
                    data=payload,
                    headers={"Content-Encoding": "gzip"},
                    timeout=60,
                )
                statuses.append(answer.status_code)

    try:
        quiet = _health_times(server, 20)
        attackers = [threading.Thread(target=attack, daemon=True) for _ in range(ATTACKERS)]
        for thread in attackers:
            thread.start()
        time.sleep(0.5)
        loaded = [t for _ in range(ROUNDS) for t in _health_times(server, 20)]
        stop.set()
        for thread in attackers:
            thread.join(timeout=60)
    finally:
        server.stop()
    print(
        f"\n/v1/health with {ATTACKERS} concurrent {len(payload) // 1024} KB gzip bombs "
        f"({len(statuses)} bombs answered, statuses {sorted(set(statuses))}):\n"
        f"  quiet   median {statistics.median(quiet):6.1f} ms  max {max(quiet):6.1f} ms\n"
        f"  loaded  median {statistics.median(loaded):6.1f} ms  "
        f"p95 {sorted(loaded)[int(len(loaded) * 0.95)]:6.1f} ms  max {max(loaded):6.1f} ms"
        f"  (target < 100 ms)"
    )


def _health_times(server: CountyServer, n: int) -> list[float]:
    times = []
    with requests.Session() as session:
        for _ in range(n):
            started = time.perf_counter()
            assert session.get(server.url + "/v1/health", timeout=30).status_code == 200
            times.append((time.perf_counter() - started) * 1000)
    return times
