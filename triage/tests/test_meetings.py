"""The meeting calendar: generating meetings, cancelling one (cases move, melders are told), "Beheer".

What a user would notice: which Thursdays have a meeting, where a case went when its meeting
was cancelled, the message and the one mail each melder got (reference and dates, nothing
personal), and what the functioneel beheerder can and cannot do in "Beheer".
"""

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus, FeedbackKind
from intake.models import Feedback, StatusChange
from intake.services import casus_submit
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from intake.views.registration import registration_deadline
from participants.tests.factories import UserFactory
from triage.constants import AgendaItemStatus, MeetingStatus
from triage.meeting_tasks import generate_meetings
from triage.models import AgendaItem, TriageMeeting
from triage.selectors.calendar import cancelled_meeting_dates
from triage.services.meetings import meeting_cancel, meetings_generate
from triage.tests.meeting_factories import AgendaItemFactory, TriageMeetingFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

SECRET_SURNAME = "Geheimachternaam"
CANCEL_REASON = "Voorzitter en vervanger allebei ziek"
CHANGELIST = reverse("admin:triage_triagemeeting_changelist")
ADD_URL = reverse("admin:triage_triagemeeting_add")


def meeting_dates() -> list[date]:
    return list(TriageMeeting.objects.order_by("date").values_list("date", flat=True))


@pytest.fixture
def beheerder():
    return UserFactory(beheerder=True)


@pytest.fixture
def admin_client(client, beheerder):
    client.force_login(beheerder)
    return client


@pytest.fixture
def today_is_monday_30_november():
    with time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=TIMEZONE), tick=False):
        yield


# --------------------------------------------------------------------------- generating


def test_generation_skips_ascension_day(settings):
    settings.ZVH_TRIAGE_ROOM = "Zaal De Brug"
    settings.ZVH_TRIAGE_ONLINE_LINK = "https://vergaderen.example/zvh"

    created = meetings_generate(start=date(2027, 4, 26), weeks=4)

    assert [m.date for m in created] == [date(2027, 4, 29), date(2027, 5, 13), date(2027, 5, 20), date(2027, 5, 27)]
    meeting = TriageMeeting.objects.get(date=date(2027, 5, 13))
    assert (meeting.room, meeting.online_link) == ("Zaal De Brug", "https://vergaderen.example/zvh")
    assert meeting.capacity == 4
    assert (meeting.starts_at.strftime("%H:%M"), meeting.ends_at.strftime("%H:%M")) == ("13:00", "14:30")
    assert not meeting.is_extra and meeting.status == MeetingStatus.GEPLAND


def test_generation_skips_christmas_and_new_year():
    meetings_generate(start=date(2025, 12, 20), weeks=2)
    assert meeting_dates() == [date(2026, 1, 8), date(2026, 1, 15)]


def test_generation_is_idempotent_and_leaves_existing_and_cancelled_meetings_alone():
    TriageMeetingFactory(date=date(2026, 12, 10), starts_at="14:00")  # moved to 14:00 by hand
    TriageMeetingFactory(date=date(2026, 12, 17), cancelled=True)

    first = meetings_generate(start=date(2026, 11, 30), weeks=3)
    second = meetings_generate(start=date(2026, 11, 30), weeks=3)

    # 3 Dec new; 10 Dec already has one; 17 Dec stays cancelled and is not re-created; then 24 Dec.
    assert [m.date for m in first] == [date(2026, 12, 3), date(2026, 12, 24)]
    assert second == []
    assert TriageMeeting.objects.filter(date=date(2026, 12, 10)).count() == 1
    assert TriageMeeting.objects.get(date=date(2026, 12, 17)).status == MeetingStatus.GEANNULEERD


