"""Need-to-know on the casus pages, through the real URL, middleware and templates.

A case the user may not see answers 404 (its existence stays hidden); a user without any role
that reads cases gets 403. The `intake.view_casus` rule and the selectors agree, every read is
in the audit log, and the log holds no betrokkene names.

Here in pga, the top of the layers, because the matrix covers every role that reads a case and
the procesregisseur's access comes from pga's dossiers (registered with intake's
``visible_cases_q``); a lower app's tests cannot build one (docs/architecture.md).
"""

import json
import re

import pytest
from django.urls import reverse

from intake.constants import CasusStatus
from intake.selectors import cases_visible_to
from intake.services import casus_submit
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.models import PgaDossier
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db

SECRET_FIRST_NAME = "Geheimvoornaam"
SECRET_SURNAME = "Geheimachternaam"


def detail_url(casus) -> str:
    return reverse("intake:casus_detail", kwargs={"casus_id": casus.pk})


@pytest.fixture
def world():
    """Two organisations with melders, their cases in various states, and the other roles."""
    org_a = OrganisationFactory(name="Politie Eenheid A")
    org_b = OrganisationFactory(name="Gemeente B")
    melder_a = UserFactory(melder=True, organisation=org_a)
    colleague_a = UserFactory(melder=True, organisation=org_a)
    melder_b = UserFactory(melder=True, organisation=org_b)

    submitted_a = CasusFactory(melder=melder_a, submitted=True)
    concept_a = CasusFactory(melder=melder_a)
    submitted_b = CasusFactory(melder=melder_b, submitted=True)
    pga_case = CasusFactory(melder=melder_b, submitted=True, status=CasusStatus.PGA)
    other_pga_case = CasusFactory(melder=melder_b, submitted=True, status=CasusStatus.PGA)
    for casus in (submitted_a, concept_a, submitted_b, pga_case, other_pga_case):
        BetrokkeneFactory(casus=casus, first_names=SECRET_FIRST_NAME, surname=SECRET_SURNAME)

    regisseur = UserFactory(regisseur=True)
    other_regisseur = UserFactory(regisseur=True)
    PgaDossier.objects.create(casus=pga_case, procesregisseur=regisseur)
    PgaDossier.objects.create(casus=other_pga_case, procesregisseur=other_regisseur)

    return {
        "melder_a": melder_a,
        "colleague_a": colleague_a,
        "melder_b": melder_b,
        "voorzitter": UserFactory(voorzitter=True),
        "ketenpartner": UserFactory(ketenpartner=True),
        "logbeheerder": UserFactory(logbeheerder=True),
        "regisseur": regisseur,
        "submitted_a": submitted_a,
        "concept_a": concept_a,
        "submitted_b": submitted_b,
        "pga_case": pga_case,
        "other_pga_case": other_pga_case,
    }


def get_as(client, user, casus):
    client.force_login(user)
    return client.get(detail_url(casus))


# --- who sees what -----------------------------------------------------------------------------


def test_melder_gets_404_not_403_on_another_organisations_case(client, world):
    response = get_as(client, world["melder_a"], world["submitted_b"])
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body
    assert world["submitted_b"].reference not in body
    assert SECRET_SURNAME not in body


def test_404_for_a_hidden_case_looks_like_404_for_a_missing_case(client, world):
    hidden = get_as(client, world["melder_a"], world["submitted_b"])
    missing = client.get(reverse("intake:casus_detail", kwargs={"casus_id": "00000000-0000-4000-8000-000000000000"}))
    assert hidden.status_code == missing.status_code == 404

    def without_csrf(response) -> str:  # the masked CSRF token differs per response
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())

    assert without_csrf(hidden) == without_csrf(missing)


def test_melder_sees_own_organisations_submitted_case(client, world):
    casus = world["submitted_a"]
    # The colleague did not write it, but it is their organisation's registration.
    response = get_as(client, world["colleague_a"], casus)
    assert response.status_code == 200
    body = response.content.decode()
    assert casus.reference in body
    assert SECRET_SURNAME in body  # the betrokkene is shown to who may see the case


def test_author_sees_own_concept(client, world):
    response = get_as(client, world["melder_a"], world["concept_a"])
    assert response.status_code == 200


def test_colleagues_concept_is_404_for_another_melder_of_the_same_org(client, world):
    response = get_as(client, world["colleague_a"], world["concept_a"])
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_triagevoorzitter_sees_submitted_cases_of_every_organisation(client, world):
    for key in ("submitted_a", "submitted_b"):
        response = get_as(client, world["voorzitter"], world[key])
        assert response.status_code == 200, key


def test_triagevoorzitter_gets_404_on_a_concept(client, world):
    response = get_as(client, world["voorzitter"], world["concept_a"])
    assert response.status_code == 404


