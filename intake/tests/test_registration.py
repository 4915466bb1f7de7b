"""The registration form: concept, autosave, completeness, submission and confirmation.

Through the real URLs, middleware and templates, as a melder uses them. Helpers here build
the POST a browser sends (management forms included); test_hostile_input.py reuses them.
"""

import contextlib
import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from intake.constants import CasusStatus, InformedStatus, LifeDomain, Urgency
from intake.models import Betrokkene, Casus, InvolvedOrganisation, PreCheck
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


# --- helpers shared with test_hostile_input.py ---------------------------------------------------


def edit_url(casus) -> str:
    return reverse("intake:registration_edit", kwargs={"casus_id": casus.pk})


def autosave_url(casus) -> str:
    return reverse("intake:registration_autosave", kwargs={"casus_id": casus.pk})


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }


def _row(prefix: str, index: int, defaults: dict, values: dict) -> dict[str, str]:
    return {f"{prefix}-{index}-{key}": str(value) for key, value in {**defaults, **values}.items()}


def person(index: int, **values) -> dict[str, str]:
    defaults = {
        "id": "",
        "first_names": "Jan Willem",
        "surname_prefix": "van",
        "surname": "Dijk",
        "date_of_birth": "1985-03-14",
        "bsn": "",
        "relation": "hoofdbetrokkene",
        "street_address": "Dorpsstraat 1",
        "postal_code": "3511 AB",
        "city": "Utrecht",
        "municipality": "",
    }
    return _row("betrokkenen", index, defaults, values)


def organisation(index: int, **values) -> dict[str, str]:
    defaults = {
        "id": "",
        "organisation_name": "Wijkteam Noord",
        "contact_name": "Petra de Vries",
        "contact_details": "030-1234567",
        "involvement": "Ambulante begeleiding",
    }
    return _row("organisaties", index, defaults, values)


def complete_data(criteria_set, *, persons=1, organisations=1, **main) -> dict[str, str]:
    """A POST of a complete registration: submitting it succeeds (given a may-register org)."""
    data = {**management("betrokkenen", persons), **management("organisaties", organisations)}
    for index in range(persons):
        data.update(person(index, first_names=f"Persoon{index}"))
    for index in range(organisations):
        data.update(organisation(index))
    data.update(
        {
            "aanleiding": "Aanleiding: herhaalde overlast en zorgen over de kinderen.",
            "concerns": "Zorgen: escalatie in het gezin.",
            "safety_risks": "Geen wapens bekend.",
            "tried_before": "Wijkteam en GGZ sinds 2025.",
            f"life_domain_{LifeDomain.WONEN}": "Dreigende huisuitzetting.",
            f"life_domain_{LifeDomain.FINANCIEN}": "Schulden.",
            "urgency": Urgency.NORMAAL,
            "urgency_reason": "",
            "informed": InformedStatus.JA,
            "informed_explanation": "",
            "wgs_declaration": "on",
        }
    )
    for criterion in criteria_set.criteria.all():
        data[f"criterion_{criterion.pk}"] = f"Motivering bij criterium {criterion.number}."
    data.update({key: str(value) for key, value in main.items()})
    return data


@contextlib.contextmanager
def logged_in_at(client, user, moment: datetime.datetime):
    """Freeze the clock and log in then: a session from the real 'now' would have expired."""
    with time_machine.travel(moment, tick=False):
        client.force_login(user)
        yield client


def submit(client, casus, data):
    return client.post(edit_url(casus), {**data, "actie": "indienen"})


def errors_of(response) -> str:
    """The text of every field error on the page."""
    return " ".join(re.findall(r'class="invalid-feedback">(.*?)</div>', response.content.decode(), re.S))


@pytest.fixture
def melder():
    return UserFactory(melder=True, organisation=OrganisationFactory(name="Politie Midden-Nederland"))


@pytest.fixture
def concept(melder, criteria_set):
    return CasusFactory(melder=melder)


