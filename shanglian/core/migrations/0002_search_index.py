"""Full-text index on core_searchentry.tokens: FTS5 on SQLite, GIN on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS core_search_fts USING fts5(
        tokens, content='core_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER IF NOT EXISTS core_searchentry_ai AFTER INSERT ON core_searchentry BEGIN
        INSERT INTO core_search_fts(rowid, tokens) VALUES (new.id, new.tokens); END""",
    """CREATE TRIGGER IF NOT EXISTS core_searchentry_ad AFTER DELETE ON core_searchentry BEGIN
        INSERT INTO core_search_fts(core_search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END""",
    """CREATE TRIGGER IF NOT EXISTS core_searchentry_au AFTER UPDATE ON core_searchentry BEGIN
        INSERT INTO core_search_fts(core_search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO core_search_fts(rowid, tokens) VALUES (new.id, new.tokens); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchentry_au",
    "DROP TRIGGER IF EXISTS core_searchentry_ad",
    "DROP TRIGGER IF EXISTS core_searchentry_ai",
    "DROP TABLE IF EXISTS core_search_fts",
]
PG_FORWARD = [
    "CREATE INDEX IF NOT EXISTS core_searchentry_tsv ON core_searchentry "
    "USING GIN (to_tsvector('simple', tokens))",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS core_searchentry_tsv"]


def forward(apps, schema_editor):
    statements = SQLITE_FORWARD if schema_editor.connection.vendor == "sqlite" else PG_FORWARD
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = SQLITE_BACKWARD if schema_editor.connection.vendor == "sqlite" else PG_BACKWARD
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
