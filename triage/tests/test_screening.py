"""Screening: the chairs' queue and the three decisions (accept, ask the melder, reject).

Services first (the rules), then the pages as a chair uses them, then the queue with its
filters, sorting and query count. Rejection and the deletion after it are in
test_rejection_deletion.py.
"""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus, FeedbackKind, Urgency
from intake.models import Casus, Feedback, InformationRequest, StatusChange
from intake.selectors import casus_version
from intake.services.melder import information_request_answer
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.constants import OrganisationKind
from participants.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from triage.constants import RejectionCategory, ScreeningOutcome
from triage.models import Bekendheidscheck, ScreeningDecision
from triage.services.screening import (
    ACCEPTED_REASON,
    screening_accept,
    screening_reject,
    screening_request_information,
)
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.core.exceptions import ServiceError

from .screening_helpers import judge_all, judgement_post, registration

pytestmark = pytest.mark.django_db

S = CasusStatus
SECRET_SURNAME = "Geheimachternaam"
CHAIR_MOTIVATION = "Interne motivering van de voorzitter"


@pytest.fixture
def org():
    return OrganisationFactory(name="Politie Eenheid A", kind=OrganisationKind.POLITIE)


@pytest.fixture
def melder(org):
    return UserFactory(melder=True, organisation=org, email="melder@politie.example")


@pytest.fixture
def chair():
    return UserFactory(voorzitter=True, organisation=OrganisationFactory(name="ZVH", kind=OrganisationKind.ZVH))


@pytest.fixture
def casus(melder, criteria_set):
    return registration(melder=melder, criteria_set=criteria_set)


def screening_url(casus) -> str:
    return reverse("triage:screening_casus", kwargs={"casus_id": casus.pk})


def seen(casus) -> dict:
    """The hidden field of the screening page: the case as the chair saw it."""
    return {"versie": casus_version(casus)}


def state(casus) -> tuple:
    casus.refresh_from_db()
    return casus.status, StatusChange.objects.filter(casus=casus).count(), ScreeningDecision.objects.count()


# --- accept ----------------------------------------------------------------------------------------


def test_accept_sends_the_case_to_verrijking_and_asks_every_fixed_partner(casus, chair, criteria_set, org):
    ggz = OrganisationFactory(name="GGZ Centraal", kind=OrganisationKind.GGZ)
    OrganisationFactory(name="Woningcorporatie", kind=OrganisationKind.UWV_SVB_WONING)  # not a fixed partner

    decision = screening_accept(
        casus=casus, by=chair, reason=CHAIR_MOTIVATION, criteria_judgement=judge_all(criteria_set)
    )

    casus.refresh_from_db()
    assert casus.status == S.IN_VERRIJKING
    assert (decision.outcome, decision.criteria_set, decision.decided_by) == (
        ScreeningOutcome.ACCEPTED,
        criteria_set,
        chair,
    )
    assert decision.criteria_judgement == {str(pk): True for pk in judge_all(criteria_set)}
    assert set(Bekendheidscheck.objects.filter(casus=casus).values_list("organisation", flat=True)) == {org.pk, ggz.pk}
    last = casus.status_changes.last()
    assert (last.to_status, last.by, last.reason) == (S.IN_VERRIJKING, chair, ACCEPTED_REASON)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="triage.screeningdecision")
    assert event.detail == {"besluit": "geaccepteerd", "criteriaset_versie": 1}
    assert CHAIR_MOTIVATION not in json.dumps([e.detail for e in AuditEvent.objects.all()])


def test_accept_needs_a_judgement_on_every_criterion(casus, chair, criteria_set):
    judgement = judge_all(criteria_set)
    judgement.popitem()
    before = state(casus)
    with pytest.raises(ServiceError, match="bij elk criterium"):
        screening_accept(casus=casus, by=chair, reason="Past", criteria_judgement=judgement)
    assert state(casus) == before


def test_accept_refuses_a_case_the_chair_judged_not_to_meet_the_criteria(casus, chair, criteria_set):
    judgement = judge_all(criteria_set)
    criterion_2 = criteria_set.criteria.get(number=2)
    judgement[criterion_2.pk] = False  # group B fails
    before = state(casus)
    with pytest.raises(ServiceError, match="voldoet de casus niet aan de criteria"):
        screening_accept(casus=casus, by=chair, reason="Past", criteria_judgement=judgement)
    assert state(casus) == before
    assert not Bekendheidscheck.objects.exists()


