from django.apps import AppConfig


class PgaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pga"
    verbose_name = "Persoonsgerichte aanpak"

    def ready(self) -> None:
        """Register pga with the lower layers it serves (docs/architecture.md, "Registry points")."""
        from intake.extensions import (
            ErasureRelations,
            register_case_section,
            register_case_visibility,
            register_erasure,
            register_overview_note,
        )
        from participants.constants import Role
        from triage.extensions import register_decision_readers
        from triage.signals import pga_decided
        from zvh.core.navigation import NavItem, register_nav_items

        from .receivers import start_dossier_on_pga_decision
        from .selectors.case_page import pga_overview_notes, pga_section
        from .selectors.dossiers import procesregisseur_reads_pga_decision, procesregisseur_sees_running_dossiers

        pga_decided.connect(start_dossier_on_pga_decision, dispatch_uid="pga.start_dossier")
        register_case_visibility(procesregisseur_sees_running_dossiers)
        register_decision_readers(procesregisseur_reads_pga_decision)
        register_case_section(pga_section)
        register_overview_note(pga_overview_notes)
        # The dossier holds the procesregisseur's texts (informing, plan, contacts, closing): erasing
        # the case deletes it with everything in it; the casus status history stays as the record.
        register_erasure(ErasureRelations(deleted={"pga_dossier": "pga_dossiers"}))
        register_nav_items(
            NavItem(40, Role.PROCESREGISSEUR, "Mijn dossiers", "pga:my_dossiers",
                    "De PGA-dossiers waarvan u procesregisseur bent."),
            NavItem(25, Role.TRIAGEVOORZITTER, "PGA-dossiers", "pga:all_dossiers",
                    "Alle PGA-dossiers, open escalaties en herverdelen."),
            NavItem(45, Role.KETENPARTNER, "PGA-dossiers", "pga:partner_dossiers",
                    "Casusoverleggen, notulen en de acties van uw organisatie."),
        )
