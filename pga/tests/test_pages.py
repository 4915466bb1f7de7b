"""The PGA pages through the real URLs, middleware and templates: need-to-know, audit, lists, forms, PDF.

Access matrix of a dossier: its procesregisseur and the chairs read; another procesregisseur, a
melder (of another organisation, or even of the registering one), a partner, the functional and
the log administrator get 404, and a refused attempt on an existing dossier is audited.
"""

import datetime
import subprocess

import pytest
import time_machine
from django.urls import reverse

from intake.tests.factories import BetrokkeneFactory
from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.constants import ActionStatus, ClosingReason, PostponementGround
from pga.models import PgaDossier
from pga.services import (
    action_add,
    action_set_status,
    dossier_close,
    escalation_raise,
    informing_agree,
    informing_postpone,
    overleg_cancel,
    overleg_plan,
)
from pga.tests.factories import SECRET_SURNAME, informed, regisseur, started, with_plan
from triage.services.decisions import Invitee, decision_record_pga, meeting_close
from triage.tests.test_decisions import finalised_meeting
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE

pytestmark = pytest.mark.django_db


def url(name: str, dossier: PgaDossier, **kwargs) -> str:
    return reverse(f"pga:{name}", kwargs={"casus_id": dossier.casus_id, **kwargs})


