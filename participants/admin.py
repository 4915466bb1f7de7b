"""Functional administration of organisations, municipalities and users (Dutch labels)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from .constants import Role
from .models import Municipality, Organisation, User
from .two_factor import two_factor_reset


def _is_functional_admin(request) -> bool:
    user = request.user
    return user.is_staff and user.is_functional_admin


# "Beheer" is for functional administrators only, whatever other staff flags a user has.
admin.site.has_permission = _is_functional_admin
# Roles are fixed groups kept by participants.roles; they are assigned on the user page.
admin.site.unregister(Group)
# django-otp's device admin can show a device's secret; a lost phone is reset on the user page.
admin.site.unregister(TOTPDevice)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "may_register", "is_active")
    list_filter = ("kind", "may_register", "is_active")
    search_fields = ("name",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "in_region", "zvh_name")
    list_filter = ("in_region",)
    search_fields = ("name", "code")


class UserAdminForm(forms.ModelForm):
    groups = forms.ModelMultipleChoiceField(
        label="Rollen",
        queryset=Group.objects.filter(name__in=Role.values).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Een gebruiker kan meerdere rollen hebben.",
    )

    class Meta:
        model = User
        fields = (
            "username", "first_name", "last_name", "email", "phone",
            "organisation", "groups", "is_active", "is_staff", "is_superuser",
        )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminForm
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation", "groups", "is_active")
    list_select_related = ("organisation",)
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoon", {"fields": ("first_name", "last_name", "email", "phone")}),
        ("Organisatie en rollen", {"fields": ("organisation", "groups")}),
        ("Toegang", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Datums", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        ("Persoon en organisatie", {"fields": ("first_name", "last_name", "email", "organisation")}),
    )
    readonly_fields = ("last_login", "date_joined")
    # Nobody hands themselves a role or more access (a beheerder with the chair's role would read
    # every case); another administrator does it, and the admin log records who.
    OWN_ACCOUNT_READONLY = ("groups", "is_staff", "is_superuser", "is_active", "organisation")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            return (*readonly, *self.OWN_ACCOUNT_READONLY)
        return readonly
    actions = ("reset_two_factor",)

    @admin.action(description="Tweestapsverificatie opnieuw laten instellen (kwijtgeraakte telefoon)")
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor_reset(user=user, by=request.user)
        self.message_user(
            request,
            f"{queryset.count()} gebruiker(s) stellen bij de volgende keer inloggen tweestapsverificatie opnieuw in.",
            messages.SUCCESS,
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not request.user.is_superuser:
            # Only a superuser hands out superuser rights.
            return [
                (name, {**opts, "fields": tuple(f for f in opts["fields"] if f != "is_superuser")})
                for name, opts in fieldsets
            ]
        return fieldsets
