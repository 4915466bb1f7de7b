"""Every change of a data-subject request, and what a request does to the cases it found.

Each service checks that the actor handles requests (the privacycontactpunt), locks the request,
and writes one audit entry carrying the request's number (``verzoek``), so the log answers "what
did request AVG-00042 do" step by step. Old and new values never enter the log.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from intake.models import Betrokkene, Casus
from intake.services.correction import betrokkene_correct
from intake.services.erasure import casus_erase_personal_data
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from .constants import (
    CORRECTABLE_FIELDS,
    AnswerOutcome,
    ObjectionDecision,
    Requester,
    RequestKind,
    RequestStatus,
)
from .deadlines import answer_deadline, extended_deadline
from .lifecycle import REQUEST_LIFECYCLE
from .models import Objection, RequestMatch, SubjectRequest
from .selectors import may_handle, not_erasable_reason


class NotErasable(ServiceError):
    """The law does not allow deleting this case now; the message says why (shown and sent)."""

    def __init__(self, message: str, casus: Casus):
        super().__init__(message)
        self.casus = casus


ONLY_CONTACT_POINT = "Alleen het privacycontactpunt behandelt verzoeken van betrokkenen."


def _ensure_handler(user: User) -> None:
    if not may_handle(user):
        raise ServiceError(ONLY_CONTACT_POINT)


def _audit(
    subject_request: SubjectRequest, *, by: User, action: str, step: str, casus: Casus | None = None, obj=None, **detail
) -> None:
    audit_record(
        actor=by,
        action=action,
        obj=obj if obj is not None else subject_request,
        case_reference=(casus.reference or "") if casus is not None else "",
        detail={"verzoek": subject_request.number, "stap": step, **detail},
    )


def _lock(subject_request: SubjectRequest, by: User) -> SubjectRequest:
    _ensure_handler(by)
    return SubjectRequest.objects.select_for_update().get(pk=subject_request.pk)


def ensure_in_progress(locked: SubjectRequest, kind: str | None = None) -> None:
    if locked.status != RequestStatus.IN_BEHANDELING:
        raise ServiceError(
            f"Dit kan alleen bij een verzoek in behandeling; dit verzoek is '{locked.get_status_display()}'."
        )
    if kind is not None and locked.kind != kind:
        raise ServiceError(
            f"Dit hoort bij een verzoek om {RequestKind(kind).label.lower()}; "
            f"dit is een verzoek om {locked.get_kind_display().lower()}."
        )


def request_register(
    *,
    kind: str,
    requester: str,
    identity_check: str,
    identity_note: str,
    received_on: datetime.date,
    surname: str,
    by: User,
    representative_name: str = "",
    first_names: str = "",
    surname_prefix: str = "",
    date_of_birth: datetime.date | None = None,
    bsn: str = "",
) -> SubjectRequest:
    """Register a request as received; its deadline is one calendar month after receipt."""
    _ensure_handler(by)
    if received_on > timezone.localdate():
        raise ServiceError("De ontvangstdatum kan niet in de toekomst liggen.")
    if requester == Requester.VERTEGENWOORDIGER and not representative_name.strip():
        raise ServiceError("Vul de naam van de vertegenwoordiger in.")
    if not identity_note.strip():
        raise ServiceError("Beschrijf hoe de identiteit is gecontroleerd (zonder nummers van documenten).")
    if not surname.strip():
        raise ServiceError("Vul de achternaam van de betrokkene in.")
    with transaction.atomic():
        subject_request = SubjectRequest.objects.create(
            kind=kind,
            requester=requester,
            representative_name=representative_name.strip() if requester == Requester.VERTEGENWOORDIGER else "",
            identity_check=identity_check,
            identity_note=identity_note.strip(),
            received_on=received_on,
            deadline=answer_deadline(received_on),
            first_names=first_names.strip(),
            surname_prefix=surname_prefix.strip(),
            surname=surname.strip(),
            date_of_birth=date_of_birth,
            bsn=bsn or None,
            registered_by=by,
        )
        _audit(subject_request, by=by, action=AuditAction.CREATE, step="geregistreerd", soort=kind)
    return subject_request


def request_move(*, subject_request: SubjectRequest, to: str, by: User, **fields) -> SubjectRequest:
    """Move the request along ``REQUEST_LIFECYCLE``; ``fields`` are stored with the move."""
    with transaction.atomic():
        locked = _lock(subject_request, by)
        REQUEST_LIFECYCLE.ensure_allowed(locked.status, to)
        old = locked.status
        locked.status = to
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *fields])
        _audit(locked, by=by, action=AuditAction.TRANSITION, step="status", van=old, naar=str(to))
    return locked


def request_start(*, subject_request: SubjectRequest, by: User) -> SubjectRequest:
    return request_move(subject_request=subject_request, to=RequestStatus.IN_BEHANDELING, by=by)


def request_withdraw(*, subject_request: SubjectRequest, by: User) -> SubjectRequest:
    return request_move(subject_request=subject_request, to=RequestStatus.INGETROKKEN, by=by)


def request_answer(
    *, subject_request: SubjectRequest, outcome: str, answered_on: datetime.date, note: str, by: User
) -> SubjectRequest:
    """Record the answer sent to the person; a refusal (or partial one) needs its reason."""
    if answered_on > timezone.localdate():
        raise ServiceError("De datum van het antwoord kan niet in de toekomst liggen.")
    if answered_on < subject_request.received_on:
        raise ServiceError("De datum van het antwoord ligt voor de ontvangstdatum van het verzoek.")
    if outcome != AnswerOutcome.TOEGEWEZEN and not note.strip():
        raise ServiceError("Schrijf bij een (deels) afgewezen verzoek de reden op; die staat ook in het antwoord.")
    return request_move(
        subject_request=subject_request,
        to=RequestStatus.AFGEHANDELD,
        by=by,
        outcome=outcome,
        answered_on=answered_on,
        answer_note=note.strip(),
    )


def request_extend(*, subject_request: SubjectRequest, reason: str, by: User) -> SubjectRequest:
    """Extend the deadline by two months (once), with the reason, while the first month runs.

    The AVG lets the person be told of the extension within the first month only; a request whose
    month has passed can no longer be extended.
    """
    if not reason.strip():
        raise ServiceError("Schrijf op waarom het verzoek meer tijd nodig heeft; de betrokkene krijgt die reden.")
    with transaction.atomic():
        locked = _lock(subject_request, by)
        if not locked.is_open:
            raise ServiceError("Een afgehandeld of ingetrokken verzoek kan niet worden verlengd.")
        if locked.extended_at is not None:
            raise ServiceError(
                "Dit verzoek is al verlengd; de termijn kan maar één keer met twee maanden verlengd worden."
            )
        if timezone.localdate() > locked.deadline:
            raise ServiceError("De termijn van één maand is al verstreken; verlengen kon alleen binnen die maand.")
        locked.deadline = extended_deadline(locked.received_on)
        locked.extension_reason = reason.strip()
        locked.extended_at = timezone.now()
        locked.save(update_fields=["deadline", "extension_reason", "extended_at"])
        _audit(locked, by=by, action=AuditAction.UPDATE, step="verlengd")
    return locked


def request_link(*, subject_request: SubjectRequest, betrokkene_ids: list[int], by: User) -> int:
    """Confirm found betrokkene rows as the person's; how many new ones were linked."""
    if not betrokkene_ids:
        raise ServiceError("Kies ten minste één gevonden gegeven dat bij de betrokkene hoort.")
    with transaction.atomic():
        locked = _lock(subject_request, by)
        ensure_in_progress(locked)
        rows = list(Betrokkene.objects.filter(pk__in=betrokkene_ids).select_related("casus"))
        if len(rows) != len(set(betrokkene_ids)):
            raise ServiceError("Een gekozen gegeven bestaat niet meer; zoek opnieuw.")
        known = set(locked.matches.values_list("betrokkene_id", flat=True))
        new = [row for row in rows if row.pk not in known]
        RequestMatch.objects.bulk_create(
            [RequestMatch(request=locked, casus=row.casus, betrokkene=row, linked_by=by) for row in new]
        )
        _audit(
            locked,
            by=by,
            action=AuditAction.UPDATE,
            step="gekoppeld",
            casussen=sorted(row.casus.reference or str(row.casus_id) for row in new),
        )
    return len(new)


