"""The county database the migrations build is the one the models describe.

A migration that forgets a column or an index (or a model changed without one) would pass
every test that builds its tables from the models and fail only on a county upgraded in place.
"""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sync.server.db import CountyDatabase, head_revision
from sync.server.models import CountyBase


def test_the_migrated_county_database_matches_the_models(tmp_path: Path) -> None:
    db = CountyDatabase.open(f"sqlite:///{tmp_path / 'county.db'}")
    try:
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert context.get_current_revision() == head_revision()
            assert compare_metadata(context, CountyBase.metadata) == []
    finally:
        db.close()
