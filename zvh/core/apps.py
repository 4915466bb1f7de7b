from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class CoreConfig(AppConfig):
    name = "zvh.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self):
        from .middleware import stamp_session_at_login

        user_logged_in.connect(stamp_session_at_login, dispatch_uid="zvh.core.stamp_session_at_login")
