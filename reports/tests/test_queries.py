"""What the report page costs: the same few queries for ten facts and for thousands, for every period (issue 16).

Measured like ``tests/test_list_query_counts.py``: the first page after logging in, so the
session's sliding expiry (a write at most once a minute, not the page's) is not in the count.
The facts are bulk-inserted straight into the fact tables (what the page counts); the case
whose change the page must pick up is a real one, made by the case factories.
"""

import datetime
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.tests.factories import CasusFactory
from participants.constants import OrganisationKind
from participants.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from pga.constants import ActionStatus, InformingStatus
from reports.facts import facts_refresh
from reports.models import ActionFact, AgendaFact, CaseFact, CheckFact, ScreeningFact
from reports.tests.cases import at, build_spring
from triage.constants import AgendaItemStatus, DecisionOutcome, RejectionCategory, ScreeningOutcome
from triage.tests.meeting_factories import TriageMeetingFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("reports:report")
MAX_QUERIES = 12
#: Written out so a change is noticed. The page: the session, and the user with their organisation
#: and roles; when the facts were refreshed and whether a case changed since (two reads); every
#: count of every table (one UNION ALL) and every median and 90th percentile (one more). Asking a
#: worker for a refresh is a message to the broker, not a query.
EXPECTED_QUERIES = 6
#: The worker's run, not the page's: the refresh (16: in a savepoint, the refresh row read twice
#: to lock it, the EXISTS, a DELETE and an INSERT ... SELECT per fact table, the new moment) and
#: the job's record (7: made on this first run).
EXPECTED_REFRESH_QUERIES = 23
DAY = datetime.timedelta(days=1)

#: Every kind of period, from three days to the longest custom range the form allows (ten years).
PERIODS = {
    "week": {"periode": "week", "datum": "2026-03-11"},
    "maand": {"periode": "maand", "datum": "2026-03-11"},
    "kwartaal": {"periode": "kwartaal", "datum": "2026-03-11"},
    "jaar": {"periode": "jaar", "datum": "2026-03-11"},
    "drie dagen": {"periode": "aangepast", "van": "2026-03-09", "tot": "2026-03-11"},
    "tien jaar": {"periode": "aangepast", "van": "2017-01-02", "tot": "2026-12-31"},
}


class Facts:
    """Organisations, municipalities, procesregisseurs and held meetings, and facts about them all through 2026.

    ``grow(n, groups)`` adds facts until every fact table has ``n`` rows, spread over ``groups``
    organisations, municipalities and procesregisseurs and one meeting a week.
    """

    def __init__(self):
        self.organisations, self.municipalities, self.regisseurs, self.meetings = [], [], [], []
        self.rows = 0

    def _groups(self, groups: int) -> None:
        kinds = OrganisationKind.values
        for n in range(len(self.organisations), groups):
            self.organisations.append(OrganisationFactory(name=f"Partner {n:03d}", kind=kinds[n % len(kinds)]))
            self.municipalities.append(MunicipalityFactory(name=f"Gemeente {n:03d}"))
            self.regisseurs.append(UserFactory(regisseur=True, first_name="Regisseur", last_name=f"{n:03d}"))
        for week in range(len(self.meetings), min(groups, 52)):
            self.meetings.append(TriageMeetingFactory(date=datetime.date(2026, 1, 1) + week * 7 * DAY))

    def grow(self, rows: int, groups: int) -> None:
        self._groups(groups)
        new = range(self.rows, rows)
        cases = {n: uuid.uuid4() for n in new}

        def pick(items: list, n: int):
            return items[n % len(items)]

        def moment(n: int) -> datetime.datetime:
            return datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.UTC) + (n % 360) * DAY

        CaseFact.objects.bulk_create(
            CaseFact(
                casus_id=cases[n],
                submitted_at=moment(n),
                organisation=pick(self.organisations, n),
                organisation_kind=pick(self.organisations, n).kind,
                municipality=pick([*self.municipalities, None], n),
                precheck_positive=pick([True, False, None], n),
                screened_at=moment(n) + DAY,
                to_screening=DAY,
                triage_decided_at=moment(n) + 10 * DAY,
                triage_outcome=DecisionOutcome.PGA,
                to_triage=10 * DAY,
                pga_started_at=moment(n) + 10 * DAY,
                to_pga=10 * DAY,
                pga_closed_at=pick([None, moment(n) + 40 * DAY], n),
                pga_duration=pick([None, 30 * DAY], n),
                procesregisseur=pick(self.regisseurs, n),
                informing_status=pick(InformingStatus.values, n),
                informing_due=moment(n).date() + 20 * DAY,
            )
            for n in new
        )
        ScreeningFact.objects.bulk_create(
            ScreeningFact(
                decision_id=n,
                casus_id=cases[n],
                decided_at=moment(n) + DAY,
                outcome=pick(ScreeningOutcome.values, n),
                rejection_category=RejectionCategory.CRITERIA if n % 3 == 2 else "",
            )
            for n in new
        )
        AgendaFact.objects.bulk_create(
            AgendaFact(
                item_id=n,
                casus_id=cases[n],
                meeting_id=pick(self.meetings, n).pk,
                meeting_date=pick(self.meetings, n).date,
                had_slot=n % 4 != 0,
                status=pick([AgendaItemStatus.BESPROKEN, AgendaItemStatus.DOORGESCHOVEN], n),
                decision_outcome=pick(DecisionOutcome.values, n),
            )
            for n in new
        )
        CheckFact.objects.bulk_create(
            CheckFact(
                check_id=n,
                casus_id=cases[n],
                organisation=pick(self.organisations, n),
                requested_at=moment(n) + 2 * DAY,
                response_time=pick([None, DAY, 3 * DAY], n),
                reminders=n % 3,
            )
            for n in new
        )
        ActionFact.objects.bulk_create(
            ActionFact(
                action_id=n,
                casus_id=cases[n],
                organisation=pick(self.organisations, n),
                due_date=moment(n).date() + 20 * DAY,
                status=pick(ActionStatus.values, n),
                done_on=moment(n).date() + 15 * DAY if n % 5 == 2 else None,
            )
            for n in new
        )
        self.rows = rows


