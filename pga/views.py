from django.views.generic import ListView

from participants.constants import Role
from zvh.core.mixins import AuditedListMixin, RoleRequiredMixin

from .selectors import dossiers_for_regisseur


class MyDossiersView(RoleRequiredMixin, AuditedListMixin, ListView):
    """ "Mijn dossiers": the PGA dossiers assigned to this procesregisseur."""

    required_roles = (Role.PROCESREGISSEUR,)
    template_name = "pga/my_dossiers.html"
    context_object_name = "dossiers"
    audit_page = "mijn_dossiers"
    audit_id_attr = "casus_id"
    paginate_by = 25

    def get_queryset(self):
        return dossiers_for_regisseur(self.request.user)

