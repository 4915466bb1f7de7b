"""The verrijkingsdossier of one case for the chair: as a page and as a PDF."""

from django.http import Http404
from django.views import View
from django.views.generic import TemplateView

from intake.models import Casus
from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.core.mixins import RoleRequiredMixin
from zvh.pdf import pdf_response, render_pdf

from ..selectors.verrijkingsdossier import verrijkingsdossier_for


class DossierMixin(RoleRequiredMixin):
    required_roles = (Role.TRIAGEVOORZITTER,)
    audit_action = AuditAction.VIEW

    def get_dossier(self):
        """The dossier (its read audited with `audit_action`); 404 when the chair may not have it."""
        try:
            return verrijkingsdossier_for(
                user=self.request.user, casus_id=self.kwargs["casus_id"], audit_action=self.audit_action
            )
        except Casus.DoesNotExist:
            raise Http404("Deze casus bestaat niet of u heeft er geen toegang toe.") from None


class DossierView(DossierMixin, TemplateView):
    """The page: for the chair who prepares the case, and for the fixed partners to read.

    Who reads what is decided in ``triage.selectors.verrijkingsdossier``.
    """

    required_roles = (Role.TRIAGEVOORZITTER, Role.KETENPARTNER)
    template_name = "triage/dossier.html"

    def get_context_data(self, **kwargs):
        dossier = self.get_dossier()
        return {
            **super().get_context_data(**kwargs),
            "dossier": dossier,
            "casus": dossier.casus,
            # A partner reads: no chair navigation, no PDF, attachments by name only.
            "partner_view": not self.request.user.has_role(Role.TRIAGEVOORZITTER),
        }


class DossierPdfView(DossierMixin, View):
    """The same dossier as a PDF download; its file name holds only the reference."""

    audit_action = AuditAction.DOWNLOAD

    def get(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        content = render_pdf("pdf/verrijkingsdossier.html", {"dossier": dossier, "casus": dossier.casus, "pdf": True})
        return pdf_response(content, filename=f"verrijkingsdossier-{dossier.casus.reference}.pdf")