@pytest.fixture
def logged_in(client, melder):
    client.force_login(melder)
    return client


# --- starting a concept ------------------------------------------------------------------------------


def test_post_to_nieuw_creates_a_concept_and_opens_its_form(logged_in, melder):
    response = logged_in.post(reverse("intake:registration_new"))
    casus = Casus.objects.get(melder=melder)
    assert casus.status == CasusStatus.CONCEPT
    assert response.status_code == 302
    assert response["Location"] == edit_url(casus)


def test_get_nieuw_goes_to_the_precheck_and_creates_nothing(logged_in, melder):
    response = logged_in.get(reverse("intake:registration_new"))
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:precheck")
    assert not Casus.objects.filter(melder=melder).exists()


# --- who may open the form ---------------------------------------------------------------------------


@pytest.mark.parametrize("trait", ["voorzitter", "ketenpartner", "regisseur", "logbeheerder"])
def test_a_user_who_is_not_a_melder_cannot_reach_the_form(client, concept, trait):
    client.force_login(UserFactory(**{trait: True}))
    assert client.get(edit_url(concept)).status_code == 403
    assert client.post(edit_url(concept), {"actie": "opslaan"}).status_code == 403
    assert client.post(autosave_url(concept), {}).status_code == 403
    assert client.post(reverse("intake:registration_new")).status_code == 403
    assert Casus.objects.count() == 1


def test_a_melder_of_another_organisation_gets_404(client, concept):
    client.force_login(UserFactory(melder=True))
    assert client.get(edit_url(concept)).status_code == 404
    assert client.post(edit_url(concept), {"actie": "opslaan", "aanleiding": "x"}).status_code == 404
    assert client.post(autosave_url(concept), {"aanleiding": "x"}).status_code == 404
    concept.refresh_from_db()
    assert concept.aanleiding == ""


def test_a_colleague_cannot_open_someone_elses_concept(client, concept, melder):
    client.force_login(UserFactory(melder=True, organisation=melder.organisation))
    assert client.get(edit_url(concept)).status_code == 404
    assert client.post(autosave_url(concept), {"aanleiding": "x"}).status_code == 404


def test_a_submitted_case_is_not_editable_and_goes_to_its_detail_page(logged_in, melder):
    casus = CasusFactory(melder=melder, submitted=True)
    response = logged_in.get(edit_url(casus), follow=True)
    assert response.redirect_chain[-1][0] == reverse("intake:casus_detail", kwargs={"casus_id": casus.pk})
    assert "al ingediend en kan niet meer worden gewijzigd" in response.content.decode()
    response = logged_in.post(edit_url(casus), {"actie": "opslaan", "aanleiding": "gewijzigd"})
    assert response.status_code == 302
    casus.refresh_from_db()
    assert casus.aanleiding == ""


def test_anonymous_is_sent_to_the_login_page(client, concept):
    response = client.get(edit_url(concept))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- the page ----------------------------------------------------------------------------------------


def test_the_form_shows_every_section_and_the_deadline_in_words(client, melder, concept):
    with logged_in_at(client, melder, datetime.datetime(2026, 11, 30, 10, 0, tzinfo=AMSTERDAM)):
        response = client.get(edit_url(concept))
    assert response.status_code == 200
    body = response.content.decode()
    for heading in [
        "Betrokkene(n)",
        "Aanleiding en zorgen",
        "Problemen per leefgebied",
        "Veiligheidsrisico's",
        "Wat is al geprobeerd",
        "Betrokken organisaties",
        "Waarom de criteria van toepassing zijn",
        "Urgentie",
        "Informeren van de betrokkene",
        "Verklaring",
    ]:
        assert f'<h2 class="h4">{heading}</h2>' in body, heading
    assert "Meld vóór donderdag 3 december 16:00 aan, dan bespreken we uw casus op donderdag 10 december." in body
    assert "Acuut gevaar? Bel 112 of Veilig Thuis (0800-2000)" in body
    assert "ben voor de kwaliteit en juistheid van deze aanmelding (WGS)" in body
    for domain in LifeDomain:
        assert f'name="life_domain_{domain}"' in body
    assert body.count('name="criterion_') == 4
    assert 'aria-live="polite"' in body
    assert "js/autosave.js" in body
    assert "<script>" not in body  # CSP: no inline scripts


