"""Managing the versioned criteria sets (DESIGN.md, "The criteria").

A criteria set is data that every pre-check and screening records by version. Once anything
refers to a set, changing its criteria would silently rewrite what that pre-check or screening
meant, so a used set is frozen: a change is published as a new version instead
(`criteria_set_new_version`), and a used set is never deleted. The admin ("Beheer") asks these
functions and holds no rules of its own.
"""

from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from ..models import CriteriaSet, Criterion


def _references() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) outside the set itself that points at a CriteriaSet.

    Found from the model graph rather than listed by hand, so a later model that records a
    version (a screening, a triage decision) freezes the set without a change here. Hidden
    relations (related_name="+", as on Casus) are included on purpose.
    """
    return [
        (relation.related_model, relation.field.name)
        for relation in CriteriaSet._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and (relation.one_to_many or relation.one_to_one)
        and relation.related_model is not Criterion
    ]


def criteria_sets_with_usage() -> QuerySet[CriteriaSet]:
    """All sets, annotated with `is_used`, in one query however many sets there are."""
    used = Q(pk__in=[])
    for model, field_name in _references():
        used |= Q(Exists(model._base_manager.filter(**{field_name: OuterRef("pk")})))
    return CriteriaSet.objects.annotate(is_used=models.ExpressionWrapper(used, output_field=models.BooleanField()))


def criteria_set_is_used(criteria_set: CriteriaSet, *, fresh: bool = False) -> bool:
    """Whether a pre-check, a casus (or any later record) refers to this version.

    Uses the `is_used` annotation of `criteria_sets_with_usage` when present, unless `fresh`
    asks for the database's answer now (inside a lock, before changing anything).
    """
    if criteria_set.pk is None:
        return False
    annotated = getattr(criteria_set, "is_used", None)
    if annotated is not None and not fresh:
        return bool(annotated)
    return criteria_sets_with_usage().filter(pk=criteria_set.pk, is_used=True).exists()


def criteria_set_is_editable(criteria_set: CriteriaSet | None) -> bool:
    """A new or unused set may be edited; a used one is history and stays as it was."""
    return criteria_set is None or not criteria_set_is_used(criteria_set)


def criteria_set_may_delete(criteria_set: CriteriaSet) -> bool:
    """Only an unused, inactive draft may go: the active set is what melders are shown now."""
    return not criteria_set.is_active and not criteria_set_is_used(criteria_set)


def criteria_set_next_version() -> int:
    highest = CriteriaSet.objects.aggregate(highest=models.Max("version"))["highest"]
    return (highest or 0) + 1


def criteria_set_new_version(*, criteria_set: CriteriaSet, by: User) -> CriteriaSet:
    """Copy a set with its criteria to the next version number, inactive, ready for editing.

    Every set is locked first so that two administrators copying at once cannot both pick the
    same next number (the unique version would refuse the second with an error page).
    """
    with transaction.atomic():
        list(CriteriaSet.objects.select_for_update().values_list("pk", flat=True))
        source = CriteriaSet.objects.get(pk=criteria_set.pk)
        copy = CriteriaSet.objects.create(
            version=criteria_set_next_version(),
            name=source.name,
            description=source.description,
            is_active=False,
        )
        Criterion.objects.bulk_create(
            Criterion(
                criteria_set=copy,
                number=criterion.number,
                group=criterion.group,
                text=criterion.text,
                question=criterion.question,
                explanation=criterion.explanation,
            )
            for criterion in source.criteria.all()
        )
        audit_record(
            actor=by,
            action=AuditAction.CREATE,
            obj=copy,
            detail={"criteriaset_versie": copy.version, "kopie_van_versie": source.version},
        )
    return copy


def criteria_set_activate(*, criteria_set: CriteriaSet, by: User) -> CriteriaSet:
    """Make this set the one melders and chairs use, and deactivate the others, atomically.

    The database allows one active set at a time, so the others are switched off first, in the
    same transaction: no moment exists with two active sets, nor (for other readers) with none.
    """
    with transaction.atomic():
        list(CriteriaSet.objects.select_for_update().values_list("pk", flat=True))
        target = CriteriaSet.objects.get(pk=criteria_set.pk)
        if not target.criteria.exists():
            raise ServiceError(f"Versie {target.version} heeft geen criteria en kan daarom niet actief worden.")
        others = CriteriaSet.objects.filter(is_active=True).exclude(pk=target.pk)
        previous = list(others.values_list("version", flat=True))
        others.update(is_active=False)
        if not target.is_active:
            target.is_active = True
            target.save(update_fields=["is_active"])
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=target,
            detail={"criteriaset_versie": target.version, "actief": True, "gedeactiveerd": previous},
        )
    criteria_set.is_active = True
    return target


def criteria_set_save(*, criteria_set: CriteriaSet, by: User) -> CriteriaSet:
    """Store a new set or changes to an unused one; a used set is refused (publish a new version)."""
    with transaction.atomic():
        adding = criteria_set.pk is None
        if not adding:
            CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
            if criteria_set_is_used(criteria_set, fresh=True):
                raise ServiceError(
                    f"Versie {criteria_set.version} is al gebruikt en kan niet meer worden gewijzigd. "
                    "Maak een nieuwe versie."
                )
        criteria_set.save()
        audit_record(
            actor=by,
            action=AuditAction.CREATE if adding else AuditAction.UPDATE,
            obj=criteria_set,
            detail={"criteriaset_versie": criteria_set.version},
        )
    return criteria_set


def criteria_set_delete(*, criteria_set: CriteriaSet, by: User) -> None:
    """Delete an unused, inactive draft; anything else is refused with the reason."""
    with transaction.atomic():
        locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        if locked.is_active:
            raise ServiceError("De actieve criteriaset kan niet worden verwijderd.")
        if criteria_set_is_used(locked, fresh=True):
            raise ServiceError(f"Versie {locked.version} is gebruikt en blijft daarom bewaard.")
        audit_record(
            actor=by, action=AuditAction.DELETE, obj=locked, detail={"criteriaset_versie": locked.version}
        )
        locked.delete()
