"""The bekendheidscheck (process step 4, docs/architecture.md): every state change of the verrijking at the partners.

The two-step shape is the point: a partner first only says whether it knows the person
("bekend" / "niet bekend"); only where it does, the chair asks for the relevant information,
and the partner gives it within its own purpose. So no partner hands over information on
someone it was merely asked about, and no chair asks more than the case needs.

Decisions where the issue is silent:
- Fixed partners are the active organisations whose kind is one of the fixed triage
  participants, except the ZVH itself (it runs the check). Each organisation of such a kind
  gets its own request (a region can have two municipalities).
- Due dates follow `triage.verrijking_dates` (answer within two working days, at the latest
  Monday 12:00 before the triage; information at the latest Tuesday 12:00).
- A partner answers once and gives the information once: the chair has already acted on what
  they said. A correction goes by phone, with the contact person the partner named.
- Partners act only while the case is in verrijking (accepted, not yet discussed: statuses in
  `VERRIJKING_STATUSES`); afterwards their request disappears from their queue, because they
  no longer need the identifying data.
- Mails go to the organisation's functional address (`Organisation.email`), never to a person,
  and hold the reference, the due date and a link only. Without an address there is no mail:
  the request waits in the partner's queue.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from intake.models import Casus
from participants.constants import FIXED_PARTNER_KINDS, OrganisationKind, Role
from participants.models import Organisation, User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.mail.models import OutgoingMail
from zvh.mail.services import absolute_url, mail_queue, mail_render

from ..constants import VERRIJKING_STATUSES, CheckAnswer, IncidentalGround
from ..models import Bekendheidscheck
from ..verrijking_dates import answer_due_at, info_due_at, reminder_horizon

# Accepted and not yet discussed: the window in which partners are asked and answer.
CHECK_PARTNER_KINDS = FIXED_PARTNER_KINDS - {OrganisationKind.ZVH}


class ReminderStage:
    """What a reminder is about; part of its mail key, so each stage is reminded once."""

    ANSWER = "answer"
    INFO = "info"


REMINDER_SUBJECTS = {
    ReminderStage.ANSWER: "Herinnering bekendheidscheck casus",
    ReminderStage.INFO: "Herinnering: informatie gevraagd bij casus",
}


def check_partner_organisations() -> QuerySet[Organisation]:
    """The partners every accepted case is checked at: the fixed participants except the ZVH itself."""
    return Organisation.objects.filter(is_active=True, kind__in=CHECK_PARTNER_KINDS)


def incidental_partner_organisations() -> QuerySet[Organisation]:
    """Organisations that can be added by hand: active and not a fixed triage participant."""
    return Organisation.objects.filter(is_active=True).exclude(kind__in=FIXED_PARTNER_KINDS)


# --------------------------------------------------------------------------- checks


def _required_text(value: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ServiceError(message)
    return text


def ensure_chair_can_enrich(casus: Casus, user: User) -> None:
    """A chair acts on the verrijking of a case that is accepted and not yet discussed."""
    user.require_role(Role.TRIAGEVOORZITTER, to="de bekendheidscheck uitzetten")
    if casus.status not in VERRIJKING_STATUSES:
        raise ServiceError("Deze casus is niet (meer) in verrijking: de bekendheidscheck is afgerond.")


def ensure_can_request_info(check: Bekendheidscheck, user: User) -> None:
    ensure_chair_can_enrich(check.casus, user)
    if check.answer != CheckAnswer.BEKEND:
        raise ServiceError("Om informatie vraagt u alleen bij een partner die de persoon kent (antwoord 'bekend').")
    if check.info_requested_at is not None:
        raise ServiceError("Aan deze partner is al om informatie gevraagd.")


def _ensure_partner(check: Bekendheidscheck, user: User) -> None:
    if not user.has_role(Role.KETENPARTNER) or user.organisation_id != check.organisation_id:
        raise ServiceError("Alleen een ketenpartner van de gevraagde organisatie kan deze vraag beantwoorden.")
    if check.casus.status not in VERRIJKING_STATUSES:
        raise ServiceError("De triage over deze casus is al geweest; het ZVH verwacht geen antwoord meer.")


def ensure_can_answer(check: Bekendheidscheck, user: User) -> None:
    _ensure_partner(check, user)
    if check.answer != CheckAnswer.OPEN:
        raise ServiceError("Deze bekendheidscheck is al beantwoord.")


def ensure_can_provide_info(check: Bekendheidscheck, user: User) -> None:
    _ensure_partner(check, user)
    if check.info_requested_at is None:
        raise ServiceError("Het ZVH heeft bij deze bekendheidscheck niet om informatie gevraagd.")
    if check.info_provided_at is not None:
        raise ServiceError("De informatie is al gegeven.")


def _lock(check: Bekendheidscheck) -> Bekendheidscheck:
    """Lock the case first (as every service on a case does), then the check itself."""
    casus = Casus.objects.select_for_update().get(pk=check.casus_id)
    locked = Bekendheidscheck.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=check.pk)
    locked.casus = casus
    return locked


# --------------------------------------------------------------------------- mail


def _partner_url(check: Bekendheidscheck) -> str:
    return absolute_url(reverse("triage:bekendheidscheck", kwargs={"pk": check.pk}))


def _notify_partner(
    check: Bekendheidscheck, *, key: str, subject: str, template: str, due_at: datetime.datetime, **extra
) -> None:
    """Queue one mail to the partner's functional address: identifiers, a date and a link only."""
    if not check.organisation.email:
        return
    mail_queue(
        key=key,
        to=[check.organisation.email],
        subject=f"{subject} {check.casus.reference}",
        body=mail_render(
            template,
            {
                "organisation_name": check.organisation.name,
                "reference": check.casus.reference,
                "due_at": due_at,
                "target_triage_date": check.casus.target_triage_date,
                "check_url": _partner_url(check),
                **extra,
            },
        ),
        case_reference=check.casus.reference or "",
    )


