"""The store's data key as the station head sees it: the recovery key to write down."""

from __future__ import annotations

from station_app.domain.access import Right
from station_app.domain.errors import NotFoundError
from station_app.security.key_store import recovery_text
from station_app.services.context import ServiceContext


class KeyService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def recovery_key(self) -> str:
        """The data key as ``ABCD-EFGH-…`` for the head to keep on paper; audited."""
        self.ctx.require(Right.RECOVERY_KEY, "只有站长可以导出恢复密钥")
        store = self.ctx.store
        key = store.keys.load(store.key_id)
        if key is None:
            raise NotFoundError("本机找不到数据密钥 / data key not found")
        with store.write() as session:
            self.ctx.audit(session, "export_recovery_key")
        return recovery_text(key)
