from django.db.models import Q, QuerySet

from intake.constants import CasusStatus
from participants.constants import Role
from participants.models import User

from .models import PgaDossier


def dossiers_for_regisseur(user: User) -> QuerySet[PgaDossier]:
    """The procesregisseur's own dossiers; nobody sees another regisseur's dossiers here."""
    if not user.has_role(Role.PROCESREGISSEUR):
        return PgaDossier.objects.none()
    return (
        PgaDossier.objects.filter(procesregisseur=user, casus__status=CasusStatus.PGA)
        .select_related("casus")
        .prefetch_related("casus__betrokkenen")
        .order_by("-started_at")
    )


def procesregisseur_sees_running_dossiers(user: User) -> Q:
    """The cases a procesregisseur may open (registered with intake's ``visible_cases_q``).

    Only while the dossier runs: a closed dossier is no longer this regisseur's work.
    """
    if not user.has_role(Role.PROCESREGISSEUR):
        return Q(pk__in=[])
    return Q(pga_dossier__procesregisseur=user, pga_dossier__closed_at__isnull=True)
