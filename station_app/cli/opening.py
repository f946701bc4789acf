"""How every `station` command opens the store: through the maintenance service, signed in as
``--user`` unless the command needs no account, a damaged store told with the way back."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from station_app.cli import session
from station_app.cli.errors import UsageError
from station_app.domain.errors import DomainError
from station_app.domain.store_errors import DamagedStoreError
from station_app.services.station_services import StationServices
from station_app.services.store_maintenance import StoreMaintenance

#: ``open_services(args, must_exist=True, signed_in=True)``, handed to each command module.
Opener = Callable[..., StationServices]


def maintenance(args: argparse.Namespace) -> StoreMaintenance:
    return StoreMaintenance(args.data_dir)


def no_store(args: argparse.Namespace) -> UsageError:
    return UsageError(f"数据目录中还没有台账，请先运行 station init / no store in {args.data_dir}")


def open_services(
    args: argparse.Namespace, *, must_exist: bool = True, signed_in: bool = True
) -> StationServices:
    """The services, signed in as ``--user`` unless ``signed_in`` is False (init, check)."""
    store = maintenance(args)
    if must_exist and not store.has_store():
        raise no_store(args)
    try:
        services = store.open()
    except DamagedStoreError as exc:
        raise DomainError(f"{exc}；{restore_advice(store)}") from exc
    if signed_in:
        try:
            session.sign_in(services, args)
        except BaseException:
            services.close()
            raise
    return services


def restore_advice(store: StoreMaintenance) -> str:
    """Where a damaged store's user goes next: the newest good backup and the command."""
    good = store.newest_good_backup()
    if good is None:
        return f"备份目录 {store.backup_dir} 中没有完好的备份，请联系技术支持"
    return (
        f"最新的完好备份：{good.path.name}（{good.local_time():%Y-%m-%d %H:%M}），"
        f'恢复请运行：station restore "{good.path}"'
    )
