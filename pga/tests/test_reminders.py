"""The procesregisseur's reminders: once per event, also when the task runs twice or missed days."""

import datetime

import pytest
import time_machine

from pga.constants import ClosingReason, InformingMethod, PostponementGround, WhoInforms
from pga.services import dossier_close, informing_agree, informing_postpone
from pga.services.reminders import pga_send_reminders
from pga.tasks import send_reminders
from pga.tests.factories import SECRET_SURNAME, regisseur, started, with_plan
from zvh.calendar.scheduling import TIMEZONE
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(7, 30), tzinfo=TIMEZONE), tick=False)


@pytest.fixture
def three_events():
    """Made on 4 January 2027: a review on 1 February, an action due 25 January, monitoring on 8 February."""
    user = regisseur(email="regisseur@zvh.example")
    with at(datetime.date(2027, 1, 4)):
        postponed = started(procesregisseur=user)
        informing_agree(
            dossier=postponed,
            who_informs=WhoInforms.MELDER,
            method=InformingMethod.GESPREK,
            planned_date=datetime.date(2027, 1, 6),
            by=user,
        )
        informing_postpone(
            dossier=postponed, ground=PostponementGround.VEILIGHEID, review_date=datetime.date(2027, 2, 1), by=user
        )
        with_action = with_plan(procesregisseur=user, on=datetime.date(2027, 1, 4), due=datetime.date(2027, 1, 25))
        monitored = with_plan(procesregisseur=user, on=datetime.date(2027, 1, 4), due=datetime.date(2027, 3, 1))
        dossier_close(
            dossier=monitored,
            reason=ClosingReason.DOELEN_BEREIKT,
            evaluation="Stabiel",
            monitoring_date=datetime.date(2027, 2, 8),
            by=user,
        )
    return postponed, with_action, monitored


def reminders() -> list[str]:
    return sorted(OutgoingMail.objects.filter(key__startswith="pga:herinnering:").values_list("key", flat=True))


def test_nothing_before_the_dates(three_events):
    with at(datetime.date(2027, 1, 25)):  # the action is due today, not overdue yet
        assert pga_send_reminders() == 0
    assert reminders() == []


def test_each_event_is_reminded_once_even_when_the_task_runs_twice(three_events):
    postponed, with_action, monitored = three_events
    action = with_action.actions.get()
    with at(datetime.date(2027, 1, 26)):
        assert send_reminders() == 1
        assert send_reminders() == 0
    assert reminders() == [f"pga:herinnering:actie:{action.pk}:2027-01-25"]
    mail = OutgoingMail.objects.get(key=f"pga:herinnering:actie:{action.pk}:2027-01-25")
    assert mail.to == ["regisseur@zvh.example"]
    assert mail.subject == f"Herinnering PGA-dossier {with_action.casus.reference}"
    assert SECRET_SURNAME not in mail.body and "huurachterstand" not in mail.body
    assert "maandag 25 januari 2027" in mail.body


def test_missed_days_are_caught_up_without_repeating(three_events):
    postponed, with_action, monitored = three_events
    action = with_action.actions.get()
    # The task did not run between 26 January and 10 February: everything due comes at once.
    with at(datetime.date(2027, 2, 10)):
        assert send_reminders() == 3
    with at(datetime.date(2027, 2, 11)):
        assert send_reminders() == 0
    assert reminders() == sorted(
        [
            f"pga:herinnering:actie:{action.pk}:2027-01-25",
            f"pga:herinnering:informeren:{postponed.pk}:2027-02-01",
            f"pga:herinnering:monitoring:{monitored.pk}:2027-02-08",
        ]
    )


def test_a_new_review_date_is_a_new_reminder(three_events):
    postponed = three_events[0]
    with at(datetime.date(2027, 2, 1)):
        send_reminders()
        informing_postpone(
            dossier=postponed,
            ground=PostponementGround.ONBEREIKBAAR,
            review_date=datetime.date(2027, 3, 1),
            by=postponed.procesregisseur,
        )
    with at(datetime.date(2027, 3, 1)):
        send_reminders()
    informing = [key for key in reminders() if ":informeren:" in key]
    assert informing == [
        f"pga:herinnering:informeren:{postponed.pk}:2027-02-01",
        f"pga:herinnering:informeren:{postponed.pk}:2027-03-01",
    ]


def test_the_task_is_in_the_beat_schedule():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["pga-herinneringen"]["task"] == "pga.send_reminders"
