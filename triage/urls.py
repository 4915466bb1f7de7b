from django.urls import path

from .views import agenda as agenda_views
from .views import attendance as attendance_views
from .views import dossier as dossier_views
from .views import invitations as invitations_views
from .views import overview
from .views import screening as screening_views
from .views import session as session_views
from .views import verrijking as verrijking_views
from .views import weighing as weighing_views

app_name = "triage"

urlpatterns = [
    path("", overview.TriageOverviewView.as_view(), name="overview"),
    # Screening: the chairs' queue, one case's decision, and the contact after a rejection.
    path("screening/", screening_views.ScreeningQueueView.as_view(), name="screening"),
    path("screening/<uuid:casus_id>/", screening_views.ScreeningCaseView.as_view(), name="screening_casus"),
    path(
        "screening/<uuid:casus_id>/afwijzing/contact/",
        screening_views.MelderContactView.as_view(),
        name="screening_contact",
    ),
    # Verrijking: the partners' bekendheidschecks and the chair's overview per case.
    path("bekendheidschecks/", verrijking_views.PartnerQueueView.as_view(), name="bekendheidschecks"),
    path("bekendheidschecks/<int:pk>/", verrijking_views.PartnerAnswerView.as_view(), name="bekendheidscheck"),
    path(
        "bekendheidschecks/<int:pk>/informatie/",
        verrijking_views.PartnerInfoView.as_view(),
        name="bekendheidscheck_info",
    ),
    path("verrijking/", verrijking_views.VerrijkingListView.as_view(), name="verrijking_list"),
    path("casus/<uuid:casus_id>/verrijking/", verrijking_views.VerrijkingView.as_view(), name="verrijking"),
    path(
        "casus/<uuid:casus_id>/verrijking/<int:pk>/informatie/",
        verrijking_views.RequestInfoView.as_view(),
        name="verrijking_request_info",
    ),
    path(
        "casus/<uuid:casus_id>/verrijking/partner-toevoegen/",
        verrijking_views.AddIncidentalView.as_view(),
        name="verrijking_add_incidental",
    ),
    # The weighing (de-escalatiemodel) and the verrijkingsdossier, for the chair.
    path("casus/<uuid:casus_id>/weging/", weighing_views.WeighingView.as_view(), name="weighing"),
    path("casus/<uuid:casus_id>/dossier/", dossier_views.DossierView.as_view(), name="dossier"),
    path("casus/<uuid:casus_id>/dossier.pdf", dossier_views.DossierPdfView.as_view(), name="dossier_pdf"),
    # The agenda of one meeting: the chair prepares and finalises it, fixed partners read it.
    path("vergadering/<int:meeting_id>/agenda/", agenda_views.MeetingAgendaView.as_view(), name="meeting_agenda"),
    path(
        "vergadering/<int:meeting_id>/agenda.pdf",
        agenda_views.MeetingAgendaPdfView.as_view(),
        name="meeting_agenda_pdf",
    ),
    # The invitation: the melder confirms attendance; the chair follows confirmations and mails.
    path("uitnodiging/<int:item_id>/", attendance_views.AttendanceView.as_view(), name="attendance"),
    path(
        "vergadering/<int:meeting_id>/uitnodigingen/",
        invitations_views.MeetingInvitationsView.as_view(),
        name="meeting_invitations",
    ),
    path(
        "vergadering/<int:meeting_id>/uitnodigingen/mail/<int:mail_id>/opnieuw/",
        invitations_views.MeetingMailRetryView.as_view(),
        name="meeting_mail_retry",
    ),
    path(
        "vergadering/<int:meeting_id>/uitnodigingen/<int:item_id>/herinnering/",
        invitations_views.AgendaItemChaseView.as_view(),
        name="meeting_chase",
    ),
    # The triage session: the chair walks through the slots, decides and closes; the decision letter.
    path("vergadering/<int:meeting_id>/triage/", session_views.MeetingSessionView.as_view(), name="meeting_session"),
    path(
        "vergadering/<int:meeting_id>/triage/<int:item_id>/",
        session_views.SessionItemView.as_view(),
        name="session_item",
    ),
    path(
        "casus/<uuid:casus_id>/besluitbrief.pdf",
        session_views.DecisionLetterView.as_view(),
        name="decision_letter",
    ),
]
