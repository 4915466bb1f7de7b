"""The weekly Integrale Triage as data: meetings, the cases bound to them, and the cutoff runs.

Why meetings are rows and not only dates computed by ``zvh.calendar.scheduling``: a functional admin
cancels a meeting, changes its room, link or capacity, or adds an extra one, and those choices
must survive. A cancelled meeting is kept (status ``geannuleerd``) so that the generator does
not create it again and so that its date counts as "cancelled" for every calendar rule.

An ``AgendaItem`` ties a casus to one meeting. The cutoff job creates it (``gebonden``); the
agenda step (a later part of issue 5) turns it into ``geagendeerd`` with a slot position. When a
casus moves on, its item is kept as ``doorgeschoven`` pointing at the item in the next meeting,
so the history of where a case was expected stays visible. A casus has at most one *active*
item (gebonden or geagendeerd): a partial unique index enforces it, so two workers can never
bind one casus twice.

A ``CutoffRun`` records that the Thursday 16:00 moment ``cutoff_at`` has been processed. Its
unique ``cutoff_at`` is what makes the job idempotent and safe with two workers at once.
"""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from intake.models import Casus
from participants.fields import actor_field
from zvh.calendar.scheduling import DEFAULT_CAPACITY, MEETING_START, slot_times

from ..constants import ACTIVE_AGENDA_STATUSES, AgendaItemStatus, Attendance, MeetingPhase, MeetingStatus

#: The Integrale Triage is a 90-minute meeting: 13:00-14:30 Europe/Amsterdam.
MEETING_END = datetime.time(14, 30)


def default_start() -> datetime.time:
    """``MEETING_START`` as a callable default.

    Why not the value itself: Django's check fields.W161 compares a fixed time default with the
    UTC clock, and so ``check --deploy`` failed when it ran within ten seconds of 13:00 or 14:30 UTC.
    """
    return MEETING_START


def default_end() -> datetime.time:
    """``MEETING_END`` as a callable default (see ``default_start``)."""
    return MEETING_END


class TriageMeeting(models.Model):
    """One Integrale Triage: a date, local start and end time, a room and an online link (hybrid).

    ``starts_at`` and ``ends_at`` are wall-clock times in Europe/Amsterdam (the meeting is "at
    13:00" whatever the UTC offset that day); ``zvh.calendar.scheduling.slot_times`` turns them into
    aware moments.
    """

    date = models.DateField("datum")
    starts_at = models.TimeField("begintijd", default=default_start)
    ends_at = models.TimeField("eindtijd", default=default_end)
    room = models.CharField("vergaderruimte", max_length=200, blank=True)
    online_link = models.URLField(
        "link online vergadering",
        max_length=500,
        blank=True,
        help_text="De link waarmee deelnemers online aansluiten (de triage is hybride).",
    )
    capacity = models.PositiveSmallIntegerField(
        "aantal casussen (slots van 20 minuten)",
        default=DEFAULT_CAPACITY,
        validators=[MinValueValidator(1)],
        help_text="Standaard vier: 13:00, 13:20, 13:40 en 14:00.",
    )
    status = models.CharField(
        "status", max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.GEPLAND, db_index=True
    )
    cancelled_reason = models.TextField("reden annulering", blank=True)
    is_extra = models.BooleanField(
        "extra vergadering", default=False, help_text="Met de hand toegevoegd, naast de wekelijkse triage."
    )
    intake_closed_at = models.DateTimeField(
        "aanmelding gesloten op",
        null=True,
        blank=True,
        help_text="Gezet door de cutoff-taak (donderdag 16:00) die de laatste casussen aan deze triage bond.",
    )
    agenda_finalised_at = models.DateTimeField("agenda vastgesteld op", null=True, blank=True)
    agenda_finalised_by = actor_field("agenda vastgesteld door", optional=True)
    calendar_sequence = models.PositiveIntegerField(
        "versie van de agenda-uitnodigingen",
        default=0,
        help_text="Verhoogd bij elke wijziging of annulering na het vaststellen van de agenda; "
        "agenda-apps herkennen zo de nieuwste versie van een uitnodiging.",
    )
    closed_at = models.DateTimeField(
        "triage afgerond op",
        null=True,
        blank=True,
        help_text="Gezet wanneer de voorzitter de triage afrondt; dan krijgen de melders de uitkomst.",
    )
    closed_by = actor_field("triage afgerond door", optional=True)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        verbose_name = "triagevergadering"
        verbose_name_plural = "triagevergaderingen"
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "starts_at"],
                name="one_meeting_per_date_and_time",
                violation_error_message="Op deze datum en begintijd staat al een triagevergadering.",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="meeting_capacity_at_least_one",
                violation_error_message="Een triagevergadering heeft ten minste één slot.",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message="De eindtijd moet na de begintijd liggen.",
            ),
        ]

    def __str__(self) -> str:
        # Dates only: this ends up in admin messages and the audit log.
        return f"Triage {self.date:%d-%m-%Y} {self.starts_at:%H:%M}"

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.GEPLAND

    @property
    def phase(self) -> MeetingPhase:
        """The meeting's place in its lifecycle (``triage/meeting_lifecycle.py``), from its status and moments."""
        if self.status == MeetingStatus.GEANNULEERD:
            return MeetingPhase.GEANNULEERD
        if self.closed_at is not None:
            return MeetingPhase.AFGEROND
        if self.agenda_finalised_at is not None:
            return MeetingPhase.VASTGESTELD
        if self.intake_closed_at is not None:
            return MeetingPhase.AANMELDING_GESLOTEN
        return MeetingPhase.OPEN

    @property
    def mail_topic(self) -> str:
        """The ``OutgoingMail.topic`` of every mail about this meeting (invitations, agenda, reminders)."""
        return f"triagevergadering:{self.pk}"

    def slots(self) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """The (start, end) of each 20-minute slot, as aware Europe/Amsterdam datetimes."""
        return slot_times(self.date, self.capacity, start=self.starts_at)


