from django.apps import AppConfig


class PgaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pga"
    verbose_name = "Persoonsgerichte aanpak"

    def ready(self) -> None:
        """Register pga with the lower layers it serves (docs/architecture.md, "Registry points")."""
        from intake.extensions import ErasureRelations, register_case_visibility, register_erasure
        from participants.constants import Role
        from triage.signals import pga_decided
        from zvh.core.navigation import NavItem, register_nav_items

        from .receivers import start_dossier_on_pga_decision
        from .selectors import procesregisseur_sees_running_dossiers

        pga_decided.connect(start_dossier_on_pga_decision, dispatch_uid="pga.start_dossier")
        register_case_visibility(procesregisseur_sees_running_dossiers)
        # The dossier's dates and procesregisseur are the anonymous record; it holds no texts yet.
        register_erasure(ErasureRelations(kept=frozenset({"pga_dossier"})))
        register_nav_items(
            NavItem(40, Role.PROCESREGISSEUR, "Mijn dossiers", "pga:my_dossiers",
                    "De PGA-dossiers waarvan u procesregisseur bent."),
        )
