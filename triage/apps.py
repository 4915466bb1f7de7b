from django.apps import AppConfig


class TriageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "triage"
    verbose_name = "Triage"

    def ready(self) -> None:
        """Register triage with the lower layers it serves (docs/architecture.md, "Registry points")."""
        from participants.constants import Role
        from zvh.calendar.cancellations import register_cancelled_dates_source
        from zvh.core.navigation import NavItem, register_nav_items

        from .selectors.calendar import cancelled_meeting_dates

        register_cancelled_dates_source(cancelled_meeting_dates)
        register_nav_items(
            NavItem(20, Role.TRIAGEVOORZITTER, "Screening", "triage:screening",
                    "Nieuwe aanmeldingen toetsen aan de criteria."),
            NavItem(21, Role.TRIAGEVOORZITTER, "Verrijking", "triage:verrijking_list",
                    "Bekendheidschecks bij de partners: wie antwoordde, wie is te laat."),
            NavItem(22, Role.TRIAGEVOORZITTER, "Triage", "triage:overview",
                    "De wekelijkse Integrale Triage voorbereiden en voorzitten."),
            NavItem(30, Role.KETENPARTNER, "Bekendheidschecks", "triage:bekendheidschecks",
                    "Verzoeken van het ZVH: is deze persoon bij uw organisatie bekend?"),
            NavItem(31, Role.KETENPARTNER, "Triage", "triage:overview",
                    "De triages waaraan uw organisatie deelneemt."),
        )