def mark() -> int:
    """The id of the newest audit entry, so a test can look at what came after."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def new_events(before: int, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=before, action=action).order_by("id"))


# --- access ---------------------------------------------------------------------------------------


@pytest.fixture
def dossier():
    return started()


OUTSIDERS = {
    "andere procesregisseur": lambda d: regisseur(),
    "melder van de casus": lambda d: d.casus.melder,
    "melder andere organisatie": lambda d: UserFactory(melder=True),
    "ketenpartner": lambda d: UserFactory(ketenpartner=True),
    "functioneel beheerder": lambda d: UserFactory(beheerder=True),
    "logbeheerder": lambda d: UserFactory(roles=["logbeheerder"]),
}


@pytest.mark.parametrize("who", OUTSIDERS.keys())
@pytest.mark.parametrize("page", ["dossier", "background", "summary_pdf", "informing_agree", "close", "reassign"])
def test_outsiders_get_404_and_the_attempt_is_audited(client, dossier, who, page):
    user = OUTSIDERS[who](dossier)
    client.force_login(user)
    before = mark()
    response = client.get(url(page, dossier))
    assert response.status_code == 404
    assert SECRET_SURNAME not in response.content.decode()
    denied = new_events(before, AuditAction.DENIED)
    assert [e.detail["object"] for e in denied] == [f"pga.pgadossier:{dossier.pk}"]
    assert new_events(before, AuditAction.VIEW) == []


def test_the_procesregisseur_and_a_chair_read_the_dossier_and_each_read_is_audited(client, dossier):
    for user in (dossier.procesregisseur, UserFactory(voorzitter=True)):
        client.force_login(user)
        before = mark()
        response = client.get(url("dossier", dossier))
        assert response.status_code == 200
        assert SECRET_SURNAME in response.content.decode()
        (view,) = new_events(before, AuditAction.VIEW)
        assert (view.user, view.object_type, view.case_reference) == (user, "pga.pgadossier", dossier.casus.reference)
        assert SECRET_SURNAME not in str(view.detail)


def test_a_chair_reads_but_does_not_change(client, dossier):
    client.force_login(UserFactory(voorzitter=True))
    page = client.get(url("dossier", dossier)).content.decode()
    assert "Afspraak met melder vastleggen" not in page
    assert client.get(url("informing_agree", dossier)).status_code == 404
    response = client.post(url("goal_add", dossier), {"life_domain": "wonen", "description": "x"})
    assert response.status_code == 404
    assert not dossier.goals.exists()


def test_missing_dossier_is_404_without_audit(client):
    client.force_login(regisseur())
    before = mark()
    response = client.get(reverse("pga:dossier", kwargs={"casus_id": "00000000-0000-4000-8000-000000000000"}))
    assert response.status_code == 404
    assert new_events(before, AuditAction.DENIED) == []


def test_after_reassignment_the_old_procesregisseur_gets_404(client, dossier):
    old = dossier.procesregisseur
    new = regisseur()
    chair = UserFactory(voorzitter=True)
    client.force_login(chair)
    response = client.post(url("reassign", dossier), {"procesregisseur": new.pk, "reason": "Verlof"})
    assert response.status_code == 302
    assert response["Location"] == reverse("pga:all_dossiers")
    client.force_login(old)
    assert client.get(url("dossier", dossier)).status_code == 404
    assert client.get(reverse("intake:casus_detail", args=[dossier.casus_id])).status_code == 404
    client.force_login(new)
    assert client.get(url("dossier", dossier)).status_code == 200


def test_a_closed_dossier_stays_readable_for_its_procesregisseur_but_not_the_registration(client):
    dossier = with_plan(on=datetime.date.today(), due=datetime.date.today() + datetime.timedelta(days=7))
    dossier_close(dossier=dossier, reason=ClosingReason.DOELEN_BEREIKT, evaluation="Klaar", by=dossier.procesregisseur)
    client.force_login(dossier.procesregisseur)
    page = client.get(url("dossier", dossier))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Dit dossier is afgesloten en alleen nog te lezen." in body
    assert "Doel toevoegen" not in body
    assert client.get(url("background", dossier)).status_code == 404
    assert client.get(reverse("intake:casus_detail", args=[dossier.casus_id])).status_code == 404
    assert client.get(url("goal_add", dossier)).status_code == 200  # the form page opens ...
    response = client.post(url("goal_add", dossier), {"life_domain": "wonen", "description": "Nog een"})
    assert (
        "Dit dossier is afgesloten en kan niet meer worden gewijzigd." in response.content.decode()
    )  # ... the service refuses


# --- the background: the triage's work --------------------------------------------------------------


@pytest.fixture
def decided():
    """A real PGA decision at the meeting of 10 December 2026, the meeting closed afterwards."""
    with time_machine.travel(datetime.datetime(2026, 12, 10, 13, 25, tzinfo=TIMEZONE), tick=False):
        meeting, (item,) = finalised_meeting(slots=1)
        chair = UserFactory(voorzitter=True)
        politie = OrganisationFactory(name="Politie Midden", kind=OrganisationKind.POLITIE)
        decision_record_pga(
            item=item,
            by=chair,
            procesregisseur=regisseur(),
            invitees=[Invitee(politie)],
            motivation="Zorgen op vier leefgebieden; dwang en drang nodig.",
        )
        meeting_close(meeting=meeting, by=chair)
    return PgaDossier.objects.get(casus=item.casus)


def test_the_procesregisseur_reads_the_decision_motivation_invitees_and_verrijkingsdossier(client, decided):
    client.force_login(decided.procesregisseur)
    before = mark()
    response = client.get(url("background", decided))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zorgen op vier leefgebieden; dwang en drang nodig." in body
    assert "Politie Midden" in body
    assert "Weging (de-escalatiemodel)" in body
    (view,) = new_events(before, AuditAction.VIEW)
    assert view.detail["pagina"] == "pga_achtergrond"


def test_the_procesregisseur_prints_the_decision_letter_of_a_running_dossier_audited(client, decided):
    client.force_login(decided.procesregisseur)
    letter = reverse("triage:decision_letter", args=[decided.casus_id])
    assert letter in client.get(url("background", decided)).content.decode()
    before = mark()
    response = client.get(letter)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="besluitbrief-{decided.casus.reference}.pdf"'
    assert "Politie Midden" in pdf_text(response.content)
    (export,) = new_events(before, AuditAction.EXPORT)
    assert export.case_reference == decided.casus.reference
    assert export.detail == {"document": "besluitbrief", "besluit": "pga", "formaat": "pdf"}


def test_another_procesregisseur_gets_404_on_the_decision_letter_and_the_attempt_is_audited(client, decided):
    client.force_login(regisseur())
    before = mark()
    response = client.get(reverse("triage:decision_letter", args=[decided.casus_id]))
    assert response.status_code == 404
    assert new_events(before, AuditAction.EXPORT) == []
    (denied,) = new_events(before, AuditAction.DENIED)
    assert denied.detail == {"object": f"intake.casus:{decided.casus_id}"}


def test_once_the_dossier_is_closed_its_procesregisseur_no_longer_gets_the_decision_letter(client, decided):
    dossier_close(
        dossier=decided, reason=ClosingReason.DOELEN_BEREIKT, evaluation="Doelen bereikt", by=decided.procesregisseur
    )
    client.force_login(decided.procesregisseur)
    assert client.get(reverse("triage:decision_letter", args=[decided.casus_id])).status_code == 404


def test_the_melder_sees_that_the_pga_started_and_who_runs_it(client, decided):
    decided.procesregisseur.first_name, decided.procesregisseur.last_name = "Petra", "de Vries"
    decided.procesregisseur.phone = "030 123 45 67"
    decided.procesregisseur.save()
    colleague = UserFactory(melder=True, organisation=decided.casus.organisation)
    client.force_login(colleague)
    body = client.get(reverse("intake:casus_detail", args=[decided.casus_id])).content.decode()
    assert "Persoonsgerichte aanpak (PGA)" in body
    assert "Petra de Vries" in body and "030 123 45 67" in body
    assert "Nog niet gepland; de procesregisseur neemt contact met u op." in body
    assert reverse("pga:dossier", args=[decided.casus_id]) not in body


# --- Mijn dossiers --------------------------------------------------------------------------------------


# Measured: 9 queries at 1 and at 30 dossiers (session, user, roles, count, page with its
# annotations, betrokkenen, audit append (3)). An N+1 on the rows adds 25 at 30 rows.
MAX_QUERIES_MY_DOSSIERS = 12


@pytest.mark.parametrize("rows", [1, 30])
def test_my_dossiers_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    user = regisseur()
    for _ in range(rows):
        dossier = started(procesregisseur=user)
        BetrokkeneFactory(casus=dossier.casus, surname="Tweede")
    client.force_login(user)
    with django_assert_max_num_queries(MAX_QUERIES_MY_DOSSIERS):
        response = client.get(reverse("pga:my_dossiers"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(rows, 25)
    assert response.content.decode().count(SECRET_SURNAME) == min(rows, 25)


@time_machine.travel(datetime.datetime(2027, 3, 10, 9, 0, tzinfo=TIMEZONE), tick=False)
def test_my_dossiers_shows_phase_days_next_date_and_what_is_overdue(client):
    user = regisseur()
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, 0, tzinfo=TIMEZONE), tick=False):
        late = with_plan(procesregisseur=user, on=datetime.date(2027, 1, 4), due=datetime.date(2027, 3, 1))
        postponed = informed(procesregisseur=user, on=datetime.date(2027, 1, 4))
        closed = with_plan(procesregisseur=user, on=datetime.date(2027, 1, 4), due=datetime.date(2027, 3, 1))
        dossier_close(dossier=closed, reason=ClosingReason.DOELEN_BEREIKT, evaluation="Klaar", by=user)
    with time_machine.travel(datetime.datetime(2027, 2, 1, 9, 0, tzinfo=TIMEZONE), tick=False):
        quiet = started(procesregisseur=user)

        informing_agree(
            dossier=quiet, who_informs="melder", method="brief", planned_date=datetime.date(2027, 2, 5), by=user
        )
        informing_postpone(
            dossier=quiet, ground=PostponementGround.VEILIGHEID, review_date=datetime.date(2027, 4, 1), by=user
        )
    other = started()  # another regisseur's

    client.force_login(user)
    response = client.get(reverse("pga:my_dossiers"))
    rows = response.context["rows"]
    shown = [(r.dossier.pk, r.dossier.get_phase_display(), r.days_running, r.next_date, r.signals) for r in rows]
    assert shown == [
        (late.pk, "Plan van aanpak opstellen", 65, datetime.date(2027, 3, 1), ["1 actie over datum"]),
        (quiet.pk, "Plan van aanpak opstellen", 37, datetime.date(2027, 4, 1), []),
        (postponed.pk, "Plan van aanpak opstellen", 65, None, []),
    ]
    body = response.content.decode()
    assert other.casus.reference not in body and closed.casus.reference not in body
    assert "1 actie over datum" in body

    closed_view = client.get(reverse("pga:my_dossiers"), {"weergave": "afgesloten"})
    assert [r.dossier.pk for r in closed_view.context["rows"]] == [closed.pk]
    attention = client.get(reverse("pga:my_dossiers"), {"aandacht": "on"})
    assert [r.dossier.pk for r in attention.context["rows"]] == [late.pk]
    by_start = client.get(reverse("pga:my_dossiers"), {"sortering": "-gestart"})
    assert [r.dossier.pk for r in by_start.context["rows"]][0] == quiet.pk
    event = AuditEvent.objects.filter(action=AuditAction.LIST).latest("id")
    assert event.detail["filters"] == ["sortering"]


def test_the_chairs_overview_lists_every_dossier_and_the_open_escalations(client):
    dossier = informed(on=datetime.date.today())
    escalation_raise(
        dossier=dossier, to_whom="Teamleider Veilig Thuis", reason="Geen reactie", by=dossier.procesregisseur
    )
    started()
    client.force_login(UserFactory(voorzitter=True))
    response = client.get(reverse("pga:all_dossiers"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2
    assert [e.to_whom for e in response.context["escalations"]] == ["Teamleider Veilig Thuis"]
    client.force_login(dossier.procesregisseur)
    assert client.get(reverse("pga:all_dossiers")).status_code == 403


# --- forms -------------------------------------------------------------------------------------------------


def test_a_postponement_without_ground_comes_back_with_the_dutch_message(client, dossier):
    client.force_login(dossier.procesregisseur)
    client.post(
        url("informing_agree", dossier), {"who_informs": "melder", "method": "gesprek", "planned_date": "2030-01-01"}
    )
    response = client.post(url("informing_postpone", dossier), {"ground": "", "review_date": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies: grond voor uitstel." in body
    assert "Vul in: heroverwegen op." in body


def test_an_action_status_change_through_the_page(client):
    dossier = with_plan(on=datetime.date.today(), due=datetime.date.today())
    action = dossier.actions.get()
    client.force_login(dossier.procesregisseur)
    response = client.post(url("action_status", dossier, action_id=action.pk), {"status": "vervallen", "note": ""})
    assert "Geef aan waarom de actie vervalt." in response.content.decode()
    response = client.post(
        url("action_status", dossier, action_id=action.pk), {"status": "gedaan", "note": "Regeling getroffen"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.status_note) == (ActionStatus.GEDAAN, "Regeling getroffen")


# --- the summary PDF --------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    """The PDF's text in reading order, whitespace (line breaks in table cells) folded to single spaces."""
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_the_summary_pdf_holds_the_plan_and_the_closing_and_printing_is_audited(client):
    dossier = with_plan(on=datetime.date.today(), due=datetime.date.today() + datetime.timedelta(days=3))
    by = dossier.procesregisseur
    action = dossier.actions.get()
    action_set_status(action=action, status=ActionStatus.GEDAAN, note="Regeling getroffen", by=by)
    action_add(
        dossier=dossier,
        description="Budgetcoaching",
        owner_organisation=OrganisationFactory(name="Buurtteam"),
        due_date=datetime.date.today(),
        by=by,
    )
    dossier_close(
        dossier=dossier, reason=ClosingReason.OVERGEDRAGEN, evaluation="Overgedragen aan het buurtteam", by=by
    )
    client.force_login(by)
    before = mark()
    response = client.get(url("summary_pdf", dossier))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="pga-samenvatting-{dossier.casus.reference}.pdf"'
    text = pdf_text(response.content)
    for expected in (
        f"Samenvatting PGA-dossier {dossier.casus.reference}",
        "Geheimvoornaam Geheimachternaam",
        "Betalingsregeling huurachterstand",
        "Gedaan: Regeling getroffen",
        "Woningcorporatie Mitros",
        "Overgedragen aan reguliere zorg of een casusregisseur",
        "Overgedragen aan het buurtteam",
        "Geïnformeerd",
    ):
        assert expected in text, expected
    (printed,) = new_events(before, AuditAction.PRINT)
    assert printed.detail == {"pagina": "pga_samenvatting"}