def test_accept_with_criterion_3_or_4_is_enough(casus, chair, criteria_set):
    judgement = judge_all(criteria_set)
    judgement[criteria_set.criteria.get(number=3).pk] = False
    screening_accept(casus=casus, by=chair, reason="Criterium 4 geldt", criteria_judgement=judgement)
    assert state(casus)[0] == S.IN_VERRIJKING


def test_accept_waits_for_the_melders_answer(casus, chair, criteria_set):
    Casus.objects.filter(pk=casus.pk).update(status=S.AANVULLING_GEVRAAGD)
    before = state(casus)
    with pytest.raises(ServiceError, match="wacht op een antwoord van de melder"):
        screening_accept(casus=casus, by=chair, reason="Past", criteria_judgement=judge_all(criteria_set))
    assert state(casus) == before


def test_asking_again_waits_for_the_melders_answer(casus, chair):
    Casus.objects.filter(pk=casus.pk).update(status=S.AANVULLING_GEVRAAGD)
    before = (state(casus), casus.information_requests.count())
    with pytest.raises(ServiceError, match="wacht op een antwoord van de melder"):
        screening_request_information(casus=casus, by=chair, question="Nog een vraag?")
    assert (state(casus), casus.information_requests.count()) == before


def test_a_judgement_on_criteria_of_another_set_is_refused(casus, chair, criteria_set):
    with pytest.raises(ServiceError, match="criteria zijn intussen gewijzigd"):
        screening_reject(
            casus=casus,
            by=chair,
            category=RejectionCategory.ANDERS,
            reason="r",
            advice="a",
            criteria_judgement={999999: True},
        )
    assert state(casus)[0] == S.AANGEMELD


def test_without_an_own_version_the_active_criteria_set_applies(melder, chair, criteria_set):
    casus = CasusFactory(melder=melder, submitted=True)  # registered before criteria were recorded
    decision = screening_reject(casus=casus, by=chair, category=RejectionCategory.ANDERS, reason="r", advice="a")
    assert decision.criteria_set == criteria_set


# --- ask the melder --------------------------------------------------------------------------------


def test_asking_the_melder_records_the_decision_and_the_answer_returns_the_case(casus, chair, melder, client):
    decision = screening_request_information(
        casus=casus, by=chair, question="Welke hulp loopt er al?", reason=CHAIR_MOTIVATION
    )
    assert (decision.outcome, decision.reason) == (ScreeningOutcome.INFORMATION_REQUESTED, CHAIR_MOTIVATION)
    request = InformationRequest.objects.get(casus=casus)
    assert (request.question, request.asked_by, request.is_open) == ("Welke hulp loopt er al?", chair, True)
    assert state(casus)[0] == S.AANVULLING_GEVRAAGD

    client.force_login(melder)
    assert "Welke hulp loopt er al?" in client.get(reverse("intake:my_cases")).content.decode()

    information_request_answer(request=request, by=melder, answer="Het wijkteam.")
    assert state(casus)[0] == S.AANGEMELD
    client.force_login(chair)
    assert casus.pk in {c.pk for c in client.get(reverse("triage:screening")).context["cases"]}


def test_without_a_separate_motivation_the_question_is_the_reason(casus, chair):
    decision = screening_request_information(casus=casus, by=chair, question="Welke hulp loopt er al?")
    assert decision.reason == "Welke hulp loopt er al?"


# --- who and what ----------------------------------------------------------------------------------


