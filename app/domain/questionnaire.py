"""Questionnaire definitions: data, not code (DOMAIN.md §4).

A definition is a JSON file validated against ``resources/forms/questionnaire.schema.json``
plus the semantic rules below. Keying order is paper order: the field of service, the
respondent profile, the rated items component by component, then the opinion line.

Answer codes are small integers for every answerable question:
``1..n`` the option (for a rating, the level 1..5), ``0`` left blank on paper,
``9`` unreadable or several boxes marked. Because ``9`` is reserved, a choice has at most 8
options. Choice option codes are their positions ("1", "2", ...); the field of service is the
exception, its options carry stable text codes (``TP``, ``TNMT``...) that a unit may override.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.domain.text import nfc

BLANK = 0
UNREADABLE = 9
MAX_OPTIONS = 8
RATING_LEVELS = (1, 2, 3, 4, 5)
FORMAT_VERSION = 1


class QuestionKind(StrEnum):
    FIELD = "field"
    CHOICE = "choice"
    RATING = "rating"


@dataclass(frozen=True)
class ChoiceOption:
    """One answer of a choice question (or a field of service): its code and label."""
    code: str
    label: str


@dataclass(frozen=True)
class Question:
    """One answerable question: a 1–5 rating or a choice among options."""
    code: str
    kind: QuestionKind
    number: str
    text: str
    short: str
    options: tuple[ChoiceOption, ...]
    component: str | None = None

    @property
    def option_count(self) -> int:
        return len(RATING_LEVELS) if self.kind is QuestionKind.RATING else len(self.options)

    def accepts(self, answer: int) -> bool:
        return answer in (BLANK, UNREADABLE) or 1 <= answer <= self.option_count

    def label_of(self, answer: int) -> str:
        """The option label for an answer code; empty for blank/unreadable/unknown."""
        if self.kind is QuestionKind.RATING or not 1 <= answer <= len(self.options):
            return ""
        return self.options[answer - 1].label


@dataclass(frozen=True)
class Component:
    """A titled group of questions (a component of the satisfaction index)."""
    code: str
    number: str
    title: str
    question_codes: tuple[str, ...]


@dataclass(frozen=True)
class OpinionSpec:
    """The free-text opinion at the end of the form, and its longest length."""
    code: str
    text: str
    max_length: int


@dataclass(frozen=True)
class Questionnaire:
    """A questionnaire definition as loaded from a JSON file (schema-checked)."""
    id: str
    version: str
    name: str
    title_lines: tuple[str, ...]
    instruction: str
    scale_labels: tuple[str, ...]  # index 0 = level 1
    questions: tuple[Question, ...]  # answerable questions in keying (paper) order
    components: tuple[Component, ...]
    opinion: OpinionSpec
    closing: str
    raw: Mapping[str, Any] = field(repr=False, compare=False, hash=False, default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)

    @property
    def field_question(self) -> Question:
        return next(q for q in self.questions if q.kind is QuestionKind.FIELD)

    @property
    def rating_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.kind is QuestionKind.RATING)

    @property
    def profile_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.kind is QuestionKind.CHOICE)

    def question(self, code: str) -> Question:
        for q in self.questions:
            if q.code == code:
                return q
        raise KeyError(code)

    def with_field_options(self, options: Sequence[ChoiceOption]) -> Questionnaire:
        """The same definition with the unit's own list of fields of service."""
        if not options:
            return self
        if len(options) > MAX_OPTIONS:
            raise ValueError(f"at most {MAX_OPTIONS} fields of service")
        questions = tuple(
            replace(q, options=tuple(options)) if q.kind is QuestionKind.FIELD else q
            for q in self.questions
        )
        return replace(self, questions=questions)

    def to_json_text(self) -> str:
        """The definition as stored with the forms keyed under it (canonical JSON)."""
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True, indent=1)


@dataclass(frozen=True)
class QuestionnaireError(Exception):
    """A definition file that cannot be used.

    ``problem`` is a code: ``unreadable`` (params: reason), ``invalid_json`` (line, column),
    a JSON-schema keyword such as ``required``/``type``/``enum``/``minItems``/``maxItems``/
    ``pattern``/``additionalProperties``/``minLength``/``maxLength`` (params: detail),
    ``duplicate_code`` (code, first), ``unsupported_format`` (found), ``not_stored``.
    ``json_path`` is like ``$.components[2].items[0].text``.
    """

    source: str
    json_path: str
    problem: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.source}: {self.json_path}: {self.problem} {dict(self.params)}"


