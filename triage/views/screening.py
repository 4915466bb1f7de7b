"""The chairs' screening pages: the queue, the screening of one case, the contact after a rejection.

Thin views: the queue comes from intake.selectors (need-to-know) narrowed by triage.filters,
every decision is a service of triage.services.screening.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django_filters.views import FilterView

from intake import presentation
from intake import selectors as intake_selectors
from intake.models import Casus
from intake.services.casus import CasusChanged
from intake.views.casus import CasusActionView, CasusDetailView
from participants.constants import Role
from zvh.core.exceptions import ServiceError
from zvh.core.mixins import AuditedListMixin, RoleRequiredMixin

from ..constants import ScreeningOutcome
from ..filters import SORT_BY_DATE, ScreeningQueueFilter
from ..forms.screening import MelderContactForm, ScreeningDecisionForm
from ..selectors.screening import age_in_days, latest_rejection, rejections_per_category
from ..services import screening as services

SUCCESS_MESSAGES = {
    ScreeningOutcome.ACCEPTED: "Casus {ref} is geaccepteerd en gaat naar de verrijking. De partners krijgen een "
    "bekendheidscheck.",
    ScreeningOutcome.INFORMATION_REQUESTED: "Uw vraag over casus {ref} staat klaar voor de melder. Na het antwoord "
    "komt de casus terug in de screening.",
    ScreeningOutcome.REJECTED: "Casus {ref} is afgewezen. De melder ziet de reden en uw advies in het systeem en "
    "krijgt een e-mail. Neem nu contact op met de melder en leg dat hieronder vast.",
}


def queue_url() -> str:
    return reverse("triage:screening")


class ScreeningQueueView(RoleRequiredMixin, AuditedListMixin, FilterView):
    """The registrations waiting for screening, per target triage date, filterable and sortable."""

    required_roles = (Role.TRIAGEVOORZITTER,)
    template_name = "triage/screening.html"
    context_object_name = "cases"
    filterset_class = ScreeningQueueFilter
    audit_page = "screening"
    paginate_by = 50

    def get_queryset(self):
        return intake_selectors.cases_for_screening(self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "today": timezone.localdate()}

    def audit_detail(self, page) -> dict:
        return {**super().audit_detail(page), "filters": self.filterset.used_field_names()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = self.filterset.today
        for casus in context["cases"]:
            casus.age_days = age_in_days(casus.submitted_at, today)
            casus.betrokkenen_count = len(casus.betrokkenen.all())  # prefetched
            casus.precheck_row = getattr(casus, "precheck", None)  # selected with the row
        params = self.request.GET.copy()
        params.pop("page", None)
        return {
            **context,
            "query_string": params.urlencode(),
            "is_filtered": bool(set(self.filterset.used_field_names()) - {"sorteer"}),
            "grouped": self.filterset.sort_key == SORT_BY_DATE,
            "statistics_year": today.year,
            "rejections": rejections_per_category(year=today.year),
        }


class ScreeningCaseView(CasusDetailView):
    """Screen one registration: the whole registration, then the criteria and the decision.

    The page is the casus page (same context, same template, so nothing is shown twice in two
    versions) with the screening form below it. A case that no longer waits for screening
    sends the chair to the casus page with the reason.
    """

    required_roles = (Role.TRIAGEVOORZITTER,)
    template_name = "triage/screening_casus.html"
    page = "screening"  # the screening section leaves out its "Screenen" link here

    def _casus_or_404(self) -> Casus:
        """The case, its read not yet audited (the page's read or the service's change records it).

        A concept or deleted case (or any the chair may not see) is a refused attempt: audited, 404.
        """
        try:
            return intake_selectors.casus_or_denied(
                user=self.request.user, casus_id=self.kwargs["casus_id"], tell_deleted=True
            )
        except intake_selectors.CasusDeleted:
            raise  # "deze aanmelding is verwijderd" (intake.views.casus.DeletedCasusPageMixin)
        except Casus.DoesNotExist:
            raise Http404("Deze casus bestaat niet of u heeft er geen toegang toe.") from None

    def _not_screenable(self, casus: Casus):
        messages.info(self.request, f"Casus {casus} wacht niet op screening: de status is '{casus.status_label}'.")
        return HttpResponseRedirect(reverse("intake:casus_detail", kwargs={"casus_id": casus.pk}))

    def _form(self, casus: Casus, data=None) -> ScreeningDecisionForm:
        criteria = services.screening_criteria_set(casus).criteria.all()
        return ScreeningDecisionForm(
            data,
            criteria=criteria,
            outcomes=services.screening_outcomes_allowed(casus),
            initial={"versie": intake_selectors.casus_version(casus)},
        )

    def get(self, request, *args, **kwargs):
        return self.handle(request, data=None, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.handle(request, data=request.POST, **kwargs)

    def handle(self, request, *, data, **kwargs):
        casus = self._casus_or_404()
        # On a POST the service refuses a case that moved on meanwhile, and the form keeps the text.
        if data is None and casus.status not in services.SCREENABLE:
            return self._not_screenable(casus)
        try:
            form = self._form(casus, data)
        except ServiceError as error:  # no criteria set to apply
            messages.error(request, str(error))
            return HttpResponseRedirect(queue_url())
        if data is not None and form.is_valid():
            try:
                outcome = self._decide(casus, form)
            except CasusChanged as error:
                # The page now shows the case as it is; a second submit decides on that state.
                form.data = form.data.copy()
                form.data["versie"] = intake_selectors.casus_version(casus)
                form.add_error(None, str(error))
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, SUCCESS_MESSAGES[outcome].format(ref=casus))
                if outcome == ScreeningOutcome.REJECTED:
                    return HttpResponseRedirect(reverse("triage:screening_contact", kwargs={"casus_id": casus.pk}))
                return HttpResponseRedirect(queue_url())
        return self.render_to_response(self.get_context_data(form=form, **kwargs))

    def _decide(self, casus: Casus, form: ScreeningDecisionForm) -> ScreeningOutcome:
        data = form.cleaned_data
        common = {
            "casus": casus,
            "by": self.request.user,
            "criteria_judgement": form.judgement(),
            "seen_version": data["versie"],
        }
        outcome = ScreeningOutcome(data["besluit"])
        if outcome == ScreeningOutcome.ACCEPTED:
            services.screening_accept(**common, reason=data["motivering"])
        elif outcome == ScreeningOutcome.INFORMATION_REQUESTED:
            services.screening_request_information(**common, question=data["vraag"], reason=data["motivering"])
        else:
            services.screening_reject(
                **common, category=data["categorie"], reason=data["motivering"], advice=data["advies"]
            )
        return outcome

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # reads the casus, audited
        form = context["form"]
        rows = presentation.criteria_rows(form.criteria, context["casus"].criteria_motivation)
        context["judgement_rows"] = [
            (criterion, motivation, field)
            for (criterion, motivation), field in zip(rows, form.criterion_fields, strict=True)
        ]
        context["screening_criteria_set"] = form.criteria[0].criteria_set if form.criteria else None
        context["only_rejection_possible"] = services.screening_outcomes_allowed(context["casus"]) == (
            ScreeningOutcome.REJECTED,
        )
        return context


class MelderContactView(CasusActionView):
    """After a rejection: the chair records that the melder was told; then the deletion runs."""

    required_roles = (Role.TRIAGEVOORZITTER,)
    template_name = "triage/screening_contact.html"
    form_class = MelderContactForm
    title = "Contact met de melder vastleggen"
    success_message = (
        "Het contact met de melder is vastgelegd. De gegevens van de aanmelding worden nu verwijderd; "
        "alleen het casusnummer, de datums, de organisatie en de reden van afwijzing blijven bewaard."
    )

    @staticmethod
    def check(casus: Casus, user) -> None:
        decision = latest_rejection(casus)
        if decision is None:
            raise ServiceError("Deze aanmelding is niet afgewezen.")
        decision.casus = casus
        services.ensure_can_record_contact(decision, user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "decision": latest_rejection(self.casus)}

    def perform(self, form) -> str:
        services.screening_record_melder_contacted(
            decision=latest_rejection(self.casus), by=self.request.user, note=form.contact_note()
        )
        # Back to the case: it says the deletion is under way, and once done that it was deleted.
        return self.detail_url()
