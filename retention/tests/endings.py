"""Cases that end in each way, at a given Europe/Amsterdam moment, through the services that end them.

The case walks its road with the factories (intake's, triage's, pga's); the ending itself is the
service a user's action calls, run with the clock at ``at``, so the moment in the history is the
one a real ending leaves.
"""

import datetime

import time_machine

from intake.constants import CasusStatus
from intake.models import Casus
from intake.services.casus import casus_transition
from intake.services.melder import casus_withdraw
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.tests.factories import UserFactory
from pga.constants import ClosingReason
from pga.models import PgaDossier
from pga.services import dossier_close, dossier_monitoring_complete
from pga.tests.factories import started
from triage.services.screening import screening_record_melder_contacted
from triage.tests.case_factories import NoPgaCasusFactory, RejectedCasusFactory
from zvh.calendar.scheduling import TIMEZONE

SURNAME = "Bewaarachternaam"


def local(year, month, day, hour=12, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TIMEZONE)


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def _person(casus: Casus) -> Casus:
    BetrokkeneFactory(casus=casus, first_names="Bewaarvoornaam", surname=SURNAME)
    return casus


def concept(moment: datetime.datetime, **kwargs) -> Casus:
    """A concept the melder last changed at ``moment`` and never submitted."""
    with at(moment):
        return _person(CasusFactory(**kwargs))


def withdrawn(moment: datetime.datetime, **kwargs) -> Casus:
    casus = _person(CasusFactory(submitted=True, **kwargs))
    with at(moment):
        casus_withdraw(casus=casus, by=casus.melder, reason="Niet meer nodig.")
    return Casus.objects.get(pk=casus.pk)


def rejected(moment: datetime.datetime, *, chair=None, **kwargs) -> Casus:
    """Rejected at screening; the chair records at ``moment`` that the melder was told."""
    casus = _person(RejectedCasusFactory(**kwargs))
    with at(moment):
        screening_record_melder_contacted(
            decision=casus.screenings.get(), by=chair or UserFactory(voorzitter=True), note="Gebeld."
        )
    return Casus.objects.get(pk=casus.pk)


def no_pga(moment: datetime.datetime, **kwargs) -> Casus:
    """Discussed without a PGA; the advice is sent at ``moment`` (the meeting's close moves the case)."""
    casus = _person(NoPgaCasusFactory(**kwargs))
    with at(moment):
        casus_transition(
            casus=casus, to=CasusStatus.AFGESLOTEN, by=None, reason="Advies van de triage aan de melder verstuurd."
        )
    return Casus.objects.get(pk=casus.pk)


def pga_closed(moment: datetime.datetime, *, monitoring_done: datetime.datetime | None = None, **kwargs) -> Casus:
    """A PGA closed by its procesregisseur at ``moment``; with ``monitoring_done`` through a monitoring check."""
    dossier = started(**kwargs)
    by = dossier.procesregisseur
    with at(moment):
        dossier_close(
            dossier=dossier,
            reason=ClosingReason.DOELEN_BEREIKT,
            evaluation="Doelen bereikt.",
            by=by,
            monitoring_date=monitoring_done.date() if monitoring_done else None,
        )
    if monitoring_done:
        with at(monitoring_done):
            dossier_monitoring_complete(dossier=PgaDossier.objects.get(pk=dossier.pk), note="Stabiel.", by=by)
    return Casus.objects.get(pk=dossier.casus_id)
