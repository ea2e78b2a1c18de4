"""Full-text indexes over the stems the database backend matches (column `terms`).

PostgreSQL: a GIN index on to_tsvector('simple', terms). SQLite: an external-content FTS5 table kept in step
by triggers. Other databases (or SQLite built without FTS5) fall back to LIKE matching.
"""

from django.db import migrations

PG_INDEX = "search_coursedocument_terms_fts"
FTS = "search_coursedocument_fts"
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(terms, content='search_coursedocument', content_rowid='id')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON search_coursedocument BEGIN
        INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON search_coursedocument BEGIN
        INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE ON search_coursedocument BEGIN
        INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms);
        INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms); END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_coursedocument "
            "USING gin (to_tsvector('simple'::regconfig, COALESCE(terms, '')))"
        )
    elif vendor == "sqlite":
        import sqlite3

        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        except sqlite3.OperationalError:
            return  # no FTS5 in this SQLite: the backend matches with LIKE instead
        finally:
            probe.close()
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_audience_flags")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
