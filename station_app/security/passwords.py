"""Password hashes: scrypt (memory-hard, in the standard library), parameters kept in the hash.

``scrypt$N$r$p$salt$hash`` lets a later version raise the cost and still check old hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

#: 2**14 x 8 x 128 bytes = 16 MiB and about 50 ms a check on an office PC: cheap for one
#: sign-in, costly for a guesser with a stolen store.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
_SALT_BYTES = 16
_HASH_BYTES = 32


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # surrogatepass: a password read from an environment or terminal that is not valid UTF-8
    # arrives with lone surrogates; it hashes (and so is simply wrong, like any other) instead
    # of failing, which would tell whether the user name exists. Valid text encodes as before.
    data = password.encode("utf-8", "surrogatepass")
    return hashlib.scrypt(data, salt=salt, n=n, r=r, p=p, dklen=_HASH_BYTES, maxmem=2**26)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = os.urandom(_SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str | None) -> bool:
    """True if ``password`` matches; False for a wrong one, no hash, or a damaged hash."""
    if not stored:
        # Spend the same time as a real check, so timing does not tell which accounts exist.
        _scrypt(password, b"\0" * _SALT_BYTES, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
