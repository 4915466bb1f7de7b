from django.utils import timezone
from django.views.generic import ListView, TemplateView

from intake import selectors as intake_selectors
from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.mixins import RoleRequiredMixin

from . import scheduling
from .selectors import upcoming_triage_overview


class ScreeningView(RoleRequiredMixin, ListView):
    """The chairs' screening queue, ordered by target triage date."""

    required_roles = (Role.TRIAGEVOORZITTER,)
    template_name = "triage/screening.html"
    context_object_name = "cases"
    paginate_by = 50

    def get_queryset(self):
        return intake_selectors.cases_for_screening(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        audit_record(
            actor=self.request.user,
            action=AuditAction.LIST,
            detail={"pagina": "screening", "paginanummer": page.number, "aantal": len(page.object_list)},
        )
        return context


class TriageOverviewView(RoleRequiredMixin, TemplateView):
    """The coming Thursday triages, with the number of cases aimed at each."""

    required_roles = (Role.TRIAGEVOORZITTER, Role.KETENPARTNER)
    template_name = "triage/overview.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return {
            **super().get_context_data(**kwargs),
            "deadline": scheduling.current_deadline(now),
            "meetings": upcoming_triage_overview(today=timezone.localdate(now), weeks=8),
        }
