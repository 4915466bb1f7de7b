"""The casusoverleg: participants, invitations with .ics, answers, reminders and who may read it.

Expected values are written out by hand; the outbox is the real table.
"""

import datetime

import pytest
import time_machine
from icalendar import Calendar

from participants.tests.factories import OrganisationFactory, UserFactory
from pga.constants import ActionStatus, EventKind, OverlegResponse, OverlegStatus
from pga.models import Casusoverleg, DossierEvent, OverlegContact
from pga.services import (
    action_report,
    overleg_add_contact,
    overleg_add_organisation,
    overleg_answer,
    overleg_cancel,
    overleg_chase,
    overleg_plan,
    overleg_plan_followup,
    overleg_record_meeting,
    overleg_remove_organisation,
    overleg_send_invitations,
    overleg_update,
)
from pga.services.overleg import Agreement, overleg_send_reminders
from pga.services.reminders import pga_send_reminders
from pga.tasks import send_reminders
from pga.tests.factories import SECRET_SURNAME, informed
from triage.constants import IncidentalGround
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError
from zvh.mail.models import OutgoingMail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("overleg_clock")]

MEETING_DAY = datetime.date(2027, 1, 21)


@pytest.fixture
def dossier():
    return informed(on=datetime.date(2027, 1, 14))


def plan(dossier, **kwargs):
    values = {
        "date": MEETING_DAY,
        "starts_at": datetime.time(10, 0),
        "ends_at": datetime.time(11, 30),
        "place": "Zaal 2, Stationsplein 1",
        "online_link": "https://meet.example/zvh-42",
        "agenda": "1. Opening\n2. Voortgang plan\n3. Afspraken",
    }
    values.update(kwargs)
    return overleg_plan(dossier=dossier, by=dossier.procesregisseur, **values)


def invited(dossier, politie, agent):
    """A meeting with the police (one ketenpartner) and a school (a name and address only), invited."""
    by = dossier.procesregisseur
    overleg = plan(dossier)
    police = overleg_add_organisation(overleg=overleg, organisation=politie, by=by)
    overleg_add_contact(participant=police, user=agent, by=by)
    school = overleg_add_organisation(
        overleg=overleg,
        organisation=OrganisationFactory(name="Het Lyceum"),
        is_incidental=True,
        ground=IncidentalGround.EXPERTISE,
        ground_explanation="Mentor kent de leerling",
        by=by,
    )
    overleg_add_contact(participant=school, name="J. Mentor", email="mentor@lyceum.example", by=by)
    assert overleg_send_invitations(overleg=overleg, by=by) == 2
    overleg.refresh_from_db()
    return overleg


def move_to_afternoon(overleg):
    """The procesregisseur moves the meeting to 13:00-14:00 on the same day, nothing else."""
    overleg_update(
        overleg=overleg,
        date=overleg.date,
        starts_at=datetime.time(13, 0),
        ends_at=datetime.time(14, 0),
        place=overleg.place,
        online_link=overleg.online_link,
        agenda=overleg.agenda,
        by=overleg.dossier.procesregisseur,
    )


def ics_of(mail):
    (attachment,) = mail.attachments
    import base64

    return Calendar.from_ical(base64.b64decode(attachment["content_b64"]))


def event_of(mail):
    (event,) = ics_of(mail).walk("VEVENT")
    return event


# --- participants -----------------------------------------------------------------------------------


def test_an_incidental_organisation_needs_a_ground_and_an_explanation(dossier, politie):
    overleg = plan(dossier)
    by = dossier.procesregisseur
    with pytest.raises(ServiceError, match="Een incidentele deelnemer heeft een grondslag nodig."):
        overleg_add_organisation(overleg=overleg, organisation=politie, is_incidental=True, by=by)
    with pytest.raises(ServiceError, match="Licht de grondslag van de incidentele deelnemer toe."):
        overleg_add_organisation(
            overleg=overleg, organisation=politie, is_incidental=True, ground=IncidentalGround.EXPERTISE, by=by
        )
    overleg_add_organisation(overleg=overleg, organisation=politie, by=by)
    with pytest.raises(ServiceError, match="Politie Eenheid Noord neemt al deel aan dit casusoverleg."):
        overleg_add_organisation(overleg=overleg, organisation=politie, by=by)


