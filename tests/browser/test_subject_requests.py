"""One data-subject request in a real browser, from registration to the exported PDF; axe on every page.

The privacycontactpunt registers Petra Visser's request for inzage (first with a mistake, to see the
Dutch errors), takes it into handling, searches all cases by the BSN the form brings along, links
the three cases found at two organisations, and downloads the overview for her: it names her
values, the organisations that received them and the legal basis, and nothing of her partner.
"""

import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from participants.tests.factories import UserFactory
from subject_requests.constants import RequestKind
from subject_requests.services import request_link, request_register, request_start
from subject_requests.tests.people import BSN, GGZ_INFO, PARTNER_BSN, petra_in_two_organisations
from tests.browser.test_accessibility import blocking_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, name: str) -> None:
    violations = blocking_violations(page)
    assert violations == [], f"{name}:\n{describe(violations)}"


def test_a_request_from_registration_to_the_exported_pdf(page, live_server, screenshot):
    person = petra_in_two_organisations()
    handler = UserFactory(username="privacy", privacycontactpunt=True, first_name="Noor", last_name="Hendriks")
    sign_in(page, live_server, handler)
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Verzoeken van betrokkenen").click()
    expect(page.get_by_role("heading", name="Verzoeken van betrokkenen", level=1)).to_be_visible()
    assert_accessible(page, "lijst")

    page.get_by_role("link", name="Nieuw verzoek registreren").click()
    assert_accessible(page, "registreren")
    page.get_by_label("Inzage", exact=True).check()
    page.get_by_label("De betrokkene zelf").check()
    page.get_by_label("Voornamen van de betrokkene").fill("Petra Johanna")
    page.get_by_label("BSN").fill(BSN)
    page.get_by_role("button", name="Verzoek registreren").click()
    expect(page.get_by_text("Vul in: achternaam van de betrokkene.")).to_be_visible()
    expect(page.get_by_label("Voornamen van de betrokkene")).to_have_value("Petra Johanna")
    assert_accessible(page, "registreren met fouten")
    screenshot("verzoek-registreren-fouten")

    page.get_by_label("Identiteit gecontroleerd met").select_option(label="Identiteitsbewijs getoond aan de balie")
    page.get_by_label("Toelichting identiteitscontrole").fill("Rijbewijs getoond aan de balie.")
    page.get_by_label("Ontvangen op").fill(timezone.localdate().isoformat())
    page.get_by_label("Achternaam van de betrokkene").fill("Visser")
    page.get_by_label("Geboortedatum").fill("1979-05-02")
    page.get_by_role("button", name="Verzoek registreren").click()
    expect(page.get_by_text("Het verzoek is geregistreerd.")).to_be_visible()
    expect(page.get_by_role("heading", name="inzage", level=1)).to_be_visible()
    assert_accessible(page, "verzoek")

    page.get_by_role("button", name="In behandeling nemen").click()
    expect(page.get_by_text("Het verzoek is in behandeling genomen.")).to_be_visible()
    page.get_by_role("link", name="Zoeken in alle casussen").click()
    expect(page.get_by_role("textbox", name="BSN")).to_have_value(BSN)
    assert BSN not in page.url
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="Gevonden")).to_be_visible()
    assert BSN not in page.url
    assert_accessible(page, "zoekresultaten")
    screenshot("verzoek-zoekresultaten")
    for casus in (person.police_case, person.municipality_case, person.withdrawn_case):
        page.get_by_label(f"Koppel {casus.reference}").check()
    page.get_by_role("button", name="Gekozen gegevens koppelen").click()
    expect(page.get_by_text("3 gevonden gegeven(s) bij het verzoek gevoegd.")).to_be_visible()
    expect(page.get_by_role("cell", name="Gemeente Utrecht").first).to_be_visible()
    assert_accessible(page, "verzoek met gevonden gegevens")
    screenshot("verzoek-gevonden")

    with page.expect_download() as download:
        page.get_by_role("link", name="Overzicht voor de betrokkene (pdf)").click()
    path = download.value.path()
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode().split()
    )
    assert "Welke gegevens het Zorg- en Veiligheidshuis over u heeft" in text
    for value in ("Petra Johanna", BSN, person.police_case.reference, person.municipality_case.reference,
                  GGZ_INFO, "GGZ Centraal", "Politie Midden-Nederland", "Gemeente Utrecht",
                  "Wet gegevensverwerking door samenwerkingsverbanden"):
        assert value in text, value
    assert "Huisgenoot" not in text and PARTNER_BSN not in text


def test_the_step_pages_of_correction_deletion_and_objection_are_accessible(page, live_server):
    """The form pages the main path does not reach, in their states with errors and refusals."""
    person = petra_in_two_organisations()
    handler = UserFactory(username="privacy", privacycontactpunt=True)
    sign_in(page, live_server, handler)
    for kind in (RequestKind.CORRECTIE, RequestKind.BEZWAAR, RequestKind.VERWIJDERING):
        subject_request = request_register(
            kind=kind, requester="betrokkene", identity_check="balie", identity_note="Paspoort",
            received_on=timezone.localdate(), surname="Visser", bsn=BSN, by=handler,
        )
        request_start(subject_request=subject_request, by=handler)
        request_link(subject_request=subject_request, betrokkene_ids=[r.pk for r in person.rows], by=handler)
        page.goto(live_server.url + reverse("subject_requests:detail", kwargs={"request_id": subject_request.pk}))
        assert_accessible(page, f"verzoek {kind}")
        if kind == RequestKind.CORRECTIE:
            page.get_by_role("link", name=f"Corrigeren in {person.police_case.reference}").click()
            page.get_by_label("Welk gegeven").select_option(label="geboortedatum")
            page.get_by_label("Juiste waarde").fill("31-02-1979")
            page.get_by_role("button", name="Corrigeren").click()
            expect(page.get_by_text("Vul een geldige datum in (dd-mm-jjjj).")).to_be_visible()
            assert_accessible(page, "corrigeren met fout")
            page.get_by_label("Juiste waarde").fill("03-05-1979")
            page.get_by_role("button", name="Corrigeren").click()
            expect(page.get_by_text("Het gegeven is gecorrigeerd.")).to_be_visible()
        elif kind == RequestKind.VERWIJDERING:
            page.get_by_role("link", name=f"Verwijderen {person.police_case.reference}").click()
            expect(page.get_by_text("Verwijderen mag nu niet.")).to_be_visible()
            assert_accessible(page, "verwijderen geweigerd")
            page.go_back()
            page.get_by_role("link", name=f"Verwijderen {person.withdrawn_case.reference}").click()
            assert_accessible(page, "verwijderen bevestigen")
            page.get_by_role("button", name="Definitief verwijderen").click()
            expect(page.get_by_text("De gegevens van de casus zijn verwijderd")).to_be_visible()
        else:
            page.get_by_label(f"Casus {person.police_case.reference}").check()
            page.get_by_role("button", name="Bezwaar vastleggen").click()
            page.get_by_role("link", name=f"Besluit vastleggen voor {person.police_case.reference}").click()
            page.get_by_role("button", name="Besluit vastleggen").click()
            expect(page.get_by_text("Vul in: motivering.")).to_be_visible()
            assert_accessible(page, "besluit bezwaar met fout")
        page.goto(live_server.url + reverse("subject_requests:extend", kwargs={"request_id": subject_request.pk}))
        assert_accessible(page, "verlengen")