def page(client, user, params: dict) -> tuple[list[str], object]:
    """The queries of one load of the page, just after logging in, and the response."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE, params)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries], response


def key_figure(response, label: str) -> int:
    return next(row[1] for row in response.context["report"].table("kerncijfers").rows if row[0] == label)


def test_the_page_costs_the_same_few_queries_for_few_and_many_facts_and_every_period(client):
    user = UserFactory(rapportage=True)
    facts_refresh()  # as the worker left it: nothing changed since
    facts = Facts()

    def counts(rows: int) -> dict[str, list[str]]:
        queries = {}
        for name, params in PERIODS.items():
            queries[name], response = page(client, user, params)
            if name == "jaar":  # what the page shows grows with the facts, so it cannot be an empty page
                report = response.context["report"]
                assert key_figure(response, "Aanmeldingen") == rows
                assert len(report.table("pga-regisseurs").rows) == len(facts.regisseurs)
                assert len(report.table("capaciteit").rows) == len(facts.meetings)
        return queries

    facts.grow(10, groups=2)
    few = counts(10)
    facts.grow(3000, groups=40)
    many = counts(3000)

    sizes = {name: len(queries) for name, queries in few.items()}
    assert max(sizes.values()) <= MAX_QUERIES, "\n".join(few["jaar"])
    assert {name: len(queries) for name, queries in many.items()} == sizes
    assert set(sizes.values()) == {EXPECTED_QUERIES}


def test_a_change_since_the_last_refresh_is_counted_once_the_refresh_the_page_asked_for_has_run(
    client, criteria_set, django_capture_on_commit_callbacks
):
    """The page does not write: it asks a worker to refresh the facts and says so; the next load counts the change."""
    march = {"periode": "maand", "datum": "2026-03-01"}
    user = UserFactory(rapportage=True)
    build_spring()
    with time_machine.travel(at(5, 1, 8), tick=False):
        facts_refresh()
    with time_machine.travel(at(5, 1, 9), tick=False):
        queries, response = page(client, user, march)
    assert len(queries) == EXPECTED_QUERIES
    assert key_figure(response, "Aanmeldingen") == 4
    assert "Stand van de cijfers: 01-05-2026 10:00." in response.content.decode()

    with time_machine.travel(at(5, 1, 10), tick=False):
        CasusFactory(submitted=True, submitted_at=at(3, 10, 10))  # a late registration of March
    with time_machine.travel(at(5, 1, 11), tick=False):
        with django_capture_on_commit_callbacks() as asked:
            queries, response = page(client, user, march)
    assert len(queries) == EXPECTED_QUERIES <= MAX_QUERIES
    assert key_figure(response, "Aanmeldingen") == 4
    assert "Er zijn wijzigingen van na dat moment; die worden nu verwerkt." in response.content.decode()
    assert len(asked) == 1

    with time_machine.travel(at(5, 1, 11, 1), tick=False):
        with CaptureQueriesContext(connection) as refresh:
            asked[0]()  # the worker's run (Celery runs tasks eagerly in the tests)
    assert len(refresh) == EXPECTED_REFRESH_QUERIES

    with time_machine.travel(at(5, 1, 11, 2), tick=False):
        with django_capture_on_commit_callbacks() as asked:
            queries, response = page(client, user, march)
    assert len(queries) == EXPECTED_QUERIES
    assert key_figure(response, "Aanmeldingen") == 5
    assert "Stand van de cijfers: 01-05-2026 13:01." in response.content.decode()
    assert "wijzigingen van na dat moment" not in response.content.decode()
    assert asked == []
