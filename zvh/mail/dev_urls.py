"""The development mailbox's URLs; included by zvh/urls_dev.py only (see zvh.mail.dev_views)."""

from django.urls import path

from . import dev_views

app_name = "dev_mailbox"
urlpatterns = [
    path("", dev_views.mailbox, name="list"),
    path("<int:pk>/", dev_views.mailbox_message, name="message"),
    path("<int:pk>/bijlage/<int:index>/", dev_views.mailbox_attachment, name="attachment"),
]
