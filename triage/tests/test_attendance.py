"""The melder confirms from the invitation whether they attend in the room or online.

What a user would notice: the invitation page with the slot, room, link and reference; the
two choices; that the answer can be changed until the meeting starts and not after; that a
colleague may answer, another organisation never sees the page (404); and the casus page's
"bevestig uw aanwezigheid" notice.
"""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from intake.tests.factories import BetrokkeneFactory
from participants.tests.factories import UserFactory
from triage.constants import AgendaItemStatus, Attendance
from triage.models import AgendaItem
from triage.services.attendance import attendance_confirm
from triage.tests.meeting_factories import AgendaItemFactory, TriageMeetingFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db

SECRET_SURNAME = "Aanwezigheidsgeheim"
WEDNESDAY_MORNING = datetime(2026, 12, 9, 10, 0, tzinfo=TIMEZONE)
MEETING_START = datetime(2026, 12, 10, 13, 0, tzinfo=TIMEZONE)


@pytest.fixture
def meeting():
    return TriageMeetingFactory(
        date=datetime(2026, 12, 10).date(), agenda_finalised_at=datetime(2026, 12, 7, 9, 0, tzinfo=TIMEZONE)
    )


@pytest.fixture
def item(meeting):
    item = AgendaItemFactory(meeting=meeting, geagendeerd=True, position=2)
    BetrokkeneFactory(casus=item.casus, surname=SECRET_SURNAME)
    return item


@pytest.fixture
def melder(item):
    return item.casus.melder


@pytest.fixture(autouse=True)
def wednesday_before():
    with time_machine.travel(WEDNESDAY_MORNING, tick=False) as traveller:
        yield traveller


def url(item: AgendaItem) -> str:
    return reverse("triage:attendance", args=[item.pk])


def test_the_page_shows_the_slot_room_link_reference_and_the_two_choices(client, item, melder):
    client.force_login(melder)
    response = client.get(url(item))
    assert response.status_code == 200
    page = response.content.decode()
    assert "donderdag 10 december 2026" in page
    assert "13.20 - 13.40 uur" in page  # slot 2
    assert "Zaal 1" in page
    assert "https://vergaderen.example/triage" in page
    assert item.casus.reference in page
    assert "Uw aanwezigheid is vereist" in page
    assert "In de vergaderruimte" in page and "Online" in page
    assert 'type="radio"' in page
    assert "Nog niet bevestigd" in page
    assert SECRET_SURNAME not in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="triage.agendaitem", object_id=str(item.pk), user=melder
    ).exists()


def test_the_melder_confirms_and_changes_their_mind_until_the_meeting(client, item, melder, wednesday_before):
    client.force_login(melder)
    response = client.post(url(item), {"aanwezigheid": Attendance.ONLINE}, follow=True)
    assert "U heeft bevestigd dat u online aanwezig bent" in response.content.decode()
    item.refresh_from_db()
    assert item.attendance == Attendance.ONLINE
    assert item.attendance_confirmed_by == melder
    assert item.attendance_confirmed_at == WEDNESDAY_MORNING

    wednesday_before.move_to(datetime(2026, 12, 10, 12, 59, tzinfo=TIMEZONE))
    client.force_login(melder)  # the session of yesterday has expired
    client.post(url(item), {"aanwezigheid": Attendance.FYSIEK})
    item.refresh_from_db()
    assert item.attendance == Attendance.FYSIEK

    changes = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(item.pk)).order_by("id")
    assert [(e.detail["aanwezigheid"], e.detail["vorige"]) for e in changes] == [("online", ""), ("fysiek", "online")]
    assert all(e.case_reference == item.casus.reference and e.user == melder for e in changes)


def test_once_the_meeting_has_started_the_answer_is_history(client, item, melder, wednesday_before):
    attendance_confirm(item=item, by=melder, attendance=Attendance.ONLINE)
    wednesday_before.move_to(MEETING_START)
    client.force_login(melder)

    page = client.get(url(item)).content.decode()
    assert "De triage is al begonnen" in page
    assert 'type="radio"' not in page

    response = client.post(url(item), {"aanwezigheid": Attendance.FYSIEK})
    assert response.status_code == 200
    assert "De triage is al begonnen" in response.content.decode()
    item.refresh_from_db()
    assert item.attendance == Attendance.ONLINE


