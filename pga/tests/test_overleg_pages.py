"""The casusoverleg's change pages through the real URLs: changing, cancelling, chasing, a follow-up.

The services have their own tests (test_overleg.py); these check what the procesregisseur notices on
the pages: bad input comes back with a Dutch message and everything typed, never a 500; another
user's attempt is a 404 with a DENIED entry in the audit log.
"""

import datetime

import pytest

from participants.tests.factories import UserFactory
from pga.constants import OverlegResponse, OverlegStatus
from pga.models import Casusoverleg, OverlegContact
from pga.services import overleg_answer, overleg_cancel
from pga.tests.factories import informed, regisseur
from pga.tests.test_overleg import invited, plan
from zvh.audit.models import AuditEvent
from zvh.mail.models import OutgoingMail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("overleg_clock")]


@pytest.fixture
def dossier():
    return informed(on=datetime.date(2027, 1, 14))


@pytest.fixture
def overleg(dossier, politie, agent):
    """Casusoverleg 1 on 21 January 2027, the police and a school invited (test_overleg.invited)."""
    return invited(dossier, politie, agent)


def page_url(dossier, tail: str = "") -> str:
    return f"/dossiers/{dossier.casus_id}/casusoverleg/1/{tail}"


def planning(**changes) -> dict:
    values = {
        "date": "2027-01-21",
        "starts_at": "10:00",
        "ends_at": "11:30",
        "place": "Zaal 2, Stationsplein 1",
        "online_link": "https://meet.example/zvh-42",
        "agenda": "1. Opening\n2. Voortgang plan\n3. Afspraken",
    }
    return {**values, **changes}


# --- changing ------------------------------------------------------------------------------------------


def test_changing_the_time_on_the_page_sends_the_update_and_says_so(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    form = client.get(page_url(dossier, "wijzigen/")).content.decode()
    assert 'value="Zaal 2, Stationsplein 1"' in form and 'value="10:00"' in form
    response = client.post(page_url(dossier, "wijzigen/"), planning(starts_at="13:00", ends_at="14:00"))
    assert response.status_code == 302 and response["Location"] == page_url(dossier)
    assert "Het casusoverleg is gewijzigd." in client.get(page_url(dossier)).content.decode()
    overleg.refresh_from_db()
    assert (overleg.starts_at, overleg.ends_at, overleg.calendar_sequence) == (
        datetime.time(13, 0),
        datetime.time(14, 0),
        1,
    )
    assert OutgoingMail.objects.filter(key__contains=":wijziging:").count() == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ends_at": "09:00"}, "De eindtijd ligt na de begintijd."),
        ({"date": "2027-01-14"}, "Een casusoverleg plant u op vandaag of later."),
        ({"place": "", "online_link": ""}, "Geef een plaats of een link om online deel te nemen, of allebei."),
        ({"date": "31-02-2027"}, "Vul een geldige datum in."),
        ({"starts_at": "25:00"}, "Vul een geldige tijd in (uu:mm)."),
        ({"agenda": ""}, "Vul in: agenda."),
        ({}, "Er is niets gewijzigd."),
    ],
)
def test_a_refused_change_keeps_what_was_typed_and_sends_nothing(client, dossier, overleg, changes, message):
    client.force_login(dossier.procesregisseur)
    typed = planning(**changes)
    response = client.post(page_url(dossier, "wijzigen/"), typed)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    for name in ("date", "starts_at", "ends_at", "place", "online_link"):
        if typed[name]:
            assert f'value="{typed[name]}"' in body, name
    assert typed["agenda"] in body
    overleg.refresh_from_db()
    assert (overleg.starts_at, overleg.calendar_sequence, overleg.agenda) == (
        datetime.time(10, 0),
        0,
        "1. Opening\n2. Voortgang plan\n3. Afspraken",
    )
    assert not OutgoingMail.objects.filter(key__contains=":wijziging:").exists()


def test_a_cancelled_meeting_is_not_changed_and_the_page_says_why(client, dossier, overleg):
    overleg_cancel(overleg=overleg, reason="Opgenomen", by=dossier.procesregisseur)
    client.force_login(dossier.procesregisseur)
    response = client.post(page_url(dossier, "wijzigen/"), planning(starts_at="13:00", ends_at="14:00"))
    assert response.status_code == 200
    assert "Dit casusoverleg is geannuleerd en kan niet meer wijzigen." in response.content.decode()
    page = client.get(page_url(dossier)).content.decode()
    assert "Wijzigen</a>" not in page and "Annuleren</a>" not in page


# --- cancelling -----------------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_then_cancels_everyones_invitation(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    empty = client.post(page_url(dossier, "annuleren/"), {"reason": "  "})
    assert empty.status_code == 200 and "Vul in: reden." in empty.content.decode()
    assert Casusoverleg.objects.get(pk=overleg.pk).status == OverlegStatus.UITGENODIGD
    response = client.post(page_url(dossier, "annuleren/"), {"reason": "Betrokkene opgenomen"})
    assert response.status_code == 302
    assert "Het casusoverleg is geannuleerd." in client.get(page_url(dossier)).content.decode()
    assert Casusoverleg.objects.get(pk=overleg.pk).status == OverlegStatus.GEANNULEERD
    assert OutgoingMail.objects.filter(key__contains=":annulering:").count() == 2
    # Cancelling again: the Dutch reason, the text typed kept.
    again = client.post(page_url(dossier, "annuleren/"), {"reason": "Nog eens"})
    assert "Dit casusoverleg is geannuleerd en kan niet meer wijzigen." in again.content.decode()
    assert ">\nNog eens</textarea>" in again.content.decode()


