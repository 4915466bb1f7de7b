"""Object-level rules that hang on a role, for apps below participants that know no roles.

The audit log (``zvh.audit``) sits below every domain app, so it cannot name the logbeheerder;
participants, which keeps the roles, registers who may read it.
"""

import rules

from .constants import Role


@rules.predicate
def is_logbeheerder(user) -> bool:
    return user.is_authenticated and user.has_role(Role.LOGBEHEERDER)


# Only the logbeheerder reads the audit log (docs/decisions.md); not even a superuser through the admin.
rules.add_perm("audit.read_auditlog", is_logbeheerder)
