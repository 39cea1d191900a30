"""The unit-settings widgets shared by the first-run wizard and the settings dialog.

``SettingsForm`` owns every input and builds *sections* (plain widgets) that the wizard spreads
over its pages and the settings dialog puts on tabs. It reads and writes ``UnitSettings`` and
turns the domain's issue codes into red Vietnamese sentences next to the field concerned.
Nothing here writes to the database except ``store_chosen_questionnaire``, which the owner
calls only when the user finishes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.forms import Issue
from app.domain.questionnaire import MAX_OPTIONS, ChoiceOption, Questionnaire, QuestionnaireError
from app.domain.quota import minimum_sample
from app.domain.settings import (
    DEFAULT_CATALOGUE,
    PERIOD_CALENDAR,
    PERIOD_DECREE_09,
    UnitSettings,
    normalise_unit_code,
    validate_settings,
)
from app.domain.text import fold_for_search, nfc
from app.services.setup import available_questionnaires
from app.services.workspace import Workspace, read_questionnaire_file

translate = QCoreApplication.translate  # the name lupdate looks for

ERROR_COLOUR = "#b00020"
OK_COLOUR = "#1b5e20"

# Which input an issue code belongs to (the key of ``SettingsForm.inputs``).
ISSUE_TARGETS: dict[str, str] = {
    "unit_name_empty": "unit_name",
    "unit_code_format": "unit_code",
    "year_out_of_range": "year",
    "target_out_of_range": "yearly_target",
    "fields_count": "fields",
    "fields_duplicate": "fields",
    "field_invalid": "fields",
    "due_day_out_of_range": "due_day",
    "period_cutoff_unknown": "period_cutoff",
    "questionnaire_unknown": "questionnaire",
    "operator_empty": "operator",
}

# The sections, in the order the wizard shows them, with the inputs each holds.
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "unit": ("unit_name", "unit_code", "office_name", "parent_name", "recipient_name",
             "backup_mirror_dir"),
    "target": ("year", "yearly_target", "due_day", "period_cutoff"),
    "fields": ("fields",),
    "questionnaire": ("questionnaire",),
    "signing": ("place_name", "signer_title", "signer_name", "pkcs11_module", "operator"),
}


def format_int(n: int) -> str:
    """A count the Vietnamese way: 12.000."""
    return f"{n:,}".replace(",", ".")


def one_line(text: str) -> str:
    """NFC, trimmed, inner runs of spaces collapsed: how every text setting is stored."""
    return " ".join(nfc(text).split())


def section_of(key: str) -> str | None:
    return next((name for name, keys in SECTION_KEYS.items() if key in keys), None)


# -- messages -----------------------------------------------------------------------------------
class _Params(dict):  # type: ignore[type-arg]
    """Format parameters where a missing one reads as empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def _settings_templates() -> dict[str, str]:
    return {
        "unit_name_empty": translate(
            "SettingsForm", "Enter the unit's name, e.g. Ủy ban nhân dân xã Nam Đông."),
        "unit_code_format": translate(
            "SettingsForm", "The unit code must be exactly 5 digits (you entered “{text}”)."),
        "year_out_of_range": translate("SettingsForm", "The year must be between 2000 and 2100."),
        "target_out_of_range": translate(
            "SettingsForm", "The yearly target must be between 1 and 100.000 forms."),
        "fields_count": translate(
            "SettingsForm", "Enter at least one field of service and at most {max}."),
        "fields_duplicate": translate(
            "SettingsForm",
            "Two fields of service have the same code; every code must be different."),
        "field_no_label": translate("SettingsForm", "The field with code “{code}” has no name."),
        "field_invalid": translate(
            "SettingsForm",
            "Code “{code}” of “{label}”: use capital letters without accents, digits or _ "
            "(at most 16, starting with a letter), e.g. TP."),
        "due_day_out_of_range": translate("SettingsForm", "The due day must be between 1 and 28."),
        "period_cutoff_unknown": translate(
            "SettingsForm",
            "The report periods setting “{value}” is not known: choose calendar quarters or "
            "the Decree 09/2019 cut-off."),
        "questionnaire_unknown": translate(
            "SettingsForm",
            "Questionnaire {id} version {version} is not available: choose one from the "
            "list."),
        "operator_empty": translate(
            "SettingsForm", "Enter your name: it is recorded with every form you key in."),
    }


