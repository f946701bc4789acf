"""Why a station's store will not open, as the app, the CLI and the recovery dialogs tell it.

Here rather than in storage/ so that the UI and the CLI can catch them without reaching into
the store's modules (the store maintenance service raises them).
"""

from __future__ import annotations

from pathlib import Path

from station_app.domain.errors import DomainError


class DamagedStoreError(DomainError):
    """The station's own data file is not a database or fails the check at start-up."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(
            f"数据文件已损坏，无法打开（{problem}）：{path}"
            " / the data file is damaged and cannot be opened"
        )


class DataKeyError(DomainError):
    """This PC cannot open the store's personal numbers: the key is missing or not this one."""
