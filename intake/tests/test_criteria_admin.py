"""Functional administration of the versioned criteria sets in "Beheer".

A used set (a pre-check or a casus refers to it) is history: read-only in the admin, refused on
POST, never deleted. Changes are published as a new version ("Nieuwe versie maken") and put in
use with "Activeren", which leaves exactly one set active.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from intake.models import CriteriaSet, Criterion, PreCheck
from intake.services.criteria import criteria_set_activate, criteria_set_delete, criteria_set_new_version
from intake.tests.factories import CasusFactory
from participants.constants import Role
from participants.roles import ROLE_PERMISSIONS
from participants.tests.factories import UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:intake_criteriaset_changelist")


def change_url(criteria_set) -> str:
    return reverse("admin:intake_criteriaset_change", args=[criteria_set.pk])


def delete_url(criteria_set) -> str:
    return reverse("admin:intake_criteriaset_delete", args=[criteria_set.pk])


@pytest.fixture
def beheerder():
    return UserFactory(beheerder=True)


@pytest.fixture
def admin_client(client, beheerder):
    client.force_login(beheerder)
    return client


def use_in_precheck(criteria_set) -> PreCheck:
    return PreCheck.objects.create(
        melder=UserFactory(melder=True),
        criteria_set=criteria_set,
        answers={},
        organisation_may_register=True,
        advice_positive=True,
    )


def change_form_data(criteria_set, **overrides) -> dict:
    """What the admin change page posts: the set's fields and its inline of criteria."""
    criteria = list(criteria_set.criteria.all())
    data = {
        "version": criteria_set.version,
        "name": criteria_set.name,
        "description": criteria_set.description,
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
        "_save": "Opslaan",
    }
    for i, criterion in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": criterion.pk,
                f"criteria-{i}-criteria_set": criteria_set.pk,
                f"criteria-{i}-number": criterion.number,
                f"criteria-{i}-group": criterion.group,
                f"criteria-{i}-text": criterion.text,
                f"criteria-{i}-question": criterion.question,
                f"criteria-{i}-explanation": criterion.explanation,
            }
        )
    data.update(overrides)
    return data


def run_action(client, action: str, *sets):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [s.pk for s in sets], "index": 0}, follow=True
    )


# --- access ---------------------------------------------------------------------------------------------


def test_functioneel_beheerder_role_has_the_criteria_permissions():
    group = Group.objects.get(name=Role.FUNCTIONEEL_BEHEERDER)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert {"intake.change_criteriaset", "intake.add_criterion"} <= granted
    assert set(ROLE_PERMISSIONS[Role.FUNCTIONEEL_BEHEERDER]) <= granted


def test_beheerder_finds_the_criteria_sets_in_beheer(admin_client, criteria_set):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert CHANGELIST in index
    assert "Criteriasets" in index

    body = admin_client.get(CHANGELIST).content.decode()
    assert "Landelijk Kader Zorg- en Veiligheidshuizen" in body
    assert "In gebruik" in body
    assert "Nieuwe versie maken" in body and "Activeren" in body


@pytest.mark.parametrize("trait", ["melder", "voorzitter", "logbeheerder"])
def test_other_roles_cannot_reach_the_criteria_admin_even_as_staff(client, criteria_set, trait):
    client.force_login(UserFactory(**{trait: True}, is_staff=True))
    for url in (CHANGELIST, change_url(criteria_set)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))
    response = client.post(change_url(criteria_set), change_form_data(criteria_set, name="Gekaapt"))
    assert response.status_code == 302
    assert CriteriaSet.objects.get(pk=criteria_set.pk).name != "Gekaapt"


# Measured: 11 queries for 2 and for 8 sets. A query per row for "In gebruik" adds 8 at 8 sets and fails.
@pytest.mark.parametrize("sets", [2, 8])
def test_changelist_query_count_does_not_grow_with_sets(admin_client, beheerder, criteria_set,
                                                        django_assert_max_num_queries, sets):
    for _ in range(sets - 1):
        use_in_precheck(criteria_set_new_version(criteria_set=criteria_set, by=beheerder))
    with django_assert_max_num_queries(13):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == sets


# --- a used set is read-only -------------------------------------------------------------------------


def test_unused_set_can_be_edited(admin_client, beheerder, criteria_set):
    draft = criteria_set_new_version(criteria_set=criteria_set, by=beheerder)
    data = change_form_data(draft, name="Bredere WGS-criteria", **{"criteria-1-text": "Nieuwe tekst van criterium 2."})

    response = admin_client.post(change_url(draft), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    draft.refresh_from_db()
    assert draft.name == "Bredere WGS-criteria"
    assert draft.criteria.get(number=2).text == "Nieuwe tekst van criterium 2."
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="intake.criteriaset",
                                     object_id=str(draft.pk)).exists()


