"""Forms of the screening: the chair's decision on one registration, and the contact with the melder.

They collect and check what was typed; whether the decision is allowed (the case's state, the
criteria being met) is the service's call, and its refusal is shown on the same page.
"""

from collections.abc import Iterable

from django import forms

from intake.forms.melder import _text_field
from intake.forms.precheck import CHOOSE_YES_OR_NO, YES_NO
from intake.models import Criterion

from ..constants import RejectionCategory, ScreeningOutcome

DECISION_LABELS = {
    ScreeningOutcome.ACCEPTED: "Accepteren: de casus gaat door naar de verrijking",
    ScreeningOutcome.INFORMATION_REQUESTED: "De melder om aanvulling vragen",
    ScreeningOutcome.REJECTED: "Afwijzen: de casus hoort niet in het ZVH",
}


def _text(*, label: str, required_message: str, help_text: str = "", required: bool = True) -> forms.CharField:
    """The melder forms' bounded text field, optional where the decision decides (see `clean`)."""
    field = _text_field(label=label, required_message=required_message, help_text=help_text)
    field.required = field.widget.is_required = required
    field.widget.attrs["rows"] = 4
    return field


def criterion_field_name(criterion: Criterion) -> str:
    return f"oordeel_{criterion.pk}"


class ScreeningDecisionForm(forms.Form):
    """A ja/nee per criterion, the decision, its motivation and what the decision needs."""

    besluit = forms.ChoiceField(
        label="Uw besluit",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies een besluit.", "invalid_choice": "Kies een van de besluiten."},
    )
    motivering = _text(
        label="Motivering van uw besluit",
        help_text="Voor het ZVH. De melder ziet deze motivering niet.",
        required_message="Motiveer uw besluit.",
    )
    vraag = _text(
        label="Vraag aan de melder",
        help_text="Alleen bij 'om aanvulling vragen'. De melder ziet deze vraag en beantwoordt haar in het systeem.",
        required_message="Vul de vraag aan de melder in.",
        required=False,
    )
    categorie = forms.ChoiceField(
        label="Reden van de afwijzing",
        choices=RejectionCategory.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Alleen bij afwijzen.",
        error_messages={"invalid_choice": "Kies een van de redenen."},
    )
    # The case as the chair saw it (intake.selectors.casus_version): a decision on a case that
    # changed meanwhile is refused by the service, with the typed text kept.
    versie = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": "Deze pagina is verouderd. Laad haar opnieuw.",
            "invalid": "Deze pagina is verouderd. Laad haar opnieuw.",
            "min_value": "Deze pagina is verouderd. Laad haar opnieuw.",
        },
    )
    advies = _text(
        label="Advies aan de melder",
        help_text="Alleen bij afwijzen. De melder ziet dit advies in het systeem: waar kan de casus wel terecht?",
        required_message="Geef de melder een advies.",
        required=False,
    )

    def __init__(self, *args, criteria: Iterable[Criterion], outcomes: Iterable[ScreeningOutcome], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.fields["besluit"].choices = [(outcome.value, DECISION_LABELS[outcome]) for outcome in outcomes]
        for criterion in self.criteria:
            self.fields[criterion_field_name(criterion)] = forms.TypedChoiceField(
                label=f"Voldoet de casus aan criterium {criterion.number}?",
                choices=YES_NO,
                coerce=lambda value: value == "ja",
                empty_value=None,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": CHOOSE_YES_OR_NO},
            )
        self.order_fields([criterion_field_name(c) for c in self.criteria])

    @property
    def criterion_fields(self) -> list[forms.BoundField]:
        return [self[criterion_field_name(c)] for c in self.criteria]

    def judgement(self) -> dict[int, bool]:
        """{criterion id: ja/nee} for the criteria the chair judged."""
        judged = {c.pk: self.cleaned_data.get(criterion_field_name(c)) for c in self.criteria}
        return {pk: value for pk, value in judged.items() if value is not None}

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("besluit")
        if decision == ScreeningOutcome.ACCEPTED:
            for criterion in self.criteria:
                name = criterion_field_name(criterion)
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, "Kies ja of nee: bij accepteren beoordeelt u elk criterium.")
        elif decision == ScreeningOutcome.INFORMATION_REQUESTED:
            if not (cleaned.get("vraag") or "").strip() and "vraag" not in self.errors:
                self.add_error("vraag", "Vul de vraag aan de melder in.")
        elif decision == ScreeningOutcome.REJECTED:
            if not cleaned.get("categorie") and "categorie" not in self.errors:
                self.add_error("categorie", "Kies de reden van de afwijzing.")
            if not (cleaned.get("advies") or "").strip() and "advies" not in self.errors:
                self.add_error("advies", "Geef de melder een advies: waar kan deze casus wel terecht?")
        return cleaned


CONTACT_CHANNELS = [
    ("telefonisch", "Telefonisch"),
    ("e-mail", "Per e-mail"),
    ("anders", "Anders (bijvoorbeeld persoonlijk)"),
]


class MelderContactForm(forms.Form):
    """How and when the chair told the melder; required before the registration is deleted."""

    kanaal = forms.ChoiceField(
        label="Hoe heeft u de melder geïnformeerd?",
        choices=CONTACT_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies hoe u de melder heeft geïnformeerd.",
            "invalid_choice": "Kies een van de mogelijkheden.",
        },
    )
    notitie = _text(
        label="Korte notitie",
        help_text="Bijvoorbeeld: wie u sprak en wanneer. Zet er geen gegevens van de betrokkene in.",
        required_message="Beschrijf kort hoe en wanneer u de melder heeft geïnformeerd.",
    )

    def contact_note(self) -> str:
        """What the service records: the channel in words, then the note."""
        channel = dict(CONTACT_CHANNELS)[self.cleaned_data["kanaal"]]
        return f"{channel}: {self.cleaned_data['notitie'].strip()}"
