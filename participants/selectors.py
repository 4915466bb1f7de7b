"""Reads of the partner network that several apps share."""

from django.db.models import QuerySet

from .constants import FIXED_PARTNER_KINDS, Role
from .models import Organisation, User


def fixed_partner_organisations() -> QuerySet[Organisation]:
    """The active fixed participants of every Integrale Triage (process step 5, docs/architecture.md), by name.

    One definition for everyone who addresses "the fixed partners": the agenda and the
    reminders of a meeting, and the first casusoverleg of a PGA. (The bekendheidscheck asks
    these partners minus the ZVH itself: ``triage.services.verrijking.check_partner_organisations``.)
    """
    return Organisation.objects.filter(is_active=True, kind__in=FIXED_PARTNER_KINDS).order_by("name")


def role_mail_addresses(role: Role) -> list[str]:
    """The mail addresses of the active users with ``role``, for a notice to everyone who holds it."""
    users = User.objects.filter(is_active=True, groups__name=role).exclude(email="").distinct()
    return sorted(users.values_list("email", flat=True))
