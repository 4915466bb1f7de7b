from django.urls import path

from .views import attachments, casus, precheck, registration

app_name = "intake"

urlpatterns = [
    path("", casus.MyCasesView.as_view(), name="my_cases"),
    path("voortoets/", precheck.PreCheckView.as_view(), name="precheck"),
    path("voortoets/<int:precheck_id>/advies/", precheck.PreCheckResultView.as_view(), name="precheck_result"),
    path("casus/<uuid:casus_id>/", casus.CasusDetailView.as_view(), name="casus_detail"),
    path("nieuw/", registration.RegistrationNewView.as_view(), name="registration_new"),
    path("casus/<uuid:casus_id>/bewerken/", registration.RegistrationEditView.as_view(), name="registration_edit"),
    path(
        "casus/<uuid:casus_id>/autosave/",
        registration.RegistrationAutosaveView.as_view(),
        name="registration_autosave",
    ),
    path(
        "casus/<uuid:casus_id>/bevestiging/",
        registration.RegistrationConfirmationView.as_view(),
        name="registration_confirmation",
    ),
    path("casus/<uuid:casus_id>/bijlagen/", attachments.AttachmentAddView.as_view(), name="attachment_add"),
    path(
        "casus/<uuid:casus_id>/bijlagen/<int:pk>/",
        attachments.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "casus/<uuid:casus_id>/bijlagen/<int:pk>/verwijderen/",
        attachments.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path("casus/<uuid:casus_id>/intrekken/", casus.CasusWithdrawView.as_view(), name="casus_withdraw"),
    path("casus/<uuid:casus_id>/weggooien/", casus.CasusDiscardView.as_view(), name="casus_discard"),
    path("casus/<uuid:casus_id>/aanvulling/", casus.InformationRequestAnswerView.as_view(), name="casus_answer"),
]
