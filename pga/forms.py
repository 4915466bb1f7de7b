"""The forms of the PGA pages. They collect and check input; the rules are the services', which check again."""

from django import forms
from django.db.models import QuerySet

from intake.constants import LifeDomain
from participants.constants import Role
from participants.models import Organisation, User
from triage.constants import IncidentalGround
from triage.forms.decisions import UserChoiceField, procesregisseurs
from zvh.core.forms import date_field, line_field, text_field

from .constants import (
    PARTNER_REPORTS,
    ActionStatus,
    ClosingReason,
    ContactMethod,
    GoalStatus,
    InformingMethod,
    MeasurementMoment,
    OverlegResponse,
    PostponementGround,
    WhoInforms,
)
from .models import Goal


def _choice(label: str, choices, *, radio: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices if radio else [("", "---------"), *choices],
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={"required": f"Kies: {label.lower()}."},
    )


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


class FirstContactForm(forms.Form):
    at = forms.DateTimeField(
        label="Eerste contactmoment met de melder",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="De melder ziet dit moment bij de casus en krijgt er een e-mail over (zonder persoonsgegevens).",
        error_messages={"required": "Vul de datum en het tijdstip in.", "invalid": "Vul een geldige datum en tijd in."},
    )


class _WhoHowForm(forms.Form):
    who_informs = _choice("Wie informeert de betrokkene", WhoInforms.choices)
    partner_organisation = forms.ModelChoiceField(
        label="Partnerorganisatie (als een partner informeert)",
        queryset=Organisation.objects.none(),
        required=False,
    )
    method = _choice("Hoe", InformingMethod.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_organisation"].queryset = organisations()


class InformingAgreeForm(_WhoHowForm):
    planned_date = date_field("Geplande datum")


class InformingInformedForm(_WhoHowForm):
    informed_on = date_field("Geïnformeerd op")


class InformingPostponeForm(forms.Form):
    ground = _choice("Grond voor uitstel", PostponementGround.choices)
    explanation = text_field("Toelichting", required=False, help_text="Verplicht bij 'anders'.")
    review_date = date_field("Heroverwegen op", help_text="Uiterlijk drie maanden vanaf vandaag.")


class GoalForm(forms.Form):
    life_domain = _choice("Leefgebied", LifeDomain.choices, radio=False)
    description = text_field("Doel", rows=3)


class GoalStatusForm(forms.Form):
    status = _choice("Status van het doel", GoalStatus.choices, radio=False)


class ActionForm(forms.Form):
    description = text_field("Wat moet er gebeuren", rows=3)
    owner_organisation = forms.ModelChoiceField(
        label="Eigenaar (organisatie)",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Kies de organisatie die eigenaar is van de actie."},
    )
    contact_person = line_field("Contactpersoon bij die organisatie (optioneel)", required=False)
    due_date = date_field("Uiterlijk op")
    goal = forms.ModelChoiceField(label="Bij doel (optioneel)", queryset=Goal.objects.none(), required=False)

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations()
        self.fields["goal"].queryset = Goal.objects.filter(dossier=dossier)
        self.fields["goal"].label_from_instance = lambda goal: (
            f"{goal.get_life_domain_display()}: {goal.description[:80]}"
        )


class ActionStatusForm(forms.Form):
    status = _choice("Status van de actie", ActionStatus.choices, radio=False)
    note = text_field("Toelichting", required=False, rows=3, help_text="Verplicht bij 'vervallen'.")


class ContactForm(forms.Form):
    contact_on = date_field("Datum contact")
    with_whom = line_field("Met wie")
    method = _choice("Hoe", ContactMethod.choices, radio=False)
    summary = text_field("Samenvatting")


class EscalationForm(forms.Form):
    to_whom = line_field("Aan wie", help_text="Bijvoorbeeld de leidinggevende of de ketenregisseur van de partner.")
    reason = text_field("Waarom")


class EscalationAnswerForm(forms.Form):
    answer = text_field("Antwoord")


class CloseForm(forms.Form):
    reason = _choice("Reden van afsluiten", ClosingReason.choices)
    explanation = text_field("Toelichting reden", required=False, rows=3, help_text="Verplicht bij 'anders'.")
    evaluation = text_field("Evaluatie", rows=6, help_text="Wat is bereikt, wat werkte, wat niet.")
    monitoring_date = date_field(
        "Monitoringsdatum (optioneel)",
        required=False,
        help_text="Bijvoorbeeld over drie of zes maanden: u krijgt dan een herinnering en kunt het dossier heropenen.",
    )


class MonitoringDoneForm(forms.Form):
    note = text_field("Wat leverde de monitoring op", rows=3)


class ReopenForm(forms.Form):
    reason = text_field("Reden om te heropenen", rows=3)


class ReassignForm(forms.Form):
    procesregisseur = UserChoiceField(
        label="Nieuwe procesregisseur",
        queryset=User.objects.none(),
        error_messages={"required": "Kies de nieuwe procesregisseur."},
    )
    reason = text_field("Reden", rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procesregisseur"].queryset = procesregisseurs()


class ConfirmForm(forms.Form):
    """A button only: the service decides whether it may happen."""


class ProgressForm(forms.Form):
    """Per life domain an optional score of the active instrument with a short reason; the service checks both."""

    moment = _choice("Moment", MeasurementMoment.choices)

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [(str(level.score), f"{level.score} - {level.label}") for level in instrument.levels.all()]
        self.domains = []
        for domain in LifeDomain:
            self.fields[f"score_{domain.value}"] = forms.TypedChoiceField(
                label=f"{domain.label}: score",
                choices=[("", "Niet gescoord"), *levels],
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"reason_{domain.value}"] = forms.CharField(
                label=f"{domain.label}: korte onderbouwing",
                max_length=300,
                required=False,
            )
            self.domains.append((domain, self[f"score_{domain.value}"], self[f"reason_{domain.value}"]))

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            domain.value: (data[f"score_{domain.value}"], data[f"reason_{domain.value}"])
            for domain in LifeDomain
            if data.get(f"score_{domain.value}") is not None
        }


# --- casusoverleg ------------------------------------------------------------------------------------


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": f"Vul in: {label.lower()}.", "invalid": "Vul een geldige tijd in (uu:mm)."},
    )


