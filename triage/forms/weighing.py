"""The chair's weighing form: per dimension of the active model a level and a motivation.

Levels are radio buttons (a fieldset with the dimension as legend, rendered by crispy), each
labelled with its score, name and description, so the chair reads what a level means where
they choose it. Everything the chair typed comes back on an error; the service repeats the
checks (a level of this dimension, a motivation of at most 2000 characters).
"""

from django import forms

from ..models import WeighingModel
from ..services.weighing import MOTIVATION_MAX_LENGTH

CHOOSE_LEVEL = "Kies een niveau."


def level_field_name(dimension) -> str:
    return f"niveau_{dimension.pk}"


def motivation_field_name(dimension) -> str:
    return f"motivering_{dimension.pk}"


def level_label(level) -> str:
    return f"{level.score} \u2013 {level.label}" + (f": {level.description}" if level.description else "")


class WeighingForm(forms.Form):
    # The model version the page showed: if "Beheer" activated another version meanwhile, the
    # levels belong to other dimensions and the chair weighs again with the new one.
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, model: WeighingModel, weighing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model
        self.dimensions = list(model.dimensions.all())
        self.fields["versie"].initial = model.version
        existing = {score.dimension_id: score for score in weighing.scores.all()} if weighing else {}
        for dimension in self.dimensions:
            score = existing.get(dimension.pk)
            self.fields[level_field_name(dimension)] = forms.TypedChoiceField(
                label=f"Niveau voor \u2018{dimension.name}\u2019",
                choices=[(level.pk, level_label(level)) for level in dimension.levels.all()],
                coerce=int,
                widget=forms.RadioSelect,
                initial=score.level_id if score else None,
                error_messages={"required": CHOOSE_LEVEL, "invalid_choice": CHOOSE_LEVEL},
            )
            self.fields[motivation_field_name(dimension)] = forms.CharField(
                label=f"Motivering bij \u2018{dimension.name}\u2019",
                help_text=f"Kort: waarom dit niveau? Hoogstens {MOTIVATION_MAX_LENGTH} tekens.",
                max_length=MOTIVATION_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=score.motivation if score else "",
                error_messages={
                    "required": "Geef een korte motivering bij het gekozen niveau.",
                    "max_length": f"Gebruik hoogstens {MOTIVATION_MAX_LENGTH} tekens (het zijn er nu %(show_value)d).",
                },
            )

    @property
    def dimension_fields(self) -> list[tuple[object, forms.BoundField, forms.BoundField]]:
        """(dimension, level field, motivation field) in the model's order, for the template."""
        return [(d, self[level_field_name(d)], self[motivation_field_name(d)]) for d in self.dimensions]

    def clean(self):
        cleaned = super().clean()
        shown = cleaned.get("versie")
        if shown is not None and shown != self.model.version:
            # The page comes back with the new version, so the next submit is not refused again.
            self.data = self.data.copy()
            self.data["versie"] = self.model.version
            raise forms.ValidationError(
                "Het de-escalatiemodel is intussen vervangen door versie %(version)s. "
                "Controleer de niveaus en motiveringen hieronder en sla de weging opnieuw op.",
                params={"version": self.model.version},
            )
        return cleaned

    def scores(self) -> dict[int, tuple[int, str]]:
        """What weighing_save takes: {dimension id: (level id, motivation)}."""
        return {
            d.pk: (self.cleaned_data[level_field_name(d)], self.cleaned_data[motivation_field_name(d)])
            for d in self.dimensions
        }
