"""The privacycontactpunt's pages through the real URLs: access, the steps, the search, the exports, audit.

Petra Visser is in a police case (a running PGA, with a bekendheidscheck at the GGZ and a
casusoverleg), in a municipality's "geen PGA" case and in a withdrawn municipality case; her
partner is in the police case too and must never appear in her export.
"""

import datetime
import json
import subprocess

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from intake.constants import CasusStatus
from intake.models import Betrokkene, Casus
from intake.services.erasure import casus_erase_personal_data
from participants.tests.factories import UserFactory
from pga.constants import ClosingReason
from pga.services import dossier_close
from pga.tests.factories import regisseur, started
from subject_requests.constants import ObjectionDecision, RequestKind, RequestStatus
from subject_requests.models import Objection, SubjectRequest
from subject_requests.selectors import person_record
from subject_requests.services import request_register, request_start
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE

from .people import (
    BIRTH,
    BSN,
    EVERYTHING,
    GGZ_INFO,
    HOUSING,
    MUNICIPALITY_AANLEIDING,
    PARTNER_ADDRESS,
    PARTNER_BSN,
    PARTNER_NAME,
    POLICE_AANLEIDING,
    _petra,
    contact_point,
    fill_everything,
    petra_in_two_organisations,
)

pytestmark = pytest.mark.django_db
# The export's queries, however many cases (docs/decisions.md): the matches with their attachments and
# named organisations (3); the bekendheidschecks (1); the screenings with their criteria sets and
# criteria (3); the weighings with scores, dimensions and levels (4); the agenda items (1); the
# decisions with invitees and their organisations (3); the dossiers with casusoverleggen, participants,
# minutes, actions, goals, informing steps, plan versions, contacts, escalations, measurements,
# scores, timeline and closures (14).
EXPORT_QUERIES = 29
TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=TIMEZONE), tick=False):
        yield


def mark() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def new_events(before: int, action: str | None = None) -> list[AuditEvent]:
    events = AuditEvent.objects.filter(id__gt=before).order_by("id")
    return list(events.filter(action=action) if action else events)


def register(by, kind=RequestKind.INZAGE, **kwargs) -> SubjectRequest:
    values = {
        "kind": kind, "requester": "betrokkene", "identity_check": "balie",
        "identity_note": "Rijbewijs getoond aan de balie.", "received_on": TODAY,
        "first_names": "Petra Johanna", "surname": "Visser", "date_of_birth": BIRTH, "bsn": BSN,
    }
    return request_register(by=by, **{**values, **kwargs})


def url(name: str, subject_request: SubjectRequest, **kwargs) -> str:
    return reverse(f"subject_requests:{name}", kwargs={"request_id": subject_request.pk, **kwargs})


@pytest.fixture
def person():
    return petra_in_two_organisations()


@pytest.fixture
def handler(client):
    client.user = contact_point()
    client.force_login(client.user)
    return client


def started_request(handler, kind=RequestKind.INZAGE) -> SubjectRequest:
    subject_request = register(handler.user, kind=kind)
    return request_start(subject_request=subject_request, by=handler.user)


def search(handler, subject_request, **data):
    return handler.post(url("search", subject_request), data)


def linked(handler, subject_request, rows):
    response = handler.post(url("link", subject_request), {"betrokkene": [row.pk for row in rows]})
    assert response.status_code == 302
    return subject_request


# --- registering and the list ---------------------------------------------------------------------


def test_registering_sets_the_deadline_one_month_after_receipt(handler):
    response = handler.post(reverse("subject_requests:register"), {
        "kind": "inzage", "requester": "vertegenwoordiger", "representative_name": "Mr. A. Advocaat",
        "identity_check": "machtiging", "identity_note": "Machtiging en paspoort van de advocaat gezien.",
        "received_on": "2026-11-16", "first_names": "Petra", "surname": "Visser", "date_of_birth": "1979-05-02",
        "bsn": "111 222 333",
    })
    subject_request = SubjectRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", subject_request)
    assert subject_request.deadline == datetime.date(2026, 12, 16)
    assert subject_request.status == RequestStatus.ONTVANGEN
    assert subject_request.bsn == BSN
    assert subject_request.number == f"AVG-{subject_request.pk:05d}"


