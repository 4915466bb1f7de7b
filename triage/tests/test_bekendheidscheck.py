"""The bekendheidscheck: due dates, the services' rules, and what partners and chairs see.

The privacy promise is tested through the real pages: a partner sees only its own
organisation's requests, and of each only the identifying data (name, date of birth, BSN,
address), never the registration's texts, the melder or another partner's answer.
"""

import datetime
import re

import pytest
from django.core import mail as django_mail
from django.urls import reverse

from intake.constants import CasusStatus
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.constants import OrganisationKind as K
from participants.tests.factories import OrganisationFactory, UserFactory
from triage.constants import CheckAnswer, IncidentalGround
from triage.models import Bekendheidscheck
from triage.services.verrijking import (
    bekendheidscheck_add_incidental,
    bekendheidscheck_answer,
    bekendheidscheck_provide_info,
    bekendheidscheck_request_all,
    bekendheidscheck_request_info,
)
from triage.verrijking_dates import (
    add_working_days,
    answer_due_at,
    info_due_at,
    is_working_day,
    reminder_horizon,
)
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError
from zvh.mail.models import OutgoingMail

D = datetime.date


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TIMEZONE)


# --- due dates (pure) ----------------------------------------------------------------------------


def test_answer_is_due_monday_noon_before_a_thursday_triage():
    # Friday 10:00; two working days would be Tuesday 17:00, the cap is Monday 12:00.
    assert answer_due_at(at(2026, 12, 4, 10, 0), D(2026, 12, 10)) == at(2026, 12, 7, 12, 0)


def test_answer_gets_two_working_days_when_the_triage_is_far_enough_ahead():
    # Thursday 16:30 after the cutoff: triage two weeks later; Friday and Monday are the two days.
    assert answer_due_at(at(2026, 12, 3, 16, 30), D(2026, 12, 17)) == at(2026, 12, 7, 17, 0)


def test_weekend_requests_count_from_monday():
    assert answer_due_at(at(2026, 12, 5, 11, 0), None) == at(2026, 12, 8, 17, 0)


def test_information_is_due_tuesday_noon_before_the_triage():
    # Asked Monday 14:00: two working days is Wednesday 17:00, the cap Tuesday 12:00.
    assert info_due_at(at(2026, 12, 7, 14, 0), D(2026, 12, 10)) == at(2026, 12, 8, 12, 0)


def test_information_asked_early_gets_two_working_days():
    assert info_due_at(at(2026, 12, 4, 9, 0), D(2026, 12, 17)) == at(2026, 12, 8, 17, 0)


def test_a_cap_already_past_is_ignored_rather_than_giving_a_due_date_in_the_past():
    # Accepted on Tuesday for Thursday's triage: Monday noon is gone; two working days apply.
    assert answer_due_at(at(2026, 12, 8, 10, 0), D(2026, 12, 10)) == at(2026, 12, 10, 17, 0)


def test_easter_moves_the_cap_to_the_thursday_before_easter():
    # Triage Thursday 9 April 2026: Wed 8 and Tue 7 count, Easter Monday and Good Friday do not.
    assert answer_due_at(at(2026, 3, 30, 9, 0), D(2026, 4, 9)) == at(2026, 4, 1, 17, 0)
    assert answer_due_at(at(2026, 4, 1, 18, 0), D(2026, 4, 9)) == at(2026, 4, 2, 12, 0)
    assert info_due_at(at(2026, 4, 2, 15, 0), D(2026, 4, 9)) == at(2026, 4, 7, 12, 0)


def test_kings_day_on_a_monday_moves_the_answer_cap_to_the_friday_before():
    assert answer_due_at(at(2026, 4, 23, 16, 30), D(2026, 4, 30)) == at(2026, 4, 24, 12, 0)


def test_due_dates_keep_local_noon_across_the_october_dst_change():
    due = answer_due_at(at(2026, 10, 23, 10, 0), D(2026, 10, 29))
    assert due == at(2026, 10, 26, 12, 0)
    assert due.utcoffset() == datetime.timedelta(hours=1)  # CET after Sunday 25 October


def test_working_days_skip_weekends_and_holidays():
    assert not is_working_day(D(2026, 12, 25))  # Christmas, a Friday
    assert not is_working_day(D(2026, 12, 26))
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    assert is_working_day(D(2027, 5, 5))  # Liberation Day outside a lustrum year (holidays.NL)