@pytest.mark.parametrize("decide", ["accept", "ask", "reject"])
def test_only_a_chair_decides(casus, melder, criteria_set, decide):
    calls = {
        "accept": lambda: screening_accept(
            casus=casus, by=melder, reason="r", criteria_judgement=judge_all(criteria_set)
        ),
        "ask": lambda: screening_request_information(casus=casus, by=melder, question="q"),
        "reject": lambda: screening_reject(casus=casus, by=melder, category="andere_regio", reason="r", advice="a"),
    }
    before = state(casus)
    with pytest.raises(ServiceError, match="triagevoorzitter"):
        calls[decide]()
    assert state(casus) == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reason": " "}, "Motiveer uw besluit"),
        ({"advice": "\n"}, "Geef de melder een advies"),
        ({"category": "verzonnen"}, "Kies de reden"),
    ],
)
def test_rejection_needs_a_category_a_reason_and_advice(casus, chair, kwargs, message):
    data = {"category": RejectionCategory.ANDERE_REGIO, "reason": "r", "advice": "a", **kwargs}
    before = state(casus)
    with pytest.raises(ServiceError, match=message):
        screening_reject(casus=casus, by=chair, **data)
    assert state(casus) == before
    assert not Feedback.objects.exists()


def test_a_case_decided_by_another_chair_meanwhile_is_refused(casus, chair, criteria_set):
    screening_accept(casus=casus, by=chair, reason="Past", criteria_judgement=judge_all(criteria_set))
    other_chair = UserFactory(voorzitter=True)
    before = state(casus)
    with pytest.raises(ServiceError, match="wacht niet \\(meer\\) op screening"):
        screening_reject(casus=casus, by=other_chair, category="anders", reason="r", advice="a")
    assert state(casus) == before


def test_reject_tells_the_melder_category_and_advice_but_not_the_motivation(casus, chair, melder, client):
    decision = screening_reject(
        casus=casus,
        by=chair,
        category=RejectionCategory.ANDERE_REGIO,
        reason=CHAIR_MOTIVATION,
        advice="Meld de casus aan bij het ZVH Gelderland-Zuid.",
    )
    casus.refresh_from_db()
    assert casus.status == S.AFGEWEZEN
    assert (decision.rejection_category, decision.advice) == (
        "andere_regio",
        "Meld de casus aan bij het ZVH Gelderland-Zuid.",
    )
    feedback = Feedback.objects.get(casus=casus)
    assert feedback.kind == FeedbackKind.AFWIJZING
    assert "Andere regio" in feedback.message and "ZVH Gelderland-Zuid" in feedback.message

    client.force_login(melder)
    page = client.get(reverse("intake:casus_detail", kwargs={"casus_id": casus.pk})).content.decode()
    assert "Niet geaccepteerd: Andere regio." in page
    assert "Meld de casus aan bij het ZVH Gelderland-Zuid." in page
    assert CHAIR_MOTIVATION not in page  # neither in the feedback nor in the status history
    overview = client.get(reverse("intake:my_cases")).content.decode()
    assert "Afwijzing:</strong> Andere regio." in overview


# --- the screening page ----------------------------------------------------------------------------


def test_screening_page_has_the_registration_the_precheck_the_criteria_and_the_decisions(client, casus, chair):
    BetrokkeneFactory(casus=casus, surname=SECRET_SURNAME)
    client.force_login(chair)
    response = client.get(screening_url(casus))
    assert response.status_code == 200
    text = response.content.decode()
    assert SECRET_SURNAME in text  # the registration itself
    assert "Voortoets van de melder" in text and "Advies: aanmelden" in text
    assert "Landelijk Kader Zorg- en Veiligheidshuizen (versie 1)" in text
    for number in (1, 2, 3, 4):
        assert f"Voldoet de casus aan criterium {number}?" in text
        assert f"Motivering bij criterium {number}" in text
    assert "<legend" in text and "Uw besluit" in text and "Reden van de afwijzing" in text
    for label in ("Accepteren: de casus gaat door naar de verrijking", "De melder om aanvulling vragen", "Afwijzen"):
        assert label in text
    assert 'for="id_motivering"' in text and 'for="id_advies"' in text and 'for="id_vraag"' in text
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(casus.pk)).count() == 1


def test_accept_through_the_page(client, casus, chair, criteria_set):
    client.force_login(chair)
    data = {**judgement_post(criteria_set), "besluit": "geaccepteerd", "motivering": "Voldoet ruim."}
    response = client.post(screening_url(casus), {**data, **seen(casus)}, follow=True)
    assert response.redirect_chain == [(reverse("triage:screening"), 302)]
    assert "is geaccepteerd en gaat naar de verrijking" in response.content.decode()
    assert casus.pk not in {c.pk for c in response.context["cases"]}
    assert ScreeningDecision.objects.get(casus=casus).reason == "Voldoet ruim."


