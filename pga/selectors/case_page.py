"""What intake's pages show of a PGA, registered in ``PgaConfig.ready``: the case page and "Mijn aanmeldingen".

The melder (and colleagues, who share the organisation's cases) sees that the PGA started, who the
procesregisseur is (name and ZVH contact details), the first contact moment and, later, that the
PGA was closed. Only once the triage's outcome is theirs to read (the chair closed the meeting),
the same moment the decision appears on the page. The procesregisseur and the chairs get a link to
the dossier on the case page. Both pages are already access-checked and their reads audited.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format

from intake.extensions import CaseSection
from intake.models import Casus
from participants.constants import Role
from participants.models import User
from triage.constants import DecisionOutcome
from triage.models import TriageDecision
from triage.selectors.decisions import melder_sees_outcome_q

from ..models import PgaDossier


def melder_sees_pga_q(user: User) -> Q:
    """Dossiers a melder may know of: their organisation's cases whose PGA decision is theirs to read."""
    decided = TriageDecision.objects.filter(
        melder_sees_outcome_q(user), item__casus=OuterRef("casus"), outcome=DecisionOutcome.PGA
    )
    return Q(Exists(decided))


def pga_section(*, casus: Casus, user: User, page: str) -> CaseSection | None:
    dossier = PgaDossier.objects.filter(casus=casus).select_related("procesregisseur").first()
    if dossier is None:
        return None
    if user.has_role(Role.TRIAGEVOORZITTER) or dossier.procesregisseur_id == user.pk:
        return CaseSection("pga/case_section.html", {"dossier": dossier, "link": True})
    if not PgaDossier.objects.filter(melder_sees_pga_q(user), pk=dossier.pk).exists():
        return None
    return CaseSection("pga/case_section.html", {"dossier": dossier, "link": False})


def pga_overview_notes(*, cases: list[Casus], user: User) -> dict[object, str]:
    """One line per case of the page in "Mijn aanmeldingen" whose PGA the melder may know of (one query).

    The same facts as the case page's section, so a melder sees without opening each case whom to
    call about it and when the first contact is.
    """
    dossiers = PgaDossier.objects.filter(melder_sees_pga_q(user), casus__in=[casus.pk for casus in cases])
    return {dossier.casus_id: _note(dossier) for dossier in dossiers.select_related("procesregisseur")}


def _note(dossier: PgaDossier) -> str:
    regisseur = dossier.procesregisseur
    contact = ", ".join(value for value in (regisseur.email, regisseur.phone) if value)
    who = f"{regisseur.display_name} ({contact})" if contact else regisseur.display_name
    first_contact = (
        date_format(timezone.localtime(dossier.first_contact_at), "l j F Y, H:i") + " uur"
        if dossier.first_contact_at
        else "nog niet gepland, de procesregisseur neemt contact met u op"
    )
    note = f"PGA gestart op {_day(dossier.started_at)}; procesregisseur: {who}; eerste contactmoment: {first_contact}"
    if dossier.closed_at:
        note += f"; afgesloten op {_day(dossier.closed_at)}"
    return note + "."


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y")