@pytest.mark.parametrize("used_by", ["precheck", "casus"])
def test_used_set_is_shown_read_only(admin_client, criteria_set, used_by):
    if used_by == "precheck":
        use_in_precheck(criteria_set)
    else:
        CasusFactory(criteria_set=criteria_set)

    response = admin_client.get(change_url(criteria_set))

    assert response.status_code == 200
    body = response.content.decode()
    assert "al gebruikt in een voortoets of aanmelding" in body
    assert 'name="version"' not in body
    assert 'name="name"' not in body
    assert 'name="criteria-0-text"' not in body
    assert 'name="_save"' not in body
    assert criteria_set.criteria.get(number=1).question in body  # still readable


def test_post_to_a_used_sets_change_page_is_refused(admin_client, criteria_set):
    use_in_precheck(criteria_set)
    original = {c.pk: (c.text, c.question) for c in criteria_set.criteria.all()}
    data = change_form_data(
        criteria_set, version=7, name="Gewijzigd", **{"criteria-0-text": "Stilletjes herschreven."}
    )

    response = admin_client.post(change_url(criteria_set), data)

    assert response.status_code == 403
    criteria_set.refresh_from_db()
    assert criteria_set.version == 1
    assert criteria_set.name == "Landelijk Kader Zorg- en Veiligheidshuizen"
    assert {c.pk: (c.text, c.question) for c in criteria_set.criteria.all()} == original


def test_criteria_of_a_used_set_cannot_be_added_through_the_inline(admin_client, criteria_set):
    use_in_precheck(criteria_set)
    data = change_form_data(criteria_set, **{
        "criteria-TOTAL_FORMS": 5, "criteria-4-number": 5, "criteria-4-group": "D",
        "criteria-4-text": "Extra", "criteria-4-question": "Extra?",
    })
    assert admin_client.post(change_url(criteria_set), data).status_code == 403
    assert criteria_set.criteria.count() == 4


def test_service_refuses_saving_a_used_set(beheerder, criteria_set):
    from intake.services.criteria import criteria_set_save

    use_in_precheck(criteria_set)
    criteria_set.name = "Anders"
    with pytest.raises(ServiceError, match="al gebruikt"):
        criteria_set_save(criteria_set=criteria_set, by=beheerder)
    assert CriteriaSet.objects.get(pk=criteria_set.pk).name != "Anders"


# --- never delete a used set -----------------------------------------------------------------------


def test_used_set_cannot_be_deleted(admin_client, beheerder, criteria_set):
    draft = criteria_set_new_version(criteria_set=criteria_set, by=beheerder)
    use_in_precheck(draft)

    assert admin_client.get(delete_url(draft)).status_code == 403
    assert admin_client.post(delete_url(draft), {"post": "yes"}).status_code == 403
    assert CriteriaSet.objects.filter(pk=draft.pk).exists()
    with pytest.raises(ServiceError, match="gebruikt"):
        criteria_set_delete(criteria_set=draft, by=beheerder)


def test_active_set_cannot_be_deleted(admin_client, beheerder, criteria_set):
    assert admin_client.post(delete_url(criteria_set), {"post": "yes"}).status_code == 403
    with pytest.raises(ServiceError, match="actieve"):
        criteria_set_delete(criteria_set=criteria_set, by=beheerder)
    assert CriteriaSet.objects.filter(pk=criteria_set.pk).exists()


def test_unused_draft_can_be_deleted(admin_client, beheerder, criteria_set):
    draft = criteria_set_new_version(criteria_set=criteria_set, by=beheerder)
    response = admin_client.post(delete_url(draft), {"post": "yes"})
    assert response.status_code == 302
    assert not CriteriaSet.objects.filter(pk=draft.pk).exists()
    assert not Criterion.objects.filter(criteria_set_id=draft.pk).exists()


def test_bulk_delete_is_not_offered(admin_client, criteria_set):
    assert "delete_selected" not in admin_client.get(CHANGELIST).content.decode()


# --- actions ---------------------------------------------------------------------------------------------


