"""The agenda of a triage meeting: the overflow proposal, the order of the slots, finalising.

What a user would notice: which cases the system proposes to move on when there are more
than slots (and that none is lost), the melders told of a move, the invitations and the
partners' agenda mails with their .ics, the read-only agenda and PDF for the fixed partners,
the overview of coming meetings, and a Dutch message (never a 500) for stale or odd posts.
"""

import subprocess
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from intake.constants import CasusStatus, FeedbackKind, Urgency
from intake.models import Feedback
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from triage.constants import AgendaItemStatus, CheckAnswer
from triage.models import AgendaItem, Bekendheidscheck, TriageMeeting
from triage.selectors.agenda import overflow_split
from triage.services.agenda import agenda_finalise, agenda_move_overflow, agenda_reorder
from triage.tests.meeting_factories import AgendaItemFactory, ReadyAgendaItemFactory, TriageMeetingFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

SECRET_SURNAME = "Geheimachternaam"
MEETING_DATE = date(2026, 12, 10)
NEXT_DATE = date(2026, 12, 17)


@pytest.fixture(autouse=True)
def monday_before_the_meeting():
    with time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=TIMEZONE), tick=False):
        yield


@pytest.fixture
def meeting():
    """The meeting of 10 December; its intake closed at the cutoff of Thursday 3 December 16:00."""
    return TriageMeetingFactory(date=MEETING_DATE, intake_closed_at=datetime(2026, 12, 3, 16, 0, tzinfo=TIMEZONE))


@pytest.fixture
def next_meeting():
    return TriageMeetingFactory(date=NEXT_DATE)


@pytest.fixture
def chair():
    return UserFactory(voorzitter=True)


@pytest.fixture
def chair_client(client, chair):
    client.force_login(chair)
    return client


def agenda_url(meeting: TriageMeeting) -> str:
    return reverse("triage:meeting_agenda", args=[meeting.pk])


def pdf_url(meeting: TriageMeeting) -> str:
    return reverse("triage:meeting_agenda_pdf", args=[meeting.pk])


def ready(meeting, *, days_ago: int, urgency: str = Urgency.NORMAAL, **kwargs) -> AgendaItem:
    """A ready item whose casus was submitted ``days_ago`` days before now; its betrokkene has a secret name."""
    item = ReadyAgendaItemFactory(meeting=meeting, casus__melder__email="melder@politie.example", **kwargs)
    item.casus.submitted_at = timezone.now() - timedelta(days=days_ago)
    item.casus.urgency = urgency
    item.casus.save(update_fields=["submitted_at", "urgency"])
    BetrokkeneFactory(casus=item.casus, surname=SECRET_SURNAME)
    return item


def version(meeting) -> str:
    from triage.selectors.agenda import meeting_agenda

    return meeting_agenda(meeting).version


def post(client, meeting, action: str, follow: bool = False, **data):
    return client.post(agenda_url(meeting), {"action": action, "version": version(meeting), **data}, follow=follow)


def status_of(item: AgendaItem) -> str:
    item.refresh_from_db()
    return item.status


@pytest.fixture
def six_ready(meeting):
    """Six ready cases for four slots: two of normal urgency submitted last are the overflow."""
    return [
        ready(meeting, days_ago=1, urgency=Urgency.HOOG),  # newest, but urgent: stays
        ready(meeting, days_ago=20),
        ready(meeting, days_ago=15),
        ready(meeting, days_ago=2),  # moves
        ready(meeting, days_ago=10),
        ready(meeting, days_ago=3),  # moves
    ]


# --------------------------------------------------------------------------- the proposal


def test_the_proposal_puts_high_urgency_first_then_the_oldest(six_ready):
    from triage.selectors.agenda import meeting_agenda

    agenda = meeting_agenda(six_ready[0].meeting)
    keep, move = overflow_split(agenda.ready, 4)

    assert [row.pk for row in keep] == [six_ready[i].pk for i in (0, 1, 2, 4)]
    assert {row.pk for row in move} == {six_ready[3].pk, six_ready[5].pk}
    assert overflow_split([], 4) == ([], [])


