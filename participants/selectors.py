"""Reads of the partner network that several apps share."""

from django.db.models import QuerySet

from .constants import FIXED_PARTNER_KINDS
from .models import Organisation


def fixed_partner_organisations() -> QuerySet[Organisation]:
    """The active fixed participants of every Integrale Triage (process step 5, docs/architecture.md), by name.

    One definition for everyone who addresses "the fixed partners": the agenda and the
    reminders of a meeting, and the first casusoverleg of a PGA. (The bekendheidscheck asks
    these partners minus the ZVH itself: ``triage.services.verrijking.check_partner_organisations``.)
    """
    return Organisation.objects.filter(is_active=True, kind__in=FIXED_PARTNER_KINDS).order_by("name")
