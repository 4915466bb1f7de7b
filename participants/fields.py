from django.conf import settings
from django.db import models


def actor_field(verbose_name: str, *, optional: bool = False, **kwargs) -> models.ForeignKey:
    """The professional who did something to a case (asked, answered, decided, weighed).

    PROTECT: who acted must stay known for accountability, so such a user is deactivated,
    never deleted. related_name="+": nothing navigates from a user to everything they did.
    `optional` for acts that have not happened yet (an answer still open).
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="+",
        null=optional,
        blank=optional,
        **kwargs,
    )