def test_the_summary_pdf_lists_the_casusoverleggen_with_their_time_and_status(client):
    today = datetime.date.today()
    dossier = informed(on=today)
    client.force_login(dossier.procesregisseur)
    empty = pdf_text(client.get(url("summary_pdf", dossier)).content)
    assert "Casusoverleggen • Er is geen casusoverleg gepland." in empty

    by = dossier.procesregisseur
    first_day, second_day = today + datetime.timedelta(days=7), today + datetime.timedelta(days=14)
    first = overleg_plan(
        dossier=dossier, by=by, date=first_day, starts_at=datetime.time(10, 0), ends_at=datetime.time(11, 30),
        place="Zaal 2", online_link="", agenda="1. Opening",
    )  # fmt: skip
    overleg_cancel(overleg=first, reason="De betrokkene is verhuisd.", by=by)
    overleg_plan(
        dossier=dossier, by=by, date=second_day, starts_at=datetime.time(14, 0), ends_at=datetime.time(15, 0),
        place="Zaal 3", online_link="", agenda="1. Opening",
    )  # fmt: skip

    text = pdf_text(client.get(url("summary_pdf", dossier)).content)

    assert f"Casusoverleggen • Casusoverleg 1 ({first_day:%d-%m-%Y}), 10:00–11:30: geannuleerd" in text
    assert f"Casusoverleg 2 ({second_day:%d-%m-%Y}), 14:00–15:00: gepland, nog niet uitgenodigd" in text


