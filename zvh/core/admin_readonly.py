"""Beheer pages that show what the system did (cutoff runs, recurring jobs, the outbox): read-only.

Records of what happened are never edited by hand; the job or service that made them is the
only writer, so what Beheer shows is what happened.
"""


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