def test_ask_the_melder_through_the_page(client, casus, chair):
    client.force_login(chair)
    data = {"besluit": "aanvulling_gevraagd", "motivering": "Onvoldoende beeld.", "vraag": "Wie is de huisarts?"}
    response = client.post(screening_url(casus), {**data, **seen(casus)}, follow=True)
    assert "Uw vraag over casus" in response.content.decode()
    assert InformationRequest.objects.get(casus=casus).question == "Wie is de huisarts?"
    assert state(casus)[0] == S.AANVULLING_GEVRAAGD


def test_reject_through_the_page_leads_to_the_contact_step(client, casus, chair, criteria_set):
    client.force_login(chair)
    data = {
        **judgement_post(criteria_set, "nee"),
        "besluit": "afgewezen",
        "motivering": "Woont in Arnhem.",
        "categorie": "andere_regio",
        "advies": "Meld aan bij het ZVH Gelderland-Midden.",
    }
    response = client.post(screening_url(casus), {**data, **seen(casus)}, follow=True)
    contact = reverse("triage:screening_contact", kwargs={"casus_id": casus.pk})
    assert response.redirect_chain == [(contact, 302)]
    text = response.content.decode()
    assert "Neem nu contact op met de melder" in text
    assert "Contact vastleggen en aanmelding verwijderen" in text
    decision = ScreeningDecision.objects.get(casus=casus)
    assert decision.criteria_judgement == {str(c.pk): False for c in criteria_set.criteria.all()}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "besluit", "Kies een besluit."),
        ({"besluit": "afgewezen", "advies": "Mijn advies"}, "categorie", "Kies de reden van de afwijzing."),
        ({"besluit": "afgewezen", "categorie": "anders"}, "advies", "Geef de melder een advies"),
        ({"besluit": "afgewezen", "categorie": "anders", "motivering": " "}, "motivering", "Motiveer uw besluit."),
        ({"besluit": "aanvulling_gevraagd", "vraag": "  "}, "vraag", "Vul de vraag aan de melder in."),
        ({"besluit": "gehackt"}, "besluit", "Kies een van de besluiten."),
    ],
)
def test_incomplete_decision_gives_a_dutch_error_at_the_field_and_keeps_the_text(
    client, casus, chair, data, field, message
):
    client.force_login(chair)
    typed = {"motivering": "Mijn getypte motivering", "vraag": "Mijn getypte vraag", **data}
    response = client.post(screening_url(casus), {**typed, **seen(casus)})
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in text  # the message is tied to its field (aria-describedby)
    assert "Uw besluit is nog niet vastgelegd" in text
    for value in typed.values():
        if value.strip() and value not in ("gehackt",):
            assert value in text
    assert state(casus)[0] == S.AANGEMELD
    assert not ScreeningDecision.objects.exists()


def test_accepting_with_open_criteria_marks_each_open_criterion(client, casus, chair, criteria_set):
    client.force_login(chair)
    data = {f"oordeel_{criteria_set.criteria.get(number=1).pk}": "ja", "besluit": "geaccepteerd", "motivering": "x"}
    response = client.post(screening_url(casus), {**data, **seen(casus)})
    errors = response.context["form"].errors
    assert sorted(errors) == sorted(f"oordeel_{c.pk}" for c in criteria_set.criteria.exclude(number=1))
    assert "bij accepteren beoordeelt u elk criterium" in response.content.decode()
    assert state(casus)[0] == S.AANGEMELD


def test_service_refusal_is_shown_on_the_page_with_the_text_kept(client, casus, chair, criteria_set):
    """The judgement says 'no' on criterion 2 and the chair accepts anyway: the service says why."""
    client.force_login(chair)
    data = {**judgement_post(criteria_set), "besluit": "geaccepteerd", "motivering": "Toch maar accepteren."}
    data[f"oordeel_{criteria_set.criteria.get(number=2).pk}"] = "nee"
    response = client.post(screening_url(casus), {**data, **seen(casus)})
    text = response.content.decode()
    assert "Volgens uw oordeel voldoet de casus niet aan de criteria." in text
    assert "Toch maar accepteren." in text
    assert state(casus)[0] == S.AANGEMELD


