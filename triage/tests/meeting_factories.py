"""Factories of the meeting calendar; traits encode the states a meeting or an agenda item can be in."""

import datetime

import factory

from intake.constants import CasusStatus
from intake.tests.factories import CasusFactory
from triage.constants import AgendaItemStatus, MeetingStatus
from triage.models import AgendaItem, TriageMeeting


class TriageMeetingFactory(factory.django.DjangoModelFactory):
    """A regular, held Thursday meeting; ``cancelled=True`` or ``extra=True`` for the other kinds."""

    class Meta:
        model = TriageMeeting
        django_get_or_create = ("date", "starts_at")

    date = datetime.date(2026, 12, 10)
    starts_at = datetime.time(13, 0)
    room = "Zaal 1"
    online_link = "https://vergaderen.example/triage"

    class Params:
        cancelled = factory.Trait(status=MeetingStatus.GEANNULEERD, cancelled_reason="Voorzitter ziek")
        extra = factory.Trait(is_extra=True)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """A casus bound to a meeting by the cutoff; ``geagendeerd=True`` for one on the agenda (with its slot)."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(TriageMeetingFactory)
    casus = factory.SubFactory(CasusFactory, submitted=True, target_triage_date=factory.SelfAttribute("..meeting.date"))
    status = AgendaItemStatus.GEBONDEN

    class Params:
        geagendeerd = factory.Trait(
            status=AgendaItemStatus.GEAGENDEERD,
            position=1,
            casus=factory.SubFactory(
                CasusFactory,
                submitted=True,
                status=CasusStatus.GEAGENDEERD,
                target_triage_date=factory.SelfAttribute("..meeting.date"),
            ),
        )


class ReadyAgendaItemFactory(AgendaItemFactory):
    """A bound item whose casus was accepted (in verrijking): ready for a slot on the agenda."""

    casus = factory.SubFactory(
        CasusFactory,
        submitted=True,
        status=CasusStatus.IN_VERRIJKING,
        target_triage_date=factory.SelfAttribute("..meeting.date"),
    )
