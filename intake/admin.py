"""Functional administration ("Beheer") of the versioned criteria sets.

Only the functioneel beheerder reaches "Beheer" (participants.admin). The rules (a used set is
frozen, one active set at a time, a used set is never deleted) live in intake.services.criteria;
this module only asks those functions and shows their answers.
"""

from django.contrib import admin, messages

from zvh.core.exceptions import ServiceError

from .models import CriteriaSet, Criterion
from .services import criteria as criteria_services


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = ("number", "group", "text", "question", "explanation")

    # `obj` is the criteria set: its criteria are as editable as the set itself.
    def has_add_permission(self, request, obj=None):
        return criteria_services.criteria_set_is_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return criteria_services.criteria_set_is_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return criteria_services.criteria_set_is_editable(obj) and super().has_delete_permission(request, obj)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("version", "name", "is_active", "in_use")
    list_display_links = ("version", "name")
    inlines = (CriterionInline,)
    # Activation changes other sets too, so it is an action ("Activeren"), never a checkbox.
    readonly_fields = ("is_active", "created_at")
    fields = ("version", "name", "description", "is_active", "created_at")
    actions = ("make_new_version", "activate")

    def get_queryset(self, request):
        return criteria_services.criteria_sets_with_usage()

    @admin.display(description="In gebruik", boolean=True)
    def in_use(self, obj):
        return criteria_services.criteria_set_is_used(obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {"version": criteria_services.criteria_set_next_version(), **initial}

    def get_actions(self, request):
        # Deleting goes through the change page, one set at a time, so the service can refuse it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # A used set is shown read-only, and a POST to its change page is refused (403).
    def has_change_permission(self, request, obj=None):
        return criteria_services.criteria_set_is_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = obj is None or criteria_services.criteria_set_may_delete(obj)
        return allowed and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        criteria_services.criteria_set_save(criteria_set=obj, by=request.user)

    def delete_model(self, request, obj):
        criteria_services.criteria_set_delete(criteria_set=obj, by=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not criteria_services.criteria_set_is_editable(obj):
            self.message_user(
                request,
                f"Versie {obj.version} is al gebruikt in een voortoets of aanmelding en kan daarom niet meer "
                "worden gewijzigd. Wilt u iets aanpassen? Kies in het overzicht de actie "
                "\u2018Nieuwe versie maken\u2019.",
                messages.INFO,
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    @admin.action(description="Nieuwe versie maken", permissions=["add"])
    def make_new_version(self, request, queryset):
        for criteria_set in queryset.order_by("version"):
            copy = criteria_services.criteria_set_new_version(criteria_set=criteria_set, by=request.user)
            self.message_user(
                request,
                f"Versie {copy.version} is gemaakt als kopie van versie {criteria_set.version}. "
                "Zij is nog niet actief: pas de criteria aan en kies daarna \u2018Activeren\u2019.",
                messages.SUCCESS,
            )

    @admin.action(description="Activeren", permissions=["change"])
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Kies precies één criteriaset om te activeren.", messages.ERROR)
            return
        criteria_set = queryset.get()
        try:
            criteria_services.criteria_set_activate(criteria_set=criteria_set, by=request.user)
        except ServiceError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            f"Versie {criteria_set.version} is nu actief; de andere versies zijn niet meer actief.",
            messages.SUCCESS,
        )
