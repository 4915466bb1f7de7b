import rules
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django_filters.views import FilterView

from .constants import AuditAction
from .filters import AuditEventFilter
from .models import AuditEvent
from .services import audit_record


class AuditLogView(LoginRequiredMixin, PermissionRequiredMixin, FilterView):
    """The logbeheerder's view of the audit log; reading the log is itself logged."""

    permission_required = "audit.read_auditlog"
    # No raise_exception: anonymous visitors go to the login page; logged-in users without the
    # permission still get 403 (AccessMixin raises PermissionDenied for authenticated users).
    model = AuditEvent
    filterset_class = AuditEventFilter
    template_name = "audit/log.html"
    context_object_name = "events"
    paginate_by = 50

    def has_permission(self):
        # Ask the rule itself: user.has_perm() lets every superuser (and any directly granted
        # model permission) through, while only the logbeheerder reads the log (docs/decisions.md, audit log).
        return rules.has_perm(self.permission_required, self.request.user)

    def get_queryset(self):
        return AuditEvent.objects.order_by("-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        # Only the declared filters' names: an arbitrary parameter name could carry personal
        # data, and the log can never be changed afterwards.
        used = sorted(name for name in self.filterset.filters if self.filterset.form.data.get(name))
        audit_record(actor=self.request.user, action=AuditAction.SEARCH, detail={"pagina": "auditlog", "filters": used})
        return context
