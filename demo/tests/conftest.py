"""The demo as `make run` loads it, for every demo test.

A browser or other transactional test that ran earlier empties the database, migration data
included, so the fixture first publishes again what the migrations publish (the Landelijk Kader,
the de-escalatiemodel, the self-reliance instrument, the retention policy); on a database that
still has them, publishing changes nothing.
"""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(settings, criteria_set, weighing_model, self_reliance_instrument, policy) -> str:
    """Load the demo; what the command printed (the accounts and what it made)."""
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()
