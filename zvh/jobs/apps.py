from django.apps import AppConfig


class JobsConfig(AppConfig):
    """The recurring (Celery beat) jobs: what ran when and how it went, and what was missed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "zvh.jobs"
    label = "jobs"
    verbose_name = "Terugkerende taken"

    def ready(self) -> None:
        from . import recording

        recording.connect()
