"""Beheer (the Django admin) accessible to WCAG 2.1 AA where Django's own admin falls short.

A tabular inline shows its fields as table columns with the names only in the header row, so
each input has no label of its own: a screen reader announces "edit text" sixteen times.
`LabelledInlineFormSet` gives every field of every row an accessible name, the column's label
plus the row number ("Naam, rij 2"); the delete checkbox included.
"""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet


class LabelledInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = "nieuwe rij" if index is None else f"rij {index + 1}"
        for field in form.fields.values():
            field.widget.attrs.setdefault("aria-label", f"{field.label}, {row}")


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet
