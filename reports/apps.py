from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Rapportage"

    def ready(self) -> None:
        """Register with the lower layers (docs/architecture.md, "Registry points")."""
        from intake.extensions import register_before_erasure
        from participants.constants import Role
        from zvh.core.navigation import NavItem, register_nav_items

        from .facts import facts_snapshot

        # Erasure deletes the checks and the dossier: the facts are taken from the case as it still is.
        register_before_erasure(facts_snapshot)
        register_nav_items(
            NavItem(80, Role.RAPPORTAGE, "Rapportage", "reports:report",
                    "Cijfers over aanmeldingen, screening, triage en PGA, zonder persoonsgegevens."),
            NavItem(26, Role.TRIAGEVOORZITTER, "Rapportage", "reports:report",
                    "Capaciteit, doorlooptijden en uitkomsten per periode."),
            NavItem(89, Role.FUNCTIONEEL_BEHEERDER, "Rapportage", "reports:report",
                    "Cijfers per periode, met exports voor de kwartaalrapportage."),
        )
