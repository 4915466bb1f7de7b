"""Thin views: they ask selectors for what the user may see and services for every change."""

from django.http import Http404
from django.views.generic import ListView, TemplateView

from participants.constants import Role
from zvh.core.mixins import AuditedListMixin, RoleRequiredMixin

from .. import selectors
from ..models import Casus


class MyCasesView(RoleRequiredMixin, AuditedListMixin, ListView):
    """ "Mijn aanmeldingen": the cases of the melder's organisation that this melder may see."""

    required_roles = (Role.MELDER,)
    template_name = "intake/my_cases.html"
    context_object_name = "cases"
    audit_page = "mijn_aanmeldingen"
    paginate_by = 25

    def get_queryset(self):
        return selectors.cases_for_melder_overview(self.request.user)



class CasusDetailView(RoleRequiredMixin, TemplateView):
    """One casus; 404 when it does not exist or the user may not see it (hides existence)."""

    required_roles = (Role.MELDER, Role.TRIAGEVOORZITTER, Role.PROCESREGISSEUR)
    template_name = "intake/casus_detail.html"

    def get_context_data(self, **kwargs):
        try:
            casus = selectors.casus_get_for_view(user=self.request.user, casus_id=kwargs["casus_id"])
        except Casus.DoesNotExist:
            raise Http404("Deze casus bestaat niet of u heeft er geen toegang toe.") from None
        return {
            **super().get_context_data(**kwargs),
            "casus": casus,
            "betrokkenen": casus.betrokkenen.select_related("municipality"),
            "history": casus.status_changes.select_related("by"),
        }
