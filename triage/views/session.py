"""The chair's triage session: the slots of a meeting, one slot with its dossier, clock and decision,
closing the meeting, and the decision letter (besluitbrief) for the melder and the chairs.

Thin views: the reads are in ``triage.selectors.decisions`` and ``triage.selectors.verrijkingsdossier``, every change
is a service in ``triage.services.decisions``; a refusal comes back as the service's Dutch text
with everything typed kept.
"""

import math
from functools import cached_property

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from intake.models import Casus
from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError, refusal
from zvh.core.mixins import RoleRequiredMixin
from zvh.pdf import pdf_response, render_pdf

from ..constants import DecisionOutcome
from ..forms.decisions import GeenPgaForm, NotDiscussedForm, PgaForm
from ..models import AgendaItem, TriageDecision, TriageMeeting
from ..selectors.decisions import decision_for_letter, session_slot, session_slots
from ..selectors.verrijkingsdossier import verrijkingsdossier_for
from ..services import decisions as services

SESSION_PAGE = "triage_sessie"


def clock_text(slot, now) -> str:
    """The slot's remaining time in words, as the page shows it without JavaScript."""
    if slot.starts_at is None:
        return "Dit agendapunt valt buiten de slots van de vergadering."
    if now < slot.starts_at:
        return f"Dit slot begint om {slot.starts_at:%H:%M}."
    if now < slot.ends_at:
        minutes = math.ceil((slot.ends_at - now).total_seconds() / 60)
        return f"Nog {minutes} {'minuut' if minutes == 1 else 'minuten'} in dit slot."
    return f"De tijd van dit slot is om (tot {slot.ends_at:%H:%M})."


class SessionMixin(RoleRequiredMixin):
    required_roles = (Role.TRIAGEVOORZITTER,)

    @cached_property
    def meeting(self) -> TriageMeeting:
        return get_object_or_404(TriageMeeting, pk=self.kwargs["meeting_id"])

    def session_url(self) -> str:
        return reverse("triage:meeting_session", kwargs={"meeting_id": self.meeting.pk})


class MeetingSessionView(SessionMixin, TemplateView):
    """All slots of one meeting with their decision state, and "Afronden en uitkomsten versturen"."""

    template_name = "triage/session.html"

    def get_context_data(self, **kwargs):
        meeting = self.meeting
        slots = session_slots(meeting)
        audit_record(
            actor=self.request.user,
            action=AuditAction.LIST,
            obj=meeting,
            detail={"pagina": SESSION_PAGE, "aantal": len(slots), "ids": [str(slot.item.casus_id) for slot in slots]},
        )
        return {
            **super().get_context_data(**kwargs),
            "meeting": meeting,
            "slots": slots,
            "open_count": sum(1 for slot in slots if slot.decision is None),
            "refusal": "" if meeting.closed_at else refusal(services.ensure_meeting_in_session, meeting),
        }

    def post(self, request, *args, **kwargs):
        try:
            closing = services.meeting_close(meeting=self.meeting, by=request.user)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"De triage is afgerond. {closing.informed} melder(s) hebben de uitkomst ontvangen in de applicatie "
                "en per e-mail.",
            )
        return HttpResponseRedirect(self.session_url())


