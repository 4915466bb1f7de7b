"""The pre-check form: one ja/nee question per criterion of the active set, and the municipality.

Everything is a choice, so hostile input can only be an unknown choice: it is refused with a
Dutch message next to the field. Whether the melder's organisation may register is a fact about
the organisation, shown on the page and never asked.
"""

from django import forms
from django.utils.html import escape

from participants.models import Municipality

from ..models import CriteriaSet, Criterion

UNKNOWN_MUNICIPALITY = "onbekend"
YES_NO = [("ja", "Ja"), ("nee", "Nee")]
CHOOSE_YES_OR_NO = "Kies ja of nee."


def municipality_choices() -> list:
    """The region's municipalities first, then the others, each by name; "unknown" on top."""
    in_region, elsewhere = [], []
    for municipality in Municipality.objects.order_by("name").only("pk", "name", "in_region"):
        (in_region if municipality.in_region else elsewhere).append((str(municipality.pk), municipality.name))
    return [
        ("", "Kies een gemeente"),
        (UNKNOWN_MUNICIPALITY, "Weet ik niet / geen vaste woonplaats"),
        ("In onze regio", in_region),
        ("Buiten onze regio", elsewhere),
    ]


def criterion_field_name(criterion: Criterion) -> str:
    return f"criterium_{criterion.pk}"


class PreCheckForm(forms.Form):
    # The version the questions came from: if the active set changed while the melder was
    # answering, the answers belong to other criteria and are asked again.
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)
    gemeente = forms.ChoiceField(
        label="In welke gemeente woont de betrokkene?",
        help_text="Waar de betrokkene staat ingeschreven of feitelijk woont.",
        error_messages={
            "required": "Kies de gemeente van de betrokkene, of \u2018Weet ik niet / geen vaste woonplaats\u2019.",
            "invalid_choice": "Kies een gemeente uit de lijst.",
        },
    )

    def __init__(self, *args, criteria_set: CriteriaSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_set = criteria_set
        self.criteria = list(criteria_set.criteria.all())
        self.fields["versie"].initial = criteria_set.version
        self.fields["gemeente"].choices = municipality_choices()
        for criterion in self.criteria:
            self.fields[criterion_field_name(criterion)] = forms.TypedChoiceField(
                label=f"{criterion.number}. {criterion.question}",
                choices=YES_NO,
                coerce=lambda value: value == "ja",
                widget=forms.RadioSelect,
                # Crispy renders help text unescaped; the explanation is typed in "Beheer".
                help_text=escape(criterion.explanation),
                error_messages={"required": CHOOSE_YES_OR_NO, "invalid_choice": CHOOSE_YES_OR_NO},
            )
        # The municipality comes after the questions on the page.
        self.order_fields([*(criterion_field_name(c) for c in self.criteria), "gemeente", "versie"])

    @property
    def criterion_fields(self) -> list[forms.BoundField]:
        return [self[criterion_field_name(c)] for c in self.criteria]

    def clean_gemeente(self) -> Municipality | None:
        value = self.cleaned_data["gemeente"]
        if value == UNKNOWN_MUNICIPALITY:
            return None
        municipality = Municipality.objects.filter(pk=value).first()
        if municipality is None:  # deleted between showing and sending the page
            raise forms.ValidationError("Kies een gemeente uit de lijst.")
        return municipality

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("versie") != self.criteria_set.version:
            raise forms.ValidationError(
                "De criteria zijn gewijzigd terwijl u de vragen beantwoordde. Beantwoord de vragen hieronder opnieuw."
            )
        return cleaned

    @property
    def answers(self) -> dict[int, bool]:
        """Criterion id -> yes/no, for `precheck_evaluate`; only valid after `is_valid()`."""
        return {c.pk: self.cleaned_data[criterion_field_name(c)] for c in self.criteria}

    @property
    def municipality(self) -> Municipality | None:
        return self.cleaned_data["gemeente"]