def test_the_daily_task_fills_eight_held_thursdays(today_is_monday_30_november):
    assert generate_meetings.delay().get() == 8
    assert generate_meetings.delay().get() == 0
    # Christmas and New Year fall on Fridays this time: every Thursday is held.
    assert meeting_dates() == [
        date(2026, 12, 3), date(2026, 12, 10), date(2026, 12, 17), date(2026, 12, 24),
        date(2026, 12, 31), date(2027, 1, 7), date(2027, 1, 14), date(2027, 1, 21),
    ]  # fmt: skip


# --------------------------------------------------------------------------- cancelled dates


def test_cancelled_dates_feed_the_target_date_and_the_deadline(today_is_monday_30_november):
    TriageMeetingFactory(date=date(2026, 12, 10), cancelled=True)
    assert cancelled_meeting_dates() == {date(2026, 12, 10)}

    concept = CasusFactory()
    casus = casus_submit(casus=concept, by=concept.melder)
    deadline = registration_deadline(RequestFactory().get("/"))["registration_deadline"]

    assert casus.target_triage_date == date(2026, 12, 17)
    assert deadline.triage_date == date(2026, 12, 17)


def test_a_date_with_an_extra_meeting_held_is_not_cancelled():
    TriageMeetingFactory(date=date(2026, 12, 10), cancelled=True)
    TriageMeetingFactory(date=date(2026, 12, 10), starts_at="15:00", ends_at="16:00", extra=True)
    assert cancelled_meeting_dates() == set()


# --------------------------------------------------------------------------- cancelling


@pytest.fixture
def meeting_with_cases(today_is_monday_30_november):
    """The meeting of 10 December with one case bound (aangemeld) and one on the agenda."""
    meetings_generate(start=date(2026, 11, 30), weeks=4)
    meeting = TriageMeeting.objects.get(date=date(2026, 12, 10))
    bound = AgendaItemFactory(meeting=meeting, casus__melder__email="melder1@politie.example")
    on_agenda = AgendaItemFactory(meeting=meeting, geagendeerd=True, casus__melder__email="melder2@gemeente.example")
    BetrokkeneFactory(casus=bound.casus, surname=SECRET_SURNAME)
    return meeting, bound, on_agenda


def test_cancelling_moves_the_cases_to_the_next_held_meeting(meeting_with_cases, beheerder):
    meeting, bound, on_agenda = meeting_with_cases

    result = meeting_cancel(meeting=meeting, by=beheerder, reason=CANCEL_REASON)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_reason) == (MeetingStatus.GEANNULEERD, CANCEL_REASON)
    assert (result.moved_to.date, result.moved_count) == (date(2026, 12, 17), 2)
    for old in (bound, on_agenda):
        old.refresh_from_db()
        assert old.status == AgendaItemStatus.DOORGESCHOVEN
        assert (old.moved_to.meeting.date, old.moved_to.status) == (date(2026, 12, 17), AgendaItemStatus.GEBONDEN)
        old.casus.refresh_from_db()
        assert old.casus.target_triage_date == date(2026, 12, 17)
    # Only the case that was on the agenda changes status in its lifecycle, with the reason.
    assert bound.casus.status == CasusStatus.AANGEMELD
    assert on_agenda.casus.status == CasusStatus.DOORGESCHOVEN
    change = StatusChange.objects.filter(casus=on_agenda.casus).last()
    assert (change.to_status, change.by) == (CasusStatus.DOORGESCHOVEN, beheerder)
    assert "17 december 2026" in change.reason


def test_cases_still_waiting_for_the_cutoff_are_told_their_new_date_too(meeting_with_cases, beheerder):
    meeting, *_ = meeting_with_cases
    waiting = CasusFactory(submitted=True, target_triage_date=date(2026, 12, 10))
    rejected = CasusFactory(submitted=True, status=CasusStatus.AFGEWEZEN, target_triage_date=date(2026, 12, 10))

    result = meeting_cancel(meeting=meeting, by=beheerder, reason=CANCEL_REASON)

    assert result.moved_count == 3
    waiting.refresh_from_db()
    rejected.refresh_from_db()
    assert waiting.target_triage_date == date(2026, 12, 17)
    assert not AgendaItem.objects.filter(casus=waiting).exists()  # the cutoff binds it, as always
    assert Feedback.objects.filter(casus=waiting, kind=FeedbackKind.BERICHT).count() == 1
    assert rejected.target_triage_date == date(2026, 12, 10)
    assert not Feedback.objects.filter(casus=rejected).exists()


