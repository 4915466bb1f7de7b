"""A chair reaches every preparation step of a case in verrijking from the case itself."""

import pytest
from django.urls import reverse

from intake.constants import CasusStatus
from intake.tests.factories import CasusFactory
from participants.tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["intake:casus_detail", "triage:verrijking", "triage:weighing", "triage:dossier"])
def test_case_in_verrijking_links_to_every_step(client, weighing_model, page):
    casus = CasusFactory(submitted=True, status=CasusStatus.IN_VERRIJKING)
    client.force_login(UserFactory(voorzitter=True))
    response = client.get(reverse(page, args=[casus.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for step in ("triage:verrijking", "triage:weighing", "triage:dossier", "triage:dossier_pdf"):
        assert f'href="{reverse(step, args=[casus.pk])}"' in html, step


@pytest.mark.django_db
def test_case_waiting_for_screening_has_no_verrijking_links(client):
    casus = CasusFactory(submitted=True)
    client.force_login(UserFactory(voorzitter=True))
    html = client.get(reverse("intake:casus_detail", args=[casus.pk])).content.decode()
    assert reverse("triage:dossier", args=[casus.pk]) not in html


@pytest.mark.django_db
@pytest.mark.parametrize("status", [CasusStatus.PGA, CasusStatus.BESPROKEN_GEEN_PGA, CasusStatus.AFGESLOTEN])
def test_partner_information_is_gone_for_the_chair_after_the_triage_decision(client, status):
    casus = CasusFactory(submitted=True, status=status)
    client.force_login(UserFactory(voorzitter=True))
    assert client.get(reverse("triage:verrijking", args=[casus.pk])).status_code == 404
