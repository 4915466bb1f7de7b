"""A melder runs the pre-check in a real browser, gets "nee" with a reason, and registers anyway."""

import re

import pytest
from playwright.sync_api import expect

from participants.tests.factories import MunicipalityFactory, UserFactory
from tests.browser.test_login import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(page, number: int, choice: str) -> None:
    page.get_by_role("group", name=re.compile(rf"^{number}\. ")).get_by_label(choice, exact=True).check()


def test_melder_gets_a_negative_advice_and_still_continues_to_the_form(page, live_server, screenshot, criteria_set):
    UserFactory(username="agent", melder=True)
    MunicipalityFactory(name="Utrecht", in_region=True)

    login(page, live_server, "agent")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Mijn aanmeldingen").click()
    page.get_by_role("link", name="Nieuwe aanmelding").click()
    expect(page.get_by_role("heading", name="Hoort mijn casus thuis in het Zorg- en Veiligheidshuis?")).to_be_visible()

    answer(page, 1, "Ja")
    answer(page, 2, "Nee")  # no cooperation across chains needed: criterion 2 fails
    answer(page, 3, "Ja")
    answer(page, 4, "Nee")
    page.get_by_label("In welke gemeente woont de betrokkene?").select_option(label="Utrecht")
    screenshot("melder-voortoets-vragen")
    page.get_by_role("button", name="Bekijk het advies").click()

    expect(page.get_by_role("heading", name="Advies: nee")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="criterium 2")).to_be_visible()
    expect(page.get_by_text("reguliere route")).to_be_visible()
    screenshot("melder-voortoets-advies-nee")

    page.get_by_role("button", name="Toch aanmelden").click()
    expect(page).to_have_url(re.compile(r"/aanmeldingen/casus/[0-9a-f-]{36}/bewerken/$"))
