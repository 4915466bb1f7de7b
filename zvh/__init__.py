"""The ZVH case system: project package (settings, urls, Celery app, cross-cutting code)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
