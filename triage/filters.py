"""Filters and sorting of the chairs' screening queue.

Decisions where the issue is silent:
- The age of a registration is whole days since submission in Europe/Amsterdam dates, the
  same number the queue shows; "minimaal 7 dagen" includes the case submitted 7 days ago.
- The municipality is that of any betrokkene of the case.
- Sorting by urgency puts "hoog" first; within the same urgency (or age) the target triage
  date and then the submission time decide, so the order is stable between page loads.
- Like "Mijn aanmeldingen", the audit entry names the filters used, never their values.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils import timezone

from intake.constants import CasusStatus, Urgency
from intake.filters import MyCasesFilter
from intake.models import Betrokkene, Casus
from participants.models import Municipality, Organisation
from zvh.core.forms import ListChoiceField

from .selectors.screening import start_of_day


class ListChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter on one row of a short list, read once for both the check and the options."""

    field_class = ListChoiceField


SORT_BY_DATE = "datum"
SORT_CHOICES = [
    (SORT_BY_DATE, "Beoogde triagedatum (eerstvolgende eerst)"),
    ("leeftijd", "Leeftijd (langst wachtend eerst)"),
    ("urgentie", "Urgentie (hoog eerst)"),
]
_URGENCY_RANK = Case(When(urgency=Urgency.HOOG, then=Value(0)), default=Value(1), output_field=IntegerField())
_ORDERINGS = {
    SORT_BY_DATE: ("target_triage_date", "submitted_at"),
    "leeftijd": ("submitted_at", "target_triage_date"),
    "urgentie": ("urgency_rank", "target_triage_date", "submitted_at"),
}
MAX_AGE_DAYS = 3650


def _age_field(label: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        label=label,
        method="filter_age",
        min_value=0,
        max_value=MAX_AGE_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages={
            "invalid": "Vul een aantal dagen in, bijvoorbeeld 7.",
            "min_value": "Vul 0 of meer dagen in.",
            "max_value": f"Vul hoogstens {MAX_AGE_DAYS} dagen in.",
        },
    )


class ScreeningQueueFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(s.value, s.label) for s in (CasusStatus.AANGEMELD, CasusStatus.AANVULLING_GEVRAAGD)],
        empty_label="Alle",
    )
    triagedatum = django_filters.DateFilter(
        label="Beoogde triagedatum",
        field_name="target_triage_date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Vul een datum in, bijvoorbeeld 10-12-2026."},
    )
    organisatie = ListChoiceFilter(
        label="Aanmeldende organisatie",
        field_name="organisation",
        queryset=Organisation.objects.filter(may_register=True).order_by("name"),
        empty_label="Alle organisaties",
    )
    gemeente = ListChoiceFilter(
        label="Gemeente van een betrokkene",
        queryset=Municipality.objects.order_by("name"),
        empty_label="Alle gemeenten",
        method="filter_municipality",
    )
    urgentie = django_filters.ChoiceFilter(
        label="Urgentie", field_name="urgency", choices=Urgency.choices, empty_label="Alle"
    )
    leeftijd_vanaf = _age_field("Minimaal (dagen)")
    leeftijd_tot = _age_field("Hoogstens (dagen)")
    sorteer = django_filters.ChoiceFilter(
        label="Sorteren op", choices=SORT_CHOICES, method="sort", empty_label=None, null_value=None
    )

    class Meta:
        model = Casus
        fields = ["status", "triagedatum", "organisatie", "gemeente", "urgentie", "leeftijd_vanaf", "leeftijd_tot"]

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        for field in self.form.fields.values():
            if hasattr(field, "error_messages") and "invalid_choice" in field.error_messages:
                field.error_messages["invalid_choice"] = "Kies een waarde uit de lijst."

    @property
    def sort_key(self) -> str:
        value = self.form.cleaned_data.get("sorteer") if self.form.is_valid() else None
        return value if value in _ORDERINGS else SORT_BY_DATE

    @property
    def qs(self) -> QuerySet[Casus]:
        # Sorting always applies, also when nothing was chosen (the default: per triage date).
        queryset = super().qs
        return queryset.annotate(urgency_rank=_URGENCY_RANK).order_by(*_ORDERINGS[self.sort_key])

    def sort(self, queryset, name, value):
        return queryset  # applied in `qs`, after every filter

    def filter_municipality(self, queryset, name, value):
        """Cases with a betrokkene living there, each once: EXISTS, not a join made DISTINCT again
        (DISTINCT over every column of the case was what made the queue slow, issue 16)."""
        if value is None:
            return queryset
        return queryset.filter(Exists(Betrokkene.objects.filter(casus=OuterRef("pk"), municipality=value)))

    def filter_age(self, queryset, name, value):
        if value is None:
            return queryset
        days = int(value)
        if name == "leeftijd_vanaf":  # submitted on or before today - days
            return queryset.filter(submitted_at__lt=start_of_day(self.today - datetime.timedelta(days=days - 1)))
        return queryset.filter(submitted_at__gte=start_of_day(self.today - datetime.timedelta(days=days)))

    # The audit entry names the filters used; the same rule as "Mijn aanmeldingen".
    used_field_names = MyCasesFilter.used_field_names
