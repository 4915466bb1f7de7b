"""Saving a concept registration and submitting it: what a *complete* aanmelding is.

Why the completeness rules live here and not in the form: a concept may be saved half done
(by the melder, or every few seconds by the autosave), and only submission asks for
completeness. Keeping the rules in one service means the page, the autosave and anything
added later (an API, an import) agree on them. The forms check each value on its own.

Decisions where the issue is silent (see also docs/decisions.md):
- Saving stores only the values it is given: the page passes everything after a valid POST
  (all or nothing, so the melder sees every error first); the autosave passes every value that
  is valid on its own, so one wrong BSN does not block saving the rest.
- A complete registration has at least one betrokkene, each with a first name, a surname and
  something to find them by (a date of birth, or else a BSN or an address); an aanleiding;
  problems on at least one life domain; for every group of criteria a motivation of at least
  one of its criteria; a reason when the urgency is high; an answer whether the betrokkene
  was informed, with an explanation when not; a name for each organisation; and the WGS
  declaration.
- A save that changes nothing writes nothing, not even an audit entry: the autosave posts
  the whole form every few seconds while the melder types.
"""

import datetime
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from ..constants import INFORMED_NEEDS_EXPLANATION, CasusStatus, LifeDomain, Urgency
from ..models import Betrokkene, Casus, CriteriaSet, InvolvedOrganisation
from .casus import casus_submit, is_concept_author

# The casus fields the form edits, with the section (a fieldset of the page) each belongs to.
# Sections are what the audit log records as changed: never the values themselves.
SECTION_OF_FIELD: Mapping[str, str] = {
    "aanleiding": "aanleiding",
    "concerns": "aanleiding",
    "safety_risks": "veiligheid",
    "tried_before": "geprobeerd",
    "urgency": "urgentie",
    "urgency_reason": "urgentie",
    "informed": "geinformeerd",
    "informed_explanation": "geinformeerd",
}
CASUS_FIELDS: tuple[str, ...] = tuple(SECTION_OF_FIELD)
BETROKKENE_FIELDS: tuple[str, ...] = (
    "first_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "bsn",
    "relation",
    "street_address",
    "postal_code",
    "city",
    "municipality",
)
ORGANISATION_FIELDS: tuple[str, ...] = ("organisation_name", "contact_name", "contact_details", "involvement")


@dataclass(frozen=True)
class RowInput:
    """One person or organisation as typed: `pk` once stored, `key` to report a new row's pk.

    `row_key` is the page's own key for a new row; a save that arrives twice for the same row
    (before the page learnt its pk) updates the stored one instead of creating a second.
    """

    key: str
    pk: int | None
    values: Mapping[str, Any]
    row_key: uuid.UUID | None = None


@dataclass
class SaveResult:
    changed_sections: list[str] = field(default_factory=list)
    # RowInput.key -> pk of the row created for it, so the page can send that pk next time.
    created: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """Why a registration cannot be submitted yet, and where: a section, field and row of the form."""

    section: str
    message: str
    field: str = ""
    row_pk: int | None = None


class RegistrationIncomplete(ServiceError):
    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__(
            "De aanmelding is nog niet compleet. Uw gegevens zijn als concept bewaard; "
            "vul de gemarkeerde onderdelen aan en dien de aanmelding daarna opnieuw in."
        )


def registration_criteria_set(casus: Casus) -> CriteriaSet | None:
    """The criteria the melder motivates: the casus' own version, else the active one."""
    if casus.criteria_set_id:
        return casus.criteria_set
    return CriteriaSet.objects.filter(is_active=True).first()


def _lock_own_concept(casus: Casus, by: User) -> Casus:
    locked = Casus.objects.select_for_update().get(pk=casus.pk)
    if not is_concept_author(locked, by):
        raise ServiceError("Alleen de melder die dit concept maakte, kan het wijzigen.")
    if locked.status != CasusStatus.CONCEPT:
        raise ServiceError("Deze casus is al ingediend en kan niet meer worden gewijzigd.")
    return locked


def _merge_texts(current: Mapping[str, str], updates: Mapping[Any, str], allowed: Collection[str]) -> dict[str, str]:
    """Apply `updates` to a {key: text} mapping; an empty text removes its key, unknown keys are ignored."""
    merged = dict(current or {})
    for key, text in updates.items():
        key = str(key)
        if key not in allowed:
            continue
        text = (text or "").strip()
        if text:
            merged[key] = text
        else:
            merged.pop(key, None)
    return merged