def test_the_form_audits_the_read_without_personal_data(logged_in, concept):
    BetrokkeneFactory(casus=concept, first_names="Geheimvoornaam")
    logged_in.get(edit_url(concept))
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(concept.pk)).get()
    assert "Geheimvoornaam" not in json.dumps(event.detail)


def test_the_precheck_carries_municipality_and_answers_into_the_form(logged_in, concept, melder, criteria_set):
    municipality = MunicipalityFactory(name="Houten")
    MunicipalityFactory(name="Zeist")
    first, second, *_ = criteria_set.criteria.all()
    PreCheck.objects.create(
        casus=concept,
        melder=melder,
        criteria_set=criteria_set,
        answers={str(first.pk): True, str(second.pk): False},
        municipality=municipality,
        organisation_may_register=True,
        advice_positive=False,
    )
    response = logged_in.get(edit_url(concept))
    body = response.content.decode()
    assert re.search(rf'<option value="{municipality.pk}" selected>Houten</option>', body)
    assert "In de voortoets gaf u aan dat dit criterium van toepassing is." in body
    assert "In de voortoets gaf u aan dat dit criterium niet van toepassing is." in body


def test_the_melders_start_page_shows_the_deadline(client, melder):
    with logged_in_at(client, melder, datetime.datetime(2026, 12, 3, 16, 0, tzinfo=AMSTERDAM)):
        body = client.get(reverse("intake:my_cases")).content.decode()
    assert "Meld vóór donderdag 10 december 16:00 aan, dan bespreken we uw casus op donderdag 17 december." in body


# --- saving a concept --------------------------------------------------------------------------------


def test_save_as_concept_keeps_an_incomplete_registration_for_later(logged_in, concept, melder):
    data = {
        **management("betrokkenen", 1),
        **management("organisaties", 1),
        **person(0, first_names="", date_of_birth="", surname="Bakker", street_address=""),
        "aanleiding": "Half af",
        f"life_domain_{LifeDomain.WERK}": "Geen werk",
        "actie": "opslaan",
    }
    response = logged_in.post(edit_url(concept), data)
    assert response.status_code == 302
    assert response["Location"] == edit_url(concept)
    assert "Concept opgeslagen om" in logged_in.get(edit_url(concept)).content.decode()

    concept.refresh_from_db()
    assert concept.status == CasusStatus.CONCEPT
    assert concept.aanleiding == "Half af"
    assert concept.life_domains == {LifeDomain.WERK: "Geen werk"}
    assert [b.surname for b in concept.betrokkenen.all()] == ["Bakker"]
    assert not concept.involved_organisations.exists()  # the untouched empty row is not stored

    # Later, in a new session: everything is still there.
    logged_in.logout()
    logged_in.force_login(melder)
    body = logged_in.get(edit_url(concept)).content.decode()
    assert "Half af" in body
    assert 'value="Bakker"' in body
    assert "Geen werk" in body


def test_save_normalises_bsn_and_postal_code(logged_in, concept):
    data = {
        **management("betrokkenen", 1),
        **management("organisaties", 0),
        **person(0, bsn="1112.22 333", postal_code="3511ab"),
        "actie": "opslaan",
    }
    assert logged_in.post(edit_url(concept), data).status_code == 302
    betrokkene = concept.betrokkenen.get()
    assert betrokkene.bsn == "111222333"
    assert betrokkene.postal_code == "3511 AB"


