"""The start pages per role: one list, used by the header navigation and the home page."""

from dataclasses import dataclass

from participants.constants import Role


@dataclass(frozen=True)
class NavItem:
    role: str
    label: str
    url_name: str
    description: str


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(Role.MELDER, "Mijn aanmeldingen", "intake:my_cases",
            "Casussen die u of uw organisatie aanmeldde."),
    NavItem(Role.TRIAGEVOORZITTER, "Screening", "triage:screening",
            "Nieuwe aanmeldingen toetsen aan de criteria."),
    NavItem(Role.TRIAGEVOORZITTER, "Verrijking", "triage:verrijking_list",
            "Bekendheidschecks bij de partners: wie antwoordde, wie is te laat."),
    NavItem(Role.TRIAGEVOORZITTER, "Triage", "triage:overview",
            "De wekelijkse Integrale Triage voorbereiden en voorzitten."),
    NavItem(Role.KETENPARTNER, "Bekendheidschecks", "triage:bekendheidschecks",
            "Verzoeken van het ZVH: is deze persoon bij uw organisatie bekend?"),
    NavItem(Role.KETENPARTNER, "Triage", "triage:overview",
            "De triages waaraan uw organisatie deelneemt."),
    NavItem(Role.PROCESREGISSEUR, "Mijn dossiers", "pga:my_dossiers",
            "De PGA-dossiers waarvan u procesregisseur bent."),
    NavItem(Role.FUNCTIONEEL_BEHEERDER, "Beheer", "admin:index",
            "Organisaties, gebruikers, gemeenten en instellingen."),
    NavItem(Role.LOGBEHEERDER, "Auditlog", "audit:log",
            "Wie heeft welke gegevens ingezien of gewijzigd."),
)


def nav_items_for(user) -> list[NavItem]:
    """The user's start pages in a fixed order, each page once (chairs and partners share Triage)."""
    if not user.is_authenticated:
        return []
    seen: set[str] = set()
    items = []
    for item in NAV_ITEMS:
        if user.has_role(item.role) and item.url_name not in seen:
            seen.add(item.url_name)
            items.append(item)
    return items
