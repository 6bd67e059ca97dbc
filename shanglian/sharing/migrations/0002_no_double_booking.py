"""PostgreSQL: no two occupancies of the same listing unit overlap in time (btree_gist for the
integer equality inside a GiST index). SQLite has no exclusion constraints: the booking service
checks under IMMEDIATE transactions instead (see docs/sharing.md)."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE sharing_occupancy ADD CONSTRAINT sharing_occ_no_overlap
  EXCLUDE USING gist (listing_id WITH =, unit_no WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&);
"""
DROP = "ALTER TABLE sharing_occupancy DROP CONSTRAINT IF EXISTS sharing_occ_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
