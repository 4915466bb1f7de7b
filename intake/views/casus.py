"""Thin views: they ask selectors for what the user may see and services for every change."""

from functools import cached_property

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView

from participants.constants import Role
from zvh.core.exceptions import ServiceError
from zvh.core.mixins import AuditedListMixin, RoleRequiredMixin

from .. import presentation, selectors
from ..extensions import case_sections, overview_notes
from ..filters import MyCasesFilter
from ..forms.melder import AnswerForm, WithdrawForm
from ..models import Casus, PreCheck
from ..services import melder as melder_services


class DeletedCasusPageMixin:
    """Pages an old link leads to: a deleted case the user knew gets "deze aanmelding is verwijderd".

    Who is told is decided in `intake.selectors.deleted_casus_q`; the page shows the reference
    and the date of the deletion, nothing else (410 Gone: it was there and will not return).
    Everyone else still gets the 404, with the refused attempt audited.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except selectors.CasusDeleted as deleted:
            return render(request, "intake/casus_deleted.html", {"deleted": deleted.record}, status=410)


def visible_casus_or_404(user, casus_id) -> Casus:
    """The casus if the user may see it (read audited); 404 otherwise, so existence stays hidden.

    A deleted case the user knew raises selectors.CasusDeleted (DeletedCasusPageMixin shows it).
    """
    try:
        return selectors.casus_get_for_view(user=user, casus_id=casus_id, tell_deleted=True)
    except selectors.CasusDeleted:
        raise
    except Casus.DoesNotExist:
        raise Http404("Deze casus bestaat niet of u heeft er geen toegang toe.") from None


class MyCasesView(RoleRequiredMixin, AuditedListMixin, FilterView):
    """ "Mijn aanmeldingen": the cases of the melder's organisation that this melder may see."""

    required_roles = (Role.MELDER,)
    template_name = "intake/my_cases.html"
    context_object_name = "cases"
    filterset_class = MyCasesFilter
    audit_page = "mijn_aanmeldingen"
    paginate_by = 25

    def get_queryset(self):
        return selectors.cases_for_melder_overview(self.request.user)

    def audit_detail(self, page) -> dict:
        return {**super().audit_detail(page), "filters": self.filterset.used_field_names()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cases = context["cases"] = list(context["cases"])
        presentation.decorate_overview_rows(cases, overview_notes(cases=cases, user=self.request.user))
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        context["is_filtered"] = bool(self.filterset.used_field_names())
        return context


class CasusDetailView(DeletedCasusPageMixin, RoleRequiredMixin, TemplateView):
    """One casus, the whole registration; 404 when it does not exist or the user may not see it.

    The melder also gets the actions that fit the case's state (continue a concept, withdraw,
    answer a question); the services decide, the `can_*` predicates only hide dead buttons.
    The pre-check answers are for the chair, who weighs them in the screening.
    """

    required_roles = (Role.MELDER, Role.TRIAGEVOORZITTER, Role.PROCESREGISSEUR)
    template_name = "intake/casus_detail.html"
    # Which page shows the case, for the sections of later steps (intake.extensions.case_sections).
    page = "casus"

    def get_context_data(self, **kwargs):
        user = self.request.user
        casus = visible_casus_or_404(user, kwargs["casus_id"])
        betrokkenen = list(casus.betrokkenen.select_related("municipality"))
        for betrokkene in betrokkenen:
            betrokkene.bsn_masked = presentation.mask_bsn(betrokkene.bsn)
        criteria = list(casus.criteria_set.criteria.all()) if casus.criteria_set_id else []
        requests = list(casus.information_requests.select_related("asked_by", "answered_by"))
        return {
            **super().get_context_data(**kwargs),
            "casus": casus,
            "status_sentence": presentation.status_sentence(
                status=casus.status, target_triage_date=casus.target_triage_date
            ),
            "needs_action": presentation.needs_action(casus.status),
            "betrokkenen": betrokkenen,
            "life_domains": presentation.life_domain_rows(casus.life_domains),
            "criteria": presentation.criteria_rows(criteria, casus.criteria_motivation),
            "involved_organisations": casus.involved_organisations.all(),
            "information_requests": requests,
            "open_request": next((r for r in requests if r.is_open), None),
            "feedback_messages": casus.feedback.select_related("created_by"),
            "history": casus.status_changes.select_related("by"),
            "case_sections": case_sections(casus=casus, user=user, page=self.page),
            "precheck": self._precheck(casus) if user.has_role(Role.TRIAGEVOORZITTER) else None,
            # Continuing and discarding a concept are both its author's, in the same state.
            "own_concept": melder_services.can_discard(casus, user),
            "can_withdraw": melder_services.can_withdraw(casus, user),
            "can_answer": melder_services.can_answer(casus, user),
        }

    @staticmethod
    def _precheck(casus: Casus):
        precheck = PreCheck.objects.filter(casus=casus).select_related("criteria_set", "municipality").first()
        if precheck is None:
            return None
        precheck.rows = presentation.precheck_rows(list(precheck.criteria_set.criteria.all()), precheck.answers)
        return precheck


class CasusActionView(DeletedCasusPageMixin, RoleRequiredMixin, FormView):
    """A melder's follow-up action on one casus: a confirmation page with a form, then a service.

    Subclasses name the check (`ensure_can_*` from intake.services.melder), the form and what
    happens on success. A case the melder may not see is 404; an action that does not fit the
    case's state sends the melder back to the case with the service's Dutch reason.
    """

    required_roles = (Role.MELDER,)
    form_class = forms.Form
    check = staticmethod(lambda casus, user: None)
    title = ""
    success_message = ""

    @cached_property
    def casus(self) -> Casus:
        """The case, its read audited only when the page shows it (a refusal is audited as such)."""
        try:
            return selectors.casus_or_denied(
                user=self.request.user, casus_id=self.kwargs["casus_id"], tell_deleted=True
            )
        except selectors.CasusDeleted:
            raise
        except Casus.DoesNotExist:
            raise Http404("Deze casus bestaat niet of u heeft er geen toegang toe.") from None

    def detail_url(self) -> str:
        return reverse("intake:casus_detail", kwargs={"casus_id": self.casus.pk})

    def refusal(self) -> str | None:
        """The Dutch reason the action does not fit the case now (audited as a refused attempt), or None."""
        try:
            self.check(self.casus, self.request.user)
        except ServiceError as error:
            selectors.casus_denied(user=self.request.user, casus_id=self.casus.pk)
            return str(error)
        return None

    # get/post run after RoleRequiredMixin.dispatch: anonymous to login, wrong role 403, and
    # only then is the casus read.
    def get(self, request, *args, **kwargs):
        reason = self.refusal()
        if reason is None:
            return super().get(request, *args, **kwargs)
        messages.error(request, reason)
        return HttpResponseRedirect(self.detail_url())

    def post(self, request, *args, **kwargs):
        # Refused on submit (the case moved on while the melder typed): show why on the same
        # page, with what they typed still in the form.
        reason = self.refusal()
        if reason is None:
            return super().post(request, *args, **kwargs)
        return self.refuse(self.get_form(), reason)

    def refuse(self, form, reason: str):
        form.add_error(None, reason)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        selectors.casus_read(user=self.request.user, casus=self.casus)  # the page shows the case
        return {**super().get_context_data(**kwargs), "casus": self.casus, "title": self.title}

    def form_valid(self, form):
        try:
            redirect_to = self.perform(form)
        except ServiceError as error:
            return self.refuse(form, str(error))
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(redirect_to)

    def perform(self, form) -> str:
        """Call the service; return where to go next."""
        raise NotImplementedError


class CasusWithdrawView(CasusActionView):
    template_name = "intake/casus_withdraw.html"
    form_class = WithdrawForm
    check = staticmethod(melder_services.ensure_can_withdraw)
    title = "Aanmelding intrekken"
    success_message = "De aanmelding is ingetrokken. Het ZVH bespreekt haar niet."

    def perform(self, form) -> str:
        melder_services.casus_withdraw(casus=self.casus, by=self.request.user, reason=form.cleaned_data["reason"])
        return self.detail_url()


class CasusDiscardView(CasusActionView):
    template_name = "intake/casus_discard.html"
    check = staticmethod(melder_services.ensure_can_discard)
    title = "Concept weggooien"
    success_message = "Het concept is weggegooid en de ingevulde gegevens zijn verwijderd."

    def perform(self, form) -> str:
        melder_services.casus_discard_concept(casus=self.casus, by=self.request.user)
        return reverse("intake:my_cases")


class InformationRequestAnswerView(CasusActionView):
    template_name = "intake/casus_answer.html"
    form_class = AnswerForm
    check = staticmethod(melder_services.ensure_can_answer)
    title = "Vraag van het ZVH beantwoorden"
    success_message = "Dank u, uw antwoord is verstuurd. De aanmelding gaat terug naar de screening."

    @cached_property
    def open_request(self):
        return selectors.open_information_request(self.casus)

    def refusal(self) -> str | None:
        reason = super().refusal()
        if reason is None and self.open_request is None:
            reason = "Er staat bij deze casus geen vraag van het ZVH open."
        return reason

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "request_to_answer": self.open_request}

    def perform(self, form) -> str:
        melder_services.information_request_answer(
            request=self.open_request, by=self.request.user, answer=form.cleaned_data["answer"]
        )
        return self.detail_url()