def test_six_ready_four_slots_two_proposed_and_none_lost(chair_client, meeting, next_meeting, six_ready):
    page = chair_client.get(agenda_url(meeting))
    assert page.status_code == 200
    proposed = {row.pk for row in page.context["agenda"].proposed_move}
    assert proposed == {six_ready[3].pk, six_ready[5].pk}
    html = page.content.decode()
    assert "Er staan 6 geaccepteerde casussen klaar voor 4 slots" in html
    assert SECRET_SURNAME not in html

    response = post(chair_client, meeting, "doorschuiven", items=sorted(proposed))

    assert response.status_code == 302
    staying = AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.GEBONDEN)
    moved_old = AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.DOORGESCHOVEN)
    moved_new = AgendaItem.objects.filter(meeting=next_meeting, status=AgendaItemStatus.GEBONDEN)
    assert staying.count() == 4 and moved_old.count() == 2 and moved_new.count() == 2
    assert {item.casus_id for item in staying} | {item.casus_id for item in moved_new} == {
        item.casus_id for item in six_ready
    }
    for item in moved_old:
        assert item.moved_to.meeting == next_meeting
        assert item.casus.status == CasusStatus.DOORGESCHOVEN
        assert item.casus.target_triage_date == NEXT_DATE
        message = Feedback.objects.get(casus=item.casus, kind=FeedbackKind.BERICHT).message
        assert item.casus.reference in message and "donderdag 17 december 2026" in message
        mail = OutgoingMail.objects.get(key=f"triage-doorgeschoven:{item.pk}")
        assert mail.to == [item.casus.melder.email]
        assert item.casus.reference in mail.body and "donderdag 17 december 2026" in mail.body
        assert SECRET_SURNAME not in mail.body + mail.subject
    assert Feedback.objects.count() == 2
    assert AuditEvent.objects.filter(detail__gebeurtenis="agenda_overloop_doorgeschoven").count() == 1


def test_the_chair_may_choose_otherwise_but_not_leave_too_many(chair_client, meeting, next_meeting, six_ready):
    response = post(chair_client, meeting, "doorschuiven", items=[six_ready[0].pk])

    assert response.status_code == 200
    html = response.content.decode()
    assert "kies nog 1 casus(sen) om door te schuiven" in html
    # What the chair ticked is still ticked; nothing moved, nobody was told.
    assert f'value="{six_ready[0].pk}" id="doorschuiven-{six_ready[0].pk}"\n        checked' in html
    assert not AgendaItem.objects.filter(status=AgendaItemStatus.DOORGESCHOVEN).exists()
    assert not OutgoingMail.objects.exists()

    post(chair_client, meeting, "doorschuiven", items=[six_ready[0].pk, six_ready[1].pk])
    assert status_of(six_ready[0]) == status_of(six_ready[1]) == AgendaItemStatus.DOORGESCHOVEN
    assert AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.GEBONDEN).count() == 4


@pytest.mark.parametrize(
    "data",
    [
        {"items": ["999999"]},
        {"items": ["geen-getal"]},
        {"items": []},
        {"items": ["1"], "version": "12,oud"},
    ],
)
def test_stale_or_invalid_overflow_posts_get_a_dutch_message(chair_client, meeting, six_ready, data):
    response = chair_client.post(agenda_url(meeting), {"action": "doorschuiven", "version": version(meeting), **data})
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in response.content.decode()
    assert not AgendaItem.objects.filter(status=AgendaItemStatus.DOORGESCHOVEN).exists()


def test_an_unknown_action_is_refused_with_a_message(chair_client, meeting, six_ready):
    response = chair_client.post(agenda_url(meeting), {"action": "weg"}, follow=True)
    assert "Deze actie kent de agenda niet" in response.content.decode()


def test_finalising_is_refused_while_more_cases_are_ready_than_slots(chair_client, chair, meeting, six_ready):
    with pytest.raises(ServiceError, match="schuif er eerst 2 door"):
        agenda_finalise(meeting=meeting, by=chair)
    response = post(chair_client, meeting, "vaststellen")
    assert "schuif er eerst 2 door" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.agenda_finalised_at is None


# --------------------------------------------------------------------------- the order