def test_a_race_lost_on_submit_keeps_what_was_typed(client, casus, chair, criteria_set):
    client.force_login(chair)
    assert client.get(screening_url(casus)).status_code == 200
    seen_on_opening = seen(casus)
    screening_accept(
        casus=casus, by=UserFactory(voorzitter=True), reason="Eerder", criteria_judgement=judge_all(criteria_set)
    )
    data = {"besluit": "afgewezen", "categorie": "anders", "motivering": "Mijn motivering.", "advies": "Mijn advies."}
    response = client.post(screening_url(casus), {**data, **seen_on_opening})
    assert response.status_code == 200
    text = response.content.decode()
    assert "wacht niet (meer) op screening" in text
    assert "Mijn motivering." in text and "Mijn advies." in text
    assert state(casus)[0] == S.IN_VERRIJKING


def test_a_case_waiting_for_an_answer_can_only_be_rejected(client, casus, chair):
    Casus.objects.filter(pk=casus.pk).update(status=S.AANVULLING_GEVRAAGD)
    client.force_login(chair)
    response = client.get(screening_url(casus))
    choices = [value for value, _ in response.context["form"].fields["besluit"].choices]
    assert choices == ["afgewezen"]
    assert "wacht op een antwoord van de melder" in response.content.decode()
    data = {"besluit": "afgewezen", "categorie": "anders", "motivering": "Geen antwoord.", "advies": "Bel ons."}
    client.post(screening_url(casus), {**data, **seen(casus)})
    assert state(casus)[0] == S.AFGEWEZEN


def test_a_case_no_longer_waiting_sends_the_chair_to_the_casus_page(client, casus, chair, criteria_set):
    screening_accept(casus=casus, by=chair, reason="Past", criteria_judgement=judge_all(criteria_set))
    client.force_login(chair)
    response = client.get(screening_url(casus), follow=True)
    assert response.redirect_chain == [(reverse("intake:casus_detail", kwargs={"casus_id": casus.pk}), 302)]
    assert "wacht niet op screening" in response.content.decode()


def test_screening_pages_are_for_chairs_only(client, casus, melder):
    client.force_login(melder)
    assert client.get(screening_url(casus)).status_code == 403
    assert client.post(screening_url(casus), {"besluit": "afgewezen"}).status_code == 403
    assert client.get(reverse("triage:screening")).status_code == 403
    client.force_login(UserFactory(ketenpartner=True))
    assert client.get(screening_url(casus)).status_code == 403
    client.logout()
    assert client.get(screening_url(casus))["Location"].startswith(reverse("login"))
    assert state(casus)[0] == S.AANGEMELD


def test_a_concept_or_unknown_case_is_404_for_the_chair(client, chair, melder):
    client.force_login(chair)
    concept = CasusFactory(melder=melder)
    assert client.get(screening_url(concept)).status_code == 404
    assert client.post(screening_url(concept), {"besluit": "afgewezen"}).status_code == 404
    unknown = reverse("triage:screening_casus", kwargs={"casus_id": "00000000-0000-0000-0000-000000000000"})
    assert client.get(unknown).status_code == 404


def test_casus_page_shows_the_chair_the_screening_state(client, casus, chair, criteria_set):
    client.force_login(chair)
    detail = reverse("intake:casus_detail", kwargs={"casus_id": casus.pk})
    text = client.get(detail).content.decode()
    assert "Nog niet gescreend." in text
    assert f'href="{screening_url(casus)}"' in text
    screening_accept(casus=casus, by=chair, reason="Voldoet ruim.", criteria_judgement=judge_all(criteria_set))
    text = client.get(detail).content.decode()
    assert "Laatste besluit: <strong>Geaccepteerd: door naar verrijking</strong>" in text
    assert "Voldoet ruim." in text and "(versie 1)" in text
    assert f'href="{screening_url(casus)}"' not in text


# --- the queue -------------------------------------------------------------------------------------


@pytest.fixture
def today():
    return timezone.localdate()


def submitted_days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def queue(client, **params):
    response = client.get(reverse("triage:screening"), params)
    assert response.status_code == 200
    return response