def test_a_colleague_of_the_same_organisation_may_answer(client, item, melder):
    colleague = UserFactory(melder=True, organisation=melder.organisation)
    client.force_login(colleague)
    assert client.get(url(item)).status_code == 200
    client.post(url(item), {"aanwezigheid": Attendance.FYSIEK})
    item.refresh_from_db()
    assert (item.attendance, item.attendance_confirmed_by) == (Attendance.FYSIEK, colleague)


def test_another_organisations_melder_gets_404_and_the_attempt_is_logged(client, item):
    stranger = UserFactory(melder=True)
    client.force_login(stranger)
    assert client.get(url(item)).status_code == 404
    assert client.post(url(item), {"aanwezigheid": Attendance.ONLINE}).status_code == 404
    item.refresh_from_db()
    assert item.attendance == ""
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, user=stranger).count() == 2
    with pytest.raises(ServiceError):
        attendance_confirm(item=item, by=stranger, attendance=Attendance.ONLINE)


def test_a_chair_does_not_answer_for_the_melder(client, item):
    chair = UserFactory(voorzitter=True)
    client.force_login(chair)
    assert client.get(url(item)).status_code == 403
    with pytest.raises(ServiceError, match="eigen organisatie"):
        attendance_confirm(item=item, by=chair, attendance=Attendance.ONLINE)


@pytest.mark.parametrize("data", [{}, {"aanwezigheid": "trampoline"}])
def test_bad_input_gets_a_dutch_message_and_changes_nothing(client, item, melder, data):
    client.force_login(melder)
    response = client.post(url(item), data)
    assert response.status_code == 200
    assert "Kies of u in de vergaderruimte of online aanwezig bent." in response.content.decode()
    item.refresh_from_db()
    assert item.attendance == ""
    with pytest.raises(ServiceError, match="Kies of u"):
        attendance_confirm(item=item, by=melder, attendance="trampoline")


def test_no_answer_before_the_agenda_is_finalised_or_for_a_cancelled_meeting(client, item, melder, meeting):
    client.force_login(melder)
    meeting.agenda_finalised_at = None
    meeting.save()
    with pytest.raises(ServiceError, match="vastgestelde agenda"):
        attendance_confirm(item=item, by=melder, attendance=Attendance.ONLINE)

    meeting.agenda_finalised_at = WEDNESDAY_MORNING
    meeting.status = "geannuleerd"
    meeting.save()
    page = client.get(url(item)).content.decode()
    assert "gaat niet door" in page and 'type="radio"' not in page


def test_an_item_that_moved_on_cannot_be_answered(item, melder):
    AgendaItem.objects.filter(pk=item.pk).update(status=AgendaItemStatus.DOORGESCHOVEN)
    with pytest.raises(ServiceError, match="niet \\(meer\\) op een vastgestelde agenda"):
        attendance_confirm(item=item, by=melder, attendance=Attendance.ONLINE)


def test_the_casus_page_asks_the_melder_to_confirm_then_shows_the_answer(client, item, melder):
    client.force_login(melder)
    casus_url = reverse("intake:casus_detail", args=[item.casus.pk])
    page = client.get(casus_url).content.decode()
    assert "Bevestig uw aanwezigheid" in page
    assert url(item) in page
    assert "13.20 - 13.40 uur" in page

    attendance_confirm(item=item, by=melder, attendance=Attendance.FYSIEK)
    page = client.get(casus_url).content.decode()
    assert "U heeft bevestigd: in de vergaderruimte" in page


def test_the_casus_page_has_no_notice_before_the_agenda_is_finalised_or_for_the_chair(client, item, melder, meeting):
    casus_url = reverse("intake:casus_detail", args=[item.casus.pk])
    client.force_login(UserFactory(voorzitter=True))
    assert "Bevestig uw aanwezigheid" not in client.get(casus_url).content.decode()

    meeting.agenda_finalised_at = None
    meeting.save()
    client.force_login(melder)
    assert "Bevestig uw aanwezigheid" not in client.get(casus_url).content.decode()
