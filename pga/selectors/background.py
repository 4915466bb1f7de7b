"""The triage's work on a case, for the procesregisseur of its running dossier (and the chairs).

The verrijkingsdossier, the weighing and the triage decision with its motivation and the invitees
of the first casusoverleg: what the procesregisseur starts from. pga sits above triage and reads
them through triage's selectors (``verrijkingsdossier_of``, ``decisions_with_details``) after its
own access check: only while the dossier runs (the same rule as the case page), every read audited.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Q

from intake.models import Casus
from participants.constants import Role
from participants.models import User
from triage.constants import DecisionOutcome
from triage.models import CasusoverlegInvitee, TriageDecision
from triage.selectors.decisions import decisions_with_details
from triage.selectors.verrijkingsdossier import Dossier, verrijkingsdossier_of, with_dossier_parts
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from ..models import PgaDossier
from .dossiers import dossier_or_denied, running_q

BACKGROUND_PAGE = "pga_achtergrond"


@dataclass(frozen=True)
class Background:
    dossier: PgaDossier
    verrijking: Dossier
    decision: TriageDecision | None


def background_for(*, user: User, casus_id: uuid.UUID) -> Background:
    """PgaDossier.DoesNotExist unless ``user`` is a chair or the procesregisseur of the running dossier."""
    if user.has_role(Role.TRIAGEVOORZITTER):
        allowed = Q()
    elif user.has_role(Role.PROCESREGISSEUR):
        allowed = Q(procesregisseur=user) & running_q()
    else:
        allowed = None
    dossier = dossier_or_denied(user, casus_id, allowed)
    casus = with_dossier_parts(Casus.objects.filter(pk=dossier.casus_id)).get()
    background = Background(dossier=dossier, verrijking=verrijkingsdossier_of(casus), decision=_pga_decision(casus))
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=casus,
        case_reference=casus.reference or "",
        detail={"pagina": BACKGROUND_PAGE, "dossier": dossier.pk},
    )
    return background


def _pga_decision(casus) -> TriageDecision | None:
    """The triage's PGA decision on ``casus`` with its invitees, meeting and who recorded it."""
    return (
        decisions_with_details()
        .filter(item__casus=casus, outcome=DecisionOutcome.PGA)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class SummaryDecision:
    """The triage decision as the summary PDF shows it; ``motivation`` None where the reader may not see it."""

    meeting_date: datetime.date
    decided_by: str
    motivation: str | None
    invitees: list[CasusoverlegInvitee]


def decision_for_summary(*, dossier: PgaDossier, user: User) -> SummaryDecision | None:
    """The decision for the dossier summary of a reader the caller checked (and audited the print of).

    The meeting, who decided and the invitees of the first casusoverleg (with the grounds of the
    incidental ones) belong to the PGA itself: the besluitbrief holds them too. The triage's own
    motivation follows the background's rule (docs/decisions.md): the chairs always, the
    procesregisseur only while the dossier runs.
    """
    decision = _pga_decision(dossier.casus)
    if decision is None:
        return None
    motivation_visible = user.has_role(Role.TRIAGEVOORZITTER) or dossier.is_running
    return SummaryDecision(
        meeting_date=decision.item.meeting.date,
        decided_by=decision.decided_by.display_name,
        motivation=decision.motivation if motivation_visible else None,
        invitees=list(decision.invitees.all()),
    )
