from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("", views.DueListView.as_view(), name="due"),
    path("<uuid:casus_id>/", views.CaseRetentionView.as_view(), name="case"),
]
