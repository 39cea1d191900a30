"""A thin Qt table adapter over the review list (``FormListRow`` from app.services.forms)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.forms import FormStatus
from app.domain.text import fold_for_search
from app.services.forms import FormListRow

_Index = QModelIndex | QPersistentModelIndex
VOID_COLOUR = QColor("#6d6d6d")


def format_keyed_at(value: datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


class FormTableModel(QAbstractTableModel):
    COL_SERIAL = 0
    COL_DATE = 1
    COL_FIELD = 2
    COL_OPERATOR = 3
    COL_KEYED_AT = 4
    COL_STATUS = 5
    COL_OPINION = 6
    COLUMN_COUNT = 7

    FORM_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int: the form's database id
    STATUS_ROLE = Qt.ItemDataRole.UserRole + 2  # str: "active" | "void"
    SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # a value that sorts the column correctly

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[FormListRow] = []
        self._headers = [
            self.tr("Serial"), self.tr("Date"), self.tr("Field"), self.tr("Keyed by"),
            self.tr("Keyed at"), self.tr("Status"), self.tr("Opinion"),
        ]

    # -- content --------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[FormListRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> FormListRow:
        return self._rows[row]

    def rows(self) -> list[FormListRow]:
        return list(self._rows)

    def row_of_form(self, form_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.record.id == form_id:
                return i
        return None

    def field_text(self, row: FormListRow) -> str:
        if row.field_label:
            return row.field_label
        if row.field_code == "0":
            return self.tr("(blank)")
        if row.field_code == "9":
            return self.tr("(unreadable)")
        return row.field_code

    def status_text(self, row: FormListRow) -> str:
        return self.tr("Void") if row.record.status is FormStatus.VOID else self.tr("Valid")

    # -- Qt model API -------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < self.COLUMN_COUNT):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        record = row.record
        col = index.column()
        void = record.status is FormStatus.VOID
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == self.FORM_ID_ROLE:
            return record.id
        if role == self.STATUS_ROLE:
            return str(record.status)
        if role == self.SORT_ROLE:
            return self._sort_key(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_OPINION and record.opinion:
                return record.opinion
            if void:
                return self.tr("Void: {reason}").format(reason=record.void_reason or "—")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and void:
            return QBrush(VOID_COLOUR)
        if role == Qt.ItemDataRole.FontRole and void:
            font = QFont()
            font.setStrikeOut(col != self.COL_STATUS)
            font.setBold(col == self.COL_STATUS)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.COL_SERIAL, self.COL_DATE,
                                                                 self.COL_KEYED_AT):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: FormListRow, col: int) -> str:
        record = row.record
        if col == self.COL_SERIAL:
            return row.serial_text
        if col == self.COL_DATE:
            return record.survey_date.strftime("%d/%m/%Y")
        if col == self.COL_FIELD:
            return self.field_text(row)
        if col == self.COL_OPERATOR:
            return record.operator
        if col == self.COL_KEYED_AT:
            return format_keyed_at(record.keyed_at)
        if col == self.COL_STATUS:
            return self.status_text(row)
        if col == self.COL_OPINION:
            return record.opinion
        return ""

    def _sort_key(self, row: FormListRow, col: int) -> Any:
        record = row.record
        if col == self.COL_SERIAL:
            return (record.year, record.serial)
        if col == self.COL_DATE:
            return (record.survey_date.toordinal(), record.serial)
        if col == self.COL_KEYED_AT:
            return record.keyed_at.timestamp() if record.keyed_at else 0.0
        return fold_for_search(self._display(row, col))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.COLUMN_COUNT:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = list(self._rows)
        self._rows.sort(key=lambda r: self._sort_key(r, column),
                        reverse=order == Qt.SortOrder.DescendingOrder)
        position = {id(r): i for i, r in enumerate(self._rows)}
        new = [self.index(position[id(old_rows[idx.row()])], idx.column()) for idx in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
