"""No double allocation on PostgreSQL: an exclusion constraint over (space, [start, end)) with
btree_gist. Other databases (SQLite) skip it; allocation_create serialises the check there."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        "ALTER TABLE incubation_allocation ADD CONSTRAINT incubation_allocation_no_overlap "
        "EXCLUDE USING gist (space_id WITH =, daterange(start, \"end\", '[)') WITH &&)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE incubation_allocation DROP CONSTRAINT IF EXISTS incubation_allocation_no_overlap")


class Migration(migrations.Migration):
    dependencies = [("incubation", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