def test_every_melder_is_told_once_without_personal_data(
    meeting_with_cases, beheerder, django_capture_on_commit_callbacks
):
    meeting, bound, on_agenda = meeting_with_cases

    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, by=beheerder, reason=CANCEL_REASON)

    for item in (bound, on_agenda):
        message = Feedback.objects.get(casus=item.casus)
        assert message.kind == FeedbackKind.BERICHT
        assert "donderdag 10 december 2026" in message.message and "donderdag 17 december 2026" in message.message
        assert OutgoingMail.objects.filter(key=f"triage-geannuleerd:{meeting.pk}:{item.casus.pk}").count() == 1
    assert len(mail.outbox) == 2
    by_recipient = {sent.to[0]: sent for sent in mail.outbox}
    sent = by_recipient["melder1@politie.example"]
    assert bound.casus.reference in sent.subject and bound.casus.reference in sent.body
    assert "donderdag 10 december 2026" in sent.body and "donderdag 17 december 2026" in sent.body
    for text in (sent.subject, sent.body):
        assert SECRET_SURNAME not in text and CANCEL_REASON not in text


def test_cancelling_again_or_a_past_meeting_or_without_reason_is_refused(meeting_with_cases, beheerder):
    meeting, *_ = meeting_with_cases
    with pytest.raises(ServiceError, match="reden"):
        meeting_cancel(meeting=meeting, by=beheerder, reason="   ")
    meeting_cancel(meeting=meeting, by=beheerder, reason=CANCEL_REASON)
    with pytest.raises(ServiceError, match="geannuleerd"):
        meeting_cancel(meeting=meeting, by=beheerder, reason=CANCEL_REASON)
    past = TriageMeetingFactory(date=date(2026, 11, 26))
    with pytest.raises(ServiceError, match="verleden"):
        meeting_cancel(meeting=past, by=beheerder, reason=CANCEL_REASON)
    assert Feedback.objects.count() == 2  # only the one real cancellation told anybody


def test_cancelling_the_last_planned_meeting_creates_the_next_one_past_a_holiday(beheerder):
    with time_machine.travel(datetime(2027, 4, 26, 9, 0, tzinfo=TIMEZONE), tick=False):
        meeting = TriageMeetingFactory(date=date(2027, 4, 29))
        item = AgendaItemFactory(meeting=meeting)

        result = meeting_cancel(meeting=meeting, by=beheerder, reason=CANCEL_REASON)

    assert result.moved_to.date == date(2027, 5, 13)  # 6 May is Ascension Day
    assert AgendaItem.objects.get(casus=item.casus, status=AgendaItemStatus.GEBONDEN).meeting == result.moved_to


def test_cancelling_two_meetings_latest_first_moves_each_case_once(meeting_with_cases, beheerder):
    meeting, bound, _ = meeting_with_cases
    next_week = TriageMeeting.objects.get(date=date(2026, 12, 17))
    AgendaItemFactory(meeting=next_week)

    meeting_cancel(meeting=next_week, by=beheerder, reason=CANCEL_REASON)
    meeting_cancel(meeting=meeting, by=beheerder, reason=CANCEL_REASON)

    active = AgendaItem.objects.get(casus=bound.casus, status=AgendaItemStatus.GEBONDEN)
    assert active.meeting.date == date(2026, 12, 24)
    assert Feedback.objects.filter(casus=bound.casus).count() == 1


