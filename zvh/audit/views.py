import rules
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Q
from django_filters.views import FilterView

from .constants import AuditAction
from .filters import AuditEventFilter
from .models import AuditEvent
from .services import audit_record


class AuditLogView(LoginRequiredMixin, PermissionRequiredMixin, FilterView):
    """The logbeheerder's view of the audit log; reading the log is itself logged.

    Paged by key, not by number (issue 16): a page is the PAGE_SIZE entries before the entry
    whose id is in ``voor``, newest first by moment (then id, for entries of the same moment),
    read through an index that ends in (at, id), so neither the first page nor a filtered page
    deep in history counts the log (a COUNT over millions of rows on every request) or reads the
    newer entries of its filter. The page offers "Oudere regels" and "Nieuwste regels" instead
    of "page x of y".
    """

    permission_required = "audit.read_auditlog"
    # No raise_exception: anonymous visitors go to the login page; logged-in users without the
    # permission still get 403 (AccessMixin raises PermissionDenied for authenticated users).
    model = AuditEvent
    filterset_class = AuditEventFilter
    template_name = "audit/log.html"
    context_object_name = "events"
    page_size = 50

    def has_permission(self):
        # Ask the rule itself: user.has_perm() lets every superuser (and any directly granted
        # model permission) through, while only the logbeheerder reads the log (docs/decisions.md, audit log).
        return rules.has_perm(self.permission_required, self.request.user)

    def get_queryset(self):
        # What the page shows: not the chain's links and MACs.
        shown = ("at", "username", "organisation", "action", "object_type", "object_id", "case_reference", "detail")
        return AuditEvent.objects.only(*shown).order_by("-at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        before = self._before()
        rows = self.object_list
        if before is not None:
            rows = rows.filter(Q(at__lt=before.at) | Q(at=before.at, id__lt=before.id))
        page = list(rows.order_by("-at", "-id")[: self.page_size + 1])
        context["events"] = page[: self.page_size]
        context["older_than"] = page[self.page_size - 1].id if len(page) > self.page_size else None
        context["is_first_page"] = before is None
        params = self.request.GET.copy()
        params.pop("voor", None)
        context["query_string"] = params.urlencode()
        # Only the declared filters' names: an arbitrary parameter name could carry personal
        # data, and the log can never be changed afterwards.
        used = sorted(name for name in self.filterset.filters if self.filterset.form.data.get(name))
        audit_record(actor=self.request.user, action=AuditAction.SEARCH, detail={"pagina": "auditlog", "filters": used})
        return context

    def _before(self) -> AuditEvent | None:
        """The entry the page starts below (``voor``, its id); a key that names no entry is the first page."""
        value = self.request.GET.get("voor", "")
        if not value.isdigit() or len(value) > 18:  # beyond a bigint: no entry
            return None
        return AuditEvent.objects.only("at").filter(pk=int(value)).first()
