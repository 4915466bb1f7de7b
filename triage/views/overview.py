from django.utils import timezone
from django.views.generic import TemplateView

from participants.constants import Role
from zvh.core.mixins import RoleRequiredMixin

from .. import scheduling
from ..meeting_selectors import cancelled_meeting_dates
from ..selectors import upcoming_triage_overview


class TriageOverviewView(RoleRequiredMixin, TemplateView):
    """The coming Thursday triages, with the number of cases aimed at each."""

    required_roles = (Role.TRIAGEVOORZITTER, Role.KETENPARTNER)
    template_name = "triage/overview.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        cancelled = cancelled_meeting_dates()
        return {
            **super().get_context_data(**kwargs),
            "deadline": scheduling.current_deadline(now, cancelled),
            "meetings": upcoming_triage_overview(today=timezone.localdate(now), weeks=8, cancelled=cancelled),
        }
