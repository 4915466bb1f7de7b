from celery import shared_task

from .facts import facts_refresh


@shared_task(name="reports.refresh_facts")
def refresh_facts() -> None:
    """Periodic: the facts of the cases changed since the last refresh, so the report page has little left to do."""
    facts_refresh()