def test_the_chair_moves_a_case_up_and_it_takes_the_earlier_slot(chair_client, meeting):
    older, newer = ready(meeting, days_ago=9), ready(meeting, days_ago=2)
    page = chair_client.get(agenda_url(meeting))
    assert [row.pk for row in page.context["agenda"].ready] == [older.pk, newer.pk]

    response = post(chair_client, meeting, "volgorde", move=f"{newer.pk}:op")

    assert response.status_code == 302
    rows = chair_client.get(agenda_url(meeting)).context["agenda"].ready
    assert [row.pk for row in rows] == [newer.pk, older.pk]
    assert [f"{row.slot[0]:%H:%M}-{row.slot[1]:%H:%M}" for row in rows] == ["13:00-13:20", "13:20-13:40"]
    older.refresh_from_db(), newer.refresh_from_db()
    assert (newer.position, older.position) == (1, 2)


@pytest.mark.parametrize("move", ["", "abc", "999:op", "{pk}:zijwaarts"])
def test_invalid_reorder_posts_get_a_dutch_message(chair_client, meeting, move):
    item = ready(meeting, days_ago=3)
    ready(meeting, days_ago=2)
    response = post(chair_client, meeting, "volgorde", move=move.format(pk=item.pk))
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in response.content.decode()


def test_a_reorder_from_an_older_page_is_refused(chair_client, meeting):
    first, second = ready(meeting, days_ago=3), ready(meeting, days_ago=2)
    stale = version(meeting)
    ready(meeting, days_ago=1)  # bound meanwhile
    response = chair_client.post(
        agenda_url(meeting), {"action": "volgorde", "version": stale, "move": f"{second.pk}:op"}
    )
    assert "De agenda is intussen gewijzigd" in response.content.decode()
    first.refresh_from_db()
    assert first.position is None


def test_the_services_check_the_chair_role(meeting):
    item = ready(meeting, days_ago=3)
    partner = UserFactory(ketenpartner=True)
    for call in (
        lambda: agenda_reorder(meeting=meeting, order=[item.pk], by=partner),
        lambda: agenda_move_overflow(meeting=meeting, item_ids=[item.pk], by=partner),
        lambda: agenda_finalise(meeting=meeting, by=partner),
    ):
        with pytest.raises(ServiceError, match="Alleen een triagevoorzitter"):
            call()


# --------------------------------------------------------------------------- finalising


@pytest.fixture
def partners():
    """Fixed partners with and without an address, an inactive one, and an incidental organisation."""
    return {
        "politie": OrganisationFactory(name="Politie", kind=OrganisationKind.POLITIE, email="triage@politie.example"),
        "ggz": OrganisationFactory(name="GGZ", kind=OrganisationKind.GGZ, email="triage@ggz.example"),
        "om": OrganisationFactory(name="OM", kind=OrganisationKind.OM, email=""),
        "oud": OrganisationFactory(
            name="Oude gemeente", kind=OrganisationKind.GEMEENTE, email="oud@gemeente.example", is_active=False
        ),
        "school": OrganisationFactory(name="School", kind=OrganisationKind.ONDERWIJS, email="info@school.example"),
    }


@pytest.fixture
def finalisable(meeting, next_meeting):
    """Two ready cases (one moved on earlier), one not screened yet, one withdrawn meanwhile."""
    first = ready(meeting, days_ago=8)
    second = ready(meeting, days_ago=4)
    second.casus.status = CasusStatus.DOORGESCHOVEN
    second.casus.save(update_fields=["status"])
    unscreened = AgendaItemFactory(meeting=meeting, casus__melder__email="melder@gemeente.example")  # aangemeld
    withdrawn = AgendaItemFactory(meeting=meeting, casus=CasusFactory(submitted=True, status=CasusStatus.INGETROKKEN))
    Bekendheidscheck.objects.create(
        casus=first.casus,
        organisation=OrganisationFactory(name="Veilig Thuis", kind=OrganisationKind.VEILIG_THUIS),
        requested_by=UserFactory(voorzitter=True),
        due_at=timezone.now(),
        answer=CheckAnswer.OPEN,
    )
    return {"first": first, "second": second, "unscreened": unscreened, "withdrawn": withdrawn}