def test_save_is_audited_with_the_changed_sections_only(logged_in, concept):
    data = {
        **management("betrokkenen", 1),
        **management("organisaties", 0),
        **person(0, surname="Geheimachternaam"),
        "aanleiding": "Geheime aanleiding",
        "actie": "opslaan",
    }
    logged_in.post(edit_url(concept), data)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(concept.pk)).get()
    assert event.detail == {"onderdelen": ["aanleiding", "betrokkenen"], "automatisch": False}
    assert event.user.pk == concept.melder_id


def test_add_person_saves_and_shows_an_empty_second_person(logged_in, concept):
    data = {**management("betrokkenen", 1), **management("organisaties", 0), **person(0), "actie": "persoon_toevoegen"}
    response = logged_in.post(edit_url(concept), data)
    assert response.status_code == 302
    assert response["Location"] == f"{edit_url(concept)}?extra_personen=1#betrokkenen-1"
    assert concept.betrokkenen.count() == 1

    body = logged_in.get(response["Location"]).content.decode()
    assert "Persoon 1" in body and "Persoon 2" in body
    assert 'name="betrokkenen-1-first_names"' in body
    assert 'name="betrokkenen-TOTAL_FORMS" value="2"' in body


def test_two_persons_of_a_household_are_saved_and_one_can_be_removed(logged_in, concept):
    data = {
        **management("betrokkenen", 2),
        **management("organisaties", 0),
        **person(0, first_names="Moeder"),
        **person(1, first_names="Kind", date_of_birth="2015-06-01", relation="kind"),
        "actie": "opslaan",
    }
    logged_in.post(edit_url(concept), data)
    moeder, kind = concept.betrokkenen.order_by("id")
    assert (moeder.first_names, kind.first_names) == ("Moeder", "Kind")

    data.update({"betrokkenen-0-id": moeder.pk, "betrokkenen-1-id": kind.pk, "actie": "verwijder_betrokkenen:1"})
    assert logged_in.post(edit_url(concept), data).status_code == 302
    assert [b.first_names for b in concept.betrokkenen.all()] == ["Moeder"]


def test_an_invalid_field_saves_nothing_and_keeps_everything_typed(logged_in, concept):
    data = {
        **management("betrokkenen", 1),
        **management("organisaties", 0),
        **person(0, bsn="123456789", surname="Vermeulen"),
        "aanleiding": "Dit mag niet verloren gaan",
        "actie": "opslaan",
    }
    response = logged_in.post(edit_url(concept), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dit BSN klopt niet (elfproef)." in errors_of(response)
    assert "Niet opgeslagen" in body
    assert 'href="#id_betrokkenen-0-bsn"' in body  # the summary links to the field
    assert "Dit mag niet verloren gaan" in body
    assert 'value="Vermeulen"' in body
    concept.refresh_from_db()
    assert concept.aanleiding == ""
    assert not concept.betrokkenen.exists()


def test_a_form_shown_again_after_a_failed_save_is_logged_as_a_read(logged_in, concept):
    data = {**management("betrokkenen", 1), **management("organisaties", 0), **person(0, bsn="123456789")}
    before = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(concept.pk)).count()
    assert logged_in.post(edit_url(concept), {**data, "actie": "opslaan"}).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(concept.pk)).count() == before + 1


# --- submitting --------------------------------------------------------------------------------------


def test_submit_before_thursday_1600_goes_to_next_weeks_triage(client, melder, concept, criteria_set):
    moment = datetime.datetime(2026, 12, 3, 15, 59, tzinfo=AMSTERDAM)
    with logged_in_at(client, melder, moment):
        response = submit(client, concept, complete_data(criteria_set))
        body = client.get(response["Location"]).content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:registration_confirmation", kwargs={"casus_id": concept.pk})
    concept.refresh_from_db()
    assert concept.status == CasusStatus.AANGEMELD
    assert concept.target_triage_date == datetime.date(2026, 12, 10)
    assert re.fullmatch(r"ZVH-2026-\d{5}", concept.reference)
    assert concept.wgs_declared_at == moment
    assert concept.criteria_set == criteria_set
    assert len(concept.criteria_motivation) == 4

    assert "Aanmelding ontvangen" in body
    assert concept.reference in body
    assert "donderdag 10 december 2026" in body
    assert reverse("intake:casus_detail", kwargs={"casus_id": concept.pk}) in body


