"""Reads of casussen, already restricted to what the user may see (need-to-know).

`visible_cases_q` is the one definition of who sees which case: the list pages, the detail
page and the `intake.view_casus` rule all use it, so they cannot drift apart.
"""

import uuid

from django.db.models import Q, QuerySet

from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from .constants import CasusStatus
from .models import Casus

NOTHING = Q(pk__in=[])


def visible_cases_q(user: User) -> Q:
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    q = NOTHING
    if user.has_role(Role.MELDER) and user.organisation_id:
        # Colleagues see each other's submitted registrations; a concept is its author's own.
        q |= Q(melder=user) | (Q(organisation_id=user.organisation_id) & ~Q(status=CasusStatus.CONCEPT))
    if user.has_role(Role.TRIAGEVOORZITTER):
        q |= ~Q(status=CasusStatus.CONCEPT)
    if user.has_role(Role.PROCESREGISSEUR):
        q |= Q(pga_dossier__procesregisseur=user)
    # Deleted cases keep only an anonymous record, which is statistics, not a case to open.
    return q & ~Q(status=CasusStatus.VERWIJDERD)


def cases_visible_to(user: User) -> QuerySet[Casus]:
    return Casus.objects.filter(visible_cases_q(user)).distinct()


def casus_get_for_view(*, user: User, casus_id: uuid.UUID) -> Casus:
    """One casus the user may see, with the read written to the audit log.

    Raises Casus.DoesNotExist both when it does not exist and when the user may not see it,
    so a view answers 404 either way and never reveals that a case exists.
    """
    try:
        casus = cases_visible_to(user).select_related("organisation", "melder").get(pk=casus_id)
    except Casus.DoesNotExist:
        if Casus.objects.filter(pk=casus_id).exists():
            audit_record(actor=user, action=AuditAction.DENIED, detail={"object": f"intake.casus:{casus_id}"})
        raise
    audit_record(actor=user, action=AuditAction.VIEW, obj=casus, case_reference=casus.reference or "")
    return casus


def cases_for_melder_overview(user: User) -> QuerySet[Casus]:
    """The melder's "Mijn aanmeldingen": their organisation's cases, betrokkenen prefetched."""
    if not user.has_role(Role.MELDER):
        return Casus.objects.none()
    return (
        Casus.objects.filter(visible_cases_q(user) & (Q(organisation_id=user.organisation_id) | Q(melder=user)))
        .select_related("melder")
        .prefetch_related("betrokkenen")
        .order_by("-created_at")
    )


def cases_for_screening(user: User) -> QuerySet[Casus]:
    """The chairs' queue: submitted cases waiting for a screening decision or an answer."""
    if not user.has_role(Role.TRIAGEVOORZITTER):
        return Casus.objects.none()
    return (
        cases_visible_to(user)
        .filter(status__in=[CasusStatus.AANGEMELD, CasusStatus.AANVULLING_GEVRAAGD])
        .select_related("organisation")
        .prefetch_related("betrokkenen")
        .order_by("target_triage_date", "submitted_at")
    )
