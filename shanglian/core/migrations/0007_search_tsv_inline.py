"""PostgreSQL: keep the ``tsv`` column inline in the entry's row (``STORAGE MAIN``), not in TOAST.

An enterprise's tsvector is ~2 KB, so PostgreSQL moved it out of line: every ``tsv @@ q`` checked
by a sequential scan and every ``ts_rank(tsv, q)`` of the ranked head fetched it from the TOAST
table (index look-up + two chunks). For a broad word (``electronics``: 16 % of 100,000 entries)
the planner reads the table in order and stops at the head's 2,000 candidates, so that was ~12,000
TOAST fetches. Inline (compressed when it helps), ``tokens`` and ``vector`` go out of line instead;
they are read for the 100 rows of the head and the dense path's new ids only. The existing rows
are rewritten once (``UPDATE … SET tokens = tokens`` recomputes the generated column), then the
table is compacted (``VACUUM FULL``: the update leaves every old row version behind, and a
sequential scan over the doubled table cost more than the inline column saved — measured). Both
take ~1–2 minutes per 100,000 entries and lock the table meanwhile (searches wait); hence a
migration outside a transaction. SQLite is untouched (FTS5).
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_searchentry ALTER COLUMN tsv SET STORAGE MAIN")
        schema_editor.execute("UPDATE core_searchentry SET tokens = tokens")
        schema_editor.execute("VACUUM (FULL, ANALYZE) core_searchentry")
        schema_editor.execute("VACUUM core_searchentry")  # the visibility map (FULL leaves it empty)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_searchentry ALTER COLUMN tsv SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    atomic = False  # VACUUM cannot run in a transaction
    dependencies = [("core", "0006_merge_0005_consent_0005_search_vector")]
    operations = [migrations.RunPython(forward, backward)]