def issue_message(issue: Issue) -> str:
    """A settings issue code as a Vietnamese sentence (through the translation)."""
    params = _Params(issue.params)
    params.setdefault("max", MAX_OPTIONS)
    code = issue.code
    if code == "field_invalid" and not str(params.get("label", "")).strip():
        code = "field_no_label"
    template = _settings_templates().get(code)
    if template is None:
        return translate("SettingsForm", "Not accepted ({code}).").format(code=issue.code)
    return template.format_map(params)


def _type_name(expected: object) -> str:
    names = {
        "string": translate("SettingsForm", "text"),
        "integer": translate("SettingsForm", "whole number"),
        "number": translate("SettingsForm", "number"),
        "array": translate("SettingsForm", "list"),
        "object": translate("SettingsForm", "group of entries"),
        "boolean": translate("SettingsForm", "yes/no"),
    }
    wanted = expected if isinstance(expected, list) else [expected]
    return translate("SettingsForm", " or ").join(
        names.get(str(name), str(name)) for name in wanted)


def _listed(values: object) -> str:
    if isinstance(values, (list, tuple)):
        return ", ".join(str(v) for v in values)
    return str(values)


def _problem_templates() -> dict[str, str]:
    return {
        "unreadable": translate("SettingsForm", "The file cannot be read ({reason})."),
        "invalid_json": translate(
            "SettingsForm", "The file is not valid JSON: error at line {line}, column {column}."),
        "required": translate("SettingsForm", "A required entry is missing: {missing}."),
        "type": translate("SettingsForm", "Wrong kind of value: a {expected} is expected here."),
        "enum": translate("SettingsForm", "Value not allowed; allowed values: {expected}."),
        "const": translate("SettingsForm", "The value must be {expected}."),
        "pattern": translate(
            "SettingsForm", "The value does not have the required form (pattern {expected})."),
        "minItems": translate("SettingsForm", "Too few entries: at least {expected}."),
        "maxItems": translate("SettingsForm", "Too many entries: at most {expected}."),
        "minLength": translate("SettingsForm", "Text too short: at least {expected} characters."),
        "minLength1": translate("SettingsForm", "The text must not be empty."),
        "maxLength": translate("SettingsForm", "Text too long: at most {expected} characters."),
        "minimum": translate("SettingsForm", "Number too small: at least {expected}."),
        "maximum": translate("SettingsForm", "Number too large: at most {expected}."),
        "additionalProperties": translate(
            "SettingsForm", "Unknown entries that this program does not read: {unexpected}."),
        "duplicate_code": translate(
            "SettingsForm", "Code {code} is used twice (first at {first})."),
        "unsupported_format": translate(
            "SettingsForm",
            "Definition format {found} is not supported; this program reads format 1."),
        "not_stored": translate(
            "SettingsForm", "This questionnaire is not stored in the data folder."),
        "too_deep": translate(
            "SettingsForm", "The file nests brackets thousands deep: it is not a questionnaire."),
    }


def questionnaire_problem(err: QuestionnaireError) -> str:
    """What is wrong in a questionnaire file, in words (without the file and the path)."""
    params = _Params(err.params)
    problem = err.problem
    if problem == "type":
        params["expected"] = _type_name(params.get("expected"))
    elif problem in ("enum", "required", "additionalProperties"):
        for key in ("expected", "missing", "unexpected"):
            if key in params:
                params[key] = _listed(params[key])
    elif problem == "minLength" and params.get("expected") == 1:
        problem = "minLength1"
    template = _problem_templates().get(problem)
    if template is None:
        return translate("SettingsForm", "Problem “{problem}” {detail}").format(
            problem=problem, detail=params.get("detail", "")).strip()
    return template.format_map(params)


def questionnaire_error_message(err: QuestionnaireError) -> str:
    """Three lines: which file, where in it, what is wrong."""
    name = Path(err.source).name or err.source
    return "\n".join([
        translate("SettingsForm", "Cannot use the file “{file}”.").format(file=name),
        translate("SettingsForm", "Place in the file: {path}").format(path=err.json_path),
        translate("SettingsForm", "Problem: {problem}").format(problem=questionnaire_problem(err)),
    ])


# -- small widgets ------------------------------------------------------------------------------
class ErrorLabel(QLabel):
    """Red words under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def set_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #444;")
    return label


def suggested_place(unit_name: str) -> str:
    """The place in the unit's name: "Ủy ban nhân dân xã Nam Đông" -> "Nam Đông"."""
    m = re.search(r"\b(?:xã|phường|thị trấn|đặc khu)\s+(.+)$", one_line(unit_name),
                  re.IGNORECASE)
    return m.group(1) if m else ""


