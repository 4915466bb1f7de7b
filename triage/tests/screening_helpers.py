"""Shared set-up of the screening tests: a registration as a melder submits it, and judgements."""

from intake.models import CriteriaSet, PreCheck
from intake.tests.factories import BetrokkeneFactory, CasusFactory


def judge_all(criteria_set: CriteriaSet, value: bool = True) -> dict[int, bool]:
    """The same ja/nee on every criterion of the set."""
    return {criterion.pk: value for criterion in criteria_set.criteria.all()}


def judgement_post(criteria_set: CriteriaSet, value: str = "ja") -> dict[str, str]:
    """The screening form's radio values for every criterion."""
    return {f"oordeel_{criterion.pk}": value for criterion in criteria_set.criteria.all()}


def registration(*, melder, criteria_set: CriteriaSet, precheck: bool | None = True, **kwargs):
    """A submitted registration against `criteria_set`, with a motivation per criterion and one person.

    precheck: True/False for a pre-check with a positive/negative advice, None for none.
    """
    motivations = {str(c.pk): f"Motivering bij criterium {c.number}" for c in criteria_set.criteria.all()}
    casus = CasusFactory(
        melder=melder,
        submitted=True,
        criteria_set=criteria_set,
        aanleiding="Overlast in de straat",
        criteria_motivation=motivations,
        **kwargs,
    )
    BetrokkeneFactory(casus=casus)
    if precheck is not None:
        PreCheck.objects.create(
            casus=casus,
            melder=melder,
            criteria_set=criteria_set,
            answers={str(pk): precheck for pk in criteria_set.criteria.values_list("pk", flat=True)},
            organisation_may_register=True,
            advice_positive=precheck,
        )
    return casus