def test_the_summary_pdf_holds_the_triage_decision_with_its_motivation_and_invitees(client):
    with time_machine.travel(datetime.datetime(2026, 12, 10, 13, 25, tzinfo=TIMEZONE), tick=False):
        meeting, (item,) = finalised_meeting(slots=1)
        chair = UserFactory(voorzitter=True, first_name="Vera", last_name="Voorzitter")
        decision_record_pga(
            item=item,
            by=chair,
            procesregisseur=regisseur(),
            invitees=[
                Invitee(OrganisationFactory(name="Politie Midden", kind=OrganisationKind.POLITIE)),
                Invitee(
                    OrganisationFactory(name="Schuldhulp Utrecht", kind=OrganisationKind.SOCIAAL_DOMEIN),
                    ground="expertise",
                    explanation="Schulden staan centraal",
                ),
            ],
            motivation="Zorgen op vier leefgebieden; dwang en drang nodig.",
        )
        meeting_close(meeting=meeting, by=chair)
    dossier = PgaDossier.objects.get(casus=item.casus)
    client.force_login(dossier.procesregisseur)
    text = pdf_text(client.get(url("summary_pdf", dossier)).content)
    for expected in (
        "De Integrale Triage van donderdag 10 december 2026 besloot tot een persoonsgerichte aanpak "
        "(vastgelegd door Vera Voorzitter).",
        "Motivering: Zorgen op vier leefgebieden; dwang en drang nodig.",
        "Deelnemers eerste casusoverleg",
        "Politie Midden",
        "Schuldhulp Utrecht (incidenteel; grondslag: Noodzakelijke expertise, Schulden staan centraal)",
    ):
        assert expected in text, expected

    # Closed, the triage's motivation is no longer the procesregisseur's to read; the chairs keep it.
    dossier_close(
        dossier=dossier, reason=ClosingReason.DOELEN_BEREIKT, evaluation="Doelen bereikt", by=dossier.procesregisseur
    )
    text = pdf_text(client.get(url("summary_pdf", dossier)).content)
    assert "dwang en drang" not in text
    assert "De motivering van de triage is niet meer zichtbaar: het dossier is afgesloten." in text
    assert "Schuldhulp Utrecht (incidenteel; grondslag: Noodzakelijke expertise, Schulden staan centraal)" in text
    client.force_login(chair)
    assert "Motivering: Zorgen op vier leefgebieden; dwang en drang nodig." in pdf_text(
        client.get(url("summary_pdf", dossier)).content
    )


