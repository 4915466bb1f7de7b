"""The first casusoverleg of a PGA dossier in a real browser, from planning to a partner's report back.

The procesregisseur plans it from the triage decision's participants (the police and the GGZ) plus one
incidental organisation (a housing corporation, with its ground and explanation), adds the contact
persons (two ketenpartners, and a name and address for the corporation, which has no users), sends
the invitations (three mails with an .ics in the outbox); the police's ketenpartner accepts in the
partners' portal; on the day the procesregisseur records the minutes with two agreements, which become
actions in the plan; the partner reports the police's action done. axe-core finds no WCAG 2.1 A/AA
violations on any of the pages (the overleg pages and the partner portal).
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.tests.factories import OrganisationFactory, UserFactory
from pga.constants import ActionStatus, OverlegResponse, OverlegStatus
from pga.models import Casusoverleg, OverlegContact
from pga.tests.factories import SECRET_SURNAME, started
from tests.browser.test_accessibility import sign_in
from tests.browser.test_pga import assert_accessible
from triage.models import CasusoverlegInvitee, TriageDecision
from zvh.mail.models import OutgoingMail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_the_first_casusoverleg_from_planning_to_a_partners_report(page, live_server, screenshot, criteria_set):
    regisseur = UserFactory(username="regisseur", regisseur=True, first_name="Koen", last_name="van Dijk")
    politie = OrganisationFactory(name="Politie Midden-Nederland")
    ggz = OrganisationFactory(name="GGZ Centraal")
    mitros = OrganisationFactory(name="Woningcorporatie Mitros")
    agent, _ = (
        UserFactory(ketenpartner=True, organisation=organisation, first_name=first, last_name=last, email=email)
        for organisation, first, last, email in (
            (politie, "Anna", "Agent", "agent@politie.example"),
            (ggz, "Gert", "Zorg", "zorg@ggz.example"),
        )
    )
    dossier = started(procesregisseur=regisseur)
    decision = TriageDecision.objects.get(item__casus=dossier.casus)
    for organisation in (politie, ggz):
        CasusoverlegInvitee.objects.create(decision=decision, organisation=organisation)
    reference = dossier.casus.reference

    # --- the procesregisseur plans the first casusoverleg ---------------------------------------------
    sign_in(page, live_server, regisseur)
    page.goto(f"{live_server.url}/dossiers/{dossier.casus_id}/")
    page.get_by_role("link", name="Casusoverleg plannen").click()
    expect(page.get_by_role("heading", name="Casusoverleg plannen", level=1)).to_be_visible()
    assert_accessible(page, "casusoverleg plannen")
    page.get_by_role("button", name="Opslaan").click()  # nothing filled in: Dutch messages, nothing stored
    expect(page.get_by_text("Vul in: datum.")).to_be_visible()
    assert_accessible(page, "casusoverleg plannen met fouten")
    page.get_by_label("Datum").fill(in_days(0))
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Eindtijd").fill("11:30")
    page.get_by_label("Plaats").fill("Zaal 2, Stationsplein 1")
    page.get_by_label("Agenda").fill("1. Opening\n2. Voortgang plan van aanpak\n3. Afspraken")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het casusoverleg is gepland.")).to_be_visible()
    overleg_name = f"Casusoverleg 1 ({timezone.localdate():%d-%m-%Y})"
    expect(page.get_by_role("heading", name=overleg_name, level=1)).to_be_visible()
    participants = page.get_by_role("table", name="Deelnemende organisaties met hun contactpersonen")
    expect(participants.get_by_role("rowheader", name="Politie Midden-Nederland")).to_be_visible()
    expect(participants.get_by_role("rowheader", name="GGZ Centraal")).to_be_visible()
    assert_accessible(page, "casusoverleg (procesregisseur, gepland)")

    # One incidental organisation, refused first without its explanation.
    page.get_by_role("link", name="Organisatie toevoegen").click()
    assert_accessible(page, "organisatie toevoegen")
    page.get_by_role("combobox", name=re.compile("^Organisatie")).select_option(label="Woningcorporatie Mitros")
    page.get_by_role("checkbox", name="Incidentele deelnemer").check()
    page.get_by_label("Grondslag (incidentele deelnemer)").select_option(
        label="Relevante rol vanuit wettelijke of publieke taak"
    )
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Licht de grondslag van de incidentele deelnemer toe.")).to_be_visible()
    expect(page.get_by_role("combobox", name=re.compile("^Organisatie"))).to_have_value(str(mitros.pk))
    page.get_by_label("Toelichting grondslag").fill("Huurachterstand; de corporatie kan uitzetting uitstellen.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De organisatie is toegevoegd.")).to_be_visible()
    expect(participants.get_by_role("rowheader", name="Woningcorporatie Mitros")).to_contain_text(
        "Incidenteel: Relevante rol vanuit wettelijke of publieke taak"
    )

    # The contact persons: a ketenpartner for the police and the GGZ, a name and address for the corporation.
    for organisation, user_label in (
        ("Politie Midden-Nederland", "Anna Agent"),
        ("GGZ Centraal", "Gert Zorg"),
    ):
        page.get_by_role("link", name=f"Contactpersoon toevoegen voor {organisation}").click()
        page.get_by_label("Ketenpartner van de organisatie").select_option(label=user_label)
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text("De contactpersoon is toegevoegd.")).to_be_visible()
    page.get_by_role("link", name="Contactpersoon toevoegen voor Woningcorporatie Mitros").click()
    assert_accessible(page, "contactpersoon toevoegen")
    page.get_by_label("Of: naam (alleen voor de uitnodiging)").fill("P. de Vries")
    page.get_by_label("En e-mailadres").fill("p.devries@mitros.example")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De contactpersoon is toegevoegd.")).to_be_visible()
    expect(participants).to_contain_text("P. de Vries (alleen uitnodiging)")

    page.get_by_role("button", name="Uitnodigingen versturen").click()
    expect(page.get_by_text("Uitnodigingen verstuurd: 3.")).to_be_visible()
    assert_accessible(page, "casusoverleg (procesregisseur, uitgenodigd)")
    overleg = Casusoverleg.objects.get(dossier=dossier)
    invitations = OutgoingMail.objects.filter(key__startswith=f"pga:casusoverleg:{overleg.pk}:uitnodiging:")
    assert sorted(address for mail in invitations for address in mail.to) == [
        "agent@politie.example",
        "p.devries@mitros.example",
        "zorg@ggz.example",
    ]
    for mail in invitations:
        assert mail.subject == f"Uitnodiging casusoverleg {reference}"
        assert [a["filename"] for a in mail.attachments] == ["casusoverleg.ics"]
        assert SECRET_SURNAME not in mail.body

    # --- the police's ketenpartner accepts in the partners' portal --------------------------------------
    page.context.clear_cookies()
    sign_in(page, live_server, agent)
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="PGA-dossiers").click()
    expect(page.get_by_role("heading", name="PGA-dossiers van uw organisatie", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name=SECRET_SURNAME)).to_be_visible()
    assert_accessible(page, "partnerportaal: lijst")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"PGA-dossier {reference}", level=1)).to_be_visible()
    assert_accessible(page, "partnerportaal: dossier")
    page.get_by_role("link", name=overleg_name).click()
    expect(page.get_by_text("Zaal 2, Stationsplein 1")).to_be_visible()
    expect(page.get_by_text("GGZ Centraal")).to_have_count(0)  # only the own organisation's row
    assert_accessible(page, "casusoverleg (partner, uitnodiging)")
    page.get_by_role("button", name="Antwoord opslaan").click()  # nothing chosen
    expect(page.get_by_text("Kies of u op locatie, online of niet deelneemt.")).to_be_visible()
    assert_accessible(page, "casusoverleg (partner, antwoord met fout)")
    page.get_by_label("Aanwezig op locatie").check()
    page.get_by_role("button", name="Antwoord opslaan").click()
    expect(page.get_by_text("Uw antwoord is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Uw antwoord nu: Aanwezig op locatie")).to_be_visible()
    assert OverlegContact.objects.get(user=agent).response == OverlegResponse.FYSIEK

    # --- the meeting was held today: the procesregisseur records attendance, minutes, two agreements ----
    page.context.clear_cookies()
    sign_in(page, live_server, regisseur)
    page.goto(f"{live_server.url}/dossiers/{dossier.casus_id}/casusoverleg/1/")
    expect(participants.get_by_role("row", name="Politie Midden-Nederland")).to_contain_text("Aanwezig op locatie")
    page.get_by_role("link", name="Verslag vastleggen").click()
    expect(page.get_by_role("heading", name="Verslag van het casusoverleg vastleggen")).to_be_visible()
    assert_accessible(page, "verslag vastleggen")
    page.get_by_label("Anna Agent (Politie Midden-Nederland)").check()
    page.get_by_label("P. de Vries (Woningcorporatie Mitros)").check()
    summary = page.get_by_label("Samenvatting: 2. Voortgang plan van aanpak")
    summary.fill("Huurachterstand loopt op; politie houdt zicht.")
    page.get_by_label("Afspraak 1: wat").fill("Huisbezoek samen met de wijkagent")
    page.get_by_label("Afspraak 1: eigenaar (organisatie)").select_option(label="Politie Midden-Nederland")
    page.get_by_label("Afspraak 1: uiterlijk op").fill(in_days(7))
    page.get_by_label("Afspraak 2: wat").fill("Betalingsregeling huurachterstand aanbieden")
    page.get_by_label("Afspraak 2: eigenaar (organisatie)").select_option(label="Woningcorporatie Mitros")
    page.get_by_role("button", name="Verslag vastleggen").click()  # the second agreement has no date yet
    expect(page.get_by_text("Vul bij afspraak 2 in wat, welke organisatie en uiterlijk wanneer.")).to_be_visible()
    expect(page.get_by_label("Afspraak 1: wat")).to_have_value("Huisbezoek samen met de wijkagent")
    expect(page.get_by_label("Anna Agent (Politie Midden-Nederland)")).to_be_checked()
    assert_accessible(page, "verslag vastleggen met fout")
    page.get_by_label("Afspraak 2: uiterlijk op").fill(in_days(14))
    page.get_by_role("button", name="Verslag vastleggen").click()
    expect(page.get_by_text("Het verslag is vastgelegd.")).to_be_visible()
    notulen = page.get_by_role("region", name="Notulen")
    expect(notulen).to_contain_text("Huurachterstand loopt op; politie houdt zicht.")
    expect(notulen.get_by_role("cell", name="Huisbezoek samen met de wijkagent")).to_be_visible()
    assert_accessible(page, "casusoverleg (procesregisseur, gehouden)")
    screenshot("pga-casusoverleg-gehouden")
    assert Casusoverleg.objects.get(pk=overleg.pk).status == OverlegStatus.GEHOUDEN
    assert sorted(dossier.actions.values_list("description", "owner_organisation__name")) == [
        ("Betalingsregeling huurachterstand aanbieden", "Woningcorporatie Mitros"),
        ("Huisbezoek samen met de wijkagent", "Politie Midden-Nederland"),
    ]
    # A correction afterwards: the earlier text stays readable with the reason.
    page.get_by_role("link", name="Notulen corrigeren").click()
    assert_accessible(page, "notulen corrigeren")
    page.get_by_label("Samenvatting: 2. Voortgang plan van aanpak").fill(
        "Huurachterstand loopt op; wijkagent houdt zicht."
    )
    page.get_by_label("Reden van de correctie").fill("Wijkagent in plaats van politie")
    page.get_by_role("button", name="Correctie opslaan").click()
    expect(page.get_by_text("De notulen zijn gecorrigeerd.")).to_be_visible()
    expect(notulen).to_contain_text("Huurachterstand loopt op; wijkagent houdt zicht.")
    notulen.get_by_text("Versie 1, vervangen op").click()
    expect(notulen.get_by_text("Huurachterstand loopt op; politie houdt zicht.")).to_be_visible()
    assert_accessible(page, "casusoverleg met gecorrigeerde notulen")
    page.get_by_role("link", name=f"Terug naar dossier {reference}").click()
    expect(page.get_by_text("Huisbezoek samen met de wijkagent").first).to_be_visible()

    # --- the partner reads the minutes and reports the police's action done ------------------------------
    page.context.clear_cookies()
    sign_in(page, live_server, agent)
    page.goto(f"{live_server.url}/dossiers/partner/{dossier.casus_id}/")
    acties = page.get_by_role("table", name="Acties in het plan van aanpak waarvan uw organisatie eigenaar is")
    expect(acties).to_contain_text("Huisbezoek samen met de wijkagent")
    expect(acties).not_to_contain_text("Betalingsregeling")  # the corporation's action is not the police's
    assert_accessible(page, "partnerportaal: dossier met acties")
    page.get_by_role("link", name=overleg_name).click()
    expect(page.get_by_role("region", name="Notulen")).to_contain_text("wijkagent houdt zicht")
    assert_accessible(page, "casusoverleg (partner, notulen)")
    page.go_back()
    page.get_by_role("link", name="Terugmelden Huisbezoek samen met de wijkagent").click()
    expect(page.get_by_role("heading", name="Actie terugmelden", level=1)).to_be_visible()
    assert_accessible(page, "actie terugmelden")
    page.get_by_role("radio", name="Gedaan", exact=True).check()
    page.get_by_role("button", name="Terugmelden").click()  # done needs a note
    expect(page.get_by_text("Schrijf kort wat er is gedaan.")).to_be_visible()
    expect(page.get_by_role("radio", name="Gedaan", exact=True)).to_be_checked()
    assert_accessible(page, "actie terugmelden met fout")
    page.get_by_label("Toelichting").fill("Huisbezoek afgelegd; betrokkene thuis getroffen.")
    page.get_by_role("button", name="Terugmelden").click()
    expect(page.get_by_text("Uw terugmelding is opgeslagen.")).to_be_visible()
    expect(acties.get_by_role("row", name="Huisbezoek samen met de wijkagent")).to_contain_text(
        "Gedaan: Huisbezoek afgelegd; betrokkene thuis getroffen."
    )
    screenshot("pga-partner-actie-gedaan")
    done = dossier.actions.get(owner_organisation=politie)
    assert (done.status, done.status_note) == (
        ActionStatus.GEDAAN,
        "Huisbezoek afgelegd; betrokkene thuis getroffen.",
    )


def test_the_follow_up_change_cancel_and_removal_pages_are_accessible(page, live_server, criteria_set):
    """The procesregisseur's other casusoverleg pages: follow-up, change, cancel, remove an organisation."""
    from pga.services import overleg_add_contact, overleg_add_organisation, overleg_plan

    regisseur = UserFactory(username="regisseur", regisseur=True)
    politie = OrganisationFactory(name="Politie Midden-Nederland")
    dossier = started(procesregisseur=regisseur)
    overleg = overleg_plan(
        dossier=dossier,
        date=timezone.localdate(),
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(11, 0),
        place="Zaal 1",
        agenda="1. Opening",
        by=regisseur,
    )
    participant = overleg_add_organisation(overleg=overleg, organisation=politie, by=regisseur)
    overleg_add_contact(participant=participant, name="A. Agent", email="agent@politie.example", by=regisseur)

    sign_in(page, live_server, regisseur)
    page.goto(f"{live_server.url}/dossiers/{dossier.casus_id}/casusoverleg/1/")
    page.get_by_role("link", name="Vervolgoverleg plannen").click()
    expect(page.get_by_role("heading", name="Vervolgoverleg plannen", level=1)).to_be_visible()
    expect(page.get_by_label("Plaats")).to_have_value("Zaal 1")
    assert_accessible(page, "vervolgoverleg plannen")
    page.get_by_label("Datum").fill(in_days(28))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het vervolgoverleg is gepland.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Casusoverleg 2 "), level=1)).to_be_visible()

    page.get_by_role("link", name="Wijzigen").click()
    expect(page.get_by_role("heading", name="Casusoverleg wijzigen", level=1)).to_be_visible()
    assert_accessible(page, "casusoverleg wijzigen")
    page.go_back()
    page.get_by_role("link", name="Verwijderen Politie Midden-Nederland").click()
    expect(page.get_by_role("heading", name="Organisatie verwijderen uit het casusoverleg", level=1)).to_be_visible()
    assert_accessible(page, "organisatie verwijderen")
    page.go_back()
    page.get_by_role("link", name="Annuleren").click()
    expect(page.get_by_role("heading", name="Casusoverleg annuleren", level=1)).to_be_visible()
    assert_accessible(page, "casusoverleg annuleren")


