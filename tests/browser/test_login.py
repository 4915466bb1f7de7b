"""A melder logs in, finds their start page, and logs out again, in a real browser."""

import pytest
from playwright.sync_api import expect

from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def login(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_melder_logs_in_sees_own_cases_and_logs_out(page, live_server, screenshot):
    melder = UserFactory(username="agent", melder=True)
    casus = CasusFactory(melder=melder, submitted=True)
    BetrokkeneFactory(casus=casus, first_names="Piet", surname="Puk")

    login(page, live_server, "agent")
    expect(page.get_by_role("heading", name="Welkom")).to_be_visible()
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Mijn aanmeldingen").click()
    expect(page.get_by_role("heading", name="Mijn aanmeldingen")).to_be_visible()
    expect(page.get_by_role("cell", name="Piet Puk")).to_be_visible()
    screenshot("melder-mijn-aanmeldingen")

    page.get_by_role("link", name=casus.reference).click()
    expect(page.get_by_role("heading", name=f"Casus {casus.reference}")).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def test_wrong_password_gives_a_dutch_error_and_keeps_the_username(page, live_server):
    UserFactory(username="agent", melder=True)
    login(page, live_server, "agent", password="fout")
    expect(page.get_by_role("alert")).to_contain_text("gebruikersnaam en wachtwoord")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("agent")


def test_pages_load_no_external_resources(page, live_server):
    """Everything is served locally (no CDN): every request goes to the live server."""
    UserFactory(username="voorzitter", voorzitter=True)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    login(page, live_server, "voorzitter")
    page.get_by_role("link", name="Screening").first.click()
    expect(page.get_by_role("heading", name="Screening")).to_be_visible()
    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested


def test_with_two_factor_login_the_melder_links_an_app_then_confirms_a_code(page, live_server, screenshot, settings):
    """The real login: password, then the QR code and key, then a code from the app (computed as an app does)."""
    import base64

    from django_otp.oath import totp

    settings.ZVH_REQUIRE_2FA = True
    UserFactory(username="agent", melder=True)

    login(page, live_server, "agent")
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code om uw authenticator-app te koppelen")).to_be_visible()
    screenshot("tweestapsverificatie-instellen")
    typed_key = page.locator("code.user-select-all").inner_text().replace(" ", "")
    code = f"{totp(base64.b32decode(typed_key + '=' * (-len(typed_key) % 8))):06d}"
    page.get_by_label("Code uit uw authenticator-app").fill(code)
    page.get_by_role("button", name="Koppelen en doorgaan").click()
    expect(page.get_by_role("heading", name="Welkom")).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, "agent")
    expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
    page.get_by_label("Code uit uw authenticator-app").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_text("Deze code klopt niet of is verlopen")).to_be_visible()