def _notify_request(check: Bekendheidscheck) -> None:
    _notify_partner(
        check,
        key=f"bekendheidscheck:{check.pk}",
        subject="Bekendheidscheck casus",
        template="mail/bekendheidscheck_verzoek.txt",
        due_at=check.due_at,
    )


# --------------------------------------------------------------------------- the chair


def _create_check(*, casus: Casus, by: User, organisation: Organisation, now: datetime.datetime, **extra):
    check = Bekendheidscheck.objects.create(
        casus=casus,
        organisation=organisation,
        requested_by=by,
        due_at=answer_due_at(now, casus.target_triage_date),
        **extra,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=check,
        case_reference=casus.reference or "",
        detail={"organisatie": organisation.pk, "incidenteel": check.is_incidental},
    )
    _notify_request(check)
    return check


def bekendheidscheck_request_all(
    *, casus: Casus, by: User, now: datetime.datetime | None = None
) -> list[Bekendheidscheck]:
    """Ask every fixed partner "Is deze persoon bij u bekend?"; returns their checks of this case.

    Called inside the chair's acceptance (after the move to IN_VERRIJKING), so the requests and
    their mails stand or fall with it. Idempotent: partners already asked keep their request
    (and its due date), and get no second mail; only partners added since are asked.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Casus.objects.select_for_update().get(pk=casus.pk)
        ensure_chair_can_enrich(locked, by)
        partners = list(check_partner_organisations())
        existing = {
            check.organisation_id: check
            for check in locked.bekendheidschecks.filter(organisation__in=partners).select_related("organisation")
        }
        return [
            existing.get(org.pk) or _create_check(casus=locked, by=by, organisation=org, now=now) for org in partners
        ]


def bekendheidscheck_add_incidental(
    *,
    casus: Casus,
    by: User,
    organisation: Organisation,
    ground: str,
    explanation: str,
    now: datetime.datetime | None = None,
) -> Bekendheidscheck:
    """Ask an incidental partner too (a housing corporation, say), with a recorded ground.

    The ground and its explanation are what makes sharing the identifying data with an
    organisation outside the fixed triage lawful, so both are required.
    """
    explanation = _required_text(explanation, "Licht toe waarom deze partner nodig is.")
    if ground not in IncidentalGround.values:
        raise ServiceError("Kies de grondslag waarop deze partner meedoet.")
    if organisation.kind in FIXED_PARTNER_KINDS or not organisation.is_active:
        raise ServiceError("Kies een actieve organisatie die geen vaste partner van de triage is.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Casus.objects.select_for_update().get(pk=casus.pk)
        ensure_chair_can_enrich(locked, by)
        if locked.bekendheidschecks.filter(organisation=organisation).exists():
            raise ServiceError("Deze organisatie is voor deze casus al gevraagd.")
        return _create_check(
            casus=locked,
            by=by,
            organisation=organisation,
            now=now,
            is_incidental=True,
            ground=ground,
            ground_explanation=explanation,
        )


def bekendheidscheck_request_info(
    *, check: Bekendheidscheck, by: User, question: str, now: datetime.datetime | None = None
) -> Bekendheidscheck:
    """Ask a partner that knows the person for the relevant information; the mail holds no question.

    The question may name the person or the concerns, so it stays in the application: the
    partner reads it after logging in.
    """
    question = _required_text(question, "Vul in welke informatie u van deze partner nodig heeft.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(check)
        ensure_can_request_info(locked, by)
        locked.info_question = question
        locked.info_requested_at = now
        locked.info_due_at = info_due_at(now, locked.casus.target_triage_date)
        locked.save(update_fields=["info_question", "info_requested_at", "info_due_at"])
        audit_record(actor=by, action=AuditAction.UPDATE, obj=locked, case_reference=locked.casus.reference or "")
        _notify_partner(
            locked,
            key=f"bekendheidscheck-informatie:{locked.pk}",
            subject="Informatie gevraagd bij casus",
            template="mail/bekendheidscheck_informatie.txt",
            due_at=locked.info_due_at,
        )
    return locked


# --------------------------------------------------------------------------- the partner


def bekendheidscheck_answer(*, check: Bekendheidscheck, by: User, known: bool) -> Bekendheidscheck:
    """The partner says whether it knows the person; once."""
    with transaction.atomic():
        locked = _lock(check)
        ensure_can_answer(locked, by)
        locked.answer = CheckAnswer.BEKEND if known else CheckAnswer.NIET_BEKEND
        locked.answered_by = by
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=locked,
            case_reference=locked.casus.reference or "",
            detail={"antwoord": locked.answer},
        )
    return locked


def bekendheidscheck_provide_info(*, check: Bekendheidscheck, by: User, text: str, contact: str) -> Bekendheidscheck:
    """The partner gives the information asked for, and who the chair can call about it."""
    text = _required_text(text, "Vul de informatie in die u vanuit uw organisatie kunt delen.")
    contact = _required_text(contact, "Vul in wie de voorzitter over deze informatie kan bellen of mailen.")
    with transaction.atomic():
        locked = _lock(check)
        ensure_can_provide_info(locked, by)
        locked.info_text = text
        locked.info_contact = contact
        locked.info_provided_by = by
        locked.info_provided_at = timezone.now()
        locked.save(update_fields=["info_text", "info_contact", "info_provided_by", "info_provided_at"])
        audit_record(actor=by, action=AuditAction.UPDATE, obj=locked, case_reference=locked.casus.reference or "")
    return locked


# --------------------------------------------------------------------------- reminders


#: Every reminder of a check has the mail key "<prefix>:<check id>:<stage>"; the reports count them by it.
REMINDER_KEY_PREFIX = "bekendheidscheck-herinnering"


def reminder_key(check: Bekendheidscheck, stage: str) -> str:
    return f"{REMINDER_KEY_PREFIX}:{check.pk}:{stage}"


def _reminders_due(now: datetime.datetime) -> list[tuple[Bekendheidscheck, str, datetime.datetime]]:
    """(check, stage, due) for every open answer or open information request due before the horizon.

    Overdue ones included: a partner that missed the date gets the one reminder too. Not for a
    case whose triage date has passed (issue 17: partners were reminded of a case whose meeting
    was over); a case moved on to a later meeting has that meeting's date and is reminded of again.
    """
    horizon = reminder_horizon(now)
    today = timezone.localdate(now)
    checks = (
        Bekendheidscheck.objects.filter(casus__status__in=VERRIJKING_STATUSES)
        .filter(Q(casus__target_triage_date__isnull=True) | Q(casus__target_triage_date__gte=today))
        .exclude(organisation__email="")
        .select_related("organisation", "casus")
        .order_by("pk")
    )
    answers = checks.filter(answer=CheckAnswer.OPEN, due_at__lt=horizon)
    info = checks.filter(info_requested_at__isnull=False, info_provided_at__isnull=True, info_due_at__lt=horizon)
    return [(c, ReminderStage.ANSWER, c.due_at) for c in answers] + [
        (c, ReminderStage.INFO, c.info_due_at) for c in info
    ]


def bekendheidscheck_send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Queue one reminder per open request due before the end of the next working day.

    Idempotent by the mail key (check and stage): running it twice, or daily until the partner
    answers, sends each reminder once. Returns how many reminders were queued now.
    """
    now = now or timezone.now()
    due = _reminders_due(now)
    already = set(
        OutgoingMail.objects.filter(key__in=[reminder_key(c, stage) for c, stage, _ in due]).values_list(
            "key", flat=True
        )
    )
    queued = 0
    for check, stage, due_at in due:
        key = reminder_key(check, stage)
        if key in already:
            continue
        with transaction.atomic():
            _notify_partner(
                check,
                key=key,
                subject=REMINDER_SUBJECTS[stage],
                template="mail/bekendheidscheck_herinnering.txt",
                due_at=due_at,
                stage=stage,
                overdue=due_at < now,
            )
        queued += 1
    return queued
