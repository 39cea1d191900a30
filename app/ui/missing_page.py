"""Forms not keyed yet ("Phiếu chưa nhập", F4): serials handed out but not back, per print run.

A serial whose paper will never come back (torn, lost…) is marked spoiled here, with a reason,
and leaves the list; Ctrl+Z on it puts it back. Every change is audited by the service.
Keyboard: arrows move, Shift/Ctrl+arrows select several, Del marks spoiled, Ctrl+Z undoes.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.forms import Issue, format_serial
from app.domain.issuance import MAX_REASON_LENGTH, SpoilKind, clean_reason
from app.services import issuance
from app.services.issuance import IssuanceOverview
from app.services.workspace import Workspace
from app.ui import messages, style
from app.ui.issuance_text import issuance_text, kind_text, range_text
from app.ui.style import set_bold, set_text_colour

SERIAL_ROLE = Qt.ItemDataRole.UserRole + 1  # int serial on serial rows, absent on batch rows
SPOILED_ROLE = Qt.ItemDataRole.UserRole + 2  # True on spoiled rows


class SpoilDialog(QDialog):
    """Which serials, why: torn or spoiled / lost / other (reason required for "other")."""

    def __init__(self, serials: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spoilDialog")
        self.setWindowTitle(self.tr("Mark spoiled or lost"))
        layout = QVBoxLayout(self)
        shown = ", ".join(format_serial(n) for n in serials[:8])
        if len(serials) > 8:
            shown += self.tr(" and {count} more").format(count=len(serials) - 8)
        heading = QLabel(self.tr("Forms {serials} will leave the list of forms not keyed.")
                         .format(serials=shown), self)
        heading.setWordWrap(True)
        set_bold(heading)
        layout.addWidget(heading)
        self.kinds = QButtonGroup(self)
        for kind, text in ((SpoilKind.TORN, self.tr("&1  Torn, soiled or misprinted")),
                           (SpoilKind.LOST, self.tr("&2  Lost (the citizen took it, mislaid)")),
                           (SpoilKind.OTHER, self.tr("&3  Other reason (write it below)"))):
            button = QRadioButton(text, self)
            button.setObjectName(f"kind_{kind}")
            button.setProperty("kind", str(kind))
            self.kinds.addButton(button)
            layout.addWidget(button)
        self.kinds.buttons()[0].setChecked(True)
        reason_label = QLabel(self.tr("&Reason (optional unless \u201cother\u201d)"), self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setMaxLength(MAX_REASON_LENGTH)
        reason_label.setBuddy(self.reason_edit)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason_edit)
        self.error = QLabel(self)
        self.error.setObjectName("spoilError")
        set_text_colour(self.error, style.ERROR)
        layout.addWidget(self.error)
        box = QDialogButtonBox(self)
        ok = box.addButton(self.tr("Mark spoiled"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        box.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.reason_edit.setFocus()

    @property
    def kind(self) -> SpoilKind:
        checked = self.kinds.checkedButton()
        return SpoilKind(str(checked.property("kind"))) if checked else SpoilKind.TORN

    @property
    def reason(self) -> str:
        return clean_reason(self.reason_edit.text())

    def accept(self) -> None:
        if self.kind is SpoilKind.OTHER and not self.reason:
            self.error.setText("✗ " + issuance_text_for("spoil_reason_empty"))
            self.reason_edit.setFocus()
            return
        super().accept()


def ask_spoil(serials: list[int], parent: QWidget | None) -> tuple[SpoilKind, str] | None:
    """The kind and reason, or None if the clerk gave up. Tests replace this function."""
    dialog = SpoilDialog(serials, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.kind, dialog.reason


class MissingPage(QWidget):
    def __init__(self, ws: Workspace, operator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("missingPage")
        self.ws = ws
        self.operator = operator
        self.view: IssuanceOverview | None = None
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 8)
        self.title = QLabel(self)
        self.title.setObjectName("missingTitle")
        set_bold(self.title, scale=1.15)
        layout.addWidget(self.title)
        self.counts = QLabel(self)
        self.counts.setObjectName("missingCounts")
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("missingTree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Serial"), self.tr("State"), self.tr("Note")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 1)

        row = QHBoxLayout()
        self.spoil_button = QPushButton(self.tr("Mark spoiled or lost… (Del)"), self)
        self.spoil_button.setObjectName("spoilButton")
        self.unspoil_button = QPushButton(self.tr("Put back on the list (Ctrl+Z)"), self)
        self.unspoil_button.setObjectName("unspoilButton")
        row.addWidget(self.spoil_button)
        row.addWidget(self.unspoil_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel(self)
        self.message.setObjectName("missingMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        hint = QLabel(self.tr("↑↓ choose · Shift+↑↓ choose several · Del mark spoiled or lost · "
                              "Ctrl+Z put back · Ctrl+P print more forms · F2 key forms"), self)
        set_text_colour(hint, style.MUTED)
        layout.addWidget(hint)

        self.spoil_action = QAction(self.tr("Mark spoiled or lost"), self)
        self.spoil_action.setObjectName("action_spoil")
        self.spoil_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.spoil_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.spoil_action.triggered.connect(self.spoil_selected)
        self.unspoil_action = QAction(self.tr("Put back on the list"), self)
        self.unspoil_action.setObjectName("action_unspoil")
        self.unspoil_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.unspoil_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.unspoil_action.triggered.connect(self.unspoil_selected)
        self.addAction(self.spoil_action)
        self.addAction(self.unspoil_action)
        self.spoil_button.clicked.connect(self.spoil_selected)
        self.unspoil_button.clicked.connect(self.unspoil_selected)
        self.tree.itemSelectionChanged.connect(self._selection_changed)

    # -- filling -------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = set(self.selected_serials(spoiled=None))
        view = issuance.overview(self.ws)
        self.view = view
        self.title.setText(self.tr("Forms not keyed yet — year {year}").format(year=view.year))
        c = view.counts
        if not c.batches:
            self.counts.setText(self.tr(
                "No numbered forms were printed with this program this year, so there is "
                "nothing to compare with. Print forms with Ctrl+P: their serials are then "
                "followed here."))
        else:
            text = self.tr("Handed out {issued} · keyed {keyed} · spoiled or lost {spoiled} · "
                           "not keyed yet {missing}").format(
                issued=c.issued, keyed=c.keyed, spoiled=c.spoiled, missing=c.missing)
            if c.keyed_not_issued:
                text += self.tr(" · keyed with a serial never printed: {count}").format(
                    count=c.keyed_not_issued)
            self.counts.setText(text)
        if view.blank_batches:
            copies = sum(b.count for b in view.blank_batches)
            self.counts.setText(self.counts.text() + "\n" + self.tr(
                "Masters for photocopying printed: {count} (no serial, not followed here)")
                .format(count=copies))
        self._fill_tree(view, selected)
        self._selection_changed()

    def _fill_tree(self, view: IssuanceOverview, selected: set[int]) -> None:
        self.tree.clear()
        first_missing: QTreeWidgetItem | None = None
        for group in view.groups:
            batch = group.batch
            assert batch.first is not None and batch.last is not None
            if group.missing:
                state = self.tr("{count} not keyed").format(count=len(group.missing))
            else:
                state = self.tr("all back ✓")
            top = QTreeWidgetItem([
                range_text(batch.first, batch.last), state,
                self.tr("printed {date} by {operator}, {count} forms").format(
                    date=batch.issued_at.strftime("%d/%m/%Y"), operator=batch.operator,
                    count=batch.count)])
            set_item_bold(top)
            self.tree.addTopLevelItem(top)
            rows: list[tuple[int, QTreeWidgetItem]] = []
            for serial in group.missing:
                item = QTreeWidgetItem([format_serial(serial), self.tr("not keyed yet"), ""])
                item.setData(0, SERIAL_ROLE, serial)
                item.setData(0, SPOILED_ROLE, False)
                rows.append((serial, item))
            for gone in group.spoiled:
                note = self.tr("{reason} — marked {date} by {operator}").format(
                    reason=gone.reason or "—", date=gone.at.strftime("%d/%m/%Y"),
                    operator=gone.operator)
                item = QTreeWidgetItem([format_serial(gone.serial), kind_text(str(gone.kind)),
                                        note])
                item.setData(0, SERIAL_ROLE, gone.serial)
                item.setData(0, SPOILED_ROLE, True)
                item.setForeground(1, self.palette().placeholderText())
                rows.append((gone.serial, item))
            for serial, item in sorted(rows, key=lambda pair: pair[0]):
                top.addChild(item)
                if serial in selected:
                    item.setSelected(True)
                if first_missing is None and not item.data(0, SPOILED_ROLE):
                    first_missing = item
            top.setExpanded(bool(rows))
        kept = self.tree.selectedItems()
        if kept:  # the rows chosen before the refresh stay chosen
            self.tree.setCurrentItem(kept[0], 0, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.tree.scrollToItem(kept[0])
        elif first_missing is not None:
            self.tree.setCurrentItem(first_missing)
            parent = first_missing.parent()  # its batch line (dates, who printed) stays in view
            self.tree.scrollToItem(parent or first_missing,
                                   QAbstractItemView.ScrollHint.PositionAtTop)

    # -- selection -------------------------------------------------------------------------
    def selected_serials(self, *, spoiled: bool | None) -> list[int]:
        """Serials of the selected rows (all, only missing, or only spoiled), in order."""
        out = []
        for item in self.tree.selectedItems():
            serial = item.data(0, SERIAL_ROLE)
            if serial is None:
                continue
            if spoiled is None or bool(item.data(0, SPOILED_ROLE)) is spoiled:
                out.append(int(serial))
        current = self.tree.currentItem()
        if not out and current is not None and current.data(0, SERIAL_ROLE) is not None and (
                spoiled is None or bool(current.data(0, SPOILED_ROLE)) is spoiled):
            out.append(int(current.data(0, SERIAL_ROLE)))  # the row with the focus frame
        return sorted(set(out))

    def _selection_changed(self) -> None:
        self.spoil_button.setEnabled(bool(self.selected_serials(spoiled=False)))
        self.unspoil_button.setEnabled(bool(self.selected_serials(spoiled=True)))

    def select_serials(self, serials: set[int]) -> None:
        """Select exactly these serial rows (tests and the keyboard path use it)."""
        self.tree.clearSelection()
        last = None
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                item = top.child(j)
                if item.data(0, SERIAL_ROLE) in serials:
                    item.setSelected(True)
                    last = item
        if last is not None:
            self.tree.scrollToItem(last)

    # -- commands --------------------------------------------------------------------------
    def spoil_selected(self) -> None:
        serials = self.selected_serials(spoiled=False)
        if not serials:
            self._say(issuance_text_for(code="spoil_nothing_selected"), style.ERROR)
            return
        answer = ask_spoil(serials, self)
        if answer is None:
            self.tree.setFocus()
            return
        kind, reason = answer
        refusal = issuance.spoil(self.ws, self.operator, serials, kind, reason)
        if refusal is not None:
            self._say("✗ " + issuance_text(refusal), style.ERROR)
        else:
            self._say(self.tr("✓ Marked {kind}: {serials}").format(
                kind=kind_text(str(kind)),
                serials=", ".join(format_serial(n) for n in serials)), style.OK)
        self.refresh()
        self.tree.setFocus()

    def unspoil_selected(self) -> None:
        serials = self.selected_serials(spoiled=True)
        if not serials:
            self._say(self.tr("Choose a serial marked spoiled or lost first."), style.ERROR)
            return
        shown = ", ".join(format_serial(n) for n in serials)
        if not messages.confirm(
                self, self.tr("Put back on the list"),
                self.tr("The paper of {serials} turned up? Put it back on the list of forms "
                        "not keyed yet.").format(serials=shown),
                self.tr("Put back"), self.tr("Keep it marked"), default_yes=True):
            self.tree.setFocus()
            return
        count = issuance.unspoil(self.ws, self.operator, serials)
        self._say(self.tr("✓ Back on the list: {serials}").format(serials=shown)
                  if count else self.tr("Nothing changed."), style.OK)
        self.refresh()
        self.tree.setFocus()

    def _say(self, text: str, colour: str) -> None:
        set_text_colour(self.message, colour)
        self.message.setText(text)

    def setFocus(self) -> None:  # type: ignore[override]
        """The main window gives the page the keyboard: the list takes it."""
        self.tree.setFocus()


def issuance_text_for(code: str) -> str:
    return issuance_text(Issue(code))


def set_item_bold(item: QTreeWidgetItem) -> None:
    for column in range(3):
        font = item.font(column)
        font.setBold(True)
        item.setFont(column, font)
