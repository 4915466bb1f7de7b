"""Functional administration ("Beheer") of the versioned criteria sets.

Only the functioneel beheerder reaches "Beheer" (participants.admin). The rules (a used set is
frozen, one active set at a time, a used set is never deleted) live in intake.services.criteria
(on zvh.core.versioning); the mixins only ask those and show their answers.
"""

from django.contrib import admin

from zvh.core.versioning import VersionedAdminMixin, VersionedPartMixin

from .models import CriteriaSet, Criterion
from .services.criteria import CRITERIA_SETS


class CriterionInline(VersionedPartMixin, admin.StackedInline):
    model = Criterion
    versioning = CRITERIA_SETS
    extra = 0
    fields = ("number", "group", "text", "question", "explanation")


@admin.register(CriteriaSet)
class CriteriaSetAdmin(VersionedAdminMixin, admin.ModelAdmin):
    versioning = CRITERIA_SETS
    list_display = ("version", "name", "is_active", "in_use")
    list_display_links = ("version", "name")
    inlines = (CriterionInline,)
    fields = ("version", "name", "description", "is_active", "created_at")
