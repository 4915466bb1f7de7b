"""The bekendheidscheck pages: the partner's queue and request, the chair's verrijking per case.

Partners (role ketenpartner) see only their own organisation's requests, and of each only
the identifying data (`triage.selectors.bekendheidscheck.PartnerRequest`); another organisation's request is
404. The chair's pages build on the casus read of intake (access-checked and audited).
"""

from functools import cached_property

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, ListView, TemplateView

from intake.models import Casus
from intake.views.casus import CasusActionView
from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import refusal
from zvh.core.mixins import AuditedListMixin, RoleRequiredMixin, ServiceFormMixin

from ..forms.verrijking import CheckAnswerForm, IncidentalPartnerForm, InfoProvideForm, InfoQuestionForm
from ..models import Bekendheidscheck
from ..selectors import bekendheidscheck as selectors
from ..selectors.verrijkingsdossier import casus_for_verrijking
from ..services import verrijking as services

# --------------------------------------------------------------------------- the partner


class PartnerQueueView(RoleRequiredMixin, AuditedListMixin, ListView):
    """ "Bekendheidschecks": the requests of the partner's organisation, waiting ones first."""

    required_roles = (Role.KETENPARTNER,)
    template_name = "triage/bekendheidschecks.html"
    audit_page = "bekendheidschecks"
    paginate_by = 25

    def get_queryset(self):
        return selectors.bekendheidschecks_for_partner(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only plain values reach the template (see PartnerRequest), never the rows themselves.
        context["requests"] = selectors.partner_requests(context.pop("object_list"), now=timezone.now())
        context.pop("bekendheidscheck_list", None)
        return context


class PartnerCheckFormView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """One request of the partner's organisation, with the form that fits its state.

    The page shows the answer form while the request is open and the information form while
    the chair's question waits; each form posts to its own URL (a subclass each). A refused
    action (answered meanwhile by a colleague) comes back on the page with the reason and
    with what was typed.
    """

    required_roles = (Role.KETENPARTNER,)
    template_name = "triage/bekendheidscheck.html"
    form_name = ""
    success_message = ""

    @cached_property
    def target(self) -> Bekendheidscheck:
        try:
            return selectors.bekendheidscheck_get_for_partner(user=self.request.user, check_id=self.kwargs["pk"])
        except Bekendheidscheck.DoesNotExist:
            raise Http404("Deze bekendheidscheck bestaat niet of is niet voor uw organisatie.") from None

    def page_url(self) -> str:
        return reverse("triage:bekendheidscheck", kwargs={"pk": self.target.pk})

    # get/post run after RoleRequiredMixin.dispatch (login, role); only then is the request read.
    def get(self, request, *args, **kwargs):
        self.target  # noqa: B018 - 404 before anything is rendered
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.target  # noqa: B018 - 404 before the form is even looked at
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner_request = selectors.partner_request_read(
            user=self.request.user, check_id=self.target.pk, now=timezone.now()
        )
        bound = context.pop("form")
        forms = {
            "answer_form": CheckAnswerForm() if partner_request.is_open else None,
            "info_form": InfoProvideForm() if partner_request.info_open else None,
        }
        if bound.is_bound or forms[self.form_name] is not None:
            forms[self.form_name] = bound  # keep what was typed, with its errors
        context.pop("view", None)  # the view holds the check with its casus: keep it from the template
        return {**context, **forms, "partner_request": partner_request}

    def after_success_url(self) -> str:
        return self.page_url()

    def perform(self, form) -> None:
        raise NotImplementedError


class PartnerAnswerView(PartnerCheckFormView):
    form_class = CheckAnswerForm
    form_name = "answer_form"
    success_message = "Dank u, uw antwoord is doorgegeven aan het ZVH."

    def perform(self, form) -> None:
        services.bekendheidscheck_answer(check=self.target, by=self.request.user, known=form.cleaned_data["known"])


class PartnerInfoView(PartnerCheckFormView):
    form_class = InfoProvideForm
    form_name = "info_form"
    success_message = "Dank u, de informatie is doorgegeven aan het ZVH."

    def perform(self, form) -> None:
        data = form.cleaned_data
        services.bekendheidscheck_provide_info(
            check=self.target, by=self.request.user, text=data["text"], contact=data["contact"]
        )


# --------------------------------------------------------------------------- the chair


class VerrijkingListView(RoleRequiredMixin, AuditedListMixin, ListView):
    """Accepted cases before their triage, with how far each bekendheidscheck is."""

    required_roles = (Role.TRIAGEVOORZITTER,)
    template_name = "triage/verrijking_list.html"
    context_object_name = "cases"
    audit_page = "verrijking"
    paginate_by = 50

    def get_queryset(self):
        return selectors.cases_in_verrijking(self.request.user, now=timezone.now())


class VerrijkingView(RoleRequiredMixin, TemplateView):
    """The chair's verrijking of one case: who answered, who is late, the information given."""

    required_roles = (Role.TRIAGEVOORZITTER,)
    template_name = "triage/verrijking.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        # Partners' information is for preparing the triage: after the decision (PGA, geen
        # PGA, closed) this page is gone, like the verrijkingsdossier.
        try:
            casus = casus_for_verrijking(user=user, casus_id=kwargs["casus_id"])
        except Casus.DoesNotExist:
            raise Http404("Deze casus bestaat niet of is niet in verrijking.") from None
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            obj=casus,
            case_reference=casus.reference or "",
            detail={"pagina": "verrijking"},
        )
        checks = selectors.bekendheidschecks_for_chair(user=user, casus=casus, now=timezone.now())
        for check in checks:
            check.casus = casus
            check.can_request_info = not refusal(services.ensure_can_request_info, check, user)
        closed_reason = refusal(services.ensure_chair_can_enrich, casus, user)
        return {
            **super().get_context_data(**kwargs),
            "casus": casus,
            "checks": checks,
            "can_enrich": not closed_reason,
            "closed_reason": closed_reason,
            "answered": sum(1 for check in checks if check.answered_at),
            "late": sum(1 for check in checks if check.answer_late or check.info_late),
        }


