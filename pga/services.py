"""Every state change of a PGA dossier.

The dossier starts when the Integrale Triage decides PGA (``triage.signals.pga_decided``, received
in ``pga.receivers``): from that moment the procesregisseur sees the case in "Mijn dossiers" and, through
``pga.selectors.procesregisseur_sees_running_dossiers`` (registered with intake), may open it
(need-to-know follows the assignment).
"""

from django.db import transaction

from intake.constants import CasusStatus
from intake.models import Casus
from participants.models import User
from participants.roles import ensure_procesregisseur
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from .models import PgaDossier


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
