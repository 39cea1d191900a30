"""The running tally beside the keying screen (DESIGN.md keying sketch)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from app.domain.issuance import IssuanceCounts
from app.domain.periods import DueReport, next_quarter_report, quarter_of
from app.domain.quota import Pacing, pacing, quarter_share


@dataclass(frozen=True)
class FieldCount:
    """Forms counted for one field of service."""
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Tally:
    """The running tally beside the keying screen: year, quarter, fields, pacing, due."""
    year: int
    year_count: int
    yearly_target: int
    quarter: int
    quarter_count: int
    quarter_target: int
    by_field: tuple[FieldCount, ...]
    pacing: Pacing
    due: DueReport
    voided: int
    issuance: IssuanceCounts | None = None  # printed batches; None when none was printed

    @property
    def year_share(self) -> float:
        return self.year_count / self.yearly_target if self.yearly_target else 0.0


def build_tally(
    *,
    year: int,
    yearly_target: int,
    today: date,
    year_count: int,
    quarter_counts: Mapping[int, int],
    field_counts: Mapping[str, int],
    field_labels: Mapping[str, str],
    voided: int = 0,
    due_day: int = 20,
    issuance: IssuanceCounts | None = None,
) -> Tally:
    """Assemble the tally from counts of active forms.

    The quarter shown is today's quarter when today is in the working year, otherwise the
    last quarter of that year (a clerk finishing last year's forms in January).
    """
    quarter = quarter_of(today) if today.year == year else 4 if today.year > year else 1
    by_field = [
        FieldCount(code, label, field_counts.get(code, 0)) for code, label in field_labels.items()
    ]
    unknown = sum(v for k, v in field_counts.items() if k not in field_labels)
    if unknown:
        by_field.append(FieldCount("?", "", unknown))
    return Tally(
        year=year,
        year_count=year_count,
        yearly_target=yearly_target,
        quarter=quarter,
        quarter_count=quarter_counts.get(quarter, 0),
        quarter_target=quarter_share(yearly_target),
        by_field=tuple(by_field),
        pacing=pacing(year_count, yearly_target, today, year),
        due=next_quarter_report(today, due_day),
        voided=voided,
        issuance=issuance if issuance is not None and issuance.batches else None,
    )
