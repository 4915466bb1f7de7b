"""The melder's pre-check "Hoort mijn casus thuis in het Zorg- en Veiligheidshuis?".

It gives advice, never a verdict: the melder may register whatever the outcome, and the chair
sees the answers at screening. The advice is "ja" only when three things hold: the active
criteria set is met, the betrokkene lives in our region (or the melder does not know: then the
chair checks), and the melder's organisation may register under the WGS. Each "nee" names the
reason in plain Dutch together with where the melder can go instead, because a bare "no" leaves
a professional with a worrying case and nowhere to take it.

Answers are stored as {"<criterion id>": true/false} (JSON keys are strings); the registration
form reads `casus.precheck.answers` in that format to show which criteria the melder said apply,
and pre-selects `precheck.municipality` for the first betrokkene.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from participants.constants import Role
from participants.models import Municipality, User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from ..models import Casus, CriteriaSet, Criterion, PreCheck
from .casus import casus_create

REGULAR_ROUTE = (
    "Zonder deze criteria past de casus beter in de reguliere route: bespreek hem in het eigen "
    "ketenoverleg, of neem bij zorgen over huiselijk geweld of kindermishandeling contact op met Veilig Thuis."
)


@dataclass(frozen=True)
class Advice:
    positive: bool
    # Every sentence the melder is shown with the advice: the reasons for a "nee" with where to
    # go instead, and remarks on a "ja" (the chair will check an unknown region).
    reasons: list[str]


def _quote(criterion: Criterion) -> str:
    return f"criterium {criterion.number} (\u201c{criterion.text.strip().rstrip('.')}\u201d)"


def _criteria_reasons(criteria: list[Criterion], answers: Mapping[int, bool]) -> list[str]:
    """One sentence per group of the set that none of the melder's answers satisfies."""
    groups: dict[str, list[Criterion]] = {}
    for criterion in criteria:
        groups.setdefault(criterion.group, []).append(criterion)
    reasons = []
    for members in groups.values():
        if any(answers.get(c.pk) for c in members):
            continue
        if len(members) == 1:
            reasons.append(f"Volgens uw antwoord geldt {_quote(members[0])} niet, en dat criterium is nodig.")
        else:
            listed = " of ".join(_quote(c) for c in members)
            reasons.append(
                f"Volgens uw antwoorden geldt geen van deze criteria: {listed}. Ten minste één daarvan is nodig."
            )
    if reasons:
        reasons.append(REGULAR_ROUTE)
    return reasons


def _region_reason(municipality: Municipality | None) -> tuple[bool, str | None]:
    """(whether the region allows a yes, the sentence to show if any)."""
    if municipality is None:
        return True, (
            "U weet niet in welke gemeente de betrokkene woont, of de betrokkene heeft geen vaste "
            "woonplaats. Dat is geen bezwaar: de triagevoorzitter controleert bij de screening of de "
            "casus in onze regio hoort."
        )
    if municipality.in_region:
        return True, None
    elsewhere = municipality.zvh_name or "het Zorg- en Veiligheidshuis van die regio"
    return False, (
        f"De gemeente {municipality.name} hoort niet bij onze regio. "
        f"Meld de casus aan bij {elsewhere}."
    )


ORGANISATION_REASON = (
    "Uw organisatie ({name}) mag onder de WGS geen casussen aanmelden bij het Zorg- en Veiligheidshuis. "
    "Vraag een collega van een partnerorganisatie die wel mag aanmelden (bijvoorbeeld de gemeente, de "
    "politie of Veilig Thuis) om de casus aan te melden, of neem contact op met het Zorg- en "
    "Veiligheidshuis. U kunt wel een concept maken, maar niet indienen."
)


def precheck_advice(
    *,
    criteria_set: CriteriaSet,
    answers: Mapping[int, bool],
    municipality: Municipality | None,
    organisation_may_register: bool,
    organisation_name: str,
) -> Advice:
    """The advice for these answers: a pure function of its arguments (and the set's criteria)."""
    criteria = list(criteria_set.criteria.all())
    criteria_met = criteria_set.is_met(answers)
    criteria_reasons = [] if criteria_met else _criteria_reasons(criteria, answers)
    region_ok, region_sentence = _region_reason(municipality)

    reasons = [*criteria_reasons]
    if not organisation_may_register:
        reasons.append(ORGANISATION_REASON.format(name=organisation_name))
    if region_sentence:
        reasons.append(region_sentence)
    return Advice(positive=criteria_met and region_ok and organisation_may_register, reasons=reasons)


def precheck_evaluate(
    *,
    melder: User,
    criteria_set: CriteriaSet,
    answers: Mapping[int, bool],
    municipality: Municipality | None,
) -> PreCheck:
    """Store the melder's answers with the advice they got, and write it to the audit log.

    `answers` maps every criterion id of `criteria_set` to yes/no; the set must be the active
    one (a pre-check always applies today's criteria, and records which version that was).
    """
    if not melder.has_role(Role.MELDER) or melder.organisation is None:
        raise ServiceError("Alleen een melder van een partnerorganisatie kan de voortoets invullen.")
    if not criteria_set.is_active:
        raise ServiceError("De criteria zijn intussen gewijzigd. Vul de voortoets opnieuw in.")
    criterion_ids = set(criteria_set.criteria.values_list("pk", flat=True))
    if set(answers) != criterion_ids:
        raise ServiceError("Beantwoord elke vraag over de criteria met ja of nee.")

    organisation = melder.organisation
    advice = precheck_advice(
        criteria_set=criteria_set,
        answers=answers,
        municipality=municipality,
        organisation_may_register=organisation.may_register,
        organisation_name=organisation.name,
    )
    with transaction.atomic():
        precheck = PreCheck.objects.create(
            melder=melder,
            criteria_set=criteria_set,
            answers={str(pk): bool(value) for pk, value in answers.items()},
            municipality=municipality,
            organisation_may_register=organisation.may_register,
            advice_positive=advice.positive,
            reasons=advice.reasons,
        )
        audit_record(
            actor=melder,
            action=AuditAction.CREATE,
            obj=precheck,
            detail={"criteriaset_versie": criteria_set.version, "advies": "ja" if advice.positive else "nee"},
        )
    return precheck


def precheck_continue(*, precheck: PreCheck, melder: User) -> Casus:
    """Start the registration from a pre-check, whatever its advice (it is advice, not a gate).

    The concept records the pre-check's criteria set version and carries the pre-check itself
    (answers and municipality) for the form. Pressing the button twice gives the same concept.
    """
    if precheck.melder_id != melder.pk:
        raise ServiceError("Alleen de melder die de voortoets invulde, kan daarmee verder.")
    with transaction.atomic():
        locked = PreCheck.objects.select_for_update().get(pk=precheck.pk)
        if locked.casus_id is not None:
            return Casus.objects.get(pk=locked.casus_id)
        casus = casus_create(melder=melder)
        casus = Casus.objects.select_for_update().get(pk=casus.pk)
        casus.criteria_set_id = locked.criteria_set_id
        casus.save(update_fields=["criteria_set", "updated_at"])
        locked.casus = casus
        locked.save(update_fields=["casus"])
        audit_record(
            actor=melder,
            action=AuditAction.UPDATE,
            obj=casus,
            detail={"voortoets": locked.pk, "criteriaset_versie": locked.criteria_set.version},
        )
    precheck.casus = casus
    return casus
