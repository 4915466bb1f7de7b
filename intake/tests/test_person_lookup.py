"""intake's part of a data-subject request: finding one person's rows and correcting one value.

The privacycontactpunt's pages (subject_requests) decide who may call these; here only what intake
promises: the BSN is found through its keyed hash in every organisation's cases (never in a deleted
one), and a correction keeps the hash in step and logs the field without the values.
"""

import datetime
import json

import pytest

from intake.constants import CasusStatus
from intake.models import Betrokkene
from intake.selectors import betrokkenen_named, betrokkenen_with_bsn
from intake.services.correction import betrokkene_correct
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.tests.factories import OrganisationFactory, UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db

BSN = "111222333"
BIRTH = datetime.date(1979, 5, 2)


def case_of(organisation_name: str, status=CasusStatus.AANGEMELD):
    melder = UserFactory(melder=True, organisation=OrganisationFactory(name=organisation_name))
    return CasusFactory(submitted=True, status=status, melder=melder)


def test_the_bsn_finds_the_person_in_every_organisations_cases_but_not_in_a_deleted_one():
    police = BetrokkeneFactory(casus=case_of("Politie"), surname="Visser", date_of_birth=BIRTH, bsn=BSN)
    municipality = BetrokkeneFactory(casus=case_of("Gemeente"), surname="Visser", date_of_birth=BIRTH, bsn=BSN)
    BetrokkeneFactory(casus=case_of("Gemeente"), surname="Visser", date_of_birth=BIRTH, bsn="123456782")
    BetrokkeneFactory(casus=CasusFactory(status=CasusStatus.VERWIJDERD), surname="Visser", bsn=BSN)
    assert set(betrokkenen_with_bsn(BSN)) == {police, municipality}


def test_surname_and_birth_date_ignore_case_and_the_first_name_narrows():
    petra = BetrokkeneFactory(
        casus=case_of("Politie"), first_names="Petra Johanna", surname="Visser", date_of_birth=BIRTH
    )
    BetrokkeneFactory(casus=case_of("Gemeente"), first_names="Kees", surname="Visser", date_of_birth=BIRTH)
    BetrokkeneFactory(
        casus=case_of("Gemeente"), first_names="Petra", surname="Visser", date_of_birth=datetime.date(1980, 1, 1)
    )
    assert len(betrokkenen_named(surname=" visser ", date_of_birth=BIRTH)) == 2
    assert list(betrokkenen_named(surname="VISSER", date_of_birth=BIRTH, first_names="petra")) == [petra]


def test_a_corrected_bsn_gets_its_new_hash_and_the_log_names_only_the_field():
    row = BetrokkeneFactory(casus=case_of("Politie"), bsn=BSN)
    by = UserFactory()
    betrokkene_correct(betrokkene=row, field="bsn", value="123456782", by=by, audit_detail={"verzoek": "AVG-00007"})
    assert list(betrokkenen_with_bsn("123456782")) == [row]
    assert list(betrokkenen_with_bsn(BSN)) == []
    entry = AuditEvent.objects.filter(action=AuditAction.UPDATE).get()
    assert entry.detail == {"veld": "bsn", "verzoek": "AVG-00007"}
    assert BSN not in json.dumps(entry.detail) and "123456782" not in json.dumps(entry.detail)


def test_an_invalid_value_is_refused_in_dutch_and_nothing_changes():
    row = BetrokkeneFactory(casus=case_of("Politie"), bsn=BSN, surname="Visser")
    with pytest.raises(ServiceError, match="Dit BSN klopt niet"):
        betrokkene_correct(betrokkene=row, field="bsn", value="123456789", by=UserFactory(), audit_detail={})
    with pytest.raises(ServiceError, match="Dit veld kan niet leeg zijn"):
        betrokkene_correct(betrokkene=row, field="surname", value="", by=UserFactory(), audit_detail={})
    assert Betrokkene.objects.get(pk=row.pk).bsn == BSN
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()
