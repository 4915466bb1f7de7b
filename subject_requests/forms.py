"""The forms of the request pages. They collect and check input; the services check the rules again."""

from django import forms
from django.core.exceptions import ValidationError

from intake.models.casus import validate_bsn
from zvh.core.forms import date_field, line_field, text_field

from .constants import (
    CORRECTABLE_FIELDS,
    AnswerOutcome,
    IdentityCheck,
    ObjectionDecision,
    Requester,
    RequestKind,
    SearchBy,
)

DUTCH_DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]


def _choice(label: str, choices, *, radio: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={"required": f"Kies: {label.lower()}.", "invalid_choice": f"Kies: {label.lower()}."},
    )


def _bsn(value: str) -> str:
    value = (value or "").replace(" ", "").replace(".", "")
    if value:
        validate_bsn(value)
    return value


class RegisterForm(forms.Form):
    kind = _choice("Soort verzoek", RequestKind.choices)
    requester = _choice("Wie doet het verzoek", Requester.choices)
    representative_name = line_field(
        "Naam vertegenwoordiger", help_text="Alleen bij een vertegenwoordiger.", required=False
    )
    identity_check = _choice("Identiteit gecontroleerd met", IdentityCheck.choices, radio=False)
    identity_note = text_field(
        "Toelichting identiteitscontrole",
        rows=2,
        help_text="Bijvoorbeeld: rijbewijs getoond aan de balie. Noteer geen documentnummers.",
    )
    received_on = date_field("Ontvangen op")
    first_names = line_field("Voornamen van de betrokkene", required=False)
    surname_prefix = line_field("Tussenvoegsel", max_length=20, required=False)
    surname = line_field("Achternaam van de betrokkene")
    date_of_birth = date_field("Geboortedatum", required=False)
    bsn = line_field("BSN", max_length=11, help_text="Als de betrokkene het heeft opgegeven.", required=False)

    def clean_bsn(self):
        return _bsn(self.cleaned_data["bsn"])

    def clean(self):
        data = super().clean()
        if data.get("requester") == Requester.VERTEGENWOORDIGER and not data.get("representative_name", "").strip():
            self.add_error("representative_name", "Vul de naam van de vertegenwoordiger in.")
        return data


class SearchForm(forms.Form):
    by = _choice("Zoeken op", SearchBy.choices)
    bsn = line_field("BSN", max_length=11, required=False)
    surname = line_field("Achternaam (zonder tussenvoegsel)", required=False)
    first_names = line_field("Eerste voornaam", help_text="Niet verplicht; maakt de zoekvraag nauwer.", required=False)
    date_of_birth = date_field("Geboortedatum", required=False)

    def clean_bsn(self):
        return _bsn(self.cleaned_data["bsn"])

    def clean(self):
        data = super().clean()
        if data.get("by") == SearchBy.BSN and not data.get("bsn") and "bsn" not in self.errors:
            self.add_error("bsn", "Vul het BSN in om op BSN te zoeken.")
        if data.get("by") == SearchBy.NAAM:
            if not data.get("surname", "").strip():
                self.add_error("surname", "Vul de achternaam in om op naam en geboortedatum te zoeken.")
            if not data.get("date_of_birth") and "date_of_birth" not in self.errors:
                self.add_error("date_of_birth", "Vul de geboortedatum in om op naam en geboortedatum te zoeken.")
        return data


class ExtendForm(forms.Form):
    reason = text_field("Reden van de verlenging", help_text="De betrokkene krijgt deze reden binnen de eerste maand.")


class AnswerForm(forms.Form):
    outcome = _choice("Uitkomst", AnswerOutcome.choices)
    answered_on = date_field("Antwoord verstuurd op")
    note = text_field("Toelichting", required=False, help_text="Verplicht bij een (deels) afgewezen verzoek.")


class CorrectForm(forms.Form):
    field = _choice("Welk gegeven", list(CORRECTABLE_FIELDS.items()), radio=False)
    value = line_field(
        "Juiste waarde", help_text="Een datum als dd-mm-jjjj. Leeg laten maakt het gegeven leeg.", required=False
    )

    def clean(self):
        data = super().clean()
        field, value = data.get("field"), (data.get("value") or "").strip()
        try:
            if field == "date_of_birth" and value:
                data["value"] = forms.DateField(input_formats=DUTCH_DATE_FORMATS).clean(value)
            elif field == "bsn":
                data["value"] = _bsn(value)
            elif field == "surname" and not value:
                raise ValidationError("De achternaam kan niet leeg zijn.")
        except ValidationError as error:
            message = "Vul een geldige datum in (dd-mm-jjjj)." if field == "date_of_birth" else " ".join(error.messages)
            self.add_error("value", message)
        return data


class ObjectionDecisionForm(forms.Form):
    decision = _choice("Besluit", [c for c in ObjectionDecision.choices if c[0] != ObjectionDecision.OPEN])
    note = text_field(
        "Motivering", help_text="Waarom de verwerking stopt of doorgaat; de betrokkene krijgt deze motivering."
    )
