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
