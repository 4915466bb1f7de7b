from django.urls import path

from . import views

app_name = "triage"

urlpatterns = [
    path("", views.TriageOverviewView.as_view(), name="overview"),
    path("screening/", views.ScreeningView.as_view(), name="screening"),
]