def test_a_contact_without_an_account_answers_through_the_link_in_the_mail(page, live_server, criteria_set):
    """No login: the signed link from the invitation opens the answer page, which passes axe."""
    from pga.services import overleg_add_contact, overleg_add_organisation, overleg_plan, overleg_send_invitations

    regisseur = UserFactory(username="regisseur", regisseur=True)
    dossier = started(procesregisseur=regisseur)
    overleg = overleg_plan(
        dossier=dossier,
        date=timezone.localdate() + datetime.timedelta(days=3),
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(11, 0),
        place="Zaal 1",
        agenda="1. Opening",
        by=regisseur,
    )
    participant = overleg_add_organisation(
        overleg=overleg, organisation=OrganisationFactory(name="Woningcorporatie Mitros"), by=regisseur
    )
    overleg_add_contact(participant=participant, name="P. de Vries", email="p.devries@mitros.example", by=regisseur)
    overleg_send_invitations(overleg=overleg, by=regisseur)
    (mail,) = OutgoingMail.objects.filter(to=["p.devries@mitros.example"])
    (line,) = [line for line in mail.body.splitlines() if "/casusoverleg/antwoord/" in line]
    path = line[line.index("/dossiers/") :].strip()

    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", name="Uitnodiging casusoverleg", level=1)).to_be_visible()
    assert_accessible(page, "antwoord via link")
    page.get_by_label("Niet aanwezig").check()
    page.get_by_role("button", name="Antwoord opslaan").click()
    expect(page.get_by_text("Geef aan waarom u niet kunt deelnemen.")).to_be_visible()
    assert_accessible(page, "antwoord via link met fout")
    page.get_by_label("Reden (als u niet deelneemt)").fill("Op vakantie")
    page.get_by_role("button", name="Antwoord opslaan").click()
    expect(page.get_by_text("Uw antwoord is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Niet aanwezig (Op vakantie)")).to_be_visible()
    assert OverlegContact.objects.get(name="P. de Vries").response == OverlegResponse.AFWEZIG
