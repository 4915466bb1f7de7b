"""``|as_field`` writes what ``|as_crispy_field`` writes, for every kind of field a form here has.

The expected markup is crispy-bootstrap5's own: a page that swaps one filter for the other must
look and read (labels, required marks, errors tied to their field, help text) exactly the same.
"""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.test.html import parse_html

from zvh.core.templatetags.form_fields import as_field


class EveryKind(forms.Form):
    name = forms.CharField(label="Naam", max_length=20)
    note = forms.CharField(label="Toelichting", widget=forms.Textarea, required=False, help_text="Kort <em>graag</em>.")
    count = forms.IntegerField(label="Aantal", min_value=1, required=False)
    day = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}), required=False)
    mail = forms.EmailField(label="E-mail", required=False, widget=forms.EmailInput(attrs={"class": "wide"}))
    status = forms.ChoiceField(label="Status", choices=[("", "---"), ("a", "Aangemeld"), ("b", "Besproken")])
    several = forms.MultipleChoiceField(label="Meerdere", choices=[("a", "A"), ("b", "B")], required=False)
    mine = forms.BooleanField(label="Alleen mijn aanmeldingen", required=False)
    agree = forms.BooleanField(label="Akkoord")
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    # Laid out by crispy itself (fieldsets, files): as_field hands them over.
    level = forms.ChoiceField(label="Niveau", choices=[("1", "Laag"), ("2", "Hoog")], widget=forms.RadioSelect)
    domains = forms.MultipleChoiceField(
        label="Domeinen", choices=[("w", "Wonen"), ("g", "Geld")], widget=forms.CheckboxSelectMultiple
    )
    file = forms.FileField(label="Bijlage", required=False)
    born = forms.DateField(label="Geboren", widget=forms.SelectDateWidget, required=False)


def _both(form: forms.Form, name: str):
    """Our markup and crispy's for one field, each on a fresh form (crispy sets widget classes)."""
    ours = as_field(form[name])
    fresh = type(form)(form.data or None)
    if form.is_bound:
        fresh.is_valid()
    return parse_html(ours), parse_html(as_crispy_field(fresh[name]))


@pytest.mark.parametrize("name", list(EveryKind.base_fields))
def test_an_empty_field_is_written_as_crispy_writes_it(name):
    ours, crispys = _both(EveryKind(), name)

    assert ours == crispys


@pytest.mark.parametrize("name", list(EveryKind.base_fields))
def test_a_field_with_an_error_is_written_as_crispy_writes_it(name):
    form = EveryKind({"name": "x" * 30, "count": "0", "day": "31-02-2026", "mail": "geen", "status": "z", "level": "9"})
    form.is_valid()

    ours, crispys = _both(form, name)

    assert ours == crispys


def test_an_invalid_field_tells_which_field_is_wrong_and_keeps_what_was_typed():
    form = EveryKind({"name": "x" * 30, "status": "a"})
    form.is_valid()

    html = str(as_field(form["name"]))

    assert 'class="textinput form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="' + "x" * 30 + '"' in html
    assert "Zorg dat deze waarde niet meer dan 20 tekens bevat (het zijn er nu 30)." in html


def test_rendering_a_field_twice_gives_the_same_markup():
    form = EveryKind()

    assert parse_html(as_field(form["status"])) == parse_html(as_field(form["status"]))
