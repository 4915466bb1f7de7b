"""Form fields every app's pages share, so a date or a long text asks and complains in the same Dutch.

They know no domain: a label in, a field with the browser's date picker or a bounded textarea out,
with error messages that name the field (the house rule: a clear Dutch error, nothing typed lost).
"""

from django import forms

# Generous, but bounded: a pasted document belongs in an attachment, not in a text field.
MAX_TEXT = 5000


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"Vul in: {label.lower()}.", "invalid": "Vul een geldige datum in."},
    )


def text_field(label: str, *, required: bool = True, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Vul in: {label.lower()}.",
            "max_length": f"Gebruik hoogstens {MAX_TEXT} tekens (het zijn er nu %(show_value)d).",
        },
    )


def line_field(label: str, *, required: bool = True, max_length: int = 200, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": f"Vul in: {label.lower()}.",
            "max_length": f"Gebruik hoogstens {max_length} tekens.",
        },
    )


class _LoadedChoices(forms.models.ModelChoiceIterator):
    """The field's options from the one read of its list (see ``ListChoiceField``)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.rows():
            yield self.choice(row)

    def __len__(self):
        return len(self.field.rows()) + (self.field.empty_label is not None)


class ListChoiceField(forms.ModelChoiceField):
    """A select of a short list (organisations, municipalities) read once per form.

    Django's field reads its list to draw the options and asks the database again for the row
    chosen; a filter that is used and shown read the same table twice on every request (issue
    16: a list page costs at most 12 queries). Here the chosen value is looked up in the list
    already read, with Django's own "not one of the choices" error.
    """

    iterator = _LoadedChoices

    def rows(self) -> list:
        if self._rows is None:
            self._rows = list(self.queryset)
        return self._rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        chosen = getattr(value, key, value)
        for row in self.rows():
            if str(getattr(row, key)) == str(chosen):
                return row
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")

    def _set_queryset(self, queryset):
        # A new list (and each form's own copy of the field: Django sets it there too) is read anew.
        super()._set_queryset(queryset)
        self._rows = None

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)
