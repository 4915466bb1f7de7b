"""The upload form of the attachments section (templates/intake/_attachments.html).

The form checks only that a file was chosen. Size and type are business rules of
`intake.services.attachments` (the same rules hold for every way in); the view puts the
service's refusal next to this field.

The section is shown in two ways. On its own (the case page) it has real <form>s that work
without JavaScript. *Embedded* in another form (the registration form: HTML does not allow
a form inside a form) it has no form of its own: its inputs are detached from the outer form
with the `form` attribute (so saving or autosaving the registration never uploads the file)
and htmx posts them.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse

from ..models import Casus
from ..services.attachments import allowed_extensions, allowed_types_text, max_size_text

PREFIX = "bijlage"
SECTION_ID = "bijlagen"
# The return address; the delete buttons send it under the same name.
NEXT_FIELD = f"{PREFIX}-volgende"
# Sent by the embedded section, so that the answer is rendered embedded again.
EMBEDDED_FIELD = f"{PREFIX}-ingebed"
# The id of a form that does not exist: inputs pointing to it belong to no form at all.
DETACHED_FORM_ID = "bijlage-los"


NO_FILE = "Kies een bestand om toe te voegen."


class AttachmentUploadForm(forms.Form):
    # Not `required`: attachments are optional to a registration, and a required field is
    # marked with an asterisk (and `required`) next to the registration's own fields, which
    # told melders they had to add one (issue 17). Pressing "Bijlage toevoegen" without a file
    # is still refused, by clean_bestand.
    bestand = forms.FileField(
        label="Nieuwe bijlage",
        required=False,
        error_messages={
            "empty": "Het bestand is leeg.",
            "invalid": "Er is geen bestand ontvangen. Kies het bestand opnieuw.",
            "missing": "Er is geen bestand ontvangen. Kies het bestand opnieuw.",
        },
    )
    # Where to return without JavaScript: the page the section was shown on.
    volgende = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, casus: Casus, embedded: bool = False, **kwargs):
        kwargs.setdefault("prefix", PREFIX)
        super().__init__(*args, **kwargs)
        self.embedded = embedded
        field = self.fields["bestand"]
        field.help_text = f"Toegestaan: {allowed_types_text()}. Maximaal {max_size_text()} per bestand."
        field.widget.attrs["accept"] = ",".join(allowed_extensions())
        self.action = reverse("intake:attachment_add", kwargs={"casus_id": casus.pk})
        self.helper = FormHelper()
        if embedded:
            self.use_required_attribute = False
            for bound in self.fields.values():
                bound.widget.attrs["form"] = DETACHED_FORM_ID
            self.helper.form_tag = False
            return
        self.helper.form_action = self.action
        self.helper.form_id = "bijlage-toevoegen"
        # With htmx only the section is replaced, so unsaved text elsewhere on the page stays.
        self.helper.attrs = {
            "hx-post": self.action,
            "hx-encoding": "multipart/form-data",
            "hx-target": f"#{SECTION_ID}",
            "hx-swap": "outerHTML",
        }
        submit = Submit("toevoegen", "Bijlage toevoegen")
        submit.field_classes = "btn btn-outline-primary"  # secondary to the page's own buttons
        self.helper.add_input(submit)

    def clean_bestand(self):
        uploaded = self.cleaned_data.get("bestand")
        if not uploaded:
            raise forms.ValidationError(NO_FILE, code="required")
        return uploaded
