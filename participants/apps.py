from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participants"
    verbose_name = "Deelnemers"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from zvh.core.navigation import NavItem, register_nav_items

        from .constants import Role
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, sender=self)
        # The administration pages live in zvh (the admin, the audit log), which knows no roles.
        register_nav_items(
            NavItem(90, Role.FUNCTIONEEL_BEHEERDER, "Beheer", "admin:index",
                    "Organisaties, gebruikers, gemeenten en instellingen."),
            NavItem(91, Role.LOGBEHEERDER, "Auditlog", "audit:log",
                    "Wie heeft welke gegevens ingezien of gewijzigd."),
        )
