"""A transition table names every state of its lifecycle, or the module that states it does not import."""

import pytest
from django.db import models

from zvh.core.transitions import TransitionTable


class Light(models.TextChoices):
    ROOD = "rood", "Rood"
    GROEN = "groen", "Groen"


def test_a_table_that_forgets_a_state_is_refused():
    with pytest.raises(ValueError, match="every state"):
        TransitionTable(states=Light, subject="Een verkeerslicht", edges={Light.ROOD: {Light.GROEN}})

