"""The triage meeting's transition table against the process, written out by hand (not read from the table).

A meeting's phase follows from its status and moments; adding an edge (say afgerond ->
geannuleerd) or removing one fails here, so a change to the process is a deliberate change
to this list as well as to ``triage/meeting_lifecycle.py``.
"""


import pytest
from django.utils import timezone

from triage.constants import MeetingPhase as M
from triage.constants import MeetingStatus
from triage.meeting_lifecycle import MEETING_LIFECYCLE
from triage.models import TriageMeeting
from triage.services.lifecycle import meeting_transition
from triage.tests.meeting_factories import TriageMeetingFactory
from zvh.core.tests.transition_checks import assert_table_is_the_process
from zvh.core.transitions import TransitionNotAllowed

# Every allowed move, from the process (docs/decisions.md, "Triage calendar" and "Agenda, invitations ...").
ALLOWED = {
    (M.OPEN, M.AANMELDING_GESLOTEN),  # the Thursday 16:00 cutoff
    (M.OPEN, M.VASTGESTELD),  # an extra meeting is finalised whenever the chair is ready
    (M.OPEN, M.GEANNULEERD),
    (M.AANMELDING_GESLOTEN, M.VASTGESTELD),  # the chair finalises the agenda
    (M.AANMELDING_GESLOTEN, M.GEANNULEERD),
    (M.VASTGESTELD, M.AFGEROND),  # the chair closes the triage after its decisions
    (M.VASTGESTELD, M.GEANNULEERD),  # cancelled before any decision; the invitations are withdrawn
}

NEVER = [
    (M.AFGEROND, M.GEANNULEERD),  # a meeting with decisions is history
    (M.AFGEROND, M.VASTGESTELD),
    (M.GEANNULEERD, M.OPEN),  # a cancelled meeting is not revived (its date stays cancelled)
    (M.VASTGESTELD, M.OPEN),  # a sent agenda is a promise: no more cases bound to it
    (M.VASTGESTELD, M.AANMELDING_GESLOTEN),
    (M.OPEN, M.AFGEROND),  # no triage without a finalised agenda
    (M.AANMELDING_GESLOTEN, M.AFGEROND),
]

SCENARIOS = {
    "a regular week": [M.OPEN, M.AANMELDING_GESLOTEN, M.VASTGESTELD, M.AFGEROND],
    "an extra meeting": [M.OPEN, M.VASTGESTELD, M.AFGEROND],
    "cancelled after the agenda was sent": [M.OPEN, M.AANMELDING_GESLOTEN, M.VASTGESTELD, M.GEANNULEERD],
    "cancelled ahead": [M.OPEN, M.GEANNULEERD],
}


def test_the_table_is_the_process():
    assert_table_is_the_process(MEETING_LIFECYCLE, allowed=ALLOWED, never=NEVER, scenarios=SCENARIOS)


@pytest.mark.django_db
def test_the_phase_follows_the_moments_recorded_on_the_meeting():
    meeting = TriageMeetingFactory()
    assert meeting.phase == M.OPEN
    meeting_transition(meeting=meeting, to=M.AANMELDING_GESLOTEN, intake_closed_at=timezone.now())
    meeting_transition(meeting=meeting, to=M.VASTGESTELD, agenda_finalised_at=timezone.now())
    meeting_transition(meeting=meeting, to=M.AFGEROND, closed_at=timezone.now())
    assert TriageMeeting.objects.get(pk=meeting.pk).phase == M.AFGEROND


@pytest.mark.django_db
def test_a_closed_meeting_cannot_be_cancelled_and_nothing_changes():
    meeting = TriageMeetingFactory(intake_closed_at=timezone.now(), agenda_finalised_at=timezone.now())
    meeting_transition(meeting=meeting, to=M.AFGEROND, closed_at=timezone.now())
    with pytest.raises(TransitionNotAllowed) as refused:
        meeting_transition(meeting=meeting, to=M.GEANNULEERD, status=MeetingStatus.GEANNULEERD)
    assert str(refused.value) == "Een triagevergadering met status 'Afgerond' kan niet naar 'Geannuleerd'."
    assert TriageMeeting.objects.get(pk=meeting.pk).status == MeetingStatus.GEPLAND


@pytest.mark.django_db
def test_moments_that_do_not_make_the_phase_asked_for_are_a_programming_error():
    meeting = TriageMeetingFactory()
    with pytest.raises(ValueError, match="not to"):
        meeting_transition(meeting=meeting, to=M.VASTGESTELD, intake_closed_at=timezone.now())
    assert TriageMeeting.objects.get(pk=meeting.pk).intake_closed_at is None