def _match(locked: SubjectRequest, match_id: int) -> RequestMatch:
    match = locked.matches.select_related("casus", "betrokkene").filter(pk=match_id).first()
    if match is None or match.betrokkene is None:
        raise ServiceError("Deze gegevens horen niet (meer) bij dit verzoek.")
    return match


def request_correct(*, subject_request: SubjectRequest, match_id: int, field: str, value: object, by: User) -> None:
    """Correct one value of the person in one case (AVG article 16); the log names the field only."""
    if field not in CORRECTABLE_FIELDS:
        raise ServiceError("Dit gegeven kan niet via een verzoek worden gecorrigeerd.")
    with transaction.atomic():
        locked = _lock(subject_request, by)
        ensure_in_progress(locked, RequestKind.CORRECTIE)
        match = _match(locked, match_id)
        betrokkene_correct(
            betrokkene=match.betrokkene,
            field=field,
            value=value,
            by=by,
            audit_detail={"verzoek": locked.number, "stap": "gecorrigeerd"},
        )


def request_erase(*, subject_request: SubjectRequest, match_id: int, by: User) -> dict[str, int]:
    """Delete the case the person is in, where the law allows it (``not_erasable_reason``).

    Through the one erasure service, so "deleted" means here what it means everywhere; the
    status history's reason names the request (an identifier, no personal data).
    """
    try:
        with transaction.atomic():
            locked = _lock(subject_request, by)
            ensure_in_progress(locked, RequestKind.VERWIJDERING)
            match = _match(locked, match_id)
            casus = Casus.objects.select_for_update().get(pk=match.casus_id)
            reason = not_erasable_reason(casus)
            if reason:
                raise NotErasable(reason, casus)
            counts = casus_erase_personal_data(
                casus=casus, by=by, reason=f"Verwijderd op verzoek van de betrokkene ({locked.number})."
            )
            locked.matches.filter(casus=casus).update(erased_at=timezone.now())
            _audit(locked, by=by, action=AuditAction.DELETE, step="verwijderd", casus=casus)
    except NotErasable as refusal:
        # Outside the undone transaction, so the refused attempt stays in the log.
        _audit(
            subject_request, by=by, action=AuditAction.DENIED, step="verwijderen_niet_toegestaan", casus=refusal.casus
        )
        raise
    return counts


