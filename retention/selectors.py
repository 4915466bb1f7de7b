"""Who sees which deletion dates, and the reads behind the retention pages (need-to-know decided here).

- a triagevoorzitter: every submitted case (as on intake's case page; concepts are their
  author's own and end without anyone else seeing them);
- a procesregisseur: the cases of the PGA dossiers assigned to them, also once closed (the
  dossier stays theirs until retention deletes it, docs/decisions.md "A closed dossier");
- anyone else: none. A refused attempt on an existing case is a 404 with a DENIED entry
  (``intake.selectors.casus_or_denied``).
"""

import datetime
import uuid

from django.db.models import Q
from django.utils import timezone

from intake.constants import CasusStatus
from intake.extensions import CaseSection
from intake.models import Casus
from intake.selectors import casus_or_denied
from participants.constants import Role
from participants.models import User

from .constants import DUE_WITHIN_DAYS
from .models import RetentionExtension
from .schedule import ENDED_STATES, Schedule, schedule_of, schedules


def retention_cases_q(user: User) -> Q:
    """The cases whose deletion date ``user`` sees and may extend."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    allowed = Q(pk__in=[])
    if user.has_role(Role.TRIAGEVOORZITTER):
        allowed |= ~Q(status=CasusStatus.CONCEPT)
    if user.has_role(Role.PROCESREGISSEUR):
        allowed |= Q(pga_dossier__procesregisseur=user)
    return allowed & ~Q(status=CasusStatus.VERWIJDERD)


def due_for_deletion(*, user: User, today: datetime.date | None = None) -> list[Schedule]:
    """The cases ``user`` may see that are deleted within DUE_WITHIN_DAYS (overdue ones first: tonight)."""
    today = today or timezone.localdate()
    last_day = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    found = schedules(Casus.objects.filter(retention_cases_q(user)))
    return sorted(
        (schedule for schedule in found if schedule.deletion_date <= last_day),
        key=lambda schedule: (schedule.deletion_date, schedule.reference),
    )


def case_for_retention(*, user: User, casus_id: uuid.UUID | str) -> Casus:
    """A case whose retention ``user`` may see; otherwise DoesNotExist after a DENIED entry (view: 404)."""
    return casus_or_denied(user=user, casus_id=casus_id, allowed=retention_cases_q(user))


def extensions_of(casus: Casus) -> list[RetentionExtension]:
    return list(casus.retention_extensions.select_related("created_by").order_by("created_at", "id"))


def retention_section(*, casus: Casus, user: User, page: str) -> CaseSection | None:
    """The deletion date and its extensions on the case page, for those who may extend it.

    A case that has not ended (by the status the page read it with) has no date, so it costs no
    query; for one that has, who may see it is part of the one query for its schedule (issue 16).
    """
    if casus.status not in ENDED_STATES:
        return None
    found = schedules(Casus.objects.filter(retention_cases_q(user), pk=casus.pk))
    if not found:
        return None
    return CaseSection("retention/case_section.html", {"schedule": found[0], "extensions": extensions_of(casus)})


def retention_dossier_section(*, dossier, user: User) -> CaseSection | None:
    """The same on a PGA dossier's page: a closed dossier's procesregisseur sees when the case goes."""
    return retention_section(casus=dossier.casus, user=user, page="pga_dossier")


def held_from_erasure(casus: Casus) -> bool:
    """For the system's own deletions (intake.extensions.erasure_held): not before the deletion date."""
    schedule = schedule_of(casus)
    return schedule is not None and not schedule.is_expired(timezone.localdate())
