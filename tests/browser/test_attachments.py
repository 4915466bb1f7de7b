"""A melder adds and removes attachments in a real browser, inside the registration form and on
the case page, without losing what they typed; the chair downloads one."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intake.models import Attachment
from intake.tests.factories import CasusFactory
from participants.tests.factories import UserFactory

from .test_login import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<html><script>alert(1)</script></html>"


def pdf(name: str, content: bytes = PDF) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


@pytest.fixture
def remove_files():
    yield
    for attachment in Attachment.objects.all():
        attachment.file.delete(save=False)


def test_melder_adds_and_removes_an_attachment_inside_the_registration_form(
    page, live_server, screenshot, criteria_set, remove_files
):
    melder = UserFactory(username="agent", melder=True)
    casus = CasusFactory(melder=melder)
    login(page, live_server, "agent")
    page.goto(live_server.url + reverse("intake:registration_edit", kwargs={"casus_id": casus.pk}))
    page.get_by_label("Aanleiding").fill("Nog niet opgeslagen tekst")
    section = page.locator("#bijlagen")

    section.get_by_label("Nieuwe bijlage").set_input_files(pdf("verslag.pdf", HTML))
    section.get_by_role("button", name="Bijlage toevoegen").click()
    expect(section).to_contain_text("De inhoud van dit bestand is geen PDF-bestand")

    section.get_by_label("Nieuwe bijlage").set_input_files(pdf("verslag wijkagent.pdf"))
    section.get_by_role("button", name="Bijlage toevoegen").click()
    expect(section.get_by_role("status")).to_have_text("De bijlage is toegevoegd.")
    expect(section.get_by_role("link", name="verslag wijkagent.pdf")).to_be_visible()
    expect(page.get_by_label("Aanleiding")).to_have_value("Nog niet opgeslagen tekst")
    assert Attachment.objects.filter(casus=casus).count() == 1
    screenshot("bijlagen-in-aanmeldformulier")

    page.once("dialog", lambda dialog: dialog.accept())
    section.get_by_role("button", name="Verwijderen verslag wijkagent.pdf").click()
    expect(section.get_by_role("status")).to_have_text("De bijlage is verwijderd.")
    expect(section).to_contain_text("Er zijn geen bijlagen.")
    expect(page.get_by_label("Aanleiding")).to_have_value("Nog niet opgeslagen tekst")
    assert not Attachment.objects.exists()


def test_melder_adds_an_attachment_on_the_case_page_and_the_chair_downloads_it(
    page, live_server, browser, remove_files
):
    melder = UserFactory(username="agent", melder=True)
    casus = CasusFactory(melder=melder)
    login(page, live_server, "agent")
    page.goto(live_server.url + reverse("intake:casus_detail", kwargs={"casus_id": casus.pk}))
    section = page.locator("#bijlagen")
    section.get_by_label("Nieuwe bijlage").set_input_files(pdf("verslag.pdf"))
    section.get_by_role("button", name="Bijlage toevoegen").click()
    expect(section.get_by_role("link", name="verslag.pdf")).to_be_visible()

    casus.status = "aangemeld"
    casus.reference = "ZVH-2026-00042"
    casus.save()
    UserFactory(username="voorzitter", voorzitter=True)
    context = browser.new_context(accept_downloads=True)
    chair = context.new_page()
    login(chair, live_server, "voorzitter")
    chair.goto(live_server.url + reverse("intake:casus_detail", kwargs={"casus_id": casus.pk}))
    with chair.expect_download() as download:
        chair.get_by_role("link", name="verslag.pdf").click()
    assert download.value.suggested_filename == "verslag.pdf"
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == PDF
    context.close()
