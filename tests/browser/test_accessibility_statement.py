"""The toegankelijkheidsverklaring: reachable from the footer without logging in, and axe-clean itself."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from participants.tests.factories import UserFactory
from tests.browser.test_accessibility import HOUSE_BLUE, blocking_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_statement_is_linked_from_the_login_page_footer_and_open_without_login(page, live_server):
    page.goto(live_server.url + reverse("login"))
    page.get_by_role("contentinfo").get_by_role("link", name="Toegankelijkheid").click()

    expect(page).to_have_url(live_server.url + reverse("accessibility_statement"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")
    # The parts of the government's model statement: status, date, basis, limitations, contact.
    for heading in ("Over deze verklaring", "Waarop deze verklaring rust", "Bekende beperkingen", "Contact"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.get_by_text("C: eerste maatregelen genomen")).to_be_visible()
    expect(page.get_by_role("row", name="Opgesteld op 30 november 2026")).to_be_visible()
    expect(page.get_by_text("axe-core 4.12")).to_be_visible()
    expect(page.get_by_role("link", name="info@zvh.example")).to_have_attribute("href", "mailto:info@zvh.example")

    expect(page.locator(".zvh-header")).to_have_css("background-color", HOUSE_BLUE)
    violations = blocking_violations(page)
    assert not violations, describe(violations)


def test_a_user_who_has_not_passed_the_code_step_can_still_read_it(page, live_server, settings):
    settings.ZVH_REQUIRE_2FA = True
    sign_in(page, live_server, UserFactory(melder=True))
    page.goto(live_server.url + reverse("accessibility_statement"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")
    violations = blocking_violations(page)  # logged in: the header with the menu is checked too
    assert not violations, describe(violations)
