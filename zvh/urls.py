from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from zvh.core import views as core_views

admin.site.site_header = "ZVH beheer"
admin.site.site_title = "ZVH beheer"
admin.site.index_title = "Functioneel beheer"

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "account/inloggen/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("account/uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("aanmeldingen/", include("intake.urls")),
    path("triage/", include("triage.urls")),
    path("dossiers/", include("pga.urls")),
    path("auditlog/", include("zvh.audit.urls")),
    path("beheer/", admin.site.urls),
]
