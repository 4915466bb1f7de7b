"""The melder's pre-check pages: the questions, the advice, and the way on to the form.

Going on creates a concept, so it is a POST. The concept's form lives at the URL name
"intake:registration_edit" (/aanmeldingen/casus/<uuid>/bewerken/). Skipping the pre-check
("Direct naar het formulier") is a POST to "intake:registration_new", which opens the melder's
empty concept (an untouched one from an earlier click, or a new one).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.core.mixins import RoleRequiredMixin

from .. import presentation
from ..forms.precheck import PreCheckForm
from ..models import CriteriaSet, PreCheck
from ..services.precheck import precheck_continue, precheck_evaluate


def _to_registration_form(casus):
    return redirect("intake:registration_edit", casus_id=casus.pk)


class MelderOnlyMixin(RoleRequiredMixin):
    required_roles = (Role.MELDER,)


class PreCheckView(MelderOnlyMixin, FormView):
    """ "Hoort mijn casus thuis in het ZVH?": the active set's questions and the municipality."""

    template_name = "intake/precheck.html"
    form_class = PreCheckForm

    def dispatch(self, request, *args, **kwargs):
        self.criteria_set = CriteriaSet.objects.filter(is_active=True).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        if self.criteria_set is None:
            return None
        return PreCheckForm(**self.get_form_kwargs(), criteria_set=self.criteria_set)

    def post(self, request, *args, **kwargs):
        if self.criteria_set is None:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        organisation = self.request.user.organisation
        return {**super().get_context_data(**kwargs), "criteria_set": self.criteria_set, "organisation": organisation}

    def form_valid(self, form):
        try:
            precheck = precheck_evaluate(
                melder=self.request.user,
                criteria_set=self.criteria_set,
                answers=form.answers,
                municipality=form.municipality,
            )
        except ServiceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return redirect("intake:precheck_result", precheck_id=precheck.pk)


class PreCheckResultView(MelderOnlyMixin, TemplateView):
    """The advice, with the reasons; POST continues to the form whatever the advice was."""

    template_name = "intake/precheck_result.html"

    def get_precheck(self) -> PreCheck:
        # Only the melder's own pre-check; any other id is "not found", as if it did not exist.
        precheck = (
            PreCheck.objects.select_related("criteria_set", "municipality")
            .filter(pk=self.kwargs["precheck_id"], melder=self.request.user)
            .first()
        )
        if precheck is None:
            raise Http404("Deze voortoets bestaat niet of is niet van u.")
        return precheck

    def get_context_data(self, **kwargs):
        precheck = self.get_precheck()
        audit_record(actor=self.request.user, action=AuditAction.VIEW, obj=precheck)
        answered = presentation.precheck_rows(precheck.criteria_set.criteria.all(), precheck.answers)
        return {**super().get_context_data(**kwargs), "precheck": precheck, "answered": answered}

    def post(self, request, *args, **kwargs):
        precheck = self.get_precheck()
        try:
            casus = precheck_continue(precheck=precheck, melder=request.user)
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("intake:precheck_result", precheck_id=precheck.pk)
        return _to_registration_form(casus)