def test_submit_at_thursday_1600_goes_a_week_later(client, melder, concept, criteria_set):
    with logged_in_at(client, melder, datetime.datetime(2026, 12, 3, 16, 0, tzinfo=AMSTERDAM)):
        submit(client, concept, complete_data(criteria_set))
        body = client.get(reverse("intake:registration_confirmation", kwargs={"casus_id": concept.pk})).content
    concept.refresh_from_db()
    assert concept.target_triage_date == datetime.date(2026, 12, 17)
    assert "donderdag 17 december 2026" in body.decode()


def test_submit_stores_persons_and_organisations(logged_in, concept, criteria_set):
    submit(logged_in, concept, complete_data(criteria_set, persons=2, organisations=1))
    assert sorted(concept.betrokkenen.values_list("first_names", flat=True)) == ["Persoon0", "Persoon1"]
    assert list(concept.involved_organisations.values_list("organisation_name", flat=True)) == ["Wijkteam Noord"]


def test_an_incomplete_submission_shows_dutch_errors_next_to_the_fields_and_keeps_the_data(
    logged_in, concept, criteria_set
):
    data = complete_data(
        criteria_set,
        aanleiding="",
        informed="",
        **{f"life_domain_{LifeDomain.WONEN}": "", f"life_domain_{LifeDomain.FINANCIEN}": ""},
    )
    data.update(person(0, date_of_birth="", street_address="", postal_code="", city="", surname="Zonderdatum"))
    del data["wgs_declaration"]
    response = submit(logged_in, concept, data)

    assert response.status_code == 200
    body = response.content.decode()
    errors = errors_of(response)
    assert "Beschrijf de aanleiding van de aanmelding." in errors
    assert "Geef aan of de betrokkene is geïnformeerd over de aanmelding." in errors
    assert "Vink de verklaring aan om de aanmelding in te dienen." in errors
    assert "Vul de geboortedatum in. Weet u die niet? Vul dan het BSN of het adres in." in errors
    date_input = re.search(r'<input[^>]*id="id_betrokkenen-0-date_of_birth"[^>]*>', body).group(0)
    assert 'aria-invalid="true"' in date_input
    assert "id_betrokkenen-0-date_of_birth_error" in date_input  # the error is linked to the field
    assert "Beschrijf de problemen op ten minste één leefgebied." in body
    assert "Uw gegevens zijn als concept bewaard" in body

    concept.refresh_from_db()
    assert concept.status == CasusStatus.CONCEPT
    assert concept.reference is None and concept.wgs_declared_at is None
    betrokkene = concept.betrokkenen.get()
    assert betrokkene.surname == "Zonderdatum"  # what was typed is saved as concept
    # The re-rendered row carries the new row's id: submitting again does not create it twice.
    assert f'name="betrokkenen-0-id" value="{betrokkene.pk}"' in body


def test_resubmitting_after_completing_does_not_duplicate_rows(logged_in, concept, criteria_set):
    data = complete_data(criteria_set, aanleiding="")
    first = submit(logged_in, concept, data)
    assert first.status_code == 200
    person_id = concept.betrokkenen.get().pk
    organisation_id = concept.involved_organisations.get().pk
    data.update({"aanleiding": "Nu wel", "betrokkenen-0-id": person_id, "organisaties-0-id": organisation_id})
    assert submit(logged_in, concept, data).status_code == 302
    assert concept.betrokkenen.count() == 1
    assert concept.involved_organisations.count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"urgency": Urgency.HOOG, "urgency_reason": ""}, "Licht toe waarom de casus urgent is."),
        (
            {"informed": InformedStatus.NEE_VEILIGHEID, "informed_explanation": ""},
            "Licht toe waarom de betrokkene (nog) niet is geïnformeerd.",
        ),
        ({"organisaties-0-organisation_name": ""}, "Vul de naam van de organisatie in."),
        ({"betrokkenen-0-surname": ""}, "Vul de achternaam in."),
    ],
)
def test_conditional_completeness_rules(logged_in, concept, criteria_set, fields, error):
    response = submit(logged_in, concept, complete_data(criteria_set, **fields))
    assert response.status_code == 200
    assert error in errors_of(response)
    concept.refresh_from_db()
    assert concept.status == CasusStatus.CONCEPT


