"""Functional administration ("Beheer") of the de-escalatiemodel, versioned like the criteria sets.

A model version holds dimensions, and each dimension its levels. The model's page edits the
model and its dimensions (inline); each dimension's own page ("Wijzigen" in the inline) edits
its levels. Two levels of inlines do not nest in the Django admin, and a page per dimension
keeps the level descriptions readable.

The rules (a version used by a weighing is frozen, a new version copies dimensions AND levels,
one active version) are those of zvh.core.versioning, described for the de-escalatiemodel in
triage.services.weighing.WEIGHING_MODELS; this module only asks them.
"""

from django.contrib import admin

from zvh.core.admin_a11y import LabelledTabularInline
from zvh.core.versioning import VersionedAdminMixin, VersionedPartMixin, frozen_message

from .models import Dimension, DimensionLevel, WeighingModel
from .services.weighing import WEIGHING_MODELS


class DimensionInline(VersionedPartMixin, LabelledTabularInline):
    model = Dimension
    versioning = WEIGHING_MODELS
    extra = 0
    fields = ("order", "name", "description")
    # "Wijzigen" opens the dimension's own page with its levels.
    show_change_link = True


@admin.register(WeighingModel)
class WeighingModelAdmin(VersionedAdminMixin, admin.ModelAdmin):
    versioning = WEIGHING_MODELS
    list_display = ("version", "name", "pga_threshold", "max_level_escalates", "is_active", "in_use")
    list_display_links = ("version", "name")
    inlines = (DimensionInline,)
    fields = ("version", "name", "pga_threshold", "max_level_escalates", "is_active", "created_at")


class DimensionLevelInline(VersionedPartMixin, LabelledTabularInline):
    model = DimensionLevel
    versioning = WEIGHING_MODELS
    extra = 0
    fields = ("score", "label", "description")

    def version_of(self, obj):
        return obj.model


@admin.register(Dimension)
class DimensionAdmin(VersionedPartMixin, admin.ModelAdmin):
    """A dimension's own page, for its levels; reached from its model's page, not from the index.

    A used version's dimension is read-only and stays; deleting an unused draft deletes its
    dimensions too, which the admin checks against the same permission.
    """

    versioning = WEIGHING_MODELS
    inlines = (DimensionLevelInline,)
    fields = ("model", "order", "name", "description")
    readonly_fields = ("model",)
    list_display = ("name", "model", "order")
    list_select_related = ("model",)

    def version_of(self, obj):
        return obj.model

    def get_model_perms(self, request):
        # Not listed on the "Beheer" index: dimensions belong to a model version.
        return {}

    def has_add_permission(self, request):
        # A dimension is added on its model's page, so it always belongs to a version.
        return False

    def save_model(self, request, obj, form, change):
        WEIGHING_MODELS.save_part(row=obj, version=obj.model, by=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not WEIGHING_MODELS.is_editable(obj.model):
            self.message_user(request, frozen_message(WEIGHING_MODELS, obj.model))
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


# The meeting calendar's admin (meetings, cutoff runs) lives in its own module; importing it registers it.
from . import admin_meetings  # noqa: E402, F401
