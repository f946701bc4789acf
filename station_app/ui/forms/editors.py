"""One editor widget per kind of field, each with value()/set_value() in domain types."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QDate,
    QEvent,
    QRegularExpression,
    QSortFilterProxyModel,
    QStringListModel,
    Qt,
    QTime,
)
from PySide6.QtGui import QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QWidget,
)

from station_app.ui.forms.pinyin_match import matches
from station_app.ui.i18n import tr

#: Shown by an optional date field with no date.
NO_DATE = QDate(1900, 1, 1)


class DateEditor(QDateEdit):
    """Defaults to today; an optional one may be blank (shows 未填; the Delete key empties it)."""

    def __init__(self, *, optional: bool, today: date) -> None:
        super().__init__()
        self.optional = optional
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMaximumDate(QDate(today.year, today.month, today.day))
        if optional:
            self.setMinimumDate(NO_DATE)
            self.setSpecialValueText(tr("未填"))
            self.setDate(NO_DATE)
        else:
            self.setMinimumDate(QDate(1950, 1, 1))
            self.setDate(QDate(today.year, today.month, today.day))

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab leaves the field instead of stepping year -> month -> day: typing a date moves
        # through its sections by itself.
        return QWidget.focusNextPrevChild(self, next)

    def value(self) -> date | None:
        d = self.date()
        if self.optional and d == NO_DATE:
            return None
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        if value is None:
            if self.optional:
                self.setDate(NO_DATE)
            return
        self.setDate(QDate(value.year, value.month, value.day))

    def keyPressEvent(self, event: Any) -> None:
        if self.optional and event.key() == Qt.Key.Key_Delete and self.date() != NO_DATE:
            self.setDate(NO_DATE)  # Delete empties an optional date
            return
        super().keyPressEvent(event)


class TimeEditor(QTimeEdit):
    def __init__(self, default: time) -> None:
        super().__init__()
        self.setDisplayFormat("HH:mm")
        self.set_value(default)

    def value(self) -> time:
        t = self.time()
        return time(t.hour(), t.minute())

    def set_value(self, value: time | None) -> None:
        if value is not None:
            self.setTime(QTime(value.hour, value.minute))


class TextEditor(QLineEdit):
    def __init__(self, max_len: int = 100) -> None:
        super().__init__()
        self.setMaxLength(max_len)

    def value(self) -> str | None:
        return self.text().strip() or None

    def set_value(self, value: str | None) -> None:
        self.setText(value or "")


class IdNumberEditor(TextEditor):
    """A resident ID number: wide enough for all 18 characters, masked or in clear."""

    def __init__(self) -> None:
        super().__init__(18)
        digits = self.fontMetrics().horizontalAdvance("0" * 17 + "X")
        self.setMinimumWidth(digits + 24)  # the frame and the text margins


class NamesEditor(TextEditor):
    """Several names typed as 张三、李四 (or with commas or spaces)."""

    def value(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(n for n in re.split(r"[、,，;；\s]+", self.text()) if n)

    def set_value(self, value: Sequence[str] | None) -> None:
        self.setText("、".join(value or ()))


class LongTextEditor(QPlainTextEdit):
    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.setMinimumHeight(56)
        self.setMaximumHeight(90)

    def value(self) -> str | None:
        return self.toPlainText().strip() or None

    def set_value(self, value: str | None) -> None:
        self.setPlainText(value or "")


class LinesEditor(LongTextEditor):
    """A numbered list typed one item a line (申请事项, 协议内容); Enter starts the next item,
    Tab moves on. Numbers typed before items are dropped by the domain (it numbers them)."""

    def value(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(line.strip() for line in self.toPlainText().splitlines() if line.strip())

    def set_value(self, value: Sequence[str] | None) -> None:
        self.setPlainText("\n".join(value or ()))


class IntEditor(QLineEdit):
    def __init__(self, lo: int = 0, hi: int = 1_000_000) -> None:
        super().__init__()
        self.setValidator(QIntValidator(lo, hi, self))
        self.setMaximumWidth(120)

    def value(self) -> int | None:
        text = self.text().strip()
        return int(text) if text else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


class MoneyEditor(QLineEdit):
    def __init__(self) -> None:
        super().__init__()
        self.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,12}(\.\d{0,2})?"), self)
        )
        self.setPlaceholderText(tr("元"))
        self.setMaximumWidth(160)

    def value(self) -> Decimal | None:
        text = self.text().strip()
        try:
            return Decimal(text) if text else None
        except InvalidOperation:
            return None

    def set_value(self, value: Decimal | None) -> None:
        self.setText("" if value is None else f"{value:.2f}")


class CheckEditor(QCheckBox):
    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: bool | None) -> None:
        self.setChecked(bool(value))


class ChoiceEditor(QComboBox):
    """A closed list. Typing filters by Chinese text or pinyin (qsc finds 青石村)."""

    def __init__(self, items: Sequence[tuple[str, Any]], *, optional: bool) -> None:
        super().__init__()
        self._values: list[Any] = []
        if optional:
            self.addItem("")
            self._values.append(None)
        for text, value in items:
            self.addItem(text)
            self._values.append(value)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._proxy = _PinyinProxy(self)
        self._proxy.setSourceModel(
            QStringListModel([self.itemText(i) for i in range(self.count())], self)
        )
        completer = QCompleter(self._proxy, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[str].connect(self._pick)  # type: ignore[index]
        self.setCompleter(completer)
        popup = completer.popup()
        assert popup is not None
        popup.installEventFilter(self)
        # Focus leaves through the combo or its line edit, depending on the platform style.
        self.installEventFilter(self)
        self._line().installEventFilter(self)
        line = self._line()
        line.textEdited.connect(self._proxy.set_needle)
        line.editingFinished.connect(self._settle)
        self.setMinimumContentsLength(8)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """Leaving the field settles a partial entry; Tab in the open suggestions moves on."""
        kind = event.type()
        if (
            kind == QEvent.Type.FocusOut
            and watched in (self, self.lineEdit())
            and event.reason() != Qt.FocusReason.PopupFocusReason
        ):
            self._hide_popup()
            self._settle()
        elif kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._hide_popup()
            self._settle()
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab)
            return True
        return super().eventFilter(watched, event)

    def _hide_popup(self) -> None:
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            popup.hide()

    def _pick(self, text: str) -> None:
        index = self.findText(text)
        if index >= 0:
            self.setCurrentIndex(index)

    def _settle(self) -> None:
        """Leaving the field with a partial entry picks the single match, or reverts."""
        text = self.currentText()
        if self.findText(text) >= 0:
            self._pick(text)
            return
        hits = [
            self.itemText(i)
            for i in range(self.count())
            if self.itemText(i) and matches(self.itemText(i), text)
        ]
        self._pick(hits[0] if len(hits) == 1 else self.itemText(self.currentIndex()))
        self._line().setText(self.itemText(self.currentIndex()))

    def _line(self) -> QLineEdit:
        line = self.lineEdit()
        assert line is not None  # the combo is editable
        return line

    def value(self) -> Any:
        self._settle()
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def set_value(self, value: Any) -> None:
        try:
            self.setCurrentIndex(self._values.index(value))
        except ValueError:
            self.setCurrentIndex(0)


class _PinyinProxy(QSortFilterProxyModel):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Any) -> bool:
        text = self.sourceModel().index(row, 0, parent).data() or ""
        return bool(text) and matches(str(text), self._needle)


def enum_choice(enum: type[StrEnum], *, optional: bool) -> ChoiceEditor:
    return ChoiceEditor([(e.value, e) for e in enum], optional=optional)


class MultiChoiceEditor(QWidget):
    """Several values of a closed list (特殊群体), as tick boxes."""

    def __init__(self, enum: type[StrEnum], columns: int = 4) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self._boxes: list[tuple[QCheckBox, StrEnum]] = []
        for i, member in enumerate(enum):
            box = QCheckBox(member.value)
            grid.addWidget(box, i // columns, i % columns)
            self._boxes.append((box, member))

    def value(self) -> tuple[StrEnum, ...]:
        return tuple(member for box, member in self._boxes if box.isChecked())

    def set_value(self, value: Sequence[StrEnum] | None) -> None:
        chosen = set(value or ())
        for box, member in self._boxes:
            box.setChecked(member in chosen)