def test_cancelling_is_audited_without_the_reason(meeting_with_cases, beheerder):
    meeting, bound, _ = meeting_with_cases
    meeting_cancel(meeting=meeting, by=beheerder, reason=CANCEL_REASON)

    event = AuditEvent.objects.get(object_type="triage.triagemeeting", object_id=str(meeting.pk))
    assert (event.user, event.action) == (beheerder, AuditAction.UPDATE)
    assert event.detail == {
        "gebeurtenis": "triagevergadering_geannuleerd",
        "datum": "2026-12-10",
        "doorgeschoven": 2,
        "wachtend_verplaatst": 0,
        "naar": "2026-12-17",
        "partners_geinformeerd": 0,
    }
    assert AuditEvent.objects.filter(case_reference=bound.casus.reference, detail__gebeurtenis="doorgeschoven").exists()
    assert not AuditEvent.objects.filter(detail__icontains="ziek").exists()


# --------------------------------------------------------------------------- Beheer


def test_beheerder_sees_the_meetings_in_constant_queries(admin_client, django_assert_max_num_queries):
    meetings_generate(start=date(2026, 11, 30), weeks=3)
    with django_assert_max_num_queries(13):
        small = admin_client.get(CHANGELIST)
    meetings_generate(start=date(2026, 11, 30), weeks=30)
    with django_assert_max_num_queries(13):
        large = admin_client.get(CHANGELIST)
    assert small.status_code == large.status_code == 200
    assert "donderdag 3 december 2026" in large.content.decode()


def test_other_roles_do_not_reach_the_calendar(client):
    client.force_login(UserFactory(voorzitter=True, is_staff=True))
    assert client.get(CHANGELIST).status_code == 302  # to the admin login: not for this role


def test_beheerder_adds_an_extra_meeting(today_is_monday_30_november, admin_client, beheerder):
    page = admin_client.get(ADD_URL)
    assert page.status_code == 200

    response = admin_client.post(
        ADD_URL,
        {
            "date": "2026-12-15",
            "starts_at": "13:00",
            "ends_at": "14:30",
            "room": "Zaal 2",
            "online_link": "vergaderen.example/extra",
            "capacity": "6",
        },
    )

    assert response.status_code == 302
    meeting = TriageMeeting.objects.get(date=date(2026, 12, 15))
    assert (meeting.is_extra, meeting.capacity, meeting.online_link) == (True, 6, "https://vergaderen.example/extra")
    assert AuditEvent.objects.filter(user=beheerder, action=AuditAction.CREATE, object_id=str(meeting.pk)).exists()


def test_an_extra_meeting_in_the_past_is_refused_with_a_clear_error(today_is_monday_30_november, admin_client):
    data = {"date": "2026-11-26", "starts_at": "13:00", "ends_at": "14:30", "room": "Zaal 2", "capacity": "4"}
    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "in het verleden" in response.content.decode()
    assert 'value="Zaal 2"' in response.content.decode()  # what was typed is still there
    assert not TriageMeeting.objects.exists()


def test_beheerder_changes_room_link_and_capacity_but_not_the_date(today_is_monday_30_november, admin_client):
    meeting = TriageMeetingFactory(date=date(2026, 12, 10))
    url = reverse("admin:triage_triagemeeting_change", args=[meeting.pk])

    response = admin_client.post(
        url,
        {"date": "2026-12-11", "room": "Raadzaal", "online_link": "https://vergaderen.example/nieuw", "capacity": "5"},
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.room, meeting.capacity) == (date(2026, 12, 10), "Raadzaal", 5)
    assert meeting.online_link == "https://vergaderen.example/nieuw"


