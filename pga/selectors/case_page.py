"""pga's section on intake's case page, registered in ``PgaConfig.ready``.

The melder (and colleagues, who share the organisation's cases) sees that the PGA started, who the
procesregisseur is (name and ZVH contact details), the first contact moment and, later, that the
PGA was closed. Only once the triage's outcome is theirs to read (the chair closed the meeting),
the same moment the decision appears on the page. The procesregisseur and the chairs get a link to
the dossier. The page itself is already access-checked and its read audited.
"""

from intake.extensions import CaseSection
from intake.models import Casus
from participants.constants import Role
from participants.models import User
from triage.constants import DecisionOutcome
from triage.selectors.decisions import decisions_visible_to

from ..models import PgaDossier


def pga_section(*, casus: Casus, user: User, page: str) -> CaseSection | None:
    dossier = PgaDossier.objects.filter(casus=casus).select_related("procesregisseur").first()
    if dossier is None:
        return None
    if user.has_role(Role.TRIAGEVOORZITTER) or dossier.procesregisseur_id == user.pk:
        return CaseSection("pga/case_section.html", {"dossier": dossier, "link": True})
    if not user.has_role(Role.MELDER) or user.organisation_id != casus.organisation_id:
        return None
    if not decisions_visible_to(user, casus).filter(outcome=DecisionOutcome.PGA).exists():
        return None
    return CaseSection("pga/case_section.html", {"dossier": dossier, "link": False})
