"""`generate_volume` run small: the counts asked for, legal histories, real BSNs, a valid audit log, pages."""

import datetime
import io
import os
import subprocess
import sys
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from stdnum.nl import bsn as stdnum_bsn

from intake.lifecycle import CASUS_LIFECYCLE
from intake.models import Betrokkene, Casus, StatusChange
from intake.models.casus import bsn_digest
from participants.models import Organisation, User
from pga.models import PgaDossier
from triage.models import AgendaItem, TriageDecision, TriageMeeting
from triage.services.cutoff import cutoffs_pending
from zvh.audit.models import AuditEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# Monday 30 November 2026 09:00 UTC: the next triage is Thursday 3 December.
NOW = datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def published(postgres_only, criteria_set, weighing_model):
    """PostgreSQL only (COPY); what the migrations publish and the generator reads, again after a flush."""


@pytest.fixture
def volume(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.log"
    output = io.StringIO()
    call_command("generate_volume", cases=2000, audit_rows=20000, seed=7, now=NOW, stdout=output)
    return output.getvalue()


def test_counts_as_asked(volume):
    assert Casus.objects.count() == 2000
    assert Organisation.objects.count() == 60
    assert TriageMeeting.objects.count() == 500
    assert AuditEvent.objects.count() == 20000
    # One melder organisation holds 5% of the cases (5,000 of 100,000 at full size).
    biggest = Casus.objects.filter(organisation__name="Politie Volume-Nederland").count()
    assert biggest == 100
    assert User.objects.get(username="vol-melder").organisation.name == "Politie Volume-Nederland"
    # The whole process is there: decisions, dossiers, and cases still on their way.
    assert TriageDecision.objects.filter(outcome="pga").count() == PgaDossier.objects.count() > 0
    assert TriageDecision.objects.filter(outcome="geen_pga").exists()
    assert Casus.objects.filter(status="verwijderd").exists()
    assert Casus.objects.filter(status="afgesloten").exists()
    assert PgaDossier.objects.filter(closed_at__isnull=True).exists()
    assert "Klaar in" in volume


def test_every_history_is_a_legal_path_ending_in_the_status(volume):
    histories = defaultdict(list)
    for change in StatusChange.objects.order_by("at", "id"):
        histories[change.casus_id].append(change)
    assert len(histories) == 2000
    statuses = dict(Casus.objects.values_list("id", "status"))
    lengths = []
    for casus_id, changes in histories.items():
        assert (changes[0].from_status, changes[0].to_status) == ("", "concept")
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.to_status in CASUS_LIFECYCLE.edges[after.from_status], (casus_id, before, after)
        assert changes[-1].to_status == statuses[casus_id]
        lengths.append(len(changes))
    # A decided case went through about ten moves.
    assert max(lengths) >= 9


def test_betrokkenen_carry_valid_encrypted_bsns_and_their_hash(volume):
    betrokkenen = list(Betrokkene.objects.all()[:50])
    assert betrokkenen
    for betrokkene in betrokkenen:
        assert stdnum_bsn.is_valid(betrokkene.bsn)
        assert betrokkene.bsn_hash == bsn_digest(betrokkene.bsn)
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn FROM intake_betrokkene WHERE id = %s", [betrokkenen[0].pk])
        stored = cursor.fetchone()[0]
    assert betrokkenen[0].bsn not in stored  # encrypted in the database
    # An erased case keeps no betrokkenen.
    assert not Betrokkene.objects.filter(casus__status="verwijderd").exists()


def test_one_active_agenda_item_per_case_and_the_coming_meeting_is_bound(volume):
    coming = TriageMeeting.objects.get(date=datetime.date(2026, 12, 3))
    assert coming.intake_closed_at is not None
    assert AgendaItem.objects.filter(meeting=coming, status="gebonden").exists()
    # The Thursday job has processed every cutoff up to now (Thursday 26 November 16:00).
    assert cutoffs_pending(now=NOW) == []
    assert cutoffs_pending(now=datetime.datetime(2026, 12, 3, 15, 1, tzinfo=datetime.UTC)) == [
        datetime.datetime(2026, 12, 3, 16, tzinfo=ZoneInfo("Europe/Amsterdam"))
    ]


def test_audit_log_verifies(volume):
    output = io.StringIO()
    call_command("audit_verify", stdout=output)
    assert "Auditlog is intact" in output.getvalue()


@pytest.mark.django_db(transaction=True)
def test_audit_rows_written_by_two_processes_verify_and_do_not_depend_on_the_process_count(settings, tmp_path):
    """Committed data (a transactional test): the two forked writers each see it, as at full size.

    The command runs as its own process, as an operator starts it: forked from the test process,
    the writers would inherit the sockets of connections other threads hold (a browser test's
    live server), which a PostgreSQL server then sees used twice.
    """
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.log"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zvh.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
    }
    command = ["generate_volume", "--cases", "300", "--audit-rows", "4000", "--seed", "3",
               "--now", NOW.isoformat(), "--processes", "2"]  # fmt: skip
    done = subprocess.run([sys.executable, "manage.py", *command], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    output = io.StringIO()
    call_command("audit_verify", stdout=output)
    assert "Auditlog is intact" in output.getvalue()
    assert AuditEvent.objects.count() == 4000
    first_ids = list(AuditEvent.objects.order_by("id").values_list("id", "chain", "seq")[:9])
    # Ids follow time over all chains: chain 0, 1, ..., 7, then chain 0 again.
    assert [(chain, seq) for _, chain, seq in first_ids] == [(c, 1) for c in range(8)] + [(0, 2)]
    times = list(AuditEvent.objects.order_by("id").values_list("at", flat=True))
    assert times == sorted(times)


def test_refuses_a_database_with_cases(volume):
    with pytest.raises(CommandError, match="al casussen"):
        call_command("generate_volume", cases=10, audit_rows=10, stdout=io.StringIO())


LIST_PAGES = [
    ("vol-melder", "intake:my_cases"),
    ("vol-voorzitter", "triage:screening"),
    ("vol-voorzitter", "triage:verrijking_list"),
    ("vol-voorzitter", "triage:overview"),
    ("vol-regisseur", "pga:my_dossiers"),
    ("vol-logbeheerder", "audit:log"),
]


def test_pages_render_for_the_generated_users(volume, client):
    for username, page in LIST_PAGES:
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse(page)).status_code == 200, page
    chair = User.objects.get(username="vol-voorzitter")
    client.force_login(chair)
    waiting = Casus.objects.filter(status="in_verrijking").first()
    assert client.get(reverse("triage:verrijking", args=[waiting.pk])).status_code == 200
    meeting = TriageMeeting.objects.filter(closed_at__isnull=False).order_by("-date").first()
    assert client.get(reverse("triage:meeting_agenda", args=[meeting.pk])).status_code == 200
    dossier = PgaDossier.objects.filter(closed_at__isnull=True).select_related("procesregisseur").first()
    client.force_login(dossier.procesregisseur)
    assert client.get(reverse("pga:dossier", args=[dossier.casus_id])).status_code == 200
    client.force_login(dossier.casus.melder)
    assert client.get(reverse("intake:casus_detail", args=[dossier.casus_id])).status_code == 200
