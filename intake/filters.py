"""Filters of "Mijn aanmeldingen".

Decision: the free-text search matches the casusnummer only, not betrokkene names or BSNs.
A search on personal data is itself a processing of personal data that the audit log would
have to record with its term, while the log must hold no personal data (zvh.audit). The
reference is what a melder quotes on the phone; names they find by scanning their own list.
The audit entry of the list records which filter FIELDS were used, never their values.
"""

import django_filters
from django import forms

from .constants import CasusStatus
from .models import Casus
from .presentation import STATUS_GROUPS

GROUP_PREFIX = "groep-"

# Grouped first (what a melder usually wants), then each status a melder can see.
STATUS_FILTER_CHOICES = [
    ("Groepen", [(GROUP_PREFIX + group.key, group.label) for group in STATUS_GROUPS]),
    (
        "Per status",
        [(status.value, status.label) for status in CasusStatus if status != CasusStatus.VERWIJDERD],
    ),
]
_GROUPS_BY_VALUE = {GROUP_PREFIX + group.key: group.statuses for group in STATUS_GROUPS}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MyCasesFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUS_FILTER_CHOICES, empty_label="Alle statussen", method="filter_status"
    )
    triage_from = django_filters.DateFilter(
        label="Vanaf", field_name="target_triage_date", lookup_expr="gte", widget=_date_input()
    )
    triage_to = django_filters.DateFilter(
        label="Tot en met", field_name="target_triage_date", lookup_expr="lte", widget=_date_input()
    )
    reference = django_filters.CharFilter(
        label="Casusnummer",
        lookup_expr="icontains",
        help_text="Bijvoorbeeld ZVH-2026-00042, of een deel daarvan.",
        max_length=32,
    )
    mine = django_filters.BooleanFilter(
        label="Alleen mijn eigen aanmeldingen", widget=forms.CheckboxInput, method="filter_mine"
    )

    class Meta:
        model = Casus
        fields = ["status", "triage_from", "triage_to", "reference", "mine"]

    def filter_status(self, queryset, name, value):
        statuses = _GROUPS_BY_VALUE.get(value, {value})
        return queryset.filter(status__in=statuses)

    def filter_mine(self, queryset, name, value):
        # An unticked checkbox means "everything I may see", not "only my colleagues' cases".
        return queryset.filter(melder=self.request.user) if value else queryset

    def used_field_names(self) -> list[str]:
        """The declared filters the user filled in: safe for the audit log (names, no values)."""
        return sorted(name for name in self.filters if self.data.get(name) not in (None, "", "false"))
