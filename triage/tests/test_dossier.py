"""The verrijkingsdossier: one page (and PDF) per case for the chair, bundling everything.

Only a triagevoorzitter reads it, only for cases being prepared for the triage; every view and
download is in the audit log; the page costs the same queries for 1 partner as for 6.
"""

import datetime
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import InvolvedOrganisation, PreCheck
from intake.tests.factories import BetrokkeneFactory, InformationRequestFactory
from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from triage.constants import AgendaItemStatus, CheckAnswer, IncidentalGround, ScreeningOutcome
from triage.models import AgendaItem, Bekendheidscheck, ScreeningDecision, TriageMeeting
from triage.selectors.verrijkingsdossier import MelderContact, verrijkingsdossier_for
from triage.tests.meeting_factories import TriageMeetingFactory
from triage.tests.test_weighing import in_verrijking, weigh
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.pdf import LocalStaticFetcher, pdf_base_url, static_file_for

pytestmark = pytest.mark.django_db

BSN = "111222333"


def dossier_url(casus) -> str:
    return reverse("triage:dossier", kwargs={"casus_id": casus.pk})


def pdf_url(casus) -> str:
    return reverse("triage:dossier_pdf", kwargs={"casus_id": casus.pk})


def add_check(casus, chair, organisation, *, answer=CheckAnswer.OPEN, info="", contact="", late=False, **extra):
    now = timezone.now()
    return Bekendheidscheck.objects.create(
        casus=casus,
        organisation=organisation,
        requested_by=chair,
        due_at=now - datetime.timedelta(days=1) if late else now + datetime.timedelta(days=3),
        answer=answer,
        answered_at=now if answer != CheckAnswer.OPEN else None,
        info_text=info,
        info_contact=contact,
        info_provided_at=now if info else None,
        **extra,
    )


@pytest.fixture
def chair():
    return UserFactory(voorzitter=True, first_name="Vera", last_name="Voorzitter")


@pytest.fixture
def dossier_case(chair, criteria_set, weighing_model):
    """A case in verrijking with everything a dossier bundles."""
    casus = in_verrijking(
        criteria_set=criteria_set,
        aanleiding="Escalerende overlast in de flat.",
        criteria_motivation={str(c.pk): f"Toelichting criterium {c.number}" for c in criteria_set.criteria.all()},
    )
    BetrokkeneFactory(casus=casus, first_names="Pieter", surname="Plasmans", bsn=BSN, relation="hoofdbetrokkene")
    BetrokkeneFactory(casus=casus, first_names="Anna", surname="Plasmans", relation="partner")
    InvolvedOrganisation.objects.create(casus=casus, organisation_name="Wijkteam Noord", contact_name="K. de Wit")
    InformationRequestFactory(casus=casus, answered=True, question="Welke hulp loopt er?", answer="Schuldhulp.")
    PreCheck.objects.create(
        casus=casus, melder=casus.melder, criteria_set=criteria_set,
        answers={str(c.pk): True for c in criteria_set.criteria.all()},
        organisation_may_register=True, advice_positive=True,
    )
    ScreeningDecision.objects.create(
        casus=casus, outcome=ScreeningOutcome.ACCEPTED, criteria_set=criteria_set, decided_by=chair,
        criteria_judgement={str(c.pk): True for c in criteria_set.criteria.all()},
        reason="Meervoudige problematiek en drang nodig.",
    )
    politie = OrganisationFactory(name="Politie Utrecht", kind=OrganisationKind.POLITIE)
    ggz = OrganisationFactory(name="GGZ Centraal", kind=OrganisationKind.GGZ)
    vt = OrganisationFactory(name="Veilig Thuis Utrecht", kind=OrganisationKind.VEILIG_THUIS)
    woning = OrganisationFactory(name="Woningcorporatie Mitros", kind=OrganisationKind.UWV_SVB_WONING)
    add_check(casus, chair, politie, answer=CheckAnswer.BEKEND, info="Drie meldingen van geluidsoverlast.",
              contact="Wijkagent Bakker, 0900-8844")
    add_check(casus, chair, ggz, answer=CheckAnswer.NIET_BEKEND)
    add_check(casus, chair, vt, late=True)
    add_check(casus, chair, woning, is_incidental=True, ground=IncidentalGround.EXPERTISE)
    weigh(casus, weighing_model, [3, 2, 1, 1], by=chair)
    return casus


@pytest.fixture
def chair_client(client, chair):
    client.force_login(chair)
    return client


