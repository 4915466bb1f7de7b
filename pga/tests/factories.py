"""Dossiers in the states the tests need, made through the services (never by writing fields)."""

import datetime
import itertools

from intake.tests.factories import BetrokkeneFactory
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.constants import InformingMethod, WhoInforms
from pga.models import PgaDossier
from pga.services import (
    action_add,
    goal_add,
    informing_agree,
    informing_record_informed,
    pga_dossier_start,
)
from triage.tests.case_factories import PgaDecidedCasusFactory

SECRET_SURNAME = "Geheimachternaam"
_numbers = itertools.count(1)


def regisseur(**kwargs):
    kwargs.setdefault("email", f"regisseur{next(_numbers)}@zvh.example")
    return UserFactory(regisseur=True, **kwargs)


def started(*, procesregisseur=None, chair=None, melder=None) -> PgaDossier:
    """A dossier just started by a PGA decision: phase informeren, nothing recorded yet.

    The case walked the whole road to it (screening, agenda, the PGA decision naming this
    procesregisseur), so its history is one the services produce.
    """
    melder = melder or UserFactory(melder=True, email="melder@politie.example")
    procesregisseur = procesregisseur or regisseur()
    casus = PgaDecidedCasusFactory(melder=melder, decision=procesregisseur)
    BetrokkeneFactory(casus=casus, first_names="Geheimvoornaam", surname=SECRET_SURNAME)
    return pga_dossier_start(casus=casus, procesregisseur=procesregisseur, by=chair or UserFactory(voorzitter=True))


def informed(*, on: datetime.date, **kwargs) -> PgaDossier:
    """Started, agreed with the melder and informed on ``on``: phase plan."""
    dossier = started(**kwargs)
    by = dossier.procesregisseur
    informing_agree(
        dossier=dossier, who_informs=WhoInforms.MELDER, method=InformingMethod.GESPREK, planned_date=on, by=by
    )
    informing_record_informed(
        dossier=dossier, informed_on=on, who_informs=WhoInforms.MELDER, method=InformingMethod.GESPREK, by=by
    )
    dossier.refresh_from_db()
    return dossier


def with_plan(*, on: datetime.date, due: datetime.date, **kwargs) -> PgaDossier:
    """Informed, with one goal (wonen) and one action of a housing corporation due on ``due``."""
    dossier = informed(on=on, **kwargs)
    by = dossier.procesregisseur
    goal = goal_add(dossier=dossier, life_domain="wonen", description="Huisuitzetting voorkomen", by=by)
    action_add(
        dossier=dossier,
        description="Betalingsregeling huurachterstand",
        owner_organisation=OrganisationFactory(name="Woningcorporatie Mitros"),
        due_date=due,
        goal=goal,
        by=by,
    )
    dossier.refresh_from_db()
    return dossier
