"""The OS key store (Windows Credential Manager via ``keyring``) and the file used without one.

Where no key store backend works (a Linux box without a Secret Service, a test machine) a
secret goes into a file readable by its owner only (0600), written atomically.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("station.security")


#: Real OS key stores rank 1 and above (Windows Credential Manager 5); the fail, null and
#: keyrings.alt file backends rank below, and a plaintext file in ~/.local is no better than
#: our own 0600 file.
MIN_PRIORITY = 1


def keyring_usable() -> bool:
    """True when ``keyring`` has a real OS backend."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    priority = getattr(backend, "priority", 0)
    return isinstance(priority, int | float) and priority >= MIN_PRIORITY


def keyring_get(service: str, account: str) -> str | None:
    if not keyring_usable():
        return None
    try:
        import keyring

        return keyring.get_password(service, account) or None
    except Exception:  # a locked or broken key store: the caller falls back
        log.warning("key store could not be read")
        return None


def keyring_set(service: str, account: str, secret: str) -> bool:
    """Keep ``secret`` in the OS key store; False when there is none or it refused."""
    if not keyring_usable():
        return False
    try:
        import keyring

        keyring.set_password(service, account, secret)
        return True
    except Exception:
        log.warning("key store refused the secret; using a 0600 file instead")
        return False


def write_private_file(path: Path, content: str) -> None:
    """Write ``content`` readable by the owner only, replacing the file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
