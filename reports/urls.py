from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportView.as_view(), name="report"),
    path("rapportage.pdf", views.PdfExportView.as_view(), name="pdf"),
    path("<slug:key>.<slug:fmt>", views.TableExportView.as_view(), name="export"),
]
