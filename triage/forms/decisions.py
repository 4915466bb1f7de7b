"""The three decision forms of a triage slot. They collect and check input; the rules are the
service's (triage.services.decisions), which checks everything again.

Each form has its own prefix on the page, so the three can stand side by side and a failed
one comes back with what was typed while the others stay empty.
"""

from django import forms
from django.db.models import QuerySet

from intake.forms.melder import _text_field
from participants.constants import Role
from participants.models import Organisation, User
from participants.selectors import fixed_partner_organisations

from ..constants import NotDiscussedReason
from ..services.decisions import Invitee
from ..services.verrijking import incidental_partner_organisations
from .verrijking import IncidentalPartnerForm


def _optional(field: forms.CharField) -> forms.CharField:
    field.required = False
    return field


def procesregisseurs() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, groups__name=Role.PROCESREGISSEUR)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class GeenPgaForm(forms.Form):
    prefix = "geen_pga"

    advice = _text_field(
        label="Advies aan de melder",
        required_message="Schrijf het advies aan de melder: welke andere ondersteuning of vervolgstappen.",
        help_text="De melder leest dit advies na de triage in de applicatie en in de besluitbrief. "
        "Schrijf het zo dat het zo verstuurd kan worden.",
    )
    motivation = _optional(
        _text_field(
            label="Motivering van de triage (optioneel)",
            required_message="",
            help_text="Blijft bij het ZVH; de melder ziet dit niet.",
        )
    )


class IncidentalInviteeForm(forms.Form):
    """One incidental participant of the first casusoverleg, with the same ground fields as in the verrijking."""

    organisation = forms.ModelChoiceField(
        label="Organisatie",
        queryset=incidental_partner_organisations().order_by("name"),
        empty_label="Kies een organisatie",
        error_messages={
            "required": "Kies de organisatie die u wilt uitnodigen.",
            "invalid_choice": "Kies een organisatie uit de lijst.",
        },
    )
    ground = IncidentalPartnerForm.base_fields["ground"]
    explanation = IncidentalPartnerForm.base_fields["explanation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A row left empty is not used, so no field is marked required; a row that was begun
        # needs all three, which clean() checks with each field's own Dutch message.
        self.required_messages = {name: field.error_messages["required"] for name, field in self.fields.items()}
        for field in self.fields.values():
            field.required = False

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in self.fields):
            for name, message in self.required_messages.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


class BaseIncidentalFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            organisation = getattr(form, "cleaned_data", {}).get("organisation")
            if organisation is None:
                continue
            if organisation.pk in seen:
                form.add_error("organisation", "Deze organisatie staat er al.")
            seen.add(organisation.pk)


IncidentalFormSet = forms.formset_factory(IncidentalInviteeForm, formset=BaseIncidentalFormSet, extra=3)


class PgaForm(forms.Form):
    """PGA: the procesregisseur, the fixed partners (all ticked to start with) and incidental ones."""

    prefix = "pga"

    procesregisseur = UserChoiceField(
        label="Procesregisseur",
        queryset=User.objects.none(),
        empty_label="Kies een procesregisseur",
        error_messages={
            "required": "Kies de procesregisseur die de persoonsgerichte aanpak gaat voeren.",
            "invalid_choice": "Kies een procesregisseur uit de lijst.",
        },
    )
    fixed_partners = forms.ModelMultipleChoiceField(
        label="Vaste partners in het eerste casusoverleg",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies vaste partners uit de lijst."},
    )
    motivation = _optional(
        _text_field(
            label="Motivering van de triage (optioneel)",
            required_message="",
            help_text="Blijft bij het ZVH en de procesregisseur; de melder ziet dit niet.",
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procesregisseur"].queryset = procesregisseurs()
        fixed = fixed_partner_organisations()
        self.fields["fixed_partners"].queryset = fixed
        if not self.is_bound:
            self.initial.setdefault("fixed_partners", list(fixed))
        self.incidental = IncidentalFormSet(self.data or None, prefix="incidenteel")

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.incidental.is_valid() and valid

    def invitees(self) -> list[Invitee]:
        fixed = [Invitee(organisation) for organisation in self.cleaned_data["fixed_partners"]]
        incidental = [
            Invitee(form.cleaned_data["organisation"], form.cleaned_data["ground"], form.cleaned_data["explanation"])
            for form in self.incidental.forms
            if form.has_changed() and form.cleaned_data
        ]
        return fixed + incidental


class NotDiscussedForm(forms.Form):
    prefix = "niet_besproken"

    reason = forms.ChoiceField(
        label="Waarom is de casus niet besproken?",
        choices=NotDiscussedReason.choices,
        widget=forms.RadioSelect,
        help_text="De casus schuift door naar de volgende triage; de melder hoort dit na afloop.",
        error_messages={"required": "Kies waarom de casus niet is besproken."},
    )
