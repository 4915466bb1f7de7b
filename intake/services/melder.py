"""What a melder does with a case after writing it: withdraw it, discard a concept, answer a question.

Plus the chair's question itself (`information_request_create`), so the question-and-answer
loop lives in one module; the screening page (triage) gives it its UI.

Decisions where the issue is silent:
- Any melder of the case's organisation may withdraw it or answer a question, not only its
  author: colleagues share submitted cases (intake.selectors.visible_cases_q), and a case must
  not get stuck when its author is ill or has left. A concept stays its author's own.
- Withdrawing is possible until the screening decision (statuses AANGEMELD and
  AANVULLING_GEVRAAGD). Afterwards the ZVH has started work with partners; the melder then
  contacts the ZVH instead.
- A concept is not withdrawn but discarded: its personal data (betrokkenen, texts, involved
  organisations, pre-check, attachments and their files) is deleted at once, and the casus row
  stays behind as an anonymous shell in status VERWIJDERD with its status history, so counts
  and the fact of deletion remain (as after a rejection, process step 3). The deletion itself
  is intake.services.erasure, shared with the rejection and retention.
- The `can_*` predicates below are the same checks the services make, so the detail page
  offers exactly the buttons that will work.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.mail.services import absolute_url, mail_queue, mail_render

from ..constants import CasusStatus
from ..models import Casus, InformationRequest
from ..selectors import melder_mail_address
from .casus import casus_transition, is_concept_author
from .erasure import casus_erase_personal_data

WITHDRAWABLE = frozenset({CasusStatus.AANGEMELD, CasusStatus.AANVULLING_GEVRAAGD})
ANSWER_RECEIVED_REASON = "Aanvulling ontvangen"
QUESTION_ASKED_REASON = "Aanvulling gevraagd aan de melder."
DISCARDED_REASON = "Concept weggegooid door de melder."

def _required_text(value: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ServiceError(message)
    return text


def _ensure_org_melder(casus: Casus, user: User) -> None:
    if not user.has_role(Role.MELDER) or user.organisation_id != casus.organisation_id:
        raise ServiceError("Alleen een melder van de aanmeldende organisatie kan dit doen.")


def ensure_can_withdraw(casus: Casus, user: User) -> None:
    _ensure_org_melder(casus, user)
    if casus.status == CasusStatus.CONCEPT:
        raise ServiceError("Een concept trekt u niet in: u kunt het weggooien.")
    if casus.status not in WITHDRAWABLE:
        raise ServiceError(
            "Deze aanmelding kan niet meer worden ingetrokken: het ZVH heeft haar al gescreend. "
            "Neem contact op met het ZVH als de casus niet meer besproken hoeft te worden."
        )


def ensure_can_discard(casus: Casus, user: User) -> None:
    if not is_concept_author(casus, user):
        raise ServiceError("Alleen de melder die dit concept maakte, kan het weggooien.")
    if casus.status != CasusStatus.CONCEPT:
        raise ServiceError("Alleen een concept kan worden weggegooid; een ingediende aanmelding kunt u intrekken.")


def ensure_can_answer(casus: Casus, user: User) -> None:
    _ensure_org_melder(casus, user)
    if casus.status != CasusStatus.AANVULLING_GEVRAAGD:
        raise ServiceError("Het ZVH wacht bij deze casus niet op een aanvulling.")


def _allowed(check, casus: Casus, user: User) -> bool:
    try:
        check(casus, user)
    except ServiceError:
        return False
    return True


def can_withdraw(casus: Casus, user: User) -> bool:
    return _allowed(ensure_can_withdraw, casus, user)


def can_discard(casus: Casus, user: User) -> bool:
    return _allowed(ensure_can_discard, casus, user)


def can_answer(casus: Casus, user: User) -> bool:
    return _allowed(ensure_can_answer, casus, user)


def _lock(casus: Casus) -> Casus:
    return Casus.objects.select_for_update().get(pk=casus.pk)


def casus_withdraw(*, casus: Casus, by: User, reason: str) -> Casus:
    """The melder's organisation no longer wants the case screened; the reason goes in the history.

    The reason is free text and may name people, so it is kept only in the status history
    (visible to who may see the case), never in the audit log; the audit entry is the
    transition itself.
    """
    reason = _required_text(reason, "Geef aan waarom u de aanmelding intrekt.")
    with transaction.atomic():
        locked = _lock(casus)
        ensure_can_withdraw(locked, by)
        casus_transition(casus=locked, to=CasusStatus.INGETROKKEN, by=by, reason=reason)
    casus.status = CasusStatus.INGETROKKEN
    return locked


def casus_discard_concept(*, casus: Casus, by: User) -> Casus:
    """Throw away a concept: delete its personal data now, keep an anonymous shell (VERWIJDERD).

    What is deleted and what stays is the shared erasure's decision
    (intake.services.erasure), the same as after a rejection or at the end of retention.
    """
    with transaction.atomic():
        locked = _lock(casus)
        ensure_can_discard(locked, by)
        casus_erase_personal_data(casus=locked, by=by, reason=DISCARDED_REASON)
    casus.status = CasusStatus.VERWIJDERD
    return locked


def information_request_create(*, casus: Casus, by: User, question: str) -> InformationRequest:
    """A chair asks the melder for more information; the case waits for the answer.

    Only while the case waits for screening: after the screening decision the ZVH gathers
    information through the verrijking, not through the melder's queue.
    """
    question = _required_text(question, "Vul de vraag aan de melder in.")
    by.require_role(Role.TRIAGEVOORZITTER, to="de melder om aanvulling vragen")
    with transaction.atomic():
        locked = _lock(casus)
        if locked.status != CasusStatus.AANGEMELD:
            raise ServiceError("Om aanvulling vragen kan alleen bij een aanmelding die op screening wacht.")
        request = InformationRequest.objects.create(casus=locked, question=question, asked_by=by)
        audit_record(actor=by, action=AuditAction.CREATE, obj=request, case_reference=locked.reference or "")
        casus_transition(casus=locked, to=CasusStatus.AANVULLING_GEVRAAGD, by=by, reason=QUESTION_ASKED_REASON)
        _queue_question_mail(casus=locked, request=request)
    casus.status = CasusStatus.AANVULLING_GEVRAAGD
    return request


def _queue_question_mail(*, casus: Casus, request: InformationRequest) -> None:
    """Tell the melder there is a question, without the question: it may name the betrokkene."""
    address = melder_mail_address(casus)
    if not address:
        return
    mail_queue(
        key=f"vraag:{request.pk}",
        to=[address],
        subject=f"Vraag over uw aanmelding {casus.reference}",
        body=mail_render(
            "mail/vraag_om_aanvulling.txt",
            {
                "reference": casus.reference,
                "asked_at": timezone.localtime(request.asked_at),
                "answer_url": absolute_url(reverse("intake:casus_answer", args=[casus.pk])),
            },
        ),
        case_reference=casus.reference or "",
    )


def information_request_answer(*, request: InformationRequest, by: User, answer: str) -> InformationRequest:
    """The melder answers the chair's question; the case returns to the screening queue.

    The case goes back to AANGEMELD only when no other question is still open, so a chair who
    asked two things gets both answers before the case reappears in their queue.
    """
    answer = _required_text(answer, "Vul uw antwoord in.")
    with transaction.atomic():
        casus = _lock(request.casus)
        locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
        ensure_can_answer(casus, by)
        if not locked.is_open:
            raise ServiceError("Deze vraag is al beantwoord of vervallen.")
        locked.answer = answer
        locked.answered_by = by
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        audit_record(actor=by, action=AuditAction.UPDATE, obj=locked, case_reference=casus.reference or "")
        if not casus.information_requests.open().exists():
            casus_transition(casus=casus, to=CasusStatus.AANGEMELD, by=by, reason=ANSWER_RECEIVED_REASON)
    request.refresh_from_db()
    request.casus.status = casus.status
    return request


def information_requests_withdraw(*, casus: Casus, by: User) -> int:
    """Withdraw the open questions of a case being rejected: the melder is no longer asked to answer.

    Runs inside the rejection's transaction, with the case locked. Returns how many were open.
    """
    open_requests = list(casus.information_requests.open().select_for_update())
    now = timezone.now()
    for request in open_requests:
        request.withdrawn_at = now
        request.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=request,
            case_reference=casus.reference or "",
            detail={"gebeurtenis": "vraag_vervallen_bij_afwijzing"},
        )
    return len(open_requests)
