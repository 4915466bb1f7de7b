"""Shared fixtures. Tests run against the database from DATABASE_URL: SQLite locally, PostgreSQL in CI."""

import pytest
from django.db import connection


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Vereist PostgreSQL (draait in CI via .ci/run).")


@pytest.fixture
def criteria_set(db):
    """The Landelijk Kader as published by migration intake 0004 (re-created after a flush)."""
    from django.apps import apps

    from intake.models import CriteriaSet

    module = __import__("intake.migrations.0004_landelijk_kader_v1", fromlist=["publish"])
    module.publish(apps, None)
    return CriteriaSet.objects.get(version=1)


@pytest.fixture
def weighing_model(db):
    """The de-escalatiemodel as published by migration triage 0002 (re-created after a flush)."""
    from django.apps import apps

    from triage.models import WeighingModel

    module = __import__("triage.migrations.0002_deescalatiemodel_v1", fromlist=["publish"])
    module.publish(apps, None)
    return WeighingModel.objects.get(version=1)


@pytest.fixture
def self_reliance_instrument(db):
    """The self-reliance instrument as published by migration pga 0004 (re-created after a flush)."""
    from django.apps import apps

    from pga.models import SelfRelianceInstrument

    module = __import__("pga.migrations.0004_zelfredzaamheid_v1", fromlist=["publish"])
    module.publish(apps, None)
    return SelfRelianceInstrument.objects.get(version=1)


@pytest.fixture
def beheer_client(client):
    """The test client logged in as a functioneel beheerder ("Beheer"), who is `beheer_client.user`.

    Not pytest-django's `admin_client`: that is a superuser, who would pass checks the role fails.
    """
    from participants.tests.factories import UserFactory

    client.user = UserFactory(beheerder=True)
    client.force_login(client.user)
    return client


@pytest.fixture
def policy(db):
    """Version 1 of the retention policy as migration retention 0002 publishes it (re-created after a flush)."""
    from django.apps import apps

    from retention.models import RetentionPolicy

    module = __import__("retention.migrations.0002_default_policy_v1", fromlist=["publish"])
    module.publish(apps, None)
    return RetentionPolicy.objects.get(version=1)
