"""The BSN elfproef holds on every path that stores a betrokkene, not only on the registration page."""

import pytest
from django.core.exceptions import ValidationError

from intake.models import Betrokkene
from intake.services.registration import RowInput, registration_save
from intake.tests.factories import BetrokkeneFactory, CasusFactory

pytestmark = pytest.mark.django_db

VALID = "999990019"  # an elfproef-valid test number
INVALID = "123456789"  # nine digits, fails the elfproef


def test_a_valid_bsn_is_stored():
    betrokkene = BetrokkeneFactory(bsn=VALID)
    assert Betrokkene.objects.get(pk=betrokkene.pk).bsn == VALID


@pytest.mark.parametrize("bsn", [INVALID, "12345678", "abcdefghi"])
def test_saving_a_betrokkene_with_an_invalid_bsn_is_refused(bsn):
    casus = CasusFactory()
    with pytest.raises(ValidationError, match="elfproef"):
        Betrokkene.objects.create(casus=casus, first_names="Jan", surname="Jansen", bsn=bsn)
    assert not Betrokkene.objects.exists()


def test_the_registration_service_cannot_store_an_invalid_bsn():
    casus = CasusFactory()
    row = RowInput(key="nieuw", pk=None, values={"first_names": "Jan", "surname": "Jansen", "bsn": INVALID})
    with pytest.raises(ValidationError, match="elfproef"):
        registration_save(casus=casus, by=casus.melder, betrokkenen=[row])
    assert not casus.betrokkenen.exists()


def test_a_model_form_such_as_beheer_reports_the_elfproef_error():
    """Model forms (Beheer's among them) run the field's validators through full_clean."""
    betrokkene = BetrokkeneFactory(bsn=VALID)
    betrokkene.bsn = INVALID
    with pytest.raises(ValidationError) as excinfo:
        betrokkene.full_clean()
    assert excinfo.value.message_dict == {"bsn": ["Dit BSN klopt niet: 9 cijfers die voldoen aan de elfproef."]}
    assert Betrokkene.objects.get(pk=betrokkene.pk).bsn == VALID


def test_a_refused_bsn_does_not_stop_the_decryption_of_others():
    stored = BetrokkeneFactory(bsn=VALID)
    refused = BetrokkeneFactory(bsn=VALID)
    refused.bsn = INVALID
    with pytest.raises(ValidationError):
        refused.full_clean()
    assert Betrokkene.objects.get(pk=stored.pk).bsn == VALID
