"""Two chairs at once: a decision is taken on the case as its chair saw it, or not at all.

Seen before this was fixed: a rejection and a question posted at the same moment by two chairs
both succeeded, leaving a rejected case with an open question and a melder with both mails.
The screening form carries the case's version (its latest status change); the service refuses a
decision on a case that changed since, and a deliberate rejection withdraws an open question.
"""

from functools import partial

import pytest

from intake.constants import CasusStatus
from intake.models import Casus, InformationRequest
from intake.selectors import casus_version
from intake.services.casus import CasusChanged
from participants.tests.factories import UserFactory
from triage.services.screening import screening_reject, screening_request_information
from zvh.core.exceptions import ServiceError
from zvh.core.testing import run_together
from zvh.mail.models import OutgoingMail

from .screening_helpers import registration
from .test_screening import screening_url

REJECTION = {"category": "andere_regio", "reason": "Woont in Arnhem.", "advice": "Meld aan bij het ZVH Gelderland."}


@pytest.fixture
def casus(criteria_set):
    return registration(melder=UserFactory(melder=True), criteria_set=criteria_set)


@pytest.mark.django_db
def test_a_rejection_by_a_chair_who_did_not_see_the_question_is_refused(casus):
    opened = casus_version(casus)  # chair A opens the screening page
    screening_request_information(casus=casus, by=UserFactory(voorzitter=True), question="Wie is de huisarts?")

    with pytest.raises(CasusChanged) as refused:
        screening_reject(casus=casus, by=UserFactory(voorzitter=True), seen_version=opened, **REJECTION)

    assert "gewijzigd nadat u de pagina opende" in str(refused.value)
    casus.refresh_from_db()
    assert casus.status == CasusStatus.AANVULLING_GEVRAAGD
    assert InformationRequest.objects.open().filter(casus=casus).count() == 1
    assert not OutgoingMail.objects.filter(key__startswith="afwijzing").exists()


@pytest.mark.django_db
def test_a_deliberate_rejection_while_a_question_is_open_withdraws_the_question(casus):
    screening_request_information(casus=casus, by=UserFactory(voorzitter=True), question="Wie is de huisarts?")
    seen_now = casus_version(casus)

    screening_reject(casus=casus, by=UserFactory(voorzitter=True), seen_version=seen_now, **REJECTION)

    question = InformationRequest.objects.get(casus=casus)
    assert question.withdrawn_at is not None and not question.is_open
    assert Casus.objects.get(pk=casus.pk).status == CasusStatus.AFGEWEZEN


@pytest.mark.django_db
def test_on_the_page_the_refusal_keeps_the_typed_text_and_a_second_submit_decides_on_the_new_state(client, casus):
    chair = UserFactory(voorzitter=True)
    client.force_login(chair)
    page = client.get(screening_url(casus))
    opened = page.context["form"].initial["versie"]
    screening_request_information(casus=casus, by=UserFactory(voorzitter=True), question="Wie is de huisarts?")
    typed = {
        "besluit": "afgewezen",
        "categorie": "andere_regio",
        "motivering": "Mijn eigen motivering.",
        "advies": "Mijn eigen advies.",
    }

    response = client.post(screening_url(casus), {**typed, "versie": opened})

    text = response.content.decode()
    assert response.status_code == 200
    assert "gewijzigd nadat u de pagina opende" in text
    assert "Mijn eigen motivering." in text and "Mijn eigen advies." in text
    assert "Wie is de huisarts?" in text  # the page now shows the other chair's question
    assert Casus.objects.get(pk=casus.pk).status == CasusStatus.AANVULLING_GEVRAAGD
    renewed = response.context["form"]["versie"].value()
    assert int(renewed) == casus_version(casus) != opened

    client.post(screening_url(casus), {**typed, "versie": renewed})

    assert Casus.objects.get(pk=casus.pk).status == CasusStatus.AFGEWEZEN
    assert not InformationRequest.objects.get(casus=casus).is_open


@pytest.mark.django_db
def test_a_decision_posted_without_the_pages_version_is_refused_as_an_outdated_page(client, casus):
    client.force_login(UserFactory(voorzitter=True))
    typed = {"besluit": "aanvulling_gevraagd", "motivering": "x", "vraag": "Mijn vraag."}
    response = client.post(screening_url(casus), typed)
    assert "Deze pagina is verouderd. Laad haar opnieuw." in response.content.decode()
    assert "Mijn vraag." in response.content.decode()
    assert Casus.objects.get(pk=casus.pk).status == CasusStatus.AANGEMELD


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(6))
def test_a_rejection_and_a_question_at_the_same_moment_never_both_win(postgres_only, criteria_set, attempt):
    """Two chairs, two database connections, released together by a barrier."""
    melder = UserFactory(melder=True, email="melder@politie.example")
    casus = registration(melder=melder, criteria_set=criteria_set)
    chairs = [UserFactory(voorzitter=True), UserFactory(voorzitter=True)]
    opened = casus_version(casus)
    outcomes: dict[str, str] = {}

    def decide(name, action):
        try:
            action()
            outcomes[name] = "vastgelegd"
        except ServiceError:
            outcomes[name] = "geweigerd"

    def reject():
        screening_reject(casus=casus, by=chairs[0], seen_version=opened, **REJECTION)

    def ask():
        screening_request_information(casus=casus, by=chairs[1], question="Wie is de huisarts?", seen_version=opened)

    errors = run_together(partial(decide, "afwijzing", reject), partial(decide, "vraag", ask))

    assert errors == []
    assert sorted(outcomes.values()) == ["geweigerd", "vastgelegd"]
    casus.refresh_from_db()
    open_questions = InformationRequest.objects.open().filter(casus=casus).count()
    if outcomes["afwijzing"] == "vastgelegd":
        assert (casus.status, open_questions) == (CasusStatus.AFGEWEZEN, 0)
    else:
        assert (casus.status, open_questions) == (CasusStatus.AANVULLING_GEVRAAGD, 1)
    # The melder hears one thing: a rejection or a question, never both.
    questions = [f"vraag:{pk}" for pk in InformationRequest.objects.filter(casus=casus).values_list("pk", flat=True)]
    mails = OutgoingMail.objects.filter(key__in=[f"afwijzing:{casus.pk}", *questions])
    assert mails.count() == 1
