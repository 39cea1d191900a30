"""Storage refusals the services act on, free of SQLAlchemy types."""


class DuplicateSerialError(Exception):
    """Another form of the same year already has this serial (unique year+serial)."""


class WriteRefusedError(Exception):
    """A write the domain rules refuse, checked inside the write transaction (nothing written).

    ``issue`` is the domain's code and parameters (app.domain.forms.Issue).
    """

    def __init__(self, issue: object) -> None:
        super().__init__(issue)
        self.issue = issue


class PeriodLockedError(Exception):
    """The form's date falls in a period already exported; the change needs a reason.

    ``export`` is the latest app.domain.exports.ExportRecord covering that date.
    """

    def __init__(self, export: object) -> None:
        super().__init__(export)
        self.export = export
