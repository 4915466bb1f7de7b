"""A melder sees that the ZVH has a question, answers it, and sees the case return to screening."""

import pytest
from playwright.sync_api import expect

from intake.constants import CasusStatus
from intake.services.melder import information_request_create
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.tests.factories import UserFactory
from tests.browser.test_login import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_melder_answers_the_zvh_question_and_the_case_returns_to_screening(page, live_server, screenshot):
    melder = UserFactory(username="agent", melder=True)
    casus = CasusFactory(melder=melder, submitted=True)
    BetrokkeneFactory(casus=casus, first_names="Piet", surname="Puk")
    CasusFactory(melder=melder, submitted=True, status=CasusStatus.IN_VERRIJKING)
    information_request_create(
        casus=casus, by=UserFactory(voorzitter=True), question="Welke hulpverlening loopt er al?"
    )

    login(page, live_server, "agent")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Mijn aanmeldingen").click()
    row = page.get_by_role("row").filter(has_text=casus.reference)
    expect(row).to_contain_text("Het ZVH heeft een vraag aan u.")
    expect(row).to_contain_text("Actie nodig")
    expect(row).to_contain_text("Welke hulpverlening loopt er al?")
    screenshot("melder-mijn-aanmeldingen-vraag")

    # The filter "Actie nodig" leaves only this case.
    page.get_by_label("Status").select_option(label="Actie nodig")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("row")).to_have_count(2)  # header + one case

    row.get_by_role("link", name="Vraag beantwoorden").click()
    expect(page.get_by_role("heading", name="Vraag van het ZVH beantwoorden")).to_be_visible()
    expect(page.get_by_text("Welke hulpverlening loopt er al?")).to_be_visible()

    # Sending nothing gives a Dutch error at the field; then the real answer.
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("Vul uw antwoord in.")).to_be_visible()
    page.get_by_label("Uw antwoord").fill("Het wijkteam is sinds maart betrokken.")
    screenshot("melder-vraag-beantwoorden")
    page.get_by_role("button", name="Antwoord versturen").click()

    expect(page.get_by_role("heading", name=f"Casus {casus.reference}")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("uw antwoord is verstuurd")
    expect(page.get_by_text("Wacht op screening door het ZVH.")).to_be_visible()
    expect(page.get_by_text("Het wijkteam is sinds maart betrokken.")).to_be_visible()
    expect(page.get_by_role("link", name="Vraag beantwoorden")).to_have_count(0)
    screenshot("melder-casus-na-antwoord")

    casus.refresh_from_db()
    assert casus.status == CasusStatus.AANGEMELD
