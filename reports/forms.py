"""The period filter of the report page (GET: dates and a kind only, never anything personal)."""

from django import forms
from django.utils import timezone

from .periods import Kind, Period


class PeriodForm(forms.Form):
    periode = forms.ChoiceField(label="Periode", choices=Kind.CHOICES, initial=Kind.MONTH)
    datum = forms.DateField(
        label="Met de dag",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Een dag in de week, maand, kwartaal of het jaar dat u wilt zien (standaard vandaag).",
    )
    van = forms.DateField(label="Van", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("periode") == Kind.CUSTOM:
            first, last = data.get("van"), data.get("tot")
            if first is None or last is None:
                raise forms.ValidationError("Vul bij een zelfgekozen periode beide datums in.")
            if last < first:
                raise forms.ValidationError("De einddatum ligt vóór de begindatum.")
            if (last - first).days > 3660:
                raise forms.ValidationError("Kies een periode van hooguit tien jaar.")
        return data

    def period(self) -> Period:
        """The chosen period; this month when the form is empty or wrong (the errors are shown beside it)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        kind = data.get("periode") or Kind.MONTH
        if kind == Kind.CUSTOM:
            return Period.custom(data["van"], data["tot"])
        return Period.containing(kind, data.get("datum") or timezone.localdate())

    @staticmethod
    def query_for(period: Period) -> dict[str, str]:
        """The GET parameters that choose ``period`` again (for the export links)."""
        if period.kind == Kind.CUSTOM:
            return {"periode": period.kind, "van": period.start.isoformat(), "tot": period.last.isoformat()}
        return {"periode": period.kind, "datum": period.start.isoformat()}
