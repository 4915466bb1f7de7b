"""Casus factories whose traits encode lifecycle states (with a matching status history)."""

import datetime

import factory
from django.utils import timezone

from intake.constants import CasusStatus, FeedbackKind
from intake.models import Betrokkene, Casus, Feedback, InformationRequest, StatusChange
from participants.tests.factories import MunicipalityFactory, UserFactory

S = CasusStatus

#: The step before each state on the path the factory walks from concept (one status change a step).
PREVIOUS = {
    S.AANGEMELD: S.CONCEPT,
    S.AANVULLING_GEVRAAGD: S.AANGEMELD,
    S.AFGEWEZEN: S.AANGEMELD,
    S.INGETROKKEN: S.AANGEMELD,
    S.IN_VERRIJKING: S.AANGEMELD,
    S.GEAGENDEERD: S.IN_VERRIJKING,
    S.DOORGESCHOVEN: S.GEAGENDEERD,
    S.BESPROKEN_GEEN_PGA: S.GEAGENDEERD,
    S.PGA: S.GEAGENDEERD,
    S.AFGESLOTEN: S.BESPROKEN_GEEN_PGA,
    S.VERWIJDERD: S.CONCEPT,
}
#: Moves the melder makes; the others are the chair's or the system's (recorded without an actor).
MELDER_MOVES = {S.CONCEPT, S.AANGEMELD, S.INGETROKKEN, S.VERWIJDERD}


def path_to(status: CasusStatus) -> list[CasusStatus]:
    """The states a case passes on its way to ``status``, from concept."""
    path = [S(status)]
    while path[0] != S.CONCEPT:
        path.insert(0, PREVIOUS[path[0]])
    return path


class CasusFactory(factory.django.DjangoModelFactory):
    """A casus in any state, with a status history that walks a legal path to it (``path_to``).

    Only what intake holds comes with it. A state whose companions live in a higher app (the
    rejection for ``afgewezen``, the agenda item for ``geagendeerd``, the decision and the PGA
    dossier) gets them from that app's test factories (``triage/tests/case_factories.py``), which
    build on this one: intake's tests cannot import triage (docs/architecture.md).
    """

    class Meta:
        model = Casus
        skip_postgeneration_save = True

    melder = factory.SubFactory(UserFactory, melder=True)
    organisation = factory.SelfAttribute("melder.organisation")
    status = CasusStatus.CONCEPT

    class Params:
        submitted = factory.Trait(
            status=CasusStatus.AANGEMELD,
            reference=factory.Sequence(lambda n: f"ZVH-2026-{n + 1:05d}"),
            submitted_at=factory.LazyFunction(timezone.now),
            target_triage_date=datetime.date(2026, 12, 10),
        )

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        """Record how the case got into its state, one status change a step, as the services would have."""
        if not create:
            return
        previous = ""
        for status in path_to(self.status):
            by = self.melder if status in MELDER_MOVES else None
            StatusChange.objects.create(casus=self, from_status=previous, to_status=status, by=by)
            previous = status


class BetrokkeneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Betrokkene

    casus = factory.SubFactory(CasusFactory)
    first_names = "Jan"
    surname = factory.Sequence(lambda n: f"Jansen{n}")
    date_of_birth = datetime.date(1985, 3, 14)
    municipality = factory.SubFactory(MunicipalityFactory)


class InformationRequestFactory(factory.django.DjangoModelFactory):
    """A chair's open question; `answered=True` for one the melder has answered."""

    class Meta:
        model = InformationRequest

    casus = factory.SubFactory(CasusFactory, submitted=True, status=CasusStatus.AANVULLING_GEVRAAGD)
    question = "Kunt u toelichten welke hulpverlening al loopt?"
    asked_by = factory.SubFactory(UserFactory, voorzitter=True)

    class Params:
        answered = factory.Trait(
            answer="Er loopt niets meer.",
            answered_by=factory.SelfAttribute("casus.melder"),
            answered_at=factory.LazyFunction(timezone.now),
        )


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    casus = factory.SubFactory(CasusFactory, submitted=True)
    kind = FeedbackKind.ADVIES
    message = "Neem contact op met het wijkteam."
