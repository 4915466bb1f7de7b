from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(Jinja2):
    """Form widgets from the Jinja2 templates Django ships, others from Django templates.

    Why: a select is rendered option by option, and with Django templates that is a template
    include per option; the screening filter's selects (every organisation, every municipality)
    made up a third of that page's time (issue 16, docs/benchmarks.md). Django ships a Jinja2
    twin of each of its own widget and form templates, giving the same HTML. Widgets of other
    apps (the admin's date and time pickers) have no Jinja2 template and are rendered with
    Django templates as before.
    """

    fallback = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