def test_reminder_horizon_is_the_end_of_the_next_working_day():
    assert reminder_horizon(at(2026, 12, 4, 8, 0)) == at(2026, 12, 8, 0, 0)  # Friday: all of Monday
    assert reminder_horizon(at(2027, 5, 5, 8, 0)) == at(2027, 5, 8, 0, 0)  # Ascension Day skipped


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        answer_due_at(datetime.datetime(2026, 12, 4, 10, 0), D(2026, 12, 10))


# --- the world -----------------------------------------------------------------------------------

SECRET_AANLEIDING = "Aanleidingtekst-Vertrouwelijk over de trap bij Kwetsbaarhuis"
SECRET_CONCERNS = "Zorgentekst-Vertrouwelijk over schulden"
MELDER_SURNAME = "Meldersma-Onzichtbaar"
PERSON = {
    "first_names": "Wilhelmina",
    "surname_prefix": "van der",
    "surname": "Opzoekbaar",
    "bsn": "123456782",
    "date_of_birth": D(1979, 6, 15),
    "street_address": "Zoekstraat 12",
    "postal_code": "3511 AB",
    "city": "Utrecht",
}
POLITIE_INFO = "Politie-informatie-Vertrouwelijk: drie meldingen overlast"


@pytest.fixture
def orgs(db):
    return {
        "zvh": OrganisationFactory(name="Zorg- en Veiligheidshuis", kind=K.ZVH, email="zvh@zvh.example"),
        "politie": OrganisationFactory(name="Politie Midden", kind=K.POLITIE, email="bekendheid@politie.example"),
        "ggz": OrganisationFactory(name="GGZ Centraal", kind=K.GGZ, email="bekendheid@ggz.example"),
        "gemeente": OrganisationFactory(name="Gemeente Utrecht", kind=K.GEMEENTE),  # no functional address
        "om": OrganisationFactory(name="Openbaar Ministerie", kind=K.OM, email="om@om.example"),
        "vt": OrganisationFactory(name="Veilig Thuis", kind=K.VEILIG_THUIS, email="vt@vt.example"),
        "rn": OrganisationFactory(name="Reclassering", kind=K.RECLASSERING, email="rn@rn.example"),
        "oud": OrganisationFactory(name="Oude GGZ", kind=K.GGZ, is_active=False, email="oud@ggz.example"),
        "woning": OrganisationFactory(name="Woonstichting", kind=K.UWV_SVB_WONING, email="woon@woon.example"),
        "huisarts": OrganisationFactory(name="Huisartsenpraktijk", kind=K.ZORGAANBIEDER),
    }


FIXED = ["politie", "ggz", "gemeente", "om", "vt", "rn"]


@pytest.fixture
def chair(orgs):
    return UserFactory(voorzitter=True, organisation=orgs["zvh"])


@pytest.fixture
def partner_politie(orgs):
    return UserFactory(ketenpartner=True, organisation=orgs["politie"])


@pytest.fixture
def partner_ggz(orgs):
    return UserFactory(ketenpartner=True, organisation=orgs["ggz"])


@pytest.fixture
def casus(orgs):
    melder = UserFactory(melder=True, organisation=orgs["huisarts"], last_name=MELDER_SURNAME)
    casus = CasusFactory(
        melder=melder,
        submitted=True,
        status=CasusStatus.IN_VERRIJKING,
        aanleiding=SECRET_AANLEIDING,
        concerns=SECRET_CONCERNS,
    )
    BetrokkeneFactory(casus=casus, relation="Hoofdbetrokkene-Rol", **PERSON)
    return casus


@pytest.fixture
def checks(casus, chair):
    return {c.organisation.name: c for c in bekendheidscheck_request_all(casus=casus, by=chair)}


def check_of(casus, org) -> Bekendheidscheck:
    return Bekendheidscheck.objects.get(casus=casus, organisation=org)


# --- requesting ----------------------------------------------------------------------------------


