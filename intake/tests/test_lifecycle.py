"""The casus lifecycle: the transition table and `casus_transition`, pair by pair.

Every (from, to) pair over CasusStatus x CasusStatus is tried on a real case in the `from`
state. An allowed move changes the status and appends exactly one history row; a refused
move raises a Dutch `TransitionNotAllowed` and leaves status, history and audit log as they
were.

The pairs here come from the table, because this file tests the mechanics of a move; which
moves the table holds is pinned by hand against the process in ``test_lifecycle_process.py``.
"""

import itertools
from collections import deque

import pytest

from intake.constants import CasusStatus
from intake.lifecycle import TRANSITIONS, TransitionNotAllowed, allowed_targets
from intake.models import Casus, StatusChange
from intake.services import casus_transition
from intake.tests.factories import CasusFactory
from participants.tests.factories import UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent

S = CasusStatus
ALL_PAIRS = list(itertools.product(S, S))
ALLOWED_PAIRS = [(a, b) for a, b in ALL_PAIRS if b in TRANSITIONS[a]]
REFUSED_PAIRS = [(a, b) for a, b in ALL_PAIRS if b not in TRANSITIONS[a]]


def _pair_id(pair):
    return f"{pair[0].value}->{pair[1].value}"


# --- the table itself ------------------------------------------------------------------------


def test_every_status_is_a_key_of_the_table():
    assert set(TRANSITIONS) == set(S)


def test_every_target_is_a_known_status():
    for current, targets in TRANSITIONS.items():
        for target in targets:
            assert S(target) in set(S), (current, target)


def test_deleted_is_terminal():
    assert TRANSITIONS[S.VERWIJDERD] == frozenset()
    assert allowed_targets(S.VERWIJDERD) == frozenset()


def test_no_status_moves_to_itself():
    for status in S:
        assert status not in TRANSITIONS[status]


@pytest.mark.parametrize("start", list(S), ids=lambda s: s.value)
def test_every_status_can_reach_deleted(start):
    """No case can be stuck forever: from every state some path ends in VERWIJDERD."""
    seen = {start}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for target in TRANSITIONS[current]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert S.VERWIJDERD in seen


def test_the_pairs_cover_the_whole_product():
    # Guard against the parametrisation silently testing nothing.
    assert len(ALL_PAIRS) == len(S) ** 2
    assert len(ALLOWED_PAIRS) == sum(len(t) for t in TRANSITIONS.values())
    assert ALLOWED_PAIRS and REFUSED_PAIRS


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