def test_one_criterion_of_a_group_is_enough_but_every_group_needs_one(logged_in, concept, criteria_set):
    one, two, three, four = criteria_set.criteria.order_by("number")
    data = complete_data(criteria_set, **{f"criterion_{three.pk}": ""})
    assert submit(logged_in, concept, data).status_code == 302  # 4 motivates group C

    other = CasusFactory(melder=concept.melder)
    data = complete_data(
        criteria_set, **{f"criterion_{three.pk}": "", f"criterion_{four.pk}": "", f"criterion_{two.pk}": ""}
    )
    response = submit(logged_in, other, data)
    assert response.status_code == 200
    errors = errors_of(response)
    assert "Licht toe waarom dit criterium van toepassing is." in errors
    assert "Licht bij ten minste één van de criteria 3 of 4 toe waarom het van toepassing is." in errors


def test_a_melder_of_an_organisation_that_may_not_register_cannot_submit(client, criteria_set):
    huisarts = UserFactory(melder=True, organisation=OrganisationFactory(not_registering=True))
    casus = CasusFactory(melder=huisarts)
    client.force_login(huisarts)

    page = client.get(edit_url(casus)).content.decode()
    assert "Uw organisatie mag (nog) geen casussen aanmelden" in page

    response = submit(client, casus, complete_data(criteria_set, aanleiding="Bewaar mij"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Uw organisatie mag (nog) geen casussen aanmelden bij het Zorg- en Veiligheidshuis (WGS)." in body
    assert "Uw gegevens zijn als concept bewaard." in body
    assert "Bewaar mij" in body
    casus.refresh_from_db()
    assert casus.status == CasusStatus.CONCEPT
    assert casus.reference is None
    assert casus.wgs_declared_at is None
    assert casus.aanleiding == "Bewaar mij"  # kept
    assert casus.betrokkenen.count() == 1


def test_confirmation_of_a_concept_goes_back_to_the_form(logged_in, concept):
    response = logged_in.get(reverse("intake:registration_confirmation", kwargs={"casus_id": concept.pk}))
    assert response.status_code == 302
    assert response["Location"] == edit_url(concept)


def test_confirmation_of_another_organisations_case_is_404(logged_in):
    other = CasusFactory(submitted=True)
    response = logged_in.get(reverse("intake:registration_confirmation", kwargs={"casus_id": other.pk}))
    assert response.status_code == 404


# --- autosave ----------------------------------------------------------------------------------------


def test_autosave_saves_and_answers_with_a_status_fragment(client, melder, concept):
    data = {
        **management("betrokkenen", 1),
        **management("organisaties", 1),
        **person(0, surname="Autosave"),
        **organisation(0),
        "aanleiding": "Getypt, niet op opslaan gedrukt",
    }
    with logged_in_at(client, melder, datetime.datetime(2026, 12, 1, 14, 32, 10, tzinfo=AMSTERDAM)):
        response = client.post(autosave_url(concept), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Concept automatisch opgeslagen om 14:32." in body
    assert "<html" not in body  # a fragment, not a page
    concept.refresh_from_db()
    assert concept.aanleiding == "Getypt, niet op opslaan gedrukt"
    betrokkene = concept.betrokkenen.get()
    organisation_row = concept.involved_organisations.get()
    # The new rows' ids go back to the page, so the next autosave updates them.
    assert f'data-set-field="betrokkenen-0-id" data-value="{betrokkene.pk}"' in body
    assert f'data-set-field="organisaties-0-id" data-value="{organisation_row.pk}"' in body

    data.update({"betrokkenen-0-id": betrokkene.pk, "organisaties-0-id": organisation_row.pk})
    data["betrokkenen-0-surname"] = "Autosave2"
    client.force_login(melder)
    assert client.post(autosave_url(concept), data).status_code == 200
    assert list(concept.betrokkenen.values_list("surname", flat=True)) == ["Autosave2"]
    assert concept.involved_organisations.count() == 1
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(concept.pk)).order_by("id").last()
    assert event.detail == {"onderdelen": ["betrokkenen"], "automatisch": True}


def test_autosave_keeps_valid_values_and_skips_invalid_ones(logged_in, concept):
    data = {
        **management("betrokkenen", 1),
        **management("organisaties", 0),
        **person(0, bsn="123456789", date_of_birth="2999-01-01", surname="Geldig"),
        "aanleiding": "Geldige tekst",
    }
    response = logged_in.post(autosave_url(concept), data)
    assert response.status_code == 200
    assert "Niet alles kon worden bewaard" in response.content.decode()
    concept.refresh_from_db()
    assert concept.aanleiding == "Geldige tekst"
    betrokkene = concept.betrokkenen.get()
    assert betrokkene.surname == "Geldig"
    assert betrokkene.bsn is None
    assert betrokkene.date_of_birth is None


def test_autosave_without_changes_writes_no_audit_entry(logged_in, concept):
    data = {**management("betrokkenen", 0), **management("organisaties", 0), "aanleiding": "Een keer"}
    logged_in.post(autosave_url(concept), data)
    count = AuditEvent.objects.filter(action=AuditAction.UPDATE).count()
    response = logged_in.post(autosave_url(concept), data)
    assert response.status_code == 200
    assert "Concept automatisch opgeslagen om" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == count


def test_autosave_with_an_expired_session_answers_401_not_a_redirect(client, concept, melder):
    client.force_login(melder)
    client.session.flush()  # what an expired session looks like to the server
    client.cookies.pop("sessionid", None)
    response = client.post(autosave_url(concept), {"aanleiding": "na de time-out"})
    assert response.status_code == 401
    assert "Location" not in response
    concept.refresh_from_db()
    assert concept.aanleiding == ""


def test_autosave_keeps_the_session_alive(logged_in, concept, settings):
    logged_in.post(autosave_url(concept), {"aanleiding": "x"})
    assert logged_in.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    # Each autosave renews the expiry (at most once a minute: participants/tests/test_sliding_session.py).


def test_autosave_of_a_submitted_case_changes_nothing(logged_in, melder):
    casus = CasusFactory(melder=melder, submitted=True)
    response = logged_in.post(autosave_url(casus), {"aanleiding": "te laat"})
    assert response.status_code == 409
    casus.refresh_from_db()
    assert casus.aanleiding == ""


def test_autosave_only_accepts_post(logged_in, concept):
    assert logged_in.get(autosave_url(concept)).status_code == 405


def test_stored_rows_of_a_concept_are_shown_with_their_ids(logged_in, concept):
    stored = BetrokkeneFactory(casus=concept, first_names="Opgeslagen")
    InvolvedOrganisation.objects.create(casus=concept, organisation_name="Reclassering")
    body = logged_in.get(edit_url(concept)).content.decode()
    assert f'name="betrokkenen-0-id" value="{stored.pk}"' in body
    assert 'value="Opgeslagen"' in body
    assert 'value="Reclassering"' in body
    assert 'name="betrokkenen-TOTAL_FORMS" value="1"' in body  # no empty extra row once there is one
    assert Betrokkene.objects.count() == 1
