"""Reminders of the bekendheidscheck: the scheduled task sends each reminder once.

The task runs on working-day mornings; a run reminds of every open answer and every open
information request due before the end of the next working day, each once per stage.
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail as django_mail

from intake.constants import CasusStatus
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.constants import OrganisationKind as K
from participants.tests.factories import OrganisationFactory, UserFactory
from triage.models import Bekendheidscheck
from triage.services.verrijking import (
    bekendheidscheck_answer,
    bekendheidscheck_request_all,
    bekendheidscheck_request_info,
)
from triage.tasks import send_bekendheidscheck_reminders
from zvh.calendar.scheduling import TIMEZONE
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

SURNAME = "Herinneringsma-Geheim"
AANLEIDING = "Aanleiding-Geheim bij de herinnering"


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TIMEZONE)


@pytest.fixture
def orgs():
    return {
        "zvh": OrganisationFactory(name="ZVH", kind=K.ZVH),
        "politie": OrganisationFactory(name="Politie", kind=K.POLITIE, email="bekendheid@politie.example"),
        "ggz": OrganisationFactory(name="GGZ", kind=K.GGZ, email="bekendheid@ggz.example"),
        "gemeente": OrganisationFactory(name="Gemeente", kind=K.GEMEENTE),  # no address: no mail
    }


@pytest.fixture
def chair(orgs):
    return UserFactory(voorzitter=True, organisation=orgs["zvh"])


def accepted_case(orgs, chair, *, requested_at, triage_date):
    """A case accepted at `requested_at` for the triage of `triage_date`, its partners asked."""
    melder = UserFactory(melder=True, organisation=OrganisationFactory(name="Huisarts", kind=K.ZORGAANBIEDER))
    casus = CasusFactory(
        melder=melder,
        submitted=True,
        status=CasusStatus.IN_VERRIJKING,
        target_triage_date=triage_date,
        aanleiding=AANLEIDING,
    )
    BetrokkeneFactory(casus=casus, surname=SURNAME, bsn="123456782")
    # Outside django_capture_on_commit_callbacks the request mails are queued but not sent,
    # so mail.outbox below holds only what the reminder runs send.
    with time_machine.travel(requested_at, tick=False):
        bekendheidscheck_request_all(casus=casus, by=chair)
    return casus


def run_reminders(moment, capture) -> int:
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return send_bekendheidscheck_reminders.apply().get()


def reminders_sent() -> list[tuple[str, ...]]:
    return sorted(tuple(message.to) for message in django_mail.outbox if "Herinnering" in message.subject)


def test_running_the_task_twice_sends_each_reminder_once(orgs, chair, django_capture_on_commit_callbacks):
    # Accepted Friday 10:00 for Thursday 10 December: answers due Monday 7 December 12:00.
    casus = accepted_case(orgs, chair, requested_at=at(2026, 12, 4, 10, 0), triage_date=datetime.date(2026, 12, 10))

    assert run_reminders(at(2026, 12, 4, 15, 0), django_capture_on_commit_callbacks) == 2
    assert run_reminders(at(2026, 12, 4, 15, 5), django_capture_on_commit_callbacks) == 0

    assert reminders_sent() == [("bekendheid@ggz.example",), ("bekendheid@politie.example",)]
    assert len(django_mail.outbox) == 2
    reminders = OutgoingMail.objects.filter(key__startswith="bekendheidscheck-herinnering:")
    keys = set(reminders.values_list("key", flat=True))
    assert keys == {
        f"bekendheidscheck-herinnering:{check.pk}:answer"
        for check in Bekendheidscheck.objects.filter(casus=casus, organisation__email__gt="")
    }


def test_no_reminder_before_the_day_before_the_due_date(orgs, chair, django_capture_on_commit_callbacks):
    # Accepted Thursday evening for the triage two weeks later: due Monday 7 December 17:00.
    accepted_case(orgs, chair, requested_at=at(2026, 12, 3, 17, 0), triage_date=datetime.date(2026, 12, 17))
    assert run_reminders(at(2026, 12, 3, 18, 0), django_capture_on_commit_callbacks) == 0
    assert django_mail.outbox == []
    # Friday morning: Monday is the next working day, so the reminder goes out now.
    assert run_reminders(at(2026, 12, 4, 8, 0), django_capture_on_commit_callbacks) == 2
    [message, _] = django_mail.outbox
    assert "maandag 7 december 2026 om 17:00" in message.body


def test_answered_partners_get_no_answer_reminder_but_an_information_reminder_once(
    orgs, chair, django_capture_on_commit_callbacks
):
    casus = accepted_case(orgs, chair, requested_at=at(2026, 12, 4, 10, 0), triage_date=datetime.date(2026, 12, 10))
    politie = Bekendheidscheck.objects.get(casus=casus, organisation=orgs["politie"])
    partner = UserFactory(ketenpartner=True, organisation=orgs["politie"])
    bekendheidscheck_answer(check=politie, by=partner, known=True)
    bekendheidscheck_request_info(check=politie, by=chair, question="Wat weet u?", now=at(2026, 12, 7, 9, 0))

    # Monday 15:00: GGZ's answer is overdue, Politie's information is due Tuesday noon.
    assert run_reminders(at(2026, 12, 7, 15, 0), django_capture_on_commit_callbacks) == 2
    by_address = {message.to[0]: message for message in django_mail.outbox}
    assert by_address["bekendheid@politie.example"].subject.startswith("Herinnering: informatie gevraagd")
    assert "dinsdag 8 december 2026 om 12:00" in by_address["bekendheid@politie.example"].body
    assert "had uiterlijk maandag 7 december 2026 om 12:00" in by_address["bekendheid@ggz.example"].body
    assert OutgoingMail.objects.filter(key=f"bekendheidscheck-herinnering:{politie.pk}:info").exists()
    assert not OutgoingMail.objects.filter(key=f"bekendheidscheck-herinnering:{politie.pk}:answer").exists()

    # Tuesday morning: nothing new to remind of.
    assert run_reminders(at(2026, 12, 8, 8, 0), django_capture_on_commit_callbacks) == 0
    assert len(django_mail.outbox) == 2


def test_reminders_hold_no_personal_data(orgs, chair, django_capture_on_commit_callbacks):
    casus = accepted_case(orgs, chair, requested_at=at(2026, 12, 4, 10, 0), triage_date=datetime.date(2026, 12, 10))
    run_reminders(at(2026, 12, 4, 15, 0), django_capture_on_commit_callbacks)
    assert django_mail.outbox
    for message in django_mail.outbox:
        assert casus.reference in message.subject
        assert "/triage/bekendheidschecks/" in message.body
        for secret in (SURNAME, "123456782", AANLEIDING):
            assert secret not in message.body
            assert secret not in message.subject


def test_no_reminders_once_the_case_left_verrijking(orgs, chair, django_capture_on_commit_callbacks):
    casus = accepted_case(orgs, chair, requested_at=at(2026, 12, 4, 10, 0), triage_date=datetime.date(2026, 12, 10))
    casus.status = CasusStatus.PGA
    casus.save()
    assert run_reminders(at(2026, 12, 7, 8, 0), django_capture_on_commit_callbacks) == 0
    assert django_mail.outbox == []


def test_the_task_is_scheduled_on_working_day_mornings():
    entry = settings.CELERY_BEAT_SCHEDULE["bekendheidscheck-herinneringen"]
    assert entry["task"] == send_bekendheidscheck_reminders.name
    schedule = entry["schedule"]
    assert schedule.hour == {8} and schedule.minute == {0}
    assert schedule.day_of_week == {1, 2, 3, 4, 5}
    assert settings.CELERY_TIMEZONE == "Europe/Amsterdam"


def test_reminders_missed_while_the_system_was_down_go_out_on_the_first_run_after(
    orgs, chair, django_capture_on_commit_callbacks
):
    # Accepted Thursday evening for the triage two weeks later: due Monday 7 December 17:00.
    accepted_case(orgs, chair, requested_at=at(2026, 12, 3, 17, 0), triage_date=datetime.date(2026, 12, 17))
    # Down from Thursday night until Wednesday 9 December: the Friday and Monday runs never happened.
    assert run_reminders(at(2026, 12, 9, 8, 0), django_capture_on_commit_callbacks) == 2
    assert reminders_sent() == [("bekendheid@ggz.example",), ("bekendheid@politie.example",)]
    [message, _] = django_mail.outbox
    assert "Dit had uiterlijk maandag 7 december 2026 om 17:00 uur binnen moeten zijn" in message.body
    # The next morning's run sends nothing twice.
    assert run_reminders(at(2026, 12, 10, 8, 0), django_capture_on_commit_callbacks) == 0


def test_no_reminders_for_a_case_whose_triage_has_passed(orgs, chair, django_capture_on_commit_callbacks):
    """Issue 17: after the meeting of 10 December (not closed yet, the case still on its agenda),
    the partners that never answered were still reminded. A case moved on to 17 December is reminded again."""
    casus = accepted_case(orgs, chair, requested_at=at(2026, 12, 4, 10, 0), triage_date=datetime.date(2026, 12, 10))
    casus.status = CasusStatus.GEAGENDEERD
    casus.save(update_fields=["status"])

    assert run_reminders(at(2026, 12, 11, 8, 0), django_capture_on_commit_callbacks) == 0
    assert django_mail.outbox == []

    casus.status = CasusStatus.DOORGESCHOVEN
    casus.target_triage_date = datetime.date(2026, 12, 17)
    casus.save(update_fields=["status", "target_triage_date"])
    assert run_reminders(at(2026, 12, 11, 8, 5), django_capture_on_commit_callbacks) == 2
    assert reminders_sent() == [("bekendheid@ggz.example",), ("bekendheid@politie.example",)]


def test_on_the_day_of_the_triage_the_morning_reminder_still_goes(orgs, chair, django_capture_on_commit_callbacks):
    accepted_case(orgs, chair, requested_at=at(2026, 12, 4, 10, 0), triage_date=datetime.date(2026, 12, 10))
    assert run_reminders(at(2026, 12, 10, 8, 0), django_capture_on_commit_callbacks) == 2