def shown(response) -> list:
    return [c.pk for c in response.context["cases"]]


@pytest.fixture
def queue_cases(melder, criteria_set):
    """Four waiting cases, plus cases the queue must not show."""
    other_org = OrganisationFactory(name="Gemeente Zuid", kind=OrganisationKind.GEMEENTE)
    other_melder = UserFactory(melder=True, organisation=other_org)
    elsewhere = MunicipalityFactory(name="Houten")
    cases = {
        "old_normal": registration(
            melder=melder,
            criteria_set=criteria_set,
            submitted_at=submitted_days_ago(12),
            target_triage_date=datetime.date(2026, 12, 10),
        ),
        "new_high": registration(
            melder=melder,
            criteria_set=criteria_set,
            precheck=False,
            urgency=Urgency.HOOG,
            submitted_at=submitted_days_ago(1),
            target_triage_date=datetime.date(2026, 12, 10),
        ),
        "later_date": registration(
            melder=other_melder,
            criteria_set=criteria_set,
            precheck=None,
            submitted_at=submitted_days_ago(3),
            target_triage_date=datetime.date(2026, 12, 17),
        ),
        "asked": registration(
            melder=other_melder,
            criteria_set=criteria_set,
            status=S.AANVULLING_GEVRAAGD,
            submitted_at=submitted_days_ago(7),
            target_triage_date=datetime.date(2026, 12, 3),
        ),
    }
    BetrokkeneFactory(casus=cases["later_date"], municipality=elsewhere)
    CasusFactory(melder=melder)  # a concept
    CasusFactory(melder=melder, submitted=True, status=S.IN_VERRIJKING)
    CasusFactory(melder=melder, submitted=True, status=S.AFGEWEZEN)
    return {**cases, "org": melder.organisation, "other_org": other_org, "elsewhere": elsewhere}


def test_queue_shows_waiting_cases_per_target_date_with_what_the_chair_needs(client, chair, queue_cases):
    client.force_login(chair)
    response = queue(client)
    c = queue_cases
    assert shown(response) == [c["asked"].pk, c["old_normal"].pk, c["new_high"].pk, c["later_date"].pk]
    text = response.content.decode()
    headings = [
        "Triage van donderdag 3 december 2026",
        "Triage van donderdag 10 december 2026",
        "Triage van donderdag 17 december 2026",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert 'scope="rowgroup"' in text
    rows = {casus.pk: casus for casus in response.context["cases"]}
    assert rows[c["old_normal"].pk].age_days == 12
    assert rows[c["later_date"].pk].betrokkenen_count == 2
    row_html = text[text.index(c["new_high"].reference) :]
    row_html = row_html[: row_html.index("</tr>")]
    assert "<strong>Hoog</strong>" in row_html and ">Nee<" in row_html and "Versie 1" in row_html
    later = text[text.index(c["later_date"].reference) :]
    assert "Geen voortoets" in later[: later.index("</tr>")]
    assert f'href="{screening_url(c["old_normal"])}"' in text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "aanvulling_gevraagd"}, ["asked"]),
        ({"triagedatum": "2026-12-10"}, ["old_normal", "new_high"]),
        ({"organisatie": "other_org"}, ["asked", "later_date"]),
        ({"gemeente": "elsewhere"}, ["later_date"]),
        ({"urgentie": "hoog"}, ["new_high"]),
        ({"leeftijd_vanaf": "7"}, ["asked", "old_normal"]),
        ({"leeftijd_tot": "3"}, ["new_high", "later_date"]),
        ({"leeftijd_vanaf": "3", "leeftijd_tot": "7"}, ["asked", "later_date"]),
    ],
)
def test_queue_filters(client, chair, queue_cases, params, expected):
    client.force_login(chair)
    values = {key: (queue_cases[value].pk if value in queue_cases else value) for key, value in params.items()}
    response = queue(client, **values)
    assert set(shown(response)) == {queue_cases[key].pk for key in expected}
    event = AuditEvent.objects.filter(action=AuditAction.LIST).last()
    assert event.detail["filters"] == sorted(params)
    assert all(str(value) not in json.dumps(event.detail) for value in values.values() if len(str(value)) > 2)


