import pytest


@pytest.fixture
def policy(db):
    """Version 1 of the retention policy as migration retention 0002 publishes it (re-created after a flush)."""
    from django.apps import apps

    from retention.models import RetentionPolicy

    module = __import__("retention.migrations.0002_default_policy_v1", fromlist=["publish"])
    module.publish(apps, None)
    return RetentionPolicy.objects.get(version=1)
