"""One person (Petra Visser) in two organisations' cases, with her household beside her in one of them.

Built through the factories and services the other apps' tests use, so every row sits on a history
the services produce: a running PGA at the police (with a bekendheidscheck at the GGZ and a
casusoverleg), a "geen PGA" case at the municipality, and a withdrawn case at the municipality.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import Betrokkene, Casus
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.models import PgaDossier
from pga.services.overleg import overleg_add_organisation, overleg_plan
from pga.tests.factories import started
from triage.constants import CheckAnswer
from triage.models import Bekendheidscheck
from triage.tests.case_factories import NoPgaCasusFactory

BSN = "111222333"
BIRTH = datetime.date(1979, 5, 2)
PARTNER_BSN = "123456782"
PARTNER_NAME = "Kees Huisgenoot"
PARTNER_BIRTH = datetime.date(1975, 8, 19)
POLICE_AANLEIDING = "Herhaalde overlast in de Spoorstraat en een dreigende huisuitzetting."
GGZ_INFO = "Bekend bij de ambulante zorg sinds 2024, afspraken worden gemist."
MUNICIPALITY_AANLEIDING = "Schulden bij meerdere schuldeisers en geen dagbesteding."


def contact_point(**kwargs):
    return UserFactory(privacycontactpunt=True, **kwargs)


@dataclass
class Person:
    police_case: Casus
    municipality_case: Casus
    withdrawn_case: Casus
    dossier: PgaDossier
    rows: list[Betrokkene]
    partner: Betrokkene


def _petra(casus: Casus, **extra) -> Betrokkene:
    return BetrokkeneFactory(
        casus=casus,
        first_names="Petra Johanna",
        surname="Visser",
        date_of_birth=BIRTH,
        bsn=BSN,
        relation="hoofdbetrokkene",
        street_address="Spoorstraat 12",
        postal_code="3511 AB",
        city="Utrecht",
        **extra,
    )


def petra_in_two_organisations() -> Person:
    police = OrganisationFactory(name="Politie Midden-Nederland", kind=OrganisationKind.POLITIE)
    municipality = OrganisationFactory(name="Gemeente Utrecht", kind=OrganisationKind.GEMEENTE)
    ggz = OrganisationFactory(name="GGZ Centraal", kind=OrganisationKind.GGZ)

    dossier = started(melder=UserFactory(melder=True, organisation=police))
    police_case = dossier.casus
    Casus.objects.filter(pk=police_case.pk).update(aanleiding=POLICE_AANLEIDING)
    police_row = _petra(police_case)
    partner = BetrokkeneFactory(
        casus=police_case, first_names="Kees", surname="Huisgenoot", date_of_birth=PARTNER_BIRTH,
        bsn=PARTNER_BSN, relation="partner",
    )
    chair = UserFactory(voorzitter=True)
    Bekendheidscheck.objects.create(
        casus=police_case, organisation=ggz, requested_by=chair, due_at=timezone.now(),
        answer=CheckAnswer.BEKEND, answered_by=UserFactory(ketenpartner=True, organisation=ggz),
        answered_at=timezone.now(), info_question="Welke zorg loopt er?", info_text=GGZ_INFO,
    )
    overleg = overleg_plan(
        dossier=dossier, date=datetime.date.today() + datetime.timedelta(days=7), starts_at=datetime.time(10, 0),
        ends_at=datetime.time(11, 0), agenda="1. Opening\n2. Plan", by=dossier.procesregisseur, place="Zaal 1",
    )
    overleg_add_organisation(overleg=overleg, organisation=police, by=dossier.procesregisseur)

    municipality_case = NoPgaCasusFactory(melder=UserFactory(melder=True, organisation=municipality))
    Casus.objects.filter(pk=municipality_case.pk).update(aanleiding=MUNICIPALITY_AANLEIDING)
    municipality_row = _petra(municipality_case)

    withdrawn_case = CasusFactory(
        submitted=True, status=CasusStatus.INGETROKKEN, melder=UserFactory(melder=True, organisation=municipality)
    )
    withdrawn_row = _petra(withdrawn_case)
    for casus in (police_case, municipality_case, withdrawn_case):
        casus.refresh_from_db()
    return Person(police_case, municipality_case, withdrawn_case, dossier,
                  [police_row, municipality_row, withdrawn_row], partner)