class AgendaItem(models.Model):
    """A casus at one meeting; see the module docstring for the life of an item."""

    meeting = models.ForeignKey(
        TriageMeeting, verbose_name="triagevergadering", on_delete=models.PROTECT, related_name="items"
    )
    casus = models.ForeignKey(Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="agenda_items")
    status = models.CharField(
        "status", max_length=16, choices=AgendaItemStatus.choices, default=AgendaItemStatus.GEBONDEN, db_index=True
    )
    position = models.PositiveSmallIntegerField(
        "slot", null=True, blank=True, help_text="Volgorde op de agenda; gezet wanneer de agenda wordt gemaakt."
    )
    bound_at = models.DateTimeField("gebonden op", auto_now_add=True)
    moved_to = models.ForeignKey(
        "self",
        verbose_name="doorgeschoven naar",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moved_from",
    )
    moved_reason = models.TextField("reden doorschuiven", blank=True)
    # The melder's answer to the invitation: in the room or online (blank: not confirmed yet).
    attendance = models.CharField("aanwezigheid melder", max_length=16, choices=Attendance.choices, blank=True)
    attendance_confirmed_at = models.DateTimeField("aanwezigheid bevestigd op", null=True, blank=True)
    attendance_confirmed_by = actor_field("aanwezigheid bevestigd door", optional=True)

    class Meta:
        verbose_name = "agendapunt"
        verbose_name_plural = "agendapunten"
        ordering = ["meeting", "position", "bound_at", "id"]
        # What changed since the reports' last refresh (reports.facts._changes_since, issue 16).
        indexes = [models.Index(fields=["bound_at"], name="agendaitem_bound")]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "casus"], name="one_item_per_case_per_meeting"),
            # The guard against binding a casus twice, whoever (cutoff job, cancel) tries.
            models.UniqueConstraint(
                fields=["casus"],
                condition=models.Q(status__in=ACTIVE_AGENDA_STATUSES),
                name="one_active_item_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.casus} op {self.meeting}"


class CutoffRun(models.Model):
    """One processed cutoff moment (a Thursday 16:00 Europe/Amsterdam, stored in UTC)."""

    cutoff_at = models.DateTimeField("cutoff-moment", unique=True)
    meeting = models.ForeignKey(
        TriageMeeting, verbose_name="triagevergadering", on_delete=models.PROTECT, related_name="cutoff_runs"
    )
    ran_at = models.DateTimeField("uitgevoerd op", default=timezone.now)
    bound_count = models.PositiveIntegerField("aantal gebonden casussen", default=0)

    class Meta:
        verbose_name = "cutoff-run"
        verbose_name_plural = "cutoff-runs"
        ordering = ["-cutoff_at"]

    def __str__(self) -> str:
        return f"Cutoff {timezone.localtime(self.cutoff_at):%d-%m-%Y %H:%M}"