def _assign(obj: models.Model, values: Mapping[str, Any]) -> bool:
    """Set the values that differ (foreign keys by id, without fetching the old row); True if any did."""
    changed = False
    for name, value in values.items():
        attname = obj._meta.get_field(name).attname
        new = value.pk if isinstance(value, models.Model) else value
        if getattr(obj, attname) != new:
            setattr(obj, attname, new)
            changed = True
    return changed


def _has_content(values: Mapping[str, Any]) -> bool:
    return any(value not in (None, "") for value in values.values())


def _save_rows(
    *, casus: Casus, model: type[models.Model], rows: Sequence[RowInput], remove: Collection[int], result: SaveResult
) -> bool:
    """Create, update and delete the casus' rows of `model`; rows of other cases are never touched.

    A pk that is not one of this casus' rows (removed meanwhile, or tampered with) is treated
    as a new row, so what the melder typed is kept and nobody else's data is reached. A new row
    whose `row_key` is stored already is that row (the casus is locked, so two saves of the
    same row take turns and the second finds the first's).
    """
    existing = {obj.pk: obj for obj in model.objects.filter(casus=casus)}
    by_row_key = {obj.row_key: obj for obj in existing.values() if obj.row_key is not None}
    changed = False
    for pk in remove:
        obj = existing.pop(pk, None)
        if obj is not None:
            obj.delete()
            changed = True
    for row in rows:
        if row.pk in remove:
            continue
        obj = existing.get(row.pk) if row.pk is not None else None
        if obj is None and row.row_key is not None:
            obj = by_row_key.get(row.row_key)
            if obj is not None and obj.pk in remove:
                continue
            if obj is not None:
                result.created[row.key] = obj.pk  # the page learns the pk it missed
        if obj is None:
            if not _has_content(row.values):
                continue
            obj = model(casus=casus, row_key=row.row_key)
            _assign(obj, row.values)
            obj.save()
            result.created[row.key] = obj.pk
            changed = True
        elif _assign(obj, row.values):
            obj.save()
            changed = True
    return changed


def registration_save(
    *,
    casus: Casus,
    by: User,
    fields: Mapping[str, Any] | None = None,
    life_domains: Mapping[str, str] | None = None,
    criteria_motivation: Mapping[int, str] | None = None,
    betrokkenen: Sequence[RowInput] = (),
    organisations: Sequence[RowInput] = (),
    remove_betrokkenen: Collection[int] = (),
    remove_organisations: Collection[int] = (),
    automatic: bool = False,
) -> SaveResult:
    """Store what the melder typed in their concept; no completeness checks (see module doc).

    Only the given keys change. Raises ServiceError when the casus is not the caller's own
    concept (submitted meanwhile in another tab, or someone else's).
    """
    unknown = set(fields or {}) - set(CASUS_FIELDS)
    if unknown:
        raise ValueError(f"Not a registration field: {sorted(unknown)}")
    result = SaveResult()
    changed: set[str] = set()
    with transaction.atomic():
        locked = _lock_own_concept(casus, by)
        update_fields: set[str] = set()
        for name, value in (fields or {}).items():
            if _assign(locked, {name: value}):
                changed.add(SECTION_OF_FIELD[name])
                update_fields.add(name)
        if locked.criteria_set_id is None:
            criteria_set = registration_criteria_set(locked)
            if criteria_set is not None:
                locked.criteria_set = criteria_set
                update_fields.add("criteria_set")
        domains = _merge_texts(locked.life_domains, life_domains or {}, LifeDomain.values)
        if domains != (locked.life_domains or {}):
            locked.life_domains = domains
            changed.add("leefgebieden")
            update_fields.add("life_domains")
        if criteria_motivation and locked.criteria_set_id:
            allowed = {str(pk) for pk in locked.criteria_set.criteria.values_list("pk", flat=True)}
            motivation = _merge_texts(locked.criteria_motivation, criteria_motivation, allowed)
            if motivation != (locked.criteria_motivation or {}):
                locked.criteria_motivation = motivation
                changed.add("criteria")
                update_fields.add("criteria_motivation")
        if update_fields:
            locked.save(update_fields=[*update_fields, "updated_at"])
        if _save_rows(casus=locked, model=Betrokkene, rows=betrokkenen, remove=remove_betrokkenen, result=result):
            changed.add("betrokkenen")
        if _save_rows(
            casus=locked, model=InvolvedOrganisation, rows=organisations, remove=remove_organisations, result=result
        ):
            changed.add("organisaties")
        if changed:
            if not update_fields:
                locked.save(update_fields=["updated_at"])  # "last saved" covers the persons too
            result.changed_sections = sorted(changed)
            audit_record(
                actor=by,
                action=AuditAction.UPDATE,
                obj=locked,
                detail={"onderdelen": result.changed_sections, "automatisch": automatic},
            )
    casus.updated_at = locked.updated_at
    return result


