"""The retention policy in "Beheer": the functioneel beheerder keeps it, as versions.

Version 1 (the documented defaults) is active after migrate. A change is a new version, made
with "Nieuwe versie maken" and put in use with "Activeren"; old versions stay. A version that was
put in force (or that a deletion or an extension refers to) is frozen: read-only, refused on
POST, never deleted; its activations say when it applied.
"""

import datetime

import pytest
from django.urls import reverse

from participants.tests.factories import UserFactory
from retention.models import RetentionPolicy, RetentionPolicyActivation
from retention.schedule import schedule_of

from .endings import local, withdrawn

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:retention_retentionpolicy_changelist")


def change_url(version) -> str:
    return reverse("admin:retention_retentionpolicy_change", args=[version.pk])


def form_data(version, **overrides) -> dict:
    return {
        "version": version.version,
        "concept_months": version.concept_months,
        "withdrawn_months": version.withdrawn_months,
        "rejected_months": version.rejected_months,
        "no_pga_months": version.no_pga_months,
        "pga_closed_months": version.pga_closed_months,
        "motivation": version.motivation,
        **overrides,
    }


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(beheerder=True))
    return client


def test_version_1_holds_the_documented_defaults(policy):
    assert (
        policy.is_active,
        policy.concept_months,
        policy.withdrawn_months,
        policy.rejected_months,
        policy.no_pga_months,
        policy.pga_closed_months,
    ) == (True, 3, 6, 0, 24, 60)


@pytest.mark.parametrize("trait", ["voorzitter", "regisseur", "melder"])
def test_only_the_functioneel_beheerder_reaches_the_policy(client, policy, trait):
    client.force_login(UserFactory(**{trait: True}, is_staff=True))
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_new_version_changes_the_deletion_dates_once_activated(admin_client, policy):
    casus = withdrawn(local(2027, 3, 10))
    assert admin_client.get(CHANGELIST).status_code == 200
    admin_client.post(CHANGELIST, {"action": "make_new_version", "_selected_action": [policy.pk]})
    draft = RetentionPolicy.objects.get(version=2)
    assert not draft.is_active
    response = admin_client.post(change_url(draft), form_data(draft, withdrawn_months=3))
    assert response.status_code == 302
    assert schedule_of(casus).deletion_date == datetime.date(2027, 9, 10)  # the draft is not in use yet
    admin_client.post(CHANGELIST, {"action": "activate", "_selected_action": [draft.pk]})
    assert schedule_of(casus).deletion_date == datetime.date(2027, 6, 10)
    assert list(RetentionPolicy.objects.order_by("version").values_list("version", "is_active")) == [
        (1, False),
        (2, True),
    ]


def test_a_version_is_frozen_once_in_force_and_its_activations_are_its_history(admin_client, policy):
    beheerder = admin_client.get(CHANGELIST).wsgi_request.user
    admin_client.post(CHANGELIST, {"action": "make_new_version", "_selected_action": [policy.pk]})
    draft = RetentionPolicy.objects.get(version=2)
    assert admin_client.post(change_url(draft), form_data(draft, no_pga_months=12)).status_code == 302
    admin_client.post(CHANGELIST, {"action": "activate", "_selected_action": [draft.pk]})

    for version in (policy, draft):
        page = admin_client.get(change_url(version)).content.decode()
        assert "is al gebruikt als geldend bewaarbeleid" in page
        assert admin_client.post(change_url(version), form_data(version, withdrawn_months=1)).status_code == 403
        delete = reverse("admin:retention_retentionpolicy_delete", args=[version.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert list(
        RetentionPolicy.objects.order_by("version").values_list("version", "withdrawn_months", "no_pga_months")
    ) == [
        (1, 6, 24),
        (2, 6, 12),
    ]
    assert list(RetentionPolicyActivation.objects.order_by("id").values_list("policy__version", "activated_by")) == [
        (1, None),
        (2, beheerder.pk),
    ]


def test_a_period_over_ten_years_is_refused_with_a_dutch_message(admin_client, policy):
    admin_client.post(CHANGELIST, {"action": "make_new_version", "_selected_action": [policy.pk]})
    draft = RetentionPolicy.objects.get(version=2)
    response = admin_client.post(change_url(draft), form_data(draft, pga_closed_months=600))
    assert response.status_code == 200
    assert "Zorg ervoor dat deze waarde hoogstens 120 is." in response.content.decode()
    assert RetentionPolicy.objects.get(pk=draft.pk).pga_closed_months == 60