def test_a_case_with_two_betrokkenen_in_the_chosen_municipality_is_listed_once(client, chair, queue_cases):
    BetrokkeneFactory(casus=queue_cases["later_date"], municipality=queue_cases["elsewhere"])
    client.force_login(chair)
    response = queue(client, gemeente=queue_cases["elsewhere"].pk)
    assert shown(response) == [queue_cases["later_date"].pk]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("urgentie", ["new_high", "asked", "old_normal", "later_date"]),
        ("leeftijd", ["old_normal", "asked", "later_date", "new_high"]),
    ],
)
def test_queue_sorting(client, chair, queue_cases, sort, expected):
    client.force_login(chair)
    response = queue(client, sorteer=sort)
    assert shown(response) == [queue_cases[key].pk for key in expected]
    assert 'scope="rowgroup"' not in response.content.decode()  # grouped only per date


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"leeftijd_vanaf": "veel"}, "Vul een aantal dagen in"),
        ({"leeftijd_tot": "-1"}, "Vul 0 of meer dagen in."),
        ({"triagedatum": "morgen"}, "Vul een datum in"),
        ({"organisatie": "999999"}, "Kies een waarde uit de lijst."),
        ({"sorteer": "naam"}, "Kies een waarde uit de lijst."),
    ],
)
def test_queue_bad_filter_values_give_a_dutch_error(client, chair, queue_cases, params, message):
    client.force_login(chair)
    response = queue(client, **params)
    text = response.content.decode()
    assert message in text
    assert "Controleer de filters hierboven" in text


def test_queue_shows_rejections_per_category_this_year(client, chair, casus, melder, criteria_set):
    screening_reject(casus=casus, by=chair, category=RejectionCategory.CRITERIA, reason="r", advice="a")
    client.force_login(chair)
    response = queue(client)
    counts = {row.category: row.count for row in response.context["rejections"]}
    assert counts[RejectionCategory.CRITERIA] == 1
    assert counts[RejectionCategory.ANDERE_REGIO] == 0
    assert f"Afgewezen in {timezone.localdate().year}: per categorie" in response.content.decode()


# Measured: 12 queries for 3 and for 30 rows (session, user, roles, count, page, betrokkenen,
# the option lists of two filters, the rejection counts and the audit append).
MAX_QUERIES_QUEUE = 12


@pytest.mark.parametrize("rows", [3, 30])
def test_queue_query_count_does_not_grow_with_rows(client, chair, criteria_set, django_assert_max_num_queries, rows):
    for _ in range(rows):
        casus = registration(melder=UserFactory(melder=True), criteria_set=criteria_set)
        BetrokkeneFactory(casus=casus, municipality=MunicipalityFactory())
    client.force_login(chair)
    with django_assert_max_num_queries(MAX_QUERIES_QUEUE):
        response = client.get(reverse("triage:screening"), {"sorteer": "urgentie"})
    assert len(response.context["cases"]) == rows
    assert response.content.decode().count("Jansen") == 2 * rows


@pytest.mark.parametrize("rows", [3, 30])
def test_a_filtered_queue_reads_each_option_list_once(client, chair, criteria_set, django_assert_max_num_queries, rows):
    """The organisation and municipality chosen are checked against the lists the page shows anyway."""
    politie = OrganisationFactory(name="Politie Utrecht", kind=OrganisationKind.POLITIE)
    gemeente = MunicipalityFactory(name="Houten")
    for _ in range(rows):
        casus = registration(melder=UserFactory(melder=True, organisation=politie), criteria_set=criteria_set)
        BetrokkeneFactory(casus=casus, municipality=gemeente)
    registration(melder=UserFactory(melder=True), criteria_set=criteria_set)  # another organisation
    client.force_login(chair)
    with django_assert_max_num_queries(MAX_QUERIES_QUEUE):
        response = client.get(reverse("triage:screening"), {"organisatie": politie.pk, "gemeente": gemeente.pk})
    assert len(response.context["cases"]) == rows
    page = response.content.decode()
    assert f'<option value="{politie.pk}" selected>Politie Utrecht</option>' in page
    assert f'<option value="{gemeente.pk}" selected>Houten</option>' in page
