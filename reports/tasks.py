import datetime

from celery import shared_task

from .facts import facts_refresh


@shared_task(name="reports.refresh_facts")
def refresh_facts(asked_at: str | None = None) -> None:
    """The facts of the cases changed since the last refresh: every five minutes, and when the report page asks.

    ``asked_at`` (ISO 8601) is the moment the page asked; see ``facts_refresh``.
    """
    facts_refresh(asked_at=datetime.datetime.fromisoformat(asked_at) if asked_at else None)
