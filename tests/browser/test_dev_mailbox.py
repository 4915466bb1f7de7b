"""The development mailbox of `make run` (zvh.urls_dev): readable and accessible like any other page."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from participants.tests.factories import UserFactory
from tests.browser.test_accessibility import blocking_violations, describe, sign_in
from zvh.mail.models import OutgoingMail
from zvh.mail.services import MailAttachment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("zvh.urls_dev")]


@override_settings(DEBUG=True)
def test_a_demo_user_reads_a_mail_and_finds_its_calendar_file(page, live_server):
    OutgoingMail.objects.create(
        key="triage-uitnodiging:1",
        to=["triage@politie.example"],
        subject="Uitnodiging Integrale Triage van donderdag 10 december 2026",
        body="Casusnummer ZVH-2026-00042.",
        attachments=[MailAttachment("triage.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").as_json()],
    )
    sign_in(page, live_server, UserFactory(melder=True))
    page.goto(live_server.url + "/ontwikkeling/postvak/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Postvak (alleen in ontwikkeling)")
    assert blocking_violations(page) == [], describe(blocking_violations(page))

    page.get_by_role("link", name="Uitnodiging Integrale Triage van donderdag 10 december 2026").click()
    expect(page.get_by_text("Casusnummer ZVH-2026-00042.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="triage.ics").click()
    assert download.value.suggested_filename == "triage.ics"
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
