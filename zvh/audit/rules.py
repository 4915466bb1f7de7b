import rules

from participants.constants import Role


@rules.predicate
def is_logbeheerder(user) -> bool:
    return user.is_authenticated and user.has_role(Role.LOGBEHEERDER)


# Only the logbeheerder reads the audit log (DESIGN.md); not even a superuser through the admin.
rules.add_perm("audit.read_auditlog", is_logbeheerder)
