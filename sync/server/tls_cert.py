"""The county's own certificate authority and the server certificate it signs.

A county server on an intranet address has no public certificate. ``county-server tls-cert``
makes a private CA (``ca.pem``, given to every station at enrollment) and a certificate for the
server's address signed by it. Stations trust that CA for the county connection only. The CA
key stays in the output folder (owner-only) so the server certificate can be renewed, or
issued for a new address, without handing stations a new ``ca.pem``.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from station_app.domain.errors import DomainError

CA_CERT = "ca.pem"
CA_KEY = "ca-key.pem"
SERVER_CERT = "server.pem"
SERVER_KEY = "server-key.pem"

CA_DAYS = 20 * 365
SERVER_DAYS = 5 * 365
ORGANISATION = "区县公共法律服务中心"

HostName = x509.DNSName | x509.IPAddress


class CertificateError(DomainError):
    pass


@dataclass(frozen=True)
class IssuedCertificates:
    ca_cert: Path
    server_cert: Path
    server_key: Path
    ca_reused: bool
    ca_fingerprint: str  # SHA-256, to read out over the phone when ca.pem is handed over
    server_expires: datetime


def host_names(hosts: list[str]) -> list[HostName]:
    """Each host as an IP address or DNS name entry; an empty or odd one is refused."""
    names: list[HostName] = []
    for raw in hosts:
        host = raw.strip().strip("[]").lower()
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
            continue
        except ValueError:
            pass
        labels = host.rstrip(".").split(".")
        if not host or any(
            not label
            or len(label) > 63
            or not label.replace("-", "").isalnum()
            or not label.isascii()
            for label in labels
        ):
            raise CertificateError(
                f"--host 应为 IP 地址或域名 / not an IP address or host name: {raw!r}"
            )
        names.append(x509.DNSName(host.rstrip(".")))
    if not names:
        raise CertificateError("至少需要一个 --host / at least one --host is needed")
    return names


def issue(hosts: list[str], out_dir: Path, *, now: datetime | None = None) -> IssuedCertificates:
    """Write (or reuse) the CA in ``out_dir`` and a fresh server certificate for ``hosts``."""
    names = host_names(hosts)
    now = now or datetime.now(UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    ca_cert_path, ca_key_path = out_dir / CA_CERT, out_dir / CA_KEY
    reused = ca_cert_path.exists() and ca_key_path.exists()
    if reused:
        ca_cert, ca_key = _load_ca(ca_cert_path, ca_key_path)
    else:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_cert = _ca_certificate(ca_key, now)
        _write_key(ca_key_path, ca_key)
        ca_cert_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = _server_certificate(server_key, ca_cert, ca_key, names, now)
    _write_key(out_dir / SERVER_KEY, server_key)
    # The chain (server, then CA) lets a client that pins only the CA build the path.
    (out_dir / SERVER_CERT).write_bytes(
        server_cert.public_bytes(serialization.Encoding.PEM)
        + ca_cert.public_bytes(serialization.Encoding.PEM)
    )
    return IssuedCertificates(
        ca_cert=ca_cert_path,
        server_cert=out_dir / SERVER_CERT,
        server_key=out_dir / SERVER_KEY,
        ca_reused=reused,
        ca_fingerprint=ca_cert.fingerprint(hashes.SHA256()).hex(":").upper(),
        server_expires=server_cert.not_valid_after_utc,
    )


def _load_ca(
    cert_path: Path, key_path: Path
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except ValueError as exc:
        raise CertificateError(
            f"{cert_path.parent} 中已有的 {CA_CERT}/{CA_KEY} 无法读取 / "
            "the existing CA cannot be read"
        ) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.public_key() != cert.public_key():
        raise CertificateError(f"{CA_KEY} 与 {CA_CERT} 不配套 / the CA key does not match ca.pem")
    return cert, key


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    """The private key, readable by its owner only from the moment it exists."""
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, 0o600)  # Windows ignores the mode; the folder's ACL protects it there


def _ca_certificate(key: ec.EllipticCurvePrivateKey, now: datetime) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, "Station Ledger County CA"),
        ]
    )
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _server_certificate(
    key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    names: list[HostName],
    now: datetime,
) -> x509.Certificate:
    first = names[0].value
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, str(first)),
        ]
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(min(now + timedelta(days=SERVER_DAYS), ca_cert.not_valid_after_utc))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
