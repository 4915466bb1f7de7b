"""The ontvangstbevestiging: one mail to the melder on submission, with reference and dates only."""

import datetime

import pytest
from django.core import mail as django_mail
from django.db import transaction

from intake.services import casus_submit
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.tests.factories import MunicipalityFactory, UserFactory
from zvh.calendar.scheduling import TIMEZONE
from zvh.mail.constants import MailStatus
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

# Thursday 3 December 2026, one minute before the cutoff: triage on Thursday 10 December.
SUBMITTED = datetime.datetime(2026, 12, 3, 15, 59, tzinfo=TIMEZONE)
# Values that must never leave the system by mail.
PERSONAL = {
    "first_names": "Wilhelmina Zeldzaam",
    "surname_prefix": "van der",
    "surname": "Onvindbaarsma",
    "bsn": "123456782",
    "street_address": "Geheimgracht 77",
    "postal_code": "3511 ZZ",
    "city": "Verstopstad",
}
AANLEIDING = "Buurtbewoners melden dagelijks geluidsoverlast bij Kwetsbaarhuis"


@pytest.fixture
def concept():
    melder = UserFactory(melder=True, email="melder@politie.example")
    casus = CasusFactory(melder=melder, aanleiding=AANLEIDING)
    BetrokkeneFactory(casus=casus, municipality=MunicipalityFactory(name="Stichtse Vecht Test"), **PERSONAL)
    BetrokkeneFactory(casus=casus, first_names="Tweede Persoon", surname="Huisgenootsma")
    return casus


def submit(casus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        casus_submit(casus=casus, by=casus.melder, now=SUBMITTED)
    casus.refresh_from_db()
    return casus


def test_submitting_sends_one_receipt_with_reference_dates_and_link(concept, django_capture_on_commit_callbacks):
    casus = submit(concept, django_capture_on_commit_callbacks)

    [sent] = django_mail.outbox
    assert sent.to == ["melder@politie.example"]
    assert sent.subject == f"Ontvangstbevestiging aanmelding {casus.reference}"
    assert casus.reference in sent.body
    assert "donderdag 3 december 2026 om 15:59 uur" in sent.body
    assert "donderdag 10 december 2026" in sent.body
    assert "aanwezig" in sent.body  # the melder must attend the triage
    assert f"http://127.0.0.1:8000/aanmeldingen/casus/{casus.pk}/" in sent.body

    outgoing = OutgoingMail.objects.get()
    assert outgoing.key == f"ontvangstbevestiging:{casus.pk}"
    assert outgoing.case_reference == casus.reference
    assert outgoing.status == MailStatus.SENT


def test_the_receipt_holds_no_personal_data_of_the_betrokkenen(concept, django_capture_on_commit_callbacks):
    submit(concept, django_capture_on_commit_callbacks)
    [sent] = django_mail.outbox
    text = f"{sent.subject}\n{sent.body}"
    forbidden = [
        *PERSONAL.values(),
        "Wilhelmina",
        "Onvindbaarsma",
        "Huisgenootsma",
        "Stichtse Vecht Test",
        "123456782",
        "Kwetsbaarhuis",
    ]
    assert [value for value in forbidden if value in text] == []


def test_links_use_the_configured_base_url(concept, settings, django_capture_on_commit_callbacks):
    settings.ZVH_BASE_URL = "https://zvh.example.nl/"
    casus = submit(concept, django_capture_on_commit_callbacks)
    assert f"https://zvh.example.nl/aanmeldingen/casus/{casus.pk}/" in django_mail.outbox[0].body


def test_a_submission_that_rolls_back_sends_no_receipt(concept, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                casus_submit(casus=concept, by=concept.melder, now=SUBMITTED)
                raise RuntimeError("something after the submission failed")
    assert django_mail.outbox == []
    assert OutgoingMail.objects.count() == 0


def test_a_melder_without_an_email_address_can_still_submit(concept, django_capture_on_commit_callbacks):
    concept.melder.email = ""
    concept.melder.save()
    casus = submit(concept, django_capture_on_commit_callbacks)
    assert casus.reference
    assert django_mail.outbox == []