def _criteria_problems(casus: Casus) -> list[Problem]:
    criteria_set = casus.criteria_set
    if criteria_set is None:
        return []
    motivated = {key for key, text in (casus.criteria_motivation or {}).items() if text.strip()}
    groups: dict[str, list] = {}
    for criterion in criteria_set.criteria.all():
        groups.setdefault(criterion.group, []).append(criterion)
    problems = []
    for criteria in groups.values():
        if any(str(c.pk) in motivated for c in criteria):
            continue
        if len(criteria) == 1:
            message = "Licht toe waarom dit criterium van toepassing is."
        else:
            numbers = " of ".join(str(c.number) for c in criteria)
            message = f"Licht bij ten minste één van de criteria {numbers} toe waarom het van toepassing is."
        problems.append(Problem("criteria", message, field=str(criteria[0].pk)))
    return problems


def registration_problems(casus: Casus, *, declared: bool) -> list[Problem]:
    """Everything that keeps this concept from being submitted; empty when it is complete."""
    problems: list[Problem] = []
    betrokkenen = list(casus.betrokkenen.all())
    if not betrokkenen:
        problems.append(Problem("betrokkenen", "Voeg ten minste één betrokkene toe."))
    for person in betrokkenen:
        if not person.first_names:
            problems.append(Problem("betrokkenen", "Vul de voornamen in.", "first_names", person.pk))
        if not person.surname:
            problems.append(Problem("betrokkenen", "Vul de achternaam in.", "surname", person.pk))
        findable = person.date_of_birth or person.bsn or (person.street_address and (person.postal_code or person.city))
        if not findable:
            problems.append(
                Problem(
                    "betrokkenen",
                    "Vul de geboortedatum in. Weet u die niet? Vul dan het BSN of het adres in.",
                    "date_of_birth",
                    person.pk,
                )
            )
    if not casus.aanleiding.strip():
        problems.append(Problem("aanleiding", "Beschrijf de aanleiding van de aanmelding.", "aanleiding"))
    if not any(text.strip() for text in (casus.life_domains or {}).values()):
        problems.append(Problem("leefgebieden", "Beschrijf de problemen op ten minste één leefgebied."))
    problems.extend(_criteria_problems(casus))
    if casus.urgency == Urgency.HOOG and not casus.urgency_reason.strip():
        problems.append(Problem("urgentie", "Licht toe waarom de casus urgent is.", "urgency_reason"))
    if not casus.informed:
        problems.append(
            Problem("geinformeerd", "Geef aan of de betrokkene is geïnformeerd over de aanmelding.", "informed")
        )
    elif casus.informed in INFORMED_NEEDS_EXPLANATION and not casus.informed_explanation.strip():
        problems.append(
            Problem(
                "geinformeerd",
                "Licht toe waarom de betrokkene (nog) niet is geïnformeerd.",
                "informed_explanation",
            )
        )
    for organisation in casus.involved_organisations.all():
        if not organisation.organisation_name:
            problems.append(
                Problem("organisaties", "Vul de naam van de organisatie in.", "organisation_name", organisation.pk)
            )
    if not declared:
        problems.append(
            Problem("verklaring", "Vink de verklaring aan om de aanmelding in te dienen.", "wgs_declaration")
        )
    return problems


def registration_submit(*, casus: Casus, by: User, declared: bool, now: datetime.datetime | None = None) -> Casus:
    """Submit a complete concept: record the WGS declaration, then `casus_submit` numbers it.

    Raises RegistrationIncomplete (with every problem) or the ServiceError of `casus_submit`
    (for example: the organisation may not register); in both cases nothing changes, and the
    concept as saved stays as it is.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_own_concept(casus, by)
        problems = registration_problems(locked, declared=declared)
        if problems:
            raise RegistrationIncomplete(problems)
        locked.wgs_declared_at = now
        locked.save(update_fields=["wgs_declared_at", "updated_at"])
        casus_submit(casus=locked, by=by, now=now)
    casus.refresh_from_db()
    return casus