class OverlegPlanForm(forms.Form):
    date = date_field("Datum")
    starts_at = _time("Begintijd")
    ends_at = _time("Eindtijd")
    place = line_field("Plaats", required=False)
    online_link = forms.URLField(label="Link om online deel te nemen", required=False, assume_scheme="https")
    agenda = text_field(
        "Agenda",
        help_text="Zonder persoonsgegevens: de agendapunten, geen namen of inhoud van de casus.",
    )


class OverlegAnswerForm(forms.Form):
    response = forms.ChoiceField(
        label="Neemt u deel?",
        choices=[(v, label) for v, label in OverlegResponse.choices if v != OverlegResponse.OPEN],
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of u op locatie, online of niet deelneemt."},
    )
    reason = text_field("Reden (als u niet deelneemt)", required=False, rows=2)


class OverlegOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        error_messages={"required": "Kies een organisatie."},
    )
    is_incidental = forms.BooleanField(label="Incidentele deelnemer", required=False)
    ground = forms.ChoiceField(
        label="Grondslag (incidentele deelnemer)",
        choices=[("", "---------"), *IncidentalGround.choices],
        required=False,
    )
    ground_explanation = text_field("Toelichting grondslag", required=False, rows=2)


class OverlegContactForm(forms.Form):
    # Named as people know them (not by username, as a plain ModelChoiceField would).
    user = UserChoiceField(label="Ketenpartner van de organisatie", queryset=User.objects.none(), required=False)
    name = line_field("Of: naam (alleen voor de uitnodiging)", required=False)
    email = forms.EmailField(label="En e-mailadres", required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(organisation=organisation, is_active=True, groups__name=Role.KETENPARTNER)
            .distinct()
            .order_by("last_name", "first_name")
        )


class OverlegCancelForm(forms.Form):
    reason = text_field("Reden", rows=2)


AGREEMENT_ROWS = 4


class _SummariesMixin:
    """A summary field per agenda point (a point left empty is left out of the minutes)."""

    def add_summaries(self, points) -> None:
        self.points = list(points)
        for index, point in enumerate(self.points):
            self.fields[f"summary_{index}"] = text_field(f"Samenvatting: {point}", required=False, rows=3)

    def minutes(self) -> list[tuple[str, str]]:
        return [(point, self.cleaned_data.get(f"summary_{index}", "")) for index, point in enumerate(self.points)]


class OverlegMinutesForm(_SummariesMixin, forms.Form):
    """The report of a held casusoverleg: who attended, a summary per agenda point, up to four agreements."""

    def __init__(self, *args, contacts=(), points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"] = forms.MultipleChoiceField(
            label="Aanwezig",
            choices=[(str(c.pk), f"{c.display_name} ({c.participant.organisation.name})") for c in contacts],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Geef aan welke contactpersonen aanwezig waren."},
        )
        self.add_summaries(points)
        organisations = Organisation.objects.filter(is_active=True).order_by("name")
        for row in range(AGREEMENT_ROWS):
            self.fields[f"agreement_{row}"] = line_field(f"Afspraak {row + 1}: wat", required=False)
            self.fields[f"owner_{row}"] = forms.ModelChoiceField(
                label=f"Afspraak {row + 1}: eigenaar (organisatie)", queryset=organisations, required=False
            )
            self.fields[f"due_{row}"] = date_field(f"Afspraak {row + 1}: uiterlijk op", required=False)

    def clean(self):
        data = super().clean()
        for row in range(AGREEMENT_ROWS):
            parts = [data.get(f"agreement_{row}"), data.get(f"owner_{row}"), data.get(f"due_{row}")]
            if any(parts) and not all(parts):
                raise forms.ValidationError(
                    f"Vul bij afspraak {row + 1} in wat, welke organisatie en uiterlijk wanneer."
                )
        return data

    def agreements(self) -> list[tuple]:
        return [
            (self.cleaned_data[f"agreement_{row}"], self.cleaned_data[f"owner_{row}"], self.cleaned_data[f"due_{row}"])
            for row in range(AGREEMENT_ROWS)
            if self.cleaned_data.get(f"agreement_{row}")
        ]


class OverlegCorrectMinutesForm(_SummariesMixin, forms.Form):
    """The corrected minutes per agenda point, with the reason (kept with the text it replaces)."""

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_summaries(points)
        self.fields["reason"] = text_field("Reden van de correctie", rows=2)


class ActionReportForm(forms.Form):
    status = forms.ChoiceField(
        label="Stand van de actie",
        choices=[(s.value, s.label) for s in PARTNER_REPORTS],
        widget=forms.RadioSelect,
        error_messages={"required": "Kies: in uitvoering, gedaan of kan niet worden gedaan."},
    )
    note = text_field(
        "Toelichting",
        required=False,
        rows=3,
        help_text="Bij gedaan: wat er is gedaan. Bij kan niet worden gedaan: waarom. Alleen wat nodig is.",
    )