def suggested_code(label: str) -> str:
    """Initials of a field's name without accents: "Tài nguyên và Môi trường" -> "TNMT"."""
    words = re.findall(r"[a-z0-9]+", fold_for_search(label))
    initials = "".join(w[0] for w in words if w not in ("va", "ve", "cua"))
    code = initials.upper()[:16]
    if code and not code[0].isalpha():
        code = "LV" + code
    return code[:16]


class QuotaCalculator(QGroupBox):
    """Seed 001's minimum sample from the yearly transaction count, with a button to use it."""

    useResult = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Calculator: minimum forms from the year's transactions"), parent)
        self.transactions = QSpinBox()
        self.transactions.setObjectName("calc_transactions")
        self.transactions.setRange(0, 10_000_000)
        self.transactions.setGroupSeparatorShown(False)
        self.transactions.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.transactions.setMinimumWidth(110)
        self.transactions.setAccessibleName(self.tr("Transactions per year"))
        self.result_label = QLabel()
        self.result_label.setObjectName("calc_result")
        self.result_label.setWordWrap(True)
        self.use_button = QPushButton(self.tr("Use as yearly target"))
        self.use_button.setObjectName("calc_use")
        self.use_button.setAutoDefault(True)  # Enter on the focused button presses it
        rule = _hint(self.tr("Rule: ≤100: all; 101–1.000: 20 % (at least 100); "
                             "1.001–5.000: 10 % (at least 200); >5.000: 5 % (at least 500)."))
        rule.setObjectName("calc_rule")

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Transactions in a year:")))
        row.addWidget(self.transactions)
        row.addWidget(self.use_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(rule)

        self.transactions.valueChanged.connect(self._update)
        self.use_button.clicked.connect(lambda: self.useResult.emit(self.result()))
        self.transactions.installEventFilter(self)
        self._update()

    def result(self) -> int:
        return minimum_sample(self.transactions.value())

    def explanation(self) -> str:
        n = self.transactions.value()
        result = format_int(self.result())
        if n == 0:
            return self.tr("Type the number of transactions of a year to see the minimum.")
        if n <= 100:
            return self.tr("Minimum: {result} forms (all transactions).").format(result=result)
        share, floor = (20, 100) if n <= 1000 else (10, 200) if n <= 5000 else (5, 500)
        return self.tr("Minimum: {result} forms ({share} % of {n}, at least {floor}).").format(
            result=result, share=share, n=format_int(n), floor=format_int(floor))

    def _update(self) -> None:
        self.result_label.setText(self.explanation())
        self.use_button.setEnabled(self.result() > 0)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Enter in the count uses the result: what the clerk came here for.
        if (obj is self.transactions and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.result() > 0):
            self.useResult.emit(self.result())
            return True
        return super().eventFilter(obj, event)


class FieldsEditor(QWidget):
    """Up to eight fields of service as rows of (name, code); the row number is the key that
    picks the field when keying a form. Blank rows are ignored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.addWidget(QLabel(self.tr("Key")), 0, 0)
        grid.addWidget(QLabel(self.tr("Name of the field of service")), 0, 1)
        grid.addWidget(QLabel(self.tr("Code (capitals, no accents)")), 0, 2)
        self.label_edits: list[QLineEdit] = []
        self.code_edits: list[QLineEdit] = []
        for i in range(MAX_OPTIONS):
            key = QLabel(str(i + 1))
            key.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label = QLineEdit()
            label.setObjectName(f"field_label_{i + 1}")
            label.setAccessibleName(self.tr("Field {n}: name").format(n=i + 1))
            label.setMaxLength(120)
            code = QLineEdit()
            code.setObjectName(f"field_code_{i + 1}")
            code.setAccessibleName(self.tr("Field {n}: code").format(n=i + 1))
            code.setMaxLength(16)
            code.setMaximumWidth(150)
            code.textEdited.connect(lambda _text, e=code: self._upper(e))
            label.editingFinished.connect(lambda lab=label, c=code: self._suggest(lab, c))
            grid.addWidget(key, i + 1, 0)
            grid.addWidget(label, i + 1, 1)
            grid.addWidget(code, i + 1, 2)
            self.label_edits.append(label)
            self.code_edits.append(code)
        grid.setColumnStretch(1, 1)

    @staticmethod
    def _upper(edit: QLineEdit) -> None:
        pos = edit.cursorPosition()
        upper = edit.text().upper()
        if upper != edit.text():
            edit.setText(upper)
            edit.setCursorPosition(pos)

    @staticmethod
    def _suggest(label: QLineEdit, code: QLineEdit) -> None:
        if label.text().strip() and not code.text().strip():
            code.setText(suggested_code(label.text()))

    def set_fields(self, fields: Sequence[ChoiceOption]) -> None:
        for i in range(MAX_OPTIONS):
            option = fields[i] if i < len(fields) else None
            self.label_edits[i].setText(option.label if option else "")
            self.code_edits[i].setText(option.code if option else "")

    def fields(self) -> tuple[ChoiceOption, ...]:
        out = []
        for label_edit, code_edit in zip(self.label_edits, self.code_edits, strict=True):
            label, code = one_line(label_edit.text()), code_edit.text().strip().upper()
            if label or code:
                out.append(ChoiceOption(code, label))
        return tuple(out)

    def inputs(self) -> list[QWidget]:
        out: list[QWidget] = []
        for label, code in zip(self.label_edits, self.code_edits, strict=True):
            out += [label, code]
        return out

    def mark_issues(self, issues: Sequence[Issue]) -> None:
        """Outline the inputs the field issues are about; remember the first for focus."""
        bad: list[QLineEdit] = []
        rows = [(i, one_line(lab.text()), code.text().strip().upper())
                for i, (lab, code) in enumerate(zip(self.label_edits, self.code_edits,
                                                    strict=True))]
        filled = [r for r in rows if r[1] or r[2]]
        for issue in issues:
            if issue.code == "field_invalid":
                for i, label, code in filled:
                    if code == issue.params.get("code") and label == issue.params.get("label"):
                        bad.append(self.label_edits[i] if not label else self.code_edits[i])
            elif issue.code == "fields_duplicate":
                seen: set[str] = set()
                for i, _label, code in filled:
                    if code in seen:
                        bad.append(self.code_edits[i])
                    seen.add(code)
        for edit in (*self.label_edits, *self.code_edits):
            edit.setStyleSheet(f"border: 2px solid {ERROR_COLOUR};" if edit in bad else "")
        self.first_bad = bad[0] if bad else None

    first_bad: QLineEdit | None = None

    def row_is_blank(self, widget: QWidget) -> bool:
        """True for an input whose whole row is empty: Enter there ends the list."""
        for label, code in zip(self.label_edits, self.code_edits, strict=True):
            if widget in (label, code):
                return not label.text().strip() and not code.text().strip()
        return False


class QuestionnairePicker(QWidget):
    """The questionnaire in use, chosen among the shipped and stored ones, plus a file the
    district sent. A file is only validated here; it is stored when the user finishes."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._known: dict[tuple[str, str], Questionnaire] = {}
        self._loaded: dict[tuple[str, str], Questionnaire] = {}
        self.combo = QComboBox()
        self.combo.setObjectName("questionnaire_combo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(40)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setAccessibleName(self.tr("Questionnaire"))
        self.details = _hint("")
        self.details.setObjectName("questionnaire_details")
        self.load_button = QPushButton(self.tr("Load the questionnaire issued by the district…"))
        self.load_button.setObjectName("questionnaire_load")
        self.load_button.setAutoDefault(True)  # Enter on the focused button presses it
        self.message = QLabel()
        self.message.setObjectName("questionnaire_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.details)
        row = QHBoxLayout()
        row.addWidget(self.load_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.message)

        self.combo.currentIndexChanged.connect(self._show_details)
        self.load_button.clicked.connect(self._choose_and_load)
        self.reload()

    def reload(self) -> None:
        current = self.current_key()
        self._known = {q.key: q for q in available_questionnaires(self.ws)}
        self._known.update(self._loaded)
        self.combo.blockSignals(True)
        self.combo.clear()
        for key, q in self._known.items():
            self.combo.addItem(self.tr("{name} (version {version})").format(
                name=q.name, version=q.version), key)
        self.combo.blockSignals(False)
        if current is not None:
            self.select(current)
        self._show_details()

    def select(self, key: tuple[str, str]) -> bool:
        for i in range(self.combo.count()):
            if tuple(self.combo.itemData(i)) == tuple(key):
                self.combo.setCurrentIndex(i)
                self._show_details()
                return True
        return False

    def current_key(self) -> tuple[str, str] | None:
        data = self.combo.currentData()
        return (str(data[0]), str(data[1])) if data else None

    def current(self) -> Questionnaire | None:
        key = self.current_key()
        return self._known.get(key) if key else None

    def available_keys(self) -> list[tuple[str, str]]:
        return [tuple(self.combo.itemData(i)) for i in range(self.combo.count())]

    def _show_details(self) -> None:
        q = self.current()
        if q is None:
            self.details.setText("")
            return
        issued_by = str(q.raw.get("issued_by", "")) if q.raw else ""
        text = self.tr("{ratings} rated items, {profile} questions about the respondent.").format(
            ratings=len(q.rating_questions), profile=len(q.profile_questions))
        if issued_by:
            text += " " + self.tr("Issued by: {who}.").format(who=issued_by)
        if q.key in self._loaded:
            text += " " + self.tr("Loaded from a file; stored when you save.")
        self.details.setText(text)

    # -- loading a district file ----------------------------------------------------------
    def choose_file(self) -> Path | None:
        """Ask for the file (a hook the tests replace)."""
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Questionnaire issued by the district"), str(Path.home()),
            self.tr("Questionnaire definition (*.json);;All files (*)"))
        return Path(name) if name else None

    def _choose_and_load(self) -> None:
        path = self.choose_file()
        if path is not None:
            self.load_file(path)

    def load_file(self, path: Path) -> Questionnaire | None:
        """Validate a definition file; on success it becomes selectable and selected."""
        try:
            q = read_questionnaire_file(path)
        except QuestionnaireError as err:
            self._say(questionnaire_error_message(err), ok=False)
            self.message.setToolTip(str(path))
            return None
        if q.key in self._known and q.key not in self._loaded:
            existing = self._known[q.key]
            if existing.raw != q.raw:
                self._say(self.tr("A different questionnaire with code {id} and version {version} "
                                  "is already in use. Ask the district to give the new form a new "
                                  "version number.").format(id=q.id, version=q.version), ok=False)
                return None
            self.select(q.key)
            self._say(self.tr("This questionnaire is already available and is now chosen: {name}."
                              ).format(name=q.name), ok=True)
            return existing
        self._loaded[q.key] = q
        self.reload()
        self.select(q.key)
        self._say(self.tr("Loaded “{file}”: {name} (version {version}). It is now chosen."
                          ).format(file=path.name, name=q.name, version=q.version), ok=True)
        return q

    def _say(self, text: str, *, ok: bool) -> None:
        colour = OK_COLOUR if ok else ERROR_COLOUR
        self.message.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.message.setText(text)
        self.message.setToolTip("")
        self.message.show()

    def store_chosen(self) -> None:
        """Store the chosen definition if it came from a file (called when the user saves)."""
        q = self.current()
        if q is not None and q.key in self._loaded:
            self.ws.store_questionnaire(q)


# -- the form -----------------------------------------------------------------------------------
class SettingsForm(QObject):
    """Every settings input, its error label, and the sections they are laid out in."""

    def __init__(self, ws: Workspace, parent: QWidget, *, with_due_day: bool,
                 with_operator: bool) -> None:
        super().__init__(parent)
        self.ws = ws
        self.with_due_day = with_due_day
        self.with_operator = with_operator
        self._base: UnitSettings | None = None

        def line(name: str, max_length: int = 200) -> QLineEdit:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setMaxLength(max_length)
            return edit

        self.unit_name = line("unit_name")
        self.unit_name.setPlaceholderText(self.tr("e.g. Ủy ban nhân dân xã Nam Đông"))
        self.unit_code = line("unit_code", 10)
        self.unit_code.setPlaceholderText("19816")
        self.unit_code.setMaximumWidth(110)
        self.unit_code_catalogue = line("unit_code_catalogue", 60)
        self.office_name = line("office_name")
        self.parent_name = line("parent_name")
        self.parent_name.setPlaceholderText(self.tr("e.g. Ủy ban nhân dân tỉnh Thừa Thiên Huế"))
        self.recipient_name = line("recipient_name")
        self.recipient_name.setPlaceholderText(self.tr("e.g. Sở Nội vụ tỉnh Thừa Thiên Huế"))
        self.place_name = line("place_name", 80)
        self.place_name.setPlaceholderText(self.tr("e.g. Nam Đông"))
        self.signer_title = line("signer_title", 80)
        self.signer_name = line("signer_name", 80)
        self.operator = line("operator", 60)
        self.backup_mirror_dir = line("backup_mirror_dir", 260)
        self.backup_mirror_dir.setPlaceholderText(self.tr("e.g. E:\\khaosat-sao-luu (empty: none)"))
        self.operator.setPlaceholderText(self.tr("e.g. Nguyễn Thị Lan"))
        self.pkcs11_module = line("pkcs11_module", 260)
        self.pkcs11_module.setPlaceholderText(self.tr("e.g. C:\\Windows\\System32\\eTPKCS11.dll"))

        def spin(name: str, low: int, high: int) -> QSpinBox:
            box = QSpinBox()
            box.setObjectName(name)
            box.setRange(low, high)
            box.setGroupSeparatorShown(False)
            box.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
            box.setMaximumWidth(110)
            return box

        self.year = spin("year", 2000, 2100)
        self.yearly_target = spin("yearly_target", 1, 100_000)
        self.due_day = spin("due_day", 1, 28)
        self.period_cutoff = QComboBox()
        self.period_cutoff.setObjectName("period_cutoff")
        self.period_cutoff.addItem(self.tr("Calendar quarters and year (1/1 to 31/3 …)"),
                                   PERIOD_CALENDAR)
        self.period_cutoff.addItem(
            self.tr("Decree 09/2019: from the 15th of the month before to the 14th"),
            PERIOD_DECREE_09)
        self.period_cutoff.setAccessibleName(self.tr("Report periods"))
        self.calculator = QuotaCalculator()
        self.calculator.useResult.connect(self._use_calculated_target)
        self.fields = FieldsEditor()
        self.questionnaire = QuestionnairePicker(ws)

        self.inputs: dict[str, QWidget] = {
            "unit_name": self.unit_name, "unit_code": self.unit_code,
            "office_name": self.office_name, "parent_name": self.parent_name,
            "recipient_name": self.recipient_name, "place_name": self.place_name,
            "signer_title": self.signer_title, "signer_name": self.signer_name,
            "operator": self.operator, "year": self.year, "yearly_target": self.yearly_target,
            "due_day": self.due_day, "period_cutoff": self.period_cutoff,
            "fields": self.fields, "questionnaire": self.questionnaire,
            "backup_mirror_dir": self.backup_mirror_dir, "pkcs11_module": self.pkcs11_module,
        }
        self.errors: dict[str, ErrorLabel] = {key: ErrorLabel() for key in self.inputs}
        for key, label in self.errors.items():
            label.setObjectName(f"error_{key}")
        # Inputs this owner does not show still need a parent, or they would be windows.
        for key, shown in (("due_day", with_due_day), ("period_cutoff", with_due_day),
                           ("backup_mirror_dir", with_due_day), ("pkcs11_module", with_due_day),
                           ("operator", with_operator)):
            if not shown:
                self.inputs[key].setParent(parent)
                self.inputs[key].hide()

    # -- values ---------------------------------------------------------------------------
    def set_settings(self, s: UnitSettings, operator: str = "") -> None:
        self._base = s
        self.unit_name.setText(s.unit_name)
        self.unit_code.setText(s.unit_code)
        self.unit_code_catalogue.setText(s.unit_code_catalogue or DEFAULT_CATALOGUE)
        self.office_name.setText(s.office_name)
        self.parent_name.setText(s.parent_name)
        self.recipient_name.setText(s.recipient_name)
        self.place_name.setText(s.place_name)
        self.signer_title.setText(s.signer_title)
        self.signer_name.setText(s.signer_name)
        self.operator.setText(operator)
        self.year.setValue(s.year)
        self.yearly_target.setValue(s.yearly_target)
        self.due_day.setValue(s.due_day)
        self.backup_mirror_dir.setText(s.backup_mirror_dir)
        self.pkcs11_module.setText(s.pkcs11_module)
        # A value this program does not know (written by a newer one) shows as calendar
        # periods: what is saved is what the clerk sees.
        self.period_cutoff.setCurrentIndex(max(0, self.period_cutoff.findData(s.period_cutoff)))
        self.fields.set_fields(s.fields)
        self.questionnaire.select((s.questionnaire_id, s.questionnaire_version))
        self.clear_issues()

    def settings(self) -> UnitSettings:
        """The values as typed (NFC, trimmed); the base keeps what the form does not show."""
        base = self._base or UnitSettings(unit_name="", unit_code="", year=self.year.value())
        qkey = self.questionnaire.current_key() or (base.questionnaire_id,
                                                    base.questionnaire_version)
        return replace(
            base,
            unit_name=one_line(self.unit_name.text()),
            unit_code=normalise_unit_code(self.unit_code.text()),
            unit_code_catalogue=one_line(self.unit_code_catalogue.text()) or DEFAULT_CATALOGUE,
            office_name=one_line(self.office_name.text()),
            parent_name=one_line(self.parent_name.text()),
            recipient_name=one_line(self.recipient_name.text()),
            place_name=one_line(self.place_name.text()),
            signer_title=one_line(self.signer_title.text()),
            signer_name=one_line(self.signer_name.text()),
            year=self.year.value(),
            yearly_target=self.yearly_target.value(),
            due_day=self.due_day.value() if self.with_due_day else base.due_day,
            period_cutoff=(str(self.period_cutoff.currentData()) if self.with_due_day
                           else base.period_cutoff),
            fields=self.fields.fields(),
            backup_mirror_dir=(self.backup_mirror_dir.text().strip() if self.with_due_day
                               else base.backup_mirror_dir),
            pkcs11_module=(self.pkcs11_module.text().strip() if self.with_due_day
                           else base.pkcs11_module),
            questionnaire_id=qkey[0],
            questionnaire_version=qkey[1],
        )

    def operator_name(self) -> str:
        return one_line(self.operator.text())

    def check(self) -> list[Issue]:
        """Every issue of the values as typed, without saving anything."""
        issues = list(validate_settings(self.settings()))
        if self.questionnaire.current_key() is None:
            s = self.settings()
            issues.append(Issue("questionnaire_unknown", {"id": s.questionnaire_id,
                                                          "version": s.questionnaire_version}))
        if self.with_operator and not self.operator_name():
            issues.append(Issue("operator_empty"))
        return issues

    def store_chosen_questionnaire(self) -> None:
        self.questionnaire.store_chosen()

    def _use_calculated_target(self, value: int) -> None:
        self.yearly_target.setValue(value)
        self.yearly_target.setFocus()
        self.yearly_target.selectAll()

    # -- issues ---------------------------------------------------------------------------
    def clear_issues(self, keys: Iterable[str] | None = None) -> None:
        for key in keys if keys is not None else self.errors:
            self.errors[key].set_message("")
            if key == "fields":
                self.fields.mark_issues([])

    def show_issues(self, issues: Sequence[Issue], keys: Iterable[str] | None = None
                    ) -> list[str]:
        """Show the issues (those of ``keys`` only, if given) next to their fields.

        Returns the keys that got a message, in section order.
        """
        wanted = set(keys) if keys is not None else set(self.errors)
        self.clear_issues(wanted)
        messages: dict[str, list[str]] = {}
        for issue in issues:
            key = ISSUE_TARGETS.get(issue.code, "unit_name")
            if key in wanted:
                messages.setdefault(key, []).append(issue_message(issue))
        for key, lines in messages.items():
            self.errors[key].set_message("\n".join(dict.fromkeys(lines)))
        if "fields" in wanted:
            self.fields.mark_issues([i for i in issues if ISSUE_TARGETS.get(i.code) == "fields"])
        order = [k for keys_ in SECTION_KEYS.values() for k in keys_]
        return sorted(messages, key=order.index)

    def focus_input(self, key: str) -> None:
        widget = self.inputs[key]
        if isinstance(widget, FieldsEditor):
            widget = widget.first_bad or widget.label_edits[0]
        elif isinstance(widget, QuestionnairePicker):
            widget = widget.combo
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    # -- layout ---------------------------------------------------------------------------
    def section_keys(self, name: str) -> tuple[str, ...]:
        keys = SECTION_KEYS[name]
        return tuple(k for k in keys
                     if (k not in ("due_day", "period_cutoff", "backup_mirror_dir",
                                   "pkcs11_module")
                         or self.with_due_day)
                     and (k != "operator" or self.with_operator))

    def enter_order(self, name: str) -> list[QWidget]:
        """The inputs Enter walks through in a section; Enter on the last one finishes it."""
        out: list[QWidget] = []
        for key in self.section_keys(name):
            widget = self.inputs[key]
            if isinstance(widget, FieldsEditor):
                out += widget.inputs()
            elif isinstance(widget, QuestionnairePicker):
                out.append(widget.combo)
            else:
                out.append(widget)
                if key == "unit_code":
                    out.append(self.unit_code_catalogue)
        return out

    def _with_error(self, key: str, widget: QWidget | None = None,
                    hint: str = "") -> QWidget:
        box = QWidget()
        # Expanding, so a wrapped hint gets the row's full width instead of the input's.
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget or self.inputs[key])
        if hint:
            layout.addWidget(_hint(hint))
        layout.addWidget(self.errors[key])
        return box

    def _form(self) -> tuple[QWidget, QFormLayout]:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return page, form

    def _row(self, form: QFormLayout, text: str, key: str, widget: QWidget | None = None,
             hint: str = "") -> None:
        label = QLabel(text)
        label.setBuddy(self.inputs[key] if widget is None else widget)
        form.addRow(label, self._with_error(key, widget, hint))

    def build_section(self, name: str) -> QWidget:
        """A new widget laying out one section (build each section once)."""
        page, form = self._form()
        if name == "unit":
            self._row(form, self.tr("Name of the unit:"), "unit_name")
            code_row = QWidget()
            row = QHBoxLayout(code_row)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(self.unit_code)
            row.addWidget(QLabel(self.tr("in the catalogue")))
            row.addWidget(self.unit_code_catalogue, 1)
            self._row(form, self.tr("Unit code (5 digits):"), "unit_code", code_row,
                      self.tr("The commune's code in the national catalogue of administrative "
                              "units."))
            self._row(form, self.tr("One-stop office:"), "office_name")
            self._row(form, self.tr("Parent body:"), "parent_name",
                      hint=self.tr("Printed above the unit's name on reports."))
            self._row(form, self.tr("Reports are sent to:"), "recipient_name")
            if self.with_due_day:
                self._row(form, self.tr("Second backup location:"), "backup_mirror_dir",
                          hint=self.tr("A USB drive or a network folder: every backup is also "
                                       "copied there. If it is not plugged in, the backup in "
                                       "the data folder is still made."))
        elif name == "target":
            self._row(form, self.tr("Working year:"), "year")
            self._row(form, self.tr("Yearly target (forms):"), "yearly_target",
                      hint=self.tr("420 forms a year for a commune (105 a quarter)."))
            if self.with_due_day:
                self._row(form, self.tr("Quarterly report due on day:"), "due_day",
                          hint=self.tr("Day of the quarter's last month, e.g. 20 → 20/03, "
                                       "20/06, 20/09, 20/12."))
                self._row(form, self.tr("Report periods:"), "period_cutoff",
                          hint=self.tr("Decree 09/2019 cuts a quarter from the 15th of the "
                                       "month before to the 14th of its last month (the year: "
                                       "15/12 to 14/12), so the report can be made before the "
                                       "due day. Calendar quarters are the default."))
            form.addRow(self.calculator)
        elif name == "fields":
            intro = _hint(self.tr("The fields of service surveyed (at most {max}). The number on "
                                  "the left is the key pressed when keying a form. Leave unused "
                                  "rows empty.").format(max=MAX_OPTIONS))
            form.addRow(intro)
            form.addRow(self._with_error("fields"))
        elif name == "questionnaire":
            intro = _hint(self.tr("The printed form the citizens fill in. Forms already keyed keep "
                                  "the questionnaire they were keyed with."))
            form.addRow(intro)
            self._row(form, self.tr("Questionnaire:"), "questionnaire",
                      hint="")
        elif name == "signing":
            self._row(form, self.tr("Place name for dates:"), "place_name",
                      hint=self.tr("As in “Nam Đông, ngày 22 tháng 11 năm 2026”."))
            self._row(form, self.tr("Signer's title:"), "signer_title")
            self._row(form, self.tr("Signer's name:"), "signer_name")
            if self.with_due_day:
                self._row(form, self.tr("USB token library (PKCS#11):"), "pkcs11_module",
                          hint=self.tr("Only for signing with a USB token: the .dll file its "
                                       "provider's software installed (VNPT-CA, Viettel-CA, "
                                       "Ban Cơ yếu…). Leave empty when signing with a .p12 "
                                       "file."))
            if self.with_operator:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                form.addRow(line)
                self._row(form, self.tr("Your name (who keys the forms):"), "operator")
        else:
            raise KeyError(name)
        return page


class EnterMovesOn(QObject):
    """Enter in an input moves to the next input of ``order``; on the last input (or on a blank
    row of the fields list) it is left to the dialog, whose default button goes on."""

    def __init__(self, order: Sequence[QWidget], parent: QObject,
                 ends_early: FieldsEditor | None = None) -> None:
        super().__init__(parent)
        self.order = list(order)
        self.ends_early = ends_early
        for widget in self.order:
            widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                and obj in self.order):
            index = self.order.index(obj)
            if self.ends_early is not None and self.ends_early.row_is_blank(obj):
                return False
            for widget in self.order[index + 1:]:
                if widget.isEnabled() and widget.isVisibleTo(widget.window()):
                    widget.setFocus(Qt.FocusReason.TabFocusReason)
                    if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
                        widget.selectAll()
                    return True
        return False
