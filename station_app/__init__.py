"""Station Ledger (公共法律服务工作站台账).

The package is layered so the path of a record reads from the tree:
``domain`` (rules, no I/O) -> ``services`` (use cases) -> ``storage`` (SQLite, outbox) -> ``sync``.
``ui`` is a thin Qt shell over ``services``; nothing outside ``ui`` imports Qt.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    """``__version__`` is looked up on first use: importlib.metadata costs the window's first
    paint a tenth of a second, and SQLAlchemy imports it anyway once the store opens."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("station-ledger")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
