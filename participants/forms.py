from django import forms


class TotpCodeForm(forms.Form):
    """The six digits from the authenticator app; spaces (as some apps show them) are ignored."""

    code = forms.CharField(
        label="Code uit uw authenticator-app",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
        error_messages={"required": "Vul de code van zes cijfers in."},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("De code bestaat uit zes cijfers.")
        return code