def test_the_agenda_page_shows_every_group_and_the_verrijking_state(chair_client, meeting, finalisable):
    response = chair_client.get(agenda_url(meeting))
    html = response.content.decode()
    for item in finalisable.values():
        assert item.casus.reference in html
    assert "1 bekendheidscheck open" in html and "Compleet" in html
    assert "Nog niet gescreend" in html and "Vervalt" in html
    assert SECRET_SURNAME not in html
    event = AuditEvent.objects.filter(action=AuditAction.LIST, detail__pagina="agenda").get()
    assert set(event.detail["ids"]) == {str(item.casus_id) for item in finalisable.values()}


def test_finalising_invites_melders_and_sends_the_agenda_to_fixed_partners(
    chair_client, chair, meeting, next_meeting, finalisable, partners
):
    first, second = finalisable["first"], finalisable["second"]
    post(chair_client, meeting, "volgorde", move=f"{second.pk}:op")

    response = post(chair_client, meeting, "vaststellen", follow=True)

    assert "De agenda is vastgesteld: 2 casus(sen) geagendeerd" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.agenda_finalised_by == chair and meeting.agenda_finalised_at is not None
    for item, position in ((second, 1), (first, 2)):
        item.refresh_from_db()
        assert (item.status, item.position) == (AgendaItemStatus.GEAGENDEERD, position)
        assert item.casus.status == CasusStatus.GEAGENDEERD
    # Not screened: moved to the next held meeting, its melder told; withdrawn: lapsed, no mail.
    unscreened = finalisable["unscreened"]
    assert status_of(unscreened) == AgendaItemStatus.DOORGESCHOVEN
    assert AgendaItem.objects.get(meeting=next_meeting, casus=unscreened.casus).status == AgendaItemStatus.GEBONDEN
    assert OutgoingMail.objects.filter(key=f"triage-doorgeschoven:{unscreened.pk}").exists()
    assert status_of(finalisable["withdrawn"]) == AgendaItemStatus.VERVALLEN
    assert not OutgoingMail.objects.filter(case_reference=finalisable["withdrawn"].casus.reference).exists()

    invitation = OutgoingMail.objects.get(key=f"triage-uitnodiging:{second.pk}")
    assert invitation.to == [second.casus.melder.email]
    assert invitation.topic == meeting.mail_topic and invitation.case_reference == second.casus.reference
    confirm = reverse("triage:attendance", args=[second.pk])
    for text in (second.casus.reference, "donderdag 10 december 2026", "13.00 - 13.20", "Zaal 1", "vereist", confirm):
        assert text in invitation.body
    assert "https://vergaderen.example/triage" in invitation.body
    assert SECRET_SURNAME not in invitation.body + invitation.subject
    assert Feedback.objects.filter(casus=second.casus, message__contains="13:00 tot 13:20").exists()
    (attachment,) = invitation.attachments
    assert attachment["filename"].endswith(".ics") and attachment["mimetype"] == "text/calendar"

    partner_mails = OutgoingMail.objects.filter(key__startswith=f"triage-agenda:{meeting.pk}:")
    assert sorted(mail.to[0] for mail in partner_mails) == ["triage@ggz.example", "triage@politie.example"]
    for mail in partner_mails:
        assert "13.00 - 13.20 uur: casus " + second.casus.reference in mail.body
        assert "13.20 - 13.40 uur: casus " + first.casus.reference in mail.body
        assert unscreened.casus.reference not in mail.body
        assert SECRET_SURNAME not in mail.body
        (attachment,) = mail.attachments
        assert attachment["filename"] == "triage-2026-12-10.ics"
    assert AuditEvent.objects.filter(detail__gebeurtenis="agenda_vastgesteld").count() == 1


def test_the_invitation_of_a_melder_who_left_goes_to_their_organisations_address(chair, meeting, finalisable):
    first = finalisable["first"]
    organisation = first.casus.organisation
    organisation.email = "aanmeldingen@organisatie.example"
    organisation.save(update_fields=["email"])
    first.casus.melder.is_active = False
    first.casus.melder.save(update_fields=["is_active"])

    agenda_finalise(meeting=meeting, by=chair)

    assert OutgoingMail.objects.get(key=f"triage-uitnodiging:{first.pk}").to == ["aanmeldingen@organisatie.example"]


