"""The retention pages: the list of cases due within 30 days, one case's deletion date and its extension.

Only the chairs (every submitted case) and the procesregisseur (the cases of their own dossiers)
see a deletion date or extend it. Anyone else asking for a case gets 404 and a DENIED entry; the
list is a page of those two roles (others: 403, like every role's start page).
"""

import datetime

import pytest
from django.urls import reverse

from intake.constants import CasusStatus
from intake.models import Casus
from intake.tests.factories import CasusFactory
from participants.tests.factories import UserFactory
from pga.tests.factories import regisseur, started
from retention.models import RetentionExtension
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent

from .endings import at, local, no_pga, pga_closed, withdrawn

pytestmark = pytest.mark.django_db

# 9 June 2027: withdrawn on 10 December 2026 expires 10 June 2027 (tomorrow); 9 January 2027: 9 July
# (exactly 30 days ahead, listed); 10 January 2027: 10 July (31 days, not listed).
TODAY = local(2027, 6, 9, 10)


def due_url() -> str:
    return reverse("retention:due")


def case_url(casus) -> str:
    return reverse("retention:case", kwargs={"casus_id": casus.pk})


def audit_entries(action, casus=None):
    entries = AuditEvent.objects.filter(action=action)
    if casus is not None:
        entries = entries.filter(detail__object=f"intake.casus:{casus.pk}") | entries.filter(object_id=str(casus.pk))
    return entries


@pytest.fixture(autouse=True)
def on_9_june_2027():
    """Every page is asked for on TODAY (sessions too: a login before a jump in time would have expired)."""
    with at(TODAY):
        yield


@pytest.fixture
def chair():
    return UserFactory(voorzitter=True)


@pytest.fixture
def cases(policy):
    return {
        "tomorrow": withdrawn(local(2026, 12, 10)),
        "in_30_days": withdrawn(local(2027, 1, 9)),
        "in_31_days": withdrawn(local(2027, 1, 10)),
    }


def test_the_chair_sees_the_cases_due_within_30_days_in_date_order(client, chair, cases):
    client.force_login(chair)
    response = client.get(due_url())
    assert response.status_code == 200
    assert [row.reference for row in response.context["due"]] == [
        cases["tomorrow"].reference,
        cases["in_30_days"].reference,
    ]
    page = response.content.decode()
    assert "10 juni 2027" in page and "9 juli 2027" in page
    assert cases["in_31_days"].reference not in page
    entry = audit_entries(AuditAction.LIST).get()
    assert entry.detail["ids"] == [str(cases["tomorrow"].pk), str(cases["in_30_days"].pk)]


