from django.urls import path

from . import views

app_name = "pga"

dossier = "<uuid:casus_id>/"

urlpatterns = [
    path("", views.MyDossiersView.as_view(), name="my_dossiers"),
    path("alle/", views.AllDossiersView.as_view(), name="all_dossiers"),
    path("partner/", views.PartnerDossiersView.as_view(), name="partner_dossiers"),
    path("casusoverleg/antwoord/<str:token>/", views.OverlegAnswerLinkView.as_view(), name="overleg_answer_link"),
    path("partner/<uuid:casus_id>/", views.PartnerDossierView.as_view(), name="partner_dossier"),
    path("partner/<uuid:casus_id>/acties/<int:action_id>/", views.ActionReportView.as_view(), name="action_report"),
    path(dossier, views.DossierView.as_view(), name="dossier"),
    path(dossier + "achtergrond/", views.BackgroundView.as_view(), name="background"),
    path(dossier + "plan/<int:number>/", views.PlanVersionView.as_view(), name="plan_version"),
    path(dossier + "samenvatting.pdf", views.SummaryPdfView.as_view(), name="summary_pdf"),
    path(dossier + "informatiebrief/<int:betrokkene_id>.pdf", views.InformationLetterPdfView.as_view(),
         name="information_letter"),
    path(dossier + "contactmoment/", views.FirstContactView.as_view(), name="first_contact"),
    path(dossier + "informeren/afspraak/", views.InformingAgreeView.as_view(), name="informing_agree"),
    path(dossier + "informeren/geinformeerd/", views.InformingInformedView.as_view(), name="informing_informed"),
    path(dossier + "informeren/uitstel/", views.InformingPostponeView.as_view(), name="informing_postpone"),
    path(dossier + "doelen/nieuw/", views.GoalAddView.as_view(), name="goal_add"),
    path(dossier + "doelen/<int:goal_id>/status/", views.GoalStatusView.as_view(), name="goal_status"),
    path(dossier + "acties/nieuw/", views.ActionAddView.as_view(), name="action_add"),
    path(dossier + "acties/<int:action_id>/status/", views.ActionStatusView.as_view(), name="action_status"),
    path(dossier + "plan/vaststellen/", views.PlanAgreeView.as_view(), name="plan_agree"),
    path(dossier + "contacten/nieuw/", views.ContactAddView.as_view(), name="contact_add"),
    path(dossier + "escalaties/nieuw/", views.EscalationRaiseView.as_view(), name="escalation_raise"),
    path(dossier + "escalaties/<int:escalation_id>/antwoord/", views.EscalationAnswerView.as_view(),
         name="escalation_answer"),
    path(dossier + "voortgang/", views.ProgressView.as_view(), name="progress"),
    path(dossier + "afsluiten/", views.CloseView.as_view(), name="close"),
    path(dossier + "monitoring/afronden/", views.MonitoringDoneView.as_view(), name="monitoring_done"),
    path(dossier + "heropenen/", views.ReopenView.as_view(), name="reopen"),
    path(dossier + "toewijzen/", views.ReassignView.as_view(), name="reassign"),
]

overleg = dossier + "casusoverleg/<int:number>/"

urlpatterns += [
    path(dossier + "casusoverleg/nieuw/", views.OverlegPlanView.as_view(), name="overleg_plan"),
    path(overleg, views.OverlegView.as_view(), name="overleg"),
    path(overleg + "wijzigen/", views.OverlegUpdateView.as_view(), name="overleg_update"),
    path(overleg + "vervolg/", views.OverlegFollowupView.as_view(), name="overleg_followup"),
    path(overleg + "annuleren/", views.OverlegCancelView.as_view(), name="overleg_cancel"),
    path(overleg + "organisaties/nieuw/", views.OverlegOrganisationView.as_view(), name="overleg_organisation"),
    path(overleg + "organisaties/<int:participant_id>/verwijderen/", views.OverlegRemoveOrganisationView.as_view(),
         name="overleg_organisation_remove"),
    path(overleg + "organisaties/<int:participant_id>/contactpersoon/", views.OverlegContactView.as_view(),
         name="overleg_contact"),
    path(overleg + "uitnodigen/", views.OverlegInviteView.as_view(), name="overleg_invite"),
    path(overleg + "verslag/", views.OverlegMinutesView.as_view(), name="overleg_minutes"),
    path(overleg + "notulen/corrigeren/", views.OverlegCorrectMinutesView.as_view(), name="overleg_minutes_correct"),
    path(overleg + "aanmanen/", views.OverlegChaseView.as_view(), name="overleg_chase"),
]
