"""triage's sections on intake's case page, registered in ``TriageConfig.ready``.

intake shows a case and names no later step (docs/architecture.md); each builder here decides
what one user sees of triage on that page, so the templates only present it. The page itself
is already access-checked and its read audited; a builder only adds to what it shows.
"""

from intake.constants import CasusStatus
from intake.extensions import CaseSection
from intake.models import Casus
from participants.constants import Role
from participants.models import User
from zvh.core.exceptions import ServiceError

from ..constants import VERRIJKING_STATUSES, AgendaItemStatus, DecisionOutcome, ScreeningOutcome
from ..services.attendance import attendance_refusal
from ..services.decisions import not_discussed_words
from ..services.screening import SCREENABLE, ensure_can_record_contact
from .decisions import decisions_visible_to
from .invitations import items_answerable_by, slot_of
from .screening import latest_decision, latest_rejection


def screening_section(*, casus: Casus, user: User, page: str) -> CaseSection | None:
    """The chair: the latest screening decision and its next steps. The melder: why a case was rejected."""
    if user.has_role(Role.TRIAGEVOORZITTER):
        decision = latest_decision(casus)
        can_record_contact = False
        if decision is not None:
            decision.casus = casus
            try:
                ensure_can_record_contact(decision, user)
                can_record_contact = True
            except ServiceError:
                pass
        return CaseSection(
            "triage/screening_on_casus.html",
            {
                "for_chair": True,
                "decision": decision,
                "can_screen": casus.status in SCREENABLE and page != "screening",
                "can_record_contact": can_record_contact,
                "in_verrijking": casus.status in VERRIJKING_STATUSES,
                "deletion_pending": _deletion_pending(casus, decision),
            },
        )
    if casus.status == CasusStatus.AFGEWEZEN:
        rejection = latest_rejection(casus)
        category = rejection.get_rejection_category_display() if rejection else ""
        return CaseSection(
            "triage/screening_on_casus.html",
            {"for_melder": True, "category": category, "deletion_pending": _deletion_pending(casus, rejection)},
        )
    return None


def _deletion_pending(casus: Casus, decision) -> bool:
    """Rejected and the melder told: the deletion task is queued (or running) but not done yet.

    Once done, the case page itself says "deze aanmelding is verwijderd" (intake.selectors).
    """
    return (
        casus.status == CasusStatus.AFGEWEZEN
        and decision is not None
        and decision.outcome == ScreeningOutcome.REJECTED
        and decision.melder_contacted_at is not None
    )


def decision_section(*, casus: Casus, user: User, page: str) -> CaseSection | None:
    """The triage's decision, for whom ``decisions_visible_to`` lets see it."""
    decision = decisions_visible_to(user, casus).first()
    if decision is None:
        return None
    # The melder's side is told what happened and what comes next; the chair was there.
    for_melder = decision.outcome == DecisionOutcome.NIET_BESPROKEN and not user.has_role(Role.TRIAGEVOORZITTER)
    explanation = not_discussed_words(decision) if for_melder else ""
    return CaseSection("triage/session_outcome_on_casus.html", {"decision": decision, "not_discussed": explanation})


def attendance_section(*, casus: Casus, user: User, page: str) -> CaseSection | None:
    """"Bevestig uw aanwezigheid", for the melder of a case on a finalised agenda who may still answer."""
    if casus.status != CasusStatus.GEAGENDEERD:
        return None
    item = (
        items_answerable_by(user)
        .filter(casus=casus, status=AgendaItemStatus.GEAGENDEERD, meeting__agenda_finalised_at__isnull=False)
        .select_related("meeting")
        .first()
    )
    if item is None or attendance_refusal(item) is not None:
        return None
    slot_start, slot_end = slot_of(item.meeting.slots(), item.position)
    return CaseSection(
        "triage/attendance_notice.html",
        {"item": item, "meeting": item.meeting, "slot_start": slot_start, "slot_end": slot_end},
    )
