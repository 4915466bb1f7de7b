from django.urls import path

from .views import dossier as dossier_views
from .views import overview
from .views import screening as screening_views
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
]
