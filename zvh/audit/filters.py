import datetime

import django_filters
from django import forms
from django.utils import timezone

from .constants import AuditAction
from .models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label="Gebruikersnaam", lookup_expr="iexact")
    case_reference = django_filters.CharFilter(label="Casusnummer", lookup_expr="iexact")
    action = django_filters.ChoiceFilter(label="Actie", choices=AuditAction.choices, empty_label="Alle acties")
    # Ranges on the stored moment, from local midnight to local midnight, so the index on `at`
    # serves them (``at__date`` converts every row's time first and reads the whole log).
    from_date = django_filters.DateFilter(
        label="Vanaf", method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    to_date = django_filters.DateFilter(
        label="Tot en met", method="filter_to", widget=forms.DateInput(attrs={"type": "date"})
    )

    def filter_from(self, queryset, name, value):
        return queryset.filter(at__gte=_local_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(at__lt=_local_midnight(value + datetime.timedelta(days=1)))

    class Meta:
        model = AuditEvent
        fields = ["username", "case_reference", "action", "from_date", "to_date"]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    """The start of ``day`` in the display time zone (Europe/Amsterdam), as an aware moment."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
