from django.db.models import QuerySet

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
