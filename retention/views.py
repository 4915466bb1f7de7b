"""The retention pages: the cases due for deletion soon, and one case's deletion date with its extensions.

Thin views: ``retention.selectors`` decides who sees what, ``retention.services.retention_extend``
makes the change. A case the user may not see answers 404, with a DENIED entry when it exists.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from intake.models import Casus
from intake.selectors import casus_read
from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.mixins import RoleRequiredMixin, ServiceFormMixin

from .constants import DUE_WITHIN_DAYS
from .forms import ExtensionForm
from .schedule import active_policy, schedule_of
from .selectors import case_for_retention, due_for_deletion, extensions_of
from .services import latest_extension_date, retention_extend

NOT_FOUND = "Deze casus bestaat niet of u heeft er geen toegang toe."


class DueListView(RoleRequiredMixin, TemplateView):
    """The cases deleted within 30 days (and those due tonight), for the chairs and procesregisseurs."""

    template_name = "retention/due.html"
    required_roles = (Role.TRIAGEVOORZITTER, Role.PROCESREGISSEUR)

    def get_context_data(self, **kwargs):
        due = due_for_deletion(user=self.request.user)
        audit_record(
            actor=self.request.user,
            action=AuditAction.LIST,
            detail={"pagina": "bewaartermijnen", "aantal": len(due), "ids": [str(row.casus_id) for row in due]},
        )
        return {
            **super().get_context_data(**kwargs),
            "due": due,
            "days": DUE_WITHIN_DAYS,
            "today": timezone.localdate(),
        }


class CaseRetentionView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """One case's deletion date, how it came about, its extensions, and the form to extend it."""

    template_name = "retention/case.html"
    form_class = ExtensionForm
    success_message = "De bewaartermijn is verlengd."

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.casus = case_for_retention(user=request.user, casus_id=kwargs["casus_id"])
        except Casus.DoesNotExist:
            raise Http404(NOT_FOUND) from None
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        retention_extend(casus=self.casus, by=self.request.user, **form.cleaned_data)

    def after_success_url(self) -> str:
        return reverse("retention:case", kwargs={"casus_id": self.casus.pk})

    def get_context_data(self, **kwargs):
        # Every rendering shows the case (also a refused extension); a successful one redirects.
        casus_read(user=self.request.user, casus=self.casus)
        policy = active_policy()
        return {
            **super().get_context_data(**kwargs),
            "casus": self.casus,
            "policy": policy,
            "schedule": schedule_of(self.casus, policy),
            "extensions": extensions_of(self.casus),
            "latest_date": latest_extension_date(timezone.localdate()),
        }
