"""Cases in the states whose companions are triage's: built on ``intake.tests.factories.CasusFactory``.

The intake factory walks the status history to any state; a case in a triage state also needs
what the triage would have left behind, or a test reads a history no service could produce.
PGA's own companion (the dossier) is built in ``pga``'s tests.
"""

import importlib

import factory
from django.apps import apps
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import CriteriaSet
from intake.tests.factories import CasusFactory
from participants.tests.factories import UserFactory
from triage.constants import AgendaItemStatus, DecisionOutcome, RejectionCategory, ScreeningOutcome
from triage.models import AgendaItem, ScreeningDecision, TriageDecision
from triage.tests.meeting_factories import TriageMeetingFactory


def landelijk_kader() -> CriteriaSet:
    """The Landelijk Kader as migration intake 0004 publishes it, published again after a flush.

    Transactional tests (the browser tests) empty the database, migration data included.
    """
    importlib.import_module("intake.migrations.0004_landelijk_kader_v1").publish(apps, None)
    return CriteriaSet.objects.get(version=1)


class RejectedCasusFactory(CasusFactory):
    """Rejected at screening (``afgewezen``): with the chair's rejection, not yet told to the melder."""

    submitted = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return {**kwargs, "status": CasusStatus.AFGEWEZEN}  # after the ``submitted`` trait, which says aangemeld

    @factory.post_generation
    def rejection(self, create, extracted, **kwargs):
        if create:
            ScreeningDecision.objects.create(
                casus=self,
                outcome=ScreeningOutcome.REJECTED,
                criteria_set=landelijk_kader(),
                rejection_category=RejectionCategory.ANDERE_REGIO,
                advice="Meld de casus bij het ZVH van de eigen regio.",
                decided_by=UserFactory(voorzitter=True),
            )


class ScheduledCasusFactory(CasusFactory):
    """On a finalised agenda (``geagendeerd``): accepted at screening, with its item in slot 1."""

    submitted = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return {**kwargs, "status": CasusStatus.GEAGENDEERD}  # after the ``submitted`` trait, which says aangemeld

    @factory.post_generation
    def agenda_item(self, create, extracted, **kwargs):
        if create:
            meeting = TriageMeetingFactory(
                date=self.target_triage_date,
                intake_closed_at=timezone.now(),
                agenda_finalised_at=timezone.now(),
            )
            ScreeningDecision.objects.create(
                casus=self,
                outcome=ScreeningOutcome.ACCEPTED,
                criteria_set=landelijk_kader(),
                decided_by=UserFactory(voorzitter=True),
            )
            AgendaItem.objects.create(meeting=meeting, casus=self, status=AgendaItemStatus.GEAGENDEERD, position=1)


def _discussed(casus, **decision) -> None:
    """The scheduled case's item discussed (``besproken``) and the triage decision recorded on it."""
    item = casus.agenda_items.get()
    item.status = AgendaItemStatus.BESPROKEN
    item.save(update_fields=["status"])
    TriageDecision.objects.create(item=item, decided_by=UserFactory(voorzitter=True), **decision)


class NoPgaCasusFactory(ScheduledCasusFactory):
    """Discussed without a PGA (``besproken_geen_pga``): its item ``besproken``, with the decision's advice."""

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return {**kwargs, "status": CasusStatus.BESPROKEN_GEEN_PGA}

    @factory.post_generation
    def decision(self, create, extracted, **kwargs):
        if create:
            _discussed(self, outcome=DecisionOutcome.GEEN_PGA, advice="Meld de situatie bij het wijkteam.")


class PgaDecidedCasusFactory(ScheduledCasusFactory):
    """Decided PGA (``pga``): its item ``besproken``, the PGA decision with its procesregisseur.

    The dossier is pga's companion (``pga.tests.factories.started``), opened by the decision.
    """

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return {**kwargs, "status": CasusStatus.PGA}

    @factory.post_generation
    def decision(self, create, extracted, **kwargs):
        if create:
            _discussed(
                self,
                outcome=DecisionOutcome.PGA,
                procesregisseur=extracted or UserFactory(regisseur=True),
                motivation="Drang en dwang van meerdere ketens nodig.",
            )
