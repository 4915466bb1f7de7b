"""Hostile and mistaken input on the registration form: refused with a Dutch error or stored
safely, escaped on every page that shows it, never a 500, and nothing typed lost.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus, LifeDomain
from intake.models import Betrokkene, Casus
from intake.tests import test_registration
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from intake.tests.test_registration import (
    autosave_url,
    complete_data,
    edit_url,
    errors_of,
    management,
    person,
    submit,
)
from participants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The same melder, concept and logged-in client as the registration tests.
melder = test_registration.melder
concept = test_registration.concept
logged_in = test_registration.logged_in

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
PAYLOAD = f"{SCRIPT}{IMG}"
KEEP_ME = "Deze tekst mag nooit verloren gaan"

MAIN_TEXT_FIELDS = [
    "aanleiding",
    "concerns",
    "safety_risks",
    "tried_before",
    "urgency_reason",
    "informed_explanation",
    *(f"life_domain_{domain}" for domain in LifeDomain),
]
PERSON_TEXT_FIELDS = ["first_names", "surname", "relation", "street_address", "city"]
ORGANISATION_TEXT_FIELDS = ["organisation_name", "contact_name", "contact_details", "involvement"]


def all_text_field_names(criteria_set) -> list[str]:
    return [
        *MAIN_TEXT_FIELDS,
        *(f"criterion_{c.pk}" for c in criteria_set.criteria.all()),
        *(f"betrokkenen-0-{name}" for name in PERSON_TEXT_FIELDS),
        *(f"organisaties-0-{name}" for name in ORGANISATION_TEXT_FIELDS),
    ]


def assert_nothing_unescaped(body: str) -> None:
    assert "<script>" not in body
    assert "<img src=x" not in body
    # Inside an escaped attribute value the quote after onerror= is an entity, never a quote.
    assert re.findall(r"onerror=(?!&quot;|&#34;)", body) == []


# --- very long text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", [*MAIN_TEXT_FIELDS[:6], "life_domain_wonen", "criterion", "person", "organisation"])
def test_very_long_text_is_refused_with_a_dutch_error_and_everything_kept(logged_in, concept, criteria_set, field):
    data = complete_data(criteria_set, safety_risks=KEEP_ME)
    name = {
        "criterion": f"criterion_{criteria_set.criteria.first().pk}",
        "person": "betrokkenen-0-surname",
        "organisation": "organisaties-0-involvement",
    }.get(field, field)
    data[name] = "lang " * 20_000  # 100,000 characters
    if name == "safety_risks":
        data["concerns"] = KEEP_ME

    response = submit(logged_in, concept, data)

    assert response.status_code == 200
    assert "Zorg dat deze waarde niet meer dan" in errors_of(response)
    body = response.content.decode()
    assert KEEP_ME in body
    assert "lang lang lang" in body  # even the refused text is handed back, not cut off
    concept.refresh_from_db()
    assert concept.status == CasusStatus.CONCEPT
    assert concept.safety_risks == "" and not concept.betrokkenen.exists()  # all or nothing


def test_autosave_of_very_long_text_saves_the_rest(logged_in, concept):
    data = {**management("betrokkenen", 0), **management("organisaties", 0)}
    data.update({"aanleiding": "x" * 100_000, "concerns": KEEP_ME})
    response = logged_in.post(autosave_url(concept), data)
    assert response.status_code == 200
    concept.refresh_from_db()
    assert concept.aanleiding == ""
    assert concept.concerns == KEEP_ME


# --- HTML and script ---------------------------------------------------------------------------------


def test_html_and_script_in_every_text_field_are_stored_as_text_and_escaped_on_every_page(
    logged_in, concept, criteria_set, melder
):
    data = complete_data(criteria_set, urgency="hoog", informed="nog_niet")
    for name in all_text_field_names(criteria_set):
        data[name] = PAYLOAD
    data["betrokkenen-0-surname_prefix"] = "<script>x"  # the field holds 20 characters

    saved = logged_in.post(edit_url(concept), {**data, "actie": "opslaan"})
    assert saved.status_code == 302
    concept.refresh_from_db()
    assert concept.aanleiding == PAYLOAD  # stored exactly as typed: it is text, not markup
    assert concept.life_domains[LifeDomain.WONEN] == PAYLOAD
    assert concept.betrokkenen.get().first_names == PAYLOAD

    edit_page = logged_in.get(edit_url(concept)).content.decode()
    assert_nothing_unescaped(edit_page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in edit_page

    data["betrokkenen-0-id"] = concept.betrokkenen.get().pk
    data["organisaties-0-id"] = concept.involved_organisations.get().pk
    response = submit(logged_in, concept, data)
    assert response.status_code == 302, errors_of(response)
    concept.refresh_from_db()
    assert concept.status == CasusStatus.AANGEMELD

    pages = {
        "bevestiging": reverse("intake:registration_confirmation", kwargs={"casus_id": concept.pk}),
        "detail": reverse("intake:casus_detail", kwargs={"casus_id": concept.pk}),
        "lijst": reverse("intake:my_cases"),
    }
    for page, url in pages.items():
        response = logged_in.get(url)
        assert response.status_code == 200, page
        assert_nothing_unescaped(response.content.decode())
    detail = logged_in.get(pages["detail"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail  # shown, as text

    logged_in.force_login(UserFactory(voorzitter=True))
    for url in (pages["detail"], reverse("triage:screening")):
        response = logged_in.get(url)
        assert response.status_code == 200, url
        assert_nothing_unescaped(response.content.decode())


def test_html_in_a_refused_form_is_escaped_when_it_is_handed_back(logged_in, concept, criteria_set):
    data = complete_data(criteria_set, aanleiding=PAYLOAD, concerns=PAYLOAD)
    data.update(person(0, bsn="123456789", surname=PAYLOAD))
    response = submit(logged_in, concept, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert_nothing_unescaped(body)
    assert body.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3


# --- dates, BSN, postal codes ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-02-30", "abc", "31-02-2020", "2026-13-01", "1985-03-14T00:00", SCRIPT])
def test_an_invalid_date_is_refused_with_a_dutch_error(logged_in, concept, criteria_set, value):
    data = complete_data(criteria_set, aanleiding=KEEP_ME)
    data.update(person(0, date_of_birth=value, surname="Vermeulen"))
    response = submit(logged_in, concept, data)
    assert response.status_code == 200
    assert "Voer een geldige datum in." in errors_of(response)
    body = response.content.decode()
    assert KEEP_ME in body and 'value="Vermeulen"' in body
    assert not Betrokkene.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(logged_in, concept, criteria_set):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = complete_data(criteria_set, aanleiding=KEEP_ME)
    data.update(person(0, date_of_birth=tomorrow.isoformat()))
    response = submit(logged_in, concept, data)
    assert response.status_code == 200
    assert "Een geboortedatum kan niet in de toekomst liggen." in errors_of(response)
    assert KEEP_ME in response.content.decode()
    assert not Betrokkene.objects.exists()


def test_a_date_of_birth_before_1900_is_refused(logged_in, concept, criteria_set):
    data = complete_data(criteria_set)
    data.update(person(0, date_of_birth="1899-12-31"))
    response = submit(logged_in, concept, data)
    assert "Vul een geboortedatum in vanaf 1 januari 1900." in errors_of(response)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("123456789", "Dit BSN klopt niet (elfproef)."),
        ("000000000", "Dit BSN klopt niet (elfproef)."),
        ("111 222 334", "Dit BSN klopt niet (elfproef)."),
        ("12345", "Een BSN bestaat uit 9 cijfers."),
        ("abcdefghi", "Een BSN bestaat uit 9 cijfers."),
        ("1112223330", "Een BSN bestaat uit 9 cijfers."),
    ],
)
def test_a_wrong_bsn_is_refused_with_a_dutch_error(logged_in, concept, criteria_set, value, error):
    data = complete_data(criteria_set, aanleiding=KEEP_ME)
    data.update(person(0, bsn=value))
    response = submit(logged_in, concept, data)
    assert response.status_code == 200
    assert error in errors_of(response)
    body = response.content.decode()
    assert KEEP_ME in body
    assert f'value="{value}"' in body  # handed back to correct, not cleared
    concept.refresh_from_db()
    assert concept.status == CasusStatus.CONCEPT


def test_a_valid_bsn_is_stored_encrypted_as_nine_digits(logged_in, concept, criteria_set):
    data = complete_data(criteria_set)
    data.update(person(0, bsn=" 111.222.333 "))
    assert submit(logged_in, concept, data).status_code == 302
    betrokkene = Betrokkene.objects.get()
    assert betrokkene.bsn == "111222333"
    assert betrokkene.bsn_hash


@pytest.mark.parametrize("value", ["123", "0123 AB", "1234 A1", "1234ABC", "1234 ÄB"])
def test_a_wrong_postal_code_is_refused(logged_in, concept, criteria_set, value):
    data = complete_data(criteria_set)
    data.update(person(0, postal_code=value))
    response = submit(logged_in, concept, data)
    assert "Vul een Nederlandse postcode in, zoals 3511 AB." in errors_of(response)


# --- tampered requests ---------------------------------------------------------------------------


def test_a_nul_character_is_refused_not_a_500(logged_in, concept, criteria_set):
    data = complete_data(criteria_set, aanleiding="voor\x00na")
    response = submit(logged_in, concept, data)
    assert response.status_code == 200
    assert "Null-tekens zijn niet toegestaan." in errors_of(response)


@pytest.mark.parametrize(
    "tamper",
    [
        {"betrokkenen-0-municipality": "999999"},
        {"betrokkenen-0-municipality": "abc"},
        {"urgency": "kritiek"},
        {"informed": "<script>"},
        {"betrokkenen-0-id": "abc"},
    ],
)
def test_a_tampered_choice_is_refused_with_a_dutch_error(logged_in, concept, criteria_set, tamper):
    response = submit(logged_in, concept, complete_data(criteria_set, **tamper))
    assert response.status_code == 200
    assert "Niet opgeslagen" in response.content.decode()
    concept.refresh_from_db()
    assert concept.status == CasusStatus.CONCEPT


@pytest.mark.parametrize(
    "tamper",
    [
        {"betrokkenen-TOTAL_FORMS": "100000"},
        {"betrokkenen-TOTAL_FORMS": "-1"},
        {"betrokkenen-TOTAL_FORMS": "abc"},
        {"organisaties-INITIAL_FORMS": "5"},
    ],
)
@pytest.mark.parametrize("url", ["edit", "autosave"])
def test_a_tampered_formset_never_gives_a_500(logged_in, concept, criteria_set, tamper, url):
    data = complete_data(criteria_set, **tamper)
    target = edit_url(concept) if url == "edit" else autosave_url(concept)
    response = logged_in.post(target, {**data, "actie": "indienen"})
    assert response.status_code in (200, 302)
    assert Betrokkene.objects.count() <= 1


def test_a_missing_management_form_never_gives_a_500(logged_in, concept):
    response = logged_in.post(edit_url(concept), {"aanleiding": KEEP_ME, "actie": "opslaan"})
    assert response.status_code == 200
    assert KEEP_ME in response.content.decode()
    assert logged_in.post(autosave_url(concept), {"aanleiding": KEEP_ME}).status_code == 200


def test_a_persons_id_from_another_case_does_not_reach_that_case(logged_in, concept, criteria_set):
    someone_else = BetrokkeneFactory(casus=CasusFactory(), surname="Onaangetast")
    data = complete_data(criteria_set)
    data.update(person(0, id=someone_else.pk, surname="Overschreven"))
    logged_in.post(edit_url(concept), {**data, "actie": "opslaan"})
    logged_in.post(autosave_url(concept), data)
    logged_in.post(edit_url(concept), {**data, "actie": "verwijder_betrokkenen:0"})
    someone_else.refresh_from_db()
    assert someone_else.surname == "Onaangetast"
    assert someone_else.casus_id != concept.pk
    assert concept.betrokkenen.filter(surname="Overschreven").exists()


@pytest.mark.parametrize(
    "action", ["onbekend", "verwijder_betrokkenen:abc", "verwijder_betrokkenen:99", "verwijder_x:0"]
)
def test_an_unknown_button_value_just_saves(logged_in, concept, criteria_set, action):
    response = logged_in.post(edit_url(concept), {**complete_data(criteria_set), "actie": action})
    assert response.status_code == 302
    assert concept.betrokkenen.count() == 1


def test_unknown_life_domains_and_foreign_criteria_are_ignored(logged_in, concept, criteria_set):
    data = complete_data(criteria_set, life_domain_hacker="x", criterion_999999="x")
    logged_in.post(edit_url(concept), {**data, "actie": "opslaan"})
    concept.refresh_from_db()
    assert "hacker" not in concept.life_domains
    assert "999999" not in concept.criteria_motivation


def test_hostile_autosave_never_gives_a_500(logged_in, concept, criteria_set):
    data = complete_data(criteria_set, aanleiding=PAYLOAD, concerns="\x00", urgency="x")
    data.update(person(0, bsn="123456789", date_of_birth="2026-02-30", municipality="abc", surname="Veilig"))
    response = logged_in.post(autosave_url(concept), data)
    assert response.status_code == 200
    assert_nothing_unescaped(response.content.decode())
    concept.refresh_from_db()
    assert concept.aanleiding == PAYLOAD
    assert concept.concerns == ""
    betrokkene = concept.betrokkenen.get()
    assert (betrokkene.surname, betrokkene.bsn, betrokkene.date_of_birth) == ("Veilig", None, None)
    assert Casus.objects.get(pk=concept.pk).status == CasusStatus.CONCEPT


# --- text that is not UTF-8 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw_aanleiding",
    [b"voor%FFna", b"voor%ED%A0%80na", b"%C3"],
    ids=["invalid-byte", "lone-surrogate", "cut-off-sequence"],
)
def test_text_that_is_not_utf8_is_refused_with_a_dutch_page_and_nothing_is_stored(
    logged_in, concept, criteria_set, raw_aanleiding
):
    concept.aanleiding = "Eerder opgeslagen tekst."
    concept.save(update_fields=["aanleiding"])
    body = b"aanleiding=" + raw_aanleiding + b"&actie=opslaan"

    response = logged_in.post(edit_url(concept), data=body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert "Uw invoer bevat tekens die geen geldige tekst zijn" in response.content.decode()
    concept.refresh_from_db()
    assert concept.aanleiding == "Eerder opgeslagen tekst."


def test_a_multipart_post_with_text_that_is_not_utf8_is_refused(logged_in, concept):
    boundary = "grens"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="aanleiding"\r\n\r\n'.encode()
        + b"voor\xffna"
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = logged_in.post(
        edit_url(concept), data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400
    assert "Ongeldige tekens in uw invoer" in response.content.decode()


def test_a_query_string_that_is_not_utf8_is_refused(logged_in):
    response = logged_in.get(reverse("intake:my_cases"), QUERY_STRING="zoek=%FF")
    assert response.status_code == 400


def test_valid_text_with_accents_and_emoji_passes(logged_in, concept, criteria_set):
    data = complete_data(criteria_set, aanleiding="Zoë en José 😊 — één keer")
    response = submit(logged_in, concept, data)
    assert response.status_code in (200, 302)
    concept.refresh_from_db()
    assert concept.aanleiding == "Zoë en José 😊 — één keer"
