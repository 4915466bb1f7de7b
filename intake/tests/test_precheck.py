"""The melder's pre-check "Hoort mijn casus thuis in het ZVH?": the advice, the pages, the way on.

The advice rule is tested against a hard-coded table of all 16 answer combinations of the
Landelijk Kader (1 and 2 and (3 or 4)), not against a re-computation of the same rule.
"""

import json
import re

import pytest
from django.urls import reverse

from intake.constants import CasusStatus
from intake.models import Casus, CriteriaSet, PreCheck
from intake.services.criteria import criteria_set_activate, criteria_set_new_version
from intake.services.precheck import precheck_continue, precheck_evaluate
from participants.constants import Role
from participants.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db

PRECHECK_URL = "/aanmeldingen/voortoets/"
SKIP_URL = "/aanmeldingen/nieuw/"  # "Direct naar het formulier" (intake:registration_new)
FORM_URL = re.compile(r"^/aanmeldingen/casus/(?P<uuid>[0-9a-f-]{36})/bewerken/$")

# (criterion 1, 2, 3, 4) -> (advice positive, numbers of the criteria named as not applying)
ALL_COMBINATIONS = [
    ((False, False, False, False), False, {1, 2, 3, 4}),
    ((False, False, False, True), False, {1, 2}),
    ((False, False, True, False), False, {1, 2}),
    ((False, False, True, True), False, {1, 2}),
    ((False, True, False, False), False, {1, 3, 4}),
    ((False, True, False, True), False, {1}),
    ((False, True, True, False), False, {1}),
    ((False, True, True, True), False, {1}),
    ((True, False, False, False), False, {2, 3, 4}),
    ((True, False, False, True), False, {2}),
    ((True, False, True, False), False, {2}),
    ((True, False, True, True), False, {2}),
    ((True, True, False, False), False, {3, 4}),
    ((True, True, False, True), True, set()),
    ((True, True, True, False), True, set()),
    ((True, True, True, True), True, set()),
]
ALL_YES = (True, True, True, True)


@pytest.fixture
def melder():
    return UserFactory(melder=True, organisation=OrganisationFactory(name="Politie Eenheid Test"))


@pytest.fixture
def utrecht():
    return MunicipalityFactory(name="Utrecht", in_region=True)


@pytest.fixture
def amsterdam():
    return MunicipalityFactory(
        name="Amsterdam", in_region=False, zvh_name="Zorg- en Veiligheidshuis Amsterdam-Amstelland"
    )


def criteria_by_number(criteria_set: CriteriaSet) -> dict:
    return {c.number: c for c in criteria_set.criteria.all()}


def answers_for(criteria_set: CriteriaSet, values: tuple[bool, ...]) -> dict[int, bool]:
    by_number = criteria_by_number(criteria_set)
    return {by_number[number].pk: value for number, value in zip((1, 2, 3, 4), values, strict=True)}


def evaluate(melder, criteria_set, values=ALL_YES, municipality=None):
    return precheck_evaluate(
        melder=melder, criteria_set=criteria_set, answers=answers_for(criteria_set, values), municipality=municipality
    )


def post_data(criteria_set, values=ALL_YES, municipality="onbekend") -> dict:
    by_number = criteria_by_number(criteria_set)
    data = {"versie": criteria_set.version, "gemeente": str(getattr(municipality, "pk", municipality))}
    for number, value in zip((1, 2, 3, 4), values, strict=True):
        data[f"criterium_{by_number[number].pk}"] = "ja" if value else "nee"
    return data


def named_criteria(reasons: list[str]) -> set[int]:
    return {int(n) for n in re.findall(r"criterium (\d)", " ".join(reasons))}


# --- the advice --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("values", "positive", "failing"), ALL_COMBINATIONS, ids=lambda v: str(v))
def test_advice_for_every_combination_of_criteria(melder, criteria_set, utrecht, values, positive, failing):
    precheck = evaluate(melder, criteria_set, values, municipality=utrecht)

    assert precheck.advice_positive is positive
    assert named_criteria(precheck.reasons) == failing
    if positive:
        assert precheck.reasons == []
    else:
        text = " ".join(precheck.reasons)
        assert "reguliere route" in text
        assert "ketenoverleg" in text
        assert "Veilig Thuis" in text


