"""The logbeheerder's audit log pages by key: newest first, "Oudere regels", no count of the log (issue 16)."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from participants.tests.factories import UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.services import AuditEntry, audit_record_many

pytestmark = pytest.mark.django_db


def references(response) -> list[int]:
    """The numbers of the case references on the page, top to bottom."""
    return [int(number) for number in re.findall(r"<td>ZVH-2026-(\d{5})</td>", response.content.decode())]


def older_link(response) -> str | None:
    match = re.search(r'href="\?([^"]*voor=\d+)">Oudere regels', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else None


@pytest.fixture
def log_client(client):
    client.force_login(UserFactory(logbeheerder=True))
    return client


def entries(numbers, action=AuditAction.VIEW):
    audit_record_many(
        [AuditEntry(actor=None, action=action, case_reference=f"ZVH-2026-{n:05d}") for n in numbers]
    )


def test_the_log_is_read_newest_first_fifty_at_a_time_down_to_the_oldest(log_client):
    entries(range(1, 121))
    url = reverse("audit:log")

    first = log_client.get(url)
    assert references(first) == list(range(120, 70, -1))
    assert "Nieuwste regels" not in first.content.decode()
    assert "Pagina" not in first.content.decode()  # no "page x of y": the log is not counted

    second = log_client.get(f"{url}?{older_link(first)}")
    assert references(second) == list(range(70, 20, -1))
    assert "Nieuwste regels" in second.content.decode()

    last = log_client.get(f"{url}?{older_link(second)}")
    assert references(last) == list(range(20, 0, -1))
    assert older_link(last) is None


def test_a_filtered_page_deep_in_history_keeps_its_filter(log_client):
    for block in range(3):  # 60 log-ins between view entries
        entries(range(block * 100 + 1, block * 100 + 41), action=AuditAction.VIEW)
        entries(range(block * 100 + 41, block * 100 + 61), action=AuditAction.LOGIN)
    url = reverse("audit:log")

    first = log_client.get(url, {"action": "login"})
    assert references(first) == [*range(260, 240, -1), *range(160, 140, -1), *range(60, 50, -1)]
    link = older_link(first)
    assert "action=login" in link

    deep = log_client.get(f"{url}?{link}")
    assert references(deep) == list(range(50, 40, -1))
    assert older_link(deep) is None


@pytest.mark.parametrize("voor", ["abc", "-5", "0", ""])
def test_a_meaningless_page_key_shows_the_newest_entries(log_client, voor):
    entries(range(1, 4))
    response = log_client.get(reverse("audit:log"), {"voor": voor})
    assert response.status_code == 200
    assert references(response) == [3, 2, 1]


def test_the_date_filters_take_whole_days_in_dutch_time(log_client):
    # 30 November 23:30 in Amsterdam is 22:30 UTC; 1 December 00:10 there is still 30 November in UTC.
    for moment, number in [
        (datetime(2026, 11, 29, 22, 59, tzinfo=UTC), 1),  # 29 November 23:59 in Amsterdam
        (datetime(2026, 11, 29, 23, 0, tzinfo=UTC), 2),  # 30 November 00:00
        (datetime(2026, 11, 30, 22, 30, tzinfo=UTC), 3),  # 30 November 23:30
        (datetime(2026, 11, 30, 23, 10, tzinfo=UTC), 4),  # 1 December 00:10
    ]:
        with time_machine.travel(moment, tick=False):
            entries([number])
    response = log_client.get(reverse("audit:log"), {"from_date": "2026-11-30", "to_date": "2026-11-30"})
    assert references(response) == [3, 2]


def test_the_log_is_in_order_of_moment_also_when_an_entry_was_stored_late(log_client):
    """An entry's moment is when it happened; one stored after a later one still sits below it."""
    with time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=UTC), tick=False):
        entries([2])
    with time_machine.travel(datetime(2026, 11, 30, 9, 59, tzinfo=UTC), tick=False):
        entries([1])  # stored last (highest id), happened first
    with time_machine.travel(datetime(2026, 11, 30, 10, 1, tzinfo=UTC), tick=False):
        entries([3])

    assert references(log_client.get(reverse("audit:log"))) == [3, 2, 1]


def test_entries_of_one_moment_are_paged_without_losing_or_repeating_one(log_client):
    with time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=UTC), tick=False):
        entries(range(1, 121))  # the cutoff job appends its entries in one go: one moment
    url = reverse("audit:log")

    first = log_client.get(url)
    second = log_client.get(f"{url}?{older_link(first)}")
    last = log_client.get(f"{url}?{older_link(second)}")

    assert references(first) + references(second) + references(last) == list(range(120, 0, -1))