def test_bad_input_gives_dutch_errors_and_keeps_what_was_typed(handler):
    response = handler.post(reverse("subject_requests:register"), {
        "kind": "inzage", "requester": "vertegenwoordiger", "identity_check": "balie", "identity_note": "",
        "received_on": "31-02-2026", "first_names": "Petra Typedname", "surname": "", "bsn": "123456789",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vul in: achternaam van de betrokkene." in page
    assert "Dit BSN klopt niet: 9 cijfers die voldoen aan de elfproef." in page
    assert "Vul een geldige datum in." in page
    assert "Vul de naam van de vertegenwoordiger in." in page
    assert "Vul in: toelichting identiteitscontrole." in page
    assert "Petra Typedname" in page
    assert not SubjectRequest.objects.exists()


def test_a_receipt_date_in_the_future_is_refused(handler):
    response = handler.post(reverse("subject_requests:register"), {
        "kind": "bezwaar", "requester": "betrokkene", "identity_check": "balie", "identity_note": "Paspoort",
        "received_on": "2026-12-01", "surname": "Visser",
    })
    assert "De ontvangstdatum kan niet in de toekomst liggen." in response.content.decode()
    assert not SubjectRequest.objects.exists()


MAX_QUERIES_LIST = 15


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_costs_the_same_queries_for_one_and_many_rows(handler, django_assert_max_num_queries, rows):
    for _ in range(rows):
        register(handler.user)
    with django_assert_max_num_queries(MAX_QUERIES_LIST):
        response = handler.get(reverse("subject_requests:list"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(rows, 25)


def test_the_list_highlights_an_overdue_request_and_an_extension_moves_the_deadline(handler):
    register(handler.user, received_on=datetime.date(2026, 10, 29), surname="Laat")
    extended = register(handler.user, received_on=datetime.date(2026, 11, 2), surname="Verlengd")
    response = handler.post(url("extend", extended), {"reason": "Veel casussen bij vijf organisaties."})
    assert response.status_code == 302
    extended.refresh_from_db()
    assert extended.deadline == datetime.date(2027, 2, 2)
    page = handler.get(reverse("subject_requests:list")).content.decode()
    rows = page.split("<tr")
    (late_row,) = [row for row in rows if "Laat" in row]
    (extended_row,) = [row for row in rows if "Verlengd" in row]
    assert "table-danger" in late_row and "Termijn verstreken" in late_row
    assert "29 november 2026" in late_row
    assert "table-danger" not in extended_row and "2 februari 2027 (verlengd)" in extended_row


def test_an_extension_needs_a_reason_and_happens_once_within_the_first_month(handler):
    subject_request = register(handler.user, received_on=datetime.date(2026, 11, 2))
    response = handler.post(url("extend", subject_request), {"reason": ""})
    assert "Vul in: reden van de verlenging." in response.content.decode()
    handler.post(url("extend", subject_request), {"reason": "Complex"})
    response = handler.post(url("extend", subject_request), {"reason": "Nog eens"})
    assert "Dit verzoek is al verlengd" in response.content.decode()
    late = register(handler.user, received_on=datetime.date(2026, 10, 20))
    response = handler.post(url("extend", late), {"reason": "Te laat"})
    assert "De termijn van één maand is al verstreken" in response.content.decode()
    late.refresh_from_db()
    assert late.deadline == datetime.date(2026, 11, 20)


# --- access ----------------------------------------------------------------------------------------------

OUTSIDERS = {
    "melder": lambda: UserFactory(melder=True),
    "triagevoorzitter": lambda: UserFactory(voorzitter=True),
    "procesregisseur": lambda: regisseur(),
    "ketenpartner": lambda: UserFactory(ketenpartner=True),
    "functioneel beheerder": lambda: UserFactory(beheerder=True),
    "logbeheerder": lambda: UserFactory(logbeheerder=True),
}


@pytest.mark.parametrize("who", OUTSIDERS.keys())
def test_only_the_privacycontactpunt_gets_in_and_refusals_are_audited(client, person, who):
    subject_request = register(contact_point())
    client.force_login(OUTSIDERS[who]())
    before = mark()
    assert client.get(reverse("subject_requests:list")).status_code == 403
    assert client.get(reverse("subject_requests:register")).status_code == 403
    for name in ("detail", "search", "export_pdf", "export_json", "extend"):
        response = client.get(url(name, subject_request))
        assert response.status_code == 404, name
        assert "Visser" not in response.content.decode()
    response = client.post(url("search", subject_request), {"by": "bsn", "bsn": BSN})
    assert response.status_code == 404
    denied = new_events(before, AuditAction.DENIED)
    assert [e.detail.get("pagina") for e in denied[:2]] == ["verzoeken_betrokkenen", "verzoek_registreren"]
    assert [e.detail["object"] for e in denied[2:]] == [f"subject_requests.subjectrequest:{subject_request.pk}"] * 6
    assert new_events(before, AuditAction.SEARCH) == [] and new_events(before, AuditAction.EXPORT) == []


def test_a_request_that_does_not_exist_is_404_without_an_audit_entry(handler):
    before = mark()
    assert handler.get(reverse("subject_requests:detail", kwargs={"request_id": 999})).status_code == 404
    assert new_events(before, AuditAction.DENIED) == []


# --- finding the person --------------------------------------------------------------------------------


def found_rows(response) -> list[Betrokkene]:
    assert response.status_code == 200
    return response.context["found"]


def test_bsn_and_name_with_birth_date_find_the_same_person_in_both_organisations(handler, person):
    subject_request = started_request(handler)
    before = mark()
    by_bsn = found_rows(search(handler, subject_request, by="bsn", bsn=BSN))
    by_name = found_rows(search(handler, subject_request, by="naam", surname="visser", date_of_birth="1979-05-02"))
    expected = {row.pk for row in person.rows}
    assert {row.pk for row in by_bsn} == expected
    assert {row.pk for row in by_name} == expected
    assert {row.casus.organisation.name for row in by_bsn} == {"Politie Midden-Nederland", "Gemeente Utrecht"}
    page = search(handler, subject_request, by="bsn", bsn=BSN).content.decode()
    assert PARTNER_NAME not in page
    searches = new_events(before, AuditAction.SEARCH)
    assert [(e.detail["zoeken_op"], e.detail["aantal"]) for e in searches] == [("bsn", 3), ("naam", 3), ("bsn", 3)]
    for event in searches:
        assert event.detail["verzoek"] == subject_request.number
        assert BSN not in json.dumps(event.detail) and "Visser" not in json.dumps(event.detail)


def test_the_bsn_search_uses_the_keyed_hash_not_the_encrypted_column(handler, person):
    """A row whose hash does not match is not found, even though its decrypted BSN would."""
    Betrokkene.objects.filter(pk=person.rows[2].pk).update(bsn_hash="0" * 64)
    subject_request = started_request(handler)
    rows = found_rows(search(handler, subject_request, by="bsn", bsn=BSN))
    assert {row.pk for row in rows} == {person.rows[0].pk, person.rows[1].pk}


def test_the_partner_is_found_only_by_her_own_bsn(handler, person):
    subject_request = started_request(handler)
    rows = found_rows(search(handler, subject_request, by="bsn", bsn=PARTNER_BSN))
    assert [row.pk for row in rows] == [person.partner.pk]


def test_searching_is_a_post_and_a_query_string_searches_nothing(handler, person):
    subject_request = started_request(handler)
    page = handler.get(url("search", subject_request)).content.decode()
    assert '<form method="post"' in page
    before = mark()
    response = handler.get(url("search", subject_request) + f"?by=bsn&bsn={BSN}")
    assert response.status_code == 200 and "found" not in response.context
    assert new_events(before, AuditAction.SEARCH) == []


def test_a_search_with_bad_input_gives_dutch_errors(handler, person):
    subject_request = started_request(handler)
    page = search(handler, subject_request, by="bsn", bsn="").content.decode()
    assert "Vul het BSN in om op BSN te zoeken." in page
    page = search(handler, subject_request, by="bsn", bsn="12345").content.decode()
    assert "Dit BSN klopt niet" in page
    page = search(handler, subject_request, by="naam", surname="Visser", date_of_birth="").content.decode()
    assert "Vul de geboortedatum in om op naam en geboortedatum te zoeken." in page
    page = search(handler, subject_request, by="").content.decode()
    assert "Kies: zoeken op." in page


def test_a_request_must_be_taken_into_handling_before_searching(handler, person):
    subject_request = register(handler.user)
    response = search(handler, subject_request, by="bsn", bsn=BSN)
    assert "Neem het verzoek eerst in behandeling." in response.content.decode()


# --- the export ------------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def test_the_export_holds_every_value_of_the_person_and_nothing_of_her_partner(handler, person):
    subject_request = linked(handler, started_request(handler), person.rows)
    before = mark()
    response = handler.get(url("export_json", subject_request))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="gegevens-{subject_request.number}.json"'
    record = json.loads(response.content)
    text = json.dumps(record, ensure_ascii=False)
    for value in ("Petra Johanna", "Visser", "02-05-1979", BSN, "Spoorstraat 12", "3511 AB", "hoofdbetrokkene",
                  POLICE_AANLEIDING, MUNICIPALITY_AANLEIDING, GGZ_INFO, "Welke zorg loopt er?",
                  "Casusoverleg 1", "GGZ Centraal", "Politie Midden-Nederland", "Gemeente Utrecht",
                  "Wet gegevensverwerking door samenwerkingsverbanden"):
        assert value in text, value
    assert {case["casusnummer"] for case in record["casussen"]} == {
        person.police_case.reference, person.municipality_case.reference, person.withdrawn_case.reference}
    police = next(c for c in record["casussen"] if c["casusnummer"] == person.police_case.reference)
    assert {r["organisatie"]: r["waarom"] for r in police["ontvangers"]}["GGZ Centraal"] == (
        "kreeg een vraag of u bekend bent (bekendheidscheck)")
    for other in ("Kees", "Huisgenoot", PARTNER_BSN, "19-08-1975", "Geheimachternaam"):
        assert other not in text, other

    pdf = handler.get(url("export_pdf", subject_request))
    assert pdf["Content-Type"] == "application/pdf"
    printed = " ".join(pdf_text(pdf.content).split())
    for value in ("Petra Johanna", BSN, "Spoorstraat 12", "GGZ Centraal", "Wie uw gegevens kregen",
                  "Wet gegevensverwerking door samenwerkingsverbanden", "Autoriteit Persoonsgegevens"):
        assert value in printed, value
    assert "Huisgenoot" not in printed and PARTNER_BSN not in printed
    exports = new_events(before, AuditAction.EXPORT)
    assert [(e.detail["verzoek"], e.detail["formaat"]) for e in exports] == [
        (subject_request.number, "json"), (subject_request.number, "pdf")]
    assert "Visser" not in json.dumps([e.detail for e in exports])


def section(case: dict, title: str) -> dict[str, str]:
    return next(part["gegevens"] for part in case["onderdelen"] if part["titel"] == title)


CLOSING_EXPLANATION = "Betrokkene gaat verder met de wijkcoach"
CLOSING_EVALUATION = "Geen huurachterstand meer, rust in de straat"


def test_the_export_holds_every_kind_of_value_of_a_pga_case_and_nothing_of_the_household(
    handler, person, weighing_model, self_reliance_instrument
):
    """Screening, weighing, triage, the whole dossier and the attachments, in the JSON and in the PDF."""
    fill_everything(person.dossier, weighing_model)
    dossier_close(
        dossier=person.dossier, reason=ClosingReason.ANDERS, explanation=CLOSING_EXPLANATION,
        evaluation=CLOSING_EVALUATION, monitoring_date=datetime.date(2027, 3, 1), by=person.dossier.procesregisseur,
    )
    subject_request = linked(handler, started_request(handler), person.rows)
    record = json.loads(handler.get(url("export_json", subject_request)).content)
    text = json.dumps(record, ensure_ascii=False)
    printed = " ".join(pdf_text(handler.get(url("export_pdf", subject_request)).content).split())
    # Each value as the person reads it; the dates are today's (30-11-2026) or the ones set by hand.
    expected = [
        *EVERYTHING.values(),
        # the screening: its decision, the judgement per criterion, its texts
        "Screening van de aanmelding", "Criterium 1", "voldoet",
        # the weighing: levels 2, 2, 2, 1 of the de-escalatiemodel version 1 make 7 of 12, its threshold
        "Weging met het de-escalatiemodel", "7 van 12", "Bespreken voor een persoonsgerichte aanpak (PGA)",
        # the agenda and the triage decision (the factory's motivation), with the incidental invitee
        "05-11-2026", "Doorgeschoven", "Drang en dwang van meerdere ketens nodig.", "Noodzakelijke expertise",
        # the dossier: informing by the GGZ, goals, actions, versions, contacts, progress, casusoverleg, timeline
        "Hoe u over de PGA bent of wordt geïnformeerd", "In een gesprek", "Financiën en schulden",
        "15-01-2027", "Plan van aanpak, versie 3", "Telefoon met Wijkagent Jansen", "2: Huur wordt weer deels betaald",
        "Casusoverleg 2", "08:00 tot 09:00", "08-01-2027", "Tijdlijn van de PGA",
        "De Integrale Triage besloot tot een PGA",
        # the closing, with its monitoring date
        "Afsluiting van de PGA (30-11-2026 10:00)", CLOSING_EXPLANATION, CLOSING_EVALUATION, "01-03-2027",
        # the attachment by name and kind, and where the file itself is
        "application/pdf", "Die bestanden zelf staan niet in dit overzicht",
    ]
    for value in expected:
        assert value in text, value
        assert value in printed, value
    police = next(c for c in record["casussen"] if c["casusnummer"] == person.police_case.reference)
    assert section(police, "Plan van aanpak, versie 3")["Vastgesteld"] == "ja"
    assert section(police, "Weging met het de-escalatiemodel")["Totaalscore"] == "7 van 12"
    assert section(police, "Hoe u over de PGA bent of wordt geïnformeerd") == {
        "1. Afspraak met de melder (30-11-2026 10:00)": (
            "Wie informeert: Een partnerorganisatie; Partnerorganisatie: GGZ Centraal; Hoe: In een gesprek; "
            "Gepland op: 30-11-2026"
        ),
        "2. Geïnformeerd (30-11-2026 10:00)": (
            "Wie informeert: Een partnerorganisatie; Partnerorganisatie: GGZ Centraal; Hoe: In een gesprek; "
            "Geïnformeerd op: 30-11-2026"
        ),
    }
    receivers = {r["organisatie"]: r["waarom"] for r in police["ontvangers"]}
    assert receivers["GGZ Centraal"] == (
        "kreeg een vraag of u bekend bent (bekendheidscheck); is gevraagd u te informeren over de PGA"
    )
    assert receivers[HOUSING] == (
        "kreeg een vraag of u bekend bent (bekendheidscheck); is uitgenodigd voor het casusoverleg; "
        "nam deel aan een casusoverleg; voert een actie uit het plan van aanpak uit"
    )
    for other in ("Kees", "Huisgenoot", PARTNER_BSN, "19-08-1975", PARTNER_ADDRESS, "Geheimachternaam"):
        assert other not in text, other
        assert other not in printed, other


def test_the_export_costs_the_same_queries_for_one_case_and_for_several(
    handler, person, weighing_model, self_reliance_instrument, django_assert_max_num_queries
):
    """Every kind of row is read once for all cases; a second full PGA case adds no query."""
    fill_everything(person.dossier, weighing_model)
    second = started(melder=person.police_case.melder)
    fill_everything(second, weighing_model)
    one = linked(handler, started_request(handler), person.rows[:1])
    several = linked(handler, started_request(handler), [*person.rows, _petra(second.casus)])
    with django_assert_max_num_queries(EXPORT_QUERIES):
        assert len(person_record(one)["casussen"]) == 1
    with django_assert_max_num_queries(EXPORT_QUERIES):
        assert len(person_record(several)["casussen"]) == 4


# --- correcting, deleting, objecting -----------------------------------------------------------------------


def match_of(subject_request, casus):
    return subject_request.matches.get(casus=casus)


def test_a_correction_changes_the_value_and_the_log_names_only_the_field(handler, person):
    subject_request = linked(handler, started_request(handler, RequestKind.CORRECTIE), person.rows[:1])
    before = mark()
    match = match_of(subject_request, person.police_case)
    page = handler.get(url("detail", subject_request)).content.decode()
    assert url("correct", subject_request, match_id=match.pk) in page
    assert url("erase", subject_request, match_id=match.pk) not in page
    response = handler.post(url("correct", subject_request, match_id=match.pk),
                            {"field": "street_address", "value": "Stationsweg 4"})
    assert response.status_code == 302
    assert Betrokkene.objects.get(pk=person.rows[0].pk).street_address == "Stationsweg 4"
    (update,) = new_events(before, AuditAction.UPDATE)
    assert update.detail == {"veld": "street_address", "verzoek": subject_request.number, "stap": "gecorrigeerd"}
    assert update.case_reference == person.police_case.reference
    assert "Stationsweg" not in json.dumps(update.detail) and "Spoorstraat" not in json.dumps(update.detail)


def test_a_bad_correction_gives_a_dutch_error_and_changes_nothing(handler, person):
    subject_request = linked(handler, started_request(handler, RequestKind.CORRECTIE), person.rows[:1])
    match = match_of(subject_request, person.police_case)
    page = handler.post(url("correct", subject_request, match_id=match.pk),
                        {"field": "date_of_birth", "value": "31-02-1979"}).content.decode()
    assert "Vul een geldige datum in (dd-mm-jjjj)." in page and "31-02-1979" in page
    page = handler.post(url("correct", subject_request, match_id=match.pk),
                        {"field": "bsn", "value": "123456789"}).content.decode()
    assert "Dit BSN klopt niet" in page
    assert Betrokkene.objects.get(pk=person.rows[0].pk).date_of_birth == BIRTH


def test_a_corrected_bsn_is_found_by_its_new_hash(handler, person):
    subject_request = linked(handler, started_request(handler, RequestKind.CORRECTIE), person.rows[:1])
    match = match_of(subject_request, person.police_case)
    handler.post(url("correct", subject_request, match_id=match.pk), {"field": "bsn", "value": "999999990"})
    rows = found_rows(search(handler, subject_request, by="bsn", bsn="999999990"))
    assert [row.pk for row in rows] == [person.rows[0].pk]


def test_deleting_is_refused_with_the_reason_for_a_running_pga_and_audited(handler, person):
    subject_request = linked(handler, started_request(handler, RequestKind.VERWIJDERING), person.rows)
    match = match_of(subject_request, person.police_case)
    page = handler.get(url("erase", subject_request, match_id=match.pk)).content.decode()
    reason = f"Voor casus {person.police_case.reference} loopt een persoonsgerichte aanpak (PGA)."
    assert reason in page and "Definitief verwijderen" not in page
    before = mark()
    page = handler.post(url("erase", subject_request, match_id=match.pk)).content.decode()
    assert reason in page
    assert Betrokkene.objects.filter(pk=person.rows[0].pk).exists()
    (denied,) = new_events(before, AuditAction.DENIED)
    assert denied.detail == {"verzoek": subject_request.number, "stap": "verwijderen_niet_toegestaan"}
    assert denied.case_reference == person.police_case.reference
    other = match_of(subject_request, person.municipality_case)
    page = handler.get(url("erase", subject_request, match_id=other.pk)).content.decode()
    assert "is nog in behandeling bij het ZVH (status: Besproken - geen PGA)" in page


def test_a_withdrawn_case_is_deleted_through_the_erasure_and_the_step_is_audited(handler, person):
    subject_request = linked(handler, started_request(handler, RequestKind.VERWIJDERING), person.rows)
    match = match_of(subject_request, person.withdrawn_case)
    before = mark()
    response = handler.post(url("erase", subject_request, match_id=match.pk))
    assert response.status_code == 302
    casus = Casus.objects.get(pk=person.withdrawn_case.pk)
    assert casus.status == CasusStatus.VERWIJDERD
    assert not casus.betrokkenen.exists()
    assert casus.status_changes.last().reason == f"Verwijderd op verzoek van de betrokkene ({subject_request.number})."
    match.refresh_from_db()
    assert match.betrokkene is None and match.erased_at is not None
    deletes = new_events(before, AuditAction.DELETE)
    assert [e.object_type for e in deletes] == ["intake.casus", "subject_requests.subjectrequest"]
    assert deletes[1].detail == {"verzoek": subject_request.number, "stap": "verwijderd"}
    page = handler.get(url("detail", subject_request)).content.decode()
    assert "Verwijderd op dit verzoek (30 november 2026)" in page
    record = json.loads(handler.get(url("export_json", subject_request)).content)
    assert person.withdrawn_case.reference not in {c["casusnummer"] for c in record["casussen"]}


def test_an_objection_is_flagged_to_the_chairs_and_the_procesregisseur_and_decided(handler, person):
    client = Client()  # the case readers, beside the privacycontactpunt's own session
    subject_request = linked(handler, started_request(handler, RequestKind.BEZWAAR), person.rows[:1])
    match = match_of(subject_request, person.police_case)
    before = mark()
    response = handler.post(url("objection", subject_request), {"match": [match.pk]})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.casus, objection.decision) == (person.police_case, ObjectionDecision.OPEN)
    case_url = reverse("intake:casus_detail", args=[person.police_case.pk])
    flag = f"Verzoek {subject_request.number}, vastgelegd op 30 november 2026: <strong>Nog geen besluit</strong>"
    chair, melder = UserFactory(voorzitter=True), person.police_case.melder
    for user in (chair, person.dossier.procesregisseur):
        client.force_login(user)
        assert flag in client.get(case_url).content.decode()
    client.force_login(melder)
    assert "Bezwaar van een betrokkene" not in client.get(case_url).content.decode()

    page = handler.post(url("objection_decide", subject_request, objection_id=objection.pk),
                        {"decision": "afgewezen", "note": ""}).content.decode()
    assert "Vul in: motivering." in page
    handler.post(url("objection_decide", subject_request, objection_id=objection.pk),
                 {"decision": "afgewezen", "note": "Dwingende gronden: de veiligheid van de kinderen."})
    objection.refresh_from_db()
    assert (objection.decision, objection.decided_by) == (ObjectionDecision.AFGEWEZEN, handler.user)
    client.force_login(chair)
    assert "Bezwaar afgewezen: dwingende gronden voor de verwerking" in client.get(case_url).content.decode()
    steps = [(e.action, e.detail.get("stap")) for e in new_events(before) if e.detail.get("verzoek")]
    assert steps == [(AuditAction.CREATE, "bezwaar_vastgelegd"), (AuditAction.UPDATE, "bezwaar_besloten")]


def test_correcting_is_refused_on_a_request_of_another_kind(handler, person):
    subject_request = linked(handler, started_request(handler), person.rows[:1])
    match = match_of(subject_request, person.police_case)
    page = handler.post(url("correct", subject_request, match_id=match.pk),
                        {"field": "city", "value": "Zeist"}).content.decode()
    assert "Dit hoort bij een verzoek om correctie; dit is een verzoek om inzage." in page
    assert Betrokkene.objects.get(pk=person.rows[0].pk).city == "Utrecht"


# --- every step audited with the request's number ------------------------------------------------------------


def test_every_step_from_registration_to_the_answer_is_audited_with_the_request_number(handler, person):
    before = mark()
    handler.post(reverse("subject_requests:register"), {
        "kind": "inzage", "requester": "betrokkene", "identity_check": "balie", "identity_note": "ID-kaart",
        "received_on": "2026-11-30", "first_names": "Petra", "surname": "Visser", "date_of_birth": "1979-05-02",
        "bsn": BSN,
    })
    subject_request = SubjectRequest.objects.get()
    handler.post(url("move", subject_request, move="start"))
    handler.get(url("detail", subject_request))
    search(handler, subject_request, by="bsn", bsn=BSN)
    linked(handler, subject_request, person.rows)
    handler.post(url("extend", subject_request), {"reason": "Drie casussen bij twee organisaties."})
    handler.get(url("export_pdf", subject_request))
    response = handler.post(url("answer", subject_request),
                            {"outcome": "toegewezen", "answered_on": "2026-11-30", "note": ""})
    assert response.status_code == 302
    subject_request.refresh_from_db()
    assert subject_request.status == RequestStatus.AFGEHANDELD
    events = [e for e in new_events(before) if e.action != AuditAction.LIST]
    assert [(e.action, e.detail.get("stap")) for e in events] == [
        (AuditAction.CREATE, "geregistreerd"),
        (AuditAction.TRANSITION, "status"),
        (AuditAction.VIEW, None),
        (AuditAction.SEARCH, None),
        (AuditAction.UPDATE, "gekoppeld"),
        (AuditAction.UPDATE, "verlengd"),
        (AuditAction.EXPORT, "geexporteerd"),
        (AuditAction.TRANSITION, "status"),
    ]
    assert {e.detail["verzoek"] for e in events} == {subject_request.number}
    assert all(e.user == handler.user for e in events)
    assert "Visser" not in json.dumps([e.detail for e in events]) and BSN not in json.dumps([e.detail for e in events])


def test_a_refused_answer_needs_its_reason(handler):
    subject_request = started_request(handler)
    page = handler.post(url("answer", subject_request),
                        {"outcome": "afgewezen", "answered_on": "2026-11-30", "note": ""}).content.decode()
    assert "Schrijf bij een (deels) afgewezen verzoek de reden op" in page
    subject_request.refresh_from_db()
    assert subject_request.status == RequestStatus.IN_BEHANDELING


def test_erasing_a_case_blanks_an_objections_motivation_and_keeps_the_decision_and_the_match(handler, person):
    """What subject_requests registered with the erasure (intake.extensions.register_erasure)."""
    subject_request = linked(handler, started_request(handler, RequestKind.BEZWAAR), person.rows[2:])
    handler.post(url("objection", subject_request), {"match": [match_of(subject_request, person.withdrawn_case).pk]})
    objection = Objection.objects.get()
    handler.post(url("objection_decide", subject_request, objection_id=objection.pk),
                 {"decision": "toegewezen", "note": "Mevrouw Visser woont niet meer in de regio."})
    casus_erase_personal_data(casus=person.withdrawn_case, by=None, reason="Bewaartermijn verstreken.")
    objection.refresh_from_db()
    assert (objection.decision, objection.decision_note) == (ObjectionDecision.TOEGEWEZEN, "")
    match = match_of(subject_request, person.withdrawn_case)
    assert match.betrokkene is None


def test_a_person_who_is_not_known_gets_an_overview_that_says_so(handler, person):
    subject_request = started_request(handler)
    found = found_rows(search(handler, subject_request, by="bsn", bsn="999999990"))
    assert found == []
    printed = " ".join(pdf_text(handler.get(url("export_pdf", subject_request)).content).split())
    assert "Wij hebben geen gegevens over u gevonden." in printed
    assert "Visser" in printed  # the letter is addressed to the person of the request
    assert "Spoorstraat" not in printed