@pytest.mark.parametrize("role_user", ["ketenpartner", "logbeheerder"])
def test_roles_that_do_not_read_cases_get_403(client, world, role_user):
    for key in ("submitted_a", "concept_a", "pga_case"):
        response = get_as(client, world[role_user], world[key])
        assert response.status_code == 403, key
        body = response.content.decode()
        assert "Geen toegang" in body
        assert SECRET_SURNAME not in body


def test_procesregisseur_sees_only_cases_with_their_own_dossier(client, world):
    regisseur = world["regisseur"]
    assert get_as(client, regisseur, world["pga_case"]).status_code == 200
    for key in ("other_pga_case", "submitted_a", "submitted_b", "concept_a"):
        assert get_as(client, regisseur, world[key]).status_code == 404, key


def test_deleted_case_is_never_shown_its_author_is_told_it_was_deleted(client, world):
    """A deleted (never submitted) concept: its author gets "verwijderd" (issue 17), nobody sees the case."""
    deleted = CasusFactory(melder=world["melder_a"], status=CasusStatus.VERWIJDERD)
    told = get_as(client, world["melder_a"], deleted)
    assert told.status_code == 410 and "Deze aanmelding is verwijderd" in told.content.decode()
    assert get_as(client, world["voorzitter"], deleted).status_code == 404  # never submitted: never theirs