def test_negative_advice_quotes_the_failing_criterion_text(melder, criteria_set, utrecht):
    precheck = evaluate(melder, criteria_set, (True, False, True, True), municipality=utrecht)
    criterion_2 = criteria_by_number(criteria_set)[2]
    assert any(criterion_2.text.rstrip(".") in reason for reason in precheck.reasons)


def test_out_of_region_advises_no_and_names_the_other_zvh(melder, criteria_set, amsterdam):
    precheck = evaluate(melder, criteria_set, ALL_YES, municipality=amsterdam)

    assert precheck.advice_positive is False
    assert len(precheck.reasons) == 1
    assert "Amsterdam hoort niet bij onze regio" in precheck.reasons[0]
    assert "Zorg- en Veiligheidshuis Amsterdam-Amstelland" in precheck.reasons[0]


def test_out_of_region_without_a_known_zvh_still_says_where_to_go(melder, criteria_set):
    elsewhere = MunicipalityFactory(name="Maastricht", in_region=False, zvh_name="")
    precheck = evaluate(melder, criteria_set, ALL_YES, municipality=elsewhere)
    assert precheck.advice_positive is False
    assert "Zorg- en Veiligheidshuis van die regio" in precheck.reasons[0]


def test_organisation_that_may_not_register_gets_no_and_where_to_go(criteria_set, utrecht):
    huisarts = UserFactory(melder=True, organisation=OrganisationFactory(name="Huisarts Test", not_registering=True))
    precheck = evaluate(huisarts, criteria_set, ALL_YES, municipality=utrecht)

    assert precheck.advice_positive is False
    assert precheck.organisation_may_register is False
    (reason,) = precheck.reasons
    assert "Huisarts Test" in reason
    assert "mag onder de WGS geen casussen aanmelden" in reason
    assert "partnerorganisatie die wel mag aanmelden" in reason
    assert "contact op met het Zorg- en Veiligheidshuis" in reason


def test_unknown_municipality_advises_yes_and_says_the_chair_checks_the_region(melder, criteria_set):
    precheck = evaluate(melder, criteria_set, ALL_YES, municipality=None)

    assert precheck.advice_positive is True
    assert precheck.municipality is None
    assert "triagevoorzitter controleert bij de screening" in " ".join(precheck.reasons)


def test_every_failing_condition_is_named_at_once(criteria_set, amsterdam):
    huisarts = UserFactory(melder=True, organisation=OrganisationFactory(not_registering=True))
    precheck = evaluate(huisarts, criteria_set, (False, True, True, True), municipality=amsterdam)
    text = " ".join(precheck.reasons)
    assert named_criteria(precheck.reasons) == {1}
    assert "WGS" in text
    assert "Amsterdam-Amstelland" in text


# --- what is stored --------------------------------------------------------------------------------


def test_precheck_records_the_version_and_answers_by_criterion_id(melder, criteria_set, utrecht):
    precheck = evaluate(melder, criteria_set, (True, False, True, False), municipality=utrecht)
    by_number = criteria_by_number(criteria_set)

    precheck.refresh_from_db()
    assert precheck.criteria_set.version == 1
    assert precheck.answers == {
        str(by_number[1].pk): True,
        str(by_number[2].pk): False,
        str(by_number[3].pk): True,
        str(by_number[4].pk): False,
    }
    assert precheck.municipality == utrecht
    assert precheck.melder == melder


def test_precheck_keeps_its_version_when_a_new_version_becomes_active(melder, criteria_set, utrecht):
    precheck = evaluate(melder, criteria_set, ALL_YES, municipality=utrecht)
    beheerder = UserFactory(beheerder=True)
    version_2 = criteria_set_new_version(criteria_set=criteria_set, by=beheerder)
    criteria_set_activate(criteria_set=version_2, by=beheerder)

    precheck.refresh_from_db()
    assert precheck.criteria_set.version == 1
    newer = evaluate(melder, CriteriaSet.objects.get(is_active=True), ALL_YES, municipality=utrecht)
    assert newer.criteria_set.version == 2


def test_precheck_is_audited_without_personal_details(melder, criteria_set, amsterdam):
    precheck = evaluate(melder, criteria_set, ALL_YES, municipality=amsterdam)

    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="intake.precheck")
    assert event.user == melder
    assert event.object_id == str(precheck.pk)
    assert event.detail == {"criteriaset_versie": 1, "advies": "nee"}
    assert "Amsterdam" not in json.dumps(event.detail)