def test_the_invitation_ics_opens_in_a_calendar_at_the_slot_time(chair, meeting, finalisable):
    import base64

    agenda_finalise(meeting=meeting, by=chair)
    mail = OutgoingMail.objects.get(key=f"triage-uitnodiging:{finalisable['second'].pk}")
    calendar = Calendar.from_ical(base64.b64decode(mail.attachments[0]["content_b64"]))
    (event,) = calendar.events
    assert (event.start.strftime("%H:%M"), event.end.strftime("%H:%M")) == ("13:20", "13:40")
    assert str(event.start.tzinfo) == "Europe/Amsterdam"


def test_an_agenda_is_finalised_once(chair, meeting, finalisable, partners):
    agenda_finalise(meeting=meeting, by=chair)
    mails = OutgoingMail.objects.count()
    with pytest.raises(ServiceError, match="al vastgesteld"):
        agenda_finalise(meeting=meeting, by=chair)
    with pytest.raises(ServiceError, match="al vastgesteld"):
        agenda_reorder(meeting=meeting, order=[], by=chair)
    assert OutgoingMail.objects.count() == mails


def test_a_second_finalise_click_shows_a_message(chair_client, meeting, finalisable):
    stale = version(meeting)
    post(chair_client, meeting, "vaststellen")
    response = chair_client.post(agenda_url(meeting), {"action": "vaststellen", "version": stale}, follow=True)
    assert response.status_code == 200
    assert "De agenda van deze triage is al vastgesteld op maandag 7 december 2026" in response.content.decode()


def test_finalising_waits_until_the_intake_of_the_meeting_has_closed(chair, next_meeting):
    item = ready(next_meeting, days_ago=1)
    with pytest.raises(ServiceError, match="aanmelding voor deze triage is nog open"):
        agenda_finalise(meeting=next_meeting, by=chair)
    next_meeting.refresh_from_db()
    item.refresh_from_db()
    assert next_meeting.agenda_finalised_at is None and item.status == AgendaItemStatus.GEBONDEN


def test_an_extra_meeting_can_be_finalised_before_any_cutoff(chair):
    extra = TriageMeetingFactory(date=date(2026, 12, 15), extra=True)
    item = ready(extra, days_ago=1)
    agenda_finalise(meeting=extra, by=chair)
    item.refresh_from_db()
    assert item.status == AgendaItemStatus.GEAGENDEERD


def test_a_case_moving_on_skips_a_meeting_whose_agenda_is_finalised(chair, meeting, six_ready, next_meeting):
    TriageMeeting.objects.filter(pk=next_meeting.pk).update(agenda_finalised_at=timezone.now())
    agenda_move_overflow(meeting=meeting, item_ids=[item.pk for item in six_ready[-2:]], by=chair)
    for item in six_ready[-2:]:
        moved = AgendaItem.objects.get(casus=item.casus, status=AgendaItemStatus.GEBONDEN)
        assert moved.meeting.date == date(2026, 12, 24)


def test_finalising_an_agenda_that_changed_since_the_page_was_loaded_is_refused(chair_client, meeting, finalisable):
    stale = version(meeting)
    ready(meeting, days_ago=1)
    response = chair_client.post(agenda_url(meeting), {"action": "vaststellen", "version": stale})
    assert "De agenda is intussen gewijzigd" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.agenda_finalised_at is None


def test_a_meeting_in_the_past_is_not_finalised(chair, meeting, finalisable):
    with time_machine.travel(datetime(2026, 12, 11, 9, 0, tzinfo=TIMEZONE), tick=False):
        with pytest.raises(ServiceError, match="al geweest"):
            agenda_finalise(meeting=meeting, by=chair)


def test_the_page_of_a_past_meeting_offers_no_finalise_button_but_says_what_to_do(
    chair_client, chair, meeting, finalisable
):
    """Issue 17: a meeting in the past still showed "Agenda vaststellen", which was then refused."""
    finalise = "Agenda vaststellen en uitnodigingen versturen"
    assert finalise in chair_client.get(agenda_url(meeting)).content.decode()  # Monday before: offered
    with time_machine.travel(datetime(2026, 12, 11, 9, 0, tzinfo=TIMEZONE), tick=False):
        chair_client.force_login(chair)  # the session of Monday has expired
        page = chair_client.get(agenda_url(meeting)).content.decode()
    assert finalise not in page
    assert 'value="vaststellen"' not in page
    assert "Deze triage is al geweest: er valt niemand meer voor uit te nodigen." in page
    assert "Aangevinkte casussen doorschuiven naar de volgende triage" in page  # what can still be done


