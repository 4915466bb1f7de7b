from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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


#: ``ServiceCall.fields`` for "every field of the form, under its own name" (as ModelForm's ``"__all__"``).
ALL_FIELDS = "__all__"


@dataclass(frozen=True)
class ServiceCall:
    """The one service a form view calls, declared instead of written out in ``perform``.

    Why: most change forms unpack ``cleaned_data`` into one service call with the view's object and
    ``by=`` the user; written out twenty times, a field forgotten in one of them went unnoticed. The
    service is called as ``function(<on_as or on>=view.<on>, <fields>..., **view.service_extra(form),
    by=view.request.user)``:

    * ``on``: the view attribute holding the object changed (set in ``dispatch``/``get_initial``),
      passed under the same name unless ``on_as`` names the service's keyword;
    * ``fields``: the form fields passed, by name (service keyword = field name), as a mapping
      ``{service keyword: field}``, or ``ALL_FIELDS`` for every cleaned field;
    * ``keep_as``: the view attribute the result is kept in (the success URL may need it).
    """

    function: Callable[..., Any]
    on: str
    fields: Sequence[str] | Mapping[str, str] | str = ()
    on_as: str = ""
    keep_as: str = ""

    def arguments(self, data: Mapping[str, Any]) -> dict[str, Any]:
        if self.fields == ALL_FIELDS:
            return dict(data)
        if isinstance(self.fields, Mapping):
            return {keyword: data[field] for keyword, field in self.fields.items()}
        return {name: data[name] for name in self.fields}

    def run(self, view, form) -> Any:
        result = self.function(
            **{self.on_as or self.on: getattr(view, self.on)},
            **self.arguments(form.cleaned_data),
            **view.service_extra(form),
            by=view.request.user,
        )
        if self.keep_as:
            setattr(view, self.keep_as, result)
        return result


class ServiceFormMixin:
    """A FormView whose valid form calls one service (``perform``): a refusal comes back as the
    service's Dutch message above the form with everything typed kept; success shows
    ``success_message`` and goes to ``after_success_url()``.

    Declare the call with ``service = ServiceCall(...)`` (values the form computes, such as a list of
    rows, come from ``service_extra``); override ``perform`` only for what does not fit.
    """

    success_message: str = ""
    service: ServiceCall | None = None

    def service_extra(self, form) -> dict[str, Any]:
        """Service arguments the form computes rather than holds in one field."""
        return {}

    def perform(self, form) -> None:
        if self.service is None:
            raise NotImplementedError
        self.service.run(self, form)

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
