"""`{% attachments_panel casus as panel %}`: what the attachments section needs, on any page.

Include the section with `attachments_inside_form=True` where it sits inside another <form>
(see intake/forms/attachments.py for why that matters).

Why a tag: the section (templates/intake/_attachments.html) is included in pages whose views
belong to other features (the registration form, the case page). The tag gives it its list,
the upload form and whether the user may change anything, without each of those views having
to know about attachments.
"""

from django import template

from ..forms.attachments import AttachmentUploadForm
from ..services.attachments import attachments_editable

register = template.Library()


@register.simple_tag(takes_context=True)
def attachments_panel(context, casus) -> dict:
    user = context["user"]
    can_edit = attachments_editable(casus, user)
    embedded = bool(context.get("attachments_inside_form"))
    form = context.get("attachment_form")
    if form is None and can_edit:
        request = context.get("request")
        next_url = request.get_full_path() if request else ""
        form = AttachmentUploadForm(casus=casus, embedded=embedded, initial={"volgende": next_url})
    return {
        "attachments": list(casus.attachments.all()),
        "can_edit": can_edit,
        "embedded": embedded,
        "form": form,
        "next": form["volgende"].value() if form is not None else "",
    }