class VerrijkingActionView(CasusActionView):
    """A chair's action on the verrijking of one case (see intake's CasusActionView)."""

    required_roles = (Role.TRIAGEVOORZITTER,)
    template_name = "triage/verrijking_action.html"
    check = staticmethod(services.ensure_chair_can_enrich)

    def detail_url(self) -> str:
        return reverse("triage:verrijking", kwargs={"casus_id": self.casus.pk})


class RequestInfoView(VerrijkingActionView):
    form_class = InfoQuestionForm
    title = "Informatie vragen"
    success_message = "De vraag staat klaar voor de partner; de partner krijgt er een e-mail over."

    @cached_property
    def partner_check(self) -> Bekendheidscheck:
        found = self.casus.bekendheidschecks.select_related("organisation").filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404("Deze bekendheidscheck hoort niet bij deze casus.")
        found.casus = self.casus
        return found

    def refusal(self) -> str | None:
        return refusal(services.ensure_can_request_info, self.partner_check, self.request.user) or None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "partner_check": self.partner_check}

    def perform(self, form) -> str:
        services.bekendheidscheck_request_info(
            check=self.partner_check, by=self.request.user, question=form.cleaned_data["question"]
        )
        return self.detail_url()


class AddIncidentalView(VerrijkingActionView):
    form_class = IncidentalPartnerForm
    title = "Incidentele partner toevoegen"
    success_message = "De partner is gevraagd of de betrokkene(n) bekend zijn."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "casus": self.casus}

    def perform(self, form) -> str:
        services.bekendheidscheck_add_incidental(
            casus=self.casus,
            by=self.request.user,
            organisation=form.cleaned_data["organisation"],
            ground=form.cleaned_data["ground"],
            explanation=form.cleaned_data["explanation"],
        )
        return self.detail_url()
