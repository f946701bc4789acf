"""A table model that holds only record ids and fetches rows when the view asks for them.

At 200,000 records the ids are a few megabytes; rows are read a block at a time into a small
cache, so opening or searching a ledger never loads every record into Python objects.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from station_app.domain.records import Stored
from station_app.services.ledger_service import LedgerService
from station_app.services.organisation_service import StationInfo
from station_app.ui.i18n import tr
from station_app.ui.ledger_columns import Column

BLOCK = 100
CACHE_LIMIT = 3000

Index = QModelIndex | QPersistentModelIndex

# The view asks data() some nine roles for each cell it paints (2,000+ calls a screenful):
# roles as plain ints and answers made once keep each call to a dictionary look-up.
DISPLAY = Qt.ItemDataRole.DisplayRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class LedgerTableModel(QAbstractTableModel):
    #: The user clicked a header: the page re-queries in that order (sorting happens in SQL).
    sort_requested = Signal(str, bool)

    def __init__(
        self,
        service: LedgerService[Any],
        columns: tuple[Column, ...],
        station: StationInfo,
        dispute_names: dict[str, str],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._columns = columns
        self._station = station
        self._dispute_names = dispute_names
        self._ids: list[int] = []
        self._cache: OrderedDict[int, Stored[Any]] = OrderedDict()
        #: record id -> its cells' text and whether it is voided, made when first painted
        self._cells: dict[int, tuple[tuple[str, ...], bool]] = {}
        self._align = [RIGHT if c.numeric else LEFT for c in columns]
        self._grey = QBrush(QColor("#8a8f98"))
        self._holding = False

    # -- feeding -----------------------------------------------------------------------------

    def set_ids(self, ids: list[int], first: Sequence[Stored[Any]] = ()) -> None:
        """A new id list; ``first``: its first records, read with it off the GUI thread, so
        the first paint reads nothing itself."""
        self.beginResetModel()
        self._ids = ids
        self._cache.clear()
        self._cells.clear()
        for stored in first:
            self._cache[stored.id] = stored
        self._holding = False
        self.endResetModel()

    def hold_reads(self, hold: bool = True) -> None:
        """A new id list is on its way (``set_ids``): until it comes, painting shows only the
        rows already read and reads no others on the GUI thread (a page shown for the first
        time would otherwise read a block of records for rows about to be replaced).
        ``hold=False``: it will not come (cancelled, failed); rows read as they are painted."""
        self._holding = hold
        if not hold and self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self._columns) - 1)
            )

    @contextmanager
    def cached_only(self) -> Iterator[None]:
        """Paint only the rows already read meanwhile (a page painted off screen reads
        nothing); unlike ``hold_reads``, nothing is repainted after."""
        holding, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = holding

    def extend_ids(self, ids: list[int]) -> None:
        """The full list arrived after a first screenful: append the new rows in place,
        or start over if the first rows are no longer its beginning (the data moved)."""
        known = len(self._ids)
        if ids[:known] != self._ids:
            self.set_ids(ids)
            return
        if len(ids) > known:
            self.beginInsertRows(QModelIndex(), known, len(ids) - 1)
            self._ids = ids
            self.endInsertRows()

    def set_station(self, station: StationInfo) -> None:
        self._station = station
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Rows may have changed but not the id list (an edit): drop the cache and repaint."""
        self._cache.clear()
        self._cells.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self._columns) - 1)
            )

    def record_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int | None:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return None

    def record(self, row: int) -> Stored[Any] | None:
        record_id = self.record_id(row)
        if record_id is None:
            return None
        found = self._cache.get(record_id)
        if found is None:
            start = row - row % BLOCK
            for stored in self._service.get_many(self._ids[start : start + BLOCK]):
                self._cache[stored.id] = stored
            while len(self._cache) > CACHE_LIMIT:
                self._cells.pop(self._cache.popitem(last=False)[0], None)
            found = self._cache.get(record_id)
        return found

    # -- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._columns):
            return tr(self._columns[section].header)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._ids) and 0 <= column < len(self._columns)):
            return None  # an invalid index is row -1
        if role == ALIGNMENT:
            return self._align[column]
        if role != DISPLAY and role != TOOLTIP and role != FOREGROUND:
            return None
        cells = self._row_cells(row)
        if cells is None:
            return None
        if role == FOREGROUND:
            return self._grey if cells[1] else None
        return cells[0][column]

    def _row_cells(self, row: int) -> tuple[tuple[str, ...], bool] | None:
        """A row's text, rendered once for all its cells and roles."""
        record_id = self._ids[row]
        cells = self._cells.get(record_id)
        if cells is not None:
            return cells
        record = self._cache.get(record_id) if self._holding else self.record(row)
        if record is None:
            return None
        station, names = self._station, self._dispute_names
        text = tuple(c.value(record, station, names) for c in self._columns)
        cells = self._cells[record_id] = (text, record.meta.voided)
        return cells

    def flags(self, index: Index) -> Qt.ItemFlag:
        return CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self._columns) and self._columns[column].sort_field:
            field = self._columns[column].sort_field
            assert field is not None
            self.sort_requested.emit(field, order == Qt.SortOrder.DescendingOrder)
