from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zvh.audit"
    label = "audit"
    verbose_name = "Auditlog"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login/logout events)
