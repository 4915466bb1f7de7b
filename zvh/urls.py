from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from participants import views as participant_views
from zvh.core import views as core_views

admin.site.site_header = "ZVH beheer"
admin.site.site_title = "ZVH beheer"
admin.site.index_title = "Functioneel beheer"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("toegankelijkheid/", core_views.accessibility_statement, name="accessibility_statement"),
    path(
        "account/inloggen/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("account/uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/tweestapsverificatie/instellen/",
        participant_views.TwoFactorSetupView.as_view(),
        name="two_factor_setup",
    ),
    path("account/tweestapsverificatie/", participant_views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("aanmeldingen/", include("intake.urls")),
    path("triage/", include("triage.urls")),
    path("dossiers/", include("pga.urls")),
    path("verzoeken/", include("subject_requests.urls")),
    path("bewaartermijnen/", include("retention.urls")),
    path("rapportage/", include("reports.urls")),
    path("auditlog/", include("zvh.audit.urls")),
    path("beheer/", admin.site.urls),
]
