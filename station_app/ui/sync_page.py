"""同步: what has and has not reached the county, a sync on demand, on a timer and when the
network comes back, and every record the county refused or found in conflict, with its reason.

All network work runs on the runner's network lane, never the store lane: a clerk's search does
not wait for a sync. The timer asks the network first (Qt's network information, then a
two-second probe of the county) and, while the county does not answer, tries ever more rarely
(sync_client/auto_sync.py) instead of running the retry ladder every ten minutes; a sync the
clerk starts still runs the ladder. 取消 leaves the page idle at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.audit_actions import entity_label
from station_app.domain.settings_schema import SYNC_LAST_SUCCESS, SYNC_SERVER
from station_app.sync_client.auto_sync import AutoSyncSchedule
from station_app.sync_client.messages import OFFLINE
from station_app.sync_client.transport import RETRYABLE
from station_app.ui.app_context import AppContext
from station_app.ui.i18n import tr
from station_app.ui.operations import Lane, Ticket
from station_app.ui.window_text import window_failure

#: How often the page looks whether an automatic sync is due (the schedule says when).
AUTO_SYNC_TICK_MS = 60_000


class SyncPage(QWidget):
    #: A sync run ended: its SyncReport.
    synced = Signal(object)

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("page_sync")
        self._ticket: Ticket | None = None
        self._auto = False  # the run in flight was started by the timer, not the clerk
        self.schedule = AutoSyncSchedule()
        self._network: Any = None  # QNetworkInformation, when a backend is available
        #: How hard a run retries a bad link (SyncConfig); None: the client's defaults.
        self.config: Any = None
        self._last_phase = ""
        self.report: Any = None

        title = QLabel(tr("同步到县中心"))
        title.setObjectName("pageTitle")
        self.server_label = QLabel()
        self.pending_label = QLabel()
        self.pending_label.setObjectName("unsentLabel")
        self.last_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        state = QFormLayout()
        state.addRow(tr("县中心服务器"), self.server_label)
        state.addRow(tr("待上传"), self.pending_label)
        state.addRow(tr("上次成功同步"), self.last_label)
        state.addRow(tr("结果"), self.message)

        self.sync_button = QPushButton(tr("立即同步"))
        self.sync_button.setObjectName("primary")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.phase = QLabel()
        self.cancel_button = QPushButton(tr("取消"))
        actions = QHBoxLayout()
        actions.addWidget(self.sync_button)
        actions.addWidget(self.phase)
        actions.addWidget(self.progress)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)

        self.enroll_box = QGroupBox(tr("本机登记（每台电脑一次）"))
        self.server_input = QLineEdit()
        self.server_input.setPlaceholderText(
            tr("县中心提供的地址，如 https://gflfw.example.gov.cn")
        )
        self.code_input = QLineEdit()
        self.code_input.setPlaceholderText(tr("县中心提供的一次性登记码"))
        self.ca_input = QLineEdit()
        self.ca_input.setObjectName("caFile")
        self.ca_input.setPlaceholderText(
            tr("县中心自建证书时提供的 ca.pem；使用正式证书的县中心不必填")
        )
        self.ca_button = QPushButton(tr("选择…"))
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_input, 1)
        ca_row.addWidget(self.ca_button)
        self.enroll_button = QPushButton(tr("登记"))
        enroll_form = QFormLayout(self.enroll_box)
        enroll_form.addRow(tr("服务器地址"), self.server_input)
        enroll_form.addRow(tr("登记码"), self.code_input)
        enroll_form.addRow(tr("县中心证书"), ca_row)
        enroll_form.addRow(self.enroll_button)

        self.problems = QTableWidget(0, 4)
        self.problems.setObjectName("syncProblems")
        self.problems.setHorizontalHeaderLabels([tr("类别"), tr("台账"), tr("记录"), tr("原因")])
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.verticalHeader().hide()
        self.problems.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.keep_mine_button = QPushButton(tr("冲突：保留本机版本"))
        self.take_county_button = QPushButton(tr("冲突：采用县中心版本"))
        conflict_actions = QHBoxLayout()
        conflict_actions.addWidget(self.keep_mine_button)
        conflict_actions.addWidget(self.take_county_button)
        conflict_actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(title)
        layout.addLayout(state)
        layout.addLayout(actions)
        layout.addWidget(self.enroll_box)
        layout.addWidget(QLabel(tr("被县中心退回或有冲突的记录（修改后重新保存即会再次上传）")))
        layout.addWidget(self.problems, 1)
        layout.addLayout(conflict_actions)

        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button.clicked.connect(self.cancel)
        self.enroll_button.clicked.connect(self.enroll)
        self.ca_button.clicked.connect(self.choose_ca_file)
        self.keep_mine_button.clicked.connect(lambda: self.resolve(keep_mine=True))
        self.take_county_button.clicked.connect(lambda: self.resolve(keep_mine=False))
        app.runner.changed.connect(lambda _entity: self.refresh_state())

        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_SYNC_TICK_MS)
        self.timer.timeout.connect(self.auto_sync_tick)
        self._watch_network()
        self._busy(False)
        self.refresh_state()

    # -- state --------------------------------------------------------------------------------

    def _access(self) -> Any:
        return self.app.services.replication

    def enrolled(self) -> bool:
        from station_app.sync_client.token_store import TokenStore

        server = self._access().setting(SYNC_SERVER)
        return bool(server) and TokenStore(self.app.services.store.data_dir).load() is not None

    def refresh_state(self) -> None:
        """The page's state; the counts only while it is on screen (and when it is shown):
        they group the whole outbox (every record of a store never synced, 200,000 at the
        biggest) on the GUI thread, too slow for the start-up and behind every save."""
        access = self._access()
        enrolled = self.enrolled()
        self.enroll_box.setVisible(not enrolled)
        if enrolled and not self.timer.isActive():
            self.timer.start()
        self._stale = not self.isVisible()
        if self._stale:
            return
        self.server_label.setText(access.setting(SYNC_SERVER) or tr("（本机尚未登记）"))
        self.pending_label.setText(tr("{0} 条").format(access.status().pending))
        self.last_label.setText(access.setting(SYNC_LAST_SUCCESS) or tr("从未"))
        self._fill_problems(access.quarantined())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh_state()

    def _fill_problems(self, quarantined: list[Any]) -> None:
        self.problems.setRowCount(len(quarantined))
        for r, q in enumerate(quarantined):
            kind = tr("冲突") if q.state.value == "conflict" else tr("退回")
            values = (kind, entity_label(q.entity), q.uuid[:8], q.reason)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(256, (q.uuid, q.state.value))
                self.problems.setItem(r, c, item)

    # -- syncing ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """A sync, enrollment or conflict settlement is in flight for this page."""
        return self._ticket is not None

    def auto_sync_tick(self) -> Ticket | None:
        """The timer's look: sync if due, enrolled and not known to be offline."""
        if self._ticket is not None or not self.schedule.due() or not self.enrolled():
            return None
        if self.network_state() == "offline":
            self.schedule.missed()  # no need to knock: the PC itself has no network
            return None
        return self._start_sync(auto=True)

    def sync_now(self) -> Ticket | None:
        """The clerk's 立即同步: straight to the run, retry ladder and all."""
        return self._start_sync(auto=False)

    def _start_sync(self, *, auto: bool) -> Ticket | None:
        if self._ticket is not None:
            return None
        from station_app.sync_client.engine import SyncEngine

        services, config = self.app.services, self.config
        self._auto = auto
        self._busy(True)
        self.message.setText(tr("正在同步…"))

        def work(progress: Any, cancelled: Any) -> Any:
            def report(p: Any) -> None:
                self._last_phase = p.phase  # shown with the progress report that follows
                progress(p.done, p.total)

            engine = SyncEngine(services, config=config)
            if auto and not engine.county_answers(cancelled):
                return None  # not reachable: no run, and the next try comes later
            return engine.run(report, cancelled)

        self._ticket = self.app.runner.submit(
            work,
            self._done,
            on_error=self._failed,
            on_progress=self._progress,
            label="auto sync" if auto else "sync",
            lane=Lane.NETWORK,
        )
        return self._ticket

    def _progress(self, done: int, total: int) -> None:
        self.phase.setText(self._last_phase)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _done(self, report: Any) -> None:
        self._ticket = None
        self._busy(False)
        if report is None:  # an automatic try that found the county unreachable
            self.schedule.missed()
            self.message.setText(self._next_try(OFFLINE))
            return
        if report.failure_kind is None or report.failure_kind not in RETRYABLE:
            self.schedule.succeeded()  # the county answered (even with a refusal)
        elif self._auto:
            self.schedule.missed()
        self.report = report
        self.message.setText(report.summary())
        self.refresh_state()
        self.app.runner.changed.emit("sync")
        self.synced.emit(report)

    def _next_try(self, why: str) -> str:
        minutes = round(self.schedule.wait() / 60)
        return tr("{0}（{1} 分钟后自动再试）").format(why, minutes)

    def _failed(self, exc: BaseException) -> None:
        self._ticket = None
        self._busy(False)
        if self._auto:
            self.schedule.missed()
        self.message.setText(window_failure(exc))

    def cancel(self) -> None:
        """Idle at once; the run stops on the network lane within a moment (a request in
        flight is abandoned and its answer never applied)."""
        if self._ticket is not None:
            self._ticket.cancel()
            self._ticket = None
            if self._auto:
                self.schedule.missed()  # not again at the next tick
        self._busy(False)
        self.message.setText(tr("已取消；未上传的记录仍保存在本机"))

    def choose_ca_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, tr("选择县中心证书文件"), "", tr("证书文件 (*.pem *.crt *.cer);;所有文件 (*)")
        )
        if chosen:
            self.ca_input.setText(chosen)

    def enroll(self) -> Ticket | None:
        from station_app.sync_client.enroll import enroll

        services = self.app.services
        server, code = self.server_input.text().strip(), self.code_input.text().strip()
        ca_text = self.ca_input.text().strip()
        ca_file = Path(ca_text) if ca_text else None
        if not server or not code:
            self.message.setText(tr("请填写服务器地址和登记码"))
            return None
        self._busy(True)
        self.message.setText(tr("正在登记…"))
        self._auto = False
        self._ticket = self.app.runner.submit(
            lambda _p, _c: enroll(services, server, code, ca_file=ca_file),
            self._enrolled,
            on_error=self._failed,
            label="enroll",
            lane=Lane.NETWORK,
        )
        return self._ticket

    def _enrolled(self, result: Any) -> None:
        self._ticket = None
        self._busy(False)
        self.code_input.clear()
        self.ca_input.clear()
        self.message.setText(tr("登记成功：{0}").format(result.station))
        self.refresh_state()
        self.app.runner.changed.emit("organisation")

    def resolve(self, *, keep_mine: bool) -> Ticket | None:
        rows = self.problems.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.problems.item(rows[0].row(), 0)
        if item is None:
            return None
        uuid, state = item.data(256)
        if state != "conflict":
            self.message.setText(tr("退回的记录请在台账中修改后重新保存"))
            return None
        from station_app.sync_client.engine import SyncEngine

        engine = SyncEngine(self.app.services)
        self._auto = False
        self._busy(True)
        self._ticket = self.app.runner.submit(
            lambda _p, _c: engine.resolve_conflict(uuid, keep_mine=keep_mine),
            lambda _r: self._resolved(),
            on_error=self._failed,
            label="resolve conflict",
            lane=Lane.NETWORK,
        )
        return self._ticket

    def _resolved(self) -> None:
        self._ticket = None
        self._busy(False)
        self.refresh_state()
        self.sync_now()

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.phase.setVisible(busy)
        self.sync_button.setEnabled(not busy)
        self.enroll_button.setEnabled(not busy)
        if busy:
            self.progress.setRange(0, 0)

    # -- when the network comes back ----------------------------------------------------------

    def _watch_network(self) -> None:
        """Qt's network information says when the PC is offline, and when it goes online
        again: sync then."""
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:  # a bundle without QtNetwork: the probe alone decides
            return
        if not QNetworkInformation.loadDefaultBackend():
            return  # no backend (offscreen, some desktops): "unknown"
        info = QNetworkInformation.instance()
        if info is not None:
            self._network = info
            info.reachabilityChanged.connect(self._reachability)

    def network_state(self) -> str:
        """ "offline" (the PC has no network at all), "online", or "unknown" (no backend, or
        it cannot tell): only "offline" skips the probe."""
        if self._network is None:
            return "unknown"
        from PySide6.QtNetwork import QNetworkInformation

        reachability = self._network.reachability()
        if reachability == QNetworkInformation.Reachability.Disconnected:
            return "offline"
        if reachability == QNetworkInformation.Reachability.Unknown:
            return "unknown"
        return "online"

    def _reachability(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online:
            self.network_back()

    def network_back(self) -> None:
        """The network came back: the backoff is over, try now."""
        self.schedule.network_back()
        self.auto_sync_tick()
