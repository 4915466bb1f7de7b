"""The casus lifecycle as one explicit transition table.

Changing the process is a change to TRANSITIONS and nothing else: every state change goes
through `intake.services.casus_transition`, which consults `ensure_allowed`.
"""

from types import MappingProxyType

from zvh.core.exceptions import ServiceError

from .constants import CasusStatus as S

TRANSITIONS: MappingProxyType[S, frozenset[S]] = MappingProxyType(
    {
        # The melder submits a concept, or throws it away.
        S.CONCEPT: frozenset({S.AANGEMELD, S.VERWIJDERD}),
        # Screening by the triage chair; the melder may withdraw until screened.
        S.AANGEMELD: frozenset({S.IN_VERRIJKING, S.AANVULLING_GEVRAAGD, S.AFGEWEZEN, S.INGETROKKEN}),
        # The melder's answer returns the case to the screening queue.
        S.AANVULLING_GEVRAAGD: frozenset({S.AANGEMELD, S.AFGEWEZEN, S.INGETROKKEN}),
        # Rejected at screening: deleted once the melder has been told.
        S.AFGEWEZEN: frozenset({S.VERWIJDERD}),
        # Enriched cases go on an agenda, or move on when the meeting is full or cancelled.
        S.IN_VERRIJKING: frozenset({S.GEAGENDEERD, S.DOORGESCHOVEN}),
        # At the triage: a decision, or moved on (melder absent, not reached, meeting cancelled).
        S.GEAGENDEERD: frozenset({S.BESPROKEN_GEEN_PGA, S.PGA, S.DOORGESCHOVEN}),
        S.DOORGESCHOVEN: frozenset({S.GEAGENDEERD}),
        # Geen PGA: the advice is sent and the case is closed for the ZVH.
        S.BESPROKEN_GEEN_PGA: frozenset({S.AFGESLOTEN}),
        # The procesregisseur closes the PGA dossier with an evaluation.
        S.PGA: frozenset({S.AFGESLOTEN}),
        S.INGETROKKEN: frozenset({S.VERWIJDERD}),
        # Retention: closed cases are deleted when their retention period ends. A closed PGA
        # can be reopened by its procesregisseur at the monitoring check (only the PGA service
        # does this, and only for a dossier waiting for its monitoring).
        S.AFGESLOTEN: frozenset({S.VERWIJDERD, S.PGA}),
        S.VERWIJDERD: frozenset(),
    }
)


class TransitionNotAllowed(ServiceError):
    """A state change the process does not allow; nothing has been changed."""

    def __init__(self, current: S, target: S):
        self.current = S(current)
        self.target = S(target)
        super().__init__(
            f"Een casus met status '{self.current.label}' kan niet naar '{self.target.label}'."
        )


def allowed_targets(current: S) -> frozenset[S]:
    return TRANSITIONS[S(current)]


def ensure_allowed(current: S, target: S) -> None:
    if S(target) not in TRANSITIONS[S(current)]:
        raise TransitionNotAllowed(current, target)
