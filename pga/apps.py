from django.apps import AppConfig


class PgaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pga"
    verbose_name = "Persoonsgerichte aanpak"

    def ready(self) -> None:
        """Register pga with the lower layers it serves (docs/architecture.md, "Registry points")."""
        from participants.constants import Role
        from zvh.core.navigation import NavItem, register_nav_items

        register_nav_items(
            NavItem(40, Role.PROCESREGISSEUR, "Mijn dossiers", "pga:my_dossiers",
                    "De PGA-dossiers waarvan u procesregisseur bent."),
        )
