"""The PGA dossier's phases as one explicit transition table (docs/decisions.md, "PGA").

informeren -> plan: the betrokkene is informed, or informing is postponed with a ground.
plan -> uitvoeren: the procesregisseur agrees (vaststellen) the plan of approach.
Any running phase -> monitoren (closed with a monitoring check date) or afgesloten (closed).
monitoren -> afgesloten (the check found no reason to reopen) or uitvoeren (reopened).
Every move goes through ``pga.services.dossier.dossier_move``, which consults ``ensure_allowed``.
"""

from types import MappingProxyType

from zvh.core.exceptions import ServiceError

from .constants import DossierPhase as P

TRANSITIONS: MappingProxyType[P, frozenset[P]] = MappingProxyType(
    {
        P.INFORMEREN: frozenset({P.PLAN, P.MONITOREN, P.AFGESLOTEN}),
        P.PLAN: frozenset({P.UITVOEREN, P.MONITOREN, P.AFGESLOTEN}),
        P.UITVOEREN: frozenset({P.MONITOREN, P.AFGESLOTEN}),
        P.MONITOREN: frozenset({P.AFGESLOTEN, P.UITVOEREN}),
        P.AFGESLOTEN: frozenset(),
    }
)

RUNNING_PHASES = frozenset({P.INFORMEREN, P.PLAN, P.UITVOEREN})


def ensure_allowed(current: P, target: P) -> None:
    if P(target) not in TRANSITIONS[P(current)]:
        raise ServiceError(f"Een dossier in de fase '{P(current).label}' kan niet naar '{P(target).label}'.")
