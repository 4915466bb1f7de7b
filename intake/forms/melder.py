"""Forms of the melder's follow-up actions: withdraw a registration, answer the ZVH's question.

They only collect and check the text; whether the action is allowed is the service's call.
"""

from django import forms

# Generous, but bounded: a pasted document belongs in an attachment, not in this field.
MAX_TEXT = 5000


def _text_field(*, label: str, required_message: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": required_message,
            "max_length": f"Gebruik hoogstens {MAX_TEXT} tekens (het zijn er nu %(show_value)d).",
        },
    )


class WithdrawForm(forms.Form):
    reason = _text_field(
        label="Reden van intrekken",
        required_message="Geef aan waarom u de aanmelding intrekt.",
        help_text="Het ZVH ziet deze reden in de statusgeschiedenis van de casus.",
    )


class AnswerForm(forms.Form):
    answer = _text_field(
        label="Uw antwoord",
        required_message="Vul uw antwoord in.",
        help_text="Na uw antwoord gaat de aanmelding terug naar de screening.",
    )