def objection_record(*, subject_request: SubjectRequest, match_ids: list[int], by: User) -> int:
    """Record the objection on the chosen cases; the case page then flags it to the chairs and procesregisseur."""
    if not match_ids:
        raise ServiceError("Kies ten minste één casus waartegen de betrokkene bezwaar maakt.")
    with transaction.atomic():
        locked = _lock(subject_request, by)
        ensure_in_progress(locked, RequestKind.BEZWAAR)
        cases = [_match(locked, match_id).casus for match_id in match_ids]
        existing = set(locked.objections.values_list("casus_id", flat=True))
        new = [casus for casus in dict.fromkeys(cases) if casus.pk not in existing]
        for casus in new:
            objection = Objection.objects.create(request=locked, casus=casus, recorded_by=by)
            _audit(locked, by=by, action=AuditAction.CREATE, step="bezwaar_vastgelegd", casus=casus, obj=objection)
    return len(new)


def objection_decide(*, objection: Objection, decision: str, note: str, by: User) -> Objection:
    """Record the ZVH's decision on an objection, with its motivation (sent to the person)."""
    if decision == ObjectionDecision.OPEN:
        raise ServiceError("Kies het besluit: toegewezen of afgewezen.")
    if not note.strip():
        raise ServiceError("Schrijf de motivering van het besluit op.")
    with transaction.atomic():
        locked = _lock(objection.request, by)
        ensure_in_progress(locked, RequestKind.BEZWAAR)
        row = Objection.objects.select_for_update().select_related("casus").get(pk=objection.pk, request=locked)
        if row.decision != ObjectionDecision.OPEN:
            raise ServiceError("Over dit bezwaar is al besloten.")
        row.decision, row.decision_note = decision, note.strip()
        row.decided_by, row.decided_at = by, timezone.now()
        row.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
        _audit(
            locked,
            by=by,
            action=AuditAction.UPDATE,
            step="bezwaar_besloten",
            casus=row.casus,
            obj=row,
            besluit=decision,
        )
    return row


def request_export_audit(*, subject_request: SubjectRequest, by: User, fmt: str, counts: dict) -> None:
    """The export (pdf or json) in the log: the request, the cases and the number of parts."""
    _ensure_handler(by)
    _audit(subject_request, by=by, action=AuditAction.EXPORT, step="geexporteerd", formaat=fmt, **counts)
