""" "Mijn aanmeldingen" and the casus detail page, as the melder (and the chair) see them.

Through the real URL, filters and templates: who sees which rows, the status in words, what
the ZVH fed back, each filter narrowing the list, paging, the audit entry (filter names, no
values), a flat query count, and the BSN never shown in full.
"""

import datetime
import json
import re

import pytest
from django.urls import reverse

from intake.constants import CasusStatus, FeedbackKind
from intake.models import PreCheck
from intake.presentation import NEEDS_ACTION, STATUS_GROUPS, STATUS_SENTENCES, first_line, mask_bsn
from intake.tests.factories import BetrokkeneFactory, CasusFactory, FeedbackFactory, InformationRequestFactory
from participants.tests.factories import OrganisationFactory, UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

S = CasusStatus
URL = "/aanmeldingen/"
BSN = "111222333"  # passes the elfproef


def my_cases(client, user, **params):
    client.force_login(user)
    return client.get(reverse("intake:my_cases"), params)


def shown(response) -> set:
    return {c.pk for c in response.context["cases"]}


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def org_a():
    return OrganisationFactory(name="Politie Eenheid A")


@pytest.fixture
def melder(org_a):
    return UserFactory(melder=True, organisation=org_a, first_name="Mia", last_name="Melder")


@pytest.fixture
def colleague(org_a):
    return UserFactory(melder=True, organisation=org_a, first_name="Cas", last_name="Collega")


# --- who sees what -------------------------------------------------------------------------------


def test_melder_sees_own_concepts_and_the_organisations_cases_only(client, melder, colleague):
    own_submitted = CasusFactory(melder=melder, submitted=True)
    own_concept = CasusFactory(melder=melder)
    colleagues_submitted = CasusFactory(melder=colleague, submitted=True)
    CasusFactory(melder=colleague)  # a colleague's concept is private
    CasusFactory(melder=UserFactory(melder=True), submitted=True)  # another organisation
    CasusFactory(melder=melder, submitted=True, status=S.VERWIJDERD)  # only a shell remains

    response = my_cases(client, melder)

    assert response.status_code == 200
    assert shown(response) == {own_submitted.pk, own_concept.pk, colleagues_submitted.pk}


def test_other_roles_cannot_open_the_overview(client):
    for user in (UserFactory(voorzitter=True), UserFactory(ketenpartner=True)):
        assert my_cases(client, user).status_code == 403


def test_concept_is_shown_as_concept_with_its_creation_date(client, melder):
    CasusFactory(melder=melder)
    text = body(my_cases(client, melder))
    assert re.search(r"Concept van \d{1,2}-\d{1,2}-\d{4}", text)


def test_each_row_names_its_betrokkenen_escaped_or_says_there_are_none_yet(client, melder):
    casus = CasusFactory(melder=melder, submitted=True)
    BetrokkeneFactory(casus=casus, first_names="Anna", surname_prefix="de", surname="Vries")
    BetrokkeneFactory(casus=casus, first_names="<b>Bas</b>", surname="Bakker")
    CasusFactory(melder=melder)  # a concept without betrokkenen yet

    text = body(my_cases(client, melder))

    assert "<td>Anna de Vries, &lt;b&gt;Bas&lt;/b&gt; Bakker</td>" in text
    assert '<td><span class="text-body-secondary">Nog geen betrokkene</span></td>' in text


# --- status in words -----------------------------------------------------------------------------


def test_every_status_has_a_sentence_and_every_visible_status_one_group():
    assert set(STATUS_SENTENCES) == set(S)
    grouped = [status for group in STATUS_GROUPS for status in group.statuses]
    assert len(grouped) == len(set(grouped))  # no status in two groups
    assert set(grouped) == set(S) - {S.VERWIJDERD}


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (S.AANGEMELD, "Wacht op screening door het ZVH."),
        (S.AANVULLING_GEVRAAGD, "Het ZVH heeft een vraag aan u."),
        (S.IN_VERRIJKING, "Geaccepteerd; informatie wordt verzameld voor de triage."),
        (S.GEAGENDEERD, "Op de agenda van de triage van donderdag 10 december 2026."),
        (S.INGETROKKEN, "Ingetrokken door uw organisatie."),
        (S.PGA, "het ZVH start een persoonsgerichte aanpak"),
    ],
    ids=lambda v: getattr(v, "value", "woorden"),
)
def test_status_is_said_in_words(client, melder, status, words):
    CasusFactory(melder=melder, submitted=True, status=status)
    assert words in body(my_cases(client, melder))


