import django_filters
from django import forms

from .constants import AuditAction
from .models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label="Gebruikersnaam", lookup_expr="iexact")
    case_reference = django_filters.CharFilter(label="Casusnummer", lookup_expr="iexact")
    action = django_filters.ChoiceFilter(label="Actie", choices=AuditAction.choices, empty_label="Alle acties")
    from_date = django_filters.DateFilter(
        label="Vanaf", field_name="at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    to_date = django_filters.DateFilter(
        label="Tot en met", field_name="at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEvent
        fields = ["username", "case_reference", "action", "from_date", "to_date"]
