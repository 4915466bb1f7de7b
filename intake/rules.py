"""Object permissions for casussen (django-rules), built on the selectors' single definition."""

import rules

from .selectors import visible_cases_q


@rules.predicate
def can_view_casus(user, casus) -> bool:
    if casus is None:
        return False
    return type(casus).objects.filter(visible_cases_q(user), pk=casus.pk).exists()


rules.add_perm("intake.view_casus", can_view_casus)
