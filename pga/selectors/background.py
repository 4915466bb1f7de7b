"""The triage's work on a case, for the procesregisseur of its running dossier (and the chairs).

The verrijkingsdossier, the weighing and the triage decision with its motivation and the invitees
of the first casusoverleg: what the procesregisseur starts from. pga sits above triage and reads
them through triage's selectors (``verrijkingsdossier_of``, ``decisions_with_details``) after its
own access check: only while the dossier runs (the same rule as the case page), every read audited.
"""

import uuid
from dataclasses import dataclass

from django.db.models import Q

from participants.constants import Role
from participants.models import User
from triage.constants import DecisionOutcome
from triage.selectors.decisions import decisions_with_details
from triage.selectors.verrijkingsdossier import Dossier, verrijkingsdossier_of
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from ..models import PgaDossier
from .dossiers import dossier_or_denied, running_q

BACKGROUND_PAGE = "pga_achtergrond"


@dataclass(frozen=True)
class Background:
    dossier: PgaDossier
    verrijking: Dossier
    decision: object | None


def background_for(*, user: User, casus_id: uuid.UUID) -> Background:
    """PgaDossier.DoesNotExist unless ``user`` is a chair or the procesregisseur of the running dossier."""
    if user.has_role(Role.TRIAGEVOORZITTER):
        allowed = Q()
    elif user.has_role(Role.PROCESREGISSEUR):
        allowed = Q(procesregisseur=user) & running_q()
    else:
        allowed = None
    dossier = dossier_or_denied(user, casus_id, allowed)
    casus = dossier.casus
    decision = (
        decisions_with_details()
        .filter(item__casus=casus, outcome=DecisionOutcome.PGA)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )
    background = Background(dossier=dossier, verrijking=verrijkingsdossier_of(casus), decision=decision)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=casus,
        case_reference=casus.reference or "",
        detail={"pagina": BACKGROUND_PAGE, "dossier": dossier.pk},
    )
    return background
