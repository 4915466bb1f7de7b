"""A chair screens a registration, rejects it, records the contact, and it leaves the queue."""

import pytest
from playwright.sync_api import expect

from intake.constants import CasusStatus
from intake.models import Casus
from participants.tests.factories import UserFactory
from tests.browser.test_login import login
from triage.tests.screening_helpers import registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_rejects_a_case_records_the_contact_and_it_leaves_the_queue(
    page, live_server, screenshot, criteria_set
):
    melder = UserFactory(melder=True, email="melder@politie.example", phone="030-1234567")
    casus = registration(melder=melder, criteria_set=criteria_set)
    other = registration(melder=melder, criteria_set=criteria_set)
    UserFactory(username="voorzitter", voorzitter=True)

    login(page, live_server, "voorzitter")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Screening").click()
    expect(page.get_by_role("heading", name="Screening", exact=True)).to_be_visible()
    expect(page.get_by_role("rowheader", name="Triage van donderdag 10 december 2026")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=casus.reference)
    expect(row).to_contain_text("Jansen")
    screenshot("voorzitter-screening-wachtrij")

    row.get_by_role("link", name=casus.reference).click()
    expect(page.get_by_role("heading", name=f"Casus {casus.reference}")).to_be_visible()
    expect(page.get_by_role("heading", name="Voortoets van de melder")).to_be_visible()
    expect(page.get_by_role("group", name="Voldoet de casus aan criterium 1?")).to_be_visible()

    # Rejecting without a category or advice: Dutch errors at the fields, the text stays.
    page.get_by_role("group", name="Uw besluit").get_by_label("Afwijzen").check()
    page.get_by_label("Motivering van uw besluit").fill("De betrokkene woont in Arnhem.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies de reden van de afwijzing.")
    expect(page.get_by_label("Motivering van uw besluit")).to_have_value("De betrokkene woont in Arnhem.")

    page.get_by_role("group", name="Reden van de afwijzing").get_by_label("Andere regio").check()
    page.get_by_label("Advies aan de melder").fill("Meld de casus aan bij het ZVH Gelderland-Midden.")
    screenshot("voorzitter-screening-afwijzen")
    page.get_by_role("button", name="Besluit vastleggen").click()

    expect(page.get_by_role("heading", name="Contact met de melder vastleggen")).to_be_visible()
    expect(page.get_by_text("030-1234567")).to_be_visible()
    page.get_by_role("group", name="Hoe heeft u de melder geïnformeerd?").get_by_label("Telefonisch").check()
    page.get_by_label("Korte notitie").fill("Melder gebeld en de reden toegelicht.")
    screenshot("voorzitter-contact-vastleggen")
    page.get_by_role("button", name="Contact vastleggen en aanmelding verwijderen").click()

    # Back on the case: the deletion (here done at once by the eager task) is said, with the number only.
    expect(page.get_by_role("heading", name="Deze aanmelding is verwijderd")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Het contact met de melder is vastgelegd.")
    expect(page.get_by_text(f"Aanmelding {casus.reference} is op")).to_be_visible()
    expect(page.get_by_text("Jansen")).to_have_count(0)
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Screening").click()
    expect(page.get_by_role("heading", name="Screening", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=casus.reference)).to_have_count(0)
    expect(page.get_by_role("link", name=other.reference)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Andere regio")).to_contain_text("1")
    screenshot("voorzitter-screening-na-afwijzing")

    deleted = Casus.objects.get(pk=casus.pk)
    assert deleted.status == CasusStatus.VERWIJDERD
    assert not deleted.betrokkenen.exists()
