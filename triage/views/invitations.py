"""The chair's overview of a meeting's invitations: who confirmed, which mails went out or failed.

Thin views: the overview is ``triage.selectors.invitations.meeting_invitation_overview``; the
two buttons ("Opnieuw versturen", "Herinnering sturen") are services of
``triage.services.invitations`` and come back here with their outcome as a message.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.core.mixins import RoleRequiredMixin

from ..models import AgendaItem, TriageMeeting
from ..selectors.invitations import meeting_invitation_overview
from ..services.invitations import agenda_item_chase, chase_refusal, meeting_mail_retry


def overview_url(meeting_id: int) -> str:
    return reverse("triage:meeting_invitations", args=[meeting_id])


class MeetingInvitationsView(RoleRequiredMixin, TemplateView):
    required_roles = (Role.TRIAGEVOORZITTER,)
    template_name = "triage/invitations.html"

    def get_context_data(self, **kwargs):
        meeting = get_object_or_404(TriageMeeting, pk=self.kwargs["meeting_id"])
        overview = meeting_invitation_overview(meeting)
        for row in overview.rows:
            row.can_chase = chase_refusal(row.item) is None
        # The page names melders and case references: the read is logged with the cases shown.
        audit_record(
            actor=self.request.user,
            action=AuditAction.LIST,
            obj=meeting,
            detail={
                "pagina": "triage_uitnodigingen",
                "aantal": len(overview.rows),
                "ids": [str(row.item.casus_id) for row in overview.rows],
            },
        )
        return {**super().get_context_data(**kwargs), "meeting": meeting, "overview": overview}


class MeetingMailRetryView(RoleRequiredMixin, View):
    """ "Opnieuw versturen": queue a failed or pending mail of this meeting again."""

    required_roles = (Role.TRIAGEVOORZITTER,)

    def post(self, request, meeting_id: int, mail_id: int):
        meeting = get_object_or_404(TriageMeeting, pk=meeting_id)
        try:
            mail = meeting_mail_retry(meeting=meeting, mail_id=mail_id, by=request.user)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"De e-mail '{mail.subject}' staat opnieuw in de wachtrij.")
        return HttpResponseRedirect(overview_url(meeting.pk))


class AgendaItemChaseView(RoleRequiredMixin, View):
    """ "Herinnering sturen": chase a melder who has not confirmed (once per day)."""

    required_roles = (Role.TRIAGEVOORZITTER,)

    def post(self, request, meeting_id: int, item_id: int):
        item = get_object_or_404(AgendaItem.objects.select_related("casus"), pk=item_id, meeting_id=meeting_id)
        try:
            mail, new = agenda_item_chase(item=item, by=request.user)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            if new:
                messages.success(request, f"Herinnering aan de melder van casus {item.casus.reference} verstuurd.")
            else:
                messages.info(
                    request,
                    f"De melder van casus {item.casus.reference} kreeg vandaag om "
                    f"{timezone.localtime(mail.created_at):%H:%M} al een herinnering; "
                    "er is geen tweede verstuurd.",
                )
        return HttpResponseRedirect(overview_url(meeting_id))
