"""A melder fills the registration form on a phone-sized screen, in a real browser."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intake.constants import CasusStatus
from intake.models import Casus
from intake.tests.factories import CasusFactory
from participants.tests.factories import MunicipalityFactory, UserFactory
from tests.browser.test_login import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def person(page, number: int):
    return page.get_by_role("group", name=f"Persoon {number}", exact=True)


def fill_person(page, number: int, first_names: str, surname: str, date_of_birth: str) -> None:
    group = person(page, number)
    group.get_by_label("Voornamen").fill(first_names)
    group.get_by_label("Achternaam").fill(surname)
    group.get_by_label("Geboortedatum").fill(date_of_birth)
    group.get_by_label("Gemeente").select_option(label="Utrecht")


def assert_fits_the_screen(page) -> None:
    """Nothing sticks out sideways: no horizontal scrolling on a phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def open_form(page, live_server, criteria_set):
    melder = UserFactory(username="agent", melder=True)
    MunicipalityFactory(name="Utrecht")
    casus = CasusFactory(melder=melder)
    page.set_viewport_size(PHONE)
    login(page, live_server, "agent")
    page.goto(live_server.url + reverse("intake:registration_edit", kwargs={"casus_id": casus.pk}))
    expect(page.get_by_role("heading", name="Aanmelding", exact=True)).to_be_visible()
    return casus


def test_melder_registers_a_household_on_a_phone_and_gets_a_reference(page, live_server, screenshot, criteria_set):
    casus = open_form(page, live_server, criteria_set)
    expect(page.get_by_text(re.compile(r"^Meld vóór \w+dag \d+ \w+ 16:00 aan"))).to_be_visible()
    assert_fits_the_screen(page)

    fill_person(page, 1, "Fatima", "El Amrani", "1984-05-12")
    person(page, 1).get_by_label("BSN").fill("111 222 333")
    # Autosave: a few seconds after typing, the concept is saved and the page says so.
    expect(page.locator("#autosave-status")).to_contain_text("Concept automatisch opgeslagen om", timeout=15_000)

    page.get_by_role("button", name="Persoon toevoegen").click()
    expect(person(page, 2)).to_be_visible()
    fill_person(page, 2, "Yusuf", "El Amrani", "2012-09-01")
    person(page, 2).get_by_label("Rol in de casus").fill("zoon")

    page.get_by_label("Aanleiding", exact=True).fill("Meerdere meldingen van overlast en zorgen om de zoon.")
    page.get_by_label("Wonen", exact=True).fill("Huurachterstand, dreigende ontruiming.")
    page.get_by_label("Psychische gezondheid").fill("Moeder heeft onbehandelde klachten.")
    for number in (1, 2, 3):
        page.get_by_label(f"Criterium {number}:").fill(f"Toelichting bij criterium {number}.")
    page.get_by_label("Ja, de betrokkene is geïnformeerd").check()
    page.get_by_label("Ik verklaar dat ik verantwoordelijk ben").check()
    screenshot("melder-aanmeldformulier-telefoon")

    page.get_by_role("button", name="Indienen").click()

    expect(page.get_by_role("heading", name="Aanmelding ontvangen")).to_be_visible()
    casus = Casus.objects.get(pk=casus.pk)
    assert casus.status == CasusStatus.AANGEMELD
    expect(page.get_by_text(casus.reference).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"donderdag \d+ \w+ \d{4}")).first).to_be_visible()
    assert_fits_the_screen(page)
    screenshot("melder-aanmelding-bevestiging-telefoon")

    # The autosave and the button did not store the first person twice.
    assert sorted(casus.betrokkenen.values_list("first_names", flat=True)) == ["Fatima", "Yusuf"]
    assert casus.betrokkenen.get(first_names="Fatima").bsn == "111222333"

    page.get_by_role("link", name="Status van deze aanmelding bekijken").click()
    expect(page.get_by_role("heading", name=f"Casus {casus.reference}")).to_be_visible()


def test_after_a_session_timeout_the_form_says_what_was_saved(page, live_server, criteria_set):
    casus = open_form(page, live_server, criteria_set)
    page.get_by_label("Aanleiding", exact=True).fill("Voor de time-out getypt.")
    expect(page.locator("#autosave-status")).to_contain_text("automatisch opgeslagen", timeout=15_000)

    page.context.clear_cookies(name="sessionid")  # the server forgot the session
    page.get_by_label("Zorgen", exact=True).fill("Na de time-out getypt.")

    status = page.locator("#autosave-status")
    expect(status).to_contain_text(
        re.compile(r"Uw sessie is verlopen; uw concept tot \d\d:\d\d is bewaard."), timeout=15_000
    )
    expect(status.get_by_role("link", name="Log opnieuw in.")).to_be_visible()
    assert Casus.objects.get(pk=casus.pk).aanleiding == "Voor de time-out getypt."
