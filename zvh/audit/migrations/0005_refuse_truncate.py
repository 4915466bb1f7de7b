"""On PostgreSQL the audit tables also refuse TRUNCATE, and the chain heads refuse DELETE.

Entries already refuse UPDATE and DELETE (0003). Heads are updated by every append but never
deleted. TRUNCATE fires no row trigger, so it gets a statement trigger of its own.

One exception: a session that sets `zvh.audit_allow_truncate = on` may TRUNCATE. Only the test
settings set it, because Django's test runner empties every table with TRUNCATE after a
transactional test. Any role may set the variable, so it is no protection against a role that
may TRUNCATE: that protection is the production layout, where the app's role has no TRUNCATE
privilege and does not own the tables (docs/audit.md, `manage.py audit_app_role`).
"""

from django.db import migrations

from ._postgres import postgres_sql

CREATE = """
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('zvh.audit_allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'het auditlog kan niet worden geleegd';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
CREATE TRIGGER audit_auditchainhead_no_truncate
    BEFORE TRUNCATE ON audit_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();

CREATE OR REPLACE FUNCTION audit_auditchainhead_keep() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'een auditketen kan niet worden verwijderd';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditchainhead_keep
    BEFORE DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_auditchainhead_keep();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditchainhead_keep ON audit_auditchainhead;
DROP FUNCTION IF EXISTS audit_auditchainhead_keep();
DROP TRIGGER IF EXISTS audit_auditchainhead_no_truncate ON audit_auditchainhead;
DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_refuse_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_keyed_chains")]
    operations = [postgres_sql(CREATE, DROP)]
