"""Outgoing mail: a durable outbox whose rows are sent by an idempotent Celery task."""