def test_cases_needing_action_are_marked_in_text_not_only_colour(client, melder):
    waiting = CasusFactory(melder=melder, submitted=True, status=S.AANVULLING_GEVRAAGD)
    CasusFactory(melder=melder, submitted=True)
    response = my_cases(client, melder)
    assert body(response).count("Actie nodig</span>") == 1
    rows = {c.pk: c for c in response.context["cases"]}
    assert rows[waiting.pk].needs_action
    assert S.AANVULLING_GEVRAAGD in NEEDS_ACTION


# --- what the ZVH fed back -----------------------------------------------------------------------


def test_open_question_is_shown_with_a_button_to_answer(client, melder):
    request = InformationRequestFactory(
        casus=CasusFactory(melder=melder, submitted=True, status=S.AANVULLING_GEVRAAGD),
        question="Welke hulp loopt er al?\nEn sinds wanneer?",
    )
    text = body(my_cases(client, melder))
    assert "Welke hulp loopt er al?" in text
    assert "En sinds wanneer?" not in text  # first line only; the rest on the answer page
    assert reverse("intake:casus_answer", kwargs={"casus_id": request.casus_id}) in text


def test_latest_decision_feedback_is_shown_first_line_and_a_link(client, melder):
    casus = CasusFactory(melder=melder, submitted=True, status=S.BESPROKEN_GEEN_PGA)
    FeedbackFactory(casus=casus, kind=FeedbackKind.UITKOMST, message="Oude uitkomst")
    FeedbackFactory(casus=casus, kind=FeedbackKind.ADVIES, message="Schakel het wijkteam in.\nDetails volgen.")
    FeedbackFactory(casus=casus, kind=FeedbackKind.BERICHT, message="Interne notitie")  # not a decision

    text = body(my_cases(client, melder))

    assert "Advies:</strong> Schakel het wijkteam in." in text
    assert "Oude uitkomst" not in text
    assert "Interne notitie" not in text
    assert "Details volgen." not in text
    assert reverse("intake:casus_detail", kwargs={"casus_id": casus.pk}) + "#terugkoppeling" in text


def test_first_line_skips_blank_lines_and_shortens():
    assert first_line("\n\n  Eerste regel  \nTweede") == "Eerste regel"
    assert first_line("x" * 300, limit=10) == "x" * 9 + "…"


# --- filters ---------------------------------------------------------------------------------------


@pytest.fixture
def filter_world(melder, colleague):
    return {
        "concept": CasusFactory(melder=melder),
        "question": CasusFactory(
            melder=melder, submitted=True, status=S.AANVULLING_GEVRAAGD, target_triage_date=datetime.date(2026, 12, 10)
        ),
        "running": CasusFactory(
            melder=colleague, submitted=True, status=S.IN_VERRIJKING, target_triage_date=datetime.date(2026, 12, 17)
        ),
        "done": CasusFactory(
            melder=colleague, submitted=True, status=S.AFGESLOTEN, target_triage_date=datetime.date(2026, 11, 26)
        ),
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("groep-actie", {"concept", "question"}),
        ("groep-lopend", {"running"}),
        ("groep-afgerond", {"done"}),
        ("in_verrijking", {"running"}),
        ("aanvulling_gevraagd", {"question"}),
    ],
)
def test_status_filter_narrows_by_group_or_single_status(client, melder, filter_world, value, expected):
    response = my_cases(client, melder, status=value)
    assert shown(response) == {filter_world[key].pk for key in expected}


def test_triage_date_range_narrows(client, melder, filter_world):
    response = my_cases(client, melder, triage_from="2026-12-01", triage_to="2026-12-12")
    assert shown(response) == {filter_world["question"].pk}
    response = my_cases(client, melder, triage_from="2026-12-11")
    assert shown(response) == {filter_world["running"].pk}


def test_only_my_own_narrows_to_the_melders_cases(client, melder, filter_world):
    assert len(shown(my_cases(client, melder))) == 4
    response = my_cases(client, melder, mine="on")
    assert shown(response) == {filter_world["concept"].pk, filter_world["question"].pk}


def test_reference_search_matches_part_of_the_reference(client, melder, filter_world):
    running = filter_world["running"]
    response = my_cases(client, melder, reference=running.reference[-5:].lower())
    assert shown(response) == {running.pk}


