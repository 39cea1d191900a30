"""Fuzzing questionnaire loading: any file is a valid definition or a QuestionnaireError.

A district's file arrives by e-mail or USB and may be cut short, re-saved by a text editor in
another encoding, or edited by hand. Whatever the bytes, loading must end in a definition
that passed every check or in a QuestionnaireError naming file and JSON path, never in
another exception (which would reach the clerk as a crash).
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import paths
from app.domain.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    load_questionnaire_file,
    parse_questionnaire,
)

SHIPPED = [paths.FORMS_DIR / "xa-22-tieu-chi.json", paths.FORMS_DIR / "sipas-2021.json"]
SCHEMA: dict[str, Any] = json.loads(paths.QUESTIONNAIRE_SCHEMA.read_text(encoding="utf-8"))
ORIGINALS = [p.read_bytes() for p in SHIPPED]
FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False)
    | st.text(max_size=30) | st.sampled_from(["", "TC1", "LV", "YK", "Ủy ban", "2017.1"]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=5),
    max_leaves=20,
)


def load_bytes(raw: bytes) -> Questionnaire:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mau-huyen.json"
        path.write_bytes(raw)
        return load_questionnaire_file(path, SCHEMA)


def outcome(raw: bytes) -> Questionnaire | QuestionnaireError:
    try:
        q = load_bytes(raw)
    except QuestionnaireError as exc:
        assert exc.source.endswith("mau-huyen.json")
        assert exc.json_path.startswith("$")
        assert exc.problem
        return exc
    # A definition that loads is usable: every question has a code, options fit the keys.
    assert q.questions and len({x.code for x in q.questions}) == len(q.questions)
    return q


@FUZZ
@given(st.sampled_from(range(len(ORIGINALS))), st.data())
def test_byte_flips(which: int, data: st.DataObject) -> None:
    raw = bytearray(ORIGINALS[which])
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    outcome(bytes(raw))


@FUZZ
@given(st.sampled_from(range(len(ORIGINALS))), st.data())
def test_truncation_and_insertion(which: int, data: st.DataObject) -> None:
    raw = ORIGINALS[which]
    cut = data.draw(st.integers(0, len(raw)))
    tail = data.draw(st.binary(max_size=40))
    outcome(raw[:cut] + tail)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


@FUZZ
@given(st.sampled_from(range(len(ORIGINALS))), st.data())
def test_structure_mutations(which: int, data: st.DataObject) -> None:
    tree = json.loads(ORIGINALS[which])
    for _ in range(data.draw(st.integers(1, 4))):
        spots = _paths(tree)[1:]
        spot = data.draw(st.sampled_from(spots))
        parent = tree
        for key in spot[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "delete", "duplicate", "add"]))
        if action == "replace":
            parent[spot[-1]] = data.draw(json_values)
        elif action == "delete":
            del parent[spot[-1]]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[spot[-1]]))
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.text(max_size=8))] = data.draw(json_values)
        if not isinstance(tree, dict) or not _paths(tree)[1:]:
            break
    outcome(json.dumps(tree, ensure_ascii=data.draw(st.booleans())).encode("utf-8"))


@FUZZ
@given(json_values)
def test_any_json_document(value: Any) -> None:
    outcome(json.dumps(value).encode("utf-8"))


def test_deep_nesting_is_refused_not_a_crash() -> None:
    for text in ("[" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        try:
            parse_questionnaire(text, "sau.json", SCHEMA)
        except QuestionnaireError as exc:
            assert exc.problem
        else:
            raise AssertionError("a 100 000-deep document was accepted")


def test_other_encodings_and_a_bom() -> None:
    text = ORIGINALS[0].decode("utf-8")
    assert isinstance(outcome(b"\xef\xbb\xbf" + ORIGINALS[0]), Questionnaire)
    assert isinstance(outcome(text.encode("utf-16")), QuestionnaireError)
    assert isinstance(outcome(text.encode("cp1258", errors="replace")), QuestionnaireError)
