"""The verifier's audit line on bundles made by the real export service: the hash chain of
nhat-ky.jsonl catches a log edited before signing, which no file hash or signature can."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from app.bundle.manifest import AUDIT_LOG
from app.bundle.verifier import FAIL, PASS, SKIP, Check, Verdict, verify_bundle
from app.bundle.wording import check_sentence
from app.cli import main

from .conftest import rezip
from .exported import SIGNED_AT, ExportedBundle, export_quarter, resigned

NOW = SIGNED_AT + timedelta(days=2)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> ExportedBundle:
    return export_quarter(tmp_path_factory.mktemp("exported"))


def _verify(path: Path, bundle: ExportedBundle) -> Verdict:
    return verify_bundle(path, fingerprint=bundle.fingerprint, now=NOW)


def _audit_line(verdict: Verdict) -> Check:
    (line,) = [c for c in verdict.checks if c.subject == "audit"]
    return line


def _records(bundle: ExportedBundle) -> list[dict[str, object]]:
    return [json.loads(line) for line in bundle.members()[AUDIT_LOG].decode().splitlines()]


def _jsonl(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
                   for r in records).encode("utf-8")


def test_an_exported_bundle_passes_with_its_whole_chain(exported: ExportedBundle) -> None:
    verdict = _verify(exported.path, exported)
    assert verdict.ok, verdict.failed()
    records = _records(exported)
    # the segment starts at the first form of the quarter and holds the void too
    assert records[0]["action"] == "form.create"
    assert any(r["action"] == "form.void" for r in records)
    line = _audit_line(verdict)
    assert (line.code, line.status) == ("audit_ok", PASS)
    assert line.params["entries"] == len(records)
    assert (line.params["first"], line.params["last"]) == (records[0]["id"], records[-1]["id"])
    assert check_sentence(line).startswith(
        f"Nhật ký thay đổi nhat-ky.jsonl: {len(records)} mục (số {records[0]['id']} đến")


def test_an_entry_edited_before_signing_breaks_the_chain_at_that_entry(
        exported: ExportedBundle, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = _records(exported)
    victim = records[4]
    assert isinstance(victim["after"], dict)
    victim["after"]["opinion"] = "Rất hài lòng"  # hash left as it was
    altered = resigned(exported, {AUDIT_LOG: _jsonl(records)}, tmp_path / "altered.zip")
    verdict = _verify(altered, exported)
    # the signature and the file hash hold: only the chain shows the edit
    assert [(c.code, c.status) for c in verdict.checks if c.subject == "cms"] == \
        [("cms_ok", PASS)]
    assert ("file_ok", PASS) in {(c.code, c.status) for c in verdict.checks
                                 if c.params.get("name") == AUDIT_LOG and c.subject == "file"}
    assert [(c.code, c.params["entry"], c.params["reason"]) for c in verdict.failed()] == \
        [("audit_broken", victim["id"], "hash")]
    assert main(["verify", str(altered), "--fingerprint", exported.fingerprint]) == 1
    failed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("✗")]
    assert failed == [
        f"✗ Nhật ký thay đổi nhat-ky.jsonl KHÔNG liền mạch ở mục số {victim['id']}: nội dung"
        " mục này không khớp mã băm của nó, tức là đã bị sửa. Nhật ký đã bị can thiệp (có thể"
        " ngay trong dữ liệu của đơn vị, trước khi ký). Đề nghị đơn vị giải trình và gửi lại"
        " gói."]


def test_a_removed_middle_line_names_the_entry_after_it(exported: ExportedBundle,
                                                        tmp_path: Path) -> None:
    records = _records(exported)
    removed = records.pop(len(records) // 2)
    follower = records[len(records) // 2]
    assert follower["id"] == removed["id"] + 1  # type: ignore[operator]
    # signed again by the unit: nothing but the chain can tell
    shortened = resigned(exported, {AUDIT_LOG: _jsonl(records)}, tmp_path / "short.zip")
    failed = _verify(shortened, exported).failed()
    assert [(c.code, c.params["entry"], c.params["reason"]) for c in failed] == \
        [("audit_broken", follower["id"], "link")]
    # not signed again: the file line fails and the chain is not looked at
    members = exported.members()
    members[AUDIT_LOG] = _jsonl(records)
    plain = _verify(rezip(members, tmp_path / "plain.zip"), exported)
    assert {c.code for c in plain.failed()} == {"file_hash_mismatch"}
    assert (_audit_line(plain).code, _audit_line(plain).status) == ("audit_not_checked", SKIP)


def test_renumbered_ids_are_caught_though_ids_are_not_hashed(exported: ExportedBundle,
                                                             tmp_path: Path) -> None:
    records = _records(exported)
    for record in records[3:]:
        record["id"] = int(record["id"]) + 10  # type: ignore[call-overload]
    bundle = resigned(exported, {AUDIT_LOG: _jsonl(records)}, tmp_path / "ids.zip")
    line = _audit_line(_verify(bundle, exported))
    assert (line.code, line.status, line.params["entry"], line.params["reason"]) == \
        ("audit_broken", FAIL, records[3]["id"], "id")
    assert "bị đánh số lại" in check_sentence(line)


@pytest.mark.parametrize(("content", "code", "params"), [
    (b"", "audit_empty", {}),
    (None, "audit_unreadable", {"line": 3}),  # line 3 replaced by text that is not an entry
    (b"[" * 100_000, "audit_unreadable", {}),  # deep enough to make the JSON parser give up
])
def test_an_empty_or_unreadable_log(exported: ExportedBundle, tmp_path: Path,
                                    content: bytes | None, code: str,
                                    params: dict[str, int]) -> None:
    if content is None:
        lines = exported.members()[AUDIT_LOG].split(b"\n")
        lines[2] = b'{"id": 3, "note": "not an entry"}'
        content = b"\n".join(lines)
    bundle = resigned(exported, {AUDIT_LOG: content}, tmp_path / "bad.zip")
    line = _audit_line(_verify(bundle, exported))
    assert (line.code, line.status) == (code, FAIL)
    assert params.items() <= line.params.items()
    sentence = check_sentence(line)
    assert "nhat-ky.jsonl" in sentence and "{" not in sentence