def test_every_active_fixed_partner_but_the_zvh_gets_one_request(casus, chair, orgs):
    result = bekendheidscheck_request_all(casus=casus, by=chair, now=at(2026, 12, 4, 10, 0))
    assert sorted(c.organisation_id for c in result) == sorted(orgs[key].pk for key in FIXED)
    assert Bekendheidscheck.objects.filter(casus=casus).count() == len(FIXED)
    for check in result:
        assert check.answer == CheckAnswer.OPEN
        assert not check.is_incidental
        assert check.requested_by == chair
        # The case aims at Thursday 10 December 2026: the answer is due Monday noon.
        assert check.due_at == at(2026, 12, 7, 12, 0)
    audit = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="triage.bekendheidscheck")
    assert audit.count() == len(FIXED)
    assert {event.case_reference for event in audit} == {casus.reference}


def test_each_partner_with_an_address_gets_one_mail_without_personal_data(
    casus, chair, orgs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        checks = bekendheidscheck_request_all(casus=casus, by=chair, now=at(2026, 12, 4, 10, 0))
    recipients = sorted(address for message in django_mail.outbox for address in message.to)
    assert recipients == sorted(orgs[key].email for key in FIXED if orgs[key].email)
    politie = next(c for c in checks if c.organisation == orgs["politie"])
    assert OutgoingMail.objects.filter(key=f"bekendheidscheck:{politie.pk}").exists()
    for message in django_mail.outbox:
        assert casus.reference in message.subject
        assert "maandag 7 december 2026 om 12:00" in message.body
        assert "/triage/bekendheidschecks/" in message.body
        for secret in (PERSON["surname"], PERSON["bsn"], PERSON["street_address"], SECRET_AANLEIDING, MELDER_SURNAME):
            assert secret not in message.body
            assert secret not in message.subject


def test_requesting_again_keeps_the_requests_and_sends_nothing_twice(
    casus, chair, orgs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = bekendheidscheck_request_all(casus=casus, by=chair)
    sent = len(django_mail.outbox)
    newcomer = OrganisationFactory(name="Tweede gemeente", kind=K.GEMEENTE, email="g2@gemeente.example")
    with django_capture_on_commit_callbacks(execute=True):
        second = bekendheidscheck_request_all(casus=casus, by=chair)
    assert {c.pk for c in first} < {c.pk for c in second}
    assert Bekendheidscheck.objects.filter(casus=casus).count() == len(FIXED) + 1
    # Only the newcomer is mailed.
    assert [m.to for m in django_mail.outbox[sent:]] == [[newcomer.email]]


def test_only_a_chair_and_only_in_verrijking(casus, chair, partner_politie):
    with pytest.raises(ServiceError):
        bekendheidscheck_request_all(casus=casus, by=partner_politie)
    casus.status = CasusStatus.AANGEMELD
    casus.save()
    with pytest.raises(ServiceError, match="niet \\(meer\\) in verrijking"):
        bekendheidscheck_request_all(casus=casus, by=chair)
    assert not Bekendheidscheck.objects.exists()


# --- answering and information -------------------------------------------------------------------


def test_the_partner_answers_once(casus, checks, partner_politie, orgs):
    check = check_of(casus, orgs["politie"])
    bekendheidscheck_answer(check=check, by=partner_politie, known=True)
    check.refresh_from_db()
    assert check.answer == CheckAnswer.BEKEND
    assert check.answered_by == partner_politie
    assert check.answered_at is not None
    with pytest.raises(ServiceError, match="al beantwoord"):
        bekendheidscheck_answer(check=check, by=partner_politie, known=False)
    check.refresh_from_db()
    assert check.answer == CheckAnswer.BEKEND


def test_a_partner_cannot_answer_for_another_organisation(casus, checks, partner_ggz, orgs):
    check = check_of(casus, orgs["politie"])
    with pytest.raises(ServiceError):
        bekendheidscheck_answer(check=check, by=partner_ggz, known=True)
    check.refresh_from_db()
    assert check.answer == CheckAnswer.OPEN


def test_no_answer_after_the_case_left_verrijking(casus, checks, partner_politie, orgs):
    casus.status = CasusStatus.BESPROKEN_GEEN_PGA
    casus.save()
    with pytest.raises(ServiceError, match="triage over deze casus is al geweest"):
        bekendheidscheck_answer(check=check_of(casus, orgs["politie"]), by=partner_politie, known=True)


@pytest.mark.parametrize("known", [None, False])
def test_information_can_only_be_asked_where_the_partner_knows_the_person(
    casus, checks, chair, partner_politie, orgs, known
):
    check = check_of(casus, orgs["politie"])
    if known is not None:
        bekendheidscheck_answer(check=check, by=partner_politie, known=known)
    with pytest.raises(ServiceError, match="alleen bij een partner die de persoon kent"):
        bekendheidscheck_request_info(check=check, by=chair, question="Wat weet u?")
    check.refresh_from_db()
    assert check.info_requested_at is None


def test_the_chair_asks_information_once_and_the_mail_holds_no_question(
    casus, checks, chair, partner_politie, orgs, django_capture_on_commit_callbacks
):
    check = check_of(casus, orgs["politie"])
    bekendheidscheck_answer(check=check, by=partner_politie, known=True)
    question = f"Zijn er meldingen over {PERSON['surname']}?"
    with django_capture_on_commit_callbacks(execute=True):
        bekendheidscheck_request_info(check=check, by=chair, question=question, now=at(2026, 12, 7, 14, 0))
    check.refresh_from_db()
    assert check.info_question == question
    assert check.info_requested_at == at(2026, 12, 7, 14, 0)
    assert check.info_due_at == at(2026, 12, 8, 12, 0)  # Tuesday noon before Thursday 10 December
    [sent] = django_mail.outbox
    assert sent.to == [orgs["politie"].email]
    assert "dinsdag 8 december 2026 om 12:00" in sent.body
    assert PERSON["surname"] not in sent.body
    assert OutgoingMail.objects.filter(key=f"bekendheidscheck-informatie:{check.pk}").exists()
    with pytest.raises(ServiceError, match="al om informatie gevraagd"):
        bekendheidscheck_request_info(check=check, by=chair, question="Nog een vraag")
    with pytest.raises(ServiceError):
        bekendheidscheck_request_info(check=check, by=partner_politie, question="Zelf gevraagd")


def test_the_partner_gives_the_information_with_a_contact_once(casus, checks, chair, partner_politie, orgs):
    check = check_of(casus, orgs["politie"])
    bekendheidscheck_answer(check=check, by=partner_politie, known=True)
    with pytest.raises(ServiceError, match="niet om informatie gevraagd"):
        bekendheidscheck_provide_info(check=check, by=partner_politie, text=POLITIE_INFO, contact="Agent X")
    bekendheidscheck_request_info(check=check, by=chair, question="Wat weet u?")
    with pytest.raises(ServiceError, match="wie de voorzitter"):
        bekendheidscheck_provide_info(check=check, by=partner_politie, text=POLITIE_INFO, contact="  ")
    bekendheidscheck_provide_info(check=check, by=partner_politie, text=POLITIE_INFO, contact="Agent X, 0612345678")
    check.refresh_from_db()
    assert (check.info_text, check.info_contact, check.info_provided_by) == (
        POLITIE_INFO,
        "Agent X, 0612345678",
        partner_politie,
    )
    with pytest.raises(ServiceError, match="al gegeven"):
        bekendheidscheck_provide_info(check=check, by=partner_politie, text="Anders", contact="Y")


def test_an_incidental_partner_needs_a_ground_and_an_explanation(casus, chair, orgs):
    woning = orgs["woning"]
    with pytest.raises(ServiceError, match="Licht toe"):
        bekendheidscheck_add_incidental(
            casus=casus, by=chair, organisation=woning, ground=IncidentalGround.EXPERTISE, explanation=" "
        )
    with pytest.raises(ServiceError, match="grondslag"):
        bekendheidscheck_add_incidental(casus=casus, by=chair, organisation=woning, ground="", explanation="Huur")
    with pytest.raises(ServiceError, match="geen vaste partner"):
        bekendheidscheck_add_incidental(
            casus=casus, by=chair, organisation=orgs["politie"], ground=IncidentalGround.EXPERTISE, explanation="X"
        )
    check = bekendheidscheck_add_incidental(
        casus=casus,
        by=chair,
        organisation=woning,
        ground=IncidentalGround.WETTELIJKE_TAAK,
        explanation="Huurachterstand en dreigende ontruiming",
    )
    assert check.is_incidental
    assert check.ground == IncidentalGround.WETTELIJKE_TAAK
    assert check.ground_explanation == "Huurachterstand en dreigende ontruiming"
    with pytest.raises(ServiceError, match="al gevraagd"):
        bekendheidscheck_add_incidental(
            casus=casus, by=chair, organisation=woning, ground=IncidentalGround.EXPERTISE, explanation="Nogmaals"
        )


# --- the partner's pages -------------------------------------------------------------------------

QUEUE = reverse("triage:bekendheidschecks")


def page_url(check) -> str:
    return reverse("triage:bekendheidscheck", kwargs={"pk": check.pk})


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def politie_answered_with_info(casus, checks, chair, partner_politie, orgs):
    """Politie knew the person and told the chair something; GGZ has not answered yet."""
    check = check_of(casus, orgs["politie"])
    bekendheidscheck_answer(check=check, by=partner_politie, known=True)
    bekendheidscheck_request_info(check=check, by=chair, question="Vraag-aan-politie-Vertrouwelijk")
    bekendheidscheck_provide_info(check=check, by=partner_politie, text=POLITIE_INFO, contact="Agent X")
    return check


NEVER_ON_PARTNER_PAGES = (SECRET_AANLEIDING, SECRET_CONCERNS, MELDER_SURNAME, "Hoofdbetrokkene-Rol")


def test_partner_sees_only_identifying_data_and_nothing_of_the_registration(
    client, casus, politie_answered_with_info, partner_ggz, orgs
):
    client.force_login(partner_ggz)
    queue = body(client.get(QUEUE))
    detail = body(client.get(page_url(check_of(casus, orgs["ggz"]))))
    assert casus.reference in queue
    assert "Wilhelmina van der Opzoekbaar" in queue
    assert "15-6-1979" in queue
    for expected in ("Wilhelmina van der Opzoekbaar", "15 juni 1979", "123456782", "Zoekstraat 12, 3511 AB Utrecht"):
        assert expected in detail
    for page in (queue, detail):
        for secret in NEVER_ON_PARTNER_PAGES:
            assert secret not in page
        # Nothing of another partner: not its answer, question, information or name.
        for other in (POLITIE_INFO, "Vraag-aan-politie-Vertrouwelijk", "Agent X", orgs["politie"].name):
            assert other not in page


def test_after_answering_niet_bekend_the_partner_no_longer_sees_who_it_was_about(
    client, casus, checks, partner_ggz, orgs
):
    check = check_of(casus, orgs["ggz"])
    bekendheidscheck_answer(check=check, by=partner_ggz, known=False)
    client.force_login(partner_ggz)
    queue = body(client.get(QUEUE))
    detail = body(client.get(page_url(check)))
    assert casus.reference in queue and casus.reference in detail
    for page in (queue, detail):
        for identifying in ("Wilhelmina van der Opzoekbaar", "123456782", "Zoekstraat 12"):
            assert identifying not in page
    assert "toont het ZVH de gegevens van de persoon niet meer" in detail


def test_partner_queue_lists_only_the_own_organisations_requests(client, casus, checks, partner_ggz, orgs, chair):
    other_casus = CasusFactory(submitted=True, status=CasusStatus.IN_VERRIJKING)
    BetrokkeneFactory(casus=other_casus, first_names="Alleen", surname="Voorpolitie")
    Bekendheidscheck.objects.create(
        casus=other_casus, organisation=orgs["politie"], requested_by=chair, due_at=at(2026, 12, 7, 12, 0)
    )
    client.force_login(partner_ggz)
    response = client.get(QUEUE)
    assert [r.pk for r in response.context["requests"]] == [check_of(casus, orgs["ggz"]).pk]
    assert other_casus.reference not in body(response)
    assert "Voorpolitie" not in body(response)


def test_requests_waiting_for_the_partner_come_first(client, orgs, chair, partner_ggz):
    answered, waiting_later, waiting_sooner = (
        Bekendheidscheck.objects.create(
            casus=CasusFactory(submitted=True, status=CasusStatus.IN_VERRIJKING),
            organisation=orgs["ggz"],
            requested_by=chair,
            due_at=due_at,
        )
        for due_at in (at(2026, 12, 1, 12, 0), at(2026, 12, 9, 12, 0), at(2026, 12, 8, 12, 0))
    )
    bekendheidscheck_answer(check=answered, by=partner_ggz, known=False)
    client.force_login(partner_ggz)
    requests = client.get(QUEUE).context["requests"]
    assert [r.pk for r in requests] == [waiting_sooner.pk, waiting_later.pk, answered.pk]
    assert [r.needs_action for r in requests] == [True, True, False]


def test_another_organisations_request_is_404_and_the_attempt_is_logged(client, casus, checks, partner_ggz, orgs):
    client.force_login(partner_ggz)
    politie_check = check_of(casus, orgs["politie"])
    for url in (page_url(politie_check), reverse("triage:bekendheidscheck_info", kwargs={"pk": politie_check.pk})):
        assert client.get(url).status_code == 404
    response = client.post(page_url(politie_check), {"known": "bekend"})
    assert response.status_code == 404
    assert PERSON["surname"] not in body(response)
    politie_check.refresh_from_db()
    assert politie_check.answer == CheckAnswer.OPEN
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, detail__object=f"triage.bekendheidscheck:{politie_check.pk}"
    ).exists()
    assert client.get(reverse("triage:bekendheidscheck", kwargs={"pk": 999999})).status_code == 404


def test_a_request_disappears_once_the_case_was_discussed(client, casus, checks, partner_ggz, orgs):
    casus.status = CasusStatus.PGA
    casus.save()
    client.force_login(partner_ggz)
    assert list(client.get(QUEUE).context["requests"]) == []
    assert client.get(page_url(check_of(casus, orgs["ggz"]))).status_code == 404


def test_viewing_a_request_is_audited_with_the_check_and_the_reference_only(
    client, casus, checks, partner_ggz, orgs
):
    check = check_of(casus, orgs["ggz"])
    client.force_login(partner_ggz)
    client.get(page_url(check))
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert (event.object_type, event.object_id, event.case_reference) == (
        "triage.bekendheidscheck",
        str(check.pk),
        casus.reference,
    )
    assert event.user == partner_ggz
    assert PERSON["surname"] not in str(event.detail)
    assert AuditEvent.objects.filter(action=AuditAction.LIST, detail__pagina="bekendheidschecks").count() == 0
    client.get(QUEUE)
    assert AuditEvent.objects.filter(action=AuditAction.LIST, detail__pagina="bekendheidschecks").count() == 1


def test_other_roles_do_not_get_the_partner_pages(client, casus, checks, chair, orgs):
    client.force_login(chair)
    assert client.get(QUEUE).status_code == 403
    assert client.get(page_url(check_of(casus, orgs["ggz"]))).status_code == 403


def test_partner_answers_bekend_on_the_page_and_cannot_answer_twice(client, casus, checks, partner_ggz, orgs):
    check = check_of(casus, orgs["ggz"])
    client.force_login(partner_ggz)
    page = body(client.get(page_url(check)))
    assert "<legend" in page and "Is (een van) de betrokkene(n) bij uw organisatie bekend?" in page

    response = client.post(page_url(check), {"known": "bekend"}, follow=True)
    assert "Dank u, uw antwoord is doorgegeven aan het ZVH." in body(response)
    assert "Antwoord versturen" not in body(response)
    assert "Bekend (doorgegeven op" in body(response)
    check.refresh_from_db()
    assert check.answer == CheckAnswer.BEKEND

    again = client.post(page_url(check), {"known": "niet_bekend"})
    assert again.status_code == 200
    assert "Deze bekendheidscheck is al beantwoord." in body(again)
    check.refresh_from_db()
    assert check.answer == CheckAnswer.BEKEND


def test_answering_without_a_choice_gives_a_dutch_error_at_the_field(client, casus, checks, partner_ggz, orgs):
    client.force_login(partner_ggz)
    response = client.post(page_url(check_of(casus, orgs["ggz"])), {})
    assert response.status_code == 200
    text = body(response)
    assert "Kies &#x27;bekend&#x27; of &#x27;niet bekend&#x27;." in text
    assert re.search(r'<fieldset aria-describedby="[^"]*id_known_error', text)


def test_partner_gives_information_on_the_page_and_keeps_the_text_on_an_error(
    client, casus, checks, chair, partner_ggz, orgs
):
    check = check_of(casus, orgs["ggz"])
    bekendheidscheck_answer(check=check, by=partner_ggz, known=True)
    bekendheidscheck_request_info(check=check, by=chair, question="Is er een behandelaar?")
    client.force_login(partner_ggz)
    page = body(client.get(page_url(check)))
    assert "Is er een behandelaar?" in page
    info_url = reverse("triage:bekendheidscheck_info", kwargs={"pk": check.pk})
    assert f'action="{info_url}"' in page

    response = client.post(info_url, {"text": "In behandeling sinds 2024", "contact": ""})
    assert response.status_code == 200
    assert "In behandeling sinds 2024" in body(response)
    assert "Vul in wie de voorzitter over deze informatie kan bellen of mailen." in body(response)

    response = client.post(info_url, {"text": "In behandeling sinds 2024", "contact": "Dr. Jansen"}, follow=True)
    assert "Dank u, de informatie is doorgegeven aan het ZVH." in body(response)
    assert "Informatie versturen" not in body(response)
    assert "Antwoord versturen" not in body(response)
    check.refresh_from_db()
    assert (check.info_text, check.info_contact) == ("In behandeling sinds 2024", "Dr. Jansen")


def test_overdue_requests_are_marked_in_words_not_only_in_colour(client, casus, checks, partner_ggz, orgs):
    Bekendheidscheck.objects.filter(casus=casus).update(due_at=at(2020, 1, 6, 12, 0))
    client.force_login(partner_ggz)
    assert "Te laat" in body(client.get(QUEUE))
    assert "Te laat" in body(client.get(page_url(check_of(casus, orgs["ggz"]))))


# Session, user and groups, the count and the page, one prefetch, the audit append: at most 12
# whatever the number of rows (one query per row would add 25).
MAX_QUERIES = 12


@pytest.mark.parametrize("rows", [3, 30])
def test_partner_queue_queries_do_not_grow_with_rows(
    client, orgs, chair, partner_ggz, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        casus = CasusFactory(submitted=True, status=CasusStatus.IN_VERRIJKING)
        BetrokkeneFactory.create_batch(2, casus=casus)
        Bekendheidscheck.objects.create(
            casus=casus, organisation=orgs["ggz"], requested_by=chair, due_at=at(2026, 12, 7, 12, 0)
        )
    client.force_login(partner_ggz)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(QUEUE)
    assert len(response.context["requests"]) == min(rows, 25)
    assert body(response).count("Jansen") == 2 * min(rows, 25)


# --- the chair's pages ---------------------------------------------------------------------------


def verrijking_url(casus) -> str:
    return reverse("triage:verrijking", kwargs={"casus_id": casus.pk})


def test_chair_sees_who_answered_who_is_late_and_the_information(
    client, casus, politie_answered_with_info, chair, partner_ggz, orgs
):
    bekendheidscheck_answer(check=check_of(casus, orgs["ggz"]), by=partner_ggz, known=True)
    Bekendheidscheck.objects.filter(casus=casus, organisation=orgs["om"]).update(due_at=at(2020, 1, 6, 12, 0))
    client.force_login(chair)
    response = client.get(verrijking_url(casus))
    text = body(response)
    assert "2 van de 6 partners hebben geantwoord" in text
    assert "1 te laat" in text
    rows = {re.sub(r"\s+", " ", row) for row in re.findall(r"<tr.*?</tr>", text, flags=re.S)}
    om_row = next(row for row in rows if "Openbaar Ministerie" in row)
    assert "Te laat" in om_row and "table-danger" in om_row
    assert POLITIE_INFO in text and "Agent X" in text
    # Information can be asked only of GGZ: it knows the person and was not asked yet.
    assert text.count("Informatie vragen<span") == 1
    ggz_row = next(row for row in rows if "GGZ Centraal" in row)
    assert reverse("triage:verrijking_request_info", args=[casus.pk, check_of(casus, orgs["ggz"]).pk]) in ggz_row
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="intake.casus", object_id=str(casus.pk)
    ).exists()


def test_partners_and_melders_do_not_get_the_chairs_page(client, casus, checks, partner_politie):
    client.force_login(partner_politie)
    assert client.get(verrijking_url(casus)).status_code == 403
    client.force_login(casus.melder)
    assert client.get(verrijking_url(casus)).status_code == 403


def test_chair_asks_information_through_the_page(client, casus, checks, chair, partner_ggz, orgs):
    check = check_of(casus, orgs["ggz"])
    url = reverse("triage:verrijking_request_info", args=[casus.pk, check.pk])
    client.force_login(chair)
    # Not yet "bekend": back to the verrijking page with the reason.
    refused = client.get(url, follow=True)
    assert refused.redirect_chain[-1][0] == verrijking_url(casus)
    assert "alleen bij een partner die de persoon kent" in body(refused)

    bekendheidscheck_answer(check=check, by=partner_ggz, known=True)
    empty = client.post(url, {"question": ""})
    assert "Vul in welke informatie u van deze partner nodig heeft." in body(empty)
    done = client.post(url, {"question": "Is er een behandelaar?"})
    assert done.status_code == 302 and done["Location"] == verrijking_url(casus)
    check.refresh_from_db()
    assert check.info_question == "Is er een behandelaar?"
    # A check of another case under this case's URL is 404.
    other = CasusFactory(submitted=True, status=CasusStatus.IN_VERRIJKING)
    assert client.get(reverse("triage:verrijking_request_info", args=[other.pk, check.pk])).status_code == 404


def test_chair_adds_an_incidental_partner_with_a_ground(client, casus, checks, chair, orgs):
    url = reverse("triage:verrijking_add_incidental", args=[casus.pk])
    client.force_login(chair)
    page = body(client.get(url))
    assert "Woonstichting" in page
    assert "Politie Midden" not in page  # fixed partners are asked already
    assert "<legend" in page and "Grondslag" in page

    response = client.post(url, {"organisation": orgs["woning"].pk, "ground": IncidentalGround.EXPERTISE})
    assert response.status_code == 200
    assert "Licht toe waarom deze partner nodig is." in body(response)
    assert f'value="{orgs["woning"].pk}" selected' in body(response)

    response = client.post(
        url,
        {"organisation": orgs["woning"].pk, "ground": IncidentalGround.EXPERTISE, "explanation": "Huurachterstand"},
    )
    assert response.status_code == 302
    check = check_of(casus, orgs["woning"])
    assert check.is_incidental and check.ground == IncidentalGround.EXPERTISE
    text = body(client.get(verrijking_url(casus)))
    assert "Incidentele partner: Noodzakelijke expertise. Huurachterstand" in text


def test_after_the_triage_the_partners_information_is_gone_for_the_chair(
    client, casus, politie_answered_with_info, chair
):
    """Need-to-know: the information served the triage; after the decision the page is gone."""
    casus.status = CasusStatus.BESPROKEN_GEEN_PGA
    casus.save()
    client.force_login(chair)
    response = client.get(verrijking_url(casus))
    assert response.status_code == 404
    assert POLITIE_INFO not in body(response)


def test_chairs_verrijking_list_counts_per_case_without_growing_queries(
    client, orgs, chair, partner_ggz, django_assert_max_num_queries
):
    melder = UserFactory(melder=True, organisation=orgs["huisarts"])  # not a fixed partner itself
    cases = []
    for _ in range(12):
        casus = CasusFactory(melder=melder, submitted=True, status=CasusStatus.IN_VERRIJKING)
        BetrokkeneFactory(casus=casus)
        bekendheidscheck_request_all(casus=casus, by=chair)
        cases.append(casus)
    bekendheidscheck_answer(check=check_of(cases[0], orgs["ggz"]), by=partner_ggz, known=True)
    Bekendheidscheck.objects.filter(casus=cases[1], organisation=orgs["om"]).update(due_at=at(2020, 1, 6, 12, 0))
    client.force_login(chair)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("triage:verrijking_list"))
    rows = {c.pk: c for c in response.context["cases"]}
    assert len(rows) == 12
    assert (rows[cases[0].pk].checks_total, rows[cases[0].pk].checks_open) == (6, 5)
    assert rows[cases[0].pk].checks_known == 1
    assert rows[cases[1].pk].checks_late == 1
    assert "1 te laat" in body(response)


def test_a_partner_of_an_organisation_set_inactive_opens_none_of_its_requests(
    client, casus, checks, partner_politie, orgs
):
    """Inactive means no access: not the list, not a request with the person's BSN, not an answer."""
    politie_check = check_of(casus, orgs["politie"])
    client.force_login(partner_politie)
    assert client.get(page_url(politie_check)).status_code == 200  # while the organisation takes part

    orgs["politie"].is_active = False
    orgs["politie"].save(update_fields=["is_active"])
    client.force_login(partner_politie)  # a fresh request: the roles are read anew

    assert client.get(QUEUE).status_code == 403
    response = client.get(page_url(politie_check))
    assert response.status_code in (403, 404)
    assert PERSON["surname"] not in body(response)
    assert client.post(page_url(politie_check), {"known": "bekend"}).status_code in (403, 404)
    politie_check.refresh_from_db()
    assert politie_check.answer == CheckAnswer.OPEN
