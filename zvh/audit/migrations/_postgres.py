"""SQL that only PostgreSQL runs: its triggers guard the audit tables.

SQLite (the embedded dev default) has no such triggers and relies on the model and the
chains. The leading underscore keeps Django's migration loader from reading this as a migration.
"""

from django.db import migrations


def postgres_sql(create: str, drop: str) -> migrations.RunPython:
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop)

    return migrations.RunPython(forwards, backwards)
