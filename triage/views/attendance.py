"""The melder's answer to the invitation: in the meeting room or online.

The invitation mail links here. The page shows the slot (date, time, room, online link,
reference) and, while the meeting has not started, a form with the two choices. An item of
another organisation is 404, so the page never reveals that a case exists.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.core.mixins import RoleRequiredMixin

from ..constants import Attendance
from ..models import AgendaItem
from ..selectors.invitations import items_answerable_by, slot_of
from ..services.attendance import attendance_confirm, attendance_refusal

CHOOSE = "Kies of u in de vergaderruimte of online aanwezig bent."


class AttendanceForm(forms.Form):
    aanwezigheid = forms.ChoiceField(
        label="Hoe bent u aanwezig bij de bespreking?",
        choices=Attendance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )


class AttendanceView(RoleRequiredMixin, TemplateView):
    required_roles = (Role.MELDER,)
    template_name = "triage/attendance.html"

    def _item(self) -> AgendaItem:
        """The item if this melder may answer it (unaudited: the page's read or the change records it)."""
        item_id = self.kwargs["item_id"]
        item = items_answerable_by(self.request.user).select_related("meeting", "casus").filter(pk=item_id).first()
        if item is None:
            if AgendaItem.objects.filter(pk=item_id).exists():
                audit_record(
                    actor=self.request.user,
                    action=AuditAction.DENIED,
                    detail={"object": f"triage.agendaitem:{item_id}"},
                )
            raise Http404("Deze uitnodiging bestaat niet of is niet voor u.")
        return item

    def get(self, request, *args, **kwargs):
        item = self._item()
        audit_record(actor=request.user, action=AuditAction.VIEW, obj=item, case_reference=item.casus.reference or "")
        form = AttendanceForm(initial={"aanwezigheid": item.attendance or None})
        return self.render_to_response(self.get_context_data(item=item, form=form))

    def post(self, request, *args, **kwargs):
        item = self._item()
        form = AttendanceForm(request.POST)
        if form.is_valid():
            try:
                item = attendance_confirm(item=item, by=request.user, attendance=form.cleaned_data["aanwezigheid"])
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Bedankt. U heeft bevestigd dat u {item.get_attendance_display().lower()} aanwezig bent "
                    f"bij de bespreking van casus {item.casus.reference}.",
                )
                return HttpResponseRedirect(reverse("triage:attendance", args=[item.pk]))
        return self.render_to_response(self.get_context_data(item=item, form=form))

    def get_context_data(self, *, item: AgendaItem, **kwargs):
        slot_start, slot_end = slot_of(item.meeting.slots(), item.position)
        return {
            **super().get_context_data(**kwargs),
            "item": item,
            "meeting": item.meeting,
            "casus": item.casus,
            "slot_start": slot_start,
            "slot_end": slot_end,
            "refusal": attendance_refusal(item),
        }
