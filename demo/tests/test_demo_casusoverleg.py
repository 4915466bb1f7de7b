"""What the demo users see of the casusoverleg: a held first meeting with minutes and actions, and the next one.

Why a test of its own: `make run` once showed no casusoverleg at all, so the procesregisseur's
dossier page, the partners' portal and the minutes could not be shown without clicking a meeting
together first. The expected texts are the demo's (``demo.pga_overleg``), written out here.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import User
from pga.models import PgaDossier
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


def mulder() -> PgaDossier:
    """The dossier in execution (the Mulder case), the one with the casusoverleggen."""
    return PgaDossier.objects.select_related("casus").get(casus__betrokkenen__surname="Mulder")


def in_two_weeks() -> str:
    return (timezone.localdate() + datetime.timedelta(days=14)).strftime("%d-%m-%Y")


def test_the_regisseurs_dossier_shows_the_held_meeting_and_the_next_one(demo, client):
    dossier = mulder()
    client.force_login(User.objects.get(username="regisseur"))

    page = client.get(reverse("pga:dossier", kwargs={"casus_id": dossier.casus_id})).content.decode()

    held_on = (timezone.localtime(dossier.started_at).date() + datetime.timedelta(days=7)).strftime("%d-%m-%Y")
    assert f"Casusoverleg 1 ({held_on})</a>, 10:00-11:30: Gehouden" in page
    assert f"Casusoverleg 2 ({in_two_weeks()})</a>, 10:00-11:30: Uitnodigingen verstuurd" in page
    # The agreements of the first meeting are actions in the plan.
    assert "Wijkagent sluit aan bij het eerstvolgende huisbezoek van het wijkteam" in page
    assert "Betrokkene uitnodigen voor een intakegesprek" in page


def test_the_first_meeting_has_its_participants_answers_and_minutes(demo, client):
    dossier = mulder()
    client.force_login(User.objects.get(username="regisseur"))

    page = client.get(reverse("pga:overleg", kwargs={"casus_id": dossier.casus_id, "number": 1})).content.decode()

    for organisation in (
        "Gemeente Utrecht",
        "GGZ Centraal",
        "Politie Midden-Nederland",
        "Woningcorporatie Mitros",
        "Slachtofferhulp Nederland",
    ):
        assert organisation in page
    assert "Noodzakelijke expertise" in page  # the incidental organisation's ground
    assert "Andere afspraak; onze informatie sturen wij vooraf." in page
    assert "Iedere partner lichtte toe wat zij doet; de procesregisseur houdt de regie." in page
    # The contact without an account got both invitations with an answer link; the minutes stay in the app.
    to_municipality = OutgoingMail.objects.filter(to=["wijkteam-noordwest@utrecht.example"])
    assert sorted(mail.subject for mail in to_municipality) == [
        f"Uitnodiging casusoverleg {dossier.casus.reference}",
        f"Uitnodiging casusoverleg {dossier.casus.reference}",
    ]
    assert all("/casusoverleg/antwoord/" in mail.body for mail in to_municipality)


def test_the_partner_sees_the_dossier_the_minutes_and_their_action_done(demo, client):
    dossier = mulder()
    client.force_login(User.objects.get(username="partner-politie"))

    portal = client.get(reverse("pga:partner_dossiers")).content.decode()
    assert dossier.casus.reference in portal
    assert in_two_weeks() in portal  # the next casusoverleg

    page = client.get(reverse("pga:partner_dossier", kwargs={"casus_id": dossier.casus_id})).content.decode()
    assert "Bij het overleg" in page  # the police attended, so the minutes are theirs to read
    assert (
        "Gedaan: Huisbezoek samen met het wijkteam afgelegd." in page
        and "Wijkagent sluit aan bij het eerstvolgende huisbezoek van het wijkteam" in page
    )
    assert "Betrokkene uitnodigen voor een intakegesprek" not in page  # GGZ's action is not theirs

    minutes = client.get(reverse("pga:overleg", kwargs={"casus_id": dossier.casus_id, "number": 1})).content.decode()
    assert "Zorgen over wonen (huurachterstand) en psychische gezondheid." in minutes


def test_the_ggz_partner_has_the_open_agreement_to_report_on(demo, client):
    dossier = mulder()
    client.force_login(User.objects.get(username="partner-ggz"))

    page = client.get(reverse("pga:partner_dossier", kwargs={"casus_id": dossier.casus_id})).content.decode()

    assert "Betrokkene uitnodigen voor een intakegesprek" in page
    assert "Terugmelden" in page
