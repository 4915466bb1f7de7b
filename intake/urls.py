from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.MyCasesView.as_view(), name="my_cases"),
    path("casus/<uuid:casus_id>/", views.CasusDetailView.as_view(), name="casus_detail"),
]
