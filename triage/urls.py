from django.urls import path

from .views import overview

app_name = "triage"

urlpatterns = [
    path("", overview.TriageOverviewView.as_view(), name="overview"),
    path("screening/", overview.ScreeningView.as_view(), name="screening"),
]
