"""The chair weighs a case with the active de-escalatiemodel and reads the summary."""

from functools import cached_property

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import FormView

from intake.models import Casus
from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.core.mixins import RoleRequiredMixin

from ..forms.weighing import WeighingForm
from ..selectors.verrijkingsdossier import casus_for_verrijking
from ..selectors.weighing import active_weighing_model, latest_weighing_summary, weighings_of
from ..services.weighing import weighing_save


class ChairCasusMixin(RoleRequiredMixin):
    """A chair's page about one case in verrijking; 404 for any other case (existence hidden)."""

    required_roles = (Role.TRIAGEVOORZITTER,)

    @cached_property
    def casus(self) -> Casus:
        try:
            return casus_for_verrijking(user=self.request.user, casus_id=self.kwargs["casus_id"])
        except Casus.DoesNotExist:
            raise Http404("Deze casus bestaat niet of u heeft er geen toegang toe.") from None


class WeighingView(ChairCasusMixin, FormView):
    """Per dimension a level and a motivation; after saving, the summary with the suggestion.

    The form always uses the active model; the summary shows the latest weighing, which may
    have used an earlier version (then the page says so).
    """

    template_name = "triage/weighing.html"
    form_class = WeighingForm

    @cached_property
    def model(self):
        return active_weighing_model()

    def get_form(self, form_class=None):
        # The case first: a chair without access gets 404 before anything else is read.
        casus = self.casus
        if self.model is None:
            return None
        current = weighings_of(casus).filter(model=self.model).first()
        return WeighingForm(**self.get_form_kwargs(), model=self.model, weighing=current)

    def post(self, request, *args, **kwargs):
        if self.casus and self.model is None:
            messages.error(request, "Er is geen actief de-escalatiemodel; de weging kan niet worden opgeslagen.")
            return HttpResponseRedirect(request.path)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audit_record(
            actor=self.request.user,
            action=AuditAction.VIEW,
            obj=self.casus,
            case_reference=self.casus.reference or "",
            detail={"pagina": "weging"},
        )
        return {**context, "casus": self.casus, "model": self.model, "summary": latest_weighing_summary(self.casus)}

    def form_valid(self, form):
        try:
            weighing_save(casus=self.casus, by=self.request.user, scores=form.scores())
        except ServiceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, "De weging is opgeslagen.")
        return HttpResponseRedirect(reverse("triage:weighing", kwargs={"casus_id": self.casus.pk}) + "#samenvatting")
