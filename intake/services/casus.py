"""Every state change of a casus. Views, admin actions and tasks call these, nothing else."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.calendar.cancellations import cancelled_meeting_dates
from zvh.calendar.scheduling import triage_date_for
from zvh.core.exceptions import ServiceError
from zvh.mail.services import absolute_url, mail_queue, mail_render

from ..constants import CasusStatus
from ..lifecycle import CASUS_LIFECYCLE
from ..models import Casus, ReferenceCounter, StatusChange
from ..selectors import casus_version, untouched_concept_of

REFERENCE_FORMAT = "ZVH-{year}-{number:05d}"


class CasusChanged(ServiceError):
    """The case changed after the user opened the page they decided on."""


CHANGED_MESSAGE = (
    "Deze casus is gewijzigd nadat u de pagina opende (door een andere voorzitter of door de melder). "
    "Bekijk de nieuwe stand hierboven. Uw tekst staat nog in het formulier: verstuur opnieuw als uw "
    "besluit blijft staan."
)


def casus_ensure_unchanged(*, casus: Casus, seen_version: int | None) -> None:
    """Refuse a decision on a case that moved on since the form was shown (call with the case locked).

    ``seen_version`` is `casus_version` as the decision form carried it; None for callers that
    hold no page state (scheduled jobs, the demo loader), which decide on the case as it is.
    """
    if seen_version is not None and casus_version(casus) != seen_version:
        raise CasusChanged(CHANGED_MESSAGE)


def casus_transition(*, casus: Casus, to: CasusStatus, by: User | None, reason: str = "") -> Casus:
    """Move the casus to `to` if the transition table allows it, and record who, when and why.

    The row is locked first, so two chairs acting at once cannot both move the same case; a
    refused move raises `TransitionNotAllowed` and changes nothing.
    """
    with transaction.atomic():
        locked = Casus.objects.select_for_update().get(pk=casus.pk)
        CASUS_LIFECYCLE.ensure_allowed(locked.status, to)
        previous = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        StatusChange.objects.create(casus=locked, from_status=previous, to_status=to, by=by, reason=reason)
        audit_record(
            actor=by,
            action=AuditAction.TRANSITION,
            obj=locked,
            case_reference=locked.reference or "",
            detail={"van": previous, "naar": str(to)},
        )
    casus.status = locked.status
    return locked


def is_concept_author(casus: Casus, user: User) -> bool:
    """The melder who wrote the concept, while still working for the organisation it is for.

    A melder who moves to another organisation leaves that organisation's concepts behind:
    they are that organisation's registrations, under its WGS permission.
    """
    return (
        user.has_role(Role.MELDER)
        and casus.melder_id == user.pk
        and user.organisation_id is not None
        and casus.organisation_id == user.organisation_id
    )


def next_reference(*, year: int) -> str:
    """Hand out the next number of `year`; must run inside the caller's transaction.

    The counter row is created without a race (INSERT ... ON CONFLICT DO NOTHING) and then
    locked, so concurrent submissions get consecutive, unique numbers.
    """
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return REFERENCE_FORMAT.format(year=year, number=counter.last_number)


def casus_create(*, melder: User) -> Casus:
    """Start a concept for the melder's organisation."""
    if not melder.has_role(Role.MELDER) or melder.organisation_id is None:
        raise ServiceError("Alleen een melder van een partnerorganisatie kan een casus aanmaken.")
    with transaction.atomic():
        casus = Casus.objects.create(organisation_id=melder.organisation_id, melder=melder)
        StatusChange.objects.create(casus=casus, from_status="", to_status=CasusStatus.CONCEPT, by=melder)
        audit_record(actor=melder, action=AuditAction.CREATE, obj=casus)
    return casus


def concept_start_empty(*, melder: User) -> Casus:
    """ "Direct naar het formulier": the melder's untouched concept, or a new one when there is none.

    Every click used to start a concept, so "Mijn aanmeldingen" filled up with empty ones
    (issue 17). Reading and creating under a lock on the melder's row: two quick clicks make one.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=melder.pk).first()
        untouched = untouched_concept_of(melder)
        return untouched if untouched is not None else casus_create(melder=melder)


def casus_submit(
    *,
    casus: Casus,
    by: User,
    now: datetime.datetime | None = None,
    cancelled_meetings: Iterable[datetime.date] | None = None,
) -> Casus:
    """Submit a concept: it gets its reference number and its target triage date.

    Only the melder who wrote the concept may submit it, and only while their organisation
    may register under the WGS. The target date skips the meetings cancelled by hand
    (read from the meeting calendar unless `cancelled_meetings` is given).
    """
    now = now or timezone.now()
    if cancelled_meetings is None:
        cancelled_meetings = cancelled_meeting_dates()
    if not is_concept_author(casus, by):
        raise ServiceError("Alleen de melder die dit concept maakte, kan het indienen.")
    if not casus.organisation.may_register:
        raise ServiceError(
            "Uw organisatie mag (nog) geen casussen aanmelden bij het Zorg- en Veiligheidshuis (WGS). "
            "Neem contact op met het ZVH."
        )
    with transaction.atomic():
        locked = Casus.objects.select_for_update().get(pk=casus.pk)
        CASUS_LIFECYCLE.ensure_allowed(locked.status, CasusStatus.AANGEMELD)
        local_year = timezone.localtime(now).year
        locked.reference = next_reference(year=local_year)
        locked.submitted_at = now
        locked.target_triage_date = triage_date_for(now, cancelled=cancelled_meetings)
        locked.save(update_fields=["reference", "submitted_at", "target_triage_date", "updated_at"])
        casus_transition(casus=locked, to=CasusStatus.AANGEMELD, by=by, reason="Ingediend door de melder.")
        _queue_receipt(casus=locked, melder=by)
    casus.refresh_from_db()
    return casus


def _queue_receipt(*, casus: Casus, melder: User) -> None:
    """The ontvangstbevestiging, sent once the submission commits: reference, dates and a link only.

    Only identifiers go into the template, never the casus itself, so it cannot show a name.
    """
    if not melder.email:
        return  # nothing to send to; the melder saw the confirmation page
    mail_queue(
        key=f"ontvangstbevestiging:{casus.pk}",
        to=[melder.email],
        subject=f"Ontvangstbevestiging aanmelding {casus.reference}",
        body=mail_render(
            "mail/ontvangstbevestiging.txt",
            {
                "reference": casus.reference,
                "submitted_at": casus.submitted_at,
                "target_triage_date": casus.target_triage_date,
                "casus_url": absolute_url(reverse("intake:casus_detail", args=[casus.pk])),
            },
        ),
        case_reference=casus.reference,
    )
