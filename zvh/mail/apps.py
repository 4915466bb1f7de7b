from django.apps import AppConfig


class MailConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zvh.mail"
    label = "mail"
    verbose_name = "Uitgaande e-mail"
