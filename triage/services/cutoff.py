"""The Thursday 16:00 cutoff: close intake for a meeting and bind the cases registered before it.

What one cutoff does (``cutoff_at`` is a Thursday 16:00 Europe/Amsterdam, stored in UTC):

* its meeting is the first held meeting on or after the Thursday seven days later
  (``meeting_first_held``: public holidays and cancelled meetings skipped, created if the
  calendar has not been generated that far);
* every open casus (aangemeld, aanvulling gevraagd, in verrijking) submitted strictly *before*
  ``cutoff_at`` that has no active agenda item gets one (``gebonden``) in that meeting, and its
  target triage date becomes the meeting's date. A casus submitted at 16:00:00 or later waits
  for the next cutoff: the rule is "vóór 16:00";
* a ``CutoffRun`` records it, so the cutoff is processed once.

Why it holds up:

* **Idempotent.** A processed cutoff has a ``CutoffRun``; running again finds it and changes
  nothing. A casus already bound (active item) is never bound again.
* **Catches up.** The job processes *every* passed cutoff after the last processed one, in
  chronological order, each in its own transaction. After a missed week the older cutoff
  binds the older cases to the older meeting, then the newer cutoff binds the rest. We look
  back at most ``LOOKBACK`` (and never before the first submission ever): after a longer
  outage the first cutoff processed binds every older waiting case, so nobody is lost.
* **Never to a meeting that has passed.** After an outage the meeting a cutoff's cases were
  due at may have taken place (or be under way today). They are bound to the first meeting
  after today that still takes cases instead, and the chairs get a mail (dates and counts,
  never a reference or a name): their next agenda holds cases they did not expect, and
  nobody else would notice the outage.
* **Two workers at once.** Each cutoff's transaction first inserts its ``CutoffRun``; the
  unique ``cutoff_at`` makes a second worker wait for the first one's commit and then fail
  that insert, and it skips the cutoff. A partial unique index (one active item per casus)
  is the last guard against a casus bound twice. On SQLite writes are serialised anyway.
* **Time.** Cutoff moments are built in Europe/Amsterdam local time by ``zvh.calendar.scheduling``,
  so a DST change between two Thursdays shifts the UTC hour, not the local 16:00.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, Min, OuterRef
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import Casus
from participants.constants import Role
from participants.selectors import role_mail_addresses
from zvh.audit.constants import AuditAction
from zvh.audit.services import AuditEntry, audit_record_many
from zvh.calendar import scheduling
from zvh.jobs.services import job_run_now
from zvh.mail.services import absolute_url, mail_queue, mail_render

from ..constants import ACTIVE_AGENDA_STATUSES, AgendaItemStatus, MeetingPhase
from ..models import AgendaItem, CutoffRun, TriageMeeting
from ..selectors.calendar import cancelled_meeting_dates
from .lifecycle import meeting_transition
from .meetings import cases_retarget, meeting_first_held

logger = logging.getLogger(__name__)

#: How far back the job looks for cutoffs it missed.
LOOKBACK = datetime.timedelta(weeks=8)
#: Submitted cases that still wait for a triage; the cutoff binds these to a meeting.
BINDABLE_STATUSES = (CasusStatus.AANGEMELD, CasusStatus.AANVULLING_GEVRAAGD, CasusStatus.IN_VERRIJKING)
_WEEK = datetime.timedelta(days=7)
_DAY = datetime.timedelta(days=1)
LATE_MAIL_TEMPLATE = "triage/mail/cutoff_te_laat.txt"
#: The Celery task of the job (``triage.meeting_tasks.close_intake``, which imports this module).
CLOSE_INTAKE_TASK = "triage.close_intake"


def cutoffs_pending(*, now: datetime.datetime) -> list[datetime.datetime]:
    """The cutoff moments at or before ``now`` that still need processing, oldest first.

    Only those after the last processed cutoff, after the first submission ever, and within
    ``LOOKBACK``. Aware Europe/Amsterdam datetimes.
    """
    first_submission = Casus.objects.filter(submitted_at__isnull=False).aggregate(first=Min("submitted_at"))["first"]
    if first_submission is None:
        return []
    last_processed = CutoffRun.objects.aggregate(last=Max("cutoff_at"))["last"]
    lower = max(moment for moment in (now - LOOKBACK, first_submission, last_processed) if moment is not None)
    pending = []
    cutoff = scheduling.next_cutoff(lower)
    while cutoff.astimezone(datetime.UTC) <= now.astimezone(datetime.UTC):
        pending.append(cutoff)
        cutoff = scheduling.next_cutoff(cutoff)
    return pending


def cutoff_close_intake(*, now: datetime.datetime) -> list[CutoffRun]:
    """Process every pending cutoff (see the module docstring); returns the runs made now.

    An empty list means there was nothing to do: no cutoff has passed since the last run, or
    another worker is processing it.
    """
    if timezone.is_naive(now):
        raise ValueError("now must be timezone-aware")
    runs = []
    for cutoff in cutoffs_pending(now=now):
        run = _cutoff_process(cutoff_at=cutoff, now=now)
        if run is not None:
            runs.append(run)
    return runs


def _cutoff_process(*, cutoff_at: datetime.datetime, now: datetime.datetime) -> CutoffRun | None:
    """One cutoff in one transaction; None when it was (being) processed by someone else."""
    cutoff_thursday = cutoff_at.astimezone(scheduling.TIMEZONE).date()
    today = now.astimezone(scheduling.TIMEZONE).date()
    # The meeting the cases were due at, had the job run on time; today's is under way or about to be.
    due = scheduling.meeting_dates(cutoff_thursday + _WEEK, 1, cancelled_meeting_dates())[0]
    late = due <= today
    with transaction.atomic():
        meeting = meeting_first_held(earliest=today + _DAY if late else cutoff_thursday + _WEEK)
        try:
            with transaction.atomic():
                run = CutoffRun.objects.create(cutoff_at=cutoff_at, meeting=meeting)
        except IntegrityError:
            return None
        bound = _bind_waiting_cases(meeting=meeting, cutoff_at=cutoff_at)  # an audit entry per case
        run.bound_count = len(bound)
        run.save(update_fields=["bound_count"])
        # The next cutoff's cases go to a later meeting than this one: its intake is closed now.
        # (Not so when a holiday made two cutoffs share one meeting: then the second one closes it.)
        if meeting.date < cutoff_thursday + 2 * _WEEK:
            meeting_transition(meeting=meeting, to=MeetingPhase.AANMELDING_GESLOTEN, intake_closed_at=cutoff_at)
        if late and bound:
            _tell_chairs_bound_late(run=run, due=due)
        # Last, in one append: the job holds an audit chain only for the end of its transaction.
        run_entry = AuditEntry(
            actor=None,
            action=AuditAction.UPDATE,
            obj=run,
            detail={
                "gebeurtenis": "aanmelding_gesloten",
                "cutoff": cutoff_at.isoformat(),
                "vergadering": meeting.date.isoformat(),
                "gebonden": len(bound),
                "te_laat": late,
            },
        )
        audit_record_many([*bound, run_entry])
    logger.info("Cutoff %s verwerkt: %d casus(sen) gebonden aan %s", cutoff_at.isoformat(), len(bound), meeting.date)
    return run


def _bind_waiting_cases(*, meeting: TriageMeeting, cutoff_at: datetime.datetime) -> list[AuditEntry]:
    """Bind every open, not yet bound casus submitted before ``cutoff_at``; returns the audit entries, one per case.

    A constant number of queries however many cases wait (one INSERT of all items, one UPDATE
    of the dates); the entries are recorded by the caller, at the end of its transaction.
    """
    has_active_item = AgendaItem.objects.filter(casus=OuterRef("pk"), status__in=ACTIVE_AGENDA_STATUSES)
    waiting = list(
        Casus.objects.select_for_update()
        .filter(status__in=BINDABLE_STATUSES, submitted_at__lt=cutoff_at)
        .exclude(Exists(has_active_item))
        .only("pk", "reference", "target_triage_date")
        .order_by("submitted_at", "pk")
    )
    try:
        with transaction.atomic():
            AgendaItem.objects.bulk_create(
                AgendaItem(meeting=meeting, casus=casus, status=AgendaItemStatus.GEBONDEN) for casus in waiting
            )
        bound = waiting
    except IntegrityError:
        # Some casus was bound meanwhile by a concurrent change: bind them one by one and skip it.
        bound = [casus for casus in waiting if _bind_one(meeting=meeting, casus=casus)]
    return cases_retarget(cases=bound, to=meeting, by=None, event="gebonden_aan_triage")


def _bind_one(*, meeting: TriageMeeting, casus: Casus) -> bool:
    try:
        with transaction.atomic():
            AgendaItem.objects.create(meeting=meeting, casus=casus, status=AgendaItemStatus.GEBONDEN)
    except IntegrityError:
        # Bound meanwhile by a concurrent change, which holds it now. (An old, inactive item of
        # this casus in this very meeting would also land here; the process cannot produce
        # one, but if it ever does, say so rather than skip it silently.)
        logger.warning("Casus %s niet gebonden aan triage %s: er bestaat al een agendapunt", casus.pk, meeting.date)
        return False
    return True


def _tell_chairs_bound_late(*, run: CutoffRun, due: datetime.date) -> None:
    """Mail the chairs that a late cutoff bound cases to a later meeting than they were due at.

    Dates, the count and a link to the agenda only: the chairs read the cases in the app.
    """
    addresses = role_mail_addresses(Role.TRIAGEVOORZITTER)
    if not addresses:
        return  # nobody to tell; the audit entry records the late run
    meeting = run.meeting
    mail_queue(
        key=f"cutoff-te-laat:{run.pk}",
        to=addresses,
        subject=f"Te laat verwerkte cutoff: {run.bound_count} casus(sen) naar de triage van {meeting.date:%d-%m-%Y}",
        body=mail_render(
            LATE_MAIL_TEMPLATE,
            {
                "cutoff_at": run.cutoff_at,
                "due": due,
                "meeting": meeting,
                "count": run.bound_count,
                "agenda_url": absolute_url(reverse("triage:meeting_agenda", args=[meeting.pk])),
            },
        ),
        topic=meeting.mail_topic,
    )


def cutoff_run_now(*, by, via: str) -> tuple[bool, str]:
    """The cutoff job by hand (Beheer's "Nu uitvoeren", ``manage.py run_cutoff``): (ok, a Dutch message).

    The very task beat runs, so by hand it does no more than on time: it processes the cutoffs
    that have passed and were not processed, and a second run finds nothing to do. It never
    closes intake before Thursday 16:00. ``job_run_now`` audits who asked.
    """
    run = job_run_now(task_name=CLOSE_INTAKE_TASK, by=by, via=via)
    if not run.ok:
        return False, (
            f"De cutoff is niet gelukt (fout: {run.error}). Er is niets half verwerkt: "
            "probeer het later opnieuw of vraag de technisch beheerder naar het foutlog."
        )
    upcoming = scheduling.next_cutoff(timezone.now())
    if not run.summary.get("cutoffs"):
        return True, (
            "Er was geen cutoff te verwerken: elke verstreken cutoff is al verwerkt. "
            f"De volgende cutoff is op {upcoming:%d-%m-%Y} om {upcoming:%H:%M}."
        )
    return True, (
        f"{run.summary['cutoffs']} cutoff(s) verwerkt, {run.summary.get('gebonden', 0)} casus(sen) "
        f"aan een triage gebonden. De volgende cutoff is op {upcoming:%d-%m-%Y} om {upcoming:%H:%M}."
    )
