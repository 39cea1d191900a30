"""The running tally beside the keying screen: year and quarter against target, per field,
pacing, the next report due, and the last save. Refreshed after every save."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.forms import FormRecord, format_serial
from app.domain.periods import ROMAN
from app.domain.tally import Tally
from app.services.keying import KeyingService
from app.ui.early_qt import ALIGN_RIGHT, ALIGN_TOP, ALIGN_VCENTER
from app.ui.style import MUTED, OK, set_background, set_text_colour

PANEL_WIDTH = 280


def _bar(parent: QWidget) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setTextVisible(False)
    bar.setFixedHeight(12)
    palette = bar.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f6b3a"))
    bar.setPalette(palette)
    return bar


class TallyPanel(QFrame):
    """Numbers from ``KeyingService.tally()``; call ``refresh()`` after a save."""

    def __init__(self, service: KeyingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tallyPanel")
        self.service = service
        self.tally: Tally | None = None
        self.setFixedWidth(PANEL_WIDTH)
        self.setFrameShape(QFrame.Shape.NoFrame)
        set_background(self, "#f4f6f8")
        self._build()
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        heading = QFont(self.font())
        heading.setBold(True)

        self.year_title = QLabel(self)
        self.year_title.setObjectName("yearTitle")
        self.year_title.setFont(heading)
        self.year_count = QLabel(self)
        self.year_count.setObjectName("yearCount")
        self.year_count.setFont(heading)
        layout.addLayout(self._pair(self.year_title, self.year_count))
        self.year_bar = _bar(self)
        layout.addWidget(self.year_bar)
        layout.addSpacing(8)

        self.quarter_title = QLabel(self)
        self.quarter_title.setObjectName("quarterTitle")
        self.quarter_title.setFont(heading)
        self.quarter_count = QLabel(self)
        self.quarter_count.setObjectName("quarterCount")
        self.quarter_count.setFont(heading)
        layout.addLayout(self._pair(self.quarter_title, self.quarter_count))
        self.quarter_bar = _bar(self)
        layout.addWidget(self.quarter_bar)
        layout.addSpacing(10)

        fields_title = QLabel(self.tr("By field of service"), self)
        set_text_colour(fields_title, MUTED)
        layout.addWidget(fields_title)
        self.fields_box = QWidget(self)
        self.fields_grid = QGridLayout(self.fields_box)
        self.fields_grid.setContentsMargins(0, 0, 0, 0)
        self.fields_grid.setHorizontalSpacing(10)
        self.fields_grid.setVerticalSpacing(3)
        self.fields_grid.setColumnStretch(0, 1)
        layout.addWidget(self.fields_box)
        self.voided = QLabel(self)
        self.voided.setObjectName("voidedCount")
        set_text_colour(self.voided, MUTED)
        layout.addWidget(self.voided)
        layout.addSpacing(10)

        # Printed forms (issue 3): only once the unit printed numbered forms with the program.
        self.issued_box = QWidget(self)
        self.issued_box.setObjectName("issuedBox")
        issued_layout = QVBoxLayout(self.issued_box)
        issued_layout.setContentsMargins(0, 0, 0, 0)
        issued_layout.setSpacing(3)
        issued_title = QLabel(self.tr("Printed forms"), self.issued_box)
        set_text_colour(issued_title, MUTED)
        issued_layout.addWidget(issued_title)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(0, 1)
        self.issued_counts: dict[str, QLabel] = {}
        for row, (key, text) in enumerate((
                ("issued", self.tr("Handed out (printed)")),
                ("keyed", self.tr("Keyed (voided included)")),
                ("spoiled", self.tr("Spoiled or lost")),
                ("missing", self.tr("Not keyed yet (F4)")))):
            grid.addWidget(QLabel(text, self.issued_box), row, 0)
            count = QLabel(self.issued_box)
            count.setObjectName(f"issued_{key}")
            count.setProperty("alignment", ALIGN_RIGHT | ALIGN_TOP)  # no Qt yet: early_qt
            grid.addWidget(count, row, 1)
            self.issued_counts[key] = count
        issued_layout.addLayout(grid)
        layout.addWidget(self.issued_box)
        layout.addSpacing(10)

        self.pacing = QLabel(self)
        self.pacing.setObjectName("pacing")
        self.pacing.setWordWrap(True)
        layout.addWidget(self.pacing)
        self.due = QLabel(self)
        self.due.setObjectName("dueLine")
        self.due.setWordWrap(True)
        layout.addWidget(self.due)
        layout.addStretch(1)

        self.last_saved = QLabel(self)
        self.last_saved.setObjectName("lastSaved")
        self.last_saved.setWordWrap(True)
        big = QFont(self.font())
        big.setBold(True)
        big.setPointSizeF(self.font().pointSizeF() * 1.15)
        self.last_saved.setFont(big)
        set_text_colour(self.last_saved, OK)
        layout.addWidget(self.last_saved)

    @staticmethod
    def _pair(left: QLabel, right: QLabel) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(left)
        row.addStretch(1)
        right.setProperty("alignment", ALIGN_RIGHT | ALIGN_VCENTER)
        row.addWidget(right)
        return row

    def refresh(self) -> None:
        t = self.service.tally()
        self.tally = t
        self.year_title.setText(self.tr("YEAR {year}").format(year=t.year))
        self.year_count.setText(f"{t.year_count}/{t.yearly_target}")
        self.year_bar.setRange(0, max(t.yearly_target, 1))
        self.year_bar.setValue(min(t.year_count, t.yearly_target))
        self.quarter_title.setText(self.tr("QUARTER {quarter}").format(
            quarter=ROMAN[t.quarter - 1]))
        self.quarter_count.setText(f"{t.quarter_count}/{t.quarter_target}")
        self.quarter_bar.setRange(0, max(t.quarter_target, 1))
        self.quarter_bar.setValue(min(t.quarter_count, t.quarter_target))
        self._fill_fields(t)
        self.voided.setText(self.tr("Voided forms: {count}").format(count=t.voided))
        self.issued_box.setVisible(t.issuance is not None)
        if t.issuance is not None:
            for key, count in self.issued_counts.items():
                count.setText(f"{getattr(t.issuance, key):,}".replace(",", "."))  # 1.234
        if t.pacing.target_met:
            self.pacing.setText(self.tr("✓ Yearly target reached"))
        elif t.pacing.remaining_days <= 0:
            self.pacing.setText(self.tr("Year over: {missing} forms short of {target}").format(
                missing=t.pacing.remaining_forms, target=t.yearly_target))
        else:
            self.pacing.setText(self.tr("Need {per_week} forms/week to reach {target} forms")
                                .format(per_week=t.pacing.per_week, target=t.yearly_target))
        due = t.due
        if due.days_left == 0:
            left = self.tr("today")
        else:
            left = self.tr("{days} days left").format(days=due.days_left)
        self.due.setText(self.tr("Quarter {quarter} report due: {date} ({left})").format(
            quarter=ROMAN[due.quarter - 1], date=due.due.strftime("%d/%m/%Y"), left=left))

    def _fill_fields(self, t: Tally) -> None:
        while self.fields_grid.count():
            item = self.fields_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for row, fc in enumerate(t.by_field):
            name = QLabel(fc.label or self.tr("Field not marked"), self.fields_box)
            name.setWordWrap(True)
            count = QLabel(str(fc.count), self.fields_box)
            count.setObjectName(f"fieldCount_{fc.code}")
            count.setProperty("alignment", ALIGN_RIGHT | ALIGN_TOP)  # no Qt yet: early_qt
            self.fields_grid.addWidget(name, row, 0)
            self.fields_grid.addWidget(count, row, 1)

    def show_saved(self, record: FormRecord) -> None:
        self.last_saved.setText(self.tr("✓ Saved form {serial}").format(
            serial=format_serial(record.serial)))

    def field_count(self, code: str) -> int | None:
        """The count shown for a field of service (for tests and the status line)."""
        if self.tally is None:
            return None
        return next((fc.count for fc in self.tally.by_field if fc.code == code), None)