def test_before_the_cutoff_the_page_says_when_the_agenda_can_be_finalised(chair_client, next_meeting):
    ready(next_meeting, days_ago=1)
    page = chair_client.get(agenda_url(next_meeting)).content.decode()
    assert "Agenda vaststellen en uitnodigingen versturen" not in page
    assert "De aanmelding voor deze triage is nog open." in page


def test_a_cancelled_meeting_has_no_agenda_to_make(chair):
    cancelled = TriageMeetingFactory(date=date(2026, 12, 24), cancelled=True)
    with pytest.raises(ServiceError, match="geannuleerd"):
        agenda_finalise(meeting=cancelled, by=chair)


# --------------------------------------------------------------------------- partners and the PDF


def partner_of(organisation):
    return UserFactory(ketenpartner=True, organisation=organisation)


def test_fixed_partners_read_a_finalised_agenda_only(client, chair, meeting, finalisable, partners):
    client.force_login(partner_of(partners["politie"]))
    assert client.get(agenda_url(meeting)).status_code == 404

    agenda_finalise(meeting=meeting, by=chair)
    response = client.get(agenda_url(meeting))

    assert response.status_code == 200
    html = response.content.decode()
    assert finalisable["first"].casus.reference in html and "13:20" in html
    assert finalisable["unscreened"].casus.reference not in html
    assert SECRET_SURNAME not in html
    assert reverse("triage:dossier", args=[finalisable["first"].casus_id]) in html  # to read, to prepare
    assert client.post(agenda_url(meeting), {"action": "vaststellen"}).status_code == 403


@pytest.mark.parametrize("who", ["school", "melder"])
def test_others_do_not_see_the_agenda(client, chair, meeting, finalisable, partners, who):
    agenda_finalise(meeting=meeting, by=chair)
    user = partner_of(partners["school"]) if who == "school" else UserFactory(melder=True)
    client.force_login(user)
    assert client.get(agenda_url(meeting)).status_code in (403, 404)
    assert client.get(pdf_url(meeting)).status_code in (403, 404)


def test_an_unknown_meeting_is_404(chair_client):
    assert chair_client.get(reverse("triage:meeting_agenda", args=[999999])).status_code == 404
    assert (
        chair_client.post(reverse("triage:meeting_agenda", args=[999999]), {"action": "vaststellen"}).status_code == 404
    )
    assert chair_client.get(reverse("triage:meeting_agenda_pdf", args=[999999])).status_code == 404


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "agenda.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_agenda_pdf_holds_the_references_and_no_names(client, chair, meeting, finalisable, partners, tmp_path):
    client.force_login(partner_of(partners["ggz"]))
    assert client.get(pdf_url(meeting)).status_code == 404  # not finalised yet
    agenda_finalise(meeting=meeting, by=chair)

    response = client.get(pdf_url(meeting))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="agenda-triage-2026-12-10.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert finalisable["first"].casus.reference in text and finalisable["second"].casus.reference in text
    assert "13:00" in text and "13:40" in text
    assert finalisable["unscreened"].casus.reference not in text
    assert SECRET_SURNAME not in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, detail__pagina="agenda_pdf")
    assert len(event.detail["ids"]) == 2


def test_the_chair_downloads_the_pdf_too(chair_client, chair, meeting, finalisable, tmp_path):
    agenda_finalise(meeting=meeting, by=chair)
    text = pdf_text(chair_client.get(pdf_url(meeting)).content, tmp_path)
    assert finalisable["first"].casus.reference in text


# --------------------------------------------------------------------------- the overview


OVERVIEW = reverse("triage:overview")