# --- the page --------------------------------------------------------------------------------------------


def test_the_dossier_bundles_registration_screening_partners_and_weighing(chair_client, dossier_case):
    response = chair_client.get(dossier_url(dossier_case))

    assert response.status_code == 200
    body = response.content.decode()
    # The registration, with betrokkenen and the BSN masked to its last four digits.
    assert f"Verrijkingsdossier {dossier_case.reference}" in body
    assert "Pieter Plasmans" in body and "Anna Plasmans" in body
    assert "*****2333" in body and BSN not in body
    assert "Escalerende overlast in de flat." in body
    assert "Toelichting criterium 3" in body
    assert "Wijkteam Noord" in body
    assert "Welke hulp loopt er?" in body and "Schuldhulp." in body
    # The pre-check and the screening decision.
    assert "Voortoets van de melder" in body and "Advies: aanmelden" in body
    assert "Geaccepteerd: door naar verrijking" in body
    assert "Meervoudige problematiek en drang nodig." in body
    assert "Voldoet: Ja" in body
    # The partners' answers and information.
    assert "2 van de 4 partners hebben geantwoord." in body
    for name in ("Politie Utrecht", "GGZ Centraal", "Veilig Thuis Utrecht", "Woningcorporatie Mitros"):
        assert name in body
    assert "Drie meldingen van geluidsoverlast." in body and "Wijkagent Bakker, 0900-8844" in body
    assert "Niet bekend" in body
    assert "Te laat: antwoord was uiterlijk" in body
    assert "Incidentele partner: Noodzakelijke expertise" in body
    # The weighing with its suggestion and reasons.
    assert "7 van 12" in body
    assert "Bespreken voor een persoonsgerichte aanpak (PGA)" in body
    assert "\u2018Veiligheidsrisico\u2019" in body
    # The ways on.
    assert pdf_url(dossier_case) in body
    assert reverse("triage:weighing", kwargs={"casus_id": dossier_case.pk}) in body


def test_viewing_the_dossier_is_audited_without_personal_data(chair_client, chair, dossier_case):
    chair_client.get(dossier_url(dossier_case))
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(dossier_case.pk)).get()
    assert event.user == chair
    assert event.case_reference == dossier_case.reference
    assert event.detail == {"pagina": "verrijkingsdossier"}


def test_a_case_without_checks_or_weighing_says_so(chair_client, weighing_model):
    casus = in_verrijking()
    body = chair_client.get(dossier_url(casus)).content.decode()
    assert "Er zijn nog geen bekendheidschecks uitgezet." in body
    assert "De casus is nog niet gewogen" in body
    assert "Nog geen screeningsbesluit vastgelegd." in body


def test_the_latest_screening_decision_is_shown(chair_client, chair, dossier_case, criteria_set):
    ScreeningDecision.objects.filter(casus=dossier_case).update(decided_at=timezone.now() - datetime.timedelta(days=2))
    ScreeningDecision.objects.create(
        casus=dossier_case, outcome=ScreeningOutcome.ACCEPTED, criteria_set=criteria_set, decided_by=chair,
        reason="Na aanvulling alsnog geaccepteerd.",
    )
    body = chair_client.get(dossier_url(dossier_case)).content.decode()
    assert "Na aanvulling alsnog geaccepteerd." in body
    assert "Meervoudige problematiek en drang nodig." not in body


def test_partner_text_is_escaped(chair_client, chair, weighing_model):
    casus = in_verrijking()
    add_check(casus, chair, OrganisationFactory(name="GGZ Centraal"), answer=CheckAnswer.BEKEND,
              info="<img src=x onerror=alert(1)>")
    body = chair_client.get(dossier_url(casus)).content.decode()
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body


@pytest.mark.parametrize("rows", [1, 6])
def test_query_count_does_not_grow_with_partners_and_betrokkenen(
    chair_client, chair, criteria_set, weighing_model, django_assert_max_num_queries, rows
):
    casus = in_verrijking(criteria_set=criteria_set)
    for index in range(rows):
        BetrokkeneFactory(casus=casus)
        add_check(casus, chair, OrganisationFactory(name=f"Partner {index}"), answer=CheckAnswer.BEKEND, info="Info")
        InvolvedOrganisation.objects.create(casus=casus, organisation_name=f"Organisatie {index}")
        InformationRequestFactory(casus=casus, answered=True)
    weigh(casus, weighing_model, [1, 1, 1, 1], by=chair)
    # Measured: 14 queries for 1 row and for 6 (session, user with roles, the case with its pre-check,
    # screening and weighing, each list once, audit); tests/test_detail_query_counts.py names them.
    with django_assert_max_num_queries(14):
        response = chair_client.get(dossier_url(casus))
    assert response.content.decode().count("Partner ") >= rows


