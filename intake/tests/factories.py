"""Casus factories whose traits encode lifecycle states (with a matching status history)."""

import datetime

import factory
from django.utils import timezone

from intake.constants import CasusStatus, FeedbackKind
from intake.models import Betrokkene, Casus, Feedback, InformationRequest, StatusChange
from participants.tests.factories import MunicipalityFactory, UserFactory


class CasusFactory(factory.django.DjangoModelFactory):
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
        """Record how the case got into its state, as the services would have."""
        if create:
            StatusChange.objects.create(casus=self, from_status="", to_status=self.status, by=self.melder)


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
