from django.apps import AppConfig


class RetentionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "retention"
    verbose_name = "Bewaartermijnen"

    def ready(self) -> None:
        """Register retention with the lower layers it serves (docs/architecture.md, "Registry points")."""
        from intake.extensions import (
            ErasureRelations,
            register_case_section,
            register_erasure,
            register_erasure_hold,
        )
        from participants.constants import Role
        from pga.extensions import register_dossier_section
        from zvh.core.navigation import NavItem, register_nav_items

        from .selectors import held_from_erasure, retention_dossier_section, retention_section

        register_case_section(retention_section)
        register_dossier_section(retention_dossier_section)
        register_erasure_hold(held_from_erasure)
        # An extension's reason is typed text: it goes with the case. The deletion record is anonymous.
        register_erasure(
            ErasureRelations(
                deleted={"retention_extensions": "verlengingen_bewaartermijn"}, kept=frozenset({"retention_deletion"})
            )
        )
        register_nav_items(
            NavItem(
                26,
                Role.TRIAGEVOORZITTER,
                "Bewaartermijnen",
                "retention:due",
                "Casussen die binnen 30 dagen worden verwijderd; een termijn verlengen.",
            ),
            NavItem(
                41,
                Role.PROCESREGISSEUR,
                "Bewaartermijnen",
                "retention:due",
                "Uw afgesloten dossiers die binnen 30 dagen worden verwijderd.",
            ),
        )
