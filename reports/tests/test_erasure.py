"""Erasing cases changes no figure: the facts are taken just before erasure and frozen."""

import datetime
import zoneinfo

import pytest
import time_machine

from intake.constants import CasusStatus
from intake.models import Casus
from intake.services.casus import casus_transition
from intake.services.erasure import casus_erase_personal_data
from pga.models import PgaDossier
from reports.facts import facts_refresh
from reports.models import CaseFact, CheckFact
from reports.periods import Kind, Period
from reports.presentation import text_rows
from reports.selectors import report_for
from reports.tests.cases import build_spring
from retention.tasks import delete_expired
from triage.models import Bekendheidscheck

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 1)
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
PERIODS = [
    Period.containing(Kind.WEEK, datetime.date(2026, 3, 30)),
    Period.containing(Kind.MONTH, datetime.date(2026, 2, 1)),
    Period.containing(Kind.MONTH, datetime.date(2026, 3, 1)),
    Period.containing(Kind.MONTH, datetime.date(2026, 4, 1)),
    Period.containing(Kind.YEAR, datetime.date(2026, 1, 1)),
]


def status(casus) -> str:
    return Casus.objects.get(pk=casus.pk).status


def everything() -> list:
    return [
        (table.key, text_rows(table)) for period in PERIODS for table in report_for(period, today=TODAY).tables
    ]


def test_erasing_cases_leaves_the_report_identical(criteria_set):
    spring = build_spring()
    facts_refresh()
    before = everything()

    # The rejected ones, the geen-PGA case (closed first, as the lifecycle wants) and the closed PGA
    # case with its dossier and checks.
    casus_transition(casus=spring.cases["F2"], to=CasusStatus.AFGESLOTEN, by=None, reason="Geen PGA: afgesloten.")
    for label in ("D", "E", "F1", "F2"):
        casus_erase_personal_data(casus=spring.cases[label], by=None, reason="Bewaartermijn verstreken.")
    assert not PgaDossier.objects.filter(casus=spring.cases["F1"]).exists()
    assert not Bekendheidscheck.objects.filter(casus__in=[spring.cases["F1"], spring.cases["F2"]]).exists()
    assert Casus.objects.filter(status=CasusStatus.VERWIJDERD).count() == 4

    facts_refresh()
    assert everything() == before
    facts_refresh(full=True)
    assert everything() == before
    assert CaseFact.objects.filter(frozen=True).count() == 4
    assert CheckFact.objects.count() == 4


def test_a_case_erased_before_its_facts_were_taken_still_counts_once(criteria_set):
    """Snapshot on erasure also covers a case no refresh has seen yet (the report page was not opened)."""
    spring = build_spring()
    casus_erase_personal_data(casus=spring.cases["E"], by=None, reason="Afgewezen en verwijderd.")
    facts_refresh()
    march = report_for(Period.containing(Kind.MONTH, datetime.date(2026, 3, 1)), today=TODAY)
    assert text_rows(march.table("screening"))[3] == ["Afgewezen: Voldoet niet aan de criteria", "1"]
    assert text_rows(march.table("kerncijfers"))[0] == ["Aanmeldingen", "4", "3", "1"]


def test_the_nightly_retention_run_leaves_the_report_identical(criteria_set):
    """Issues 14 and 15: the retention job deletes through the same erasure, so no figure moves."""
    spring = build_spring()
    casus_transition(casus=spring.cases["F2"], to=CasusStatus.AFGESLOTEN, by=None, reason="Geen PGA: advies verstuurd.")
    facts_refresh()
    before = everything()

    # January 2032: the geen-PGA advice (March 2026) is past its 24 months and the PGA closed on
    # 16 April 2026 past its 60; the rest is still running or has no ending that starts a period.
    with time_machine.travel(datetime.datetime(2032, 1, 5, 1, 30, tzinfo=AMSTERDAM), tick=False):
        delete_expired()
        facts_refresh()
    deleted = {label for label, casus in spring.cases.items() if status(casus) == CasusStatus.VERWIJDERD}
    assert deleted == {"F1", "F2"}
    assert everything() == before
