"""``{{ form.field|as_field }}``: a form field in the Bootstrap 5 markup of crispy-bootstrap5, rendered fast.

Why: crispy renders every field through a Django template of some sixty lines with a dozen
filters and three includes; on the list pages the filter forms were a third of the template
time (the screening queue's eight filter fields about 5 ms of its 10, issue 16,
docs/benchmarks.md). For the fields nearly every form here is made of (text, number, date,
select, a single checkbox, hidden) one Jinja2 template writes the same markup
(``zvh/core/jinja2/zvh/forms/field.html``). The fields crispy lays out in a fieldset of their
own (radio buttons, checkbox lists, multi-widgets), file fields and forms with a crispy
``helper`` keep crispy's own filter. ``zvh/core/tests/test_form_fields.py`` holds every kind
to crispy's output.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.renderers import get_default_renderer
from django.utils.safestring import mark_safe

register = template.Library()

FIELD_TEMPLATE = "zvh/forms/field.html"


def _left_to_crispy(field: forms.BoundField) -> bool:
    widget = field.field.widget
    return widget.use_fieldset or isinstance(widget, forms.FileInput) or getattr(field.form, "helper", None) is not None


def set_widget_classes(widget: forms.Widget, *extra: str) -> None:
    """Give the widget the class attribute crispy's ``crispy_field`` tag gives it.

    Its own classes, its class name in lower case unless already in them, then each Bootstrap
    class not there yet. Set on the widget, as crispy does (a form's widgets are its own copies),
    so that rendering the bound field writes everything else as Django does.
    """
    name = type(widget).__name__.lower()
    classes = widget.attrs.get("class", "")
    if not classes:
        classes = name
    elif name not in classes:
        classes = f"{classes} {name}"
    present = classes.split()
    widget.attrs["class"] = " ".join([classes, *(css for css in extra if css not in present)])


@register.filter
def as_field(field: forms.BoundField):
    """The field with its label, help text and errors, as ``|as_crispy_field`` renders it."""
    if _left_to_crispy(field):
        return as_crispy_field(field)
    if field.is_hidden:
        return str(field)
    widget = field.field.widget
    checkbox = isinstance(widget, forms.CheckboxInput)
    if checkbox:
        base = "form-check-input"
    elif isinstance(widget, forms.Select):
        base = "form-select"
    else:
        base = "form-control"
    set_widget_classes(widget, base, *(("is-invalid",) if field.errors else ()))
    context = {"field": field, "checkbox": checkbox, "required": field.field.required, "widget": str(field)}
    # The project's renderer (FORM_RENDERER), whatever a form may name: the field template is Jinja2.
    return mark_safe(get_default_renderer().render(FIELD_TEMPLATE, context))  # noqa: S308 - autoescaped Jinja2
