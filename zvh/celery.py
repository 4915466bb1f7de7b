"""The Celery app. Broker and result backend come from the settings (see zvh.settings.base)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zvh.settings.dev")

app = Celery("zvh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
