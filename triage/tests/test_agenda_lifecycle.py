"""The agenda item's transition table against the process, written out by hand (not read from the table).

Adding an edge (say besproken -> geagendeerd) or removing one fails here, so a change to the
process is a deliberate change to this list as well as to ``triage/agenda_lifecycle.py``.
"""


import pytest

from triage.agenda_lifecycle import AGENDA_ITEM_LIFECYCLE
from triage.constants import AgendaItemStatus as A
from triage.models import AgendaItem
from triage.services.lifecycle import agenda_item_transition, agenda_items_transition
from triage.tests.meeting_factories import AgendaItemFactory
from zvh.core.tests.transition_checks import assert_table_is_the_process
from zvh.core.transitions import TransitionNotAllowed

# Every allowed move, from the process (docs/decisions.md, "Agenda, invitations and the triage itself").
ALLOWED = {
    (A.GEBONDEN, A.GEAGENDEERD),  # finalising gives a ready case its slot
    (A.GEBONDEN, A.DOORGESCHOVEN),  # no slot left, not screened yet, or the meeting was cancelled
    (A.GEBONDEN, A.VERVALLEN),  # withdrawn or rejected before finalising
    (A.GEAGENDEERD, A.BESPROKEN),  # the triage decided geen PGA or PGA
    (A.GEAGENDEERD, A.DOORGESCHOVEN),  # not discussed, or the finalised meeting was cancelled
}

NEVER = [
    (A.BESPROKEN, A.GEAGENDEERD),  # a decision is not undone by a status move
    (A.BESPROKEN, A.DOORGESCHOVEN),
    (A.DOORGESCHOVEN, A.GEBONDEN),  # a case that moved on gets a new item in the next meeting
    (A.DOORGESCHOVEN, A.GEAGENDEERD),
    (A.VERVALLEN, A.GEBONDEN),  # a lapsed case is not revived
    (A.GEBONDEN, A.BESPROKEN),  # nothing is discussed without a slot on a finalised agenda
    (A.GEAGENDEERD, A.VERVALLEN),  # a case on a sent agenda gets a decision
]

SCENARIOS = {
    "bound, on the agenda, discussed": [A.GEBONDEN, A.GEAGENDEERD, A.BESPROKEN],
    "bound, on the agenda, not discussed": [A.GEBONDEN, A.GEAGENDEERD, A.DOORGESCHOVEN],
    "bound, no slot": [A.GEBONDEN, A.DOORGESCHOVEN],
    "bound, withdrawn meanwhile": [A.GEBONDEN, A.VERVALLEN],
}


def test_the_table_is_the_process():
    assert_table_is_the_process(AGENDA_ITEM_LIFECYCLE, allowed=ALLOWED, never=NEVER, scenarios=SCENARIOS)


@pytest.mark.django_db
def test_a_refused_move_of_one_item_changes_nothing():
    item = AgendaItemFactory(status=A.BESPROKEN)
    with pytest.raises(TransitionNotAllowed) as refused:
        agenda_item_transition(item=item, to=A.GEAGENDEERD, position=1)
    assert str(refused.value) == "Een agendapunt met status 'Besproken' kan niet naar 'Geagendeerd'."
    assert AgendaItem.objects.values_list("status", "position").get(pk=item.pk) == (A.BESPROKEN, None)


@pytest.mark.django_db
def test_a_bulk_move_is_refused_as_a_whole_when_one_row_may_not_move():
    bound = AgendaItemFactory()
    discussed = AgendaItemFactory(status=A.BESPROKEN)
    with pytest.raises(TransitionNotAllowed, match="'Besproken' kan niet naar 'Vervallen"):
        agenda_items_transition(item_ids=[bound.pk, discussed.pk], to=A.VERVALLEN)
    assert set(AgendaItem.objects.values_list("status", flat=True)) == {A.GEBONDEN, A.BESPROKEN}

    assert agenda_items_transition(item_ids=[bound.pk], to=A.VERVALLEN) == 1
    assert AgendaItem.objects.get(pk=bound.pk).status == A.VERVALLEN
