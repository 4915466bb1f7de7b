"""Development URLs (``ROOT_URLCONF`` of zvh.settings.dev): the project's URLs plus the development mailbox.

A separate module rather than ``if settings.DEBUG`` in zvh.urls: production's URL table
(zvh.urls) cannot contain the mailbox whatever a setting says.
"""

from django.urls import include, path

from zvh.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("ontwikkeling/postvak/", include("zvh.mail.dev_urls")),
]
