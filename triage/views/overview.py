from django.utils import timezone
from django.views.generic import ListView, TemplateView

from intake import selectors as intake_selectors
from participants.constants import Role
from zvh.core.mixins import AuditedListMixin, RoleRequiredMixin

from .. import scheduling
from ..selectors import upcoming_triage_overview


class ScreeningView(RoleRequiredMixin, AuditedListMixin, ListView):
    """The chairs' screening queue, ordered by target triage date."""

    required_roles = (Role.TRIAGEVOORZITTER,)
    template_name = "triage/screening.html"
    context_object_name = "cases"
    audit_page = "screening"
    paginate_by = 50

    def get_queryset(self):
        return intake_selectors.cases_for_screening(self.request.user)



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