class SessionItemView(SessionMixin, TemplateView):
    """One slot: the verrijkingsdossier, the clock, and the three decision forms."""

    template_name = "triage/session_item.html"
    form_classes = {
        DecisionOutcome.GEEN_PGA: GeenPgaForm,
        DecisionOutcome.PGA: PgaForm,
        DecisionOutcome.NIET_BESPROKEN: NotDiscussedForm,
    }

    @cached_property
    def slots(self):
        try:
            return session_slot(self.meeting, self.kwargs["item_id"])
        except AgendaItem.DoesNotExist:
            raise Http404("Dit agendapunt staat niet op de agenda van deze triage.") from None

    def item_url(self) -> str:
        return reverse(
            "triage:session_item", kwargs={"meeting_id": self.meeting.pk, "item_id": self.kwargs["item_id"]}
        )

    def forms(self, bound: str | None = None) -> dict:
        return {
            outcome: form_class(self.request.POST if outcome == bound else None)
            for outcome, form_class in self.form_classes.items()
        }

    def get_context_data(self, **kwargs):
        slot, previous, following = self.slots
        decision = slot.decision
        dossier = None
        if decision is None:
            try:
                dossier = verrijkingsdossier_for(user=self.request.user, casus_id=slot.item.casus_id)
            except Casus.DoesNotExist:
                raise Http404("Deze casus bestaat niet of u heeft er geen toegang toe.") from None
        else:
            audit_record(
                actor=self.request.user,
                action=AuditAction.VIEW,
                obj=slot.item.casus,
                case_reference=slot.item.casus.reference or "",
                detail={"pagina": SESSION_PAGE, "besluit": decision.outcome},
            )
        forms = kwargs.pop("forms", None) or self.forms()
        return {
            **super().get_context_data(**kwargs),
            "meeting": self.meeting,
            "slot": slot,
            "casus": slot.item.casus,
            "decision": decision,
            "invitees": decision.invitees.select_related("organisation") if decision else (),
            "new_meeting": services.new_meeting_of(decision) if decision else None,
            "previous": previous,
            "following": following,
            "dossier": dossier,
            "clock_text": clock_text(slot, timezone.now()),
            "refusal": "" if decision else refusal(services.ensure_can_decide, slot.item, self.request.user),
            "geen_pga_form": forms[DecisionOutcome.GEEN_PGA],
            "pga_form": forms[DecisionOutcome.PGA],
            "not_discussed_form": forms[DecisionOutcome.NIET_BESPROKEN],
            "open_form": kwargs.get("open_form", ""),
        }

    def post(self, request, *args, **kwargs):
        slot = self.slots[0]
        action = request.POST.get("besluit", "")
        if action not in self.form_classes:
            messages.error(request, "Kies een besluit: geen PGA, PGA of niet besproken.")
            return HttpResponseRedirect(self.item_url())
        forms = self.forms(bound=action)
        form = forms[action]
        if form.is_valid():
            try:
                self.perform(action, form, slot.item)
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Besluit vastgelegd voor casus {slot.item.casus.reference}.")
                return HttpResponseRedirect(self.item_url())
        return self.render_to_response(self.get_context_data(forms=forms, open_form=action))

    def perform(self, action: str, form, item: AgendaItem) -> TriageDecision:
        by, data = self.request.user, form.cleaned_data
        if action == DecisionOutcome.GEEN_PGA:
            return services.decision_record_geen_pga(
                item=item, by=by, advice=data["advice"], motivation=data["motivation"]
            )
        if action == DecisionOutcome.PGA:
            return services.decision_record_pga(
                item=item,
                by=by,
                procesregisseur=data["procesregisseur"],
                invitees=form.invitees(),
                motivation=data["motivation"],
            )
        return services.decision_record_not_discussed(item=item, by=by, reason=data["reason"])


class DecisionLetterView(RoleRequiredMixin, View):
    """The besluitbrief as a PDF: for the melder once the meeting is closed, for the chairs once decided,
    and for whom a later step registers (the procesregisseur of the running PGA dossier)."""

    required_roles = (Role.MELDER, Role.TRIAGEVOORZITTER, Role.PROCESREGISSEUR)

    def get(self, request, *args, **kwargs):
        try:
            decision = decision_for_letter(user=request.user, casus_id=kwargs["casus_id"])
        except TriageDecision.DoesNotExist:
            raise Http404("Voor deze casus is (nog) geen besluitbrief beschikbaar.") from None
        casus = decision.item.casus
        content = render_pdf(
            "pdf/besluitbrief.html",
            {
                "decision": decision,
                "casus": casus,
                "meeting": decision.item.meeting,
                "new_meeting": services.new_meeting_of(decision),
                "outcome_words": services.OUTCOME_WORDS[decision.outcome],
                "not_discussed": services.not_discussed_words(decision),
                "generated_at": timezone.now(),
                "pdf": True,
            },
        )
        return pdf_response(content, filename=f"besluitbrief-{casus.reference}.pdf")
