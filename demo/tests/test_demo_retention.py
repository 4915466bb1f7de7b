"""The demo shows retention at work: two withdrawn cases due within 30 days, one kept longer, and dates elsewhere."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import Casus
from participants.models import User
from retention.constants import EndingKind
from retention.models import RetentionExtension
from retention.schedule import schedule_of

pytestmark = pytest.mark.django_db


def test_the_chair_finds_the_withdrawn_demo_cases_on_the_list_one_of_them_extended(client, demo):
    withdrawn = Casus.objects.filter(status=CasusStatus.INGETROKKEN)
    assert withdrawn.count() == 2
    extension = RetentionExtension.objects.get()
    assert extension.casus in withdrawn
    assert extension.created_by.username == "voorzitter"
    assert extension.new_date == extension.previous_date + datetime.timedelta(days=14)

    client.force_login(User.objects.get(username="voorzitter"))
    due = client.get(reverse("retention:due")).context["due"]
    assert sorted(row.reference for row in due) == sorted(withdrawn.values_list("reference", flat=True))
    assert [row.is_extended for row in due if row.casus_id == extension.casus_id] == [True]
    today = timezone.localdate()
    assert all(today < row.deletion_date <= today + datetime.timedelta(days=30) for row in due)


def test_the_geen_pga_case_has_its_date_two_years_after_the_advice(demo):
    closed = Casus.objects.get(status=CasusStatus.AFGESLOTEN, pga_dossier__isnull=True)
    schedule = schedule_of(closed)
    assert schedule.kind == EndingKind.GEEN_PGA
    assert schedule.deletion_date.year == schedule.ended_on.year + 2
