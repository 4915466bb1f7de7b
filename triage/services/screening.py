"""The chair's screening decisions, and the rejection procedure up to the deletion.

Process step 3 (docs/architecture.md): the triage chairs check each registration against the criteria. Three
decisions, each recorded as a ScreeningDecision with the criteria set version it applied and
the chair's ja/nee per criterion:

- accept: the casus goes IN_VERRIJKING and the fixed partners get their bekendheidscheck
  (triage.services.verrijking), in the same transaction, so an accepted case never lacks them;
- ask the melder for more information: intake's question-and-answer loop
  (intake.services.melder.information_request_create); the answer returns the case here;
- reject with a category and advice: the melder is told in the app (a Feedback of kind
  AFWIJZING) and by mail (without personal data), the chair records that the melder was
  contacted, and only then is the registration deleted, by an idempotent task
  (triage.tasks.delete_rejected_casus -> intake.services.erasure).

Decisions where the issue is silent:
- The chair's motivation (`reason`) is internal to the ZVH: the melder sees the category and
  the advice, never the motivation. The status history, which the melder also sees, gets a
  fixed sentence instead of typed text.
- Accepting needs a ja/nee on every criterion, and the judgement must meet the set (every
  group holds): accepting a case the chair judged not to meet the criteria would contradict
  the record. Asking for information and rejecting take whatever the chair judged so far.
- The criteria applied are the casus' own version (what the melder motivated), else the
  active set.
- A case waiting for the melder's answer (AANVULLING_GEVRAAGD) can still be rejected (the
  transition table allows it), but not accepted or asked again until the answer is in.
- Recording the contact is what triggers the deletion; the deletion waits for it, also when
  the task is run by hand or by the periodic sweep.
"""

import uuid
from collections.abc import Mapping

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus, FeedbackKind
from intake.extensions import erasure_held
from intake.models import Casus, CriteriaSet, Feedback
from intake.selectors import melder_mail_address
from intake.services.casus import casus_ensure_unchanged, casus_transition
from intake.services.erasure import casus_erase_personal_data
from intake.services.melder import (  # _required_text: one rule for typed texts
    _required_text,
    information_request_create,
    information_requests_withdraw,
)
from intake.services.registration import registration_criteria_set
from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.mail.services import absolute_url, mail_queue, mail_render

from ..constants import RejectionCategory, ScreeningOutcome
from ..models import ScreeningDecision
from ..selectors.screening import latest_rejection

SCREENABLE = frozenset({CasusStatus.AANGEMELD, CasusStatus.AANVULLING_GEVRAAGD})
ACCEPTED_REASON = "Geaccepteerd bij de screening: de casus gaat naar de verrijking."
REJECTED_REASON = "Afgewezen bij de screening: {category}."
DELETED_REASON = "Verwijderd na de afwijzing, nadat de melder is geïnformeerd."


def _ensure_chair(user: User) -> None:
    user.require_role(Role.TRIAGEVOORZITTER, to="aanmeldingen screenen")


def _lock_screenable(casus: Casus) -> Casus:
    locked = Casus.objects.select_for_update().get(pk=casus.pk)
    if locked.status not in SCREENABLE:
        raise ServiceError(
            f"Deze aanmelding wacht niet (meer) op screening: de status is '{locked.status_label}'. "
            "Misschien heeft een andere voorzitter haar al gescreend."
        )
    return locked


def screening_outcomes_allowed(casus: Casus) -> tuple[ScreeningOutcome, ...]:
    """The decisions a chair can take on this case now; the screening page offers only these.

    While the melder's answer is awaited (aanvulling gevraagd) only rejecting is possible:
    accepting or asking again waits until the answer is in (see the module docstring).
    """
    if casus.status == CasusStatus.AANVULLING_GEVRAAGD:
        return (ScreeningOutcome.REJECTED,)
    return tuple(ScreeningOutcome)


def _ensure_outcome_allowed(casus: Casus, outcome: ScreeningOutcome) -> None:
    if outcome not in screening_outcomes_allowed(casus):
        raise ServiceError("Deze aanmelding wacht op een antwoord van de melder. Beslis als dat binnen is.")


def screening_criteria_set(casus: Casus) -> CriteriaSet:
    """The criteria the chair applies: the casus' own version, else the active set."""
    criteria_set = registration_criteria_set(casus)
    if criteria_set is None:
        raise ServiceError("Er is geen criteriaset vastgesteld om aan te toetsen. Neem contact op met beheer.")
    return criteria_set


def _judgement(criteria_set: CriteriaSet, judgement: Mapping | None, *, complete: bool) -> dict[str, bool]:
    """{criterion id (str): ja/nee}, checked against the set; complete=True needs every criterion."""
    judged = {str(key): bool(value) for key, value in (judgement or {}).items() if value is not None}
    criteria = list(criteria_set.criteria.all())
    known = {str(criterion.pk) for criterion in criteria}
    if set(judged) - known:
        raise ServiceError("De criteria zijn intussen gewijzigd. Beoordeel de criteria opnieuw.")
    if complete:
        missing = [str(criterion.number) for criterion in criteria if str(criterion.pk) not in judged]
        if missing:
            raise ServiceError(
                f"Geef bij elk criterium aan of de casus eraan voldoet (nog open: {', '.join(missing)})."
            )
    return judged