@pytest.mark.parametrize("rows", [1, 6])
def test_the_list_costs_the_same_queries_for_one_row_as_for_many(
    client, chair, policy, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        withdrawn(local(2026, 12, 10))
    no_pga(local(2025, 6, 20))  # + 24 months: 20 June 2027, listed too
    client.force_login(chair)
    with django_assert_max_num_queries(15):
        response = client.get(due_url())
    assert len(response.context["due"]) == rows + 1


def test_the_procesregisseur_sees_only_their_own_closed_dossiers(client, policy):
    mine, theirs = regisseur(), regisseur()
    own = pga_closed(local(2022, 6, 20), procesregisseur=mine)  # + 60 months: 20 June 2027
    other = pga_closed(local(2022, 6, 20), procesregisseur=theirs)
    withdrawn(local(2026, 12, 10))
    client.force_login(mine)
    response = client.get(due_url())
    assert [row.casus_id for row in response.context["due"]] == [own.pk]
    assert client.get(case_url(own)).status_code == 200
    assert client.get(case_url(other)).status_code == 404
    assert audit_entries(AuditAction.DENIED, other).count() == 1


@pytest.mark.parametrize("role", ["melder", "ketenpartner", "functioneel_beheerder"])
def test_other_roles_have_no_list(client, policy, role):
    client.force_login(
        UserFactory(
            **{"melder": {"melder": True}, "ketenpartner": {"ketenpartner": True}}.get(role, {"beheerder": True})
        )
    )
    assert client.get(due_url()).status_code == 403


def test_others_get_404_on_a_case_and_the_attempt_is_audited(client, cases):
    casus = cases["tomorrow"]
    for user in (casus.melder, UserFactory(ketenpartner=True), regisseur(), UserFactory(beheerder=True)):
        client.force_login(user)
        assert client.get(case_url(casus)).status_code == 404
        assert client.post(case_url(casus), {"until": "2027-12-01", "reason": "Waarom niet."}).status_code == 404
    assert audit_entries(AuditAction.DENIED, casus).count() == 8
    assert not RetentionExtension.objects.exists()


def test_the_chair_extends_a_case_with_a_reason_and_it_shows_in_its_history(client, chair, cases):
    casus = cases["tomorrow"]
    client.force_login(chair)
    page = client.get(case_url(casus))
    assert "10 juni 2027" in page.content.decode()
    response = client.post(case_url(casus), {"until": "2027-12-01", "reason": "Klacht van de melder loopt."})
    assert response.status_code == 302
    extension = RetentionExtension.objects.get(casus=casus)
    assert (extension.previous_date, extension.new_date, extension.created_by) == (
        datetime.date(2027, 6, 10),
        datetime.date(2027, 12, 1),
        chair,
    )
    entry = audit_entries(AuditAction.UPDATE, casus).get()
    assert entry.detail == {"gebeurtenis": "bewaartermijn_verlengd", "van": "2027-06-10", "tot": "2027-12-01"}
    assert audit_entries(AuditAction.VIEW, casus).count() == 1
    # The case page (intake's, with retention's section) shows the new date and the extension.
    detail = client.get(reverse("intake:casus_detail", kwargs={"casus_id": casus.pk})).content.decode()
    assert "Bewaartermijn" in detail and "1 december 2027" in detail
    assert "Klacht van de melder loopt." in detail and "10-6-2027" in detail


@pytest.mark.parametrize(
    ("until", "reason", "message"),
    [
        ("2027-06-10", "Nodig.", "Kies een datum na de huidige verwijderdatum (10-06-2027)."),
        ("2029-06-10", "Nodig.", "Verlengen kan tot hoogstens 24 maanden na vandaag (09-06-2029)."),
        ("2027-12-01", "   ", "Geef de reden van de verlenging."),
        ("1-12-2027x", "Nodig.", "Vul een geldige datum in."),
    ],
)
def test_a_refused_extension_says_why_and_keeps_what_was_typed(client, chair, cases, until, reason, message):
    client.force_login(chair)
    response = client.post(case_url(cases["tomorrow"]), {"until": until, "reason": reason})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert until in page
    assert not RetentionExtension.objects.exists()
    assert audit_entries(AuditAction.VIEW, cases["tomorrow"]).count() == 1  # the page shown again is a read


def test_the_maximum_extension_is_a_setting(client, chair, cases, settings):
    settings.ZVH_RETENTION_EXTENSION_MAX_MONTHS = 36
    client.force_login(chair)
    response = client.post(case_url(cases["tomorrow"]), {"until": "2030-06-09", "reason": "Rechtszaak."})
    assert response.status_code == 302
    assert RetentionExtension.objects.get().new_date == datetime.date(2030, 6, 9)


def test_a_running_case_has_no_deletion_date_to_extend(client, chair, policy):
    casus = CasusFactory(submitted=True)
    client.force_login(chair)
    assert "nog niet afgerond" in client.get(case_url(casus)).content.decode()
    response = client.post(case_url(casus), {"until": "2027-12-01", "reason": "Nodig."})
    assert "Deze casus is nog niet afgerond en heeft daarom nog geen verwijderdatum." in response.content.decode()
    assert Casus.objects.get(pk=casus.pk).status == CasusStatus.AANGEMELD
    assert not RetentionExtension.objects.exists()


def test_the_procesregisseur_sees_the_date_on_the_closed_dossier_and_extends_it(client, policy):
    mine = regisseur()
    casus = pga_closed(local(2022, 6, 20), procesregisseur=mine)  # + 60 months: 20 June 2027
    client.force_login(mine)
    page = client.get(reverse("pga:dossier", kwargs={"casus_id": casus.pk})).content.decode()
    assert "Bewaartermijn" in page and "20 juni 2027" in page
    response = client.post(case_url(casus), {"until": "2028-06-20", "reason": "Nazorg loopt nog."})
    assert response.status_code == 302
    assert RetentionExtension.objects.get(casus=casus).created_by == mine
    page = client.get(reverse("pga:dossier", kwargs={"casus_id": casus.pk})).content.decode()
    assert "20 juni 2028" in page and "Nazorg loopt nog." in page


def test_a_chair_sees_no_retention_section_on_a_running_dossier(client, chair, policy):
    dossier = started()
    client.force_login(chair)
    page = client.get(reverse("pga:dossier", kwargs={"casus_id": dossier.casus_id})).content.decode()
    assert 'id="bewaartermijn"' not in page
