"""Beheer: the self-reliance instrument, versioned like the de-escalatiemodel (read-only once used)."""

from django.contrib import admin

from zvh.core.versioning import VersionedAdminMixin, VersionedPartMixin

from .models import SelfRelianceInstrument, SelfRelianceLevel
from .services.progress import INSTRUMENTS


class SelfRelianceLevelInline(VersionedPartMixin, admin.TabularInline):
    model = SelfRelianceLevel
    versioning = INSTRUMENTS
    extra = 0


@admin.register(SelfRelianceInstrument)
class SelfRelianceInstrumentAdmin(VersionedAdminMixin, admin.ModelAdmin):
    versioning = INSTRUMENTS
    list_display = ("version", "name", "is_active", "in_use")
    list_display_links = ("version", "name")
    fields = ("version", "name", "is_active", "created_at")
    inlines = [SelfRelianceLevelInline]
