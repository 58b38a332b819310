"""Never a double booking, enforced by PostgreSQL itself.

An exclusion constraint over active unit occupancies: no two rows for the same unit may
have overlapping intervals. It lives in a migration that runs only on PostgreSQL, because
SQLite has no EXCLUDE (there the booking service checks inside an IMMEDIATE transaction,
which serialises every writer).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE booking_occupancy ADD CONSTRAINT occupancy_no_overlap
  EXCLUDE USING gist (unit_id WITH =, tstzrange("start", "end", '[)') WITH &&)
  WHERE (active AND unit_id IS NOT NULL);
"""
DROP = "ALTER TABLE booking_occupancy DROP CONSTRAINT IF EXISTS occupancy_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
