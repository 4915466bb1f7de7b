"""The melder's follow-up: withdraw before screening, discard a concept, answer the ZVH's question.

Services first (the rules), then the pages (what a melder sees and types). A refused action
changes nothing: status, history and data stay as they were.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intake.constants import CasusStatus
from intake.models import Attachment, Casus, InformationRequest, PreCheck, StatusChange
from intake.services.melder import (
    ANSWER_RECEIVED_REASON,
    casus_discard_concept,
    casus_withdraw,
    information_request_answer,
    information_request_create,
)
from intake.tests.factories import BetrokkeneFactory, CasusFactory, InformationRequestFactory
from participants.tests.factories import OrganisationFactory, UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db

S = CasusStatus
SECRET_SURNAME = "Geheimachternaam"
AFTER_SCREENING = [S.AFGEWEZEN, S.IN_VERRIJKING, S.GEAGENDEERD, S.DOORGESCHOVEN, S.PGA, S.AFGESLOTEN]


@pytest.fixture
def org():
    return OrganisationFactory(name="Gemeente A")


@pytest.fixture
def melder(org):
    return UserFactory(melder=True, organisation=org)


@pytest.fixture
def colleague(org):
    return UserFactory(melder=True, organisation=org)


@pytest.fixture
def outsider():
    return UserFactory(melder=True, organisation=OrganisationFactory(name="Politie B"))


@pytest.fixture
def chair():
    return UserFactory(voorzitter=True)


@pytest.fixture
def submitted(melder):
    casus = CasusFactory(melder=melder, submitted=True)
    BetrokkeneFactory(casus=casus, surname=SECRET_SURNAME)
    return casus


def url(name, casus) -> str:
    return reverse(f"intake:{name}", kwargs={"casus_id": casus.pk})


def snapshot(casus) -> tuple:
    casus.refresh_from_db()
    return casus.status, StatusChange.objects.filter(casus=casus).count()


def assert_no_personal_data_in_audit_log():
    for event in AuditEvent.objects.all():
        assert SECRET_SURNAME not in json.dumps(event.detail) + event.case_reference + event.object_id


# --- withdraw: service -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.AANGEMELD, S.AANVULLING_GEVRAAGD])
def test_author_withdraws_before_screening(melder, status):
    casus = CasusFactory(melder=melder, submitted=True, status=status)
    casus_withdraw(casus=casus, by=melder, reason="Betrokkene is verhuisd.")
    casus.refresh_from_db()
    assert casus.status == S.INGETROKKEN
    last = casus.status_changes.last()
    assert (last.from_status, last.to_status, last.by, last.reason) == (
        status,
        S.INGETROKKEN,
        melder,
        "Betrokkene is verhuisd.",
    )
    event = AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(casus.pk)).last()
    assert event.detail == {"van": status, "naar": "ingetrokken"}
    assert "verhuisd" not in json.dumps(event.detail)  # the free-text reason stays out of the log


def test_a_colleague_of_the_same_organisation_may_withdraw(submitted, colleague):
    casus_withdraw(casus=submitted, by=colleague, reason="Dubbele aanmelding.")
    assert snapshot(submitted)[0] == S.INGETROKKEN


def test_another_organisations_melder_may_not_withdraw(submitted, outsider):
    before = snapshot(submitted)
    with pytest.raises(ServiceError, match="melder van de aanmeldende organisatie"):
        casus_withdraw(casus=submitted, by=outsider, reason="Weg ermee.")
    assert snapshot(submitted) == before


@pytest.mark.parametrize("status", AFTER_SCREENING, ids=lambda s: s.value)
def test_withdraw_after_screening_is_refused_and_changes_nothing(melder, status):
    casus = CasusFactory(melder=melder, submitted=True, status=status)
    before = snapshot(casus)
    with pytest.raises(ServiceError, match="kan niet meer worden ingetrokken"):
        casus_withdraw(casus=casus, by=melder, reason="Te laat.")
    assert snapshot(casus) == before


def test_a_concept_is_not_withdrawn_but_discarded(melder):
    concept = CasusFactory(melder=melder)
    with pytest.raises(ServiceError, match="weggooien"):
        casus_withdraw(casus=concept, by=melder, reason="Niet meer nodig.")
    assert snapshot(concept)[0] == S.CONCEPT


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_withdraw_needs_a_reason(submitted, melder, reason):
    before = snapshot(submitted)
    with pytest.raises(ServiceError, match="Geef aan waarom"):
        casus_withdraw(casus=submitted, by=melder, reason=reason)
    assert snapshot(submitted) == before


# --- withdraw: pages ---------------------------------------------------------------------------------


def test_melder_withdraws_through_the_confirmation_page(client, submitted, colleague):
    client.force_login(colleague)
    page = client.get(url("casus_withdraw", submitted))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Aanmelding intrekken" in text
    assert 'for="id_reason"' in text  # a label for the textarea

    response = client.post(url("casus_withdraw", submitted), {"reason": "Betrokkene is verhuisd."}, follow=True)

    assert response.redirect_chain == [(url("casus_detail", submitted), 302)]
    text = response.content.decode()
    assert "De aanmelding is ingetrokken." in text
    assert "Ingetrokken door uw organisatie." in text
    assert "Betrokkene is verhuisd." in text  # in the status history
    assert ">Intrekken</a>" not in text
    assert_no_personal_data_in_audit_log()


def test_empty_reason_gives_a_dutch_error_next_to_the_field(client, submitted, melder):
    client.force_login(melder)
    response = client.post(url("casus_withdraw", submitted), {"reason": "  "})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Geef aan waarom u de aanmelding intrekt." in text
    assert 'aria-describedby="id_reason_helptext id_reason_error"' in text
    assert snapshot(submitted)[0] == S.AANGEMELD


def test_withdraw_page_after_screening_sends_the_melder_back_with_the_reason(client, melder):
    casus = CasusFactory(melder=melder, submitted=True, status=S.IN_VERRIJKING)
    client.force_login(melder)
    before = snapshot(casus)
    response = client.get(url("casus_withdraw", casus), follow=True)
    assert response.redirect_chain == [(url("casus_detail", casus), 302)]
    assert "kan niet meer worden ingetrokken" in response.content.decode()
    assert snapshot(casus) == before


def test_withdraw_page_of_another_organisation_is_404(client, submitted, outsider):
    client.force_login(outsider)
    before = snapshot(submitted)
    assert client.get(url("casus_withdraw", submitted)).status_code == 404
    assert client.post(url("casus_withdraw", submitted), {"reason": "x"}).status_code == 404
    assert snapshot(submitted) == before


def test_withdraw_page_needs_the_melder_role(client, submitted, chair):
    client.force_login(chair)
    assert client.get(url("casus_withdraw", submitted)).status_code == 403
    client.logout()
    response = client.get(url("casus_withdraw", submitted))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_race_lost_on_submit_keeps_what_was_typed(client, submitted, melder, chair):
    """The chair accepts the case while the melder is typing: the refusal keeps the text."""
    client.force_login(melder)
    assert client.get(url("casus_withdraw", submitted)).status_code == 200
    Casus.objects.filter(pk=submitted.pk).update(status=S.IN_VERRIJKING)
    response = client.post(url("casus_withdraw", submitted), {"reason": "Mijn lange uitleg."})
    assert response.status_code == 200
    text = response.content.decode()
    assert "kan niet meer worden ingetrokken" in text
    assert "Mijn lange uitleg." in text
    assert snapshot(submitted)[0] == S.IN_VERRIJKING
    assert StatusChange.objects.filter(casus=submitted, to_status=S.INGETROKKEN).count() == 0


# --- discard a concept ---------------------------------------------------------------------------------


@pytest.fixture
def full_concept(melder, criteria_set):
    concept = CasusFactory(
        melder=melder,
        criteria_set=criteria_set,
        aanleiding="Overlast door " + SECRET_SURNAME,
        concerns="Zorgen",
        life_domains={"wonen": "Huurachterstand"},
        criteria_motivation={"1": "Motivering"},
        urgency_reason="Snel",
        informed="nee_veiligheid",
        informed_explanation="Gevaar",
    )
    BetrokkeneFactory.create_batch(2, casus=concept, surname=SECRET_SURNAME)
    concept.involved_organisations.create(organisation_name="Wijkteam", contact_name="Anna")
    PreCheck.objects.create(
        casus=concept, melder=melder, criteria_set=criteria_set, organisation_may_register=True, advice_positive=True
    )
    Attachment.objects.create(
        casus=concept,
        file=SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 geheim"),
        original_name=f"verslag {SECRET_SURNAME}.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=melder,
    )
    return concept


def test_discard_removes_personal_data_and_keeps_an_anonymous_shell(
    full_concept, melder, django_capture_on_commit_callbacks
):
    attachment = full_concept.attachments.get()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        casus_discard_concept(casus=full_concept, by=melder)

    shell = Casus.objects.get(pk=full_concept.pk)
    assert shell.status == S.VERWIJDERD
    assert not shell.betrokkenen.exists()
    assert not shell.involved_organisations.exists()
    assert not shell.attachments.exists()
    assert not PreCheck.objects.filter(casus=shell).exists()
    assert not storage.exists(name)
    assert (shell.aanleiding, shell.concerns, shell.urgency_reason, shell.informed_explanation) == ("", "", "", "")
    assert shell.life_domains == {} and shell.criteria_motivation == {} and shell.informed == ""
    assert list(shell.status_changes.values_list("to_status", flat=True)) == [S.CONCEPT, S.VERWIJDERD]
    deleted = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(shell.pk))
    assert deleted.detail["verwijderd"] == {
        "betrokkenen": 2,
        "bijlagen": 1,
        "betrokken_organisaties": 1,
        "voortoetsen": 1,
    }
    assert_no_personal_data_in_audit_log()


def test_only_the_author_discards_and_only_a_concept(full_concept, colleague, melder, submitted):
    with pytest.raises(ServiceError, match="Alleen de melder die dit concept maakte"):
        casus_discard_concept(casus=full_concept, by=colleague)
    with pytest.raises(ServiceError, match="Alleen een concept"):
        casus_discard_concept(casus=submitted, by=melder)
    assert full_concept.betrokkenen.count() == 2
    assert snapshot(submitted)[0] == S.AANGEMELD


def test_discard_through_the_page(client, full_concept, melder, django_capture_on_commit_callbacks):
    client.force_login(melder)
    assert "Concept weggooien" in client.get(url("casus_discard", full_concept)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("casus_discard", full_concept), follow=True)
    assert response.redirect_chain == [(reverse("intake:my_cases"), 302)]
    assert "Het concept is weggegooid" in response.content.decode()
    assert full_concept.pk not in {c.pk for c in response.context["cases"]}
    gone = client.get(url("casus_detail", full_concept))  # an old link of the author: told, not a bare 404
    assert gone.status_code == 410 and "Dit concept is op " in gone.content.decode()


# --- the chair's question ----------------------------------------------------------------------------


def test_chair_asks_a_question_and_the_case_waits_for_the_melder(submitted, chair):
    request = information_request_create(casus=submitted, by=chair, question="Welke hulp loopt er al?")
    assert request.is_open and request.asked_by == chair
    assert snapshot(submitted)[0] == S.AANVULLING_GEVRAAGD
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(request.pk)).exists()


def test_only_a_chair_asks_only_about_a_case_waiting_for_screening(submitted, melder, chair):
    with pytest.raises(ServiceError, match="triagevoorzitter"):
        information_request_create(casus=submitted, by=melder, question="Vraag?")
    with pytest.raises(ServiceError, match="Vul de vraag"):
        information_request_create(casus=submitted, by=chair, question=" ")
    accepted = CasusFactory(melder=melder, submitted=True, status=S.IN_VERRIJKING)
    with pytest.raises(ServiceError, match="op screening wacht"):
        information_request_create(casus=accepted, by=chair, question="Vraag?")
    assert not InformationRequest.objects.exists()
    assert snapshot(submitted)[0] == S.AANGEMELD


# --- answer: service ---------------------------------------------------------------------------------


@pytest.fixture
def asked(submitted, chair):
    return information_request_create(casus=submitted, by=chair, question="Welke hulp loopt er al?")


def test_answer_returns_the_case_to_the_screening_queue(asked, colleague, chair, client):
    information_request_answer(request=asked, by=colleague, answer="Het wijkteam, sinds maart.")
    asked.refresh_from_db()
    assert (asked.answer, asked.answered_by, asked.is_open) == ("Het wijkteam, sinds maart.", colleague, False)
    casus = asked.casus
    assert snapshot(casus)[0] == S.AANGEMELD
    assert casus.status_changes.last().reason == ANSWER_RECEIVED_REASON
    client.force_login(chair)
    assert casus.pk in {c.pk for c in client.get(reverse("triage:screening")).context["cases"]}


def test_answering_a_closed_request_is_refused(asked, melder):
    information_request_answer(request=asked, by=melder, answer="Eerste antwoord.")
    with pytest.raises(ServiceError):
        information_request_answer(request=asked, by=melder, answer="Tweede antwoord.")
    asked.refresh_from_db()
    assert asked.answer == "Eerste antwoord."


def test_answering_an_open_request_of_a_case_no_longer_waiting_is_refused(asked, melder):
    casus_withdraw(casus=asked.casus, by=melder, reason="Dubbel.")
    with pytest.raises(ServiceError, match="wacht bij deze casus niet op een aanvulling"):
        information_request_answer(request=asked, by=melder, answer="Alsnog.")
    asked.refresh_from_db()
    assert asked.is_open


def test_answer_by_another_organisation_or_empty_is_refused(asked, melder, outsider):
    with pytest.raises(ServiceError, match="melder van de aanmeldende organisatie"):
        information_request_answer(request=asked, by=outsider, answer="Ik weet het.")
    with pytest.raises(ServiceError, match="Vul uw antwoord in."):
        information_request_answer(request=asked, by=melder, answer="\n  ")
    asked.refresh_from_db()
    assert asked.is_open
    assert snapshot(asked.casus)[0] == S.AANVULLING_GEVRAAGD


def test_case_waits_until_every_open_question_is_answered(melder):
    casus = CasusFactory(melder=melder, submitted=True, status=S.AANVULLING_GEVRAAGD)
    first, second = InformationRequestFactory.create_batch(2, casus=casus)
    information_request_answer(request=first, by=melder, answer="Een.")
    assert snapshot(casus)[0] == S.AANVULLING_GEVRAAGD
    information_request_answer(request=second, by=melder, answer="Twee.")
    assert snapshot(casus)[0] == S.AANGEMELD


# --- answer: pages -----------------------------------------------------------------------------------


def test_answer_page_shows_the_question_and_sends_the_answer(client, asked, melder, chair):
    client.force_login(melder)
    page = client.get(url("casus_answer", asked.casus))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Welke hulp loopt er al?" in text
    assert 'for="id_answer"' in text

    response = client.post(url("casus_answer", asked.casus), {"answer": "Het wijkteam."}, follow=True)

    assert response.redirect_chain == [(url("casus_detail", asked.casus), 302)]
    text = response.content.decode()
    assert "uw antwoord is verstuurd" in text
    assert "Wacht op screening door het ZVH." in text
    assert "Het wijkteam." in text
    assert "Nog niet beantwoord" not in text
    assert ">Vraag beantwoorden</a>" not in text

    client.force_login(chair)
    assert "Het wijkteam." in client.get(url("casus_detail", asked.casus)).content.decode()


def test_empty_or_too_long_answer_gives_a_dutch_error_and_keeps_the_text(client, asked, melder):
    client.force_login(melder)
    response = client.post(url("casus_answer", asked.casus), {"answer": ""})
    assert "Vul uw antwoord in." in response.content.decode()

    long_answer = "Lang antwoord " + "x" * 5000
    response = client.post(url("casus_answer", asked.casus), {"answer": long_answer})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gebruik hoogstens 5000 tekens" in text
    assert long_answer in text  # nothing typed is lost
    asked.refresh_from_db()
    assert asked.is_open


def test_answer_page_without_an_open_question_sends_the_melder_back(client, asked, melder):
    information_request_answer(request=asked, by=melder, answer="Al gedaan.")
    client.force_login(melder)
    response = client.get(url("casus_answer", asked.casus), follow=True)
    assert response.redirect_chain == [(url("casus_detail", asked.casus), 302)]
    assert "wacht bij deze casus niet op een aanvulling" in response.content.decode()


def test_answer_page_of_another_organisation_is_404(client, asked, outsider):
    client.force_login(outsider)
    assert client.get(url("casus_answer", asked.casus)).status_code == 404
    assert client.post(url("casus_answer", asked.casus), {"answer": "x"}).status_code == 404
    asked.refresh_from_db()
    assert asked.is_open


def test_answer_is_escaped_on_every_page(client, asked, melder, chair):
    client.force_login(melder)
    client.post(url("casus_answer", asked.casus), {"answer": "<img src=x onerror=alert(1)>"})
    for user in (melder, chair):
        client.force_login(user)
        text = client.get(url("casus_detail", asked.casus)).content.decode()
        assert "<img src=x onerror=alert(1)>" not in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text


@pytest.mark.django_db
def test_melder_gets_one_mail_about_a_question_without_its_content(
    submitted, chair, mailoutbox, django_capture_on_commit_callbacks
):
    BetrokkeneFactory(casus=submitted, first_names="Ysbrand", surname="Vlinderhoek")
    submitted.melder.email = "melder@politie.example"
    submitted.melder.save()
    question = "Woont Ysbrand Vlinderhoek nog op het adres aan de Zwanensingel?"
    with django_capture_on_commit_callbacks(execute=True):
        information_request_create(casus=submitted, by=chair, question=question)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["melder@politie.example"]
    assert submitted.reference in mail.subject
    assert reverse("intake:casus_answer", args=[submitted.pk]) in mail.body
    for personal in ("Ysbrand", "Vlinderhoek", "Zwanensingel"):
        assert personal not in mail.subject + mail.body