def _json_path(parts: Iterable[str | int]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _schema_problem(error: Any) -> tuple[str, dict[str, Any]]:
    keyword = str(error.validator)
    params: dict[str, Any] = {"detail": error.message}
    if keyword == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        wanted = error.validator_value if isinstance(error.validator_value, list) else []
        params["missing"] = [k for k in wanted if k not in instance]
    elif keyword in ("type", "enum", "const", "pattern", "minimum", "maximum",
                     "minItems", "maxItems", "minLength", "maxLength"):
        params["expected"] = error.validator_value
    elif keyword == "additionalProperties":
        instance = error.instance if isinstance(error.instance, dict) else {}
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = set(schema.get("properties", {}))
        params["unexpected"] = sorted(k for k in instance if k not in allowed)
    return keyword, params


def _nfc_tree(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_tree(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): _nfc_tree(v) for k, v in value.items()}
    return value


def parse_questionnaire(
    text: str, source: str, schema: Mapping[str, Any] | None
) -> Questionnaire:
    """Parse and validate a definition; raise QuestionnaireError naming file, path and problem.

    ``schema=None`` skips the JSON-schema pass, for copies already validated when stored.
    """
    try:
        data = json.loads(text)
        data = _nfc_tree(data)
    except json.JSONDecodeError as exc:
        raise QuestionnaireError(
            source, "$", "invalid_json", {"line": exc.lineno, "column": exc.colno}
        ) from None
    except RecursionError:
        # Thousands of nested brackets: no definition is like that (found by fuzzing).
        raise QuestionnaireError(source, "$", "too_deep", {}) from None
    found = data.get("format") if isinstance(data, dict) else None
    if type(found) is int and found != FORMAT_VERSION:
        # Checked before the schema: a file for a newer program would otherwise be reported
        # by whichever new key the schema trips on first, hiding the real reason.
        raise QuestionnaireError(source, "$.format", "unsupported_format", {"found": found})
    if schema is None:
        return _build(data, source)
    import jsonschema  # imported here: start-up does not pay for it when reading stored copies

    validator = jsonschema.Draft202012Validator(schema)
    try:
        errors = sorted(validator.iter_errors(data),
                        key=lambda e: (list(e.absolute_path), e.message))
    except RecursionError:
        raise QuestionnaireError(source, "$", "too_deep", {}) from None
    if errors:
        # The deepest error first names the precise spot (a bad item, not its whole list).
        first = max(errors, key=lambda e: len(e.absolute_path))
        keyword, params = _schema_problem(first)
        raise QuestionnaireError(source, _json_path(first.absolute_path), keyword, params)
    return _build(data, source)


def load_questionnaire_file(path: Path, schema: Mapping[str, Any]) -> Questionnaire:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError(str(path), "$", "unreadable", {"reason": str(exc)}) from None
    return parse_questionnaire(text, str(path), schema)


def _build(data: Mapping[str, Any], source: str) -> Questionnaire:
    if data["format"] != FORMAT_VERSION:
        raise QuestionnaireError(
            source, "$.format", "unsupported_format", {"found": data["format"]}
        )
    seen: dict[str, str] = {}

    def claim(code: str, path: str) -> None:
        if code in seen:
            raise QuestionnaireError(
                source, path, "duplicate_code", {"code": code, "first": seen[code]}
            )
        seen[code] = path

    questions: list[Question] = []
    fld = data["field"]
    claim(fld["code"], "$.field.code")
    questions.append(
        Question(
            code=fld["code"],
            kind=QuestionKind.FIELD,
            number=fld.get("number", ""),
            text=fld["text"],
            short=fld.get("short", fld["text"]),
            options=tuple(ChoiceOption(o["code"], o["label"]) for o in fld["options"]),
        )
    )
    for i, p in enumerate(data.get("profile", [])):
        claim(p["code"], f"$.profile[{i}].code")
        questions.append(
            Question(
                code=p["code"],
                kind=QuestionKind.CHOICE,
                number=p.get("number", ""),
                text=p["text"],
                short=p.get("short", p["text"]),
                options=tuple(
                    ChoiceOption(str(n), label) for n, label in enumerate(p["options"], 1)
                ),
            )
        )
    components: list[Component] = []
    for ci, comp in enumerate(data["components"]):
        claim(comp["code"], f"$.components[{ci}].code")
        codes = []
        for ii, item in enumerate(comp["items"]):
            claim(item["code"], f"$.components[{ci}].items[{ii}].code")
            codes.append(item["code"])
            questions.append(
                Question(
                    code=item["code"],
                    kind=QuestionKind.RATING,
                    number=str(item["number"]),
                    text=item["text"],
                    short=item.get("short", item["text"]),
                    options=(),
                    component=comp["code"],
                )
            )
        components.append(Component(comp["code"], comp["number"], comp["title"], tuple(codes)))
    op = data["opinion"]
    claim(op["code"], "$.opinion.code")
    return Questionnaire(
        id=data["id"],
        version=data["version"],
        name=data["name"],
        title_lines=tuple(data["title_lines"]),
        instruction=data["instruction"],
        scale_labels=tuple(data["scale_labels"]),
        questions=tuple(questions),
        components=tuple(components),
        opinion=OpinionSpec(op["code"], op["text"], int(op.get("max_length", 500))),
        closing=data.get("closing", ""),
        raw=data,
    )
