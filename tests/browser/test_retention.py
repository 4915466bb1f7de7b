"""A chair finds a case due for deletion and keeps it longer, in a real browser, with axe on each page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.tests.factories import UserFactory
from retention.models import RetentionExtension
from retention.tests.endings import withdrawn
from tests.browser.test_accessibility import blocking_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, name: str) -> None:
    violations = blocking_violations(page)
    assert violations == [], f"{name}:\n{describe(violations)}"


def test_the_chair_extends_a_case_due_for_deletion(page, live_server, screenshot, policy):
    chair = UserFactory(username="voorzitter", voorzitter=True, first_name="Anna", last_name="de Wit")
    # Withdrawn 175 days ago: the six months end within the coming 30 days.
    casus = withdrawn(timezone.now() - datetime.timedelta(days=175))
    reference = casus.reference

    sign_in(page, live_server, chair)
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Bewaartermijnen").click()
    expect(page.get_by_role("heading", name="Bewaartermijnen", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Ingetrokken door de melder")).to_be_visible()
    assert_accessible(page, "Bewaartermijnen")
    screenshot("bewaartermijnen")

    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"Bewaartermijn casus {reference}")).to_be_visible()
    assert_accessible(page, "bewaartermijn casus")

    # Without a reason: refused in Dutch, the date typed stays.
    new_date = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    page.get_by_label("Nieuwe verwijderdatum").fill(new_date)
    page.get_by_role("button", name="Bewaartermijn verlengen").click()
    expect(page.get_by_text("Geef de reden van de verlenging.")).to_be_visible()
    expect(page.get_by_label("Nieuwe verwijderdatum")).to_have_value(new_date)
    assert_accessible(page, "verlengen geweigerd")

    page.get_by_label("Reden van de verlenging").fill("De melder heeft een klacht ingediend.")
    page.get_by_role("button", name="Bewaartermijn verlengen").click()
    expect(page.get_by_text("De bewaartermijn is verlengd.")).to_be_visible()
    expect(page.get_by_role("cell", name="De melder heeft een klacht ingediend.")).to_be_visible()
    assert_accessible(page, "verlengd")
    assert RetentionExtension.objects.get(casus=casus).new_date.isoformat() == new_date