def test_a_contact_is_a_ketenpartner_of_the_organisation_or_a_name_and_address(dossier, politie, agent):
    by = dossier.procesregisseur
    overleg = plan(dossier)
    police = overleg_add_organisation(overleg=overleg, organisation=politie, by=by)
    stranger = UserFactory(ketenpartner=True, organisation=OrganisationFactory(name="GGD"))
    with pytest.raises(ServiceError, match="Kies een ketenpartner van Politie Eenheid Noord."):
        overleg_add_contact(participant=police, user=stranger, by=by)
    with pytest.raises(ServiceError, match="heeft ketenpartners in de applicatie: kies een van hen."):
        overleg_add_contact(participant=police, name="Iemand", email="iemand@politie.example", by=by)
    with pytest.raises(
        ServiceError, match="Kies een gebruiker van de organisatie, of geef een naam en een e-mailadres."
    ):
        overleg_add_contact(participant=police, name="Iemand", by=by)
    contact = overleg_add_contact(participant=police, user=agent, by=by)
    assert contact.address == "agent@politie.example"


def test_only_the_own_procesregisseur_plans(dossier):
    other = UserFactory(regisseur=True)
    with pytest.raises(ServiceError, match="Alleen de procesregisseur van dit dossier kan het dossier wijzigen."):
        overleg_plan(
            dossier=dossier,
            date=MEETING_DAY,
            starts_at=datetime.time(10),
            ends_at=datetime.time(11),
            place="Zaal 1",
            agenda="Opening",
            by=other,
        )
    with pytest.raises(ServiceError, match="De eindtijd ligt na de begintijd."):
        plan(dossier, ends_at=datetime.time(9, 0))
    with pytest.raises(ServiceError, match="Geef een plaats of een link om online deel te nemen, of allebei."):
        plan(dossier, place="", online_link="")
    with pytest.raises(ServiceError, match="Een casusoverleg plant u op vandaag of later."):
        plan(dossier, date=datetime.date(2027, 1, 14))


# --- invitations -------------------------------------------------------------------------------------


