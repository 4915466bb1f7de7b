"""The agenda of one triage meeting: the chair prepares and finalises it; fixed partners read it.

One page for the chair with three forms (move the overflow on, change the order, finalise),
each posting to the same URL with its ``action``; a refused or stale post comes back on the
page with a Dutch reason and the chair's selection kept. A ketenpartner of a fixed-partner
organisation sees a finalised agenda read-only: references and slot times, nothing else.
Every showing is audited with the ids of the cases listed; the PDF as an export.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.views import View
from django.views.generic import TemplateView

from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.core.mixins import RoleRequiredMixin
from zvh.pdf import pdf_response, render_pdf

from ..forms.agenda import FinaliseForm, OverflowForm, ReorderForm
from ..models import TriageMeeting
from ..selectors.agenda import Agenda, AgendaRow, meeting_agenda, meeting_for_agenda
from ..services import agenda as services


def _audit_shown(request, *, meeting: TriageMeeting, rows: list[AgendaRow], action: str, page: str) -> None:
    audit_record(
        actor=request.user,
        action=action,
        obj=meeting,
        detail={"pagina": page, "aantal": len(rows), "ids": [row.casus_id for row in rows]},
    )


class AgendaAccessMixin(RoleRequiredMixin):
    required_roles = (Role.TRIAGEVOORZITTER, Role.KETENPARTNER)

    def get_meeting(self) -> TriageMeeting:
        try:
            return meeting_for_agenda(user=self.request.user, meeting_id=self.kwargs["meeting_id"])
        except TriageMeeting.DoesNotExist:
            raise Http404("Deze agenda bestaat niet of is (nog) niet voor u beschikbaar.") from None


class MeetingAgendaView(AgendaAccessMixin, TemplateView):
    """The chair's agenda page, or the read-only finalised agenda for a fixed partner."""

    FORMS = {"doorschuiven": OverflowForm, "volgorde": ReorderForm, "vaststellen": FinaliseForm}

    def get_template_names(self):
        return ["triage/agenda.html" if self.is_chair else "triage/agenda_partner.html"]

    @property
    def is_chair(self) -> bool:
        return self.request.user.has_role(Role.TRIAGEVOORZITTER)

    def get(self, request, *args, **kwargs):
        return self.render(meeting_agenda(self.get_meeting()))

    def post(self, request, *args, **kwargs):
        if not self.is_chair:
            raise PermissionDenied("Alleen een triagevoorzitter kan de agenda wijzigen.")
        agenda = meeting_agenda(self.get_meeting())
        refusal = services.agenda_refusal(agenda.meeting)
        if refusal:  # finalised meanwhile (a second click, a colleague) or cancelled
            messages.error(request, refusal)
            return HttpResponseRedirect(request.path)
        action = request.POST.get("action", "")
        form_class = self.FORMS.get(action)
        if form_class is None:
            messages.error(request, "Deze actie kent de agenda niet. Probeer het opnieuw vanaf deze pagina.")
            return HttpResponseRedirect(request.path)
        form = form_class(request.POST, agenda=agenda)
        if form.is_valid():
            try:
                messages.success(request, self.perform(action, agenda.meeting, form.cleaned_data))
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                return HttpResponseRedirect(request.path)
        return self.render(meeting_agenda(agenda.meeting), bound={action: form})

    def perform(self, action: str, meeting: TriageMeeting, data: dict) -> str:
        """Call the service of ``action``; returns the confirmation for the chair."""
        user = self.request.user
        if action == "doorschuiven":
            moved = services.agenda_move_overflow(meeting=meeting, item_ids=data["items"], by=user)
            return (
                f"{moved.moved_count} casus(sen) doorgeschoven naar de triage van "
                f"{moved.moved_to.date:%d-%m-%Y}; de melders zijn op de hoogte gebracht."
            )
        if action == "volgorde":
            services.agenda_reorder(meeting=meeting, order=data["order"], by=user)
            return "De volgorde is aangepast."
        done = services.agenda_finalise(meeting=meeting, by=user, expected_order=data["version"])
        text = (
            f"De agenda is vastgesteld: {done.placed_count} casus(sen) geagendeerd; de melders zijn uitgenodigd "
            f"en {done.partner_count} vaste partner(s) hebben de agenda ontvangen."
        )
        if done.moved_count:
            moved_to = f"{done.moved_to.date:%d-%m-%Y}"
            text += f" {done.moved_count} nog niet gescreende casus(sen) schoven door naar {moved_to}."
        if done.lapsed_count:
            text += f" {done.lapsed_count} ingetrokken of afgewezen casus(sen) zijn vervallen."
        return text

    def render(self, agenda: Agenda, bound: dict | None = None):
        rows = agenda.rows if self.is_chair else agenda.placed
        _audit_shown(self.request, meeting=agenda.meeting, rows=rows, action=AuditAction.LIST, page="agenda")
        context = {"agenda": agenda, "meeting": agenda.meeting}
        if self.is_chair:
            bound = bound or {}
            refusal = services.agenda_refusal(agenda.meeting)
            context |= {
                "refusal": refusal,
                "finalise_refusal": services.finalise_refusal(agenda.meeting),
                "overflow_form": bound.get("doorschuiven") or OverflowForm(agenda=agenda),
                "reorder_form": bound.get("volgorde") or ReorderForm(agenda=agenda),
                "finalise_form": bound.get("vaststellen") or FinaliseForm(agenda=agenda),
            }
        return self.render_to_response(self.get_context_data(**context))


class MeetingAgendaPdfView(AgendaAccessMixin, View):
    """The finalised agenda as a PDF for the participants: references and slot times only."""

    def get(self, request, *args, **kwargs):
        agenda = meeting_agenda(self.get_meeting())
        if not agenda.is_finalised:
            raise Http404("De agenda van deze triage is nog niet vastgesteld.")
        _audit_shown(request, meeting=agenda.meeting, rows=agenda.placed, action=AuditAction.EXPORT, page="agenda_pdf")
        content = render_pdf("pdf/agenda.html", {"agenda": agenda, "meeting": agenda.meeting})
        return pdf_response(content, filename=f"agenda-triage-{agenda.meeting.date:%Y-%m-%d}.pdf")
