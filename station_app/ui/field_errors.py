"""Errors under the fields they concern, that go away as soon as the field is put right.

A form shows the domain's complaints under each field; when the clerk edits a field that has
one, the form is checked again and that field's error is updated or hidden, so no stale 必填
stays beside a field that has been filled in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


def on_change(widget: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever the value the clerk sees in ``widget`` changes.

    A combo reports a chosen entry, not every key typed into it (its type-ahead settles the
    text only when the clerk leaves it)."""
    if isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _i: slot())
    elif isinstance(widget, QLineEdit):
        widget.textChanged.connect(lambda _t: slot())
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QDateTimeEdit):
        widget.dateTimeChanged.connect(lambda _d: slot())
    elif isinstance(widget, QAbstractSpinBox):
        widget.editingFinished.connect(slot)
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(lambda _b: slot())
    else:  # a compound editor: each of its parts
        for child in widget.findChildren(QAbstractButton):
            child.toggled.connect(lambda _b: slot())
        for line in widget.findChildren(QLineEdit):
            line.textChanged.connect(lambda _t: slot())


def mark(editor: QWidget, bad: bool) -> None:
    """The red frame of a field in error (the stylesheet's ``[invalid="true"]``)."""
    editor.setProperty("invalid", bad)
    style = editor.style()
    style.unpolish(editor)
    style.polish(editor)


class FieldErrors:
    """The fields of one form, each with its error label. ``recheck`` answers, for the form
    as it stands, {field: [messages]}."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.recheck: Callable[[], dict[str, list[str]]] | None = None

    def add(self, key: str, editor: QWidget, label: QLabel) -> None:
        self._fields[key] = (editor, label)
        self.watch(key, editor)

    def watch(self, key: str, widget: QWidget) -> None:
        """Another widget whose edits may fix ``key``'s error."""
        on_change(widget, lambda: self.edited(key))

    def label(self, key: str) -> QLabel:
        return self._fields[key][1]

    def clear(self) -> None:
        for editor, label in self._fields.values():
            label.clear()
            label.hide()
            mark(editor, False)

    def show(self, problems: list[tuple[str, str]], *, leftover: QLabel) -> None:
        """Each message under its field, the rest in ``leftover``; the cursor goes to the
        first field in error."""
        self.clear()
        grouped: dict[str, list[str]] = {}
        rest: list[str] = []
        for key, message in problems:
            if key in self._fields:
                grouped.setdefault(key, []).append(message)
            else:
                rest.append(message)
        first: Any = None
        for key, messages in grouped.items():
            editor, label = self._fields[key]
            label.setText("；".join(messages))
            label.show()
            mark(editor, True)
            first = first or editor
        leftover.setText("\n".join(rest))
        leftover.setVisible(bool(rest))
        if first is not None:
            first.setFocus()

    def edited(self, key: str) -> None:
        """``key`` changed: if it shows an error, check again and keep only what still holds."""
        entry = self._fields.get(key)
        if entry is None or entry[1].isHidden() or self.recheck is None:
            return
        editor, label = entry
        messages = self.recheck().get(key, [])
        if messages:
            label.setText("；".join(messages))
        else:
            label.clear()
            label.hide()
            mark(editor, False)
