"""Filters and sorting of "Mijn dossiers" and the chairs' overview.

Like "Mijn aanmeldingen", no free-text search on names: the audit log records which filter
fields were used, never their values (docs/decisions.md).
"""

import django_filters
from django import forms

from participants.models import User
from triage.forms.decisions import UserChoiceField, procesregisseurs

from .constants import DossierPhase
from .models import PgaDossier
from .selectors.dossiers import attention_q, running_q

VIEW_CHOICES = [("lopend", "Lopende dossiers"), ("afgesloten", "Afgesloten dossiers"), ("alle", "Alle dossiers")]


class DossierFilter(django_filters.FilterSet):
    weergave = django_filters.ChoiceFilter(
        label="Weergave", choices=VIEW_CHOICES, empty_label=None, method="filter_view", null_value=None
    )
    phase = django_filters.ChoiceFilter(label="Fase", choices=DossierPhase.choices, empty_label="Alle fasen")
    aandacht = django_filters.BooleanFilter(
        label="Alleen met iets over datum", widget=forms.CheckboxInput, method="filter_attention"
    )
    sortering = django_filters.OrderingFilter(
        label="Sorteren op",
        fields=(("next_date", "volgende_datum"), ("started_at", "gestart")),
        field_labels={"next_date": "Eerstvolgende datum", "started_at": "Startdatum"},
        empty_label=None,
    )

    class Meta:
        model = PgaDossier
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("weergave", "lopend")
        super().__init__(data, *args, **kwargs)

    def filter_view(self, queryset, name, value):
        if value == "lopend":
            return queryset.filter(running_q())
        if value == "afgesloten":
            return queryset.exclude(running_q())
        return queryset

    def filter_attention(self, queryset, name, value):
        return queryset.filter(attention_q()) if value else queryset


class UserChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField  # users by their display name


class ChairDossierFilter(DossierFilter):
    procesregisseur = UserChoiceFilter(
        label="Procesregisseur", queryset=User.objects.none(), empty_label="Alle procesregisseurs"
    )

    class Meta:
        model = PgaDossier
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["procesregisseur"].queryset = procesregisseurs()
