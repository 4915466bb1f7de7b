"""The casus lifecycle: the transition table against the process, and `casus_transition` pair by pair.

The allowed moves are written out by hand from the process (not read from the table), so
adding an edge (say afgewezen -> aangemeld) or removing one fails here: a change to the
process is a deliberate change to this list as well as to ``intake/lifecycle.py``. Every
(from, to) pair is then tried on a real case: an allowed move changes the status and appends
exactly one history row; a refused move raises a Dutch `TransitionNotAllowed` and leaves
status, history and audit log as they were.
"""

import itertools
from collections import deque

import pytest

from intake.constants import CasusStatus as S
from intake.lifecycle import CASUS_LIFECYCLE
from intake.models import Casus, StatusChange
from intake.services import casus_transition
from intake.tests.factories import CasusFactory
from participants.tests.factories import UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.core.tests.transition_checks import assert_table_is_the_process
from zvh.core.transitions import TransitionNotAllowed

# Every allowed move, from the process (process steps 1-6 in docs/architecture.md, and docs/decisions.md).
ALLOWED = {
    (S.CONCEPT, S.AANGEMELD),  # the melder submits
    (S.CONCEPT, S.VERWIJDERD),  # the melder throws the concept away
    (S.AANGEMELD, S.IN_VERRIJKING),  # accepted at screening
    (S.AANGEMELD, S.AANVULLING_GEVRAAGD),  # the chair asks the melder a question
    (S.AANGEMELD, S.AFGEWEZEN),  # rejected at screening
    (S.AANGEMELD, S.INGETROKKEN),  # the melder withdraws before screening
    (S.AANVULLING_GEVRAAGD, S.AANGEMELD),  # the melder answered
    (S.AANVULLING_GEVRAAGD, S.AFGEWEZEN),
    (S.AANVULLING_GEVRAAGD, S.INGETROKKEN),
    (S.AFGEWEZEN, S.VERWIJDERD),  # deleted once the melder is told
    (S.IN_VERRIJKING, S.GEAGENDEERD),  # on an agenda
    (S.IN_VERRIJKING, S.DOORGESCHOVEN),  # no slot, or the meeting was cancelled
    (S.GEAGENDEERD, S.BESPROKEN_GEEN_PGA),
    (S.GEAGENDEERD, S.PGA),
    (S.GEAGENDEERD, S.DOORGESCHOVEN),  # melder absent, not reached
    (S.DOORGESCHOVEN, S.GEAGENDEERD),
    (S.BESPROKEN_GEEN_PGA, S.AFGESLOTEN),
    (S.PGA, S.AFGESLOTEN),  # the procesregisseur closes the dossier
    (S.INGETROKKEN, S.VERWIJDERD),
    (S.AFGESLOTEN, S.VERWIJDERD),  # retention
    (S.AFGESLOTEN, S.PGA),  # the procesregisseur reopens a closed PGA at its monitoring check
}

# Moves that would break the process; each must stay impossible.
NEVER = [
    (S.AFGEWEZEN, S.AANGEMELD),  # a rejected case is deleted, not revived
    (S.CONCEPT, S.PGA),  # nothing skips screening and the triage
    (S.CONCEPT, S.GEAGENDEERD),
    (S.AANGEMELD, S.GEAGENDEERD),  # not on an agenda without verrijking
    (S.AANGEMELD, S.PGA),
    (S.IN_VERRIJKING, S.PGA),  # only the triage decides
    (S.INGETROKKEN, S.AANGEMELD),
    (S.VERWIJDERD, S.CONCEPT),  # deleted is final
    (S.AFGESLOTEN, S.GEAGENDEERD),  # a closed case does not go back to the triage
    (S.AFGESLOTEN, S.BESPROKEN_GEEN_PGA),
    (S.PGA, S.BESPROKEN_GEEN_PGA),  # a decision is not changed by a status move
]

SCENARIOS = {
    "happy path to afgesloten (PGA)": [
        S.CONCEPT, S.AANGEMELD, S.AANVULLING_GEVRAAGD, S.AANGEMELD, S.IN_VERRIJKING, S.DOORGESCHOVEN,
        S.GEAGENDEERD, S.PGA, S.AFGESLOTEN, S.VERWIJDERD,
    ],
    "PGA reopened at monitoring, closed again": [
        S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.PGA, S.AFGESLOTEN, S.PGA, S.AFGESLOTEN,
        S.VERWIJDERD,
    ],
    "geen PGA to afgesloten": [
        S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.BESPROKEN_GEEN_PGA, S.AFGESLOTEN,
    ],
    "rejection": [S.CONCEPT, S.AANGEMELD, S.AFGEWEZEN, S.VERWIJDERD],
    "withdrawal": [S.CONCEPT, S.AANGEMELD, S.INGETROKKEN, S.VERWIJDERD],
    "concept thrown away": [S.CONCEPT, S.VERWIJDERD],
}


