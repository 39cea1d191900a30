"""Pure-Python domain: questionnaires, form records, validation, periods, quota, tally.

Nothing here imports Qt, SQLAlchemy or reportlab (enforced by import-linter).
Validation returns codes with parameters, never UI sentences.
"""
