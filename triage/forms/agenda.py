"""Forms of the agenda page: which cases move on, the order of the slots, and finalising.

Each form carries the order of the ready items the chair saw (``version``). When the agenda
changed meanwhile (a colleague moved a case, another tab), the form says so in Dutch instead of
applying a choice made on an older page. Whether the action is allowed is the service's call.
"""

from django import forms

from ..selectors.agenda import Agenda
from ..services.agenda import STALE_MESSAGE as STALE


def _parse_ids(value: str) -> list[int] | None:
    """ "12,7,9" as ids; None when it is not such a list."""
    if not value:
        return []
    try:
        return [int(part) for part in value.split(",")]
    except ValueError:
        return None


class AgendaForm(forms.Form):
    """Base: the hidden ``version`` must match the agenda as it is now."""

    # Rendered by the template from the agenda as it is now, also next to a bound form with errors.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agenda: Agenda, **kwargs):
        self.agenda = agenda
        super().__init__(*args, **kwargs)

    def clean_version(self) -> list[int]:
        ids = _parse_ids(self.cleaned_data["version"])
        if ids is None or ids != [row.pk for row in self.agenda.ready]:
            raise forms.ValidationError(STALE)
        return ids


class OverflowForm(AgendaForm):
    """The cases that move on to the next triage; the system's proposal is preselected."""

    items = forms.TypedMultipleChoiceField(
        label="Doorschuiven naar de volgende triage",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Kies de casussen die doorschuiven naar de volgende triage.",
            "invalid_choice": STALE,
        },
    )

    def __init__(self, *args, agenda: Agenda, **kwargs):
        super().__init__(*args, agenda=agenda, **kwargs)
        field = self.fields["items"]
        field.choices = [(row.pk, row.reference) for row in agenda.ready]
        field.initial = [row.pk for row in agenda.proposed_move]


class ReorderForm(AgendaForm):
    """One step up or down for one case ("12:op", "12:neer"); the buttons of the agenda table."""

    UP, DOWN = "op", "neer"

    move = forms.CharField(error_messages={"required": "Kies welke casus omhoog of omlaag moet."})

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        pk, _, direction = data["move"].partition(":")
        order = list(data["version"])
        if not pk.isdigit() or int(pk) not in order or direction not in (self.UP, self.DOWN):
            raise forms.ValidationError(STALE)
        index = order.index(int(pk))
        other = index - 1 if direction == self.UP else index + 1
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]
        data["order"] = order
        return data


class FinaliseForm(AgendaForm):
    """Finalising: the chair confirms the order they saw; the invitations then go out."""
