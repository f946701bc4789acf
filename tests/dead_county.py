"""A county server that is not there: a loopback socket that takes connections and never
answers ("hang", a line that went dead mid-way) or drops each at once ("drop"), counting them."""

from __future__ import annotations

import socket
import threading
from types import TracebackType
from typing import Literal


class DeadCounty:
    def __init__(self, mode: Literal["hang", "drop"] = "hang") -> None:
        self.mode = mode
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)
        self.port = int(self._listener.getsockname()[1])
        self._thread = threading.Thread(target=self._accept, name="dead-county", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            if self.mode == "drop":
                conn.close()
            else:
                self._held.append(conn)

    def close(self) -> None:
        """Stop listening and close what it holds: a client still waiting gets an EOF."""
        self._stop.set()
        self._thread.join(5)
        self._listener.close()
        for conn in self._held:
            conn.close()

    def __enter__(self) -> DeadCounty:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
