from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zvh.audit"
    label = "audit"
    verbose_name = "Auditlog"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401  (login/logout events)
        from .services import create_heads

        post_migrate.connect(create_heads, sender=self)