def test_anonymous_is_redirected_to_login(client, world):
    url = detail_url(world["submitted_a"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


# --- the rule agrees with the selector ------------------------------------------------------------


def test_view_casus_permission_agrees_with_selector_and_page(client, world):
    users = ["melder_a", "colleague_a", "melder_b", "voorzitter", "ketenpartner", "logbeheerder", "regisseur"]
    cases = ["submitted_a", "concept_a", "submitted_b", "pga_case", "other_pga_case"]
    expected_visible = {
        "melder_a": {"submitted_a", "concept_a"},
        "colleague_a": {"submitted_a"},
        "melder_b": {"submitted_b", "pga_case", "other_pga_case"},
        "voorzitter": {"submitted_a", "submitted_b", "pga_case", "other_pga_case"},
        "ketenpartner": set(),
        "logbeheerder": set(),
        "regisseur": {"pga_case"},
    }
    for user_key in users:
        user = world[user_key]
        via_selector = {c for c in cases if cases_visible_to(user).filter(pk=world[c].pk).exists()}
        via_rule = {c for c in cases if user.has_perm("intake.view_casus", world[c])}
        assert via_selector == via_rule == expected_visible[user_key], user_key


def test_view_casus_permission_is_false_for_anonymous(world):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("intake.view_casus", world["submitted_a"])


# --- audit ---------------------------------------------------------------------------------------


def _event_text(event: AuditEvent) -> str:
    fields = [
        event.username,
        event.organisation,
        event.action,
        event.object_type,
        event.object_id,
        event.case_reference,
        json.dumps(event.detail, ensure_ascii=False),
        event.prev_hash,
        event.hash,
    ]
    return " | ".join(str(f) for f in fields)


def test_detail_view_writes_view_event_without_personal_data(client, world):
    user = world["voorzitter"]
    casus = world["submitted_b"]
    before = AuditEvent.objects.count()

    assert get_as(client, user, casus).status_code == 200

    views = list(AuditEvent.objects.order_by("id")[before:].filter(action=AuditAction.VIEW))
    assert len(views) == 1
    event = views[0]
    assert event.user == user
    assert event.username == user.username
    assert event.case_reference == casus.reference
    assert event.object_type == "intake.casus"
    assert event.object_id == str(casus.pk)
    text = _event_text(event)
    assert SECRET_FIRST_NAME not in text
    assert SECRET_SURNAME not in text


def test_each_detail_view_is_logged_again(client, world):
    client.force_login(world["melder_a"])
    url = detail_url(world["submitted_a"])
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    client.get(url)
    client.get(url)
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 2


def test_denied_attempt_writes_denied_event_and_no_view(client, world):
    user = world["melder_a"]
    casus = world["submitted_b"]
    before = AuditEvent.objects.count()

    assert get_as(client, user, casus).status_code == 404

    new = list(AuditEvent.objects.order_by("id")[before:])
    assert AuditAction.VIEW not in [e.action for e in new]
    denied = [e for e in new if e.action == AuditAction.DENIED]
    assert len(denied) == 1
    event = denied[0]
    assert event.user == user
    assert str(casus.pk) in json.dumps(event.detail)
    text = _event_text(event)
    assert SECRET_SURNAME not in text
    assert SECRET_FIRST_NAME not in text


def test_no_audit_event_holds_a_betrokkene_name_after_browsing(client, world):
    for user_key, case_key in [
        ("melder_a", "submitted_a"),
        ("melder_a", "submitted_b"),
        ("voorzitter", "submitted_b"),
        ("regisseur", "pga_case"),
    ]:
        get_as(client, world[user_key], world[case_key])
    client.force_login(world["melder_a"])
    client.get(reverse("intake:my_cases"))
    client.force_login(world["voorzitter"])
    client.get(reverse("triage:screening"))
    for event in AuditEvent.objects.all():
        text = _event_text(event)
        assert SECRET_FIRST_NAME not in text, event
        assert SECRET_SURNAME not in text, event


# --- list pages: names shown, query count flat ----------------------------------------------------


def _make_cases(count: int, *, melder, submitted: bool):
    for _ in range(count):
        casus = CasusFactory(melder=melder, submitted=submitted)
        BetrokkeneFactory.create_batch(2, casus=casus)


# At most 12 on every list page (tests/test_list_query_counts.py); an N+1 on the rows adds at
# least 25 queries at 30 rows and fails.
MAX_QUERIES_MY_CASES = 12
MAX_QUERIES_SCREENING = 12


@pytest.mark.parametrize("rows", [3, 30])
def test_my_cases_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    melder = UserFactory(melder=True)
    _make_cases(rows, melder=melder, submitted=True)
    client.force_login(melder)
    with django_assert_max_num_queries(MAX_QUERIES_MY_CASES):
        response = client.get(reverse("intake:my_cases"))
    assert response.status_code == 200
    assert len(response.context["cases"]) == min(rows, 25)  # one page
    assert response.content.decode().count("Jansen") == 2 * min(rows, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_screening_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    voorzitter = UserFactory(voorzitter=True)
    _make_cases(rows, melder=UserFactory(melder=True), submitted=True)
    client.force_login(voorzitter)
    with django_assert_max_num_queries(MAX_QUERIES_SCREENING):
        response = client.get(reverse("triage:screening"))
    assert response.status_code == 200
    assert len(response.context["cases"]) == rows  # 50 a page
    assert response.content.decode().count("Jansen") == 2 * rows


def test_my_cases_lists_only_what_the_melder_may_see(client, world):
    client.force_login(world["colleague_a"])
    response = client.get(reverse("intake:my_cases"))
    shown = {c.pk for c in response.context["cases"]}
    assert shown == {world["submitted_a"].pk}


def test_screening_lists_only_submitted_cases_waiting_for_screening(client, world):
    client.force_login(world["voorzitter"])
    response = client.get(reverse("triage:screening"))
    shown = {c.pk for c in response.context["cases"]}
    assert shown == {world["submitted_a"].pk, world["submitted_b"].pk}


@pytest.mark.django_db
def test_a_melder_who_moves_to_another_organisation_leaves_its_cases_behind(client):
    """Cases belong to the organisation: after a move the melder no longer sees or edits them."""
    melder = UserFactory(melder=True)
    submitted = CasusFactory(melder=melder, submitted=True)
    concept = CasusFactory(melder=melder)
    melder.organisation = OrganisationFactory(name="Nieuwe werkgever")
    melder.save()
    client.force_login(melder)

    assert client.get(reverse("intake:casus_detail", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("intake:casus_detail", args=[concept.pk])).status_code == 404
    assert client.get(reverse("intake:registration_edit", args=[concept.pk])).status_code == 404
    assert submitted.reference not in client.get(reverse("intake:my_cases")).content.decode()
    with pytest.raises(ServiceError):
        casus_submit(casus=concept, by=melder)


@pytest.mark.django_db
def test_list_entry_in_the_audit_log_names_the_cases_shown(client):
    """So a data-subject request can answer who saw a case, also in a list."""
    melder = UserFactory(melder=True)
    shown = [CasusFactory(melder=melder, submitted=True) for _ in range(2)]
    client.force_login(melder)
    client.get(reverse("intake:my_cases"))
    event = AuditEvent.objects.filter(action=AuditAction.LIST).latest("id")
    assert sorted(event.detail["ids"]) == sorted(str(casus.pk) for casus in shown)


@pytest.mark.django_db
def test_procesregisseur_loses_access_when_the_dossier_is_closed(client):
    regisseur = UserFactory(regisseur=True)
    casus = CasusFactory(submitted=True, status=CasusStatus.PGA)
    dossier = PgaDossier.objects.create(casus=casus, procesregisseur=regisseur)
    client.force_login(regisseur)
    assert client.get(reverse("intake:casus_detail", args=[casus.pk])).status_code == 200
    dossier.closed_at = casus.submitted_at
    dossier.save()
    assert client.get(reverse("intake:casus_detail", args=[casus.pk])).status_code == 404
