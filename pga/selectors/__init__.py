"""Every read of pga, already restricted to what the user may see (need-to-know).

dossiers: who may read or change a dossier, the list pages and the dossier page.
background: the triage's work (verrijkingsdossier, weighing, decision) for the procesregisseur.
case_page: pga's section on intake's case page and its note in "Mijn aanmeldingen" (the melder sees
that the PGA started, who runs it and the first contact moment).
"""

from .dossiers import (
    dossiers_for_chair,
    dossiers_for_regisseur,
    procesregisseur_sees_running_dossiers,
    running_q,
)

__all__ = ["dossiers_for_chair", "dossiers_for_regisseur", "procesregisseur_sees_running_dossiers", "running_q"]
