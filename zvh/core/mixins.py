from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from .exceptions import ServiceError


class RoleRequiredMixin(LoginRequiredMixin):
    """A page for users with one of `required_roles`; others get the Dutch 403 page.

    This guards the page; which objects appear on it is decided by the selectors.
    """

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not any(request.user.has_role(role) for role in self.required_roles):
            raise PermissionDenied("U heeft geen rol die toegang geeft tot deze pagina.")
        return super().dispatch(request, *args, **kwargs)


class AuditedListMixin:
    """A paginated list of personal data: showing a page writes a LIST entry to the audit log.

    The entry names the page, and which rows were shown by their identifiers (so a
    data-subject request can answer "who saw this case"), never what was on them.
    """

    audit_page: str = ""
    # The attribute of a row that identifies it in the log (a dossier row logs its casus).
    audit_id_attr: str = "pk"

    def audit_detail(self, page) -> dict:
        """What the LIST entry records; override to add identifiers (such as filter names), never values."""
        return {
            "pagina": self.audit_page,
            "paginanummer": page.number,
            "aantal": len(page.object_list),
            "ids": [str(getattr(row, self.audit_id_attr)) for row in page.object_list],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit_record(actor=self.request.user, action=AuditAction.LIST, detail=self.audit_detail(context["page_obj"]))
        return context


class ServiceFormMixin:
    """A FormView whose valid form calls one service (``perform``): a refusal comes back as the
    service's Dutch message above the form with everything typed kept; success shows
    ``success_message`` and goes to ``after_success_url()``."""

    success_message: str = ""

    def perform(self, form) -> None:
        raise NotImplementedError

    def after_success_url(self) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except ServiceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.after_success_url())
