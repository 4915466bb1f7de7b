"""The production layout: the app connects with a role that does not own the audit tables.

The owner of a table can switch its triggers off, so an app that owns the audit log can
rewrite it. This command prints the SQL (to review and run as the owner, after every
`migrate`) that gives the app's role what the app needs and no more: on the audit entries
only SELECT and INSERT, on the chain heads SELECT, INSERT and UPDATE, no TRUNCATE anywhere.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

AUDIT_TABLES = "audit_auditevent, audit_auditchainhead"


def app_role_sql(role: str) -> list[str]:
    """The statements, idempotent; `role` is checked to be a plain identifier (it is quoted as one)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise CommandError("Gebruik als rolnaam alleen kleine letters, cijfers en _.")
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
        f'THEN CREATE ROLE "{role}" LOGIN; END IF; END $$',
        f'GRANT USAGE ON SCHEMA public TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
        f'REVOKE ALL ON {AUDIT_TABLES} FROM "{role}"',
        f'GRANT SELECT, INSERT ON audit_auditevent TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE ON audit_auditchainhead TO "{role}"',
    ]


class Command(BaseCommand):
    help = (
        "Toont de SQL die de databaserol van de applicatie aanmaakt en rechten geeft zonder eigenaar "
        "van het auditlog te worden (docs/audit.md). Met --apply voert de eigenaar die direct uit."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="naam van de rol waarmee de applicatie verbindt, bijvoorbeeld zvh_app")
        parser.add_argument("--apply", action="store_true", help="direct uitvoeren met de huidige verbinding")

    def handle(self, *args, role, apply, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Alleen voor PostgreSQL.")
        statements = app_role_sql(role)
        if not apply:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            if cursor.fetchone()[0] == role:
                raise CommandError("De applicatierol mag niet de eigenaar zijn: voer dit uit als de eigenaar.")
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Rol {role} heeft de rechten van de applicatie.")
