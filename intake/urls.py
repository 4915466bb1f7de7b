from django.urls import path

from .views import casus

app_name = "intake"

urlpatterns = [
    path("", casus.MyCasesView.as_view(), name="my_cases"),
    path("casus/<uuid:casus_id>/", casus.CasusDetailView.as_view(), name="casus_detail"),
]
