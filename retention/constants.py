from django.db import models


class EndingKind(models.TextChoices):
    """How a casus ended; each kind has its own retention period (docs/retention.md).

    The mapping from the casus lifecycle is ``retention.schedule.ending_of``: which status, and
    which moment in the case's history starts the period.
    """

    CONCEPT = "concept", "Concept niet ingediend"
    INGETROKKEN = "ingetrokken", "Ingetrokken door de melder"
    AFGEWEZEN = "afgewezen", "Afgewezen bij de screening, melder geïnformeerd"
    GEEN_PGA = "geen_pga", "Besproken zonder PGA, advies verstuurd"
    PGA_AFGESLOTEN = "pga_afgesloten", "PGA afgesloten (na de monitoring)"


# The policy field that holds each kind's period, in months.
PERIOD_FIELDS: dict[str, str] = {
    EndingKind.CONCEPT: "concept_months",
    EndingKind.INGETROKKEN: "withdrawn_months",
    EndingKind.AFGEWEZEN: "rejected_months",
    EndingKind.GEEN_PGA: "no_pga_months",
    EndingKind.PGA_AFGESLOTEN: "pga_closed_months",
}

# The defaults (docs/retention.md says why): version 1 of the policy, and what applies when no
# version is active (a test database emptied by a transactional test).
DEFAULT_PERIODS: dict[str, int] = {
    "concept_months": 3,
    "withdrawn_months": 6,
    "rejected_months": 0,
    "no_pga_months": 24,
    "pga_closed_months": 60,
}

# The list page for the chairs and the procesregisseur: cases deleted within this many days.
DUE_WITHIN_DAYS = 30

# The reason in the status history of a case the retention job deleted (a fixed sentence).
DELETED_REASON = "Bewaartermijn verstreken; persoonsgegevens verwijderd."
