"""PostgreSQL: match on a stored tsvector column instead of an expression index over `terms`.

The expression index (0003) served selective words, but for common ones the planner chose a sequential scan and
then ran to_tsvector over every row's stems on each search. A generated column holds the vector once, written
with the row; its GIN index replaces the expression index. Not a model field: SQLite has no tsvector (it matches
through FTS5, 0003), and a generated column is never written by Django anyway. Other databases: nothing to do.
"""

from django.db import migrations

COLUMN = "terms_vector"
INDEX = "search_coursedocument_terms_vector"
OLD_INDEX = "search_coursedocument_terms_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE search_coursedocument ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(terms, ''))) STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_coursedocument USING gin ({COLUMN})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON search_coursedocument "
        "USING gin (to_tsvector('simple'::regconfig, COALESCE(terms, '')))"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE search_coursedocument DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_index_state")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