def test_search_does_not_match_betrokkene_names(client, melder):
    """Searching personal data would need auditing the term; the search covers the reference only."""
    casus = CasusFactory(melder=melder, submitted=True)
    BetrokkeneFactory(casus=casus, surname="Zoekbaarnaam")
    response = my_cases(client, melder, reference="Zoekbaarnaam")
    assert shown(response) == set()
    assert "Geen aanmeldingen gevonden met deze filters." in body(response)


def test_invalid_date_gives_a_dutch_error_and_keeps_the_input(client, melder, filter_world):
    response = my_cases(client, melder, triage_from="31-02-2026", reference="ZVH")
    assert response.status_code == 200
    text = body(response)
    assert "Voer een geldige datum in." in text
    assert 'aria-describedby="id_triage_from_error"' in text  # the error belongs to its field
    assert "Controleer de filters hierboven" in text
    assert 'value="ZVH"' in text


def test_filters_are_kept_when_paging(client, melder):
    for _ in range(27):
        CasusFactory(melder=melder, submitted=True, status=S.IN_VERRIJKING)
    response = my_cases(client, melder, status="groep-lopend")
    assert len(response.context["cases"]) == 25
    assert "status=groep-lopend&amp;page=2" in body(response)
    second = my_cases(client, melder, status="groep-lopend", page=2)
    assert len(second.context["cases"]) == 2


# --- audit -----------------------------------------------------------------------------------------


def test_list_is_audited_with_filter_names_never_values(client, melder, filter_world):
    before = AuditEvent.objects.count()
    my_cases(client, melder, reference="ZVH-2026", status="groep-actie", mine="on", triage_from="")
    events = list(AuditEvent.objects.order_by("id")[before:].filter(action=AuditAction.LIST))
    assert len(events) == 1
    detail = events[0].detail
    assert detail["pagina"] == "mijn_aanmeldingen"
    assert detail["filters"] == ["mine", "reference", "status"]
    assert detail["aantal"] == 1  # the question case; the concept has no reference yet
    assert "ZVH-2026" not in json.dumps(detail)
    assert "groep-actie" not in json.dumps(detail)


def test_unknown_query_parameters_do_not_reach_the_audit_log(client, melder):
    before = AuditEvent.objects.count()
    my_cases(client, melder, **{"Jansen": "1"})
    event = AuditEvent.objects.order_by("id")[before:].get(action=AuditAction.LIST)
    assert event.detail["filters"] == []
    assert "Jansen" not in json.dumps(event.detail)


# --- queries ---------------------------------------------------------------------------------------

# Measured 11 for 3 and for 30 rows: session, user (with organisation), roles, count, page
# (with the open question and latest message as subqueries), betrokkenen, the audit append (3),
# pga's note and the cancelled dates of the deadline. An N+1 on the rows adds at least 25 at 30.
MAX_QUERIES = 12


@pytest.mark.parametrize("rows", [3, 30])
def test_query_count_does_not_grow_with_rows(client, melder, django_assert_max_num_queries, rows):
    for index in range(rows):
        casus = CasusFactory(melder=melder, submitted=True, status=S.AANVULLING_GEVRAAGD)
        BetrokkeneFactory.create_batch(2, casus=casus)
        InformationRequestFactory(casus=casus, question=f"Vraag nummer {index}")
        FeedbackFactory.create_batch(2, casus=casus, message=f"Advies nummer {index}")
    client.force_login(melder)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL)
    assert len(response.context["cases"]) == min(rows, 25)
    text = body(response)
    assert text.count("Vraag beantwoorden") == min(rows, 25)
    assert text.count("Jansen") == 2 * min(rows, 25)


# --- BSN -------------------------------------------------------------------------------------------


def test_bsn_never_appears_in_full_on_the_list_or_detail_page(client, melder):
    casus = CasusFactory(melder=melder, submitted=True)
    BetrokkeneFactory(casus=casus, bsn=BSN)
    assert BSN not in body(my_cases(client, melder))
    detail = body(client.get(reverse("intake:casus_detail", kwargs={"casus_id": casus.pk})))
    assert BSN not in detail
    assert "*****2333" in detail


def test_mask_bsn():
    assert mask_bsn(BSN) == "*****2333"
    assert mask_bsn("") == ""
    assert mask_bsn(None) == ""


# --- the detail page -------------------------------------------------------------------------------


def detail(client, user, casus):
    client.force_login(user)
    return client.get(reverse("intake:casus_detail", kwargs={"casus_id": casus.pk}))


