from django.apps import AppConfig


class PgaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pga"
    verbose_name = "Persoonsgerichte aanpak"
