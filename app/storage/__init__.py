"""SQLite storage through SQLAlchemy 2: models, engine, migrations, repositories.

Repositories open a short session per unit of work and return detached domain objects.
"""