ALL_PAIRS = list(itertools.product(S, S))
ALLOWED_PAIRS = sorted(ALLOWED)
REFUSED_PAIRS = [pair for pair in ALL_PAIRS if pair not in ALLOWED]


def _pair_id(pair):
    return f"{pair[0].value}->{pair[1].value}"


# --- the table against the process -----------------------------------------------------------


def test_the_table_is_the_process():
    assert_table_is_the_process(CASUS_LIFECYCLE, allowed=ALLOWED, never=NEVER, scenarios=SCENARIOS)


@pytest.mark.parametrize("start", list(S), ids=lambda s: s.value)
def test_every_status_can_reach_deleted(start):
    """No case can be stuck forever: in the process, from every state some path ends in VERWIJDERD."""
    seen = {start}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for source, target in ALLOWED:
            if source == current and target not in seen:
                seen.add(target)
                queue.append(target)
    assert S.VERWIJDERD in seen


# --- casus_transition, every pair --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), ALLOWED_PAIRS, ids=[_pair_id(p) for p in ALLOWED_PAIRS])
def test_allowed_transition_moves_and_records_history(current, target):
    casus = CasusFactory(status=current)
    actor = UserFactory(voorzitter=True)
    history_before = list(casus.status_changes.values_list("pk", flat=True))
    audit_before = AuditEvent.objects.count()

    result = casus_transition(casus=casus, to=target, by=actor, reason="Getest: reden van de wijziging.")

    assert result.status == target
    assert casus.status == target  # the caller's instance follows
    assert Casus.objects.get(pk=casus.pk).status == target

    new_rows = list(StatusChange.objects.filter(casus=casus).exclude(pk__in=history_before))
    assert len(new_rows) == 1
    row = new_rows[0]
    assert row.from_status == current
    assert row.to_status == target
    assert row.by == actor
    assert row.reason == "Getest: reden van de wijziging."
    assert row.at is not None

    events = list(AuditEvent.objects.order_by("id")[audit_before:])
    assert [e.action for e in events] == [AuditAction.TRANSITION]
    assert events[0].user == actor
    assert events[0].detail == {"van": current.value, "naar": target.value}


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), REFUSED_PAIRS, ids=[_pair_id(p) for p in REFUSED_PAIRS])
def test_refused_transition_changes_nothing(current, target):
    casus = CasusFactory(status=current)
    actor = UserFactory(voorzitter=True)
    history_before = casus.status_changes.count()
    audit_before = AuditEvent.objects.count()

    with pytest.raises(TransitionNotAllowed) as excinfo:
        casus_transition(casus=casus, to=target, by=actor, reason="mag niet")

    message = str(excinfo.value)
    assert f"'{current.label}'" in message
    assert f"'{target.label}'" in message
    assert "kan niet naar" in message  # Dutch, shown to the user as is

    casus.refresh_from_db()
    assert casus.status == current
    assert casus.status_changes.count() == history_before
    assert AuditEvent.objects.count() == audit_before


# --- the history is append-only ------------------------------------------------------------------


@pytest.mark.django_db
def test_status_change_cannot_be_saved_again():
    casus = CasusFactory()
    row = casus.status_changes.get()
    row.reason = "achteraf aangepast"
    row.to_status = S.PGA
    with pytest.raises(TypeError, match="alleen worden aangevuld"):
        row.save()
    fresh = StatusChange.objects.get(pk=row.pk)
    assert fresh.reason == ""
    assert fresh.to_status == S.CONCEPT


@pytest.mark.django_db
def test_status_history_queryset_update_is_refused():
    casus = CasusFactory()
    with pytest.raises(TypeError, match="alleen worden aangevuld"):
        StatusChange.objects.filter(casus=casus).update(reason="overschreven")
    with pytest.raises(TypeError):
        casus.status_changes.update(to_status=S.PGA)
    assert casus.status_changes.get().to_status == S.CONCEPT
    assert casus.status_changes.get().reason == ""
