from django.views.generic import ListView

from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.mixins import RoleRequiredMixin

from .selectors import dossiers_for_regisseur


class MyDossiersView(RoleRequiredMixin, ListView):
    """ "Mijn dossiers": the PGA dossiers assigned to this procesregisseur."""

    required_roles = (Role.PROCESREGISSEUR,)
    template_name = "pga/my_dossiers.html"
    context_object_name = "dossiers"
    paginate_by = 25

    def get_queryset(self):
        return dossiers_for_regisseur(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        audit_record(
            actor=self.request.user,
            action=AuditAction.LIST,
            detail={"pagina": "mijn_dossiers", "paginanummer": page.number, "aantal": len(page.object_list)},
        )
        return context
