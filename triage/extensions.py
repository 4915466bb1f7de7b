"""Where the apps above triage plug in, so that triage names none of them (docs/architecture.md).

**Who else reads a decision** (``register_decision_readers``; read by
``triage.selectors.decisions.decisions_visible_to``): the procesregisseur of a running PGA dossier
carries out the decision and needs its letter, but the dossier is pga's data.

Each app registers in its ``AppConfig.ready``; a second registration of the same rule is ignored.
"""

from collections.abc import Callable

from django.db.models import Q

_decision_readers: list[Callable[..., Q]] = []


def register_decision_readers(rule: Callable[..., Q]) -> None:
    """``rule(user) -> Q`` over TriageDecision: what a later step lets ``user`` read (Q(pk__in=[]) for none)."""
    if rule not in _decision_readers:
        _decision_readers.append(rule)


def registered_decision_readers(user) -> Q:
    """The decisions every registered rule lets ``user`` read, as one Q (none when nothing is registered)."""
    combined = Q(pk__in=[])
    for rule in _decision_readers:
        combined |= rule(user)
    return combined
