"""Printing numbered blank forms: a PDF, then (only then) the issued batch is recorded.

``print_forms`` is a generator (DESIGN.md: long jobs yield progress). It renders into a temp
file in the target folder, fsyncs it and moves it over the target with ``os.replace``; the
batch is written to the database after that, so a failed or cancelled run leaves neither a
half PDF nor a batch. A target file that existed stays untouched unless the run succeeds.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from app.atomic_files import fsync_folder
from app.domain.forms import Issue
from app.domain.issuance import IssuedBatch, check_new_batch, suggested_start
from app.domain.questionnaire import Questionnaire
from app.domain.settings import UnitSettings
from app.services.workspace import Workspace
from app.storage.errors import WriteRefusedError


class Renderer(Protocol):
    """app.reports.blank_form.render_blank_forms: one form per serial (None = blank serial),
    yields the number of forms done; raises when ``cancelled()`` turns true."""

    def __call__(self, questionnaire: Questionnaire, settings: UnitSettings,
                 serials: Sequence[int | None], out: BinaryIO, *,
                 cancelled: Callable[[], bool]) -> Iterator[int]: ...


@dataclass(frozen=True)
class PrintProgress:
    done: int
    total: int
    stage: str  # "render" (forms drawn), "save" (file in place), "recorded" (batch stored)
    batch: IssuedBatch | None = None


class PrintRefused(Exception):
    """Nothing printed, nothing recorded; ``issue`` says why (codes in app/domain/issuance)."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


class PrintCancelled(Exception):
    """Stopped by the clerk: no file written, no batch recorded."""


def suggest_start(ws: Workspace) -> int:
    """The first serial of a new batch: after every serial issued or keyed this year."""
    state = ws.store.issuance_state(ws.require_settings().year)
    return suggested_start(state.batches, state.keyed)


def check_print(ws: Workspace, count: int, start: int | None, *, blank: bool) -> Issue | None:
    state = ws.store.issuance_state(ws.require_settings().year)
    return check_new_batch(state.batches, state.keyed, count, start, blank=blank)


def _default_renderer() -> Renderer:
    from app.reports.blank_form import render_blank_forms

    renderer: Renderer = render_blank_forms
    return renderer


def layout_json(ws: Workspace) -> str:
    """Where every answer box sits on the page (for machine reading of scans)."""
    from app.reports.blank_form import layout_to_json, page_layout

    text: str = layout_to_json(page_layout(ws.keying_questionnaire(), ws.require_settings()))
    return text


def preview_pdf(ws: Workspace, serial: int | None, renderer: Renderer | None = None) -> bytes:
    """One form as PDF bytes (nothing written, nothing recorded), for the print preview."""
    out = io.BytesIO()
    for _done in (renderer or _default_renderer())(
            ws.keying_questionnaire(), ws.require_settings(), [serial], out,
            cancelled=lambda: False):
        pass
    return out.getvalue()


def _temp_beside(target: Path) -> tuple[BinaryIO, Path]:
    """A new file in the target's folder, so ``os.replace`` is a rename on one disk."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    return os.fdopen(fd, "wb"), Path(name)


def print_forms(ws: Workspace, operator: str, count: int, start: int | None, blank: bool,
                out_path: Path, *, layout_path: Path | None = None,
                cancelled: Callable[[], bool] = lambda: False,
                renderer: Renderer | None = None) -> Iterator[PrintProgress]:
    """Print ``count`` forms numbered from ``start`` (None: the suggested start), or
    ``count`` blank-serial forms, to ``out_path``; record the batch once the file is in place.

    Raises PrintRefused (bad count, range overlapping issued or keyed serials), PrintCancelled
    (``cancelled()`` turned true or the generator was closed), OSError (cannot write there).
    In every failure the temp file is removed and no batch is recorded.
    """
    settings = ws.require_settings()
    questionnaire = ws.keying_questionnaire()
    if not blank and start is None:
        start = suggest_start(ws)
    first = None if blank else start
    issue = check_print(ws, count, first, blank=blank)
    if issue is not None:
        raise PrintRefused(issue)
    serials: list[int | None] = (
        [None] * count if first is None else list(range(first, first + count)))
    render = renderer or _default_renderer()
    layout_text = layout_json(ws) if layout_path is not None else None

    temps: list[Path] = []
    try:
        handle, pdf_temp = _temp_beside(out_path)
        temps.append(pdf_temp)
        with handle:
            for done in render(questionnaire, settings, serials, handle, cancelled=cancelled):
                yield PrintProgress(done, count, "render")
            if cancelled():
                raise PrintCancelled()
            handle.flush()
            os.fsync(handle.fileno())
        moves = [(pdf_temp, out_path)]
        if layout_path is not None and layout_text is not None:
            layout_handle, layout_temp = _temp_beside(layout_path)
            temps.append(layout_temp)
            with layout_handle:
                layout_handle.write(layout_text.encode("utf-8"))
                layout_handle.flush()
                os.fsync(layout_handle.fileno())
            moves.append((layout_temp, layout_path))
        for temp, target in moves:
            os.replace(temp, target)
            temps.remove(temp)
            fsync_folder(target.parent)  # the rename itself survives a power cut
    except PrintCancelled:
        raise
    except BaseException as exc:
        if cancelled() and not isinstance(exc, GeneratorExit):
            raise PrintCancelled() from exc  # the renderer's own "cancelled" exception
        raise
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
    yield PrintProgress(count, count, "save")

    batch = IssuedBatch(
        year=settings.year, count=count, first=first,
        last=None if first is None else first + count - 1,
        issued_at=ws.now(), operator=operator, file_name=str(out_path.resolve()),
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version)
    try:
        saved = ws.store.add_issued_batch(batch)
    except WriteRefusedError as exc:
        # Another program on this database issued these serials while this one rendered.
        assert isinstance(exc.issue, Issue)
        raise PrintRefused(exc.issue) from None
    yield PrintProgress(count, count, "recorded", saved)


def run_to_end(job: Iterator[PrintProgress], on_progress: Callable[[PrintProgress], Any]
               | None = None) -> IssuedBatch:
    """Drive ``print_forms`` to the end (the CLI); returns the recorded batch."""
    batch: IssuedBatch | None = None
    for step in job:
        if on_progress is not None:
            on_progress(step)
        batch = step.batch or batch
    assert batch is not None
    return batch
