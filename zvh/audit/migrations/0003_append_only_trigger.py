"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit log.

The model already refuses them; the trigger also stops a raw SQL statement or another client.
SQLite (the embedded dev default) relies on the model and the hash chain.
"""

from django.db import migrations

from ._postgres import postgres_sql

CREATE = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'het auditlog is alleen aan te vullen';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [postgres_sql(CREATE, DROP)]
