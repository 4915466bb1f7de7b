"""The report page in a real browser: the navigation item, a period change, a CSV download, axe-core clean.

The page runs no script of its own (the charts are SVG made on the server), so this checks that
the strict CSP costs nothing: every chart is there and the form works with a plain GET.
"""

import re

import pytest
from playwright.sync_api import expect

from participants.constants import Role
from participants.tests.factories import UserFactory
from reports.tests.cases import build_spring
from tests.browser.test_accessibility import blocking_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_management_changes_the_period_and_downloads_a_table(page, live_server, screenshot, criteria_set):
    build_spring()
    user = UserFactory(username="rapportage", roles=[Role.RAPPORTAGE])
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Rapportage").click()
    expect(page.get_by_role("heading", name="Rapportage", level=1)).to_be_visible()
    violations = blocking_violations(page)
    assert violations == [], describe(violations)

    page.get_by_label("Periode", exact=True).select_option(label="Maand")
    page.get_by_label("Met de dag").fill("2026-03-15")
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_text("Maart 2026, vergeleken met februari 2026.")).to_be_visible()
    capacity = page.get_by_role("table", name="Capaciteit per triage")
    expect(capacity.get_by_role("row", name="26-03-2026")).to_have_text(re.compile(r"26-03-2026\s*4\s*3\s*2\s*1"))
    # Twelve charts, less the two whose tables are empty in March (checks and actions) and the two
    # breakdowns withheld: March's four registrations (3 + 1 by kind, 2 + 1 + 1 by municipality)
    # would each give a small count away next to the key figure.
    assert page.locator("svg.report-chart").count() == 8
    withheld = page.get_by_role("table", name=re.compile("Aanmeldingen per gemeente"))
    expect(withheld).to_contain_text("Niet uitgesplitst: met zo weinig aanmeldingen")
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
    screenshot("rapportage-maart-2026")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Uitkomsten van de screening als CSV").click()
    download = download_info.value
    assert download.suggested_filename == "rapportage-screening-20260301-20260331.csv"
    lines = open(download.path(), encoding="utf-8-sig").read().splitlines()
    assert lines[:3] == ["Besluit;Aantal", "Geaccepteerd;1", "Aanvulling gevraagd;1"]
