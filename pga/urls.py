from django.urls import path

from . import views

app_name = "pga"

urlpatterns = [
    path("", views.MyDossiersView.as_view(), name="my_dossiers"),
]