def test_service_refuses_incomplete_answers_an_inactive_set_and_non_melders(melder, criteria_set):
    answers = answers_for(criteria_set, ALL_YES)
    answers.popitem()
    with pytest.raises(ServiceError, match="Beantwoord elke vraag"):
        precheck_evaluate(melder=melder, criteria_set=criteria_set, answers=answers, municipality=None)

    draft = criteria_set_new_version(criteria_set=criteria_set, by=UserFactory(beheerder=True))
    with pytest.raises(ServiceError, match="opnieuw"):
        evaluate(melder, draft, ALL_YES)

    with pytest.raises(ServiceError, match="Alleen een melder"):
        evaluate(UserFactory(voorzitter=True), criteria_set, ALL_YES)
    assert not PreCheck.objects.exists()


# --- the pre-check page ------------------------------------------------------------------------------


def test_melder_sees_the_questions_as_radio_groups_with_legends(client, melder, criteria_set, utrecht, amsterdam):
    criterion_1 = criteria_by_number(criteria_set)[1]
    criterion_1.explanation = "Denk aan <wonen> & schulden."
    criterion_1.save()
    client.force_login(melder)

    response = client.get(PRECHECK_URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Hoort mijn casus thuis in het Zorg- en Veiligheidshuis?" in body
    assert body.count("<fieldset") == 4
    for criterion in criteria_set.criteria.all():
        assert re.search(rf"<legend[^>]*>\s*{criterion.number}\. {re.escape(criterion.question)}", body)
    # The explanation is the hint, escaped, and linked to its group.
    assert "Denk aan &lt;wonen&gt; &amp; schulden." in body
    assert f'aria-describedby="id_criterium_{criterion_1.pk}_helptext"' in body
    assert body.count('value="ja"') == 4 and body.count('value="nee"') == 4
    # Every municipality, grouped, plus "do not know".
    assert '<optgroup label="In onze regio">' in body and '<optgroup label="Buiten onze regio">' in body
    assert f'<option value="{utrecht.pk}">Utrecht</option>' in body
    assert f'<option value="{amsterdam.pk}">Amsterdam</option>' in body
    assert "Weet ik niet / geen vaste woonplaats" in body
    # The organisation is a fact, not a question.
    assert "Politie Eenheid Test" in body
    assert "Mag aanmelden onder de WGS" in body
    assert 'name="may_register"' not in body
    # The way past the check is a POST button.
    assert re.search(rf'<form method="post" action="{SKIP_URL}">', body)


def test_page_says_when_the_organisation_may_not_register(client, criteria_set):
    client.force_login(UserFactory(melder=True, organisation=OrganisationFactory(not_registering=True)))
    body = client.get(PRECHECK_URL).content.decode()
    assert "Nee: uw organisatie mag geen casussen indienen" in body


def test_submitting_a_negative_check_shows_nee_with_the_reason(client, melder, criteria_set, utrecht):
    client.force_login(melder)

    response = client.post(PRECHECK_URL, post_data(criteria_set, (True, False, True, True), utrecht))

    precheck = PreCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:precheck_result", kwargs={"precheck_id": precheck.pk})
    result = client.get(response["Location"])
    body = result.content.decode()
    assert "Advies: nee" in body
    assert "criterium 2" in body
    assert "reguliere route" in body
    assert "Toch aanmelden" in body
    assert ">Aanmelden<" not in body
    assert body.count('fw-semibold">Nee</dd>') == 1  # the melder's answers are shown back
    assert body.count('fw-semibold">Ja</dd>') == 4  # three criteria and "may register"


def test_submitting_a_positive_check_shows_ja_meld_aan(client, melder, criteria_set, utrecht):
    client.force_login(melder)
    response = client.post(PRECHECK_URL, post_data(criteria_set, ALL_YES, utrecht), follow=True)
    body = response.content.decode()
    assert "Advies: ja, meld aan" in body
    assert ">Aanmelden<" in body
    assert "Toch aanmelden" not in body
    assert PreCheck.objects.get().advice_positive is True


def test_unknown_municipality_via_the_page(client, melder, criteria_set):
    client.force_login(melder)
    body = client.post(PRECHECK_URL, post_data(criteria_set, ALL_YES, "onbekend"), follow=True).content.decode()
    assert "Advies: ja, meld aan" in body
    assert "triagevoorzitter controleert" in body
    assert PreCheck.objects.get().municipality is None


def test_result_page_is_audited(client, melder, criteria_set):
    precheck = evaluate(melder, criteria_set, ALL_YES)
    client.force_login(melder)
    client.get(reverse("intake:precheck_result", kwargs={"precheck_id": precheck.pk}))
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="intake.precheck", object_id=str(precheck.pk), user=melder
    ).exists()