def test_the_capacity_of_a_finalised_agenda_is_shown_but_cannot_be_changed(today_is_monday_30_november, admin_client):
    meeting = TriageMeetingFactory(date=date(2026, 12, 10), agenda_finalised_at=timezone.now())
    url = reverse("admin:triage_triagemeeting_change", args=[meeting.pk])

    response = admin_client.post(url, {"room": "Raadzaal", "online_link": "", "capacity": "6"})

    assert response.status_code == 302  # no error page: the field is read-only, the room is saved
    meeting.refresh_from_db()
    assert (meeting.room, meeting.capacity) == ("Raadzaal", 4)


def test_a_superuser_without_the_role_can_change_a_meeting_too(today_is_monday_30_november, client):
    """Beheer lets superusers in; the service agrees (no error page)."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    meeting = TriageMeetingFactory(date=date(2026, 12, 10))
    url = reverse("admin:triage_triagemeeting_change", args=[meeting.pk])
    assert client.post(url, {"room": "Raadzaal", "online_link": "", "capacity": "4"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.room == "Raadzaal"


def test_a_closed_meeting_is_read_only(today_is_monday_30_november, admin_client):
    meeting = TriageMeetingFactory(date=date(2026, 12, 10), closed_at=timezone.now())
    url = reverse("admin:triage_triagemeeting_change", args=[meeting.pk])
    assert admin_client.post(url, {"room": "Andere zaal", "capacity": "4"}).status_code == 403


def test_capacity_below_one_is_refused(today_is_monday_30_november, admin_client):
    meeting = TriageMeetingFactory(date=date(2026, 12, 10))
    url = reverse("admin:triage_triagemeeting_change", args=[meeting.pk])

    response = admin_client.post(url, {"room": "Raadzaal", "online_link": "", "capacity": "0"})

    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.capacity == 4


def test_past_and_cancelled_meetings_are_read_only_and_nothing_is_deleted(today_is_monday_30_november, admin_client):
    past = TriageMeetingFactory(date=date(2026, 11, 26))
    cancelled = TriageMeetingFactory(date=date(2026, 12, 10), cancelled=True)
    for meeting in (past, cancelled):
        url = reverse("admin:triage_triagemeeting_change", args=[meeting.pk])
        assert admin_client.get(url).status_code == 200  # shown
        assert admin_client.post(url, {"room": "Andere zaal", "capacity": "4"}).status_code == 403
        assert admin_client.get(reverse("admin:triage_triagemeeting_delete", args=[meeting.pk])).status_code == 403
    assert TriageMeeting.objects.filter(room="Andere zaal").count() == 0


def test_the_cancel_action_asks_for_a_reason_then_cancels(meeting_with_cases, admin_client):
    meeting, bound, _ = meeting_with_cases
    selected = {"action": "cancel_meetings", "_selected_action": [meeting.pk]}

    confirm_page = admin_client.post(CHANGELIST, selected)
    assert confirm_page.status_code == 200
    assert "Reden van de annulering" in confirm_page.content.decode()
    assert "2 casus(sen) schuiven door" in confirm_page.content.decode()

    no_reason = admin_client.post(CHANGELIST, {**selected, "reason": "", "bevestigen": "Ja, annuleren"})
    assert "Geef een reden voor de annulering." in no_reason.content.decode()
    assert 'aria-invalid="true"' in no_reason.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEPLAND

    confirmed = {**selected, "reason": CANCEL_REASON, "bevestigen": "Ja, annuleren"}
    done = admin_client.post(CHANGELIST, confirmed, follow=True)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEANNULEERD
    assert "2 casus(sen) doorgeschoven naar donderdag 17 december 2026" in done.content.decode()
    assert OutgoingMail.objects.filter(key__startswith=f"triage-geannuleerd:{meeting.pk}:").count() == 2


def test_only_a_functional_admin_can_cancel_a_meeting(meeting_with_cases):
    meeting, _, _ = meeting_with_cases
    chair = UserFactory(voorzitter=True)
    with pytest.raises(ServiceError):
        meeting_cancel(meeting=meeting, by=chair, reason=CANCEL_REASON)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEPLAND
