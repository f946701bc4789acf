"""Records reach the county encrypted: HTTPS with the county's own CA (``county-server tls-cert``),
nothing sent to a server the station cannot verify, and no plain HTTP off this machine."""

from __future__ import annotations

import shutil
import socket
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.outbox import OutboxState
from station_app.services.station_services import StationServices
from station_app.storage.outbox_table import OutboxRow
from station_app.sync_client.county_ca import CA_FILENAME
from station_app.sync_client.token_store import TOKEN_FILENAME, TokenStore
from station_app.sync_client.transport import ServerUrlError, checked_server_url
from sync.server.db import CountyDatabase
from sync.server.models import RecordRow
from tests.sync_support import (
    STATION_NAME,
    CountyServer,
    county,
    county_init,
    enrollment_code,
    init_station,
    needs_scripts,
    sqlite_url,
    station,
    station_here,
)

pytestmark = needs_scripts

CERTIFICATE_MESSAGE = "无法验证县中心服务器的证书"


def tls_cert(out: Path, *hosts: str) -> subprocess.CompletedProcess[str]:
    args = [a for h in hosts for a in ("--host", h)]
    done = county("sqlite://", "tls-cert", *args, "--out", str(out))
    assert done.returncode == 0, done.stderr
    return done


def consultations(data_dir: Path, n: int) -> None:
    services = StationServices.open(data_dir)
    try:
        for i in range(n):
            services.consultations.create(
                ConsultationDraft(
                    consulted_on=date(2026, 11, 20),
                    channel=ConsultChannel.VISIT,
                    name="钱七",
                    category=ConsultCategory.HOUSING,
                    question=f"安置房产权证第{i}问",
                    receiver="孙站员",
                    outcome=ConsultOutcome.ANSWERED,
                )
            )
    finally:
        services.close()


def outbox(data_dir: Path) -> tuple[int, int]:
    """(records waiting to be sent, outbox rows marked delivered)."""
    services = StationServices.open(data_dir)
    try:
        pending = services.replication.status().pending
        with services.store.read() as session:
            delivered = session.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.state == OutboxState.ACKNOWLEDGED)
            )
        return pending, int(delivered or 0)
    finally:
        services.close()


def county_records(db_url: str) -> int:
    db = CountyDatabase.open(db_url, upgrade=False)
    try:
        with db.read() as session:
            return int(session.scalar(select(func.count()).select_from(RecordRow)) or 0)
    finally:
        db.close()


def test_tls_cert_makes_a_ca_and_a_server_certificate_for_the_host(tmp_path: Path) -> None:
    from cryptography import x509

    done = tls_cert(tmp_path / "tls", "10.20.30.40", "gflfw.county.local")
    assert "ca.pem" in done.stdout and "--certfile" in done.stdout
    tls = tmp_path / "tls"
    for key in ("server-key.pem", "ca-key.pem"):
        assert stat.S_IMODE((tls / key).stat().st_mode) == 0o600
    server = x509.load_pem_x509_certificates((tls / "server.pem").read_bytes())[0]
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ["10.20.30.40"]
    assert names.get_values_for_type(x509.DNSName) == ["gflfw.county.local"]
    ca = x509.load_pem_x509_certificate((tls / "ca.pem").read_bytes())
    assert server.issuer == ca.subject
    server.verify_directly_issued_by(ca)
    # Run again (a new address, a renewal): the same CA signs, stations keep their ca.pem.
    again = tls_cert(tls, "10.20.30.41")
    assert "沿用" in again.stdout
    assert x509.load_pem_x509_certificate((tls / "ca.pem").read_bytes()) == ca
    renewed = x509.load_pem_x509_certificates((tls / "server.pem").read_bytes())[0]
    renewed.verify_directly_issued_by(ca)
    bad = county("sqlite://", "tls-cert", "--host", "not a host!", "--out", str(tmp_path / "x"))
    assert bad.returncode == 1 and "IP 地址或域名" in bad.stderr


def test_serve_wants_both_certificate_files(tmp_path: Path) -> None:
    done = county(sqlite_url(tmp_path), "serve", "--certfile", str(tmp_path / "server.pem"))
    assert done.returncode == 2 and "--keyfile" in done.stderr


@pytest.mark.slow
def test_sync_over_https_needs_the_countys_ca_and_sends_nothing_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The enrolments and the refused sync run `station`'s main in this process (a process
    each costs a second or two of CPU); the sync that gets through is a process of its own."""
    monkeypatch.setenv("STATION_SYNC_BACKOFF", "0.05")
    tls, other = tmp_path / "tls", tmp_path / "other-ca"
    tls_cert(tls, "127.0.0.1")
    tls_cert(other, "127.0.0.1")  # a CA of the same shape, not the county's
    db_url = sqlite_url(tmp_path)
    county_init(db_url)
    server = CountyServer(db_url, tmp_path, tls=(tls / "server.pem", tls / "server-key.pem"))
    server.start()
    try:
        data = tmp_path / "station"
        init_station(data)
        consultations(data, 3)
        assert server.url.startswith("https://")

        def enroll(*extra: str) -> tuple[int, str]:
            code = enrollment_code(db_url, STATION_NAME)
            done = station_here(
                "enroll", "--data-dir", str(data), "--server", server.url, "--code", code, *extra
            )  # fmt: skip
            assert "Traceback" not in done.stderr
            return done.returncode, done.stdout + done.stderr

        # Without the county's CA (the usual trust store) and with another CA: refused.
        for extra in ((), ("--ca", str(other / "ca.pem"))):
            code, text = enroll(*extra)
            assert code == 1 and CERTIFICATE_MESSAGE in text, text
            assert not (data / TOKEN_FILENAME).exists()
        # A CA file that is not a certificate is refused before anything else.
        junk = tmp_path / "junk.pem"
        junk.write_text("not a certificate")
        code, text = enroll("--ca", str(junk))
        assert code == 2 and "证书文件格式不正确" in text

        # With the county's ca.pem (off a USB stick): enrolled, and a copy kept with the data.
        stick = tmp_path / "usb" / "ca.pem"
        stick.parent.mkdir()
        shutil.copy(tls / "ca.pem", stick)
        code, text = enroll("--ca", str(stick))
        assert code == 0, text
        assert (data / CA_FILENAME).read_bytes() == (tls / "ca.pem").read_bytes()
        stick.unlink()  # the stick is gone: the copy is what the sync verifies against

        # The county's certificate no longer verifies (the copy now holds another CA):
        # the sync stops with the certificate message and nothing is marked sent.
        shutil.copy(other / "ca.pem", data / CA_FILENAME)
        done = station_here("sync", "--data-dir", str(data))
        assert done.returncode == 1
        assert CERTIFICATE_MESSAGE in done.stdout and "Traceback" not in done.stderr
        pending, delivered = outbox(data)
        assert delivered == 0 and pending >= 3  # three records and the station's villages
        assert county_records(db_url) == 0

        shutil.copy(tls / "ca.pem", data / CA_FILENAME)
        monkeypatch.delenv("STATION_SYNC_BACKOFF")  # as before: the last sync waits as shipped
        done = station("sync", "--data-dir", str(data))
        assert done.returncode == 0, done.stdout + done.stderr
        assert outbox(data)[0] == 0
        assert county_records(db_url) >= 3
    finally:
        server.stop()


def _own_address() -> str | None:
    """This machine's address on its network (not loopback), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            address = str(s.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_plain_http_off_this_machine_is_refused_before_any_connection(tmp_path: Path) -> None:
    for allowed in ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765"):
        assert checked_server_url(allowed) == allowed
    assert checked_server_url("https://10.20.30.40:8765/") == "https://10.20.30.40:8765"
    for refused in (
        "http://10.20.30.40:8765",
        "http://gflfw.county.local",
        "http://127.evil.example:8765",  # a name that only looks like loopback
        "ftp://127.0.0.1",
        "http://127.0.0.1:notaport",
    ):
        with pytest.raises(ServerUrlError):
            checked_server_url(refused)

    address = _own_address() or "192.0.2.1"
    with socket.socket() as listener:
        listener.bind(("0.0.0.0", 0))
        listener.listen(5)
        listener.setblocking(False)
        url = f"http://{address}:{listener.getsockname()[1]}"
        done = station_here(
            "enroll", "--data-dir", str(tmp_path / "s"), "--server", url, "--code", "ABCD-EFGH-JKLM"
        )
        assert done.returncode == 2
        assert "必须以 https:// 开头" in done.stderr and "Traceback" not in done.stderr
        assert not (tmp_path / "s" / "station.db").exists()  # refused before the store is made
        data = tmp_path / "station"
        init_station(data)
        TokenStore(data).save("a-token-from-an-earlier-enrollment")
        synced = station("sync", "--data-dir", str(data), "--server", url)
        assert synced.returncode == 1 and "必须以 https:// 开头" in synced.stdout
        with pytest.raises(BlockingIOError):  # nobody knocked
            listener.accept()
