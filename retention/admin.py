"""Functional administration ("Beheer") of the versioned retention policy.

Only the functioneel beheerder reaches "Beheer" (participants.admin). The rules (a used version
is frozen, one active version at a time, a used version is never deleted) are those of
``zvh.core.versioning``, named for retention in ``retention.services.RETENTION_POLICIES``.
"""

from django.contrib import admin

from zvh.core.versioning import VersionedAdminMixin

from .constants import PERIOD_FIELDS
from .models import RetentionPolicy, RetentionPolicyActivation
from .services import RETENTION_POLICIES


class ActivationInline(admin.TabularInline):
    """When this version was put in force (read-only: written by "Activeren")."""

    model = RetentionPolicyActivation
    fields = ("activated_at", "activated_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(VersionedAdminMixin, admin.ModelAdmin):
    versioning = RETENTION_POLICIES
    list_display = ("version", *PERIOD_FIELDS.values(), "is_active", "in_use", "created_at")
    list_display_links = ("version",)
    fields = ("version", *PERIOD_FIELDS.values(), "motivation", "is_active", "created_at")
    inlines = (ActivationInline,)
