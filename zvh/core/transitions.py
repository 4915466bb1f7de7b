"""A transition table: the status moves a process allows, stated once for one kind of object.

Why a class in the bottom layer: the casus (intake), the agenda item and the triage meeting
(triage) each have a lifecycle. Each states its table in one module (``intake/lifecycle.py``,
``triage/agenda_lifecycle.py``, ``triage/meeting_lifecycle.py``) and every status move of that
object is checked against it, so changing the process is a change to the table and nothing
else. The refusal is a ``ServiceError`` with a Dutch sentence: where a service's own checks
missed a move, the user still reads why nothing happened, and the transaction is undone.
"""

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from django.db import models

from .exceptions import ServiceError


class TransitionNotAllowed(ServiceError):
    """A status move the process does not allow; nothing has been changed."""

    def __init__(self, *, subject: str, current: models.TextChoices, target: models.TextChoices):
        self.current = current
        self.target = target
        super().__init__(f"{subject} met status '{current.label}' kan niet naar '{target.label}'.")


class TransitionTable:
    """``from -> allowed to`` for every state of ``states``; ``subject`` names the object in messages."""

    def __init__(
        self, *, states: type[models.TextChoices], subject: str, edges: Mapping[str, Iterable[str]]
    ) -> None:
        if set(edges) != set(states):
            # A state without an entry would be a silent dead end (or an unknown state a typo).
            raise ValueError(f"The table of {states.__name__} must name every state once.")
        self.states = states
        self.subject = subject
        self.edges: Mapping[models.TextChoices, frozenset] = MappingProxyType(
            {states(source): frozenset(states(target) for target in targets) for source, targets in edges.items()}
        )

    def pairs(self) -> frozenset[tuple]:
        """Every allowed (from, to)."""
        return frozenset((source, target) for source, targets in self.edges.items() for target in targets)

    def ensure_allowed(self, current: str, target: str) -> None:
        current, target = self.states(current), self.states(target)
        if target not in self.edges[current]:
            raise TransitionNotAllowed(subject=self.subject, current=current, target=target)
