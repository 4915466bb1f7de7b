from django.apps import AppConfig


class TriageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "triage"
    verbose_name = "Triage"

    def ready(self) -> None:
        """Register triage with the lower layers it serves (docs/architecture.md, "Registry points")."""
        from intake.extensions import ErasureRelations, FurtherBlanked, register_case_section, register_erasure
        from participants.constants import Role
        from zvh.calendar.cancellations import register_cancelled_dates_source
        from zvh.core.navigation import NavItem, register_nav_items

        from .models import CasusoverlegInvitee, TriageDecision
        from .selectors.calendar import cancelled_meeting_dates
        from .selectors.case_page import attendance_section, decision_section, screening_section

        register_cancelled_dates_source(cancelled_meeting_dates)
        for section in (screening_section, decision_section, attendance_section):
            register_case_section(section)
        register_erasure(
            ErasureRelations(
                deleted={"bekendheidschecks": "bekendheidschecks", "weighings": "wegingen"},
                # The anonymous record keeps outcome, category and dates; the texts go.
                blanked={
                    "screenings": (
                        "screeningsbesluiten_geanonimiseerd",
                        {"reason": "", "advice": "", "contact_note": "", "criteria_judgement": {}},
                    ),
                    "agenda_items": ("agendapunten_geanonimiseerd", {"moved_reason": ""}),
                },
                # The decision's outcome, date and procesregisseur, and who was invited, stay.
                further=(
                    FurtherBlanked(
                        TriageDecision,
                        "item__casus",
                        "triagebesluiten_geanonimiseerd",
                        {"advice": "", "motivation": ""},
                    ),
                    FurtherBlanked(
                        CasusoverlegInvitee,
                        "decision__item__casus",
                        "uitgenodigden_geanonimiseerd",
                        {"ground_explanation": ""},
                    ),
                ),
            )
        )
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