def test_every_contact_gets_one_invitation_with_an_ics_and_no_names(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    mails = OutgoingMail.objects.filter(key__startswith=f"pga:casusoverleg:{overleg.pk}:uitnodiging:").order_by("id")
    assert [m.to for m in mails] == [["agent@politie.example"], ["mentor@lyceum.example"]]
    reference = dossier.casus.reference
    for mail in mails:
        assert mail.subject == f"Uitnodiging casusoverleg {reference}"
        assert SECRET_SURNAME not in mail.body and "Geheimvoornaam" not in mail.body
        assert "Opening" not in mail.body  # the agenda stays in the application
        calendar = ics_of(mail)
        assert calendar["METHOD"] == "REQUEST"
        event = event_of(mail)
        assert str(event["UID"]) == (f"casusoverleg-{overleg.pk}@127.0.0.1")
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == datetime.datetime(2027, 1, 21, 10, 0, tzinfo=TIMEZONE)
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert event.decoded("DTEND") == datetime.datetime(2027, 1, 21, 11, 30, tzinfo=TIMEZONE)
        assert SECRET_SURNAME not in ics_of(mail).to_ical().decode()
    # A second send (a double click, a retry) sends nothing new.
    assert overleg_send_invitations(overleg=overleg, by=dossier.procesregisseur) == 0
    assert OutgoingMail.objects.filter(key__startswith=f"pga:casusoverleg:{overleg.pk}:").count() == 2
    texts = list(
        DossierEvent.objects.filter(dossier=dossier, kind=EventKind.CASUSOVERLEG).values_list("text", flat=True)
    )
    assert "Casusoverleg 1 (21-01-2027): uitnodigingen verstuurd aan 2 contactpersonen." in texts


def test_a_change_raises_the_sequence_keeps_the_uid_and_asks_for_new_answers(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    contact = OverlegContact.objects.get(user=agent)
    overleg_answer(contact=contact, response=OverlegResponse.ONLINE, by=agent)
    first = OutgoingMail.objects.get(key__startswith=f"pga:casusoverleg:{overleg.pk}:uitnodiging:{contact.pk}:")

    move_to_afternoon(overleg)

    changed = OutgoingMail.objects.get(key=f"pga:casusoverleg:{overleg.pk}:wijziging:{contact.pk}:1")
    assert event_of(changed)["UID"] == event_of(first)["UID"]
    assert event_of(changed)["SEQUENCE"] == 1
    assert event_of(changed).decoded("DTSTART") == datetime.datetime(2027, 1, 21, 13, 0, tzinfo=TIMEZONE)
    assert OutgoingMail.objects.filter(key__startswith=f"pga:casusoverleg:{overleg.pk}:wijziging:").count() == 2
    contact.refresh_from_db()
    assert contact.response == OverlegResponse.OPEN


def test_an_agenda_change_alone_sends_nothing(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    overleg_update(
        overleg=overleg,
        date=overleg.date,
        starts_at=overleg.starts_at,
        ends_at=overleg.ends_at,
        place=overleg.place,
        online_link=overleg.online_link,
        agenda="1. Opening\n2. Nieuw punt",
        by=dossier.procesregisseur,
    )
    overleg.refresh_from_db()
    assert overleg.calendar_sequence == 0
    assert not OutgoingMail.objects.filter(key__contains=":wijziging:").exists()


def test_cancelling_sends_cancel_to_everyone(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    overleg_cancel(overleg=overleg, reason="Betrokkene opgenomen", by=dossier.procesregisseur)
    mails = OutgoingMail.objects.filter(key__startswith=f"pga:casusoverleg:{overleg.pk}:annulering:").order_by("id")
    assert [m.to for m in mails] == [["agent@politie.example"], ["mentor@lyceum.example"]]
    for mail in mails:
        assert ics_of(mail)["METHOD"] == "CANCEL"
        assert event_of(mail)["SEQUENCE"] == 1
        assert event_of(mail)["STATUS"] == "CANCELLED"
        assert "opgenomen" not in mail.body
    with pytest.raises(ServiceError, match="Dit casusoverleg is geannuleerd en kan niet meer wijzigen."):
        overleg_cancel(overleg=overleg, reason="Nog eens", by=dossier.procesregisseur)


def test_removing_an_organisation_cancels_its_invitation_only(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    police = overleg.participants.get(organisation=politie)
    overleg_remove_organisation(participant=police, reason="Niet meer betrokken", by=dossier.procesregisseur)
    (mail,) = OutgoingMail.objects.filter(key__contains=":afgemeld:")
    assert mail.to == ["agent@politie.example"]
    assert ics_of(mail)["METHOD"] == "CANCEL"
    assert list(overleg.participants.values_list("organisation__name", flat=True)) == ["Het Lyceum"]


def test_a_contact_added_after_sending_is_invited_at_once(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    colleague = UserFactory(ketenpartner=True, organisation=politie, email="collega@politie.example")
    overleg_add_contact(
        participant=overleg.participants.get(organisation=politie), user=colleague, by=dossier.procesregisseur
    )
    assert OutgoingMail.objects.filter(to=["collega@politie.example"], key__contains=":uitnodiging:").count() == 1


# --- answers, chasing, reminders ------------------------------------------------------------------------


def test_answers_need_a_reason_when_absent_and_only_the_own_contact_answers(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    contact = OverlegContact.objects.get(user=agent)
    other = UserFactory(ketenpartner=True, organisation=politie)
    with pytest.raises(ServiceError, match="Geef aan waarom u niet kunt deelnemen."):
        overleg_answer(contact=contact, response=OverlegResponse.AFWEZIG, by=agent)
    with pytest.raises(ServiceError, match="Alleen de procesregisseur van dit dossier"):
        overleg_answer(contact=contact, response=OverlegResponse.FYSIEK, by=other)
    overleg_answer(contact=contact, response=OverlegResponse.AFWEZIG, reason="Zitting bij de rechtbank", by=agent)
    contact.refresh_from_db()
    assert (contact.response, contact.response_reason) == ("afwezig", "Zitting bij de rechtbank")
    assert overleg.status == OverlegStatus.UITGENODIGD


def test_chasing_mails_only_who_did_not_answer_once_a_day(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    overleg_answer(contact=OverlegContact.objects.get(user=agent), response=OverlegResponse.FYSIEK, by=agent)
    assert overleg_chase(overleg=overleg, by=dossier.procesregisseur) == 1
    assert overleg_chase(overleg=overleg, by=dossier.procesregisseur) == 0
    (mail,) = OutgoingMail.objects.filter(key__contains=":aanmaning:")
    assert mail.to == ["mentor@lyceum.example"]
    assert mail.attachments == []


def test_the_reminder_goes_once_the_day_before_and_is_caught_up_on_the_day(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    overleg_answer(
        contact=OverlegContact.objects.get(user=agent), response=OverlegResponse.AFWEZIG, reason="Verlof", by=agent
    )
    assert overleg_send_reminders(today_=datetime.date(2027, 1, 19)) == 0  # two days before: nothing yet
    # The task did not run the day before; on the day itself it catches up, once, and not to who declined.
    with time_machine.travel(datetime.datetime(2027, 1, 21, 7, 30, tzinfo=TIMEZONE), tick=False):
        assert send_reminders() == 1
        assert send_reminders() == 0
    (mail,) = OutgoingMail.objects.filter(key__contains=":herinnering:")
    assert mail.to == ["mentor@lyceum.example"]
    assert mail.key == f"pga:casusoverleg:{overleg.pk}:herinnering:{mail.key.split(':')[4]}:2027-01-21"
    # After the day nothing goes out any more.
    assert overleg_send_reminders(today_=datetime.date(2027, 1, 22)) == 0


# --- follow-up ------------------------------------------------------------------------------------------


def test_a_follow_up_takes_the_same_participants_and_contacts_in_one_step(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    follow = overleg_plan_followup(
        previous=overleg,
        date=datetime.date(2027, 2, 18),
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(11, 0),
        by=dossier.procesregisseur,
    )
    assert follow.number == 2 and follow.previous == overleg and follow.status == OverlegStatus.GEPLAND
    assert follow.agenda == overleg.agenda and follow.place == "Zaal 2, Stationsplein 1"
    rows = [
        (c.participant.organisation.name, c.participant.is_incidental, c.display_name, c.response)
        for c in OverlegContact.objects.filter(participant__overleg=follow).select_related(
            "participant__organisation", "user"
        )
    ]
    assert sorted(rows) == sorted(
        [
            ("Politie Eenheid Noord", False, agent.display_name, "open"),
            ("Het Lyceum", True, "J. Mentor", "open"),
        ]
    )


# --- access --------------------------------------------------------------------------------------------


def test_a_partner_of_a_participating_organisation_reads_and_answers_the_invitation(client, dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    client.force_login(agent)
    url = f"/dossiers/{dossier.casus_id}/casusoverleg/1/"
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zaal 2, Stationsplein 1" in body and "Het Lyceum" not in body and SECRET_SURNAME not in body
    assert AuditEvent.objects.filter(user=agent, action="view", object_id=str(overleg.pk)).count() == 1
    response = client.post(url, {"response": "online"})
    assert response.status_code == 302
    assert OverlegContact.objects.get(user=agent).response == "online"


def test_a_partner_of_another_organisation_gets_404_and_a_denied_entry(client, dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    outsider = UserFactory(ketenpartner=True, organisation=OrganisationFactory(name="GGD"))
    client.force_login(outsider)
    assert client.get(f"/dossiers/{dossier.casus_id}/casusoverleg/1/").status_code == 404
    assert (
        AuditEvent.objects.filter(
            user=outsider, action="denied", detail__object=f"pga.casusoverleg:{overleg.pk}"
        ).count()
        == 1
    )
    # After removal the partner's own organisation is refused too.
    overleg_remove_organisation(
        participant=overleg.participants.get(organisation=politie), reason="Klaar", by=dossier.procesregisseur
    )
    client.force_login(agent)
    assert client.get(f"/dossiers/{dossier.casus_id}/casusoverleg/1/").status_code == 404


def test_the_procesregisseur_plans_from_the_dossier_page(client, dossier):
    client.force_login(dossier.procesregisseur)
    page = client.get(f"/dossiers/{dossier.casus_id}/")
    assert "Casusoverleg plannen" in page.content.decode()
    response = client.post(
        f"/dossiers/{dossier.casus_id}/casusoverleg/nieuw/",
        {"date": "2027-01-21", "starts_at": "10:00", "ends_at": "11:00", "place": "Zaal 1", "agenda": "Opening"},
    )
    assert response.status_code == 302
    overleg = Casusoverleg.objects.get(dossier=dossier)
    assert response["Location"] == f"/dossiers/{dossier.casus_id}/casusoverleg/1/"
    assert client.get(response["Location"]).status_code == 200
    assert (overleg.date, overleg.place) == (datetime.date(2027, 1, 21), "Zaal 1")


# --- the meeting itself ---------------------------------------------------------------------------------


def held(dossier, politie, agent):
    """The invited meeting, held on its day: the police attended, the school did not; two agreements."""
    overleg = invited(dossier, politie, agent)
    lyceum = overleg.participants.get(is_incidental=True).organisation
    with time_machine.travel(datetime.datetime(2027, 1, 21, 12, 0, tzinfo=TIMEZONE), tick=False):
        overleg_record_meeting(
            overleg=overleg,
            attended=[OverlegContact.objects.get(user=agent).pk],
            minutes=[("1. Opening", ""), ("2. Voortgang plan", "Schuldhulp loopt; politie houdt zicht.")],
            agreements=[
                Agreement("Huisbezoek samen met wijkagent", politie, datetime.date(2027, 2, 1)),
                Agreement("Gesprek met mentor over verzuim", lyceum, datetime.date(2027, 2, 5)),
            ],
            by=dossier.procesregisseur,
        )
    overleg.refresh_from_db()
    return overleg


def test_recording_the_meeting_makes_the_agreements_actions_in_the_plan(dossier, politie, agent):
    overleg = held(dossier, politie, agent)
    assert overleg.status == OverlegStatus.GEHOUDEN
    assert [(m.position, m.agenda_point, m.summary) for m in overleg.minutes.all()] == [
        (1, "2. Voortgang plan", "Schuldhulp loopt; politie houdt zicht.")
    ]
    assert sorted(OverlegContact.objects.filter(participant__overleg=overleg).values_list("name", "attended")) == [
        ("", True),
        ("J. Mentor", False),
    ]
    actions = [(a.description, a.owner_organisation.name, a.due_date, a.overleg_id) for a in dossier.actions.all()]
    assert actions == [
        ("Huisbezoek samen met wijkagent", "Politie Eenheid Noord", datetime.date(2027, 2, 1), overleg.pk),
        ("Gesprek met mentor over verzuim", "Het Lyceum", datetime.date(2027, 2, 5), overleg.pk),
    ]
    # Each agreement went through action_add: one plan version each.
    assert list(dossier.plan_versions.values_list("number", flat=True)) == [2, 1]
    events = DossierEvent.objects.filter(dossier=dossier, kind=EventKind.CASUSOVERLEG)
    texts = list(events.values_list("text", flat=True))
    assert (
        "Casusoverleg 1 (21-01-2027): gehouden; aanwezig: Politie Eenheid Noord; notulen bij 1 agendapunten, "
        "2 afspraken als actie in het plan." in texts
    )
    # Only the attending partner with an account hears there are minutes; the mail holds no minutes.
    (mail,) = OutgoingMail.objects.filter(key__contains=":notulen:")
    assert mail.to == ["agent@politie.example"] and mail.attachments == []
    assert "Schuldhulp" not in mail.body and "Huisbezoek" not in mail.body and SECRET_SURNAME not in mail.body
    assert f"/dossiers/{dossier.casus_id}/casusoverleg/1/" in mail.body
    assert AuditEvent.objects.filter(detail__gebeurtenis="casusoverleg_verslag", object_id=str(overleg.pk)).count() == 1


def test_the_meeting_is_recorded_once_on_its_day_with_attendance_and_a_summary(dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    by = dossier.procesregisseur
    contact = OverlegContact.objects.get(user=agent)
    args = {"overleg": overleg, "agreements": [], "by": by}
    with pytest.raises(ServiceError, match="op de dag van het casusoverleg of later"):
        overleg_record_meeting(attended=[contact.pk], minutes=[("1", "Besproken")], **args)
    with time_machine.travel(datetime.datetime(2027, 1, 21, 12, 0, tzinfo=TIMEZONE), tick=False):
        with pytest.raises(ServiceError, match="Schrijf bij ten minste één agendapunt een samenvatting."):
            overleg_record_meeting(attended=[contact.pk], minutes=[("1", " ")], **args)
        with pytest.raises(ServiceError, match="Geef aan welke contactpersonen aanwezig waren."):
            overleg_record_meeting(attended=[], minutes=[("1", "Besproken")], **args)
        with pytest.raises(ServiceError, match="Alleen de procesregisseur van dit dossier"):
            overleg_record_meeting(attended=[contact.pk], minutes=[("1", "Besproken")], **{**args, "by": agent})
        overleg_record_meeting(attended=[contact.pk], minutes=[("1", "Besproken")], **args)
        with pytest.raises(ServiceError, match="waarvoor is uitgenodigd"):
            overleg_record_meeting(attended=[contact.pk], minutes=[("1", "Nog eens")], **args)
    assert OutgoingMail.objects.filter(key__contains=":notulen:").count() == 1


def test_minutes_are_read_by_who_attended_only(client, dossier, politie, agent):
    overleg = held(dossier, politie, agent)
    url = f"/dossiers/{dossier.casus_id}/casusoverleg/1/"
    client.force_login(agent)
    body = client.get(url).content.decode()
    assert "Schuldhulp loopt; politie houdt zicht." in body
    # The minutes record the school's agreement, so the police reads it there.
    assert "Gesprek met mentor over verzuim" in body
    # A ketenpartner of the school (which did not attend) reads the invitation, not the minutes.
    teacher = UserFactory(ketenpartner=True, organisation=overleg.participants.get(is_incidental=True).organisation)
    client.force_login(teacher)
    body = client.get(url).content.decode()
    assert "Zaal 2, Stationsplein 1" in body and "Schuldhulp" not in body and "Huisbezoek" not in body


def test_the_procesregisseur_records_the_meeting_through_the_form(client, dossier, politie, agent):
    overleg = invited(dossier, politie, agent)
    contact = OverlegContact.objects.get(user=agent)
    url = f"/dossiers/{dossier.casus_id}/casusoverleg/1/verslag/"
    with time_machine.travel(datetime.datetime(2027, 1, 21, 12, 0, tzinfo=TIMEZONE), tick=False):
        client.force_login(dossier.procesregisseur)
        assert "3. Afspraken" in client.get(url).content.decode()
        half = client.post(url, {"attended": [contact.pk], "summary_0": "Welkom", "agreement_0": "Bellen"})
        assert "Vul bij afspraak 1 in wat, welke organisatie en uiterlijk wanneer." in half.content.decode()
        response = client.post(
            url,
            {
                "attended": [contact.pk],
                "summary_0": "Welkom",
                "agreement_0": "Bellen met de huisarts",
                "owner_0": politie.pk,
                "due_0": "2027-01-28",
            },
        )
    assert response.status_code == 302 and response["Location"] == f"/dossiers/{dossier.casus_id}/casusoverleg/1/"
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEHOUDEN
    assert list(dossier.actions.values_list("description", flat=True)) == ["Bellen met de huisarts"]


# --- the partners' portal and reporting back --------------------------------------------------------------


def test_the_partner_portal_shows_the_reduced_dossier_and_only_own_actions(client, dossier, politie, agent):
    held(dossier, politie, agent)
    with time_machine.travel(datetime.datetime(2027, 1, 22, 9, 0, tzinfo=TIMEZONE), tick=False):
        client.force_login(agent)
        listing = client.get("/dossiers/partner/").content.decode()
        assert dossier.casus.reference in listing and SECRET_SURNAME in listing
        body = client.get(f"/dossiers/partner/{dossier.casus_id}/").content.decode()
    assert SECRET_SURNAME in body and "Casusoverleg 1 (21-01-2027)" in body
    assert "Huisbezoek samen met wijkagent" in body and "Gesprek met mentor over verzuim" not in body
    assert AuditEvent.objects.filter(user=agent, action="list", detail__pagina="partner_pga_dossiers").count() == 1
    assert AuditEvent.objects.filter(user=agent, action="view", detail__pagina="partner_dossier").count() == 1


def test_another_organisation_or_a_closed_dossier_gets_404_and_a_denied_entry(client, dossier, politie, agent):
    invited(dossier, politie, agent)
    outsider = UserFactory(ketenpartner=True, organisation=OrganisationFactory(name="GGD"))
    client.force_login(outsider)
    assert client.get(f"/dossiers/partner/{dossier.casus_id}/").status_code == 404
    assert dossier.casus.reference not in client.get("/dossiers/partner/").content.decode()
    denied = AuditEvent.objects.filter(user=outsider, action="denied", detail__object=f"pga.pgadossier:{dossier.pk}")
    assert denied.count() == 1
    client.force_login(agent)
    assert client.get(f"/dossiers/partner/{dossier.casus_id}/").status_code == 200
    type(dossier).objects.filter(pk=dossier.pk).update(closed_at=datetime.datetime(2027, 1, 15, 9, tzinfo=TIMEZONE))
    assert client.get(f"/dossiers/partner/{dossier.casus_id}/").status_code == 404


def test_the_partner_list_takes_the_same_queries_for_one_or_three_dossiers(client, politie, agent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add():
        other = informed(on=datetime.date(2027, 1, 14))
        overleg = plan(other)
        overleg_add_organisation(overleg=overleg, organisation=politie, by=other.procesregisseur)

    add()
    client.force_login(agent)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/dossiers/partner/").status_code == 200
    add()
    add()
    with CaptureQueriesContext(connection) as three:
        body = client.get("/dossiers/partner/").content.decode()
    assert body.count('<th scope="row"><a href="/dossiers/partner/') == 3
    assert len(three) == len(one)


def test_a_partner_reports_back_on_an_own_action_and_the_plan_shows_it(client, dossier, politie, agent):
    held(dossier, politie, agent)
    own = dossier.actions.get(owner_organisation=politie)
    other = dossier.actions.exclude(owner_organisation=politie).get()
    with pytest.raises(ServiceError, match="Schrijf kort wat er is gedaan."):
        action_report(action=own, status=ActionStatus.GEDAAN, by=agent)
    with pytest.raises(ServiceError, match="Geef aan waarom de actie niet kan worden gedaan."):
        action_report(action=own, status=ActionStatus.NIET_MOGELIJK, by=agent)
    with pytest.raises(ServiceError, match="Alleen een ketenpartner van de eigenaar"):
        action_report(action=other, status=ActionStatus.IN_UITVOERING, by=agent)
    with time_machine.travel(datetime.datetime(2027, 1, 22, 9, 0, tzinfo=TIMEZONE), tick=False):
        client.force_login(agent)
        assert client.get(f"/dossiers/partner/{dossier.casus_id}/acties/{other.pk}/").status_code == 404
        response = client.post(
            f"/dossiers/partner/{dossier.casus_id}/acties/{own.pk}/",
            {"status": "gedaan", "note": "Huisbezoek afgelegd op 20 januari"},
        )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.status_note) == ("gedaan", "Huisbezoek afgelegd op 20 januari")
    assert own.reported_at is not None
    events = DossierEvent.objects.filter(dossier=dossier, kind=EventKind.ACTIE).order_by("-id")
    assert (
        events.values_list("text", flat=True)[0]
        == "Teruggemeld door Politie Eenheid Noord: Gedaan. Huisbezoek afgelegd op 20 januari (planversie 3)"
    )
    assert dossier.plan_versions.get(number=3).snapshot["actions"][0]["status"] == "Gedaan"
    with pytest.raises(ServiceError, match="Deze actie is al gedaan."):
        action_report(action=own, status=ActionStatus.IN_UITVOERING, by=agent)


def test_an_overdue_action_reminds_its_owner_organisation_once_and_catches_up(dossier, politie, agent):
    held(dossier, politie, agent)
    # Due 1 February (police, whose ketenpartner gets it) and 5 February (school: no address, no users).
    assert pga_send_reminders(today=datetime.date(2027, 2, 1)) == 0
    with time_machine.travel(datetime.datetime(2027, 2, 9, 7, 30, tzinfo=TIMEZONE), tick=False):
        send_reminders()
        assert send_reminders() == 0
    (mail,) = OutgoingMail.objects.filter(key__startswith="pga:herinnering:actie-eigenaar:")
    action = dossier.actions.get(owner_organisation=politie)
    assert mail.key == f"pga:herinnering:actie-eigenaar:{action.pk}:2027-02-01"
    assert mail.to == ["agent@politie.example"]
    assert "Huisbezoek" not in mail.body and SECRET_SURNAME not in mail.body
    assert f"/dossiers/partner/{dossier.casus_id}/" in mail.body