# --- continuing to the form --------------------------------------------------------------------------


def test_continuing_creates_a_concept_linked_to_the_precheck(client, melder, criteria_set, amsterdam):
    precheck = evaluate(melder, criteria_set, (True, False, False, False), municipality=amsterdam)
    assert precheck.advice_positive is False  # it is advice: the melder may continue anyway
    client.force_login(melder)

    response = client.post(reverse("intake:precheck_result", kwargs={"precheck_id": precheck.pk}))

    assert response.status_code == 302
    match = FORM_URL.match(response["Location"])
    assert match, response["Location"]
    casus = Casus.objects.get(pk=match["uuid"])
    assert casus.status == CasusStatus.CONCEPT
    assert casus.melder == melder
    assert casus.organisation == melder.organisation
    assert casus.criteria_set == criteria_set
    assert casus.precheck == precheck
    # What the registration form reads: answers by criterion id, and the municipality.
    by_number = criteria_by_number(criteria_set)
    assert casus.precheck.answers[str(by_number[1].pk)] is True
    assert casus.precheck.answers[str(by_number[2].pk)] is False
    assert casus.precheck.municipality == amsterdam
    assert casus.betrokkenen.count() == 0


def test_continuing_twice_gives_the_same_concept(client, melder, criteria_set):
    precheck = evaluate(melder, criteria_set, ALL_YES)
    client.force_login(melder)
    url = reverse("intake:precheck_result", kwargs={"precheck_id": precheck.pk})
    first = client.post(url)["Location"]
    second = client.post(url)["Location"]
    assert first == second
    assert Casus.objects.count() == 1


def test_direct_to_the_form_creates_a_concept_without_precheck(client, melder, criteria_set):
    client.force_login(melder)

    response = client.post(SKIP_URL)

    match = FORM_URL.match(response["Location"])
    assert match, response["Location"]
    casus = Casus.objects.get(pk=match["uuid"])
    assert casus.status == CasusStatus.CONCEPT
    assert casus.melder == melder
    assert not PreCheck.objects.exists()


def test_direct_to_the_form_twice_without_saving_opens_the_same_concept(client, melder, criteria_set):
    """Issue 17: every click made one more empty concept. The second click creates nothing."""
    client.force_login(melder)
    first = client.post(SKIP_URL)["Location"]
    assert client.get(first).status_code == 200  # the form is seen, nothing typed, nothing saved

    second = client.post(SKIP_URL)["Location"]

    assert second == first
    assert Casus.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="intake.casus").count() == 1


def test_direct_to_the_form_starts_a_new_concept_once_the_first_holds_anything(client, melder, criteria_set):
    """A concept with text, or one a colleague or the pre-check started, is never handed out as empty."""
    client.force_login(melder)
    first = client.post(SKIP_URL)["Location"]
    Casus.objects.filter(pk=FORM_URL.match(first)["uuid"]).update(aanleiding="Overlast in de straat")
    colleague = UserFactory(melder=True, organisation=melder.organisation)
    client.force_login(colleague)
    colleagues = client.post(SKIP_URL)["Location"]
    client.force_login(melder)

    second = client.post(SKIP_URL)["Location"]

    assert len({first, colleagues, second}) == 3
    assert Casus.objects.get(pk=FORM_URL.match(first)["uuid"]).aanleiding == "Overlast in de straat"
    assert Casus.objects.get(pk=FORM_URL.match(second)["uuid"]).melder == melder


def test_another_melders_precheck_is_not_found(client, melder, criteria_set):
    precheck = evaluate(melder, criteria_set, ALL_YES)
    colleague = UserFactory(melder=True, organisation=melder.organisation)
    client.force_login(colleague)
    url = reverse("intake:precheck_result", kwargs={"precheck_id": precheck.pk})

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Casus.objects.exists()
    with pytest.raises(ServiceError):
        precheck_continue(precheck=precheck, melder=colleague)


