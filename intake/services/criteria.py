"""Managing the versioned criteria sets (docs/decisions.md, criteria sets).

A criteria set is data that every pre-check and screening records by version. Once anything
refers to a set, changing its criteria would silently rewrite what that pre-check or screening
meant, so a used set is frozen: a change is published as a new version instead
(`criteria_set_new_version`), and a used set is never deleted. The rules are those of every
versioned kind of data (zvh.core.versioning); this module names the criteria sets' parts and
words, and keeps the service functions the rest of the code calls. The admin ("Beheer") asks
these functions and holds no rules of its own.
"""

from django.db.models import QuerySet

from participants.models import User
from zvh.core.versioning import Part, Versioned

from ..models import CriteriaSet

CRITERIA_SETS = Versioned(
    model=CriteriaSet,
    parts=(Part("criteria", missing="Versie {version} heeft geen criteria en kan daarom niet actief worden."),),
    copy_fields=("name", "description"),
    noun="criteriaset",
    article="de",
    audit_key="criteriaset_versie",
    used_where="in een voortoets of aanmelding",
    parts_words="de criteria",
)


def criteria_sets_with_usage() -> QuerySet[CriteriaSet]:
    """All sets, annotated with `is_used`, in one query however many sets there are."""
    return CRITERIA_SETS.with_usage()


def criteria_set_is_used(criteria_set: CriteriaSet, *, fresh: bool = False) -> bool:
    """Whether a pre-check, a casus (or any later record, such as a screening) refers to this version."""
    return CRITERIA_SETS.is_used(criteria_set, fresh=fresh)


def criteria_set_is_editable(criteria_set: CriteriaSet | None) -> bool:
    return CRITERIA_SETS.is_editable(criteria_set)


def criteria_set_may_delete(criteria_set: CriteriaSet) -> bool:
    return CRITERIA_SETS.may_delete(criteria_set)


def criteria_set_next_version() -> int:
    return CRITERIA_SETS.next_version()


def criteria_set_new_version(*, criteria_set: CriteriaSet, by: User) -> CriteriaSet:
    """Copy a set with its criteria to the next version number, inactive, ready for editing."""
    return CRITERIA_SETS.new_version(version=criteria_set, by=by)


def criteria_set_activate(*, criteria_set: CriteriaSet, by: User) -> CriteriaSet:
    """Make this set the one melders and chairs use, and deactivate the others, atomically."""
    return CRITERIA_SETS.activate(version=criteria_set, by=by)


def criteria_set_save(*, criteria_set: CriteriaSet, by: User) -> CriteriaSet:
    """Store a new set or changes to an unused one; a used set is refused (publish a new version)."""
    return CRITERIA_SETS.save(version=criteria_set, by=by)


def criteria_set_delete(*, criteria_set: CriteriaSet, by: User) -> None:
    """Delete an unused, inactive draft; anything else is refused with the reason."""
    CRITERIA_SETS.delete(version=criteria_set, by=by)
