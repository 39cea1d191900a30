"""Storage refusals the services act on, free of SQLAlchemy types."""


class DuplicateSerialError(Exception):
    """Another form of the same year already has this serial (unique year+serial)."""
