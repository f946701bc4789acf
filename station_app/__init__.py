"""Station Ledger (公共法律服务工作站台账).

The package is layered so the path of a record reads from the tree:
``domain`` (rules, no I/O) -> ``services`` (use cases) -> ``storage`` (SQLite, outbox) -> ``sync``.
``ui`` is a thin Qt shell over ``services``; nothing outside ``ui`` imports Qt.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("station-ledger")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
