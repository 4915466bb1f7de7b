"""Fixtures the casusoverleg tests share (test_overleg.py for the services, test_overleg_pages.py for the pages)."""

import datetime

import pytest
import time_machine

from participants.tests.factories import OrganisationFactory, UserFactory
from zvh.calendar.scheduling import TIMEZONE


@pytest.fixture
def overleg_clock():
    """Friday 15 January 2027, 10:00: a week before the casusoverleg of 21 January the tests plan."""
    with time_machine.travel(datetime.datetime(2027, 1, 15, 10, 0, tzinfo=TIMEZONE), tick=False):
        yield


@pytest.fixture
def politie():
    return OrganisationFactory(name="Politie Eenheid Noord")


@pytest.fixture
def agent(politie):
    """A ketenpartner of the police, the contact person the tests invite."""
    return UserFactory(ketenpartner=True, organisation=politie, email="agent@politie.example")
