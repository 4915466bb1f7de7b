"""The before-erasure registry: a registered hook sees the case as it was, inside the erasure's transaction."""

import pytest

from intake import extensions
from intake.constants import CasusStatus
from intake.services.erasure import casus_erase_personal_data
from intake.tests.factories import BetrokkeneFactory, CasusFactory

pytestmark = pytest.mark.django_db


def test_a_hook_runs_before_anything_is_deleted(monkeypatch):
    seen = []
    monkeypatch.setattr(extensions, "_before_erasure", [])
    hook = lambda *, casus: seen.append((casus.status, casus.betrokkenen.count()))  # noqa: E731
    extensions.register_before_erasure(hook)
    extensions.register_before_erasure(hook)  # a second ready() registers nothing twice
    casus = CasusFactory(status=CasusStatus.CONCEPT)
    BetrokkeneFactory(casus=casus)

    casus_erase_personal_data(casus=casus, by=None, reason="Concept verwijderd.")

    assert seen == [(CasusStatus.CONCEPT, 1)]
    assert not casus.betrokkenen.exists()


def test_a_failing_hook_stops_the_erasure(monkeypatch):
    def refuse(*, casus):
        raise RuntimeError("niet vastgelegd")

    monkeypatch.setattr(extensions, "_before_erasure", [refuse])
    casus = CasusFactory(status=CasusStatus.CONCEPT)
    BetrokkeneFactory(casus=casus)
    with pytest.raises(RuntimeError):
        casus_erase_personal_data(casus=casus, by=None, reason="Concept verwijderd.")
    casus.refresh_from_db()
    assert casus.status == CasusStatus.CONCEPT and casus.betrokkenen.count() == 1
