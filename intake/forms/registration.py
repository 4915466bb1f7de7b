"""The registration form ("aanmeldformulier"): the casus itself, its betrokkenen and organisations.

The forms check only that each value is valid *on its own* (a BSN passes the elfproef, a date
exists and is not in the future, a text is not absurdly long). Whether a registration is
*complete* is decided by `intake.services.registration`, so that a concept can be saved half
done and the same rules hold for the page and the autosave. Every field is therefore optional
here; submission adds the completeness errors next to the fields afterwards.

`RegistrationForms` bundles the three parts of the page (main form, persons, organisations)
because the page binds, validates, saves and re-renders them together.
"""

import datetime
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from stdnum.nl import bsn as stdnum_bsn

from participants.models import Municipality

from ..constants import InformedStatus, LifeDomain, Urgency
from ..models import Betrokkene, Casus, InvolvedOrganisation, PreCheck
from ..services.registration import (
    BETROKKENE_FIELDS,
    CASUS_FIELDS,
    ORGANISATION_FIELDS,
    Problem,
    RowInput,
    registration_criteria_set,
)

# Form-level limits: the model TextFields are unbounded, but nobody writes a 100,000-character
# aanleiding; a clear error beats storing (and later printing) a pasted document.
LONG_TEXT_MAX = 10_000
SHORT_TEXT_MAX = 3_000
EARLIEST_DATE_OF_BIRTH = datetime.date(1900, 1, 1)
BSN_DIGITS = re.compile(r"[0-9]{8,9}")
POSTAL_CODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}", re.ASCII)

BETROKKENEN_PREFIX = "betrokkenen"
ORGANISATIONS_PREFIX = "organisaties"
# Far more than a household; a tampered TOTAL_FORMS cannot make the server build thousands.
MAX_ROWS = 20


def _text(label: str, *, max_length: int = LONG_TEXT_MAX, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _without_maxlength(form: forms.BaseForm) -> None:
    """Drop the HTML maxlength attribute: browsers silently cut pasted text at that length.

    The server answers with a clear Dutch error instead and re-renders everything typed.
    """
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


def life_domain_field_name(domain: str) -> str:
    return f"life_domain_{domain}"


def criterion_field_name(criterion_pk: int) -> str:
    return f"criterion_{criterion_pk}"


DECLARATION_FIELD = "wgs_declaration"


class RegistrationForm(forms.Form):
    """The casus-level sections; life domains and criteria get one textarea each."""

    aanleiding = _text("Aanleiding", help_text="Wat is er gebeurd waardoor u de casus nu aanmeldt?")
    concerns = _text("Zorgen", help_text="Waar maakt u zich zorgen over, en hoe ernstig is het?")
    safety_risks = _text(
        "Veiligheidsrisico's",
        help_text="Voor de betrokkene(n), hun omgeving en de professionals: bijvoorbeeld agressie, wapens, "
        "dreiging of huiselijk geweld. Geen risico's bekend? Schrijf dat dan op.",
    )
    tried_before = _text(
        "Wat is al geprobeerd, en door wie?",
        help_text="Welke hulp of maatregelen zijn al ingezet, door welke organisatie, en met welk resultaat?",
    )
    urgency = forms.ChoiceField(
        label="Hoe urgent is de casus?", required=False, choices=Urgency.choices, widget=forms.RadioSelect
    )
    urgency_reason = _text(
        "Toelichting urgentie", max_length=SHORT_TEXT_MAX, rows=3, help_text="Verplicht bij urgentie Hoog."
    )
    informed = forms.ChoiceField(
        label="Is de betrokkene geïnformeerd over deze aanmelding?",
        required=False,
        choices=InformedStatus.choices,
        widget=forms.RadioSelect,
    )
    informed_explanation = _text(
        "Toelichting",
        max_length=SHORT_TEXT_MAX,
        rows=3,
        help_text="Verplicht als de betrokkene (nog) niet is geïnformeerd: waarom niet, en wanneer wel?",
    )
    wgs_declaration = forms.BooleanField(
        label="Ik verklaar dat ik verantwoordelijk ben voor de kwaliteit en juistheid van deze aanmelding (WGS)",
        required=False,
    )

    def __init__(self, *args, casus: Casus, criteria=(), precheck_answers: Mapping[str, bool] | None = None, **kw):
        super().__init__(*args, **kw)
        for domain in LifeDomain:
            self.fields[life_domain_field_name(domain)] = _text(domain.label, max_length=SHORT_TEXT_MAX, rows=2)
        self.criteria = list(criteria)
        self.summary_labels = {criterion_field_name(c.pk): f"Criterium {c.number}" for c in self.criteria}
        answers = precheck_answers or {}
        for criterion in self.criteria:
            answer = answers.get(str(criterion.pk))
            hint = {
                True: "In de voortoets gaf u aan dat dit criterium van toepassing is.",
                False: "In de voortoets gaf u aan dat dit criterium niet van toepassing is.",
            }.get(answer, "")
            self.fields[criterion_field_name(criterion.pk)] = _text(
                f"Criterium {criterion.number}: {criterion.text}",
                max_length=SHORT_TEXT_MAX,
                rows=3,
                help_text=hint,
            )
        if not self.is_bound:
            self.initial = {**self._initial_from(casus), **self.initial}
        _without_maxlength(self)

    def _initial_from(self, casus: Casus) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(casus, name) for name in CASUS_FIELDS}
        for domain, text in (casus.life_domains or {}).items():
            initial[life_domain_field_name(domain)] = text
        for criterion_pk, text in (casus.criteria_motivation or {}).items():
            initial[criterion_field_name(criterion_pk)] = text
        return initial

    def life_domain_fields(self):
        return [self[life_domain_field_name(domain)] for domain in LifeDomain]

    def criteria_groups(self) -> list[dict[str, Any]]:
        """The criteria per group, in order: within a group of several, one is enough."""
        groups: dict[str, list] = {}
        for criterion in self.criteria:
            groups.setdefault(criterion.group, []).append(self[criterion_field_name(criterion.pk)])
        return [{"group": group, "fields": fields} for group, fields in groups.items()]

    def service_values(self) -> dict[str, Any]:
        """What `registration_save` gets from the valid fields (all of them after is_valid())."""
        data = self.cleaned_data
        fields = {name: data[name] for name in CASUS_FIELDS if name in data}
        if not fields.get("urgency", True):
            # An unanswered radio keeps the stored urgency; the model has no "no urgency".
            del fields["urgency"]
        return {
            "fields": fields,
            "life_domains": {
                domain: data[life_domain_field_name(domain)]
                for domain in LifeDomain
                if life_domain_field_name(domain) in data
            },
            "criteria_motivation": {
                criterion.pk: data[criterion_field_name(criterion.pk)]
                for criterion in self.criteria
                if criterion_field_name(criterion.pk) in data
            },
        }


class RowKeyField(forms.UUIDField):
    """The page's key for a new row (intake.services.registration.RowInput.row_key).

    Never counts as a change: an untouched extra row stays untouched.
    """

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


class _RowForm(forms.ModelForm):
    """A row of a formset: a hidden id links it to its stored row once it has been saved.

    A new row also carries a key of its own (`row_key`), made when the page is drawn, so that
    saving it twice before the page knows its id stores it once.
    """

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    row_key = RowKeyField(required=False)
    # (field, Bootstrap column class): side by side on a wide screen, stacked on a phone.
    layout: tuple[tuple[str, str], ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        _without_maxlength(self)

    def layout_fields(self):
        return [(self[name], width) for name, width in self.layout]

    def row_input(self) -> RowInput:
        data = self.cleaned_data
        return RowInput(
            key=self.prefix,
            pk=data.get("id"),
            values={name: data[name] for name in self._meta.fields if name in data},
            row_key=data.get("row_key"),
        )


class BetrokkeneForm(_RowForm):
    layout = (
        ("first_names", "col-md-5"),
        ("surname_prefix", "col-md-2"),
        ("surname", "col-md-5"),
        ("date_of_birth", "col-md-4"),
        ("bsn", "col-md-4"),
        ("relation", "col-md-4"),
        ("street_address", "col-md-6"),
        ("postal_code", "col-md-2"),
        ("city", "col-md-4"),
        ("municipality", "col-md-6"),
    )

    class Meta:
        model = Betrokkene
        fields = BETROKKENE_FIELDS
        widgets = {
            "date_of_birth": forms.DateInput(
                format="%Y-%m-%d",
                attrs={"type": "date", "min": EARLIEST_DATE_OF_BIRTH.isoformat(), "autocomplete": "off"},
            ),
        }
        help_texts = {
            "bsn": "Niet verplicht. 9 cijfers; spaties en punten mogen.",
            "postal_code": "Bijvoorbeeld 3511 AB.",
        }
        labels = {"street_address": "Straat en huisnummer"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dob = self.fields["date_of_birth"]
        dob.input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
        dob.widget.attrs["max"] = timezone.localdate().isoformat()
        # Long enough for a BSN written with spaces or dots; the elfproef decides.
        self.fields["bsn"] = forms.CharField(
            label="BSN", required=False, max_length=20, help_text=self.fields["bsn"].help_text
        )
        self.fields["bsn"].widget.attrs["inputmode"] = "numeric"
        self.fields["postal_code"] = forms.CharField(
            label="Postcode", required=False, max_length=20, help_text=self.fields["postal_code"].help_text
        )
        municipality = self.fields["municipality"]
        municipality.queryset = Municipality.objects.order_by("-in_region", "name")
        municipality.empty_label = "Kies een gemeente"
        _without_maxlength(self)

    def clean_date_of_birth(self) -> datetime.date | None:
        value = self.cleaned_data.get("date_of_birth")
        if value is None:
            return None
        if value > timezone.localdate():
            raise forms.ValidationError("Een geboortedatum kan niet in de toekomst liggen.")
        if value < EARLIEST_DATE_OF_BIRTH:
            raise forms.ValidationError("Vul een geboortedatum in vanaf 1 januari 1900.")
        return value

    def clean_bsn(self) -> str | None:
        """Accept '1112 22 333' or '111.222.333'; store the nine digits, or nothing."""
        value = (self.cleaned_data.get("bsn") or "").strip()
        if not value:
            return None
        digits = re.sub(r"[\s.\-]", "", value)
        # 8 digits is an old number written without its leading zero.
        if not BSN_DIGITS.fullmatch(digits):
            raise forms.ValidationError("Een BSN bestaat uit 9 cijfers.")
        compact = digits.zfill(9)
        if not stdnum_bsn.is_valid(compact):
            raise forms.ValidationError("Dit BSN klopt niet (elfproef).")
        return compact

    def clean_postal_code(self) -> str:
        """Dutch format: four digits (not starting with 0) and two letters, stored as '1234 AB'."""
        value = "".join((self.cleaned_data.get("postal_code") or "").split()).upper()
        if not value:
            return ""
        if not POSTAL_CODE.fullmatch(value):
            raise forms.ValidationError("Vul een Nederlandse postcode in, zoals 3511 AB.")
        return f"{value[:4]} {value[4:]}"


class InvolvedOrganisationForm(_RowForm):
    layout = (
        ("organisation_name", "col-md-6"),
        ("involvement", "col-md-6"),
        ("contact_name", "col-md-6"),
        ("contact_details", "col-md-6"),
    )

    class Meta:
        model = InvolvedOrganisation
        fields = ORGANISATION_FIELDS
        labels = {"involvement": "Wat doet deze organisatie in de casus?"}


class RowFormSet(forms.BaseFormSet):
    """A formset whose first empty row may be pre-filled (the pre-check's municipality).

    Passing that as the initial value of the *extra* form (rather than as data) keeps an
    untouched extra row "unchanged", so it is not stored as an empty person.
    """

    def __init__(self, *args, extra_initial: Mapping[str, Any] | None = None, **kwargs):
        self.extra_initial = dict(extra_initial or {})
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.initial_form_count():
            first = index == 0 and self.initial_form_count() == 0
            kwargs["initial"] = {**(self.extra_initial if first else {}), "row_key": uuid.uuid4()}
        return kwargs

    def rows_to_save(self) -> list[RowInput]:
        """Rows with valid values; untouched extra rows and rows marked for removal left out."""
        rows = []
        for form in self.forms:
            if self._should_delete_form(form) or not form.cleaned_data:
                continue
            rows.append(form.row_input())
        return rows

    def pks_to_remove(self) -> list[int]:
        return [form.cleaned_data["id"] for form in self.deleted_forms if form.cleaned_data.get("id")]


def _stored_rows(queryset, fields: tuple[str, ...], data) -> list[dict[str, Any]]:
    """Initial values of the stored rows for an unbound formset (a bound one has its data)."""
    if data is not None:
        return []
    return [{"id": obj.pk, **{name: getattr(obj, name) for name in fields}} for obj in queryset]


def _formset(form_class, *, prefix, data, rows: list[dict], extra: int, extra_initial=None) -> RowFormSet:
    """A formset of stored rows plus `extra` empty ones; with no rows at all, one empty row to start."""
    formset_class = forms.formset_factory(
        form_class,
        formset=RowFormSet,
        extra=extra if rows else max(extra, 1),
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )
    if data is not None:
        return formset_class(data, prefix=prefix, extra_initial=extra_initial)
    return formset_class(initial=rows, prefix=prefix, extra_initial=extra_initial)


@dataclass(frozen=True)
class SummaryError:
    """One line of the error summary at the top of the page, linking to its field."""

    target: str
    text: str


class RegistrationForms:
    """The registration page's forms, bound (a POST) or filled from the stored concept (a GET)."""

    def __init__(
        self,
        *,
        casus: Casus,
        data: Mapping[str, Any] | None = None,
        extra_betrokkenen: int = 0,
        extra_organisations: int = 0,
    ):
        self.casus = casus
        self.criteria_set = registration_criteria_set(casus)
        criteria = list(self.criteria_set.criteria.all()) if self.criteria_set else []
        precheck = PreCheck.objects.filter(casus=casus).select_related("municipality").first()
        self.precheck = precheck
        self.main = RegistrationForm(
            data, casus=casus, criteria=criteria, precheck_answers=precheck.answers if precheck else None
        )
        extra_initial = {"municipality": precheck.municipality_id} if precheck and precheck.municipality_id else None
        self.betrokkenen = _formset(
            BetrokkeneForm,
            prefix=BETROKKENEN_PREFIX,
            data=data,
            rows=_stored_rows(casus.betrokkenen.select_related("municipality"), BETROKKENE_FIELDS, data),
            extra=extra_betrokkenen,
            extra_initial=extra_initial,
        )
        self.organisations = _formset(
            InvolvedOrganisationForm,
            prefix=ORGANISATIONS_PREFIX,
            data=data,
            rows=_stored_rows(casus.involved_organisations.all(), ORGANISATION_FIELDS, data),
            extra=extra_organisations,
        )
        self.section_errors: dict[str, list[str]] = {}

    @property
    def is_bound(self) -> bool:
        return self.main.is_bound

    def is_valid(self) -> bool:
        # Validate all three: every part's errors must show, not just the first invalid one's.
        results = [self.main.is_valid(), self.betrokkenen.is_valid(), self.organisations.is_valid()]
        return all(results)

    @property
    def declared(self) -> bool:
        return bool(self.main.cleaned_data.get(DECLARATION_FIELD))

    def service_kwargs(self) -> dict[str, Any]:
        """Arguments for `registration_save`: the valid values (all of them when is_valid())."""
        return {
            **self.main.service_values(),
            "betrokkenen": self.betrokkenen.rows_to_save(),
            "organisations": self.organisations.rows_to_save(),
            "remove_betrokkenen": self.betrokkenen.pks_to_remove(),
            "remove_organisations": self.organisations.pks_to_remove(),
        }

    def invalid_field_count(self) -> int:
        forms_ = [self.main, *self.betrokkenen.forms, *self.organisations.forms]
        return sum(len(form.errors) for form in forms_)

    def attach_problems(self, problems: Iterable[Problem]) -> None:
        """Put the service's completeness problems next to their fields (forms must be valid)."""
        rows = {
            "betrokkenen": self._forms_by_pk(self.betrokkenen),
            "organisaties": self._forms_by_pk(self.organisations),
        }
        for problem in problems:
            if problem.row_pk is not None and problem.section in rows:
                form = rows[problem.section].get(problem.row_pk)
                if form is not None and problem.field in form.fields:
                    form.add_error(problem.field, problem.message)
                    continue
            field = self._main_field_for(problem)
            if field in self.main.fields:
                self.main.add_error(field, problem.message)
            else:
                self.section_errors.setdefault(problem.section, []).append(problem.message)

    @staticmethod
    def _main_field_for(problem: Problem) -> str:
        if problem.section == "criteria" and problem.field:
            return criterion_field_name(int(problem.field))
        return problem.field

    @staticmethod
    def _forms_by_pk(formset: RowFormSet) -> dict[int, forms.Form]:
        return {form.cleaned_data["id"]: form for form in formset.forms if form.cleaned_data.get("id")}

    def error_summary(self) -> list[SummaryError]:
        """Every error on the page with a link to its field, for the summary at the top (WCAG)."""
        summary: list[SummaryError] = []
        for section, messages in self.section_errors.items():
            summary.extend(SummaryError(f"#{section}", message) for message in messages)
        summary.extend(_form_errors(self.main, prefix_text=""))
        for label, formset in (("Persoon", self.betrokkenen), ("Organisatie", self.organisations)):
            summary.extend(SummaryError(f"#{formset.prefix}", str(e)) for e in formset.non_form_errors())
            for number, form in enumerate(formset.forms, start=1):
                summary.extend(_form_errors(form, prefix_text=f"{label} {number}, "))
        return summary


def _form_errors(form: forms.BaseForm, *, prefix_text: str) -> list[SummaryError]:
    if not form.is_bound:
        return []
    result = []
    short_labels = getattr(form, "summary_labels", {})
    for name, errors in form.errors.items():
        if name in form.fields:
            bound = form[name]
            label = short_labels.get(name, bound.label)
            # Radio groups have no single labelled input: link to their first option.
            target = f"#{bound.auto_id}_0" if bound.use_fieldset else f"#{bound.auto_id}"
        else:
            label, target = "", "#registratieformulier"
        for error in errors:
            text = f"{prefix_text}{label}: {error}" if label else f"{prefix_text}{error}"
            result.append(SummaryError(target, text))
    return result
