"""Every state change of a PGA dossier.

The dossier starts when the Integrale Triage decides PGA (``triage.services.decisions``): from
that moment the procesregisseur sees the case in "Mijn dossiers" and, through
``intake.selectors.visible_cases_q``, may open it (need-to-know follows the assignment).
"""

from django.db import transaction

from intake.constants import CasusStatus
from intake.models import Casus
from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from .models import PgaDossier


def ensure_procesregisseur(user: User | None) -> None:
    """Only an active user with the role may run a dossier: the assignment grants access to the case."""
    if user is None or not user.is_active or not user.has_role(Role.PROCESREGISSEUR):
        raise ServiceError("Kies een actieve gebruiker met de rol procesregisseur.")


def pga_dossier_start(*, casus: Casus, procesregisseur: User, by: User) -> PgaDossier:
    """Open the PGA dossier of a case the triage just decided PGA for, run by ``procesregisseur``.

    Runs inside the caller's transaction (the triage decision) with the casus locked; a case
    has one dossier, so a second start is refused rather than silently re-assigned.
    """
    ensure_procesregisseur(procesregisseur)
    if casus.status != CasusStatus.PGA:
        raise ServiceError("Een PGA-dossier start pas na een PGA-besluit van de Integrale Triage.")
    with transaction.atomic():
        if PgaDossier.objects.filter(casus=casus).exists():
            raise ServiceError("Voor deze casus loopt al een PGA-dossier.")
        dossier = PgaDossier.objects.create(casus=casus, procesregisseur=procesregisseur)
        audit_record(
            actor=by,
            action=AuditAction.CREATE,
            obj=dossier,
            case_reference=casus.reference or "",
            detail={"gebeurtenis": "pga_dossier_gestart", "procesregisseur": procesregisseur.pk},
        )
    return dossier