def test_the_information_letter_is_for_one_betrokkene_only_and_printing_is_audited(client):
    dossier = started()
    addressee = dossier.casus.betrokkenen.get()
    BetrokkeneFactory(casus=dossier.casus, first_names="Huisgenoot", surname="Andersnaam")
    client.force_login(dossier.procesregisseur)
    before = mark()
    response = client.get(url("information_letter", dossier, betrokkene_id=addressee.pk))
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in (
        "Beste Geheimvoornaam Geheimachternaam,",
        "Wet gegevensverwerking door samenwerkingsverbanden (WGS)",
        "U mag vragen welke gegevens wij over u hebben.",
        "Autoriteit Persoonsgegevens",
        "Telefoon: 030 - 000 00 00",
        f"Noem dan het kenmerk {dossier.casus.reference}.",
    ):
        assert expected in text, expected
    assert "Huisgenoot" not in text and "Andersnaam" not in text
    (printed,) = new_events(before, AuditAction.PRINT)
    assert printed.detail == {"pagina": "pga_informatiebrief"}


def test_the_information_letter_of_a_person_of_another_case_is_404(client):
    dossier = started()
    other = started()
    client.force_login(dossier.procesregisseur)
    response = client.get(url("information_letter", dossier, betrokkene_id=other.casus.betrokkenen.get().pk))
    assert response.status_code == 404