def _lock_and_judge(
    casus: Casus, criteria_judgement: Mapping | None, *, complete: bool, seen_version: int | None
) -> tuple[Casus, CriteriaSet, dict[str, bool]]:
    """The locked casus (still waiting for screening and as the chair saw it), the criteria set and the judgement."""
    locked = _lock_screenable(casus)
    casus_ensure_unchanged(casus=locked, seen_version=seen_version)
    criteria_set = screening_criteria_set(locked)
    return locked, criteria_set, _judgement(criteria_set, criteria_judgement, complete=complete)


def _decide(
    casus: Casus,
    by: User,
    outcome: ScreeningOutcome,
    criteria_set: CriteriaSet,
    judgement: dict[str, bool],
    *,
    reason: str,
    category: str = "",
    advice: str = "",
) -> ScreeningDecision:
    decision = ScreeningDecision.objects.create(
        casus=casus,
        outcome=outcome,
        criteria_set=criteria_set,
        criteria_judgement=judgement,
        reason=reason,
        rejection_category=category,
        advice=advice,
        decided_by=by,
    )
    detail = {"besluit": str(outcome), "criteriaset_versie": criteria_set.version}
    if category:
        detail["categorie"] = category
    audit_record(actor=by, action=AuditAction.CREATE, obj=decision, case_reference=casus.reference or "", detail=detail)
    return decision


def screening_accept(
    *,
    casus: Casus,
    by: User,
    reason: str,
    criteria_judgement: Mapping[int | str, bool],
    seen_version: int | None = None,
) -> ScreeningDecision:
    """Accept the registration: it goes to verrijking and every fixed partner gets a bekendheidscheck."""
    from .verrijking import bekendheidscheck_request_all  # written alongside; imported when used

    _ensure_chair(by)
    reason = _required_text(reason, "Motiveer uw besluit.")
    with transaction.atomic():
        locked, criteria_set, judgement = _lock_and_judge(
            casus, criteria_judgement, complete=True, seen_version=seen_version
        )
        _ensure_outcome_allowed(locked, ScreeningOutcome.ACCEPTED)
        if not criteria_set.is_met({int(key): value for key, value in judgement.items()}):
            raise ServiceError(
                "Volgens uw oordeel voldoet de casus niet aan de criteria. "
                "Wijs haar af of vraag de melder om aanvulling."
            )
        decision = _decide(locked, by, ScreeningOutcome.ACCEPTED, criteria_set, judgement, reason=reason)
        casus_transition(casus=locked, to=CasusStatus.IN_VERRIJKING, by=by, reason=ACCEPTED_REASON)
        bekendheidscheck_request_all(casus=locked, by=by)
    casus.status = locked.status
    return decision


def screening_request_information(
    *,
    casus: Casus,
    by: User,
    question: str,
    reason: str = "",
    criteria_judgement: Mapping[int | str, bool] | None = None,
    seen_version: int | None = None,
) -> ScreeningDecision:
    """Ask the melder for more information (intake's question loop); the decision records why.

    Without a separate motivation the question itself is the reason for the decision.
    """
    _ensure_chair(by)
    question = _required_text(question, "Vul de vraag aan de melder in.")
    with transaction.atomic():
        locked, criteria_set, judgement = _lock_and_judge(
            casus, criteria_judgement, complete=False, seen_version=seen_version
        )
        _ensure_outcome_allowed(locked, ScreeningOutcome.INFORMATION_REQUESTED)
        information_request_create(casus=locked, by=by, question=question)
        outcome = ScreeningOutcome.INFORMATION_REQUESTED
        decision = _decide(locked, by, outcome, criteria_set, judgement, reason=(reason or "").strip() or question)
    casus.status = CasusStatus.AANVULLING_GEVRAAGD
    return decision


