"""axe-core (WCAG 2.1 A/AA) on the pages of Beheer, the Django admin of the functional administrator.

Django's admin is ours to keep accessible too (extranets fall under the Dutch rule): the
breadcrumbs, the tabular inlines of the de-escalatiemodel and the forms are checked here, in the
state with the most on the page (an editable new version with its rows).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from participants.tests.factories import OrganisationFactory, UserFactory
from tests.browser.test_accessibility import blocking_violations, describe, sign_in
from triage.models import WeighingModel
from triage.services.weighing import WEIGHING_MODELS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def beheerder(page, live_server):
    user = UserFactory(beheerder=True)
    sign_in(page, live_server, user)
    return user


def editable_weighing_model(weighing_model, beheerder) -> WeighingModel:
    """A new, unused version: its dimensions are editable inline rows (the published one is frozen)."""
    return WEIGHING_MODELS.new_version(version=weighing_model, by=beheerder)


BEHEER_PAGES = {
    "index": lambda **_: reverse("admin:index"),
    "gebruikers": lambda **_: reverse("admin:participants_user_changelist"),
    "gebruiker": lambda beheerder, **_: reverse("admin:participants_user_change", args=[beheerder.pk]),
    "organisatie-nieuw": lambda **_: reverse("admin:participants_organisation_add"),
    "criteriasets": lambda **_: reverse("admin:intake_criteriaset_changelist"),
    "criteriaset": lambda criteria_set, **_: reverse("admin:intake_criteriaset_change", args=[criteria_set.pk]),
    "wegingsmodel": lambda weighing_model, beheerder, **_: reverse(
        "admin:triage_weighingmodel_change", args=[editable_weighing_model(weighing_model, beheerder).pk]
    ),
    "triagevergaderingen": lambda **_: reverse("admin:triage_triagemeeting_changelist"),
    # Operations (issue 17): the cutoff runs with "Cutoff nu uitvoeren", the recurring jobs, the outbox.
    "cutoff-runs": lambda **_: reverse("admin:triage_cutoffrun_changelist"),
    "terugkerende-taken": lambda **_: reverse("admin:jobs_jobrecord_changelist"),
    "uitgaande-e-mails": lambda **_: reverse("admin:mail_outgoingmail_changelist"),
}


@pytest.mark.parametrize("name", list(BEHEER_PAGES))
def test_beheer_pages_have_no_serious_wcag_violations(
    page, live_server, beheerder, criteria_set, weighing_model, name
):
    OrganisationFactory()
    path = BEHEER_PAGES[name](beheerder=beheerder, criteria_set=criteria_set, weighing_model=weighing_model)
    page.goto(live_server.url + path)
    expect(page.locator("#content")).to_be_visible()
    violations = blocking_violations(page)
    assert violations == [], describe(violations)


def test_every_input_of_the_weighing_models_inline_rows_has_a_name(page, live_server, beheerder, weighing_model):
    model = editable_weighing_model(weighing_model, beheerder)
    page.goto(live_server.url + reverse("admin:triage_weighingmodel_change", args=[model.pk]))
    expect(page.get_by_role("textbox", name="Dimensie, rij 1")).to_be_visible()
    unnamed = page.eval_on_selector_all(
        ".inline-group tbody input:not([type=hidden]), .inline-group tbody textarea",
        "els => els.filter(e => !e.getAttribute('aria-label') && !e.labels.length).length",
    )
    assert unnamed == 0
