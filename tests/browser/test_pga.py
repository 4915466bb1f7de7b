"""The procesregisseur's main path through a PGA dossier in a real browser, with axe on every PGA page.

The dossier as the triage's PGA decision opened it (pga_dossier_start, the receiver of the decision);
then informing agreed and postponed once, a plan with a goal and two actions, a contact note, closing,
and the summary PDF. axe-core finds no WCAG 2.1 A/AA violations on any of the pages, and "Mijn
dossiers" fits a 375 px wide phone.
"""

import datetime
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intake.constants import CasusStatus
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.models import PgaDossier
from pga.tests.factories import SECRET_SURNAME, started
from tests.browser.test_accessibility import blocking_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375


def assert_accessible(page, name: str) -> None:
    violations = blocking_violations(page)
    assert violations == [], f"{name}:\n{describe(violations)}"


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_the_procesregisseur_runs_a_dossier_from_the_decision_to_the_summary(
    page, live_server, screenshot, self_reliance_instrument, criteria_set
):
    regisseur = UserFactory(username="regisseur", regisseur=True, first_name="Koen", last_name="van Dijk")
    OrganisationFactory(name="Woningcorporatie Mitros")
    OrganisationFactory(name="Gemeente Utrecht")
    dossier = started(procesregisseur=regisseur)
    reference = dossier.casus.reference

    sign_in(page, live_server, regisseur)
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Mijn dossiers").click()
    expect(page.get_by_role("heading", name="Mijn dossiers", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name=SECRET_SURNAME)).to_be_visible()
    assert_accessible(page, "Mijn dossiers")

    page.set_viewport_size({"width": PHONE_WIDTH, "height": 812})
    screenshot("pga-mijn-dossiers-375px")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"PGA-dossier {reference}")).to_be_visible()
    assert_accessible(page, "dossier")

    # Informing: the agreement with the melder, then one postponement.
    page.get_by_role("link", name="Afspraak met melder vastleggen").click()
    assert_accessible(page, "afspraak informeren")
    page.get_by_label("De procesregisseur").check()
    page.get_by_label("In een gesprek").check()
    page.get_by_label("Geplande datum").fill(in_days(3))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De afspraak over informeren is vastgelegd.")).to_be_visible()

    page.get_by_role("link", name="Uitstellen").click()
    assert_accessible(page, "uitstellen")
    page.get_by_role("button", name="Opslaan").click()  # nothing chosen: refused with the reasons
    expect(page.get_by_text("Kies: grond voor uitstel.")).to_be_visible()
    page.get_by_label("Lopend strafrechtelijk onderzoek").check()
    page.get_by_label("Heroverwegen op").fill(in_days(30))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het uitstel is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Stand: Uitgesteld")).to_be_visible()

    # The plan: one goal, two actions.
    page.get_by_role("link", name="Doel toevoegen").click()
    assert_accessible(page, "doel")
    page.get_by_label("Leefgebied").select_option(label="Wonen")
    page.get_by_label("Doel").fill("Huisuitzetting voorkomen")
    page.get_by_role("button", name="Opslaan").click()
    for description, owner, days in (
        ("Betalingsregeling huurachterstand", "Woningcorporatie Mitros", 14),
        ("Aanmelden schuldhulpverlening", "Gemeente Utrecht", 21),
    ):
        page.get_by_role("link", name="Actie toevoegen").click()
        page.get_by_label("Wat moet er gebeuren").fill(description)
        page.get_by_label("Eigenaar (organisatie)").select_option(label=owner)
        page.get_by_label("Uiterlijk op").fill(in_days(days))
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text("De actie is toegevoegd.")).to_be_visible()
    assert_accessible(page, "dossier met plan")
    page.get_by_role("link", name="Plan vaststellen").click()
    page.get_by_role("button", name="Plan vaststellen").click()
    expect(page.get_by_text("Het plan van aanpak is vastgesteld.")).to_be_visible()
    page.get_by_role("link", name="versie 4", exact=True).click()
    expect(page.get_by_role("heading", name="Plan van aanpak, versie 4")).to_be_visible()
    assert_accessible(page, "planversie")
    page.go_back()

    page.get_by_role("link", name="Zelfredzaamheid scoren").click()
    assert_accessible(page, "voortgang scoren")
    page.get_by_role("radio", name="Start").check()
    page.get_by_label("Wonen: score").select_option(label="2 - Niet zelfredzaam")
    page.get_by_label("Wonen: korte onderbouwing").fill("Huurachterstand")
    page.get_by_role("button", name="Scores opslaan").click()
    expect(page.get_by_text("De scores zijn vastgelegd.")).to_be_visible()

    page.get_by_role("link", name="Achtergrond: besluit en verrijkingsdossier").click()
    expect(page.get_by_role("heading", name=f"Achtergrond van de casus {reference}")).to_be_visible()
    assert_accessible(page, "achtergrond")
    page.go_back()

    page.get_by_role("link", name="Contact vastleggen").click()
    assert_accessible(page, "contact")
    page.get_by_label("Datum contact").fill(in_days(0))
    page.get_by_label("Met wie").fill("de melder")
    page.get_by_label("Hoe").select_option(label="Telefoon")
    page.get_by_label("Samenvatting").fill("Strafrechtelijk onderzoek loopt nog zes weken.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het contact is vastgelegd.")).to_be_visible()

    page.get_by_role("link", name="Dossier afsluiten").click()
    assert_accessible(page, "afsluiten")
    page.get_by_label("Overgedragen aan reguliere zorg of een casusregisseur").check()
    page.get_by_label("Evaluatie").fill("Overgedragen aan het wijkteam; woning behouden.")
    page.get_by_role("button", name="Dossier afsluiten").click()
    expect(page.get_by_text("Het dossier is afgesloten.")).to_be_visible()
    expect(page.get_by_text("Dit dossier is afgesloten en alleen nog te lezen.")).to_be_visible()
    tijdlijn = page.locator("#tijdlijn ~ ol")
    expect(tijdlijn.locator("li").first).to_contain_text("Dossier afgesloten. Reden: Overgedragen")
    screenshot("pga-dossier-afgesloten")

    with page.expect_download() as download:
        page.get_by_role("link", name="Samenvatting (pdf)").click()
    path = download.value.path()
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode().split()
    )
    assert f"Samenvatting PGA-dossier {reference}" in text
    assert "Betalingsregeling huurachterstand" in text and "Aanmelden schuldhulpverlening" in text
    assert "Lopend strafrechtelijk onderzoek" in text
    assert "Overgedragen aan het wijkteam; woning behouden." in text

    dossier = PgaDossier.objects.get(pk=dossier.pk)
    assert dossier.closed_at is not None
    assert dossier.casus.status == CasusStatus.AFGESLOTEN

    # The closed dossier leaves the running view of "Mijn dossiers".
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Mijn dossiers").click()
    expect(page.get_by_text(re.compile("Geen dossiers"))).to_be_visible()


def test_the_chairs_overview_and_reassignment_are_accessible(page, live_server, criteria_set):
    chair = UserFactory(username="voorzitter", voorzitter=True)
    UserFactory(username="regisseur2", regisseur=True, first_name="Sanne", last_name="Bos")
    dossier = started()
    sign_in(page, live_server, chair)
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="PGA-dossiers").click()
    expect(page.get_by_role("heading", name="PGA-dossiers", level=1)).to_be_visible()
    assert_accessible(page, "alle dossiers")
    page.get_by_role("link", name=f"Toewijzen {dossier.casus.reference}").click()
    assert_accessible(page, "toewijzen")
    page.get_by_label("Nieuwe procesregisseur").select_option(label="Sanne Bos")
    page.get_by_label("Reden").fill("Verlof")
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_text("Het dossier is aan de nieuwe procesregisseur toegewezen.")).to_be_visible()
    assert PgaDossier.objects.get(pk=dossier.pk).procesregisseur.username == "regisseur2"