def test_the_overview_lists_the_coming_meetings_with_their_state(chair_client, chair, meeting, finalisable):
    TriageMeetingFactory(date=date(2026, 12, 24), cancelled=True)
    later = TriageMeetingFactory(date=date(2026, 12, 31))
    CasusFactory(submitted=True, target_triage_date=later.date)  # waits for the cutoff
    agenda_finalise(meeting=meeting, by=chair)

    response = chair_client.get(OVERVIEW)

    html = response.content.decode()
    assert "Meld vóór" in html
    rows = {row.meeting.date: row for row in response.context["meetings"]}
    assert rows[MEETING_DATE].is_finalised and rows[MEETING_DATE].case_count == 2
    assert rows[NEXT_DATE].case_count == 1  # the unscreened case moved there
    assert rows[date(2026, 12, 24)].is_cancelled
    assert rows[date(2026, 12, 31)].case_count == 1
    assert agenda_url(meeting) in html and agenda_url(later) in html
    assert "Geannuleerd" in html and "Vastgesteld" in html


def test_a_past_meeting_that_was_not_closed_stays_on_the_overview(chair_client, chair, meeting, finalisable):
    agenda_finalise(meeting=meeting, by=chair)
    closed = TriageMeetingFactory(date=date(2026, 11, 26), closed_at=timezone.now())
    ReadyAgendaItemFactory(meeting=closed, status=AgendaItemStatus.BESPROKEN)

    with time_machine.travel(datetime(2026, 12, 11, 9, 0, tzinfo=TIMEZONE), tick=False):
        chair_client.force_login(chair)  # the next morning: a new session
        response = chair_client.get(OVERVIEW)
        page = chair_client.get(agenda_url(meeting)).content.decode()

    rows = {row.meeting.date: row for row in response.context["meetings"]}
    assert rows[MEETING_DATE].is_past and not rows[MEETING_DATE].is_closed
    assert "Nog af te ronden" in response.content.decode()
    assert closed.date not in rows  # closed: history, not work
    assert reverse("triage:meeting_session", args=[meeting.pk]) in page


def test_partners_see_links_to_finalised_agendas_only(client, chair, meeting, next_meeting, finalisable, partners):
    agenda_finalise(meeting=meeting, by=chair)
    client.force_login(partner_of(partners["politie"]))
    html = client.get(OVERVIEW).content.decode()
    assert agenda_url(meeting) in html and agenda_url(next_meeting) not in html


def test_the_overview_query_count_does_not_grow_with_meetings(chair_client, django_assert_max_num_queries):
    def add_meetings(start: date, count: int):
        for week in range(count):
            meeting = TriageMeetingFactory(date=start + timedelta(weeks=week))
            ready(meeting, days_ago=2)
            CasusFactory(submitted=True, target_triage_date=meeting.date)

    add_meetings(date(2026, 12, 10), 1)
    chair_client.get(OVERVIEW)
    with django_assert_max_num_queries(12) as few:
        chair_client.get(OVERVIEW)
    add_meetings(date(2026, 12, 17), 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = chair_client.get(OVERVIEW)
    assert len(response.context["meetings"]) == 7


def test_the_agenda_page_query_count_does_not_grow_with_cases(chair_client, meeting, django_assert_max_num_queries):
    ready(meeting, days_ago=2)
    chair_client.get(agenda_url(meeting))
    with django_assert_max_num_queries(30) as few:
        chair_client.get(agenda_url(meeting))
    for days in range(3, 9):
        ready(meeting, days_ago=days)
    with django_assert_max_num_queries(len(few.captured_queries)):
        chair_client.get(agenda_url(meeting))


def test_the_cases_of_a_meeting_that_passed_unnoticed_move_to_a_coming_one(client, chair, meeting, next_meeting):
    items = [ready(meeting, days_ago=9), ready(meeting, days_ago=8)]
    with time_machine.travel(datetime(2026, 12, 11, 9, 0, tzinfo=TIMEZONE), tick=False):
        client.force_login(chair)
        response = post(client, meeting, "doorschuiven", follow=True, items=[item.pk for item in items])
    assert "2 casus(sen) doorgeschoven naar de triage van 17-12-2026" in response.content.decode()
    assert AgendaItem.objects.filter(meeting=next_meeting, status=AgendaItemStatus.GEBONDEN).count() == 2