# --- access ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("trait", ["melder", "regisseur", "beheerder", "logbeheerder"])
def test_other_roles_get_403_on_page_and_pdf(client, dossier_case, trait):
    client.force_login(UserFactory(**{trait: True}))
    assert client.get(dossier_url(dossier_case)).status_code == 403
    assert client.get(pdf_url(dossier_case)).status_code == 403
    assert not AuditEvent.objects.filter(action__in=[AuditAction.VIEW, AuditAction.DOWNLOAD]).exists()


def test_the_melder_of_the_case_and_a_partner_that_answered_get_403(client, dossier_case):
    client.force_login(dossier_case.melder)
    assert client.get(dossier_url(dossier_case)).status_code == 403
    partner_user = UserFactory(ketenpartner=True, organisation=Bekendheidscheck.objects.first().organisation)
    client.force_login(partner_user)
    assert client.get(pdf_url(dossier_case)).status_code == 403


def on_sent_agenda(casus):
    """Put ``casus`` on the finalised agenda of a held meeting (slot 1)."""
    meeting = TriageMeetingFactory(date=timezone.localdate(), agenda_finalised_at=timezone.now())
    casus.status = CasusStatus.GEAGENDEERD
    casus.save(update_fields=["status"])
    return AgendaItem.objects.create(meeting=meeting, casus=casus, status=AgendaItemStatus.GEAGENDEERD, position=1)


def test_a_fixed_partner_reads_the_dossier_of_a_case_on_a_sent_agenda_until_the_triage_closes(client, dossier_case):
    politie = OrganisationFactory(kind=OrganisationKind.POLITIE)
    partner = UserFactory(ketenpartner=True, organisation=politie)
    client.force_login(partner)
    assert client.get(dossier_url(dossier_case)).status_code == 404  # not on an agenda yet

    item = on_sent_agenda(dossier_case)
    response = client.get(dossier_url(dossier_case))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Pieter Plasmans" in html and "Escalerende overlast in de flat." in html
    assert "Drie meldingen van geluidsoverlast." in html  # what a fixed partner told the ZVH
    for chair_only in (pdf_url(dossier_case), reverse("triage:weighing", args=[dossier_case.pk])):
        assert chair_only not in html
    # Not for partners: BSN, address, the ZVH's intake (questions, pre-check, screening), incidental partners.
    for withheld in ("2333", "Welke hulp loopt er?", "Voortoets", "Meervoudige problematiek", "Mitros", "Bijlagen"):
        assert withheld not in html, withheld
    assert client.get(pdf_url(dossier_case)).status_code == 403  # read, not print
    assert AuditEvent.objects.filter(user=partner, action=AuditAction.VIEW, object_id=str(dossier_case.pk)).exists()

    TriageMeeting.objects.filter(pk=item.meeting_id).update(closed_at=timezone.now())
    assert client.get(dossier_url(dossier_case)).status_code == 404


def test_a_fixed_partner_gets_the_melders_name_but_not_their_mail_address_or_phone(client, chair, dossier_case):
    melder = dossier_case.melder
    melder.first_name, melder.last_name = "Maria", "Melder"
    melder.email, melder.phone = "maria.melder@wijkteam.example", "030-1234567"
    melder.save(update_fields=["first_name", "last_name", "email", "phone"])
    on_sent_agenda(dossier_case)
    partner = UserFactory(ketenpartner=True, organisation=OrganisationFactory(kind=OrganisationKind.POLITIE))

    partner_dossier = verrijkingsdossier_for(user=partner, casus_id=dossier_case.pk)
    chair_dossier = verrijkingsdossier_for(user=chair, casus_id=dossier_case.pk)

    assert partner_dossier.melder == MelderContact(name="Maria Melder")
    assert chair_dossier.melder == MelderContact(
        name="Maria Melder", email="maria.melder@wijkteam.example", phone="030-1234567"
    )
    client.force_login(partner)
    html = client.get(dossier_url(dossier_case)).content.decode()
    assert "Maria Melder" in html
    assert "maria.melder@wijkteam.example" not in html and "030-1234567" not in html
    client.force_login(chair)
    html = client.get(dossier_url(dossier_case)).content.decode()
    assert "Maria Melder, maria.melder@wijkteam.example, 030-1234567" in html


