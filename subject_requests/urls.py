from django.urls import path

from . import views

app_name = "subject_requests"

one = "<int:request_id>/"

urlpatterns = [
    path("", views.RequestListView.as_view(), name="list"),
    path("nieuw/", views.RegisterView.as_view(), name="register"),
    path(one, views.RequestDetailView.as_view(), name="detail"),
    path(one + "status/<str:move>/", views.RequestMoveView.as_view(), name="move"),
    path(one + "verlengen/", views.ExtendView.as_view(), name="extend"),
    path(one + "antwoord/", views.AnswerView.as_view(), name="answer"),
    path(one + "zoeken/", views.SearchView.as_view(), name="search"),
    path(one + "koppelen/", views.LinkView.as_view(), name="link"),
    path(one + "gegevens/<int:match_id>/corrigeren/", views.CorrectView.as_view(), name="correct"),
    path(one + "gegevens/<int:match_id>/verwijderen/", views.EraseView.as_view(), name="erase"),
    path(one + "bezwaar/", views.ObjectionView.as_view(), name="objection"),
    path(one + "bezwaar/<int:objection_id>/besluit/", views.ObjectionDecideView.as_view(), name="objection_decide"),
    path(one + "overzicht.pdf", views.ExportPdfView.as_view(), name="export_pdf"),
    path(one + "overzicht.json", views.ExportJsonView.as_view(), name="export_json"),
]
