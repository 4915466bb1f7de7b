"""What triage tells the apps above it. triage names none of them (docs/architecture.md).

``pga_decided`` is sent inside the decision's transaction, with the casus locked, once the
casus is in ``pga``. A receiver that raises rolls the whole decision back, so a PGA decision
never stands without what the receivers build on it (pga opens the dossier).
Arguments: ``decision`` (the TriageDecision, with its invitees saved) and ``by`` (the chair).
"""

from django.dispatch import Signal

pga_decided = Signal()
