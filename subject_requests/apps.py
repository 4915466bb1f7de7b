from django.apps import AppConfig


class SubjectRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "subject_requests"
    verbose_name = "Verzoeken van betrokkenen"

    def ready(self) -> None:
        """Register with the lower layers it serves (docs/architecture.md, "Registry points")."""
        from intake.extensions import ErasureRelations, register_case_section, register_erasure
        from participants.constants import Role
        from zvh.core.navigation import NavItem, register_nav_items

        from .selectors import objection_section

        register_case_section(objection_section)
        # A match names only the case and the request (the record of what the request did); an
        # objection keeps its decision, but the motivation is typed text and goes.
        register_erasure(
            ErasureRelations(
                kept=frozenset({"subject_request_matches"}),
                blanked={"subject_objections": ("bezwaren", {"decision_note": ""})},
            )
        )
        register_nav_items(
            NavItem(
                70,
                Role.PRIVACYCONTACTPUNT,
                "Verzoeken van betrokkenen",
                "subject_requests:list",
                "Inzage, correctie, verwijdering en bezwaar: registreren, zoeken, exporteren en beantwoorden.",
            ),
        )
