"""The extension form. It collects and checks input; the service checks the rules again."""

from django import forms

MAX_REASON = 3000


class ExtensionForm(forms.Form):
    until = forms.DateField(
        label="Nieuwe verwijderdatum",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Vul de nieuwe verwijderdatum in.", "invalid": "Vul een geldige datum in."},
    )
    reason = forms.CharField(
        label="Reden van de verlenging",
        help_text="Waarom zijn de gegevens langer nodig? Noem geen namen; de reden wordt met de casus verwijderd.",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Geef de reden van de verlenging.",
            "max_length": f"Gebruik hoogstens {MAX_REASON} tekens (het zijn er nu %(show_value)d).",
        },
    )