def test_detail_shows_the_whole_registration(client, melder, criteria_set):
    criterion = criteria_set.criteria.get(number=2)
    casus = CasusFactory(
        melder=melder,
        submitted=True,
        criteria_set=criteria_set,
        aanleiding="Melding van overlast in de flat.",
        concerns="Zorgen om de kinderen.",
        safety_risks="Dreigementen naar buren.",
        tried_before="Wijkteam sinds maart.",
        life_domains={"wonen": "Huurachterstand", "verslaving": "Alcohol"},
        criteria_motivation={str(criterion.pk): "Politie en GGZ moeten samen optrekken."},
        urgency="hoog",
        urgency_reason="Uitzetting dreigt.",
        informed="nee_veiligheid",
        informed_explanation="Partner is gewelddadig.",
    )
    BetrokkeneFactory(casus=casus, first_names="Piet", surname="Puk", relation="hoofdbetrokkene")
    casus.involved_organisations.create(organisation_name="Wijkteam Noord", contact_name="Anna")
    InformationRequestFactory(casus=casus, answered=True, question="Hoe oud zijn de kinderen?", answer="4 en 6.")
    FeedbackFactory(casus=casus, message="Besproken; advies volgt.")

    text = body(detail(client, melder, casus))

    for expected in [
        "Piet Puk",
        "hoofdbetrokkene",
        "Melding van overlast in de flat.",
        "Zorgen om de kinderen.",
        "Dreigementen naar buren.",
        "Wijkteam sinds maart.",
        "Wonen",
        "Huurachterstand",
        "Middelengebruik en verslaving",
        criterion.text,
        "Politie en GGZ moeten samen optrekken.",
        "Hoog",
        "Uitzetting dreigt.",
        "Nee, vanwege de veiligheid van de betrokkene of anderen",
        "Partner is gewelddadig.",
        "Wijkteam Noord",
        "Hoe oud zijn de kinderen?",
        "4 en 6.",
        "Besproken; advies volgt.",
        "Wacht op screening door het ZVH.",
    ]:
        assert expected in text, expected


def test_precheck_answers_are_shown_to_the_chair_not_the_melder(client, melder, criteria_set):
    casus = CasusFactory(melder=melder, submitted=True)
    first = criteria_set.criteria.get(number=1)
    PreCheck.objects.create(
        casus=casus,
        melder=melder,
        criteria_set=criteria_set,
        answers={str(first.pk): True},
        organisation_may_register=True,
        advice_positive=False,
        reasons=["Niet alle criteria zijn van toepassing."],
    )
    chair_view = body(detail(client, UserFactory(voorzitter=True), casus))
    assert "Voortoets van de melder" in chair_view
    assert first.question in chair_view
    assert "Niet alle criteria zijn van toepassing." in chair_view
    assert "Voortoets van de melder" not in body(detail(client, melder, casus))


@pytest.mark.parametrize(
    ("status", "buttons", "absent"),
    [
        (S.CONCEPT, ["Concept verder bewerken", "Concept weggooien"], ["Intrekken", "Vraag beantwoorden"]),
        (S.AANGEMELD, ["Intrekken"], ["Concept weggooien", "Vraag beantwoorden"]),
        (S.AANVULLING_GEVRAAGD, ["Intrekken", "Vraag beantwoorden"], ["Concept weggooien"]),
        (S.IN_VERRIJKING, [], ["Intrekken", "Vraag beantwoorden", "Concept verder bewerken", "Concept weggooien"]),
    ],
    ids=lambda v: getattr(v, "value", None),
)
def test_melder_gets_the_actions_that_fit_the_state(client, melder, status, buttons, absent):
    casus = CasusFactory(melder=melder, status=status, **({} if status == S.CONCEPT else {"submitted": True}))
    if status == S.AANVULLING_GEVRAAGD:
        InformationRequestFactory(casus=casus)
    text = body(detail(client, melder, casus))
    for label in buttons:
        assert f">{label}</a>" in text, label
    for label in absent:
        assert f">{label}</a>" not in text, label


def test_chair_gets_no_melder_actions(client, melder):
    casus = CasusFactory(melder=melder, submitted=True, status=S.AANVULLING_GEVRAAGD)
    InformationRequestFactory(casus=casus)
    text = body(detail(client, UserFactory(voorzitter=True), casus))
    assert ">Intrekken</a>" not in text
    assert ">Vraag beantwoorden</a>" not in text


def test_detail_escapes_what_the_melder_typed(client, melder):
    casus = CasusFactory(melder=melder, submitted=True, aanleiding="<script>alert(1)</script>")
    text = body(detail(client, melder, casus))
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
