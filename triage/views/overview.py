from django.utils import timezone
from django.views.generic import TemplateView

from participants.constants import Role
from zvh.calendar import scheduling
from zvh.core.mixins import RoleRequiredMixin

from ..selectors.agenda import upcoming_meetings_overview
from ..selectors.calendar import cancelled_meeting_dates


class TriageOverviewView(RoleRequiredMixin, TemplateView):
    """The coming triage meetings (counts only), each linking to its agenda for who may see it.

    A chair opens every agenda (to prepare it); a fixed partner a finalised one. No case data
    is shown here, so this page needs no audit entry.
    """

    required_roles = (Role.TRIAGEVOORZITTER, Role.KETENPARTNER)
    template_name = "triage/overview.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return {
            **super().get_context_data(**kwargs),
            "deadline": scheduling.current_deadline(now, cancelled_meeting_dates()),
            "meetings": upcoming_meetings_overview(user=self.request.user, today=timezone.localdate(now)),
        }
