"""Attachments: add and remove (the melder, on the concept or when asked for more), download.

Add and remove answer htmx with the re-rendered section only, so whatever the melder typed
elsewhere on the page stays; without JavaScript (only possible where the section is not
embedded in another form) they redirect back to the page they came from.
Downloads are the only way a stored file leaves the server: access-checked per object,
audited, and sent so that no browser renders it as a page.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.core.mixins import RoleRequiredMixin

from .. import selectors
from ..forms.attachments import EMBEDDED_FIELD, NEXT_FIELD, AttachmentUploadForm
from ..models import Attachment, Casus
from ..services.attachments import attachment_add, attachment_delete, attachments_editable, download_content_type
from .casus import CasusDetailView

NOT_FOUND = "Deze bijlage of casus bestaat niet of u heeft er geen toegang toe."


class AttachmentChangeView(RoleRequiredMixin, View):
    """Common answer of add and remove: the section (htmx) or a redirect with a message."""

    required_roles = (Role.MELDER,)
    http_method_names = ["post"]

    @property
    def embedded(self) -> bool:
        """Whether the section sits inside another form (then it is answered embedded again)."""
        return self.request.POST.get(EMBEDDED_FIELD) == "1"

    def respond(self, casus: Casus, *, form: AttachmentUploadForm | None = None, message: str = "", error: str = ""):
        next_url = self.request.POST.get(NEXT_FIELD, "")
        if self.request.htmx:
            casus.refresh_from_db()
            # The section lists every attachment of the case (file names can name a person): a read.
            audit_record(
                actor=self.request.user, action=AuditAction.VIEW, obj=casus, case_reference=casus.reference or ""
            )
            if form is None or not form.errors:  # after success a fresh form; otherwise keep the error
                form = AttachmentUploadForm(casus=casus, embedded=self.embedded, initial={"volgende": next_url})
            elif not attachments_editable(casus, self.request.user):  # no form shown to put it next to
                error = " ".join(form.errors.get("bestand", []))
            context = {
                "casus": casus,
                "attachment_form": form,
                "attachment_message": message,
                "attachment_error": error,
                "attachments_inside_form": self.embedded,
            }
            return render(self.request, "intake/_attachments.html", context)
        if form is not None and form.errors:
            error = " ".join(form.errors.get("bestand", []))
        if error:
            messages.error(self.request, error)
        else:
            messages.success(self.request, message)
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            next_url = reverse("intake:casus_detail", kwargs={"casus_id": casus.pk})
        return HttpResponseRedirect(f"{next_url}#bijlagen")


class AttachmentAddView(AttachmentChangeView):
    def post(self, request, casus_id):
        casus = selectors.cases_visible_to(request.user).filter(pk=casus_id).first()
        if casus is None:
            raise Http404(NOT_FOUND)
        form = AttachmentUploadForm(request.POST, request.FILES, casus=casus, embedded=self.embedded)
        if form.is_valid():
            try:
                attachment_add(casus=casus, by=request.user, uploaded_file=form.cleaned_data["bestand"])
            except ServiceError as exc:
                form.add_error("bestand", str(exc))
        return self.respond(casus, form=form, message="" if form.errors else "De bijlage is toegevoegd.")


class AttachmentDeleteView(AttachmentChangeView):
    def post(self, request, casus_id, pk):
        visible = selectors.attachments_visible_to(request.user).select_related("casus")
        attachment = visible.filter(casus_id=casus_id, pk=pk).first()
        if attachment is None:
            raise Http404(NOT_FOUND)
        try:
            attachment_delete(attachment=attachment, by=request.user)
        except ServiceError as exc:
            return self.respond(attachment.casus, error=str(exc))
        return self.respond(attachment.casus, message="De bijlage is verwijderd.")


class AttachmentDownloadView(RoleRequiredMixin, View):
    """The file as a download, for whoever may see the casus; 404 for everyone else."""

    required_roles = CasusDetailView.required_roles

    def get(self, request, casus_id, pk):
        try:
            attachment = selectors.attachment_get_for_download(user=request.user, casus_id=casus_id, attachment_id=pk)
        except Attachment.DoesNotExist:
            raise Http404(NOT_FOUND) from None
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404(NOT_FOUND) from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=download_content_type(attachment),
        )
        response["X-Content-Type-Options"] = "nosniff"
        # Should a browser render it anyway: no scripts, no same-origin access.
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response
