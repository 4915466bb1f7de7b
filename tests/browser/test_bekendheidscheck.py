"""The bekendheidscheck end to end: the police partner answers "bekend", the chair asks for the
information, the partner gives it, and the chair reads it on the verrijking page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intake.constants import CasusStatus
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.constants import OrganisationKind as K
from participants.tests.factories import OrganisationFactory, UserFactory
from tests.browser.test_login import login
from triage.services.verrijking import bekendheidscheck_request_all
from zvh.calendar.scheduling import triage_date_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AANLEIDING = "Aanleiding die de partner nooit ziet"


def logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def nav(page, name):
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name=name).click()


def test_partner_answers_chair_asks_information_partner_gives_it(page, live_server, screenshot):
    zvh = OrganisationFactory(name="Zorg- en Veiligheidshuis", kind=K.ZVH)
    politie = OrganisationFactory(name="Politie Midden-Nederland", kind=K.POLITIE, email="bekendheid@politie.example")
    OrganisationFactory(name="GGZ Centraal", kind=K.GGZ, email="bekendheid@ggz.example")
    chair = UserFactory(username="voorzitter", voorzitter=True, organisation=zvh)
    UserFactory(username="partner-politie", ketenpartner=True, organisation=politie)
    melder = UserFactory(melder=True, organisation=OrganisationFactory(name="Gemeente Utrecht", kind=K.GEMEENTE))
    casus = CasusFactory(
        melder=melder,
        submitted=True,
        status=CasusStatus.IN_VERRIJKING,
        target_triage_date=triage_date_for(timezone.now()),
        aanleiding=AANLEIDING,
    )
    BetrokkeneFactory(
        casus=casus,
        first_names="Piet",
        surname="Puk",
        bsn="123456782",
        street_address="Dorpsstraat 1",
        postal_code="3511 AA",
        city="Utrecht",
    )
    bekendheidscheck_request_all(casus=casus, by=chair)

    # The police partner finds the request in its queue and answers "bekend".
    login(page, live_server, "partner-politie")
    nav(page, "Bekendheidschecks")
    expect(page.get_by_role("heading", name="Bekendheidschecks")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=casus.reference)
    expect(row).to_contain_text("Piet Puk")
    expect(row).to_contain_text("Antwoord gevraagd")
    screenshot("partner-bekendheidschecks")

    row.get_by_role("link", name=casus.reference).click()
    expect(page.get_by_role("heading", name=f"Bekendheidscheck casus {casus.reference}")).to_be_visible()
    expect(page.get_by_text("123456782")).to_be_visible()
    expect(page.get_by_text("Dorpsstraat 1, 3511 AA Utrecht")).to_be_visible()
    expect(page.get_by_text(AANLEIDING)).to_have_count(0)
    page.get_by_role("group", name="Is (een van) de betrokkene(n) bij uw organisatie bekend?").get_by_label(
        "Bekend", exact=True
    ).check()
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_role("status").filter(has_text="uw antwoord is doorgegeven")).to_be_visible()
    logout(page)

    # The chair sees the answer, and that GGZ has not answered yet, and asks for information.
    login(page, live_server, "voorzitter")
    nav(page, "Verrijking")
    page.get_by_role("link", name=casus.reference).click()
    expect(page.get_by_role("heading", name=f"Verrijking casus {casus.reference}")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="GGZ Centraal")).to_contain_text("Nog niet beantwoord")
    politie_row = page.get_by_role("row").filter(has_text="Politie Midden-Nederland")
    expect(politie_row).to_contain_text("Bekend")
    politie_row.get_by_role("link", name="Informatie vragen").click()
    page.get_by_label("Welke informatie heeft u van deze partner nodig?").fill(
        "Zijn er recente meldingen van overlast of geweld?"
    )
    page.get_by_role("button", name="Vraag versturen").click()
    expect(page.get_by_role("status").filter(has_text="De vraag staat klaar")).to_be_visible()
    logout(page)

    # The partner reads the question and gives the information with a contact person.
    login(page, live_server, "partner-politie")
    nav(page, "Bekendheidschecks")
    page.get_by_role("link", name=casus.reference).click()
    expect(page.get_by_text("Zijn er recente meldingen van overlast of geweld?")).to_be_visible()
    page.get_by_label("Informatie vanuit uw organisatie").fill("Twee meldingen van overlast in de afgelopen maand.")
    page.get_by_label("Contactpersoon").fill("Wijkagent De Vries, 06-12345678")
    page.get_by_role("button", name="Informatie versturen").click()
    expect(page.get_by_role("status").filter(has_text="de informatie is doorgegeven")).to_be_visible()
    expect(page.get_by_text("Twee meldingen van overlast in de afgelopen maand.")).to_be_visible()
    expect(page.get_by_role("button", name="Antwoord versturen")).to_have_count(0)
    expect(page.get_by_role("button", name="Informatie versturen")).to_have_count(0)
    screenshot("partner-bekendheidscheck-informatie-gegeven")
    logout(page)

    # The chair reads it on the verrijking page.
    login(page, live_server, "voorzitter")
    page.goto(f"{live_server.url}/triage/casus/{casus.pk}/verrijking/")
    politie_row = page.get_by_role("row").filter(has_text="Politie Midden-Nederland")
    expect(politie_row).to_contain_text("Twee meldingen van overlast in de afgelopen maand.")
    expect(politie_row).to_contain_text("Wijkagent De Vries, 06-12345678")
    screenshot("voorzitter-verrijking")
