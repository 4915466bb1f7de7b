"""The demo data command: the README's accounts work, a rerun changes nothing, never without DEBUG."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from stdnum.nl import bsn as bsn_check

from demo.history import last_cutoff
from intake.constants import CasusStatus
from intake.models import Betrokkene, Casus, StatusChange
from participants.constants import OrganisationKind, Role
from participants.models import Municipality, Organisation, User
from pga.models import PgaDossier
from triage.constants import AgendaItemStatus
from triage.models import AgendaItem
from triage.services.agenda import agenda_finalise
from zvh.audit.models import AuditEvent

ACCOUNTS = {
    # username: (role, organisation)
    "melder": (Role.MELDER, "Politie Midden-Nederland"),
    "melder2": (Role.MELDER, "Gemeente Utrecht"),
    "voorzitter": (Role.TRIAGEVOORZITTER, "Zorg- en Veiligheidshuis Regio Utrecht"),
    "partner-politie": (Role.KETENPARTNER, "Politie Midden-Nederland"),
    "partner-ggz": (Role.KETENPARTNER, "GGZ Centraal"),
    "regisseur": (Role.PROCESREGISSEUR, "Zorg- en Veiligheidshuis Regio Utrecht"),
    "beheerder": (Role.FUNCTIONEEL_BEHEERDER, "Zorg- en Veiligheidshuis Regio Utrecht"),
    "logbeheerder": (Role.LOGBEHEERDER, "Zorg- en Veiligheidshuis Regio Utrecht"),
    "privacy": (Role.PRIVACYCONTACTPUNT, "Zorg- en Veiligheidshuis Regio Utrecht"),
    "rapportage": (Role.RAPPORTAGE, "Zorg- en Veiligheidshuis Regio Utrecht"),
}


def _counts() -> dict[str, int]:
    return {
        "organisaties": Organisation.objects.count(),
        "gemeenten": Municipality.objects.count(),
        "gebruikers": User.objects.count(),
        "casussen": Casus.objects.count(),
        "betrokkenen": Betrokkene.objects.count(),
        "statuswijzigingen": StatusChange.objects.count(),
        "pga": PgaDossier.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.django_db
def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.filter(username="melder").exists()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_accounts_log_in_with_demo_and_have_their_role(demo, client):
    for username, (role, organisation) in ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.roles == frozenset({role}), username
        assert user.organisation.name == organisation, username
        assert user.email.endswith(".example")
        # Axes needs a request to authenticate.
        assert client.login(request=HttpRequest(), username=username, password="demo"), username
        client.logout()
    assert User.objects.get(username="beheerder").is_staff
    assert not User.objects.filter(is_superuser=True).exists()
    assert "melder" in demo and "logbeheerder" in demo


@pytest.mark.django_db
def test_huisarts_melder_belongs_to_an_organisation_that_may_not_register(demo):
    user = User.objects.get(username="melder-huisarts")
    assert user.has_role(Role.MELDER)
    assert user.organisation.name == "Huisartsenpraktijk De Brug"
    assert user.organisation.kind == OrganisationKind.ZORGAANBIEDER
    assert not user.organisation.may_register


@pytest.mark.django_db
def test_organisations_and_municipalities(demo):
    fixed = Organisation.objects.filter(
        name__in=[
            "Zorg- en Veiligheidshuis Regio Utrecht",
            "Gemeente Utrecht",
            "Openbaar Ministerie Midden-Nederland",
            "Politie Midden-Nederland",
            "Veilig Thuis Utrecht",
            "GGZ Centraal",
            "Reclassering Nederland",
        ]
    )
    assert fixed.count() == 7
    assert all(org.is_fixed_partner for org in fixed)
    assert Organisation.objects.get(name="GGZ Centraal").may_register
    assert not Organisation.objects.get(name="Woningcorporatie Mitros").may_register
    assert all(org.email.startswith("postbus@") for org in Organisation.objects.all())
    utrecht = Municipality.objects.get(code="GM0344")
    assert utrecht.name == "Utrecht" and utrecht.in_region
    amsterdam = Municipality.objects.get(code="GM0363")
    assert not amsterdam.in_region
    assert amsterdam.zvh_name == "Zorg- en Veiligheidshuis Amsterdam-Amstelland"
    assert Municipality.objects.filter(in_region=True).count() == 9


@pytest.mark.django_db
def test_running_twice_changes_nothing(demo, settings, client):
    before = _counts()
    statuses_before = sorted(Casus.objects.values_list("status", flat=True))
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == before
    assert sorted(Casus.objects.values_list("status", flat=True)) == statuses_before
    assert "niets toegevoegd" in out.getvalue()
    # The second run keeps the password working.
    assert client.login(request=HttpRequest(), username="voorzitter", password="demo")


@pytest.mark.django_db
def test_rerun_repairs_a_changed_demo_account(demo):
    user = User.objects.get(username="melder")
    user.set_password("iets anders")
    user.save()
    call_command("load_demo", stdout=StringIO())
    user = User.objects.get(username="melder")
    assert user.check_password("demo")
    assert user.roles == frozenset({Role.MELDER})


@pytest.mark.django_db
def test_cases_cover_the_named_states(demo):
    statuses = list(Casus.objects.values_list("status", flat=True))
    assert statuses.count(CasusStatus.CONCEPT) == 1
    assert statuses.count(CasusStatus.AANGEMELD) == 2
    assert statuses.count(CasusStatus.IN_VERRIJKING) == 2
    assert statuses.count(CasusStatus.AANVULLING_GEVRAAGD) == 1
    assert statuses.count(CasusStatus.PGA) == 2  # informeren and uitvoeren
    assert statuses.count(CasusStatus.AFGESLOTEN) == 2  # geen PGA, and a closed PGA in monitoring
    assert set(Casus.objects.filter(status=CasusStatus.AANGEMELD).values_list("melder__username", flat=True)) == {
        "melder",
        "melder2",
    }
    closed = Casus.objects.get(status=CasusStatus.AFGESLOTEN, pga_dossier__isnull=True)
    assert list(closed.status_changes.values_list("to_status", flat=True)) == [
        CasusStatus.CONCEPT,
        CasusStatus.AANGEMELD,
        CasusStatus.IN_VERRIJKING,
        CasusStatus.GEAGENDEERD,
        CasusStatus.BESPROKEN_GEEN_PGA,
        CasusStatus.AFGESLOTEN,
    ]


@pytest.mark.django_db
def test_cases_went_through_the_services(demo):
    today = timezone.localdate()
    for casus in Casus.objects.exclude(status=CasusStatus.CONCEPT):
        assert casus.reference and casus.reference.startswith("ZVH-")
        assert casus.target_triage_date.weekday() == 3  # a Thursday
        assert casus.submitted_at <= timezone.now()
        assert casus.betrokkenen.exists()
        # The melder submitted; the chair did every later step up to the decision, the procesregisseur
        # closed a PGA, the melder withdrew (retention's demo cases); each with a reason.
        changes = list(casus.status_changes.all())
        assert changes[1].to_status == CasusStatus.AANGEMELD and changes[1].by == casus.melder
        for change in changes[2:]:
            closed_pga = change.from_status == CasusStatus.PGA and change.to_status == CasusStatus.AFGESLOTEN
            if change.to_status == CasusStatus.INGETROKKEN:
                assert change.by == casus.melder
            else:
                assert change.by.username == ("regisseur" if closed_pga else "voorzitter")
            assert change.reason
    # Bound by the cutoff: a triage still to come, the casus aims at it; decided cases: one in the past.
    bound = AgendaItem.objects.filter(status=AgendaItemStatus.GEBONDEN).select_related("casus", "meeting")
    assert bound.exists()
    for item in bound:
        assert item.casus.target_triage_date == item.meeting.date >= today
    assert all(casus.target_triage_date < today for casus in Casus.objects.filter(status=CasusStatus.PGA))
    concept = Casus.objects.get(status=CasusStatus.CONCEPT)
    assert concept.reference is None and concept.melder.username == "melder"
    assert AuditEvent.objects.filter(case_reference__startswith="ZVH-").exists()


@pytest.mark.django_db
def test_betrokkenen_are_fictional_with_valid_bsns(demo):
    in_region = set(Municipality.objects.filter(in_region=True).values_list("pk", flat=True))
    with_bsn = 0
    for person in Betrokkene.objects.all():
        assert person.municipality_id in in_region
        assert person.date_of_birth < datetime.date.today()
        if person.bsn:
            with_bsn += 1
            assert bsn_check.is_valid(person.bsn)
            assert person.bsn_hash
    assert with_bsn >= 2


@pytest.mark.django_db
def test_pga_dossiers_in_three_states_for_the_regisseur(demo):
    dossiers = {d.casus.betrokkenen.order_by("id").first().surname: d for d in PgaDossier.objects.all()}
    assert {name: d.phase for name, d in dossiers.items()} == {
        "Schouten": "plan",
        "Mulder": "uitvoeren",
        "Visser": "monitoren",
    }
    assert {d.procesregisseur.username for d in dossiers.values()} == {"regisseur"}
    assert dossiers["Schouten"].informing_status == "uitgesteld"
    assert dossiers["Schouten"].actions.count() == 2
    assert dossiers["Mulder"].escalations.filter(answered_at__isnull=True).count() == 1
    assert dossiers["Visser"].casus.status == CasusStatus.AFGESLOTEN


@pytest.mark.django_db
def test_the_chair_finds_an_agenda_to_finalise(demo):
    """The cutoff bound the case accepted before the last Thursday 16:00 to a meeting whose intake closed."""
    item = AgendaItem.objects.select_related("meeting").get(
        status=AgendaItemStatus.GEBONDEN,
        casus__status=CasusStatus.IN_VERRIJKING,
        casus__submitted_at__lt=last_cutoff(timezone.now()),
    )
    assert item.meeting.intake_closed_at is not None and item.meeting.date >= timezone.localdate()

    agenda_finalise(meeting=item.meeting, by=User.objects.get(username="voorzitter"))

    item.refresh_from_db()
    assert item.status == AgendaItemStatus.GEAGENDEERD and item.casus.status == CasusStatus.GEAGENDEERD


@pytest.mark.django_db
def test_the_rapportage_account_sees_the_demo_in_figures(demo, client):
    """The report page counts the demo's cases: the regisseur's two running dossiers at the end of this year."""
    assert client.login(request=HttpRequest(), username="rapportage", password="demo")
    response = client.get(reverse("reports:report"), {"periode": "jaar"})
    assert response.status_code == 200
    regisseurs = response.context["report"].table("pga-regisseurs").rows
    assert [(name, running) for name, running, *_ in regisseurs] == [("Koen van Dijk", 2)]