def screening_reject(
    *,
    casus: Casus,
    by: User,
    category: str,
    reason: str,
    advice: str,
    criteria_judgement: Mapping[int | str, bool] | None = None,
    seen_version: int | None = None,
) -> ScreeningDecision:
    """Reject: the melder is told in the app and by mail; deletion follows once they were contacted.

    A question still open to the melder is withdrawn: they are not asked to answer a case that
    is being deleted. (A chair who did not see that question is refused by ``seen_version``.)
    """
    _ensure_chair(by)
    if category not in RejectionCategory.values:
        raise ServiceError("Kies de reden van de afwijzing.")
    category = RejectionCategory(category)
    reason = _required_text(reason, "Motiveer uw besluit.")
    advice = _required_text(advice, "Geef de melder een advies: waar kan deze casus wel terecht?")
    with transaction.atomic():
        locked, criteria_set, judgement = _lock_and_judge(
            casus, criteria_judgement, complete=False, seen_version=seen_version
        )
        information_requests_withdraw(casus=locked, by=by)
        decision = _decide(
            locked,
            by,
            ScreeningOutcome.REJECTED,
            criteria_set,
            judgement,
            reason=reason,
            category=category,
            advice=advice,
        )
        feedback = Feedback.objects.create(
            casus=locked, kind=FeedbackKind.AFWIJZING, message=f"{category.label}.\n\n{advice}", created_by=by
        )
        audit_record(actor=by, action=AuditAction.CREATE, obj=feedback, case_reference=locked.reference or "")
        casus_transition(
            casus=locked, to=CasusStatus.AFGEWEZEN, by=by, reason=REJECTED_REASON.format(category=category.label)
        )
        _queue_rejection_mail(casus=locked)
    casus.status = CasusStatus.AFGEWEZEN
    return decision


def _queue_rejection_mail(*, casus: Casus) -> None:
    """Tell the melder a decision is waiting: reference, date and a link, never the reason itself."""
    address = melder_mail_address(casus)
    if not address:
        return  # the melder sees the rejection in the app, and the chair contacts them
    mail_queue(
        key=f"afwijzing:{casus.pk}",
        to=[address],
        subject=f"Aanmelding {casus.reference} niet geaccepteerd",
        body=mail_render(
            "mail/afwijzing.txt",
            {
                "reference": casus.reference,
                "submitted_at": casus.submitted_at,
                "casus_url": absolute_url(reverse("intake:casus_detail", args=[casus.pk])),
            },
        ),
        case_reference=casus.reference,
    )


def ensure_can_record_contact(decision: ScreeningDecision, user: User) -> None:
    """The checks of screening_record_melder_contacted, also used to show or hide the button."""
    _ensure_chair(user)
    if decision.outcome != ScreeningOutcome.REJECTED or decision.casus.status != CasusStatus.AFGEWEZEN:
        raise ServiceError("Contact met de melder vastleggen kan alleen bij een afgewezen aanmelding.")
    if decision.melder_contacted_at is not None:
        raise ServiceError("Het contact met de melder is al vastgelegd; de aanmelding wordt verwijderd.")


def screening_record_melder_contacted(*, decision: ScreeningDecision, by: User, note: str) -> ScreeningDecision:
    """The chair has told the melder: record it, then have the registration deleted after commit."""
    from ..tasks import delete_rejected_casus  # the task module imports this one

    note = _required_text(note, "Beschrijf kort hoe en wanneer u de melder heeft geïnformeerd.")
    with transaction.atomic():
        casus = Casus.objects.select_for_update().get(pk=decision.casus_id)
        locked = ScreeningDecision.objects.select_for_update().get(pk=decision.pk)
        locked.casus = casus
        ensure_can_record_contact(locked, by)
        if latest_rejection(casus).pk != locked.pk:
            raise ServiceError("Dit is niet het laatste besluit over deze aanmelding.")
        locked.melder_contacted_at = timezone.now()
        locked.melder_contacted_by = by
        locked.contact_note = note
        locked.save(update_fields=["melder_contacted_at", "melder_contacted_by", "contact_note"])
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=locked,
            case_reference=casus.reference or "",
            detail={"melder_geinformeerd": True},
        )
        casus_id = str(casus.pk)
        # robust: a broker that is down must not undo the record; the periodic sweep deletes later.
        transaction.on_commit(lambda: delete_rejected_casus.delay(casus_id), robust=True)
    decision.refresh_from_db()
    return decision


def casus_delete_after_rejection(*, casus_id: uuid.UUID | str) -> str:
    """Delete a rejected registration whose melder was contacted; anything else is left alone.

    Idempotent and safe to run at any time: a casus that does not exist, is not (or no longer)
    AFGEWEZEN, whose melder was not contacted yet, or that a retention period or extension
    keeps for now (``intake.extensions.erasure_held``), is not touched. Returns what happened.
    """
    with transaction.atomic():
        casus = Casus.objects.select_for_update().filter(pk=casus_id).first()
        if casus is None:
            return "onbekend"
        if casus.status != CasusStatus.AFGEWEZEN:
            return "niet_afgewezen"
        rejection = latest_rejection(casus)
        if rejection is None or rejection.melder_contacted_at is None:
            return "wacht_op_contact"
        if erasure_held(casus):  # a retention period or an extension keeps it longer (retention app)
            return "bewaartermijn"
        casus_erase_personal_data(casus=casus, by=None, reason=DELETED_REASON)
    return "verwijderd"


def rejected_cases_ready_for_deletion() -> list[uuid.UUID]:
    """Rejected cases whose melder was contacted: what the periodic sweep deletes."""
    return list(
        Casus.objects.filter(
            status=CasusStatus.AFGEWEZEN,
            screenings__outcome=ScreeningOutcome.REJECTED,
            screenings__melder_contacted_at__isnull=False,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