# --- chasing ----------------------------------------------------------------------------------------------


def test_chasing_from_the_page_asks_only_who_did_not_answer(client, dossier, overleg, agent):
    overleg_answer(contact=OverlegContact.objects.get(user=agent), response=OverlegResponse.FYSIEK, by=agent)
    client.force_login(dossier.procesregisseur)
    response = client.post(page_url(dossier, "aanmanen/"), follow=True)
    assert "Gevraagd te antwoorden: 1." in response.content.decode()
    (mail,) = OutgoingMail.objects.filter(key__contains=":aanmaning:")
    assert mail.to == ["mentor@lyceum.example"]
    # The same day again: nobody is asked twice.
    response = client.post(page_url(dossier, "aanmanen/"), follow=True)
    assert "Gevraagd te antwoorden: 0." in response.content.decode()
    assert OutgoingMail.objects.filter(key__contains=":aanmaning:").count() == 1


def test_chasing_a_meeting_not_yet_invited_is_refused_with_a_message(client, dossier):
    plan(dossier)
    client.force_login(dossier.procesregisseur)
    response = client.post(page_url(dossier, "aanmanen/"), follow=True)
    assert response.status_code == 200
    assert "Alleen wie is uitgenodigd kan worden gevraagd te antwoorden." in response.content.decode()
    assert not OutgoingMail.objects.filter(key__contains=":aanmaning:").exists()


def test_chasing_is_a_post_only_button(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    assert client.get(page_url(dossier, "aanmanen/")).status_code == 405


# --- the follow-up --------------------------------------------------------------------------------------


def test_a_follow_up_from_the_page_takes_the_participants_and_a_new_place(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    form = client.get(page_url(dossier, "vervolg/")).content.decode()
    assert 'value="Zaal 2, Stationsplein 1"' in form
    response = client.post(page_url(dossier, "vervolg/"), planning(date="2027-02-18", place="Zaal 5, Stationsplein 1"))
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{dossier.casus_id}/casusoverleg/2/"
    follow = Casusoverleg.objects.get(dossier=dossier, number=2)
    assert (follow.date, follow.place, follow.previous_id) == (
        datetime.date(2027, 2, 18),
        "Zaal 5, Stationsplein 1",
        overleg.pk,
    )
    assert sorted(follow.participants.values_list("organisation__name", flat=True)) == [
        "Het Lyceum",
        "Politie Eenheid Noord",
    ]
    assert OverlegContact.objects.filter(participant__overleg=follow).count() == 2


def test_a_refused_follow_up_keeps_what_was_typed_and_plans_nothing(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    typed = planning(date="2027-01-10", agenda="1. Opening\n2. Terugblik op de afspraken")
    response = client.post(page_url(dossier, "vervolg/"), typed)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Een casusoverleg plant u op vandaag of later." in body
    assert "2. Terugblik op de afspraken" in body and 'value="2027-01-10"' in body
    overleg_cancel(overleg=overleg, reason="Opgenomen", by=dossier.procesregisseur)
    response = client.post(page_url(dossier, "vervolg/"), planning(date="2027-02-18"))
    assert "Plan een vervolg vanuit een overleg dat doorging." in response.content.decode()
    assert not Casusoverleg.objects.filter(dossier=dossier, number=2).exists()


# --- refused attempts by other users --------------------------------------------------------------------

PAGES = [
    ("get", "wijzigen/"),
    ("post", "wijzigen/"),
    ("get", "annuleren/"),
    ("post", "annuleren/"),
    ("post", "aanmanen/"),
    ("get", "vervolg/"),
    ("post", "vervolg/"),
]
OTHERS = {
    "andere procesregisseur": lambda agent: regisseur(),
    "triagevoorzitter": lambda agent: UserFactory(voorzitter=True),
    "uitgenodigde ketenpartner": lambda agent: agent,
}


@pytest.mark.parametrize("who", OTHERS.keys())
@pytest.mark.parametrize("method, tail", PAGES)
def test_other_users_get_404_the_attempt_is_audited_and_nothing_changes(
    client, dossier, overleg, agent, who, method, tail
):
    client.force_login(OTHERS[who](agent))
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    mails = OutgoingMail.objects.count()
    data = {**planning(starts_at="13:00", date="2027-02-18"), "reason": "Weg ermee"} if method == "post" else None
    response = getattr(client, method)(page_url(dossier, tail), data)
    assert response.status_code == 404
    denied = AuditEvent.objects.filter(id__gt=before, action="denied")
    assert list(denied.values_list("detail__object", flat=True)) == [f"pga.pgadossier:{dossier.pk}"]
    overleg.refresh_from_db()
    assert (overleg.status, overleg.starts_at) == (OverlegStatus.UITGENODIGD, datetime.time(10, 0))
    assert not Casusoverleg.objects.filter(dossier=dossier, number=2).exists()
    assert OutgoingMail.objects.count() == mails


def test_a_meeting_number_that_does_not_exist_is_404(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    assert client.get(f"/dossiers/{dossier.casus_id}/casusoverleg/7/wijzigen/").status_code == 404
    assert client.post(f"/dossiers/{dossier.casus_id}/casusoverleg/7/aanmanen/").status_code == 404