# --- who may --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.TRIAGEVOORZITTER, Role.KETENPARTNER, Role.PROCESREGISSEUR, Role.FUNCTIONEEL_BEHEERDER,
             Role.LOGBEHEERDER]
)
def test_non_melders_get_403_on_every_precheck_page(client, criteria_set, role):
    melder = UserFactory(melder=True)
    precheck = evaluate(melder, criteria_set, ALL_YES)
    client.force_login(UserFactory(roles=[role], is_staff=True))
    result_url = reverse("intake:precheck_result", kwargs={"precheck_id": precheck.pk})

    for method, url in [("get", PRECHECK_URL), ("post", PRECHECK_URL), ("get", result_url), ("post", result_url)]:
        response = getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
        assert "Geen toegang" in response.content.decode()
    assert PreCheck.objects.count() == 1
    assert not Casus.objects.exists()


def test_anonymous_is_sent_to_login(client, criteria_set):
    response = client.get(PRECHECK_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize("municipality", ["999999", "abc", "<script>alert(1)</script>", "1; DROP TABLE x", ""])
def test_invalid_municipality_gives_a_dutch_error_and_keeps_the_answers(client, melder, criteria_set, municipality):
    client.force_login(melder)
    values = (True, False, True, False)

    response = client.post(PRECHECK_URL, post_data(criteria_set, values, municipality))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Controleer uw antwoorden" in body
    assert "Kies een gemeente uit de lijst." in body or "Kies de gemeente van de betrokkene" in body
    assert 'aria-describedby="id_gemeente_helptext id_gemeente_error"' in body
    assert "<script>alert(1)</script>" not in body
    # The radio answers the melder gave are still selected.
    by_number = criteria_by_number(criteria_set)
    for number, value in zip((1, 2, 3, 4), values, strict=True):
        checked = re.search(rf'name="criterium_{by_number[number].pk}" value="(ja|nee)"[^>]*checked', body)
        assert checked and checked[1] == ("ja" if value else "nee"), number
    assert not PreCheck.objects.exists()


def test_missing_and_invalid_answers_give_dutch_errors_per_question(client, melder, criteria_set, utrecht):
    client.force_login(melder)
    data = post_data(criteria_set, ALL_YES, utrecht)
    by_number = criteria_by_number(criteria_set)
    del data[f"criterium_{by_number[1].pk}"]
    data[f"criterium_{by_number[3].pk}"] = "misschien"

    response = client.post(PRECHECK_URL, data)

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Kies ja of nee.") == 4  # two in the summary, two next to the questions
    assert f'href="#div_id_criterium_{by_number[1].pk}"' in body
    assert 'selected>Utrecht</option>' in body
    assert not PreCheck.objects.exists()


def test_empty_post_is_refused_in_dutch(client, melder, criteria_set):
    client.force_login(melder)
    response = client.post(PRECHECK_URL, {})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies ja of nee." in body
    assert "Kies de gemeente van de betrokkene" in body
    assert not PreCheck.objects.exists()


def test_answers_to_a_version_that_is_no_longer_active_are_asked_again(client, melder, criteria_set, utrecht):
    client.force_login(melder)
    stale = post_data(criteria_set, ALL_YES, utrecht)
    beheerder = UserFactory(beheerder=True)
    criteria_set_activate(criteria_set=criteria_set_new_version(criteria_set=criteria_set, by=beheerder), by=beheerder)

    response = client.post(PRECHECK_URL, stale)

    assert response.status_code == 200
    assert "De criteria zijn gewijzigd" in response.content.decode()
    assert "versie 2" in response.content.decode()
    assert not PreCheck.objects.exists()


def test_without_an_active_criteria_set_the_melder_can_still_go_to_the_form(client, melder, criteria_set):
    CriteriaSet.objects.update(is_active=False)
    client.force_login(melder)
    body = client.get(PRECHECK_URL).content.decode()
    assert "geen criteria vastgesteld" in body
    assert "Direct naar het formulier" in body
    assert client.post(PRECHECK_URL, {}).status_code == 200
    assert not PreCheck.objects.exists()


# --- the way in --------------------------------------------------------------------------------------


def test_my_cases_links_to_the_precheck(client, melder):
    client.force_login(melder)
    body = client.get(reverse("intake:my_cases")).content.decode()
    assert re.search(rf'<a [^>]*href="{PRECHECK_URL}"[^>]*>Nieuwe aanmelding</a>', body)