def test_new_version_copies_the_criteria_inactive_and_editable(admin_client, criteria_set):
    use_in_precheck(criteria_set)

    response = run_action(admin_client, "make_new_version", criteria_set)

    assert "Versie 2 is gemaakt als kopie van versie 1" in response.content.decode()
    copy = CriteriaSet.objects.get(version=2)
    assert copy.is_active is False
    assert copy.name == criteria_set.name
    fields = ("number", "group", "text", "question", "explanation")
    assert list(copy.criteria.values_list(*fields)) == list(criteria_set.criteria.values_list(*fields))
    original_ids = set(criteria_set.criteria.values_list("pk", flat=True))
    assert original_ids.isdisjoint(copy.criteria.values_list("pk", flat=True))
    # The copy is a draft: its change page has editable fields.
    assert 'name="criteria-0-text"' in admin_client.get(change_url(copy)).content.decode()
    # The original is untouched and still the active one.
    criteria_set.refresh_from_db()
    assert criteria_set.is_active and criteria_set.criteria.count() == 4


def test_activating_one_set_deactivates_the_other(admin_client, beheerder, criteria_set):
    version_2 = criteria_set_new_version(criteria_set=criteria_set, by=beheerder)

    response = run_action(admin_client, "activate", version_2)

    assert "Versie 2 is nu actief" in response.content.decode()
    assert list(CriteriaSet.objects.filter(is_active=True).values_list("version", flat=True)) == [2]
    # And back again: an old (used) version can be made active again.
    use_in_precheck(criteria_set)
    run_action(admin_client, "activate", criteria_set)
    assert list(CriteriaSet.objects.filter(is_active=True).values_list("version", flat=True)) == [1]


def test_activating_two_sets_at_once_is_refused(admin_client, beheerder, criteria_set):
    version_2 = criteria_set_new_version(criteria_set=criteria_set, by=beheerder)
    response = run_action(admin_client, "activate", criteria_set, version_2)
    assert "Kies precies één criteriaset om te activeren." in response.content.decode()
    assert list(CriteriaSet.objects.filter(is_active=True).values_list("version", flat=True)) == [1]


def test_a_set_without_criteria_cannot_be_activated(admin_client, criteria_set):
    empty = CriteriaSet.objects.create(version=9, name="Leeg")
    response = run_action(admin_client, "activate", empty)
    assert "Versie 9 heeft geen criteria" in response.content.decode()
    assert CriteriaSet.objects.get(is_active=True) == criteria_set


def test_active_flag_is_not_a_form_field(admin_client, beheerder, criteria_set):
    draft = criteria_set_new_version(criteria_set=criteria_set, by=beheerder)
    body = admin_client.get(change_url(draft)).content.decode()
    assert 'name="is_active"' not in body
    admin_client.post(change_url(draft), change_form_data(draft, is_active="on"))
    draft.refresh_from_db()
    assert draft.is_active is False


def test_new_set_via_add_page_gets_the_next_version_number(admin_client, criteria_set):
    body = admin_client.get(reverse("admin:intake_criteriaset_add")).content.decode()
    assert 'name="version" value="2"' in body


def test_beheerder_adds_a_new_set_with_criteria_as_an_inactive_draft(admin_client, criteria_set):
    data = {
        "version": 2, "name": "Bredere WGS-criteria", "description": "",
        "criteria-TOTAL_FORMS": 1, "criteria-INITIAL_FORMS": 0,
        "criteria-MIN_NUM_FORMS": 0, "criteria-MAX_NUM_FORMS": 1000,
        "criteria-0-number": 1, "criteria-0-group": "A",
        "criteria-0-text": "Meervoudige problematiek.", "criteria-0-question": "Is er meervoudige problematiek?",
        "_save": "Opslaan",
    }
    response = admin_client.post(reverse("admin:intake_criteriaset_add"), data)
    assert response.status_code == 302
    added = CriteriaSet.objects.get(version=2)
    assert added.is_active is False
    assert list(added.criteria.values_list("number", "group")) == [(1, "A")]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(added.pk)).exists()


def test_duplicate_version_number_is_a_dutch_form_error(admin_client, criteria_set):
    data = {"version": 1, "name": "Dubbel", "criteria-TOTAL_FORMS": 0, "criteria-INITIAL_FORMS": 0,
            "criteria-MIN_NUM_FORMS": 0, "criteria-MAX_NUM_FORMS": 1000}
    response = admin_client.post(reverse("admin:intake_criteriaset_add"), data)
    assert response.status_code == 200
    assert "Er bestaat al een Criteriaset met eenzelfde Versie." in response.content.decode()
    assert CriteriaSet.objects.count() == 1


def test_activation_is_audited(beheerder, criteria_set):
    version_2 = criteria_set_new_version(criteria_set=criteria_set, by=beheerder)
    criteria_set_activate(criteria_set=version_2, by=beheerder)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(version_2.pk)).get()
    assert event.detail == {"criteriaset_versie": 2, "actief": True, "gedeactiveerd": [1]}
