"""Benchmark: the busiest pages with a year's worth of cases, timed and counted.

Not part of the test run (the file name does not match ``test_*.py``); run it with
``make bench`` (SQLite) or ``DATABASE_URL=postgres://... make bench``. It prints a table of
median response times and query counts; the goals below are what a busy professional should
never wait longer than on a laptop-class machine. A page that misses its goal fails the run,
so a slow change shows up as a red benchmark, never as a flaky unit test.
"""

import datetime
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import Betrokkene, Casus
from participants.constants import OrganisationKind
from participants.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from triage.constants import AgendaItemStatus
from triage.models import AgendaItem
from triage.tests.meeting_factories import TriageMeetingFactory

pytestmark = pytest.mark.django_db

CASES = 5_000  # about two years of registrations for a large region
ROUNDS = 5
GOAL_SECONDS = 0.5  # median server time per page, including every query


@pytest.fixture
def world():
    """CASES submitted cases of one organisation, spread over the states a chair sees every week."""
    politie = OrganisationFactory(name="Politie", kind=OrganisationKind.POLITIE)
    melder = UserFactory(melder=True, organisation=politie)
    chair = UserFactory(voorzitter=True)
    municipality = MunicipalityFactory()
    meeting = TriageMeetingFactory(
        date=timezone.localdate() + datetime.timedelta(days=5), intake_closed_at=timezone.now()
    )
    states = [CasusStatus.AANGEMELD, CasusStatus.IN_VERRIJKING, CasusStatus.AFGESLOTEN, CasusStatus.PGA]
    now = timezone.now()
    cases = Casus.objects.bulk_create(
        Casus(
            reference=f"ZVH-2026-{n:05d}",
            status=states[n % len(states)],
            organisation=politie,
            melder=melder,
            submitted_at=now - datetime.timedelta(hours=n),
            target_triage_date=meeting.date,
        )
        for n in range(1, CASES + 1)
    )
    Betrokkene.objects.bulk_create(
        Betrokkene(casus=casus, first_names="Jan", surname=f"Jansen{i}", municipality=municipality)
        for i, casus in enumerate(cases)
    )
    ready = [casus for casus in cases if casus.status == CasusStatus.IN_VERRIJKING][:200]
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, casus=casus, status=AgendaItemStatus.GEBONDEN) for casus in ready
    )
    return {"melder": melder, "chair": chair, "meeting": meeting}


def measure(client, url: str) -> tuple[float, int]:
    """Median seconds over ROUNDS requests, and the queries of one request."""
    client.get(url)  # warm up caches and the connection
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), len(queries)


def test_busy_pages_stay_fast(client, world, capsys):
    pages = {
        "melder": [("Mijn aanmeldingen", reverse("intake:my_cases"))],
        "chair": [
            ("Screening (wachtrij)", reverse("triage:screening")),
            ("Verrijking (lijst)", reverse("triage:verrijking_list")),
            ("Triage-overzicht", reverse("triage:overview")),
            ("Agenda, 200 klaar voor 4 slots", reverse("triage:meeting_agenda", args=[world["meeting"].pk])),
        ],
    }
    rows = []
    for role, role_pages in pages.items():
        client.force_login(world[role])
        for name, url in role_pages:
            seconds, queries = measure(client, url)
            rows.append((name, seconds, queries))
    with capsys.disabled():
        print(f"\n{CASES} casussen, mediaan van {ROUNDS} verzoeken ({connection.vendor})")
        for name, seconds, queries in rows:
            print(f"  {name:<34} {seconds * 1000:7.1f} ms  {queries:3d} queries")
    slow = [name for name, seconds, _ in rows if seconds > GOAL_SECONDS]
    assert not slow, f"Langzamer dan {GOAL_SECONDS} s: {slow}"
