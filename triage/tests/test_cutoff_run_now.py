"""Running the cutoff by hand: "Cutoff nu uitvoeren" in Beheer and ``manage.py run_cutoff``.

Both go through the job beat runs (``triage.close_intake``): only cutoffs that have passed and
were not processed, once; audited with who asked and how. Moments are Europe/Amsterdam.
"""

from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from intake.services import casus_submit
from intake.tests.factories import CasusFactory
from participants.tests.factories import UserFactory
from triage.constants import AgendaItemStatus
from triage.models import AgendaItem, CutoffRun
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.jobs.constants import JobOutcome
from zvh.jobs.models import JobRecord

pytestmark = pytest.mark.django_db

RUN_NOW_URL = "/beheer/triage/cutoffrun/nu-uitvoeren/"
THURSDAY_1605 = datetime(2026, 12, 3, 16, 5, tzinfo=TIMEZONE)


@pytest.fixture
def waiting_casus():
    """Submitted on Tuesday 1 December: due at the cutoff of Thursday 3 December 16:00."""
    with time_machine.travel(datetime(2026, 12, 1, 11, 0, tzinfo=TIMEZONE), tick=False):
        concept = CasusFactory()
        return casus_submit(casus=concept, by=concept.melder)


def bound_meeting_dates() -> list[date]:
    return list(AgendaItem.objects.filter(status=AgendaItemStatus.GEBONDEN).values_list("meeting__date", flat=True))


def manual_run_events():
    return AuditEvent.objects.filter(detail__gebeurtenis__startswith="taak_handmatig").order_by("seq", "pk")


def test_beheer_runs_the_cutoff_once_and_a_second_click_changes_nothing(beheer_client, waiting_casus):
    with time_machine.travel(THURSDAY_1605, tick=False):
        beheer_client.force_login(beheer_client.user)
        first = beheer_client.post(RUN_NOW_URL, follow=True)
        second = beheer_client.post(RUN_NOW_URL, follow=True)

    assert first.redirect_chain == [(reverse("admin:triage_cutoffrun_changelist"), 302)]
    assert "1 cutoff(s) verwerkt, 1 casus(sen) aan een triage gebonden" in first.content.decode()
    assert "Er was geen cutoff te verwerken" in second.content.decode()
    assert "De volgende cutoff is op 10-12-2026 om 16:00" in second.content.decode()
    assert list(CutoffRun.objects.values_list("cutoff_at", "bound_count")) == [
        (datetime(2026, 12, 3, 16, 0, tzinfo=TIMEZONE), 1)
    ]
    assert bound_meeting_dates() == [date(2026, 12, 10)]

    events = list(manual_run_events())
    assert [(e.detail["gebeurtenis"], e.detail["via"], e.user) for e in events] == [
        ("taak_handmatig_gestart", "beheer", beheer_client.user),
        ("taak_handmatig_uitgevoerd", "beheer", beheer_client.user),
    ] * 2
    assert events[1].detail["aantallen"] == {"cutoffs": 1, "gebonden": 1}
    assert events[3].detail["aantallen"] == {"cutoffs": 0, "gebonden": 0}
    # The run is on the list of recurring jobs like beat's.
    record = JobRecord.objects.get(task="triage.close_intake")
    assert (record.last_outcome, record.last_summary, record.run_count) == (
        JobOutcome.OK,
        {"cutoffs": 0, "gebonden": 0},
        2,
    )


def test_before_thursday_1600_running_it_closes_nothing(beheer_client, waiting_casus):
    with time_machine.travel(datetime(2026, 12, 3, 15, 0, tzinfo=TIMEZONE), tick=False):
        beheer_client.force_login(beheer_client.user)
        response = beheer_client.post(RUN_NOW_URL, follow=True)
    assert "Er was geen cutoff te verwerken" in response.content.decode()
    assert "De volgende cutoff is op 03-12-2026 om 16:00" in response.content.decode()
    assert not CutoffRun.objects.exists()


def test_the_button_is_on_the_cutoff_list_and_a_get_runs_nothing(beheer_client, waiting_casus):
    page = beheer_client.get(reverse("admin:triage_cutoffrun_changelist")).content.decode()
    assert f'action="{RUN_NOW_URL}"' in page and "Cutoff nu uitvoeren" in page
    with time_machine.travel(THURSDAY_1605, tick=False):
        beheer_client.force_login(beheer_client.user)
        assert beheer_client.get(RUN_NOW_URL).status_code == 405
    assert not CutoffRun.objects.exists()


@pytest.mark.parametrize("trait", ["voorzitter", "melder", "regisseur", "logbeheerder"])
def test_other_roles_cannot_run_it(client, waiting_casus, trait):
    user = UserFactory(**{trait: True}, is_staff=True)
    with time_machine.travel(THURSDAY_1605, tick=False):
        client.force_login(user)
        response = client.post(RUN_NOW_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not CutoffRun.objects.exists()
    assert not manual_run_events().exists()


def test_the_command_runs_the_cutoff_once_and_is_audited(waiting_casus):
    out = StringIO()
    with time_machine.travel(THURSDAY_1605, tick=False):
        call_command("run_cutoff", stdout=out)
        call_command("run_cutoff", stdout=out)

    assert out.getvalue().splitlines() == [
        "1 cutoff(s) verwerkt, 1 casus(sen) aan een triage gebonden. De volgende cutoff is op 10-12-2026 om 16:00.",
        "Er was geen cutoff te verwerken: elke verstreken cutoff is al verwerkt. "
        "De volgende cutoff is op 10-12-2026 om 16:00.",
    ]
    assert CutoffRun.objects.count() == 1
    assert bound_meeting_dates() == [date(2026, 12, 10)]
    events = list(manual_run_events())
    assert [(e.detail["via"], e.user, e.username) for e in events] == [("manage.py run_cutoff", None, "systeem")] * 4


def test_a_failing_run_says_so_and_the_command_exits_with_an_error(waiting_casus, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr("triage.meeting_tasks.cutoff_close_intake", broken)
    with time_machine.travel(THURSDAY_1605, tick=False), pytest.raises(CommandError, match="fout: RuntimeError"):
        call_command("run_cutoff")
    assert JobRecord.objects.get(task="triage.close_intake").last_outcome == JobOutcome.FAILED
    assert manual_run_events().last().detail["gelukt"] is False
