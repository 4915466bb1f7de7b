from django.apps import AppConfig


class IntakeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = "Aanmelding"

    def ready(self) -> None:
        """Register intake with the lower layers it serves (docs/architecture.md, "Registry points")."""
        from participants.constants import Role
        from zvh.core.navigation import NavItem, register_nav_items

        register_nav_items(
            NavItem(10, Role.MELDER, "Mijn aanmeldingen", "intake:my_cases",
                    "Casussen die u of uw organisatie aanmeldde."),
        )