def test_a_partner_cannot_read_the_dossier_after_the_meeting_day_or_of_a_case_taken_off(client, dossier_case):
    partner = UserFactory(ketenpartner=True, organisation=OrganisationFactory(kind=OrganisationKind.GGZ))
    client.force_login(partner)
    item = on_sent_agenda(dossier_case)
    assert client.get(dossier_url(dossier_case)).status_code == 200

    TriageMeeting.objects.filter(pk=item.meeting_id).update(date=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(dossier_url(dossier_case)).status_code == 404  # nobody closed it: still gone

    TriageMeeting.objects.filter(pk=item.meeting_id).update(date=timezone.localdate())
    dossier_case.status = CasusStatus.INGETROKKEN
    dossier_case.save(update_fields=["status"])
    assert client.get(dossier_url(dossier_case)).status_code == 404


def test_an_incidental_partner_never_reads_the_dossier(client, dossier_case):
    on_sent_agenda(dossier_case)
    school = OrganisationFactory(kind=OrganisationKind.ONDERWIJS)
    client.force_login(UserFactory(ketenpartner=True, organisation=school))
    assert client.get(dossier_url(dossier_case)).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED).exists()


@pytest.mark.parametrize("status", [CasusStatus.AANGEMELD, CasusStatus.AFGEWEZEN, CasusStatus.PGA])
def test_chair_gets_404_for_a_case_not_being_prepared(chair_client, weighing_model, status):
    casus = in_verrijking(status=status)
    assert chair_client.get(dossier_url(casus)).status_code == 404
    assert chair_client.get(pdf_url(casus)).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED).count() == 2


def test_an_unknown_case_is_404(chair_client):
    assert chair_client.get(reverse("triage:dossier", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


def test_anonymous_is_sent_to_login(client, dossier_case):
    response = client.get(pdf_url(dossier_case))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- the PDF -------------------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_the_pdf_holds_the_dossier_with_marking_and_page_numbers(chair_client, chair, dossier_case):
    response = chair_client.get(pdf_url(dossier_case))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="verrijkingsdossier-{dossier_case.reference}.pdf"'
    assert response["Cache-Control"] == "no-store"
    content = response.content
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert f"Verrijkingsdossier {dossier_case.reference}" in text
    assert "Vertrouwelijk \u2013 WGS" in text
    assert "Pagina 1 van" in text
    for name in ("Politie Utrecht", "GGZ Centraal", "Veilig Thuis Utrecht", "Woningcorporatie Mitros"):
        assert name in text
    assert "Drie meldingen van geluidsoverlast." in text
    assert "Bespreken voor een persoonsgerichte aanpak (PGA)" in text
    assert "Meervoudige problematiek en drang nodig." in text
    assert "Pieter Plasmans" in text
    assert "*****2333" in text and BSN not in text


def test_the_pdf_download_is_audited(chair_client, chair, dossier_case):
    chair_client.get(pdf_url(dossier_case))
    event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD)
    assert event.user == chair
    assert event.object_id == str(dossier_case.pk)
    assert event.case_reference == dossier_case.reference
    assert event.detail == {"pagina": "verrijkingsdossier", "formaat": "pdf"}
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(dossier_case.pk)).exists()


def test_the_pdf_file_name_and_metadata_hold_no_names(chair_client, dossier_case):
    response = chair_client.get(pdf_url(dossier_case))
    assert "Plasmans" not in response["Content-Disposition"]
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert f"Verrijkingsdossier {dossier_case.reference}" in info
    assert "Plasmans" not in info


def test_the_pdf_fetches_only_our_own_static_files():
    base = pdf_base_url()
    assert static_file_for(base + "static/css/pdf.css").name == "pdf.css"
    assert static_file_for("https://cdn.example.org/static/css/pdf.css") is None
    assert static_file_for("file:///etc/passwd") is None
    assert static_file_for(base + "static/../../etc/passwd") is None
    assert static_file_for(base + "media/private/x.pdf") is None
    with pytest.raises(ValueError):
        LocalStaticFetcher().fetch("http://169.254.169.254/latest/meta-data/")
    assert LocalStaticFetcher().fetch(base + "static/css/pdf.css").read().startswith(b"/* Print style")
