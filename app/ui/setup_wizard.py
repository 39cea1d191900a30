"""The first-run wizard (DESIGN.md Workflows 1): who the unit is, its target, fields of service,
questionnaire, signer and the clerk's name. Nothing is stored before Finish; ``exec()`` returns
``Accepted`` only after ``apply_settings`` saved everything.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.services.setup import apply_settings, default_settings, last_operator
from app.services.workspace import Workspace
from app.ui.settings_form import EnterMovesOn, SettingsForm, section_of, suggested_place


class _SectionPage(QWizardPage):
    def __init__(self, wizard: SetupWizard, section: str, title: str, subtitle: str) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.section = section
        self.setTitle(title)
        self.setSubTitle(subtitle)
        layout = QVBoxLayout(self)
        layout.addWidget(wizard.form.build_section(section))
        layout.addStretch(1)
        ends_early = wizard.form.fields if section == "fields" else None
        self.enter = EnterMovesOn(wizard.form.enter_order(section), self, ends_early)

    def initializePage(self) -> None:
        form = self.wizard_.form
        if self.section == "signing" and not form.place_name.text().strip():
            form.place_name.setText(suggested_place(form.unit_name.text()))
        first = self.enter.order[0]
        first.setFocus()
        if isinstance(first, QLineEdit | QAbstractSpinBox):
            first.selectAll()

    def validatePage(self) -> bool:
        return self.wizard_.check_section(self.section)


class SetupWizard(QWizard):
    """First-run settings. ``exec()`` is Accepted only once the settings are stored."""

    SECTIONS = ("unit", "target", "fields", "questionnaire", "signing")

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("setup_wizard")
        self.setWindowTitle(self.tr("khaosat – first-time setup"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Finish and save"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Quit without saving"))
        self.saved = False

        self.form = SettingsForm(ws, self, with_due_day=False, with_operator=True)
        texts = {
            "unit": (self.tr("Your unit"),
                     self.tr("Step 1 of 5. The commune and its one-stop office, as printed on "
                             "reports. Enter moves to the next box.")),
            "target": (self.tr("Year and target"),
                       self.tr("Step 2 of 5. How many forms to collect this year.")),
            "fields": (self.tr("Fields of service"),
                       self.tr("Step 3 of 5. The fields a citizen can tick on the form.")),
            "questionnaire": (self.tr("Questionnaire"),
                              self.tr("Step 4 of 5. The version of the paper form in use.")),
            "signing": (self.tr("Signer and clerk"),
                        self.tr("Step 5 of 5. Who signs the reports and who keys the forms. "
                                "Finish saves everything.")),
        }
        self.page_ids: dict[str, int] = {}
        for section in self.SECTIONS:
            title, subtitle = texts[section]
            self.page_ids[section] = self.addPage(_SectionPage(self, section, title, subtitle))
        self.form.set_settings(default_settings(ws.today().year), last_operator(ws) or "")
        self.resize(860, 640)

    # -- validation ---------------------------------------------------------------------------
    def check_section(self, section: str) -> bool:
        """Show this section's issues; on the last page, save everything."""
        keys = self.form.section_keys(section)
        shown = self.form.show_issues(self.form.check(), keys)
        if shown:
            self.form.focus_input(shown[0])
            return False
        if section == self.SECTIONS[-1]:
            return self.finish()
        return True

    def finish(self) -> bool:
        """Validate all, store the chosen questionnaire if it came from a file, save."""
        issues = self.form.check()
        if not issues:
            self.form.store_chosen_questionnaire()
            issues = apply_settings(self.ws, self.form.settings(), self.form.operator_name())
        if issues:
            shown = self.form.show_issues(issues)
            if shown:
                self.go_to_input(shown[0])
            return False
        self.saved = True
        return True

    def go_to_input(self, key: str) -> None:
        section = section_of(key) or self.SECTIONS[0]
        target = self.page_ids[section]
        while self.currentId() != target and self.currentId() != self.startId():
            self.back()
        self.form.focus_input(key)

    def reject(self) -> None:
        if not self.saved and self.is_dirty() and not self.confirm_quit():
            return
        super().reject()

    def is_dirty(self) -> bool:
        s = self.form.settings()
        return bool(s.unit_name or s.unit_code or s.parent_name or s.recipient_name)

    def confirm_quit(self) -> bool:
        """Ask before throwing the typing away (a hook the tests replace)."""
        answer = QMessageBox.question(
            self, self.tr("Quit the setup?"),
            self.tr("Nothing has been saved yet. Quit the setup and lose what you typed?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
