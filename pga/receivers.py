"""pga's answers to what the lower apps announce; connected in ``PgaConfig.ready``."""

from .services import pga_dossier_start


def start_dossier_on_pga_decision(sender, *, decision, by, **kwargs) -> None:
    """The triage decided PGA: the procesregisseur it chose gets the dossier, in the same transaction."""
    pga_dossier_start(casus=decision.item.casus, procesregisseur=decision.procesregisseur, by=by)
