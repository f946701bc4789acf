"""The county's certificate authority, as this device trusts it.

A county on an intranet address signs its server certificate with its own CA
(``county-server tls-cert``) and gives stations ``ca.pem``. At enrollment the file is checked
and a copy kept in the data folder, so the device goes on verifying the county after the USB
stick it came on is gone (and a backup of the folder carries it). Without a CA file the usual
trust store applies.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography import x509

from station_app.domain.errors import DomainError

#: The copy in the data folder; the sync setting ``ca_file`` names it relative to the folder.
CA_FILENAME = "county-ca.pem"
MAX_CA_BYTES = 1024 * 1024


class CaFileError(DomainError):
    pass


def read_ca(path: Path) -> bytes:
    """The PEM certificates in ``path``, or CaFileError saying what is wrong with the file."""
    try:
        if path.stat().st_size > MAX_CA_BYTES:
            raise CaFileError("县中心证书文件过大，不是证书文件 / not a certificate file")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise CaFileError("找不到县中心证书文件 / no such certificate file") from exc
    except OSError as exc:
        raise CaFileError("无法读取县中心证书文件 / cannot read the certificate file") from exc
    try:
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError as exc:
        raise CaFileError(
            "县中心证书文件格式不正确，应为县中心提供的 ca.pem（PEM 格式）"
            " / not a PEM certificate file"
        ) from exc
    if not certificates:
        raise CaFileError("县中心证书文件中没有证书 / no certificate in the file")
    return data


def keep_ca(data_dir: Path, pem: bytes | None) -> str | None:
    """Keep ``pem`` as the data folder's CA copy (None: trust store, any old copy removed);
    returns the value for the ``ca_file`` setting."""
    target = data_dir / CA_FILENAME
    if pem is None:
        target.unlink(missing_ok=True)
        return None
    partial = target.with_suffix(".tmp")
    partial.write_bytes(pem)
    os.replace(partial, target)
    return CA_FILENAME


def ca_path(data_dir: Path, setting: object) -> str | None:
    """The CA file a sync verifies the county against, from the ``ca_file`` setting
    (relative to the data folder; an absolute path from an older enrollment as it is)."""
    if not isinstance(setting, str) or not setting:
        return None
    path = Path(setting)
    return str(path if path.is_absolute() else data_dir / path)
